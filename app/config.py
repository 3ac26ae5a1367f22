"""Where alur finds its database: kept for callers of `database_url`; see `app.settings`."""

from __future__ import annotations

from app.settings import ENV_DATABASE_URL, load_settings

__all__ = ["ENV_DATABASE_URL", "database_url"]


def database_url(explicit: str | None = None) -> str:
    """The database URL in force: `--db`, `ALUR_DATABASE_URL`, the settings file, the default."""
    return load_settings(explicit).database_url
