"""The HTTP API under test: the router mounted at /api/v1 on a bare FastAPI app with a
migrated database, a small staff directory, a token per person and a clock the test moves
(no freezegun under ASGI). Fixtures here are imported by the API's test modules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.tokens import issue_token
from storage import repository
from storage.db import connect
from tests.web.support import Clock
from web.api import router

PBJ = "pekalongan-pbj-penerbitan-pembayaran"
EXAMPLE_REF = "PKL-PBJ-2026-000001"  # the first case of a test, and the document's example
START = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)  # Wednesday 10.00 WIB

# (nip, institution, unit, roles)
STAFF = [
    ("petugas", "pekalongan", "PBJ", ["petugas"]),
    ("verifikator", "pekalongan", "PBJ", ["verifikator"]),
    ("kabag", "pekalongan", "PBJ", ["kabag"]),
    ("admin", "pekalongan", "SETDA", ["admin"]),
    ("luar", "ppu", "PBJ", ["petugas", "verifikator", "kabag"]),
]


@dataclass
class Api:
    client: TestClient
    engine: Engine
    clock: Clock
    tokens: dict[str, str] = field(default_factory=dict)

    def auth(self, nip: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[nip]}"}

    def call(self, method: str, path: str, nip: str | None, **kwargs: Any) -> Any:
        headers = {**(self.auth(nip) if nip else {}), **kwargs.pop("headers", {})}
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    def open_case(self, nip: str = "petugas", **body: Any) -> str:
        body = {"service": PBJ, "applicant": "Dinas PUPR", "variant": "barang", **body}
        response = self.call("POST", "/cases", nip, json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["ref"])


def make_app(engine: Engine, clock: Any) -> FastAPI:
    """The tiny app the tests and the benchmark mount the router on."""
    app = FastAPI(title="alur API (uji)")
    app.state.engine, app.state.clock = engine, clock
    app.include_router(router, prefix="/api/v1")
    return app


def staffed_engine(url: str) -> Engine:
    engine = connect(url)
    rows = [
        {"nip": nip, "name": f"Pegawai {nip}", "institution": inst, "unit_code": unit,
         "roles": roles}
        for nip, inst, unit, roles in STAFF
    ]  # fmt: skip
    with engine.begin() as conn:
        repository.upsert_staff(conn, rows)
    return engine


@pytest.fixture
def api(sqlite_url) -> Iterator[Api]:
    yield from _served(sqlite_url)


@pytest.fixture
def api_on(db_url) -> Iterator[Api]:
    """The API on SQLite and on PostgreSQL."""
    yield from _served(db_url)


def _served(url: str) -> Iterator[Api]:
    engine = staffed_engine(url)
    clock = Clock(START)
    tokens = {nip: issue_token(engine, nip, "uji", nip, START).token for nip, *_ in STAFF}
    with TestClient(make_app(engine, clock), raise_server_exceptions=True) as client:
        yield Api(client, engine, clock, tokens)
    engine.dispose()
