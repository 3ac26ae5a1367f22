"""PPU Hibah keagamaan: items by applicant type, and a resubmission measured
from the same point as the first submission (the file found complete)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements
from app.definitions import shipped
from app.queries import case_summary
from engine.errors import GuardFailed
from sla import due, load_calendar, parse_duration

WITA = ZoneInfo("Asia/Makassar")
HIBAH = "ppu-kesra-hibah-keagamaan"
PETUGAS, TIM = "ppu-KESRA-petugas", "ppu-KESRA-tim"
ORMAS_ONLY = ["akta-notaris", "terdaftar-kesbanglimas", "npwp-izin-operasional"]
NOW = datetime(2026, 12, 31, 12, 0, tzinfo=WITA)


@pytest.fixture(autouse=True)
def _backdating_allowed(monkeypatch):
    monkeypatch.setenv("ALUR_BACKDATE_DAYS", "9999")  # the steps are dated long before NOW


def _definition():
    return next(i.definition for i in shipped() if i.definition.id == HIBAH)


def _required(variant: str) -> list[str]:
    return [r.id for r in _definition().requirements_for(variant) if not r.optional]


def _open(engine, variant: str, at: datetime) -> str:
    applicant = Applicant("Ketua Pengurus", "Ormas Uji")
    return open_case(engine, HIBAH, applicant, PETUGAS, NOW, variant=variant, at=at)


def _due_from(start: datetime) -> str:
    calendar = load_calendar("ppu-asn")
    duration = parse_duration("paling lama 30 (tiga puluh) hari", calendar.plain_hari)
    assert duration is not None
    return due(calendar, start, duration).isoformat()


def test_ormas_items_are_required_of_an_ormas_only():
    assert set(ORMAS_ONLY) <= set(_required("ormas"))
    for variant in ("lembaga-keagamaan", "organisasi-keagamaan"):
        assert not set(ORMAS_ONLY) & {r.id for r in _definition().requirements_for(variant)}
    assert "gambar-rencana" not in _required("ormas")  # depends on the use, not the applicant


def test_an_ormas_without_its_items_is_refused_naming_exactly_them(engine):
    ref = _open(engine, "ormas", datetime(2026, 11, 16, 9, 0, tzinfo=WITA))
    check_requirements(
        engine, ref, [r for r in _required("ormas") if r not in ORMAS_ONLY[:2]], PETUGAS, NOW
    )
    with pytest.raises(GuardFailed) as refused:
        advance_case(engine, ref, "nyatakan_lengkap", PETUGAS, NOW)
    assert str(refused.value) == (
        f"permohonan {ref}: persyaratan wajib belum lengkap: akta-notaris, terdaftar-kesbanglimas"
    )
    check_requirements(engine, ref, ORMAS_ONLY[:2], PETUGAS, NOW)
    assert advance_case(engine, ref, "nyatakan_lengkap", PETUGAS, NOW) == "monitoring"


def test_a_lembaga_keagamaan_passes_without_the_ormas_items(engine):
    ref = _open(engine, "lembaga-keagamaan", datetime(2026, 11, 16, 9, 0, tzinfo=WITA))
    check_requirements(engine, ref, _required("lembaga-keagamaan"), PETUGAS, NOW)
    assert advance_case(engine, ref, "nyatakan_lengkap", PETUGAS, NOW) == "monitoring"


def test_a_resubmitted_proposal_is_measured_from_its_completeness_check(engine):
    complete = datetime(2026, 11, 16, 10, 0, tzinfo=WITA)  # Monday
    ref = _open(engine, "ormas", datetime(2026, 11, 16, 9, 0, tzinfo=WITA))
    check_requirements(engine, ref, _required("ormas"), PETUGAS, NOW)
    steps = [
        ("nyatakan_lengkap", PETUGAS, complete),
        ("serahkan_ke_rapat_tim", PETUGAS, datetime(2026, 11, 17, 9, 0, tzinfo=WITA)),
        ("kembalikan_proposal", TIM, datetime(2026, 11, 18, 9, 0, tzinfo=WITA)),
    ]
    for trigger, nip, at in steps:
        note = "Proposal belum memuat RAB" if trigger == "kembalikan_proposal" else None
        advance_case(engine, ref, trigger, nip, NOW, at=at, note=note)
    assert case_summary(engine, ref, NOW)["due"] == _due_from(complete)
    resubmitted = datetime(2026, 11, 23, 9, 0, tzinfo=WITA)
    advance_case(engine, ref, "ajukan_kembali", PETUGAS, NOW, at=resubmitted)
    waiting = case_summary(engine, ref, NOW)
    assert waiting["state"] == "proposal_diterima" and waiting["paused"]  # reception: no clock
    complete_again = datetime(2026, 11, 25, 14, 0, tzinfo=WITA)
    advance_case(engine, ref, "nyatakan_lengkap", PETUGAS, NOW, at=complete_again)
    restarted = case_summary(engine, ref, NOW)
    assert not restarted["paused"]
    assert restarted["due"] == _due_from(complete_again) != _due_from(resubmitted)
