"""Opening the database, for every face: only `alur db upgrade` may create one.

Every command but `alur db upgrade`, and the web app, refuse a SQLite file that does not
exist (so a typo or another folder never opens a new, empty database that staff would read
as lost cases), a URL alur cannot use, and a database whose schema is not the newest
(`app.schema_version`). SQLAlchemy and storage are imported when a database is opened, not
with this module: the command line imports it at start-up.

A SQLite file that alur may not write, or whose folder it may not write (read-only media, a
share mounted read-only, a locked-down folder), is opened read-only
(`storage.db.connect_read_only`): what only reads works, and a write fails as the
database's failure (exit 5) saying the database can only be read, with nothing written.
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

__all__ = ["open_database", "parse_database_url", "sqlite_file", "writable"]

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
        from storage.db import connect_read_only

        try:
            engine = connect_read_only(path)
        except DatabaseUnavailable as exc:
            reason = database_reason(exc.reason)
            raise DatabaseBroken(str(path), f"{reason} (lokasinya hanya dapat dibaca)") from exc
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
