"""A SQLite database with the sample staff (every one with the same password), and the app
over it with an injected clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from app.accounts import demo_passwords
from app.staff import SAMPLES_DIR, load_staff_files
from storage.db import connect
from tests.web.support import Clock, Visitor
from web.app import create_app
from web.auth import WebSettings

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 09.00 WIB


@pytest.fixture
def web_db(tmp_path) -> Iterator[tuple[str, str]]:
    """(database URL, the staff's shared password)."""
    url = f"sqlite:///{tmp_path / 'alur.db'}"
    engine = connect(url)
    load_staff_files(engine, sorted(SAMPLES_DIR.glob("*.yaml")), None, START)
    password = demo_passwords(engine, START)
    engine.dispose()
    yield url, password


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def settings() -> WebSettings:
    return WebSettings()


@pytest.fixture
def web_app(web_db, clock, settings):
    app = create_app(web_db[0], clock=clock, settings=settings)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def password(web_db) -> str:
    return web_db[1]


@pytest.fixture
def visitor(web_app) -> Iterator[Visitor]:
    with TestClient(web_app) as client:
        yield Visitor(client)


@pytest.fixture
def other_visitor(web_app) -> Iterator[Visitor]:
    with TestClient(web_app) as client:
        yield Visitor(client)
