"""Core statements compiled once per dialect and run on the driver's cursor.

The hot paths of `storage` (a step in `storage.steps`, opening a case and
changing its checklist in `storage.case_writes`) build their statements with
SQLAlchemy Core from the tables in `storage.schema`, compile each once per
dialect, and pass parameters and results through the column types' own
processors. The SQL, the types and the stored values are exactly those the
rest of `storage` writes and reads; only SQLAlchemy's per-call bookkeeping
(0.1-0.25 ms a statement) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy.engine import Dialect

__all__ = ["Statement", "compiled_for", "dialect_insert", "processed", "result_processors"]

_Processor = Callable[[Any], Any] | None
_T = TypeVar("_T")


class Statement:
    """One Core statement compiled for a dialect, with its parameters' processors."""

    def __init__(self, stmt: Any, dialect: Dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql = compiled.string
        self.positional = compiled.positional
        self.names = tuple(compiled.positiontup or compiled.binds)
        self.processors: list[tuple[str, _Processor]] = [
            (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in self.names
        ]

    def params(self, values: Mapping[str, Any]) -> Any:
        processed = [
            values[name] if process is None else process(values[name])
            for name, process in self.processors
        ]
        return (
            tuple(processed) if self.positional else dict(zip(self.names, processed, strict=True))
        )


def result_processors(columns: Sequence[Any], dialect: Dialect) -> list[_Processor]:
    return [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns]


def processed(processors: list[_Processor], raw: Any) -> list[Any]:
    """A row from the driver, as the columns' types read it."""
    return [v if p is None else p(v) for p, v in zip(processors, raw, strict=True)]


_COMPILED: dict[tuple[Any, str], Any] = {}


def compiled_for(kind: Callable[[Dialect], _T], dialect: Dialect) -> _T:
    """The statements `kind(dialect)` builds, built once per dialect and kind."""
    key = (kind, dialect.name)
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = kind(dialect)
    return found


def dialect_insert(dialect_name: str) -> Any:
    """The dialect's `insert`, which knows ON CONFLICT; imported for the dialect in use, as
    SQLAlchemy's PostgreSQL dialect costs 0.02-0.03 s to import that SQLite need not pay."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgres_insert

        return postgres_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
