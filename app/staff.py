"""The staff directory: who may act, in which institution, unit and roles.

A staff file is YAML: a list under `staff:` of entries with `nip`, `name`,
`institution`, `unit` (the unit code, e.g. PBJ; `SETDA` for officials above
the Bagian such as the Sekda), and `roles`. The shipped samples in
`app/staff_samples/` give one person per role of every workflow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import Connection, Engine

from engine.case import Actor
from engine.errors import BadInput
from storage import repository

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


class StaffEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    nip: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z._-]{3,40}$")]
    name: str
    institution: str
    unit: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{1,9}$")]
    roles: list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]] = Field(
        min_length=1
    )


class StaffFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    staff: list[StaffEntry]


def _parse(path: Path) -> list[StaffEntry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StaffFileInvalid(str(path), [f"tidak dapat dibaca: {exc.strerror}"]) from exc
    except UnicodeDecodeError as exc:
        raise StaffFileInvalid(str(path), ["bukan berkas teks UTF-8"]) from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (baris {where.line + 1})" if where is not None else ""
        raise StaffFileInvalid(str(path), [f"YAML tidak valid{line}"]) from exc
    try:
        entries = StaffFile.model_validate(data).staff
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise StaffFileInvalid(str(path), problems) from exc
    nips = [e.nip for e in entries]
    duplicates = sorted({n for n in nips if nips.count(n) > 1})
    if duplicates:
        raise StaffFileInvalid(str(path), [f"NIP ganda: {', '.join(duplicates)}"])
    return entries


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
