"""A guard refusal names exactly the missing required items, never an optional one."""

from __future__ import annotations

import pytest

from app.definitions import shipped
from engine.case import Actor, CaseView, missing_requirements, plan_step
from engine.errors import GuardFailed

ANJAB = "ppu-org-konsultasi-anjab-kelembagaan"  # surat-tugas is "(jika ada)": optional
PETUGAS = Actor("1", "Petugas", "ppu", "ORG", frozenset({"petugas"}))


def _item():
    return next(i for i in shipped() if i.definition.id == ANJAB)


def _view(checked: set[str]) -> CaseView:
    return CaseView("PPU-ORG-2026-000001", "pemohon_datang", None, frozenset(checked), False)


@pytest.mark.parametrize(
    ("checked", "message"),
    [
        (set(), "persyaratan wajib belum lengkap: opd-pemkab, dokumen"),
        ({"surat-tugas"}, "persyaratan wajib belum lengkap: opd-pemkab, dokumen"),
        ({"opd-pemkab"}, "persyaratan wajib belum lengkap: dokumen"),
    ],
)
def test_the_refusal_lists_the_missing_required_items(checked, message):
    item = _item()
    with pytest.raises(GuardFailed) as refused:
        plan_step(item.definition, item.digest, _view(checked), "mulai_konsultasi", PETUGAS)
    assert str(refused.value) == f"permohonan PPU-ORG-2026-000001: {message}"
    assert refused.value.guard == "requirements_complete"


def test_an_unticked_optional_item_is_never_missing():
    item = _item()
    view = _view({"opd-pemkab", "dokumen"})
    assert missing_requirements(item.definition, view) == []
    step = plan_step(item.definition, item.digest, view, "mulai_konsultasi", PETUGAS)
    assert step.to_state == "konsultasi"
