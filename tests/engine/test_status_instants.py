"""The instants stored on a case (`app.clockwork.derived_columns`) say what `case_status`
says, for every sequence of clock effects and step deadlines, at every later instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from app.clockwork import (
    TICK,
    ClockFields,
    apply_effect,
    case_status,
    derived_columns,
    step_due,
    stored_status,
)
from app.definitions import shipped_by_id
from engine.case import ClockEffect

# a case commitment on the end-of-day rule (WIB), steps with their own commitment, WITA
WORKFLOWS = (
    ("pekalongan-pbj-penerbitan-pembayaran", "barang"),
    ("pekalongan-hukum-peminjaman-dokumen", None),
    ("pasuruan-kesra-hibah-uang", None),
    ("ppu-kesra-beasiswa-prestasi", None),
)
EFFECTS = (ClockEffect.PAUSE, ClockEffect.RESUME, ClockEffect.RESET, ClockEffect.STOP, None)


def _legal(fields: ClockFields, effect: ClockEffect | None) -> ClockEffect | None:
    if effect is ClockEffect.RESET:
        return effect
    if fields.started_at is None or fields.stopped_at is not None:
        return None
    if effect is ClockEffect.RESUME:
        return effect if fields.paused_at is not None else None
    if effect in (ClockEffect.PAUSE, ClockEffect.STOP) and fields.paused_at is not None:
        return ClockEffect.STOP if effect is ClockEffect.STOP else None
    return effect


steps = st.lists(
    st.tuples(
        st.sampled_from(EFFECTS),
        st.integers(0, 30 * 24 * 3600 * 1_000_000),  # microseconds since the previous step
        st.integers(0, 50),  # which state the step enters
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(
    workflow=st.sampled_from(WORKFLOWS),
    start=st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 1), timezones=st.just(UTC)),
    sequence=steps,
    later=st.lists(st.integers(0, 40 * 24 * 3600 * 1_000_000), min_size=1, max_size=4),
)
def test_stored_instants_say_what_case_status_says(workflow, start, sequence, later):
    d = shipped_by_id(workflow[0]).definition
    variant, states = workflow[1], sorted(d.states)
    at = start
    fields = apply_effect(d, variant, ClockFields(), ClockEffect.START, at)
    state = d.initial
    for effect, gap, pick in sequence:
        at += timedelta(microseconds=gap)
        legal = _legal(fields, effect)
        if legal is not None:
            fields = apply_effect(d, variant, fields, legal, at)
        state = states[pick % len(states)]
    due_of_step = step_due(d, state, at)
    row = SimpleNamespace(
        variant=variant, outcome=None, last_event_at=at, step_due_at=due_of_step,
        **fields.columns(), **derived_columns(d, variant, fields, due_of_step, at, None),
    )  # fmt: skip
    instants = [row.at_risk_at, row.late_at, row.step_at_risk_at, row.step_late_at]
    nows = [at + timedelta(microseconds=n) for n in later]
    nows += [t + dt for t in instants if t and t >= at for dt in (-TICK, timedelta(0))]
    for now in (n for n in nows if n >= at):
        found = case_status(d, row, now)
        expected = tuple(s if s in ("at_risk", "breached") else None
                         for s in (found["case_status"], found["step_status"]))  # fmt: skip
        assert stored_status(row, now) == expected, now
