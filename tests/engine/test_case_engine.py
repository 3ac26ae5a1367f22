"""The storage contract: the same assertions on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from engine_support import NO_HPS, PBJ_ITEMS, events_of, row_of
from sqlalchemy import func, select

from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements
from app.queries import case_history, case_summary, worklist
from engine.errors import (
    BadEffectiveTime,
    Conflict,
    GuardFailed,
    NoteRequired,
    RoleRequired,
    TransitionNotAllowed,
    UnknownRequirement,
    UnknownTrigger,
    UnknownVariant,
)
from sla import NaiveDatetimeError
from storage.errors import UnknownCase
from storage.schema import events

WIB = ZoneInfo("Asia/Jakarta")
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
PETUGAS, VERIFIKATOR, KABAG = (f"pekalongan-PBJ-{r}" for r in ("petugas", "verifikator", "kabag"))
MON = datetime(2026, 11, 16, 9, 0, tzinfo=WIB)  # Monday, no holiday that week
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)


def _open(engine, at=MON, variant="barang"):
    return open_case(
        engine, PBJ, Applicant("Dinas PU", "DPUPR"), PETUGAS, NOW, variant=variant, at=at
    )


def test_reference_numbers_are_per_institution_unit_and_year(engine):
    refs = [_open(engine) for _ in range(3)]
    assert refs == [f"PKL-PBJ-2026-{n:06d}" for n in (1, 2, 3)]
    later = datetime(2027, 1, 4, 9, 0, tzinfo=WIB)
    ref = open_case(engine, PBJ, Applicant("X"), PETUGAS, later, variant="barang", at=later)
    assert ref == "PKL-PBJ-2027-000001"


def test_main_path_with_clock_and_audit(engine):
    ref = _open(engine)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=MON + timedelta(hours=1))
    check_requirements(engine, ref, PBJ_ITEMS, VERIFIKATOR, NOW)
    advance_case(engine, ref, "nyatakan_lengkap", VERIFIKATOR, NOW, at=MON + timedelta(hours=2))
    advance_case(engine, ref, "terbitkan_rekomendasi", KABAG, NOW, at=MON + timedelta(hours=3))
    summary = case_summary(engine, ref, NOW)
    assert summary["state"] == "siap_diambil"
    # clock started on entering verifikasi Monday 10.00: 4 hari kerja -> Friday closing 11.00
    assert summary["due"] == "2026-11-20T11:00:00+07:00"
    assert summary["sla_status"] == "on_track"
    history = case_history(engine, ref)
    assert [e["trigger"] for e in history] == [
        "buka_permohonan",
        "serahkan_ke_verifikator",
        "centang",
        "nyatakan_lengkap",
        "terbitkan_rekomendasi",
    ]
    assert [e["seq"] for e in history] == [1, 2, 3, 4, 5]
    assert history[2]["kind"] == "centang" and history[2]["items"] == sorted(PBJ_ITEMS)
    assert history[-1]["to_state"] == summary["state"]
    assert history[1]["effective_at"] == "2026-11-16T10:00:00+07:00"
    assert history[1]["recorded_at"] == "2026-11-20T10:00:00+07:00"


def test_send_back_pauses_and_resubmission_restarts_the_clock(engine):
    ref = _open(engine)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=MON)
    back = MON + timedelta(hours=1)
    advance_case(engine, ref, "kembalikan_tidak_lengkap", VERIFIKATOR, NOW, at=back, note=NO_HPS)
    paused = case_summary(engine, ref, NOW)
    assert paused["paused"] and paused["state"] == "dikembalikan_untuk_dilengkapi"
    wed = datetime(2026, 11, 18, 8, 0, tzinfo=WIB)
    advance_case(engine, ref, "serahkan_kembali", PETUGAS, NOW, at=wed)
    resumed = case_summary(engine, ref, NOW)
    assert not resumed["paused"]
    assert resumed["due"] == "2026-11-24T15:45:00+07:00"  # reset: 4 hari kerja from Wednesday


def test_refusals_write_nothing(engine):
    ref = _open(engine)
    before = row_of(engine, ref)
    with pytest.raises(RoleRequired, match="verifikator"):
        advance_case(engine, ref, "serahkan_ke_verifikator", VERIFIKATOR, NOW)
    with pytest.raises(UnknownTrigger) as unknown:
        advance_case(engine, ref, "terbang", PETUGAS, NOW)
    assert unknown.value.allowed == ["serahkan_ke_verifikator"]
    with pytest.raises(TransitionNotAllowed):
        advance_case(engine, ref, "terbitkan_rekomendasi", KABAG, NOW)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW)
    middle = row_of(engine, ref)
    with pytest.raises(GuardFailed, match="rup"):
        advance_case(engine, ref, "nyatakan_lengkap", VERIFIKATOR, NOW)
    with pytest.raises(UnknownRequirement):
        check_requirements(engine, ref, ["rup", "tidak-ada"], VERIFIKATOR, NOW)
    with pytest.raises(Conflict):
        advance_case(engine, ref, "kembalikan_tidak_lengkap", VERIFIKATOR, NOW, expect_rev=1)
    with pytest.raises(NoteRequired, match="alasan pengembalian wajib diisi: langkah"):
        advance_case(engine, ref, "kembalikan_tidak_lengkap", VERIFIKATOR, NOW, note=" \n ")
    assert row_of(engine, ref) == middle
    assert before.rev == 1 and middle.rev == 2
    assert len(events_of(engine, ref)) == 2


def test_effective_time_may_not_be_future_or_before_previous_step(engine):
    ref = _open(engine, at=MON + timedelta(hours=2))
    with pytest.raises(BadEffectiveTime, match="masa depan"):
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=NOW + timedelta(1))
    with pytest.raises(BadEffectiveTime, match="lebih awal"):
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=MON)
    with pytest.raises(NaiveDatetimeError):
        advance_case(
            engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=datetime(2026, 11, 16)
        )
    assert row_of(engine, ref).rev == 1


def test_variant_is_required_where_the_workflow_has_them(engine):
    with pytest.raises(UnknownVariant, match="barang"):
        _open(engine, variant=None)
    with pytest.raises(UnknownVariant):
        _open(engine, variant="kapal-selam")


def test_unknown_case(engine):
    with pytest.raises(UnknownCase):
        advance_case(engine, "PKL-PBJ-2026-999999", "x", PETUGAS, NOW)


def test_worklist_shows_cases_waiting_on_my_roles(engine):
    ref = _open(engine)
    assert [c["ref"] for c in worklist(engine, PETUGAS, NOW)] == [ref]
    assert worklist(engine, VERIFIKATOR, NOW) == []
    assert worklist(engine, "pekalongan-PBJ-otherunit", NOW) == []


def test_audit_rows_are_never_rewritten(engine):
    ref = _open(engine)
    first = events_of(engine, ref)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW)
    assert events_of(engine, ref)[:1] == first
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 2


def test_time_is_stored_as_an_instant(engine):
    at = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
    ref = _open(engine, at=at)
    assert row_of(engine, ref).received_at == at
