"""The workflow notes say things the way the authoring guide does.

The guide (docs/menyusun-alur-layanan.md) speaks of the service-time count as *penghitungan
waktu* that starts, stops for a while (*berhenti sementara*) and is counted again from zero
(*dihitung ulang dari nol*), and keeps *jam layanan* for office hours; a step or state a note
names is one of the definition's own, or the note says in which version it had that name.
"""

from __future__ import annotations

import re

import pytest

from workflows.loader import load_all

LOADED = load_all()
IDS = [item.definition.id for item in LOADED]

# Older words for the service-time count, where `jam` meant that count, not office hours.
CLOCK_AS_JAM = re.compile(
    r"jam (?:layanan (?:baru )?mulai|layanan berhenti|dijeda|dimulai ulang|itu sudah berhenti"
    r"|layanannya sendiri)|memulai ulang jam",
    re.IGNORECASE,
)
# Words of the format itself a note may name, e.g. "(requirements_complete)".
FORMAT_WORDS = {"distinct_from", "legal_basis", "sends_back"}
NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
OF_A_VERSION = re.compile(r"versi \d+", re.IGNORECASE)


@pytest.mark.parametrize("item", LOADED, ids=IDS)
def test_notes_speak_of_the_service_time_count_as_the_guide_does(item):
    for note in item.definition.notes:
        assert not CLOCK_AS_JAM.search(note), note


@pytest.mark.parametrize("item", LOADED, ids=IDS)
def test_a_name_in_a_note_is_the_definitions_own_or_says_its_version(item):
    d = item.definition
    own = set(d.states) | set(d.roles) | {r.id for r in d.requirements}
    own |= {t.trigger for t in d.transitions} | {g for t in d.transitions for g in t.guards}
    for note in d.notes:
        for match in NAME.finditer(note):
            if match[0] in own | FORMAT_WORDS:
                continue
            around = note[match.end() : match.end() + 20]
            assert OF_A_VERSION.search(around), f"{d.id}: {match[0]!r} in {note!r}"
