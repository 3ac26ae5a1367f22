"""Connecting to the database and bringing its schema up to date.

SQLite (the default) runs in WAL mode with foreign keys on and `synchronous=FULL`;
every write transaction starts with ``BEGIN IMMEDIATE`` so that two writers
queue on the lock instead of failing half-way; a writer waits for the lock at most
``ALUR_SQLITE_BUSY_TIMEOUT`` seconds (default 5), then gives up with
`DatabaseBusy`. Read-only connections (`storage.transactions.reading`) begin a
deferred transaction and never wait for a writer.

PostgreSQL is reached through psycopg 3 with safe limits, each overridable by the
same name in the URL's query string (e.g. ``?connect_timeout=10``):
`connect_timeout` 5 s, `statement_timeout` 30 s and `lock_timeout` 10 s (as server
options), TCP keepalives after 30 s idle every 10 s, 3 probes, and
`tcp_user_timeout` 30 s (a server that stops acknowledging what was sent).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url
from sqlalchemy.exc import OperationalError

from storage.errors import DatabaseBusy, DatabaseUnavailable
from storage.transactions import READ_OPTION

if TYPE_CHECKING:  # alembic is imported when a migration check runs: it costs 0.2 s
    from alembic.config import Config

__all__ = ["busy_timeout", "connect", "connect_read_only", "read_only_uri", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_ENV = "ALUR_SQLITE_BUSY_TIMEOUT"
POSTGRES_DEFAULTS = {
    "connect_timeout": "5",
    "keepalives": "1",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
    "tcp_user_timeout": "30000",
}
POSTGRES_SERVER_OPTIONS = {"statement_timeout": "30s", "lock_timeout": "10s"}


def busy_timeout() -> float:
    """Seconds a SQLite writer waits for the lock (`ALUR_SQLITE_BUSY_TIMEOUT`, default 5)."""
    try:
        return max(0.0, float(os.environ.get(BUSY_TIMEOUT_ENV, "5")))
    except ValueError:
        return 5.0


def _sqlite_pragmas(timeout: float) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.close()

    return on_connect


class _WriterQueue:
    """The writers of one process queue here before SQLite's write lock.

    SQLite's busy handler makes a waiting writer sleep in growing steps (up to 100 ms),
    so under a burst of writes from several threads (web workers) a write that takes
    3 ms can wait a second. Waiting on a lock of the process instead hands the write
    lock on at once; other processes still meet at SQLite's lock and its busy timeout.
    The lock is taken at BEGIN IMMEDIATE and given back when the connection returns to
    the pool, after its COMMIT or ROLLBACK has finished."""

    def __init__(self, timeout: float) -> None:
        self.lock = threading.Lock()
        self.timeout = timeout

    def begin(self, conn: Any) -> None:
        read_only = conn.get_execution_options().get(READ_OPTION)
        if read_only:
            conn.exec_driver_sql("BEGIN")
            return
        info = conn.connection.info  # the pooled connection's own, as the checkin sees it
        if not info.get(_HOLDS):
            if not self.lock.acquire(timeout=self.timeout):
                raise DatabaseBusy(str(conn.engine.url))
            info[_HOLDS] = True
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    def release(self, _dbapi_conn: Any, record: Any, *_: Any) -> None:
        if record is not None and record.info.pop(_HOLDS, False):
            self.lock.release()


_HOLDS = "alur_holds_writer_lock"


def _postgres_args(query: Any) -> dict[str, Any]:
    """psycopg connection arguments: the safe defaults, unless the URL names them."""
    args: dict[str, Any] = {k: v for k, v in POSTGRES_DEFAULTS.items() if k not in query}
    options = [f"-c {k}={v}" for k, v in POSTGRES_SERVER_OPTIONS.items() if k not in query]
    if options and "options" not in query:
        args["options"] = " ".join(options)
    return args


def connect(url: str, *, migrate: bool = True) -> Engine:
    """An Engine for `url`, its schema upgraded to the newest migration."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            if not folder.is_dir():
                raise DatabaseUnavailable(url, f"folder {folder} does not exist")
        timeout = busy_timeout()
        engine = create_engine(url, connect_args={"timeout": timeout})
        event.listen(engine, "connect", _sqlite_pragmas(timeout))
        writers = _WriterQueue(timeout)
        event.listen(engine, "begin", writers.begin)
        event.listen(engine.pool, "checkin", writers.release)
        event.listen(engine.pool, "invalidate", writers.release)
    else:
        engine = create_engine(url, connect_args=_postgres_args(parsed.query))
    _reachable(engine, url)
    if migrate:
        upgrade(engine)
    return engine


def read_only_uri(path: Path) -> str:
    """The SQLite URI that reads `path` and writes nothing: `mode=ro`, and `immutable=1` where
    its folder cannot be written (SQLite could not make the `-shm` file WAL mode reads
    through), unless a `-wal` file there still holds changes (immutable would not read them)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = path.with_name(f"{path.name}-wal")
    if not os.access(path.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        uri += "&immutable=1"
    return uri


def connect_read_only(path: Path) -> Engine:
    """An Engine that only reads the SQLite file `path` (read-only media, a share mounted
    read-only, a locked-down folder): each transaction a deferred BEGIN, as reads are on
    `connect`'s engines, so a read sees one instant of the database; a write fails with
    SQLite's own "readonly database" error. `DatabaseUnavailable` if it cannot be read."""
    import sqlite3

    uri, timeout = read_only_uri(path), busy_timeout()

    def opened() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
        conn.isolation_level = None  # BEGIN comes from the listener below
        return conn

    engine = create_engine(f"sqlite:///{path}", creator=opened)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    _reachable(engine, str(path))
    return engine


def _reachable(engine: Engine, url: str) -> None:
    """Open one connection of `engine` now, so that an unreachable or unreadable database
    is `DatabaseUnavailable` here rather than at the first use."""
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseUnavailable(url, str(exc.orig).strip().splitlines()[0]) from exc


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
