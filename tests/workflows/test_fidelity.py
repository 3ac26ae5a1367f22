"""Properties every shipped workflow keeps, checked file by file.

- every non-terminal state can still reach a terminal state;
- no `resets_on` trigger lands before the clock's start (see README, "How a
  workflow runs");
- items that belong to one kind of applicant are variant items, never `optional`:
  every optional item is listed below with the condition that makes it optional,
  so a new one is reviewed here;
- every state label says what is pending, and is not the label of the step that
  led into it (the state is where the case waits, not what just happened).
"""

from __future__ import annotations

import re
from collections import deque
from functools import cache
from pathlib import Path

import pytest

from engine.checks import before_clock_start
from engine.definition import Definition
from workflows.loader import LoadedDefinition, load_all, shipped_files

FILES = shipped_files()


def _ids(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="module", params=FILES, ids=_ids)
def definition(request: pytest.FixtureRequest) -> Definition:
    path = f"workflows/{request.param.parent.name}/{request.param.name}"
    return next(item.definition for item in _loaded() if item.path == path)


@cache
def _loaded() -> tuple[LoadedDefinition, ...]:
    return tuple(load_all())


def test_every_non_terminal_state_can_reach_a_terminal_state(definition: Definition) -> None:
    d = definition
    terminals = set(d.terminal_states())
    for name in d.states:
        seen, queue = {name}, deque([name])
        while queue and not seen & terminals:
            for t in d.transitions_from(queue.popleft()):
                if t.dest not in seen:
                    seen.add(t.dest)
                    queue.append(t.dest)
        assert seen & terminals, f"{d.id}: no terminal state reachable from {name!r}"


def test_no_reset_lands_before_the_clock_starts(definition: Definition) -> None:
    d = definition
    before = before_clock_start(d)
    for t in d.transitions:
        if t.trigger in d.sla.resets_on:
            assert t.dest not in before, f"{d.id}: {t.trigger} -> {t.dest}"
            assert not all(s in d.stop_states for s in t.source), f"{d.id}: {t.trigger}"


def test_labels_say_what_is_pending(definition: Definition) -> None:
    d = definition
    for name, state in d.states.items():
        assert state.label.strip(), f"{d.id}: state {name!r} has no label"
        if state.outcome is not None:
            continue
        for t in d.transitions:
            if t.dest == name and t.label and name not in t.source:
                assert _first_clause(state.label) != _first_clause(t.label), (
                    f"{d.id}: state {name!r} repeats the step {t.trigger!r} that led into it"
                )


def test_a_label_does_not_open_with_another_actor(definition: Definition) -> None:
    d = definition
    for name, state in d.states.items():
        if state.role is None:
            continue
        own = d.roles[state.role].label.lower()
        label = state.label.lower()
        for key, role in d.roles.items():
            other = role.label.lower()
            if key != state.role and other not in own and label.startswith(other):
                raise AssertionError(f"{d.id}: state {name!r} waits on {own!r}, label: {label!r}")


def _first_clause(text: str) -> str:
    return re.split(r"[;:]", text, maxsplit=1)[0].strip().lower()


# --- requirements by applicant type -------------------------------------------------

OPTIONAL_ITEMS = {
    # (workflow, item): the condition, which is not a kind of applicant
    ("ppu-org-konsultasi-pelayanan-publik-tatalaksana", "surat-tugas"): "jika ada",
    ("ppu-org-konsultasi-anjab-kelembagaan", "surat-tugas"): "jika ada",
    ("ppu-org-konsultasi-pengembangan-kinerja", "surat-tugas"): "jika ada",
    ("ppu-kesra-hibah-keagamaan", "gambar-rencana"): "bagi pengguna bangunan / fisik baru",
    (
        "pasuruan-pbj-registrasi-verifikasi-penyedia",
        "surat-kuasa",
    ): "pembawa dokumen selain Direktur",
    ("pasuruan-pbj-registrasi-verifikasi-penyedia", "ktp-penerima-kuasa"): "jika dikuasakan",
    ("pasuruan-kesra-hibah-uang", "kontrak-sewa-badan"): "yang kantornya menyewa",
    ("pasuruan-kesra-hibah-uang", "kontrak-sewa-ormas"): "yang kantornya menyewa",
    ("pasuruan-kesra-hibah-uang", "dokumen-teknis"): "tujuan penggunaan bangunan/fisik",
    ("pekalongan-pbj-registrasi-verifikasi-penyedia", "surat-kuasa"): "untuk yang diwakilkan",
}

SUBTYPE_ITEMS = {
    # (workflow, item): the variants it belongs to, as the decree names the applicant
    ("ppu-kesra-hibah-keagamaan", "akta-notaris"): ["ormas"],
    ("ppu-kesra-hibah-keagamaan", "terdaftar-kesbanglimas"): ["ormas"],
    ("ppu-kesra-hibah-keagamaan", "npwp-izin-operasional"): ["ormas"],
}

# "bagi Ormas", "untuk Badan/Lembaga": an item written for one kind of applicant.
_FOR_A_KIND = re.compile(
    r"\b(bagi|untuk|khusus)\s+(ormas|organisasi|badan|lembaga|yayasan|perseorangan|"
    r"perorangan|koperasi|perusahaan|cv|pt)\b",
    re.IGNORECASE,
)


@cache
def _all() -> tuple[Definition, ...]:
    return tuple(item.definition for item in _loaded())


def test_every_optional_item_is_listed_with_its_condition() -> None:
    optional = {(d.id, r.id): r.text for d in _all() for r in d.requirements if r.optional}
    assert set(optional) == set(OPTIONAL_ITEMS)
    for key, condition in OPTIONAL_ITEMS.items():
        assert condition.lower() in optional[key].lower(), key


def test_items_of_one_kind_of_applicant_are_variant_items() -> None:
    items = {(d.id, r.id): r for d in _all() for r in d.requirements}
    for key, variants in SUBTYPE_ITEMS.items():
        assert items[key].variants == variants and not items[key].optional, key


def test_an_item_written_for_one_kind_of_applicant_is_never_merely_optional(
    definition: Definition,
) -> None:
    labels = [o.label.lower() for o in definition.variants.options] if definition.variants else []
    for r in definition.requirements:
        if not r.optional or r.variants:
            continue
        assert not _FOR_A_KIND.search(r.text), f"{definition.id}: {r.id}: {r.text}"
        assert not any(label in r.text.lower() for label in labels), f"{definition.id}: {r.id}"


# --- the procedures fixed in the fidelity pass --------------------------------------

CONSULTATIONS = [
    f"pekalongan-{unit}-konsultasi-{topic}"
    for unit, topic in [
        ("org", "anjab-abk"),
        ("pem", "laporan-spm"),
        ("org", "lkjip-pk"),
        ("pem", "lkpj"),
        ("pem", "lppd"),
        ("pem", "naskah-kerja-sama"),
        ("org", "sop"),
        ("org", "standar-pelayanan"),
    ]
]
ANSWERS = {"jawab_pertanyaan", "jawab_dan_teruskan"}


def _by_id(workflow_id: str) -> Definition:
    return next(d for d in _all() if d.id == workflow_id)


def _paths(d: Definition, state: str, seen: tuple[str, ...] = ()) -> list[list[str]]:
    """Every loop-free path of triggers from `state` to a terminal state."""
    if d.states[state].outcome is not None:
        return [[]]
    return [
        [t.trigger, *rest]
        for t in d.transitions_from(state)
        if t.dest not in seen
        for rest in _paths(d, t.dest, (*seen, state))
    ]


@pytest.mark.parametrize("workflow_id", CONSULTATIONS)
def test_the_answer_of_step_2_is_recorded_on_every_path(workflow_id: str) -> None:
    d = _by_id(workflow_id)
    paths = _paths(d, d.initial)
    assert len(paths) == 3  # answered; answered + information added; answered + Kabag decided
    for path in paths:
        assert path[0] in ANSWERS, path
    assert [
        "jawab_dan_teruskan",
        "konsultasikan_ke_kabag",
        "berikan_keputusan",
        "sampaikan_jawaban",
    ] in paths


def test_a_step_that_delivers_the_answer_ends_the_case(definition: Definition) -> None:
    for t in definition.transitions:
        if t.label and re.search(r"menyampaikan jawaban|jawaban disampaikan", t.label, re.I):
            assert definition.states[t.dest].outcome is not None, (definition.id, t.trigger)


def test_a_jdih_visitor_who_borrows_nothing_can_be_closed() -> None:
    d = _by_id("pekalongan-hukum-perpustakaan-jdih")
    [visit] = [t for t in d.transitions_from(d.initial) if t.trigger == "selesai_tanpa_meminjam"]
    assert d.states[visit.dest].outcome == "selesai"


def test_exempt_legal_information_ends_the_request() -> None:
    d = _by_id("pekalongan-hukum-informasi-hukum")
    [exempt] = [t for t in d.transitions_from("pengecekan_analis") if t.dest == "dikecualikan"]
    assert (exempt.role, d.states["dikecualikan"].outcome) == ("analis", "ditolak")
