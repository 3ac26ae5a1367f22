"""Shared fixtures: a database URL for each backend, each test isolated."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from sla import forget_registered_calendars

POSTGRES_URL = os.environ.get(
    "ALUR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_unreachable() -> str | None:
    try:
        engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError as exc:
        return f"no PostgreSQL server at {POSTGRES_URL}: {str(exc.orig).strip().splitlines()[0]}"
    return None


_PG_SKIP: str | bool | None = False


def postgres_skip_reason() -> str | None:
    global _PG_SKIP
    if _PG_SKIP is False:
        _PG_SKIP = _postgres_unreachable()
    return _PG_SKIP  # type: ignore[return-value]


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory) -> Iterator[None]:
    """Keep the definition cache of the test run out of the user's own cache folder."""
    previous = os.environ.get("ALUR_CACHE_DIR")
    os.environ["ALUR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("ALUR_CACHE_DIR", None)
    else:
        os.environ["ALUR_CACHE_DIR"] = previous


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the PostgreSQL server, dropped afterwards."""
    yield from fresh_postgres()


@pytest.fixture(scope="module")
def module_postgres_url() -> Iterator[str]:
    """`postgres_url` shared by the tests of one module (e.g. a simulated month)."""
    yield from fresh_postgres()


def fresh_postgres() -> Iterator[str]:
    """A fresh database on the server, dropped afterwards; skips where none answers."""
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    name = f"alur_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _no_office_calendars_left_over() -> Iterator[None]:
    """Calendars an office folder registered in one test are not seen by the next."""
    yield
    forget_registered_calendars()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'alur.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """The same test on an SQLite file and on a PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")
