"""Which steps send the berkas back to the applicant, and so need a reason.

`Definition.sends_back` reads it from each workflow's structure (into a paused state,
from which the case can come back to where it was), or from the transition's own
`sends_back` where the structure does not show it. Every shipped workflow is checked
against the list below, which a reader can hold against the
decrees; the use case refusing such a step without a reason is driven for every one of
them in test_every_workflow.
"""

from __future__ import annotations

import pytest

from app.definitions import shipped

SEND_BACKS = {
    "pasuruan-kesra-hibah-uang": {"kembalikan_tidak_lengkap", "minta_penyesuaian"},
    "pasuruan-org-perumusan-tugas-fungsi": {"kembalikan_tidak_lengkap"},
    "pasuruan-pbj-registrasi-verifikasi-penyedia": {"kembalikan_tidak_lengkap"},
    "pekalongan-hukum-bantuan-hukum-masyarakat-miskin": {"minta_pemenuhan_syarat"},
    "pekalongan-hukum-penerbitan-perwal-sk-inwal": {"kembalikan_untuk_diperbaiki"},
    "pekalongan-pbj-penerbitan-pembayaran": {"kembalikan_tidak_lengkap", "kembalikan_tidak_sesuai"},
    "pekalongan-pbj-registrasi-verifikasi-penyedia": {"kembalikan_tidak_lengkap"},
    "pekalongan-prokopim-kerjasama-media": {"kembalikan_untuk_revisi"},
    "ppu-kesra-hibah-keagamaan": {"kembalikan_proposal"},
}


def _page_rule_before(d) -> set[str]:
    """The case page's rule before it moved into the engine: into a paused state that a
    resubmission (`sla.resets_on`) leaves."""
    resubmitted = {s for u in d.transitions if u.trigger in d.sla.resets_on for s in u.source}
    return {t.trigger for t in d.transitions if t.dest in d.sla.pauses_in and t.dest in resubmitted}


@pytest.mark.parametrize("item", shipped(), ids=lambda i: i.definition.id)
def test_the_send_backs_of_every_shipped_workflow(item):
    d = item.definition
    expected = SEND_BACKS.get(d.id, set())
    assert {t.trigger for t in d.transitions if d.sends_back(t.trigger)} == expected
    if d.id not in CHANGED_SINCE_THE_PAGE_RULE:
        assert expected == _page_rule_before(d)


# Where the page's old rule was wrong: hibah keagamaan (below); a revision returned with
# no restart of the clock (kerjasama media: the case comes back to the check it left); a
# request to adjust the proposal, declared `sends_back: true` (hibah uang, Pasuruan).
CHANGED_SINCE_THE_PAGE_RULE = {
    "ppu-kesra-hibah-keagamaan",
    "pekalongan-prokopim-kerjasama-media",
    "pasuruan-kesra-hibah-uang",
}


def test_a_resubmission_is_not_a_send_back_and_the_return_before_it_is():
    """Hibah keagamaan (PPU): the rapat tim returns the proposal (the clock pauses), the
    applicant brings it back to reception (still paused), and the completeness check
    there restarts the clock. The page's old rule asked the resubmission for a reason and
    not the return; the return is the send-back."""
    d = next(i.definition for i in shipped() if i.definition.id == "ppu-kesra-hibah-keagamaan")
    assert _page_rule_before(d) == {"ajukan_kembali"}
    assert d.sends_back("kembalikan_proposal")
    assert not d.sends_back("ajukan_kembali")
    assert not d.sends_back("sampaikan_hasil_verifikasi")  # waits on the applicant, no reset
    assert not d.sends_back("tidak_ada")


def test_the_number_of_shipped_workflows_checked():
    assert len(shipped()) == 91
    assert sum(len(v) for v in SEND_BACKS.values()) == 11


def test_a_return_for_revision_needs_a_reason_though_the_clock_only_pauses():
    """Kerjasama media: the bukti tayang returned for revision comes back to the staff's
    check; the clock pauses and resumes (no restart), and it is still a send-back."""
    d = next(
        i.definition for i in shipped() if i.definition.id == "pekalongan-prokopim-kerjasama-media"
    )
    assert "kembalikan_untuk_revisi" not in d.sla.resets_on
    assert d.sends_back("kembalikan_untuk_revisi")
    assert not d.sends_back("serahkan_spk")  # the SPK goes to the applicant and the case goes on


def test_a_declared_send_back_overrides_the_structure_both_ways():
    from engine.definition import Definition

    item = next(i for i in shipped() if i.definition.id == "pasuruan-kesra-hibah-uang")
    body = item.definition.model_dump(mode="json", by_alias=True)
    assert Definition.model_validate(body).sends_back("minta_penyesuaian")  # declared true
    for t in body["transitions"]:
        t.pop("sends_back", None)
        if t["trigger"] == "kembalikan_tidak_lengkap":
            t["sends_back"] = False
    plain = Definition.model_validate(body)
    assert not plain.sends_back("minta_penyesuaian")  # the structure alone: goes on
    assert not plain.sends_back("kembalikan_tidak_lengkap")  # declared false
