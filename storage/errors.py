"""Errors raised by storage.

StorageError
├── DatabaseUnavailable   the URL cannot be reached or opened (exit code 2)
└── UnknownCase           no case has this reference (exit code 2)
"""

from __future__ import annotations

__all__ = ["DatabaseUnavailable", "StorageError", "UnknownCase"]


class StorageError(Exception):
    exit_code = 1


class DatabaseUnavailable(StorageError):
    exit_code = 2

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        safe = url.split("@")[-1] if "@" in url else url
        super().__init__(f"basis data {safe} tidak dapat dibuka: {reason}")


class UnknownCase(StorageError):
    exit_code = 2

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(f"permohonan {ref!r} tidak ditemukan")
