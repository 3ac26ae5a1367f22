"""The staff file: its format, and every check of it, reported together.

A staff file is YAML with one list, ``staff:``, of entries::

    staff:
      - nip: "19800101 200501 1 001"   # spaces as on an SK are removed
        name: Siti Rahayu
        institution: pekalongan        # the workflows' `institution`
        unit: PBJ                      # the unit CODE (`unit_code`), or SETDA
        roles: [petugas]               # roles declared by that unit's workflows
      - nip: "PPPK-2023-0042"
        nip_kind: lain                 # not an 18-digit NIP: a PPPK or honorer number
        name: Budi Santoso
        institution: pekalongan
        unit: PBJ
        roles: [verifikator]

`nip_kind` is ``nip`` unless written: an 18-digit NIP is then checked (digits only,
a birth date YYYYMMDD at positions 1-8, the TMT YYYYMM at 9-14, a gender digit 1 or
2 at 15). ``lain`` allows any other identifier of 3 to 40 letters, digits, ``.``,
``_`` or ``-``. `SETDA` is the unit of officials above the Bagian (Sekda, Asisten,
Bupati/Walikota); a role a workflow declares with ``scope: institution`` may be held
in any unit of the institution, the others only in the unit of a workflow declaring it.

Institution, unit and roles are checked against the workflows loaded (shipped and the
office's folders); every problem is reported at once, each with its entry's position
and line, in Bahasa Indonesia.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from engine.case import FRONT_DESK_ROLE, SUPERVISOR_ROLE
from engine.definition import Definition, RoleScope

__all__ = [
    "NipKind",
    "StaffEntry",
    "StaffFile",
    "check_staff",
    "entry_lines",
    "known_units",
    "normalise_nip",
]

SETDA = "SETDA"
# Roles of alur itself rather than of a workflow, held in any unit: `admin` keeps the
# staff directory (app.staff).
SYSTEM_ROLES = frozenset({"admin", "asisten", "sekda"})  # asisten/sekda: SLA escalation
_OTHER_ID = re.compile(r"^[0-9A-Za-z._-]{3,40}$")
_UNIT_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
_ROLE = re.compile(r"^[a-z][a-z0-9_]*$")
_KEYS = {"nip", "nip_kind", "name", "institution", "unit", "roles"}


class NipKind(StrEnum):
    NIP = "nip"  # an 18-digit Nomor Induk Pegawai, checked
    LAIN = "lain"  # another identifier (PPPK, honorer, a local number)


class StaffEntry(BaseModel):
    """One person of the staff file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nip: str = Field(description="NIP 18 digit (spasi boleh, dibuang), atau pengenal lain.")
    nip_kind: NipKind = Field(NipKind.NIP, description="nip (default) atau lain.")
    name: str = Field(min_length=1)
    institution: str = Field(description="Instansi, sama dengan `institution` workflow.")
    unit: Annotated[str, StringConstraints(pattern=_UNIT_CODE.pattern)] = Field(
        description="KODE unit (`unit_code` workflow, mis. PBJ), atau SETDA."
    )
    roles: list[Annotated[str, StringConstraints(pattern=_ROLE.pattern)]] = Field(min_length=1)


class StaffFile(BaseModel):
    """A staff file: `alur staff load BERKAS`."""

    model_config = ConfigDict(extra="forbid", title="alur staff file")
    staff: list[StaffEntry]


@dataclass
class KnownUnits:
    """What the loaded workflows declare: institution -> unit code -> roles."""

    units: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (inst, unit name) -> code


def known_units(definitions: Iterable[Definition]) -> KnownUnits:
    known = KnownUnits()
    for d in definitions:
        units = known.units.setdefault(d.institution, {})
        known.names[(d.institution, d.unit.lower())] = d.unit_code
        for name, role in d.roles.items():
            if role.applicant:
                continue
            unit = SETDA if role.scope is RoleScope.INSTITUTION else d.unit_code
            units.setdefault(unit, set()).add(name)
        # every Bagian has a front desk that opens its cases and a Kabag over it
        units.setdefault(d.unit_code, set()).update((FRONT_DESK_ROLE, SUPERVISOR_ROLE))
        units.setdefault(SETDA, set()).update(SYSTEM_ROLES)
    return known


def entry_lines(node: Any) -> dict[int, int]:
    """The 1-based line of each entry of the composed file's `staff:` list."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    for key, value in node.value:
        if key.value == "staff" and isinstance(value, yaml.SequenceNode):
            return {i: item.start_mark.line + 1 for i, item in enumerate(value.value)}
    return {}


def normalise_nip(value: str) -> str:
    return "".join(value.split())


def nip_problem(nip: str) -> str | None:
    """Why `nip` is not a plausible 18-digit NIP, or None."""
    if not (len(nip) == 18 and nip.isascii() and nip.isdigit()):
        return f"NIP {nip!r} harus 18 angka (untuk pengenal lain tulis nip_kind: lain)"
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return f"NIP {nip!r}: tanggal lahir {nip[0:8]} (angka 1-8) tidak valid"
    year, month = int(nip[8:12]), int(nip[12:14])
    if not (1 <= month <= 12 and born.year + 15 <= year <= born.year + 70):
        return f"NIP {nip!r}: TMT {nip[8:14]} (angka 9-14, tahun dan bulan) tidak masuk akal"
    if nip[14] not in "12":
        return f"NIP {nip!r}: angka ke-15 (jenis kelamin) harus 1 atau 2"
    return None


def check_staff(data: Any, lines: dict[int, int], known: KnownUnits) -> list[str]:
    """Every problem of a staff file's data; `lines` maps an entry's index to its line."""
    if not isinstance(data, dict) or set(data) != {"staff"} or not isinstance(data["staff"], list):
        return [
            "isi berkas harus satu kunci staff: berisi daftar pegawai (lihat: alur staff schema)"
        ]
    problems: list[str] = []
    nips: Counter[str] = Counter()
    for i, entry in enumerate(data["staff"]):
        where = f"entri ke-{i + 1}" + (f" (baris {lines[i]})" if i in lines else "")
        found = _entry_problems(entry, known)
        problems += [f"{where}: {p}" for p in found]
        if isinstance(entry, dict) and isinstance(entry.get("nip"), str | int):
            nips[normalise_nip(str(entry["nip"]))] += 1
    problems += [f"NIP {n!r} ditulis {c} kali" for n, c in sorted(nips.items()) if c > 1]
    return problems


def _entry_problems(entry: Any, known: KnownUnits) -> list[str]:
    if not isinstance(entry, dict):
        return ["harus mapping dengan nip, name, institution, unit, roles"]
    problems = [f"kunci tidak dikenal: {k!r}" for k in entry if k not in _KEYS]
    problems += [f"kunci wajib belum diisi: {k}" for k in sorted(_KEYS - {"nip_kind"} - set(entry))]
    problems += _nip_problems(entry)
    if "name" in entry and not (isinstance(entry["name"], str) and entry["name"].strip()):
        problems.append("name harus teks")
    problems += _place_problems(entry, known)
    return problems


def _nip_problems(entry: dict[str, Any]) -> list[str]:
    kind = entry.get("nip_kind", "nip")
    if kind not in ("nip", "lain"):
        return [f"nip_kind {kind!r} tidak dikenal; pilih nip atau lain"]
    if "nip" not in entry:
        return []
    nip = normalise_nip(str(entry["nip"]))
    if kind == "lain":
        ok = _OTHER_ID.match(nip)
        return [] if ok else [f"pengenal {nip!r}: 3-40 huruf, angka, '.', '_' atau '-'"]
    problem = nip_problem(nip)
    return [problem] if problem else []


def _place_problems(entry: dict[str, Any], known: KnownUnits) -> list[str]:
    institution, unit, roles = entry.get("institution"), entry.get("unit"), entry.get("roles")
    if institution is None or unit is None:
        return []
    units = known.units.get(str(institution))
    if units is None:
        listed = ", ".join(sorted(known.units)) or "-"
        return [f"instansi {institution!r} tidak dikenal (yang dimuat: {listed})"]
    if unit not in units:
        code = known.names.get((str(institution), str(unit).lower()))
        hint = (
            f"; tulis kodenya: {code}" if code else f" (kode yang ada: {', '.join(sorted(units))})"
        )
        return [f"unit {unit!r} bukan kode unit {institution}{hint}"]
    if not isinstance(roles, list) or not roles:
        return ["roles harus daftar berisi minimal satu peran, mis. [petugas]"]
    declared = units[str(unit)] | units.get(SETDA, set())  # institution roles: any unit
    return [
        f"peran {r!r} tidak dideklarasikan workflow {institution} {unit} "
        f"(yang ada: {', '.join(sorted(declared))})"
        for r in roles
        if r not in declared
    ]
