"""Where a `resets_on` trigger may lead: after the clock's start on every path.

Each case is a string edit of `fixtures/valid.yaml`, whose clock starts in
`verifikasi` and whose resubmission (`serahkan_kembali`, from the paused
`dikembalikan`) resets it on entering `verifikasi` again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.case import ClockEffect, clock_effect
from engine.checks import before_clock_start
from workflows.errors import DefinitionInvalid
from workflows.loader import load_text

VALID = Path(__file__).parent / "fixtures" / "valid.yaml"

RESUBMIT = "  - trigger: serahkan_kembali\n    from: dikembalikan\n    to: verifikasi\n"
SEND_BACK = "  - trigger: kembalikan\n    from: verifikasi\n"


def _text(*edits: tuple[str, str]) -> str:
    text = VALID.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def _messages(text: str) -> list[str]:
    with pytest.raises(DefinitionInvalid) as info:
        load_text(text, "uji.yaml")
    return [f"{p.field}: {p.message}" for p in info.value.problems]


def test_a_reset_into_the_start_state_is_accepted():
    d = load_text(_text(), "uji.yaml").definition
    assert before_clock_start(d) == {"diterima"}
    assert clock_effect(d, "serahkan_kembali", "dikembalikan", "verifikasi", True) is (
        ClockEffect.RESET
    )


def test_a_reset_into_a_state_before_the_start_is_refused():
    text = _text((RESUBMIT, RESUBMIT.replace("to: verifikasi", "to: diterima")))
    assert _messages(text) == [
        "transitions.2.to: reset trigger 'serahkan_kembali' leads to 'diterima', before the "
        "clock starts in 'verifikasi': the restarted clock would count steps the first "
        "submission did not"
    ]


def test_without_starts_in_the_clock_starts_on_opening_and_any_reset_is_after_it():
    text = _text(
        (RESUBMIT, RESUBMIT.replace("to: verifikasi", "to: diterima")),
        ("  starts_in: verifikasi\n", ""),
    )
    d = load_text(text, "uji.yaml").definition
    assert before_clock_start(d) == set()


@pytest.mark.parametrize(
    ("sources", "accepted"),
    [
        ("verifikasi", True),  # dikembalikan is reached only through verifikasi
        ("[verifikasi, diterima]", False),  # reception may send back before the start
    ],
)
def test_the_destination_must_follow_the_start_on_every_path(sources, accepted):
    text = _text(
        (SEND_BACK, SEND_BACK.replace("from: verifikasi", f"from: {sources}")),
        ("  resets_on: [serahkan_kembali]\n", "  resets_on: [kembalikan]\n"),
    )
    if accepted:
        assert load_text(text, "uji.yaml").definition.sla.resets_on == ["kembalikan"]
    else:
        assert _messages(text)[0].startswith(
            "transitions.1.to: reset trigger 'kembalikan' leads to 'dikembalikan', before"
        )


def test_a_reset_leaving_only_stop_states_is_refused():
    text = _text(
        ("  pauses_in: [dikembalikan]\n", "  stops_in: [dikembalikan]\n"),
    )
    assert _messages(text) == [
        "transitions.2.from: reset trigger 'serahkan_kembali' leaves only stop states "
        "(dikembalikan): a stopped clock stays stopped, so it never resets"
    ]
