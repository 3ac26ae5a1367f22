"""Printing for the CLI: tables with rich, JSON for tools, one-line errors.

Bad input ends with exit code 2, a refusal with 3, a conflict with 4: the
exception classes carry their own `exit_code`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from engine.errors import Conflict, EngineError
from sla import SlaError
from storage.errors import OutcomeUnknown, StorageError
from workflows.errors import WorkflowError

__all__ = [
    "TableFormat",
    "TextFormat",
    "fail",
    "handled",
    "now",
    "parse_instant",
    "print_json",
    "print_table",
]


class TableFormat(StrEnum):
    table = "table"
    json = "json"


class TextFormat(StrEnum):
    text = "text"
    json = "json"


console = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def now() -> datetime:
    """The current instant; the only clock the CLI reads."""
    return datetime.now(UTC)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"galat: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def handled(request_id: str | None = None) -> Iterator[None]:
    """Turn alur's errors into a one-line message and the documented exit code.

    With the request's idempotency key, a failure worth retrying (a conflict, a
    busy or failed database) names the key, so the retry can carry it."""
    try:
        yield
    except OutcomeUnknown as exc:  # names the key itself
        fail(str(exc), exc.exit_code)
    except (Conflict, StorageError) as exc:
        key = f" (kode permintaan: {request_id})" if request_id and exc.exit_code != 2 else ""
        fail(f"{exc}{key}", exc.exit_code)
    except EngineError as exc:
        fail(str(exc), exc.exit_code)
    except (WorkflowError, SlaError) as exc:
        fail(str(exc), 2)


def parse_instant(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} bukan waktu ISO 8601 (contoh: 2026-03-17T14:00:00+07:00)")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        fail(f"{option} {value!r} tidak memuat zona waktu (tambahkan mis. +07:00 untuk WIB)")
    return parsed


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    title: str | None = None,
    formatters: dict[str, Callable[[Any], str]] | None = None,
) -> None:
    """Rows as a table; `columns` pairs a key with its Bahasa Indonesia header."""
    table = Table(title=title, show_lines=False)
    for _, header in columns:
        table.add_column(header, overflow="fold")
    fmt = formatters or {}
    for row in rows:
        table.add_row(*[fmt.get(k, _text)(row.get(k)) for k, _ in columns])
    console.print(table)


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
