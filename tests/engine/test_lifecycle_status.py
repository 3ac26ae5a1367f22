"""What staff read of a case's life: step commitments that count, the worklist's
three parts, blocked steps with their reason, and how a case stood at an earlier time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from engine_support import NO_HPS, PBJ_ITEMS

from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements
from app.lifecycle import assign_case, cancel_case
from app.queries import NotYetReceived, case_summary, worklist

WIB = ZoneInfo("Asia/Jakarta")
HIBAH = "pasuruan-kesra-hibah-uang"  # its only commitments are step times (1, 7, 3, 7 hari)
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
PETUGAS, VERIFIKATOR, KABAG = (f"pekalongan-PBJ-{r}" for r in ("petugas", "verifikator", "kabag"))
MON = datetime(2026, 11, 16, 9, 0, tzinfo=WIB)  # Monday, no holiday that week
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)


def test_a_step_commitment_makes_a_service_without_one_late(engine):
    opener = "pasuruan-KESRA-sekretariat"
    ref = open_case(engine, HIBAH, Applicant("Yayasan"), opener, MON, variant="badan-lembaga")
    # "1 (satu) hari" for the secretariat: due Tuesday at closing; by Wednesday it is late
    on_monday = case_summary(engine, ref, MON + timedelta(hours=1))
    assert on_monday["case_status"] == "none"  # no commitment for the whole case
    assert on_monday["sla_status"] == "on_track" and on_monday["deadline_of"] == "tahap"
    assert on_monday["deadline"] == on_monday["step_due"]
    wednesday = case_summary(engine, ref, MON + timedelta(days=2))
    assert wednesday["sla_status"] == "breached"
    assert wednesday["sla_detail"].startswith("tahap ini terlambat")


def _at_verifikasi(engine):
    ref = open_case(engine, PBJ, Applicant("Dinas PU"), PETUGAS, NOW, variant="barang", at=MON)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=MON)
    return ref


def test_the_worklist_has_three_parts(engine):
    mine, shared, waiting = (_at_verifikasi(engine) for _ in range(3))
    assign_case(engine, mine, VERIFIKATOR, KABAG, NOW)
    advance_case(engine, waiting, "kembalikan_tidak_lengkap", VERIFIKATOR, NOW, note=NO_HPS)
    assert [(i["ref"], i["section"]) for i in worklist(engine, VERIFIKATOR, NOW)] == [
        (mine, "untuk_saya"),
        (shared, "bagian_saya"),
    ]
    petugas = [(i["ref"], i["section"]) for i in worklist(engine, PETUGAS, NOW)]
    assert petugas == [(waiting, "menunggu_pemohon")]  # the PD must bring the missing items
    others = f"{VERIFIKATOR.rsplit('-', 1)[0]}-all"
    assert mine not in [i["ref"] for i in worklist(engine, others, NOW)]  # given to someone
    assert case_summary(engine, mine, NOW)["holder"] == "verifikator pekalongan-PBJ"


def test_a_step_blocked_by_its_guard_is_not_offered(engine):
    ref = _at_verifikasi(engine)
    shown = case_summary(engine, ref, NOW, VERIFIKATOR)
    assert shown["allowed_triggers"] == ["kembalikan_tidak_lengkap"]
    assert shown["blocked"][0]["reason"].startswith("persyaratan wajib belum lengkap")
    check_requirements(engine, ref, PBJ_ITEMS, VERIFIKATOR, NOW)
    shown = case_summary(engine, ref, NOW, VERIFIKATOR)
    assert shown["allowed_triggers"] == ["kembalikan_tidak_lengkap", "nyatakan_lengkap"]


def test_show_at_an_earlier_time_rebuilds_the_case_from_its_log(engine, monkeypatch):
    monkeypatch.setenv("ALUR_BACKDATE_DAYS", "9999")
    ref = _at_verifikasi(engine)
    back = MON + timedelta(hours=3)
    advance_case(engine, ref, "kembalikan_tidak_lengkap", VERIFIKATOR, NOW, at=back, note=NO_HPS)
    cancel_case(engine, ref, KABAG, NOW + timedelta(hours=1), reason="PD menarik berkas")
    then = case_summary(engine, ref, NOW, at=MON + timedelta(hours=1))
    assert then["state"] == "verifikasi" and then["outcome"] is None
    assert (
        then["due"] == "2026-11-20T11:00:00+07:00"
    )  # Friday closes at 11.00 and then["sla_status"] == "on_track"
    paused = case_summary(engine, ref, NOW, at=back + timedelta(hours=1))
    assert paused["paused"] and paused["state"] == "dikembalikan_untuk_dilengkapi"
    assert "(dijeda)" in paused["sla_detail"]
    later = case_summary(engine, ref, NOW + timedelta(hours=2), at=NOW + timedelta(hours=2))
    now_ = case_summary(engine, ref, NOW + timedelta(hours=2))
    for key in ("state", "outcome", "version", "due", "paused", "sla_status", "sla_detail"):
        assert later[key] == now_[key], key  # the log replays to the row as stored
    with pytest.raises(NotYetReceived):
        case_summary(engine, ref, NOW, at=MON - timedelta(days=1))


def test_optional_items_are_not_reported_missing(engine):
    ref = _at_verifikasi(engine)
    missing = check_requirements(engine, ref, PBJ_ITEMS, VERIFIKATOR, NOW)
    assert missing == []
    shown = case_summary(engine, ref, NOW, VERIFIKATOR)
    optional = [i for i in shown["checklist"] if i["optional"]]
    assert all(not i["done"] for i in optional)  # still listed, as opsional, never missing
