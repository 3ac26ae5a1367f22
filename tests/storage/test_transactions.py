"""A write that need not wait for the disk relaxes only its own commit, on both databases."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import connect
from storage.schema import staff
from storage.transactions import writing

SETTING = {"sqlite": "PRAGMA synchronous", "postgresql": "SHOW synchronous_commit"}
DURABLE = {"sqlite": 2, "postgresql": "on"}  # FULL; on
RELAXED = {"sqlite": 1, "postgresql": "off"}  # NORMAL; off


def test_a_write_without_waiting_for_the_disk_relaxes_that_commit_only(db_url):
    engine = connect(db_url)
    name = engine.dialect.name
    try:
        with writing(engine, durable=False) as conn:
            assert conn.exec_driver_sql(SETTING[name]).scalar() == RELAXED[name]
            conn.execute(
                staff.insert().values(
                    nip="X1",
                    name="Uji",
                    institution="pekalongan",
                    unit_code="PBJ",
                    roles=["petugas"],
                )
            )
        for _ in range(3):  # every pooled connection is durable again
            with writing(engine) as conn:
                assert conn.exec_driver_sql(SETTING[name]).scalar() == DURABLE[name]
        with engine.connect() as conn:
            assert conn.execute(select(staff.c.name)).scalars().all() == ["Uji"]
    finally:
        engine.dispose()
