"""The three decrees' service counts, and no service silently given a commitment."""

from __future__ import annotations

from collections import Counter

from workflows.loader import load_all


def test_every_service_of_the_three_decrees_is_shipped():
    counts = Counter(item.definition.institution for item in load_all())
    assert counts == {"pekalongan": 40, "ppu": 33, "pasuruan": 18}


def test_services_without_commitment_say_so_in_their_notes():
    for item in load_all():
        d = item.definition
        if d.sla.text == "tidak ditetapkan standar waktu" and not d.sla.variants:
            assert d.notes, f"{d.id}: no commitment, but no note saying why"
