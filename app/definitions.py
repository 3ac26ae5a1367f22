"""Which definition a case runs on.

The definitions served are those on the search path (`workflows.search_path`):
the shipped ones an office did not turn off, and the office's own folders. A
bad file is left out with one warning line (given to the reporter the CLI
installs) and every other file is served.

New cases take the file as it is now; the file's exact content is
stored the first time a case uses it, by (id, version, digest). A case keeps
the definition row it was opened with, so editing a YAML file changes new
cases only: old cases are read back from the stored body, and need neither the workflow
file nor its folder any more (only its calendar, by name).

When the search path is the plain one (shipped files only, none turned off), a
service is found through `app.catalogue`: an index of the files' `id:` lines and a
cache of validated definitions by file digest, so that opening a case does not
validate all 91 files. Reading a stored case's definition imports no YAML loader.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from app.search_state import REPORT, SEARCH, use_search_path
from engine.definition import Definition
from sla import SlaError, load_calendar

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from storage.steps import StepCursor
    from workflows.catalogue import Catalogue
    from workflows.loader import LoadedDefinition
    from workflows.search_path import SearchPath

__all__ = [
    "catalogue",
    "current_search_path",
    "definition_for_case",
    "definition_in",
    "definition_row",
    "shipped",
    "shipped_by_id",
    "store_for_new_case",
    "use_search_path",
]

_SEARCH, _REPORT = SEARCH, REPORT  # set by the command line (`app.search_state`)


def current_search_path() -> SearchPath:
    from workflows.search_path import from_environment

    return _SEARCH[0] or from_environment(os.environ)


def _plain(search: SearchPath) -> bool:
    """Only the shipped files, none turned off: the fast index serves them."""
    return not (search.workflow_dirs or search.calendar_dirs or search.disabled)


def catalogue() -> Catalogue:
    """Every definition on the current search path (loaded once per search path)."""
    loaded = _load(current_search_path())
    report = _REPORT[0]
    if report is not None:
        _REPORT[0] = None  # one warning per bad file and command
        for line in loaded.warnings():
            report(line)
    return loaded


@lru_cache(maxsize=1)
def _load(search: SearchPath) -> Catalogue:
    from workflows.catalogue import Catalogue, load_catalogue

    if _plain(search):  # validated definitions remembered by digest between runs
        from app.catalogue import shipped as cached

        return Catalogue(cached(), ())
    return load_catalogue(search)


def shipped() -> tuple[LoadedDefinition, ...]:
    """The definitions served (the name predates office folders)."""
    return catalogue().loaded


def shipped_by_id(workflow_id: str) -> LoadedDefinition:
    """The definition `workflow_id` served now; UnknownWorkflow if there is none."""
    from workflows.errors import UnknownWorkflow

    if _plain(current_search_path()) and _load.cache_info().currsize == 0:
        from app.catalogue import shipped_by_id as by_id

        return by_id(workflow_id)
    for item in shipped():
        if item.definition.id == workflow_id:
            return item
    raise UnknownWorkflow(workflow_id)


def store_for_new_case(conn: Connection, item: LoadedDefinition, now: datetime) -> int:
    d = item.definition
    body = d.model_dump(mode="json", by_alias=True)
    from storage import repository  # imported with SQLAlchemy, by what has a database

    return repository.store_definition(conn, d.id, d.version, item.digest, d.institution, body, now)


def definition_row(item: LoadedDefinition, now: datetime) -> dict[str, Any]:
    """The `definitions` row of `item` (but its pk), as `store_for_new_case` writes it."""
    d = item.definition
    return {
        "workflow_id": d.id,
        "version": d.version,
        "digest": item.digest,
        "institution": d.institution,
        "body": d.model_dump(mode="json", by_alias=True),
        "stored_at": now,
    }


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
        definition = Definition.model_validate(body)
        _find_calendar(definition.sla.calendar)
        cached = _BY_PK[key] = (definition, digest)
    return cached


def _find_calendar(name: str) -> None:
    """Make the stored definition's calendar known by name, without its workflow file:
    a shipped or registered one, else the calendar path, else the catalogue's."""
    try:
        load_calendar(name)
        return
    except SlaError:
        pass
    from workflows.calendars import find_on_path

    if find_on_path(name, current_search_path().calendar_dirs) is None:
        catalogue()  # registers the calendars that workflow files name by path


def definition_for_case(conn: Connection, definition_pk: int) -> tuple[Definition, str]:
    """The (definition, digest) a case was opened with."""

    from storage import repository

    def read() -> tuple[Any, str]:
        row = repository.definition_body(conn, definition_pk)
        return row.body, row.digest

    return _cached(conn.engine, definition_pk, read)


def definition_in(engine: Engine, tx: StepCursor, definition_pk: int) -> tuple[Definition, str]:
    """`definition_for_case` inside a step's transaction (`storage.steps`)."""
    return _cached(engine, definition_pk, lambda: tx.definition(definition_pk))
