"""UtcDateTime: what it stores on SQLite is exactly what SQLAlchemy's own path stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeDecorator

from storage.types import UtcDateTime

DIALECT = sqlite.dialect()
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
INSTANTS = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(9999, 12, 30), timezones=OFFSETS
)


@given(INSTANTS)
def test_sqlite_text_is_what_sqlalchemy_would_store(value):
    typ = UtcDateTime().dialect_impl(DIALECT)  # as a statement compiled for SQLite uses it
    fast = typ.bind_processor(DIALECT)
    general = TypeDecorator.bind_processor(typ, DIALECT)  # process_bind_param, then the impl
    assert fast is not None and general is not None
    assert fast(value) == general(value)


def test_naive_instants_are_refused_on_every_path():
    process = UtcDateTime().bind_processor(DIALECT)
    assert process is not None
    with pytest.raises(ValueError, match="naive datetime 2026-11-16T09:00:00 refused"):
        process(datetime(2026, 11, 16, 9, 0))
    assert process(None) is None


def test_round_trip_through_a_sqlite_file(tmp_path):
    table = Table(
        "t", MetaData(), Column("id", Integer, primary_key=True), Column("at", UtcDateTime)
    )
    engine = create_engine(f"sqlite:///{tmp_path / 't.db'}")
    table.metadata.create_all(engine)
    wib = timezone(timedelta(hours=7))
    sent = [datetime(2026, 11, 16, 7, 30, tzinfo=wib), datetime(2026, 3, 1, 0, 0, 0, 5, tzinfo=UTC)]
    with engine.begin() as conn:
        conn.execute(insert(table), [{"at": at} for at in sent])
    with engine.connect() as conn:
        back = conn.execute(select(table.c.at).order_by(table.c.id)).scalars().all()
    assert back == sent and all(b.tzinfo is UTC for b in back)
    engine.dispose()


@given(st.datetimes(timezones=st.timezones(), min_value=datetime(2000, 1, 2)))
def test_the_chain_writes_an_instant_as_strftime_would(value):
    from datetime import UTC

    from storage.audit import _canonical

    assert _canonical(value) == value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
