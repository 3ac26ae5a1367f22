"""Connecting to the database and bringing its schema up to date.

SQLite (the default) runs in WAL mode with foreign keys on and `synchronous=FULL`;
every write transaction starts with ``BEGIN IMMEDIATE`` so that two writers
queue on the lock instead of failing half-way. PostgreSQL is reached through
psycopg 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url
from sqlalchemy.exc import OperationalError

from storage.errors import DatabaseUnavailable

if TYPE_CHECKING:  # alembic is imported when a migration check runs: it costs 0.2 s
    from alembic.config import Config

__all__ = ["connect", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def connect(url: str, *, migrate: bool = True) -> Engine:
    """An Engine for `url`, its schema upgraded to the newest migration."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            if not folder.is_dir():
                raise DatabaseUnavailable(url, f"folder {folder} does not exist")
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseUnavailable(url, str(exc.orig).strip().splitlines()[0]) from exc
    if migrate:
        upgrade(engine)
    return engine


def _config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Run the Alembic migrations up to head (a no-op when up to date)."""
    if "alembic_version" in inspect(engine).get_table_names() and _at_head(engine):
        return
    from alembic import command

    command.upgrade(_config(engine), "head")


def _at_head(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config(engine)).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() == head
