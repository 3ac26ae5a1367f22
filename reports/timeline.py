"""`alur report case REF`: the timeline of one case, from its audit log.

Each event with who, when (effective and recorded) and whether it was backdated; for each
step, the service time the case then spent in the step it entered, against that step's
commitment where the decree gives one; what each step did to the SLA clock (start, pause,
resume, restart, stop); the alerts monitoring sent; and, for a late case, one sentence
saying where its time went.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine

from app.clockwork import case_status, commitment
from app.policy import backdated
from app.queries import local_iso
from engine.case import ClockEffect, clock_effect, open_clock_effect
from engine.definition import Definition
from reports.common import definition_of
from sla import Calendar, due, format_service_time, load_calendar, parse_duration
from storage import repository
from storage.audit import KIND_STEP
from storage.transactions import reading

__all__ = ["case_timeline"]

_EFFECTS = {
    ClockEffect.START: "jam mulai",
    ClockEffect.PAUSE: "jam dijeda",
    ClockEffect.RESUME: "jam berjalan lagi",
    ClockEffect.RESET: "jam mulai ulang",
    ClockEffect.STOP: "jam berhenti",
}


def _spent(calendar: Calendar, start: datetime, end: datetime) -> tuple[timedelta, str]:
    """The service time between two instants, and how it reads: the working days after
    the start day that were begun by `end` (a day not yet opened does not count), else
    hours and minutes."""
    service = calendar.service_time_between(start, end)
    local_end = end.astimezone(calendar.tz)
    last = local_end.date()
    midnight = datetime.combine(last, time(0), tzinfo=calendar.tz)
    if calendar.service_time_between(max(midnight, start), end) == timedelta(0):
        last = date.fromordinal(last.toordinal() - 1)  # nothing of that day worked yet
    days = calendar.count_working_days(start.astimezone(calendar.tz).date(), last)
    return service, (f"{days} hari kerja" if days else format_service_time(service))


def _steps(d: Definition, events: list[Any], now: datetime) -> list[dict[str, Any]]:
    calendar = load_calendar(d.sla.calendar)
    steps = [e for e in events if e.kind == KIND_STEP]
    started = stopped = False
    rows = []
    for i, e in enumerate(steps):
        left = steps[i + 1].effective_at if i + 1 < len(steps) else now
        if e.from_state is None:
            effect = open_clock_effect(d)
        else:
            effect = clock_effect(d, e.trigger, e.from_state, e.to_state, started, stopped)
        started |= effect in (ClockEffect.START, ClockEffect.RESET)
        stopped |= effect is ClockEffect.STOP
        state = d.states[e.to_state]
        service, spent = _spent(calendar, e.effective_at, left)
        step_text = state.sla
        limit = parse_duration(step_text, calendar.plain_hari) if step_text else None
        kept = None
        if limit is not None and state.outcome is None:
            kept = left <= due(calendar, e.effective_at, limit, d.sla.rule)
        rows.append({
            "seq": e.seq, "trigger": e.trigger, "state": e.to_state, "state_label": state.label,
            "actor": e.actor_name, "role": e.role, "effective_at": local_iso(e.effective_at, d),
            "recorded_at": local_iso(e.recorded_at, d),
            "backdated": backdated(e.effective_at, e.recorded_at),
            "clock": _EFFECTS.get(effect), "spent": spent,
            "spent_seconds": int(service.total_seconds()),
            "step_commitment": step_text, "step_kept": kept, "current": i + 1 == len(steps),
        })  # fmt: skip
    return rows


def _why_late(
    d: Definition, row: Any, steps: list[dict[str, Any]], status: dict[str, Any]
) -> str | None:
    if status["status"] != "breached":
        return None
    counted = [s for s in steps if d.states[s["state"]].outcome is None]
    if not counted:
        return None
    worst = max(counted, key=lambda s: s["spent_seconds"])
    _, duration = commitment(d, row.variant)
    of = f" dari {duration.describe()}" if duration else ""
    if status["deadline_of"] == "tahap" and worst["current"] and worst["step_commitment"]:
        of = f" dari {worst['step_commitment']}"
    return f"{worst['spent']}{of} terpakai di tahap {worst['state_label']}"


def case_timeline(engine: Engine, ref: str, now: datetime) -> dict[str, Any]:
    with reading(engine) as conn:
        row = repository.case_by_ref(conn, ref)
        d = definition_of(conn, row)
        events = list(repository.case_events(conn, row.id))
        alerts = _alerts(conn, row.id, d)
    status = case_status(d, row, now)
    steps = _steps(d, events, now if row.outcome is None else row.last_event_at)
    others = [
        {"seq": e.seq, "kind": e.kind, "actor": e.actor_name, "note": e.note, "items": e.items,
         "recorded_at": local_iso(e.recorded_at, d)}
        for e in events if e.kind != KIND_STEP
    ]  # fmt: skip
    return {
        "ref": ref, "service": d.id, "service_name": d.name, "status": status["status"],
        "detail": status["detail"], "deadline": local_iso(status["deadline"], d),
        "steps": steps, "changes": others, "alerts": alerts,
        "why_late": _why_late(d, row, steps, status),
    }  # fmt: skip


def _alerts(conn: Any, case_id: int, d: Definition) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from storage.schema import alerts

    query = select(alerts).where(alerts.c.case_id == case_id).order_by(alerts.c.created_at)
    return [
        {"level": a.level, "kind": a.kind, "detail": a.detail, "recipients": a.recipients,
         "at": local_iso(a.created_at, d)}
        for a in conn.execute(query)
    ]  # fmt: skip
