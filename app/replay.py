"""How a case stood at an earlier instant, rebuilt from its audit log.

The case row holds only its present. To answer "how did this case stand last
Friday" (`alur case show NOMOR --at …`), its events up to that instant are replayed
through the same rules the engine applied when they were recorded: each step's
clock effect (`engine.case.clock_effect`) on the workflow's calendar, the step
deadline of the state entered, ticks and unticks, disposisi, cancellation and
lapse. Steps count by their effective time; other changes by their recorded time.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from app.clockwork import ClockFields, apply_effect, step_due
from engine.case import ClockEffect, acting_role, clock_effect, open_clock_effect
from engine.definition import Definition
from storage.audit import KIND_ASSIGN, KIND_CANCEL, KIND_CHECK, KIND_LAPSE, KIND_STEP, KIND_UNCHECK

__all__ = ["case_as_of"]


def _when(event: Any) -> datetime:
    return event.effective_at if event.kind == KIND_STEP else event.recorded_at


def case_as_of(
    d: Definition, row: Any, events: list[Any], at: datetime
) -> tuple[SimpleNamespace, set[str]] | None:
    """The case row as it stood at `at` and its ticked items; None before it was received."""
    past = [e for e in events if _when(e) <= at]
    if not past:
        return None
    case = SimpleNamespace(**row._asdict())
    clock, checked = ClockFields(), set[str]()
    for event in past:
        clock = _apply(d, case, clock, event, checked)
    case.rev = case.last_seq = past[-1].seq
    for name, value in clock.columns().items():
        setattr(case, name, value)
    return case, checked


def _apply(
    d: Definition, case: SimpleNamespace, clock: ClockFields, event: Any, checked: set[str]
) -> ClockFields:
    at = _when(event)
    if event.kind == KIND_STEP:
        if event.from_state is None:  # the opening
            effect = open_clock_effect(d)
        else:
            started, stopped = clock.started_at is not None, clock.stopped_at is not None
            effect = clock_effect(
                d, event.trigger, event.from_state, event.to_state, started, stopped
            )
        clock = apply_effect(d, case.variant, clock, effect, at)
        state = d.states[event.to_state]
        if state.role != case.role:
            case.assignee_nip = None
        case.state, case.role = event.to_state, state.role
        case.acting_role = acting_role(d, state.role) if state.role else None
        case.outcome = state.outcome.value if state.outcome else None
        case.step_due_at, case.last_event_at = step_due(d, event.to_state, at), at
    elif event.kind == KIND_CHECK:
        checked.update(event.items or ())
    elif event.kind == KIND_UNCHECK:
        checked.difference_update(event.items or ())
    elif event.kind == KIND_ASSIGN:
        case.assignee_nip = (event.items or [None])[0]
    elif event.kind in (KIND_CANCEL, KIND_LAPSE):
        if clock.started_at is not None and clock.stopped_at is None:
            clock = apply_effect(d, case.variant, clock, ClockEffect.STOP, at)
        case.outcome = "dibatalkan" if event.kind == KIND_CANCEL else "gugur"
        case.role = case.acting_role = case.assignee_nip = case.step_due_at = None
    return clock
