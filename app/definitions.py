"""Which definition a case runs on.

New cases take the shipped file as it is now; the file's exact content is
stored the first time a case uses it, by (id, version, digest). A case keeps
the definition row it was opened with, so editing a YAML file changes new
cases only: old cases are read back from the stored body.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from engine.definition import Definition
from storage import repository

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from storage.steps import StepCursor
    from workflows.loader import LoadedDefinition

__all__ = [
    "definition_for_case",
    "definition_in",
    "shipped",
    "shipped_by_id",
    "store_for_new_case",
]


def shipped() -> tuple[LoadedDefinition, ...]:
    """Every shipped definition (`app.catalogue`, imported when first needed: reading a
    stored case's definition needs neither YAML nor the loader)."""
    from app.catalogue import shipped as catalogue

    return catalogue()


def shipped_by_id(workflow_id: str) -> LoadedDefinition:
    from app.catalogue import shipped_by_id as by_id

    return by_id(workflow_id)


def store_for_new_case(conn: Connection, item: LoadedDefinition, now: datetime) -> int:
    d = item.definition
    body = d.model_dump(mode="json", by_alias=True)
    return repository.store_definition(conn, d.id, d.version, item.digest, d.institution, body, now)


# Stored definitions never change, so each is parsed once per database and process.
_BY_PK: dict[tuple[str, int], tuple[Definition, str]] = {}
_DATABASE: WeakKeyDictionary[Engine, str] = WeakKeyDictionary()  # rendering a URL costs 7 us


def _database(engine: Engine) -> str:
    name = _DATABASE.get(engine)
    if name is None:
        name = _DATABASE[engine] = str(engine.url)
    return name


def _cached(
    engine: Engine, definition_pk: int, read: Callable[[], tuple[Any, str]]
) -> tuple[Definition, str]:
    """The parsed definition row `definition_pk` of `engine`'s database; `read`
    fetches its (body, digest) the first time."""
    key = (_database(engine), definition_pk)
    cached = _BY_PK.get(key)
    if cached is None:
        body, digest = read()
        cached = _BY_PK[key] = (Definition.model_validate(body), digest)
    return cached


def definition_for_case(conn: Connection, definition_pk: int) -> tuple[Definition, str]:
    """The (definition, digest) a case was opened with."""

    def read() -> tuple[Any, str]:
        row = repository.definition_body(conn, definition_pk)
        return row.body, row.digest

    return _cached(conn.engine, definition_pk, read)


def definition_in(engine: Engine, tx: StepCursor, definition_pk: int) -> tuple[Definition, str]:
    """`definition_for_case` inside a step's transaction (`storage.steps`)."""
    return _cached(engine, definition_pk, lambda: tx.definition(definition_pk))
