"""A consistent copy of a SQLite database while it is in use (SQLite's online backup API)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.errors import AppError

__all__ = ["BackupRefused", "backup_sqlite"]


class BackupRefused(AppError):
    def __init__(self, target: Path, reason: str) -> None:
        self.target, self.reason = target, reason
        super().__init__(f"cadangan {target} tidak dibuat: {reason}")


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy `source` to the new file `target` page by page; returns the number of pages.

    Writers may keep working meanwhile: the copy is the database as of one instant. An
    existing target is never overwritten; a failed copy leaves no target file behind."""
    if target.exists():
        raise BackupRefused(target, "berkas itu sudah ada")
    if not target.parent.is_dir():
        raise BackupRefused(target, f"folder {target.parent} tidak ada")
    from storage.db import read_only_uri

    src = sqlite3.connect(read_only_uri(source), uri=True)  # on read-only media too
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
        finally:
            dst.close()
    except sqlite3.Error:
        target.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    return pages
