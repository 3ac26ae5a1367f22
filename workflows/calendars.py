"""Which calendar a workflow's `sla.calendar` names.

A workflow may name its calendar three ways, tried in this order:

1. a file relative to the workflow file, written as a path ending in ``.yaml``
   (``kalender/kecamatan-kota.yaml``, ``../kalender/kecamatan.yaml``); the
   calendar is then known by its own ``name:`` (or the file's stem), and the
   loaded definition names it so, so that a case keeps working when the
   workflow file moves;
2. a name found as ``NAME.yaml`` in a folder of the calendar path
   (``ALUR_CALENDARS_PATH``); such a calendar replaces a shipped one of the
   same name;
3. the name of a calendar shipped with alur.

Calendars found by 1 and 2 are registered with `sla.register_calendar`, so that
everything reading a definition's calendar by name finds them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from sla import (
    Calendar,
    CalendarError,
    load_calendar,
    register_calendar,
    shipped_calendar_names,
)

__all__ = ["find_on_path", "is_file_reference", "resolve_calendar"]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")


def is_file_reference(written: str) -> bool:
    return written.endswith((".yaml", ".yml")) or "/" in written


def resolve_calendar(
    written: str, base_dir: Path | None, calendar_dirs: Sequence[Path]
) -> tuple[str, Calendar]:
    """(the calendar's name, the calendar); raises `SlaError` naming what is wrong."""
    if is_file_reference(written):
        return _from_file(written, base_dir)
    found = find_on_path(written, calendar_dirs)
    if found is not None:
        return written, found
    return written, load_calendar(written)


def find_on_path(name: str, calendar_dirs: Sequence[Path]) -> Calendar | None:
    """The calendar `NAME.yaml` of the first calendar folder that has it (registered)."""
    for folder in calendar_dirs:
        path = folder / f"{name}.yaml"
        if path.is_file():
            calendar = load_calendar(path)
            register_calendar(name, calendar, str(path))
            return calendar
    return None


def _from_file(written: str, base_dir: Path | None) -> tuple[str, Calendar]:
    if base_dir is None or Path(written).is_absolute():
        reason = "tulis path relatif terhadap berkas workflow, mis. kalender/kecamatan.yaml"
        raise CalendarError(written, "sla.calendar", written, reason)
    path = (base_dir / written).resolve()
    calendar = load_calendar(path)
    name = calendar.name
    if not _SLUG.match(name):
        reason = "nama kalender hanya huruf kecil, angka dan '-', mis. kecamatan-kota"
        raise CalendarError(path, "name", name, reason)
    if name in shipped_calendar_names():
        reason = "nama ini dipakai kalender bawaan alur; beri nama lain di kunci name:"
        raise CalendarError(path, "name", name, reason)
    register_calendar(name, calendar, str(path))
    return name, calendar
