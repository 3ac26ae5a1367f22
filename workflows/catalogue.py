"""Every workflow on the search path, each bad file isolated from the good ones.

`load_catalogue` loads each file on its own: a file with problems (or one
declaring an id already taken by an earlier file) is set aside in `broken`
with its error, its services are unavailable, and every other file loads.
"""

from __future__ import annotations

from dataclasses import dataclass

from sla import forget_registered_calendars, registered_calendar_names
from workflows.errors import DefinitionInvalid, DuplicateWorkflow, FileProblem, WorkflowError
from workflows.loader import LoadedDefinition, load_file
from workflows.search_path import SearchPath, workflow_files

__all__ = ["Catalogue", "load_catalogue"]


@dataclass(frozen=True)
class Catalogue:
    loaded: tuple[LoadedDefinition, ...]
    broken: tuple[WorkflowError, ...]
    """One error per bad file (or missing folder), in search-path order."""

    def warnings(self) -> list[str]:
        """One line per bad file, for the commands that only use the good ones."""
        return [f"peringatan: {_short(e)} (layanan ini tidak dimuat)" for e in self.broken]


def load_catalogue(sp: SearchPath) -> Catalogue:
    """Load every file of `sp`; the office calendars registered are those its files name."""
    forget_registered_calendars()
    loaded: list[LoadedDefinition] = []
    broken: list[WorkflowError] = []
    first_of: dict[str, str] = {}
    for folder in sp.workflow_dirs:
        if not folder.is_dir():
            problem = FileProblem(None, "", "folder workflow tidak ditemukan")
            broken.append(DefinitionInvalid(folder, [problem]))
    calendars: dict[str, str] = {}  # calendar name -> the file it was read from
    for entry in workflow_files(sp):
        try:
            item = load_file(entry.path, calendar_dirs=sp.calendar_dirs, origin=entry.origin)
            _same_calendar_file(item, calendars)
        except WorkflowError as exc:
            broken.append(exc)
            continue
        first = first_of.setdefault(item.definition.id, item.path)
        if first != item.path:
            broken.append(DuplicateWorkflow(item.definition.id, first, item.path))
            continue
        loaded.append(item)
    return Catalogue(tuple(loaded), tuple(broken))


def _same_calendar_file(item: LoadedDefinition, calendars: dict[str, str]) -> None:
    """Refuse a calendar name that an earlier file of the catalogue read from another file."""
    name = item.definition.sla.calendar
    source = registered_calendar_names().get(name)
    if source is None:
        return
    first = calendars.setdefault(name, source)
    if first != source:
        message = f"nama kalender {name!r} sudah dipakai kalender {first}"
        raise DefinitionInvalid(item.path, [FileProblem(None, "sla.calendar", message)])


def _short(error: WorkflowError) -> str:
    if isinstance(error, DefinitionInvalid):
        count, first = len(error.problems), error.problems[0]
        check = f"periksa: alur workflows validate {error.path}"
        return f"{error.path}: {count} masalah, mis. {first}; {check}"
    return str(error)
