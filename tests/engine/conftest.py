"""Fixtures for the case engine: a migrated database and a staff directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from app.definitions import shipped
from engine.case import roles_needed
from storage import repository
from storage.db import connect

PBJ = "pekalongan-pbj-penerbitan-pembayaran"


def all_roles_staff() -> list[dict]:
    """One person per (institution, unit) holding every role its workflows need,
    one person per role, and look-alikes in another unit and institution."""
    units: dict[tuple[str, str], set[str]] = {}
    for item in shipped():
        d = item.definition
        units.setdefault((d.institution, d.unit_code), set()).update(roles_needed(d))
    entries = [
        {
            "nip": f"{institution}-admin",
            "name": f"Admin {institution}",
            "institution": institution,
            "unit": "SETDA",
            "roles": ["admin"],
        }
        for institution in sorted({i for i, _ in units})
    ]
    for (institution, unit), roles in sorted(units.items()):
        base = f"{institution}-{unit}"
        entries.append(
            {
                "nip": f"{base}-all",
                "name": f"Semua {base}",
                "institution": institution,
                "unit": unit,
                "roles": sorted(roles),
            }
        )
        for role in sorted(roles):
            entries.append(
                {
                    "nip": f"{base}-{role}",
                    "name": f"{role} {base}",
                    "institution": institution,
                    "unit": unit,
                    "roles": [role],
                }
            )
        entries.append(
            {
                "nip": f"{base}-otherunit",
                "name": f"Lain {base}",
                "institution": institution,
                "unit": "ZZLAIN",
                "roles": sorted(roles),
            }
        )
        entries.append(
            {
                "nip": f"{base}-otherinst",
                "name": f"Luar {base}",
                "institution": "lain",
                "unit": unit,
                "roles": sorted(roles),
            }
        )
    return entries


def write_staff(path: Path) -> Path:
    path.write_text(yaml.safe_dump({"staff": all_roles_staff()}, allow_unicode=True))
    return path


def _staffed(url: str, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database at `url` with the all-roles staff directory stored directly:
    the look-alikes sit in a unit and an institution no staff file may name."""
    eng = connect(url)
    rows = [
        {k: v for k, v in e.items() if k != "unit"} | {"unit_code": e["unit"]}
        for e in all_roles_staff()
    ]
    with eng.begin() as conn:
        repository.upsert_staff(conn, rows)
    yield eng
    eng.dispose()


@pytest.fixture
def engine(db_url, tmp_path) -> Iterator[Engine]:
    yield from _staffed(db_url, tmp_path)


@pytest.fixture
def sqlite_engine(sqlite_url, tmp_path) -> Iterator[Engine]:
    yield from _staffed(sqlite_url, tmp_path)


@pytest.fixture
def pg_engine(postgres_url, tmp_path) -> Iterator[Engine]:
    yield from _staffed(postgres_url, tmp_path)
