"""Errors raised by storage.

StorageError
├── DatabaseUnavailable   the URL cannot be reached or opened (exit code 2)
├── DatabaseBusy          SQLite's write lock was not free in time; nothing written (exit code 4)
├── DatabaseFailed        the database failed; nothing was written (exit code 5)
├── OutcomeUnknown        the connection failed after a write was sent: it may have
│                         committed; retry with the same request id (exit code 6)
└── UnknownCase           no case has this reference (exit code 2)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DatabaseBusy",
    "DatabaseFailed",
    "DatabaseUnavailable",
    "OutcomeUnknown",
    "StorageError",
    "UnknownCase",
    "database_error",
]


class StorageError(Exception):
    exit_code = 1


class DatabaseUnavailable(StorageError):
    exit_code = 2

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"basis data {_safe(url)} tidak dapat dibuka: {reason}")


def _safe(url: str) -> str:
    return url.split("@")[-1] if "@" in url else url


class DatabaseBusy(StorageError):
    exit_code = 4

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"basis data {_safe(url)} sedang sibuk, coba lagi; tidak ada yang tercatat"
        )


class DatabaseFailed(StorageError):
    exit_code = 5

    def __init__(self, url: str, reason: str, *, duplicate_request: bool = False) -> None:
        self.url, self.reason = url, reason
        # the write lost a race to a concurrent request carrying the same idempotency key
        self.duplicate_request = duplicate_request
        super().__init__(f"basis data {_safe(url)} gagal: {reason}; tidak ada yang tercatat")


class OutcomeUnknown(StorageError):
    """The write was sent but its answer was lost: it may or may not have committed."""

    exit_code = 6

    def __init__(self, url: str, reason: str, request_id: str | None = None) -> None:
        self.url, self.reason, self.request_id = url, reason, request_id
        retry = (
            f"ulangi perintah yang sama dengan --request-id {request_id} (aman diulang: "
            "yang sudah tercatat tidak dicatat dua kali)"
            if request_id
            else "periksa riwayat permohonan sebelum mengulang"
        )
        super().__init__(
            f"hubungan ke basis data {_safe(url)} terputus setelah perubahan dikirim "
            f"({reason}): hasilnya tidak pasti; {retry}"
        )

    def with_request(self, request_id: str | None) -> OutcomeUnknown:
        return OutcomeUnknown(self.url, self.reason, request_id)


class UnknownCase(StorageError):
    exit_code = 2

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(f"permohonan {ref!r} tidak ditemukan")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def database_error(url: str, exc: BaseException, *, write_sent: bool = False) -> StorageError:
    """The StorageError for a driver error `exc` (or SQLAlchemy's wrapper of one).

    `write_sent`: the error came while a write was on its way or its answer was
    awaited, so it may have committed, unless the server itself reported the error.
    """
    orig: Any = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlite_errorname", None) in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return DatabaseBusy(url)
    server_reported = getattr(orig, "sqlstate", None) is not None
    if write_sent and not server_reported:
        return OutcomeUnknown(url, _first_line(orig))
    text = str(orig)
    duplicate = "request_id" in text and (
        "23505" == getattr(orig, "sqlstate", None) or "UNIQUE" in text
    )
    return DatabaseFailed(url, _first_line(orig), duplicate_request=duplicate)
