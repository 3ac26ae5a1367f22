"""Opening the database, for every face: only `alur db upgrade` may create one.

Every command but `alur db upgrade`, and the web app, refuse a SQLite file that does not
exist (so a typo or another folder never opens a new, empty database that staff would read
as lost cases), a URL alur cannot use, and a database whose schema is not the newest
(`app.schema_version`). SQLAlchemy and storage are imported when a database is opened, not
with this module: the command line imports it at start-up.

A SQLite file that alur may not write, or whose folder it may not write (read-only media, a
share mounted read-only, a locked-down folder), is opened read-only (`read_only_uri`): what
only reads works, and a write fails as the database's failure (exit 5) saying the database
can only be read, with nothing written. In WAL mode SQLite reads through a `-shm` file
beside the database; where that folder cannot be written it cannot make one, so the file is
opened `immutable` there (nobody can be writing it either).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import DatabaseBroken, DatabaseMissing, DatabaseUrlInvalid
from app.output import database_reason
from app.settings import hide_password

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine

__all__ = ["open_database", "parse_database_url", "read_only_uri", "sqlite_file", "writable"]

_SUPPORTED = "pakai sqlite:///BERKAS atau postgresql+psycopg://PENGGUNA@HOST/NAMA"


def parse_database_url(url: str) -> URL:
    """The URL, if it names a database alur can use (SQLite file or PostgreSQL)."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlInvalid(hide_password(url), f"bukan URL basis data; {_SUPPORTED}") from exc
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise DatabaseUrlInvalid(
            hide_password(url), f"jenis basis data tidak didukung; {_SUPPORTED}"
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise DatabaseUrlInvalid(hide_password(url), "sebutkan berkas SQLite: sqlite:///BERKAS")
    return parsed


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL."""
    return Path(url.database or "") if url.get_backend_name() == "sqlite" else None


def open_database(url: str, *, create: bool = False, make_folder: bool = False) -> Engine:
    """An Engine for `url`, its schema checked to be the newest. A SQLite file must exist
    unless `create` (then `make_folder` makes its folder too: the per-user data folder)."""
    from storage.db import connect
    from storage.errors import DatabaseUnavailable

    parsed = parse_database_url(url)
    path = sqlite_file(parsed)
    if path is not None and not path.exists():
        if not create:
            raise DatabaseMissing(str(path))
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
    if path is not None and path.is_dir():
        raise DatabaseUrlInvalid(str(path), "ini sebuah folder, bukan berkas")
    if path is not None and path.exists() and not writable(path):
        engine = _read_only(path)
    else:
        try:
            engine = connect(parsed.render_as_string(hide_password=False), migrate=False)
        except DatabaseUnavailable as exc:
            reason = database_reason(exc.reason)
            raise DatabaseUnavailable(hide_password(exc.url), reason) from exc
    from app.schema_version import ensure_current

    ensure_current(engine)
    return engine


def writable(path: Path) -> bool:
    """Whether alur may write the SQLite file `path` and the files SQLite keeps beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_only_uri(path: Path) -> str:
    """The SQLite URI that reads `path` and writes nothing: `mode=ro`, and `immutable=1` where
    its folder cannot be written, unless a `-wal` file there still holds changes (immutable
    would not read them)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = path.with_name(f"{path.name}-wal")
    if not os.access(path.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        uri += "&immutable=1"
    return uri


def _read_only(path: Path) -> Engine:
    """An Engine reading `path` through `read_only_uri`; each transaction a deferred BEGIN,
    as `storage.db` does for reads, so a read sees one instant of the database."""
    import sqlite3

    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import OperationalError

    from storage.db import busy_timeout

    uri, timeout = read_only_uri(path), busy_timeout()

    def opened() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
        conn.isolation_level = None  # BEGIN comes from the listener below
        return conn

    engine = create_engine(f"sqlite:///{path}", creator=opened)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        reason = database_reason(str(exc.orig))
        raise DatabaseBroken(str(path), f"{reason} (lokasinya hanya dapat dibaca)") from exc
    return engine
