"""Printing for the CLI: tables with rich, JSON for tools, one-line errors.

Every failure prints one line, ``galat: …``, and exits with a code from the table in
`app.errors` (2 bad input, 3 not permitted, 4 conflict, 5 database failed): the exception
classes carry their own `exit_code`. This module is imported by every command, so it imports
only light modules; rich and the SLA package are loaded when first needed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from app.errors import AppError, ExitCode
from engine.errors import Conflict, EngineError
from storage.errors import OutcomeUnknown, StorageError
from workflows.errors import WorkflowError

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "WIDE_HELP",
    "TableFormat",
    "TextFormat",
    "console",
    "database_failure",
    "database_reason",
    "fail",
    "handled",
    "now",
    "parse_instant",
    "print_json",
    "print_table",
]


WIDE_HELP = "Tampilkan semua kolom dan waktu lengkap (tanpa memotong untuk layar 80 kolom)."


class TableFormat(StrEnum):
    table = "table"
    json = "json"


class TextFormat(StrEnum):
    text = "text"
    json = "json"


_CONSOLE: list[Console] = []


def console() -> Console:
    """The console tables are printed on (created on first use: rich costs 0.1 s to import)."""
    if not _CONSOLE:
        from rich.console import Console

        _CONSOLE.append(Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200))
    return _CONSOLE[0]


def now() -> datetime:
    """The current instant, to the second; the only clock the CLI reads. Every time alur
    records from the command line is whole seconds, so none is ever shown with microseconds."""
    return datetime.now(UTC).replace(microsecond=0)


def fail(message: str, code: int = ExitCode.BAD_INPUT) -> NoReturn:
    typer.echo(f"galat: {' '.join(message.split())}", err=True)
    raise typer.Exit(int(code))


# What SQLite and PostgreSQL say, and what staff read instead.
_REASONS = (
    ("file is not a database", "berkas ini bukan basis data atau sudah rusak"),
    ("database disk image is malformed", "berkas basis data rusak"),
    ("readonly database", "basis data hanya dapat dibaca (tidak boleh ditulis)"),
    ("unable to open database file", "berkas basis data tidak dapat dibuka"),
    ("database is locked", "basis data sedang dikunci proses lain"),
    ("disk is full", "disk penuh"),
    ("disk i/o error", "galat baca-tulis disk"),
    ("permission denied", "tidak ada izin"),
    ("no such table", "skema basis data tidak dikenal (jalankan 'alur db upgrade')"),
    ("connection refused", "server menolak sambungan (apakah PostgreSQL berjalan di sana?)"),
    ("could not translate host name", "nama host server tidak dikenal"),
    ("name or service not known", "nama host server tidak dikenal"),
    ("password authentication failed", "nama pengguna atau kata sandi ditolak server"),
    ("no password supplied", "server meminta kata sandi"),
    ("timeout expired", "server tidak menjawab (waktu tunggu habis)"),
    ("does not exist", "basis data atau pengguna itu tidak ada di server"),
)


def database_reason(text: str) -> str:
    """The driver's message in Bahasa Indonesia where it is a known one, else its first line."""
    lowered = text.lower()
    for known, said in _REASONS:
        if known in lowered:
            return said
    return text.strip().splitlines()[0] if text.strip() else "sebab tidak diketahui"


def database_failure(exc: BaseException) -> str | None:
    """The reason of a SQLAlchemy or driver error; None for anything else. Looked up in
    `sys.modules`: a command that never loaded SQLAlchemy cannot raise its errors."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        return database_reason(str(orig if orig is not None else exc))
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(exc, sqlite3.Error):
        return database_reason(str(exc))
    return None


def _said(exc: Exception) -> str:
    """The error's message, with a database driver's reason it carries in Bahasa Indonesia."""
    reason = getattr(exc, "reason", None)
    if isinstance(exc, StorageError) and isinstance(reason, str) and reason:
        return str(exc).replace(reason, database_reason(reason))
    return str(exc)


def _exit_code(exc: Exception) -> int | None:
    if isinstance(exc, AppError | EngineError | StorageError):
        return int(exc.exit_code)
    sla_errors = sys.modules.get("sla.errors")
    if isinstance(exc, WorkflowError) or (
        sla_errors is not None and isinstance(exc, sla_errors.SlaError)
    ):
        return ExitCode.BAD_INPUT
    return None


@contextmanager
def handled(request_id: str | None = None) -> Iterator[None]:
    """Turn alur's errors, and the database's, into one line and the documented exit code.

    With the request's idempotency key, a failure worth retrying (a conflict, a busy or
    failed database) names the key, so the retry can carry it; an unknown outcome names
    it in its own message."""
    try:
        yield
    except Exception as exc:  # re-raised below unless it is one of ours or the database's
        code = _exit_code(exc)
        if code is not None:
            retry = isinstance(exc, Conflict | StorageError) and not isinstance(exc, OutcomeUnknown)
            key = f" (kode permintaan: {request_id})" if request_id and retry and code != 2 else ""
            fail(f"{_said(exc)}{key}", code)
        reason = database_failure(exc)
        if reason is None:
            raise
        fail(f"basis data gagal: {reason}; tidak ada yang tercatat", ExitCode.DATABASE_FAILED)


def parse_instant(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} bukan waktu ISO 8601 (contoh: 2026-03-17T14:00:00+07:00)")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        fail(f"{option} {value!r} tidak memuat zona waktu (tambahkan mis. +07:00 untuk WIB)")
    return parsed.replace(microsecond=0)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    title: str | None = None,
    formatters: dict[str, Callable[[Any], str]] | None = None,
    no_wrap: Sequence[str] = (),
    words: Sequence[str] = (),
    widths: dict[str, int] | None = None,
    wide: bool = False,
) -> None:
    """Rows as a table; `columns` pairs a key with its Bahasa Indonesia header. Columns named
    in `no_wrap`, and every reference or time column (`ref`, `deadline`, `due`, `…_at`), are
    never broken over lines. Columns named in `words` wrap only between words: a word wider
    than its column ends in `…` rather than going on in pieces on the next lines (other
    columns fold such a word). `widths` fixes a column's width (not for a `wide` table), so
    the room left to the others is known. A `wide` table takes the width its contents need,
    even beyond the terminal's."""
    from rich.measure import Measurement
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for key, header in columns:
        table.add_column(
            header,
            overflow="ellipsis" if key in words else "fold",
            no_wrap=key in no_wrap or _unbroken(key),
            width=None if wide else (widths or {}).get(key),
        )
    fmt = formatters or {}
    for row in rows:
        table.add_row(*[fmt.get(k, _text)(row.get(k)) for k, _ in columns])
    screen = console()
    if wide:  # a console as wide as the table needs, on the same output
        from rich.console import Console

        needed = Measurement.get(screen, screen.options.update_width(10_000), table).maximum
        screen = Console(file=screen.file, width=max(screen.width, needed), soft_wrap=True)
    screen.print(table)


def _unbroken(key: str) -> bool:
    """A reference or a time: read whole, never wrapped (`PPU-PBJ-` / `2026-000001`)."""
    return key in ("ref", "deadline", "due") or key.endswith("_at")


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
