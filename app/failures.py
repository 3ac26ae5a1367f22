"""The failures a face tells apart, from every layer under `app/`, in one place.

The faces reach storage only through `app/`; a face that must answer "not found",
"busy, retry" or "outcome unknown" differently from other failures imports those classes
from here rather than from `storage.errors`.
"""

from __future__ import annotations

from storage.errors import (
    DatabaseBusy,
    DatabaseFailed,
    DatabaseUnavailable,
    OutcomeUnknown,
    StorageError,
    UnknownCase,
)

__all__ = [
    "DatabaseBusy",
    "DatabaseFailed",
    "DatabaseUnavailable",
    "OutcomeUnknown",
    "StorageError",
    "UnknownCase",
]
