"""The database for a long-running face (the web app): opened once, never created.

Like every command but `alur db upgrade`, it refuses a SQLite file that does not exist,
and a database whose schema is not the newest (`app.schema_version`).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, make_url

from app.errors import DatabaseMissing
from app.schema_version import ensure_current
from storage.db import connect

__all__ = ["open_database"]


def open_database(url: str) -> Engine:
    """An Engine for `url` (a SQLite file that exists, or PostgreSQL), schema checked."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database or "").is_file():
            raise DatabaseMissing(str(parsed.database))
    engine = connect(url, migrate=False)
    ensure_current(engine)
    return engine
