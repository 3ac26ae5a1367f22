"""Whole lifecycles: cancel, lapse, disposisi and front-desk opening, on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from engine_support import NO_HPS, events_of, row_of

from app.cases import Applicant, advance_case, open_case
from app.definitions import shipped
from app.lifecycle import LapseNotDue, assign_case, cancel_case, lapse_case
from app.queries import case_summary
from app.staff_sample import sample_entries
from engine.case import SUPERVISOR_ROLE, acting_role, openers
from engine.errors import CaseClosed, ReasonRequired, RoleRequired

WIB = ZoneInfo("Asia/Jakarta")
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
PETUGAS, VERIFIKATOR, KABAG, ALL = (
    f"pekalongan-PBJ-{r}" for r in ("petugas", "verifikator", "kabag", "all")
)
MON = datetime(2026, 11, 16, 9, 0, tzinfo=WIB)
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)


def _open(engine):
    return open_case(engine, PBJ, Applicant("Dinas PU"), PETUGAS, NOW, variant="barang", at=MON)


def test_the_holder_of_the_step_cancels_with_a_reason_and_the_clock_stops(engine):
    ref = _open(engine)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=MON)
    with pytest.raises(RoleRequired):
        cancel_case(engine, ref, PETUGAS, NOW, reason="PD menarik berkas")  # not his step now
    with pytest.raises(ReasonRequired, match="alasan"):  # bad input (exit 2), like an untick
        cancel_case(engine, ref, VERIFIKATOR, NOW, reason="  ")
    cancel_case(engine, ref, VERIFIKATOR, NOW, reason="PD menarik berkas")
    row = row_of(engine, ref)
    assert row.outcome == "dibatalkan" and row.role is None
    assert row.clock_stopped_at == NOW
    last = events_of(engine, ref)[-1]
    assert (last.kind, last.note, last.seq) == ("pembatalan", "PD menarik berkas", row.rev)
    with pytest.raises(CaseClosed):
        advance_case(engine, ref, "nyatakan_lengkap", VERIFIKATOR, NOW)


def test_the_kabag_may_cancel_any_open_case_of_the_unit(engine):
    ref = _open(engine)
    cancel_case(engine, ref, KABAG, NOW, reason="permohonan ganda")
    assert row_of(engine, ref).outcome == "dibatalkan"
    with pytest.raises(CaseClosed):
        cancel_case(engine, ref, KABAG, NOW, reason="lagi")


def test_a_case_waiting_on_the_applicant_lapses_only_after_the_rule(engine, monkeypatch):
    ref = _open(engine)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=MON)
    advance_case(engine, ref, "kembalikan_tidak_lengkap", VERIFIKATOR, NOW, at=MON, note=NO_HPS)
    with pytest.raises(LapseNotDue, match="tidak menetapkan"):
        lapse_case(engine, ref, NOW)
    monkeypatch.setenv("ALUR_LAPSE_AFTER", "ppu=1 hari kerja,pekalongan=14 hari kerja")
    with pytest.raises(LapseNotDue, match="berakhir"):
        lapse_case(engine, ref, NOW)
    later = MON + timedelta(days=21)  # 15 working days after a Monday, no holiday
    lapse_case(engine, ref, later)
    row = row_of(engine, ref)
    assert row.outcome == "gugur"
    assert events_of(engine, ref)[-1].actor_nip == "sistem"


def test_a_case_at_the_office_does_not_lapse(engine, monkeypatch):
    monkeypatch.setenv("ALUR_LAPSE_AFTER", "1 hari kerja")
    ref = _open(engine)
    with pytest.raises(LapseNotDue, match="tidak sedang menunggu pemohon"):
        lapse_case(engine, ref, NOW + timedelta(days=30))


def test_disposisi_follows_the_case_until_the_role_changes(engine):
    ref = _open(engine)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=MON)
    with pytest.raises(RoleRequired):
        assign_case(engine, ref, VERIFIKATOR, PETUGAS, NOW)  # only the Kabag gives disposisi
    with pytest.raises(RoleRequired):
        assign_case(engine, ref, PETUGAS, KABAG, NOW)  # he does not hold the step's role
    assert assign_case(engine, ref, VERIFIKATOR, KABAG, NOW) == row_of_name(engine, VERIFIKATOR)
    assert row_of(engine, ref).assignee_nip == VERIFIKATOR
    assert events_of(engine, ref)[-1].kind == "disposisi"
    advance_case(engine, ref, "kembalikan_tidak_lengkap", VERIFIKATOR, NOW, note=NO_HPS)
    assert row_of(engine, ref).assignee_nip is None  # now at the petugas (for the PD)


def test_a_person_claims_a_case_of_their_role(engine):
    ref = _open(engine)
    assign_case(engine, ref, PETUGAS, PETUGAS, NOW)
    assert row_of(engine, ref).assignee_nip == PETUGAS


def row_of_name(engine, nip: str) -> str:
    from storage import repository

    with engine.connect() as conn:
        return repository.staff_by_nip(conn, nip).name


def test_the_front_desk_opens_a_service_whose_first_step_is_the_kabag(engine):
    item = next(
        i
        for i in shipped()
        if i.definition.states[i.definition.initial].role == SUPERVISOR_ROLE
        and "petugas" in openers(i.definition)
    )
    d = item.definition
    variant = d.variants.options[0].id if d.variants else None
    nip = f"{d.institution}-{d.unit_code}-petugas"
    ref = open_case(engine, d.id, Applicant("Warga"), nip, NOW, variant=variant)
    summary = case_summary(engine, ref, NOW)
    assert summary["state"] == d.initial and summary["role"] == SUPERVISOR_ROLE


def test_every_open_step_of_every_workflow_has_someone_who_may_cancel_it():
    samples = {
        (e["institution"], e["unit"], r)
        for entries in sample_entries().values()
        for e in entries
        for r in e["roles"]  # type: ignore[union-attr]
    }
    for item in shipped():
        d = item.definition
        for name, state in d.states.items():
            if state.outcome is not None:
                continue
            role = acting_role(d, state.role or "")
            unit = "SETDA" if d.roles[role].scope.value == "institution" else d.unit_code
            holders = {(d.institution, unit, role), (d.institution, d.unit_code, SUPERVISOR_ROLE)}
            assert holders & samples, f"{d.id}: nobody may cancel at {name}"
        assert any((d.institution, d.unit_code, r) in samples for r in openers(d)), d.id
