"""Every guard a workflow may declare is one the engine knows how to check."""

from __future__ import annotations

from app.definitions import shipped
from engine import case
from engine.definition import GUARDS


def test_every_declared_guard_has_a_rule():
    assert set(case._UNMET) == set(GUARDS)
    used = {g for item in shipped() for t in item.definition.transitions for g in t.guards}
    assert used <= set(GUARDS)
