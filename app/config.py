"""Where alur finds its database."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATABASE_FILE = "alur.db"
ENV_DATABASE_URL = "ALUR_DATABASE_URL"


def database_url(explicit: str | None = None) -> str:
    """The database URL: `--db`, else `ALUR_DATABASE_URL`, else `alur.db` in the current directory.

    A bare file path is accepted and turned into an SQLite URL.
    """
    url = explicit or os.environ.get(ENV_DATABASE_URL) or DEFAULT_DATABASE_FILE
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    return url
