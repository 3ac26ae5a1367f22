"""Errors raised by storage.

StorageError
├── DatabaseUnavailable   the URL cannot be reached or opened (exit code 2)
├── DatabaseFailed        the database failed during a step; nothing was written (exit code 5)
└── UnknownCase           no case has this reference (exit code 2)
"""

from __future__ import annotations

__all__ = ["DatabaseFailed", "DatabaseUnavailable", "StorageError", "UnknownCase"]


class StorageError(Exception):
    exit_code = 1


class DatabaseUnavailable(StorageError):
    exit_code = 2

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"basis data {_safe(url)} tidak dapat dibuka: {reason}")


def _safe(url: str) -> str:
    return url.split("@")[-1] if "@" in url else url


class DatabaseFailed(StorageError):
    exit_code = 5

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"basis data {_safe(url)} gagal: {reason}; tidak ada yang tercatat")


class UnknownCase(StorageError):
    exit_code = 2

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(f"permohonan {ref!r} tidak ditemukan")
