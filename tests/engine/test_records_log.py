"""Trustworthy records: every change to a case is a chained event that nobody can
quietly rewrite; the same assertions on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from engine_support import PBJ_ITEMS, events_of, row_of
from typer.testing import CliRunner

from app.audit import verify_chains
from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements, uncheck_requirements
from app.queries import case_history
from app.staff import deactivate_staff
from cli import app
from engine.errors import (
    BadEffectiveTime,
    CaseClosed,
    ReasonRequired,
    RoleRequired,
    SamePerson,
)
from storage import append_only

WIB = ZoneInfo("Asia/Jakarta")
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
PETUGAS, VERIFIKATOR, KABAG, ALL = (
    f"pekalongan-PBJ-{r}" for r in ("petugas", "verifikator", "kabag", "all")
)
MON = datetime(2026, 11, 16, 9, 0, tzinfo=WIB)  # Monday, no holiday that week
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)  # Friday of the same week
runner = CliRunner()


def _open(engine, at=MON, **kw):
    return open_case(
        engine, PBJ, Applicant("Dinas PU"), PETUGAS, NOW, variant="barang", at=at, **kw
    )


def _at_verifikasi(engine):
    ref = _open(engine)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=MON)
    return ref


def _seqs(engine, ref):
    return [e.seq for e in events_of(engine, ref)]


# 1. Every change to a case is an event ------------------------------------------------


def test_ticks_and_unticks_are_numbered_events_without_gaps(engine):
    ref = _at_verifikasi(engine)
    check_requirements(engine, ref, ["rup", "hps"], VERIFIKATOR, NOW)
    uncheck_requirements(engine, ref, ["hps"], VERIFIKATOR, NOW, reason="salah centang")
    history = case_history(engine, ref)
    assert [(e["seq"], e["kind"]) for e in history] == [
        (1, "langkah"),
        (2, "langkah"),
        (3, "centang"),
        (4, "hapus_centang"),
    ]
    assert history[2]["items"] == ["hps", "rup"] and history[2]["actor_nip"] == VERIFIKATOR
    assert history[3]["note"] == "salah centang" and history[3]["items"] == ["hps"]
    row = row_of(engine, ref)
    assert row.rev == row.last_seq == 4 == history[-1]["seq"]


def test_ticking_an_item_already_ticked_records_nothing(engine):
    ref = _at_verifikasi(engine)
    check_requirements(engine, ref, ["rup"], VERIFIKATOR, NOW)
    check_requirements(engine, ref, ["rup"], VERIFIKATOR, NOW)
    assert _seqs(engine, ref) == [1, 2, 3]


def test_only_the_role_holding_the_step_may_tick(engine):
    ref = _at_verifikasi(engine)
    with pytest.raises(RoleRequired):
        check_requirements(engine, ref, ["rup"], KABAG, NOW)  # the file is at the verifikator
    assert _seqs(engine, ref) == [1, 2]


def test_after_the_guard_passed_a_tick_needs_a_reason(engine):
    ref = _at_verifikasi(engine)
    check_requirements(engine, ref, PBJ_ITEMS[:-1], VERIFIKATOR, NOW)
    check_requirements(engine, ref, PBJ_ITEMS[-1:], VERIFIKATOR, NOW)
    advance_case(engine, ref, "nyatakan_lengkap", VERIFIKATOR, NOW)
    with pytest.raises(ReasonRequired):
        uncheck_requirements(engine, ref, ["rup"], KABAG, NOW, reason=None)
    uncheck_requirements(engine, ref, ["rup"], KABAG, NOW, reason="RUP kedaluwarsa")
    with pytest.raises(ReasonRequired, match="nyatakan_lengkap"):
        check_requirements(engine, ref, ["rup"], KABAG, NOW)
    check_requirements(engine, ref, ["rup"], KABAG, NOW, reason="RUP baru diterima")
    assert [e["kind"] for e in case_history(engine, ref)][-2:] == ["hapus_centang", "centang"]


def test_a_closed_case_checklist_does_not_change(engine):
    ref = _at_verifikasi(engine)
    check_requirements(engine, ref, PBJ_ITEMS, VERIFIKATOR, NOW)
    advance_case(engine, ref, "nyatakan_lengkap", VERIFIKATOR, NOW)
    advance_case(engine, ref, "terbitkan_rekomendasi", KABAG, NOW)
    advance_case(engine, ref, "ambil_dokumen", PETUGAS, NOW)
    with pytest.raises(CaseClosed):
        uncheck_requirements(engine, ref, ["rup"], PETUGAS, NOW, reason="x")


# 2. Append-only in the database ------------------------------------------------------


def test_the_database_refuses_to_edit_or_delete_events(engine):
    ref = _at_verifikasi(engine)
    for statement in (
        "UPDATE events SET actor_nip = '000'",
        "DELETE FROM events WHERE seq = 2",
        "DELETE FROM cases",  # no cascade: a case with a history cannot vanish
    ):
        with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert [e.actor_nip for e in events_of(engine, ref)] == [PETUGAS, PETUGAS]


def test_staff_changes_are_append_only(engine):
    deactivate_staff(engine, PETUGAS, "pekalongan-admin", NOW)  # one row of staff_changes
    with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM staff_changes")


# 3. Tamper evidence -------------------------------------------------------------------


def _tamper(engine, statement: str) -> None:
    with engine.begin() as conn:
        append_only.drop(conn)
        conn.exec_driver_sql(statement)
        append_only.install(conn)


def test_verify_names_the_first_edited_event(engine, db_url):
    refs = [_at_verifikasi(engine) for _ in range(3)]
    check_requirements(engine, refs[1], ["rup"], VERIFIKATOR, NOW)
    assert verify_chains(engine)["broken"] == []
    case_id = row_of(engine, refs[1]).id
    _tamper(engine, f"UPDATE events SET actor_nip = '000' WHERE case_id = {case_id} AND seq = 2")
    report = verify_chains(engine)
    assert report["cases"] == 3 and report["events"] == 7
    assert [(b["ref"], b["seq"]) for b in report["broken"]] == [(refs[1], 2)]
    result = runner.invoke(app, ["--db", db_url, "audit", "verify"])
    assert result.exit_code == 1
    assert f"RUSAK {refs[1]} peristiwa #2" in result.output


def test_verify_notices_a_deleted_event(engine):
    ref = _at_verifikasi(engine)
    check_requirements(engine, ref, ["rup"], VERIFIKATOR, NOW)
    case_id = row_of(engine, ref).id
    _tamper(engine, f"DELETE FROM events WHERE case_id = {case_id} AND seq = 2")
    (broken,) = verify_chains(engine, ref)["broken"]
    assert broken["seq"] == 3 and "terputus" in broken["reason"]


def test_verify_notices_a_deleted_newest_event(engine):
    ref = _at_verifikasi(engine)
    case_id = row_of(engine, ref).id
    _tamper(engine, f"DELETE FROM events WHERE case_id = {case_id} AND seq = 2")
    (broken,) = verify_chains(engine, ref)["broken"]
    assert broken["seq"] == 2


def test_verify_all_intact_exits_zero(engine, db_url):
    _at_verifikasi(engine)
    result = runner.invoke(app, ["--db", db_url, "audit", "verify", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"broken": []' in result.output


# 4. Four eyes -------------------------------------------------------------------------


def test_four_eyes_one_person_cannot_receive_verify_and_issue(engine):
    ref = open_case(engine, PBJ, Applicant("Dinas PU"), ALL, NOW, variant="barang", at=MON)
    advance_case(engine, ref, "serahkan_ke_verifikator", ALL, NOW)
    check_requirements(engine, ref, PBJ_ITEMS, ALL, NOW)
    with pytest.raises(SamePerson, match="serahkan_ke_verifikator"):
        advance_case(engine, ref, "nyatakan_lengkap", ALL, NOW)
    advance_case(engine, ref, "nyatakan_lengkap", VERIFIKATOR, NOW)
    advance_case(engine, ref, "terbitkan_rekomendasi", ALL, NOW)  # a different person verified
    assert row_of(engine, ref).state == "siap_diambil"


def test_four_eyes_the_kabag_cannot_issue_what_they_verified(engine):
    ref = _at_verifikasi(engine)
    check_requirements(engine, ref, PBJ_ITEMS, ALL, NOW)
    advance_case(engine, ref, "nyatakan_lengkap", ALL, NOW)
    with pytest.raises(SamePerson, match="nyatakan_lengkap"):
        advance_case(engine, ref, "terbitkan_rekomendasi", ALL, NOW)
    advance_case(engine, ref, "terbitkan_rekomendasi", KABAG, NOW)


# 5. Backdating ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "fragment"),
    [
        ("2026-11-12T23:59:00+07:00", "lebih dari 5 hari kerja"),  # Thursday of the week before
        ("1999-12-31T23:59:00+00:00", "sebelum tahun 2000"),
        ("0001-01-01T08:00:00+07:00", "sebelum tahun 2000"),
        ("2026-11-16T08:00:00+07:07:12", "kelipatan 15 menit"),  # what 1900 in Asia/Jakarta gives
        ("2026-11-21T08:00:00+07:00", "masa depan"),
    ],
)
def test_backdating_is_bounded(engine, at, fragment):
    with pytest.raises(BadEffectiveTime, match=fragment):
        _open(engine, at=datetime.fromisoformat(at))
    ref = _open(engine, at=MON)
    with pytest.raises(BadEffectiveTime):  # a step is held to the same bounds
        at_ = datetime.fromisoformat(at)
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=at_)
    assert _seqs(engine, ref) == [1]
    assert ref.endswith("-2026-000001")  # a refused opening used no number


def test_five_working_days_back_is_the_start_of_friday_before(engine):
    # NOW is Friday 20 Nov: five working days back is Friday 13 Nov, 00.00 WIB
    ref = _open(engine, at=datetime(2026, 11, 13, 0, 0, tzinfo=WIB))
    with pytest.raises(BadEffectiveTime):
        _open(engine, at=datetime(2026, 11, 12, 23, 59, tzinfo=WIB))
    assert row_of(engine, ref).received_at == datetime(2026, 11, 13, 0, 0, tzinfo=WIB)


def test_the_limit_is_set_per_institution(engine, monkeypatch):
    monkeypatch.setenv("ALUR_BACKDATE_DAYS", "5,pekalongan=1")
    with pytest.raises(BadEffectiveTime, match="lebih dari 1 hari kerja"):
        _open(engine, at=MON)


def test_a_step_more_than_an_hour_back_is_marked_backdated(engine):
    ref = _open(engine, at=NOW - timedelta(hours=3))
    advance_case(
        engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=NOW - timedelta(minutes=59)
    )
    check_requirements(engine, ref, ["rup"], VERIFIKATOR, NOW)
    assert [e["backdated"] for e in case_history(engine, ref)] == [True, False, False]


def test_cli_tick_untick_and_history_show_the_corrections(engine, db_url):
    ref = _at_verifikasi(engine)
    base = ["--db", db_url, "case"]
    result = runner.invoke(app, [*base, "check", ref, "rup", "hps", "--as", VERIFIKATOR])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, [*base, "uncheck", ref, "hps", "--as", VERIFIKATOR])
    assert result.exit_code == 2  # --reason is required
    args = [*base, "uncheck", ref, "hps", "--reason", "salah centang", "--as", VERIFIKATOR]
    assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(app, [*base, "history", ref])
    assert "centang: hps, rup" in result.output and "hapus_centang: hps" in result.output
    result = runner.invoke(app, [*base, "advance", ref, "nyatakan_lengkap", "--as", KABAG])
    assert result.exit_code == 3 and "kode permintaan" not in result.output


def test_a_backdating_refusal_names_the_limit_in_the_office_zone(engine):
    with pytest.raises(BadEffectiveTime, match=r"paling awal Jumat, 13 Nov 2026 00\.00 WIB"):
        _open(engine, at=datetime(2026, 11, 12, 23, 59, tzinfo=WIB))
