"""A database with the PBJ unit of Kota Pekalongan staffed, and its Asisten and Sekda."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from storage import repository
from storage.db import connect

WIB = ZoneInfo("Asia/Jakarta")
PBJ = "pekalongan-pbj-penerbitan-pembayaran"

STAFF = [
    ("P1", "Siti Petugas", "PBJ", ["petugas"]),
    ("V1", "Budi Verifikator", "PBJ", ["verifikator"]),
    ("K1", "Dewi Kabag", "PBJ", ["kabag"]),
    ("A1", "Agus Asisten", "SETDA", ["asisten"]),
    ("S1", "Rina Sekda", "SETDA", ["sekda"]),
]


def staff_rows(without: tuple[str, ...] = ()) -> list[dict]:
    return [
        {"nip": nip, "name": name, "institution": "pekalongan", "unit_code": unit, "roles": roles}
        for nip, name, unit, roles in STAFF
        if nip not in without
    ]


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def _staffed(url: str) -> Iterator[Engine]:
    eng = connect(url)
    with eng.begin() as conn:
        repository.upsert_staff(conn, staff_rows())
    yield eng
    eng.dispose()


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    yield from _staffed(db_url)


@pytest.fixture
def sqlite_engine(sqlite_url) -> Iterator[Engine]:
    yield from _staffed(sqlite_url)


@pytest.fixture
def pg_engine(postgres_url) -> Iterator[Engine]:
    yield from _staffed(postgres_url)
