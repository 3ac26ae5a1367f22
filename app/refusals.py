"""What a face answers when a use case refuses: the HTTP status and the one line to show.

The one mapping for the pages and the HTTP API. The same exceptions give the command line
its exit codes (`app.errors.ExitCode`); here they map onto HTTP: bad input 422 (the pages
answer a form's refusal with 400), an unknown case 404 (another institution's case is
unknown to the asker, never "forbidden", so nothing leaks), not permitted 403, conflict or
a busy database 409, a failed database 503 (nothing written), an unknown outcome 504
(retry with the same request id). Database failures never show a path or an address.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import SQLAlchemyError

from app.errors import AppError, DatabaseBroken, ExitCode, NotFound
from app.failures import (
    DatabaseBusy,
    DatabaseFailed,
    DatabaseUnavailable,
    OutcomeUnknown,
    StorageError,
    UnknownCase,
)
from app.output import database_failure, database_reason
from engine.errors import EngineError
from sla.errors import SlaError
from workflows.errors import WorkflowError

__all__ = ["REFUSALS", "refusal"]

REFUSALS = (AppError, EngineError, StorageError, WorkflowError, SlaError, SQLAlchemyError)
"""The exception classes whose instances are refusals with a message, not faults."""

_BY_EXIT_CODE = {
    ExitCode.BAD_INPUT: 422,
    ExitCode.NOT_PERMITTED: 403,
    ExitCode.CONFLICT: 409,
    ExitCode.DATABASE_FAILED: 503,
    ExitCode.OUTCOME_UNKNOWN: 504,
}


def _status(exc: Exception) -> int | None:
    if isinstance(exc, UnknownCase | NotFound):
        return 404
    if isinstance(exc, DatabaseBusy):
        return 409
    if isinstance(exc, DatabaseUnavailable):
        return 503
    if isinstance(exc, AppError | EngineError | StorageError):
        return _BY_EXIT_CODE.get(ExitCode(exc.exit_code), 503)
    if isinstance(exc, WorkflowError | SlaError):
        return 422
    if isinstance(exc, SQLAlchemyError | sqlite3.Error):
        return 503
    return None


def _detail(exc: Exception, status: int) -> str:
    if isinstance(exc, OutcomeUnknown):
        retry = (
            "ulangi permintaan yang sama dengan Idempotency-Key yang sama (aman diulang)"
            if exc.request_id
            else "periksa riwayat permohonan sebelum mengulang"
        )
        lost = "hubungan ke basis data terputus setelah perubahan dikirim"
        return f"{lost}: hasilnya tidak pasti; {retry}"
    if isinstance(exc, DatabaseBusy):
        return "basis data sedang sibuk, coba lagi; tidak ada yang tercatat"
    if isinstance(exc, DatabaseFailed | DatabaseUnavailable | DatabaseBroken):
        # the reason in staff's words, never the database's address or file path
        return f"basis data gagal: {database_reason(exc.reason)}; tidak ada yang tercatat"
    reason = database_failure(exc)
    if reason is not None:
        return f"basis data gagal: {reason}; tidak ada yang tercatat"
    return " ".join(str(exc).split()) or f"galat {status}"


def refusal(exc: Exception, *, bad_input: int = 422) -> tuple[int, str] | None:
    """(HTTP status, message) for alur's own errors; None for anything else (a fault).
    `bad_input` is the status of a refused input (the pages answer a form with 400)."""
    status = _status(exc)
    if status is None:
        return None
    return (bad_input if status == 422 else status), _detail(exc, status)
