"""Where the workflows and calendars of this office are: folders, and shipped institutions.

An office keeps its own Standar Pelayanan outside the installed package:

- ``ALUR_WORKFLOWS_PATH``: folders of workflow files, separated by ``os.pathsep``
  (``:`` on Linux, ``;`` on Windows). A folder holds ``*.yaml`` files directly and
  in sub-folders one level down (e.g. one per kecamatan), except a sub-folder named
  ``kalender``, which holds calendars that workflow files name by relative path.
- ``ALUR_CALENDARS_PATH``: folders of calendar files, ``NAME.yaml`` each.
- ``ALUR_DISABLE_SHIPPED``: shipped institutions to leave out, comma-separated
  (``pekalongan,ppu``), or ``semua`` for all of them.
- ``alur --workflows DIR`` replaces ``ALUR_WORKFLOWS_PATH`` for one command.

The functions take the values explicitly (`search_path`); `from_environment`
reads them from the environment, so a settings file can feed `search_path` later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workflows.loader import SHIPPED_DIR, SHIPPED_ORIGIN

__all__ = [
    "ALL_SHIPPED",
    "CALENDAR_FOLDER",
    "ENV_CALENDARS_PATH",
    "ENV_DISABLE_SHIPPED",
    "ENV_WORKFLOWS_PATH",
    "SearchPath",
    "WorkflowFile",
    "from_environment",
    "search_path",
    "shipped_institutions",
    "workflow_files",
]

ENV_WORKFLOWS_PATH = "ALUR_WORKFLOWS_PATH"
ENV_CALENDARS_PATH = "ALUR_CALENDARS_PATH"
ENV_DISABLE_SHIPPED = "ALUR_DISABLE_SHIPPED"
ALL_SHIPPED = "semua"
CALENDAR_FOLDER = "kalender"


@dataclass(frozen=True)
class SearchPath:
    workflow_dirs: tuple[Path, ...] = ()
    calendar_dirs: tuple[Path, ...] = ()
    disabled: frozenset[str] = frozenset()
    """Shipped institutions left out; `ALL_SHIPPED` leaves out every one."""

    def ships(self, institution: str) -> bool:
        return ALL_SHIPPED not in self.disabled and institution not in self.disabled


@dataclass(frozen=True)
class WorkflowFile:
    path: Path
    origin: str
    """`SHIPPED_ORIGIN` for a shipped file, else the office folder it was found in."""


def search_path(
    workflows: str | None = None,
    calendars: str | None = None,
    disable_shipped: str | None = None,
) -> SearchPath:
    """The search path from its three settings as written (path lists, comma list)."""
    disabled = {part.strip().lower() for part in (disable_shipped or "").split(",")}
    return SearchPath(_dirs(workflows), _dirs(calendars), frozenset(disabled - {""}))


def from_environment(environ: Mapping[str, str], workflows_option: str | None = None) -> SearchPath:
    """The search path of the environment; `--workflows` replaces ALUR_WORKFLOWS_PATH."""
    return search_path(
        workflows_option if workflows_option is not None else environ.get(ENV_WORKFLOWS_PATH),
        environ.get(ENV_CALENDARS_PATH),
        environ.get(ENV_DISABLE_SHIPPED),
    )


def shipped_institutions() -> list[str]:
    return sorted(p.name for p in SHIPPED_DIR.iterdir() if p.is_dir() and any(p.glob("*.yaml")))


def workflow_files(sp: SearchPath) -> list[WorkflowFile]:
    """Every workflow file: shipped ones first (those not turned off), then each folder's."""
    from workflows import loader  # at call time, so tests can replace `shipped_files`

    files = [
        WorkflowFile(p, SHIPPED_ORIGIN) for p in loader.shipped_files() if sp.ships(p.parent.name)
    ]
    for folder in sp.workflow_dirs:
        files += [WorkflowFile(p, str(folder)) for p in _office_files(folder)]
    return files


def _office_files(folder: Path) -> list[Path]:
    found = [*folder.glob("*.yaml"), *folder.glob("*/*.yaml")]
    return sorted(p for p in found if p.parent.name != CALENDAR_FOLDER and p.is_file())


def _dirs(value: str | None) -> tuple[Path, ...]:
    return tuple(Path(part).expanduser() for part in (value or "").split(os.pathsep) if part)
