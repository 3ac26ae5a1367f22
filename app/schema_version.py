"""Whether a database's schema is at the newest migration, without loading Alembic.

Every command checks this before it works; loading Alembic to do so costs about 0.2 s. The
newest revision is read from the migration files' `revision = "…"` and `down_revision = "…"`
lines; when that reading is not conclusive (several heads, an unusual file) or the database
is behind, `storage.db.upgrade` runs Alembic itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from storage.db import MIGRATIONS, upgrade

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["ensure_current", "newest_revision"]

_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*[\"']?([\w-]+)", re.MULTILINE)


@lru_cache(maxsize=1)
def newest_revision() -> str | None:
    """The one revision no other migration builds on; None if there is not exactly one."""
    revisions: set[str] = set()
    built_on: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        built_on.add(found.get("down_revision", "None"))
    heads = revisions - built_on
    return heads.pop() if len(heads) == 1 else None


def _current(engine: Engine) -> str | None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no such table yet: a new database
        return None
    return rows[0][0] if len(rows) == 1 else None


def ensure_current(engine: Engine) -> None:
    """Bring the schema to the newest migration; cheap when it already is."""
    newest = newest_revision()
    if newest is None or _current(engine) != newest:
        upgrade(engine)
