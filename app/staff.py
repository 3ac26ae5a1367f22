"""The staff directory: who may act, in which institution, unit and roles.

A staff file is YAML: a list under `staff:` of entries with `nip`, `name`,
`institution`, `unit` (the unit code, e.g. PBJ; `SETDA` for officials above
the Bagian such as the Sekda), and `roles`; its format and checks are in
`app.staff_file` (JSON Schema: `alur staff schema`). The shipped samples in
`app/staff_samples/` give one person per role of every workflow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from app.definitions import shipped
from app.staff_file import StaffEntry, check_staff, entry_lines, known_units, normalise_nip
from engine.case import Actor
from engine.errors import BadInput
from storage import repository
from workflows.safe_yaml import YamlRefused, decode, read_yaml

__all__ = [
    "SAMPLES_DIR",
    "StaffFileInvalid",
    "UnknownStaff",
    "actor_for",
    "actor_from_row",
    "load_staff_file",
]

SAMPLES_DIR = Path(__file__).parent / "staff_samples"


class UnknownStaff(BadInput):
    def __init__(self, nip: str) -> None:
        self.nip = nip
        super().__init__(f"pegawai dengan NIP {nip!r} tidak terdaftar (lihat: alur staff list)")


class StaffFileInvalid(BadInput):
    def __init__(self, path: str, problems: list[str]) -> None:
        self.path, self.problems = path, problems
        super().__init__(f"{path}: {len(problems)} masalah: " + "; ".join(problems))


def _parse(path: Path) -> list[StaffEntry]:
    """The file's entries, after every check of `app.staff_file` (all problems at once)."""
    try:
        node, data = read_yaml(decode(path.read_bytes()))
    except OSError as exc:
        raise StaffFileInvalid(str(path), [f"tidak dapat dibaca: {exc.strerror}"]) from exc
    except YamlRefused as exc:
        where = f"baris {exc.line}: " if exc.line else ""
        raise StaffFileInvalid(str(path), [f"YAML tidak valid: {where}{exc.message}"]) from None
    known = known_units(item.definition for item in shipped())
    problems = check_staff(data, entry_lines(node), known)
    if problems:
        raise StaffFileInvalid(str(path), problems)
    return [
        StaffEntry.model_validate({**e, "nip": normalise_nip(str(e["nip"]))}) for e in data["staff"]
    ]


def load_staff_file(engine: Engine, path: Path) -> int:
    """Insert or update every entry of the file (all or nothing); returns the count."""
    entries = _parse(path)
    rows = [
        {
            "nip": e.nip,
            "name": e.name,
            "institution": e.institution,
            "unit_code": e.unit,
            "roles": sorted(set(e.roles)),
        }
        for e in entries
    ]
    with engine.begin() as conn:
        return repository.upsert_staff(conn, rows)


def actor_for(conn: Connection, nip: str) -> Actor:
    row = repository.staff_by_nip(conn, nip)
    if row is None:
        raise UnknownStaff(nip)
    return actor_from_row(row)


def actor_from_row(row: Any) -> Actor:
    """The engine's Actor from a staff row (anything with the staff columns)."""
    return Actor(row.nip, row.name, row.institution, row.unit_code, frozenset(row.roles))
