"""Writing the sample staff directories shipped in `app/staff_samples/`.

One invented person per (unit, role) that the shipped workflows need, so that
every workflow can be run end to end after `alur staff load --sample`. Run
`python -m app.staff_sample` after adding or changing workflows; a test checks
that the samples cover every role.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from app.staff import SAMPLES_DIR
from engine.case import openers, roles_needed
from engine.definition import RoleScope
from workflows.loader import load_all

__all__ = ["sample_entries", "write_samples"]

_GIVEN = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Hendra", "Wulan", "Eko", "Sri", "Yusuf"]
_FAMILY = ["Rahayu", "Santoso", "Lestari", "Saputra", "Wahyuni", "Hidayat", "Kurniawan", "Pratiwi"]


def _nip(institution: str, unit: str, role: str) -> str:
    """An invented NIP of the real shape: born YYYYMMDD, TMT YYYYMM, gender, serial."""
    n = int(hashlib.sha256(f"{institution}/{unit}/{role}".encode()).hexdigest(), 16)
    born = (1965 + n % 30, 1 + (n >> 8) % 12, 1 + (n >> 16) % 28)
    tmt = (born[0] + 22 + (n >> 24) % 10, 1 + (n >> 32) % 12)
    gender, serial = 1 + (n >> 40) % 2, (n >> 48) % 1000
    return f"{born[0]}{born[1]:02}{born[2]:02}{tmt[0]}{tmt[1]:02}{gender}{serial:03}"


def _name(nip: str) -> str:
    n = int(nip)
    return f"{_GIVEN[n % len(_GIVEN)]} {_FAMILY[(n // 10) % len(_FAMILY)]}"


def sample_entries() -> dict[str, list[dict[str, object]]]:
    units: dict[tuple[str, str], set[str]] = {}
    for item in load_all():
        d = item.definition
        for role in {*roles_needed(d), *openers(d)}:
            # officials above the Bagian (Sekda, Asisten, Walikota/Bupati) sit in SETDA
            declared = d.roles.get(role)  # the front desk may be undeclared
            institution_wide = declared is not None and declared.scope is RoleScope.INSTITUTION
            unit = "SETDA" if institution_wide else d.unit_code
            units.setdefault((d.institution, unit), set()).add(role)
        # the directory's keeper, and the officials SLA escalation reaches (monitoring)
        units.setdefault((d.institution, "SETDA"), set()).update(("admin", "asisten", "sekda"))
    result: dict[str, list[dict[str, object]]] = {}
    for (institution, unit), roles in sorted(units.items()):
        for role in sorted(roles):
            nip = _nip(institution, unit, role)
            entry = {"nip": nip, "name": _name(nip), "institution": institution, "unit": unit}
            result.setdefault(institution, []).append({**entry, "roles": [role]})
    return result


def write_samples(folder: Path = SAMPLES_DIR) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for institution, entries in sample_entries().items():
        path = folder / f"{institution}.yaml"
        header = f"# Contoh daftar pegawai {institution} (nama dan NIP rekaan).\n"
        body = yaml.safe_dump({"staff": entries}, allow_unicode=True, sort_keys=False)
        path.write_text(header + body, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_samples():
        print(written.name)
