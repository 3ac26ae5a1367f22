"""Units of work outside a step's hot path, with the database's errors translated.

- `writing(engine)`: one write transaction. On SQLite it takes the write lock at
  once (``BEGIN IMMEDIATE``) and waits at most the configured busy timeout for
  it (`DatabaseBusy` after that); on PostgreSQL it is an ordinary transaction.
  A driver error becomes `DatabaseFailed` (nothing written), or
  `OutcomeUnknown` when PostgreSQL's connection was lost during COMMIT.
  With ``durable=False`` the commit does not wait for the disk (SQLite
  ``synchronous=NORMAL`` for that transaction, PostgreSQL ``synchronous_commit
  off``): what it wrote survives the death of the process at once, and a crash
  of the machine or the server once the next durable commit or checkpoint has
  run (a fraction of a second later); before that, such a crash may lose it.
  Only for records that may be lost that way (a delivery's result: a lost one
  means the message is sent again, under the same key).
- `reading(engine)`: a read-only connection. On SQLite it begins a deferred
  transaction, which in WAL mode never waits for a writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from storage.errors import database_error

__all__ = ["READ_OPTION", "reading", "writing"]

READ_OPTION = "alur_read_only"  # execution option seen by storage.db's BEGIN listener


@contextmanager
def writing(engine: Engine, *, durable: bool = True) -> Iterator[Connection]:
    committing = False
    try:
        with engine.connect() as conn, _durability(conn, durable), conn.begin():
            if not durable and conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            yield conn
            committing = True
    except DBAPIError as exc:
        sent = committing and engine.dialect.name == "postgresql"
        raise database_error(str(engine.url), exc, write_sent=sent) from exc


@contextmanager
def _durability(conn: Connection, durable: bool) -> Iterator[None]:
    """SQLite's commit safety for the next transaction: it can only change outside one."""
    if durable or conn.dialect.name != "sqlite":
        yield
        return
    driver: Any = conn.connection.driver_connection
    driver.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        driver.execute("PRAGMA synchronous=FULL")  # the setting of every connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    try:
        with engine.connect() as conn:
            yield conn.execution_options(**{READ_OPTION: True})
    except DBAPIError as exc:
        raise database_error(str(engine.url), exc) from exc
