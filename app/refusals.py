"""What a face answers when a use case refuses: the HTTP status and the one line to show.

The same exceptions give the command line its exit codes (`app.errors.ExitCode`); here
they map onto HTTP: bad input 400, an unknown case or person 404 (another institution's
case is unknown to the asker, never "forbidden", so nothing leaks), not permitted 403,
conflict 409, a busy or failed database 503.
"""

from __future__ import annotations

from app.errors import AppError, ExitCode
from app.staff import UnknownStaff
from engine.errors import EngineError
from storage.errors import StorageError, UnknownCase
from workflows.errors import WorkflowError

__all__ = ["REFUSALS", "refusal"]

REFUSALS = (AppError, EngineError, StorageError, WorkflowError)
"""The exception classes whose instances are refusals with a message, not faults."""

_STATUS = {
    ExitCode.BAD_INPUT: 400,
    ExitCode.NOT_PERMITTED: 403,
    ExitCode.CONFLICT: 409,
    ExitCode.DATABASE_FAILED: 503,
    ExitCode.OUTCOME_UNKNOWN: 503,
}


def refusal(exc: Exception) -> tuple[int, str] | None:
    """(HTTP status, message) for alur's own errors; None for anything else (a fault)."""
    if isinstance(exc, UnknownCase | UnknownStaff):
        return 404, str(exc)
    if isinstance(exc, WorkflowError):
        return 400, str(exc)
    if isinstance(exc, AppError | EngineError | StorageError):
        return _STATUS.get(ExitCode(int(exc.exit_code)), 500), str(exc)
    return None
