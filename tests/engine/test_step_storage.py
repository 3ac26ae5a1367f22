"""The step's hot path in `storage.steps`, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from engine_support import events_of, row_of
from sqlalchemy import text

from app.cases import Applicant, advance_case, open_case
from app.staff import UnknownStaff
from engine.errors import Conflict
from storage.errors import DatabaseFailed
from storage.steps import EVENT_COLUMNS, UPDATED_COLUMNS, step_session

WIB = ZoneInfo("Asia/Jakarta")
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
PETUGAS = "pekalongan-PBJ-petugas"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)


def _open(engine):
    return open_case(engine, PBJ, Applicant("Dinas PU"), PETUGAS, NOW, variant="barang", at=NOW)


def test_a_write_at_a_stale_version_writes_nothing(engine):
    ref = _open(engine)
    before = row_of(engine, ref)
    with pytest.raises(Conflict):
        with step_session(engine) as tx:
            found = tx.load(ref, PETUGAS)
            assert found is not None and found.case.rev == 1
            event = {
                "seq": 2,
                "workflow_id": PBJ,
                "workflow_version": 1,
                "from_state": before.state,
                "to_state": "verifikasi",
                "trigger": "serahkan_ke_verifikator",
                "actor_nip": PETUGAS,
                "actor_name": "x",
                "role": "petugas",
                "note": None,
                "effective_at": NOW,
                "recorded_at": NOW,
                "kind": "langkah",
                "items": None,
                "request_id": None,
                "hash": "0" * 64,
            }
            values = {name: getattr(before, name) for name in UPDATED_COLUMNS}
            assert not tx.write(found.case.id, 0, values, event)  # somebody else moved it
            raise Conflict(ref, 0, 1)
    assert row_of(engine, ref) == before
    assert len(events_of(engine, ref)) == 1


def test_load_reads_the_case_with_its_actor(engine):
    ref = _open(engine)
    with step_session(engine) as tx:
        found = tx.load(ref, PETUGAS)
        assert found is not None
        assert (found.case.ref, found.case.state, found.case.variant) == (
            ref,
            "berkas_diterima",
            "barang",
        )
        assert found.case.last_event_at == NOW and found.case.last_event_at.tzinfo is not None
        assert found.actor.nip == PETUGAS and "petugas" in found.actor.roles
        assert tx.load(ref, "tidak-ada").actor is None
        assert tx.load("PKL-PBJ-2026-999999", PETUGAS) is None


def test_unknown_staff_is_refused_and_nothing_written(engine):
    ref = _open(engine)
    before = row_of(engine, ref)
    with pytest.raises(UnknownStaff):
        advance_case(engine, ref, "serahkan_ke_verifikator", "199001012020121001", NOW)
    assert row_of(engine, ref) == before


def test_pooled_connections_stay_transactional_after_a_step(engine):
    """On PostgreSQL a step runs in autocommit; the connection must go back to the
    pool as it came, or a later multi-statement write would commit piecemeal."""
    ref = _open(engine)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW)
    with pytest.raises(RuntimeError):
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE cases SET applicant_name = 'X' WHERE ref = :ref"), {"ref": ref}
            )
            raise RuntimeError("half-way")
    assert row_of(engine, ref).applicant_name == "Dinas PU"


def test_a_write_the_database_refuses_writes_nothing(engine):
    """The audit insert fails (a NOT NULL column left empty) after the case update
    succeeded: the case row must not move either."""
    ref = _open(engine)
    before = row_of(engine, ref)
    with pytest.raises(DatabaseFailed, match="tidak ada yang tercatat"):
        with step_session(engine) as tx:
            found = tx.load(ref, PETUGAS)
            values = {name: getattr(before, name) for name in UPDATED_COLUMNS}
            values["state"] = "verifikasi"
            event = {name: None for name in EVENT_COLUMNS}
            tx.write(found.case.id, found.case.rev, values, event)
    assert row_of(engine, ref) == before
    assert len(events_of(engine, ref)) == 1
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW)  # the next step works
    assert row_of(engine, ref).rev == 2


def test_a_killed_server_connection_is_replaced(pg_engine):
    engine = pg_engine
    ref = _open(engine)
    with pytest.raises(DatabaseFailed):
        with step_session(engine) as tx:
            tx._cursor.execute("SELECT pg_backend_pid()")
            (pid,) = tx._cursor.fetchone()
            with engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            tx.load(ref, PETUGAS)
    assert advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW) == "verifikasi"
