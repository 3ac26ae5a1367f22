"""Units of work outside a step's hot path, with the database's errors translated.

- `writing(engine)`: one write transaction. On SQLite it takes the write lock at
  once (``BEGIN IMMEDIATE``) and waits at most the configured busy timeout for
  it (`DatabaseBusy` after that); on PostgreSQL it is an ordinary transaction.
  A driver error becomes `DatabaseFailed` (nothing written), or
  `OutcomeUnknown` when PostgreSQL's connection was lost during COMMIT.
- `reading(engine)`: a read-only connection. On SQLite it begins a deferred
  transaction, which in WAL mode never waits for a writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from storage.errors import database_error

__all__ = ["READ_OPTION", "reading", "writing"]

READ_OPTION = "alur_read_only"  # execution option seen by storage.db's BEGIN listener


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    committing = False
    try:
        with engine.begin() as conn:
            yield conn
            committing = True
    except DBAPIError as exc:
        sent = committing and engine.dialect.name == "postgresql"
        raise database_error(str(engine.url), exc, write_sent=sent) from exc


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    try:
        with engine.connect() as conn:
            yield conn.execution_options(**{READ_OPTION: True})
    except DBAPIError as exc:
        raise database_error(str(engine.url), exc) from exc
