"""`alur report compliance`: how each service kept its commitment over a period.

Per service (and summed per unit): cases received in the period; cases completed in it
(the office's work done: the SLA clock stopped in the period, by a step of the procedure,
not by a cancellation or a lapse),
of which on time (stopped by the deadline), with the median and 90th percentile of the
time they took in hari kerja on the office calendar; the service time the clock stood
paused waiting on the applicant; cancelled and lapsed cases apart; breaches still open at
the end of the period; and the month-by-month trend. Services without a commitment are
listed apart. Selection and counting run in SQL; the working days a completed case took
are counted on its calendar, for the completed cases of the period only.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from app.clockwork import commitment
from reports.common import definition_of, scope
from sla import load_calendar
from storage.schema import cases
from storage.transactions import reading

__all__ = ["compliance"]

_DONE = ("selesai", "ditolak")


def _counts(conn: Connection, where: list[Any], start: datetime, end: datetime) -> dict:
    received = select(cases.c.workflow_id, func.count()).where(
        *where, cases.c.received_at >= start, cases.c.received_at < end
    )
    closed = select(cases.c.workflow_id, cases.c.outcome, func.count()).where(
        *where, cases.c.outcome.in_(("dibatalkan", "gugur")),
        cases.c.updated_at >= start, cases.c.updated_at < end,
    )  # fmt: skip
    open_late = select(cases.c.workflow_id, func.count()).where(
        *where,
        cases.c.received_at < end,
        cases.c.clock_due_at < end,
        or_(cases.c.clock_stopped_at.is_(None), cases.c.clock_stopped_at >= end),
        or_(cases.c.outcome.is_(None), cases.c.updated_at >= end),
    )
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for wf, n in conn.execute(received.group_by(cases.c.workflow_id)):
        counts[wf]["received"] = n
    for wf, outcome, n in conn.execute(closed.group_by(cases.c.workflow_id, cases.c.outcome)):
        counts[wf]["cancelled" if outcome == "dibatalkan" else "lapsed"] = n
    for wf, n in conn.execute(open_late.group_by(cases.c.workflow_id)):
        counts[wf]["open_breaches_at_end"] = n
    return counts


def _completed(conn: Connection, where: list[Any], start: datetime, end: datetime) -> list[Any]:
    stopped = and_(cases.c.clock_stopped_at >= start, cases.c.clock_stopped_at < end)
    finished = or_(cases.c.outcome.is_(None), cases.c.outcome.in_(_DONE))
    query = select(cases).where(*where, finished, stopped)
    return list(conn.execute(query))


def _percentile(values: list[int], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    return float(statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1])


def _service(d: Any, rows: list[Any], counts: dict[str, int]) -> dict[str, Any]:
    calendar = load_calendar(d.sla.calendar)
    days, on_time, paused = [], 0, 0
    for r in rows:
        if r.clock_started_at is not None:
            start_day = r.clock_started_at.astimezone(calendar.tz).date()
            stop_day = r.clock_stopped_at.astimezone(calendar.tz).date()
            days.append(calendar.count_working_days(start_day, stop_day))
        on_time += r.clock_due_at is not None and r.clock_stopped_at <= r.clock_due_at
        paused += r.clock_paused_seconds or 0
    _, duration = commitment(d, None)
    completed = len(rows)
    return {
        "service": d.id, "service_name": d.name, "institution": d.institution,
        "unit": d.unit_code, "unit_name": d.unit,
        "commitment": duration.describe() if duration else None,
        "received": counts.get("received", 0), "completed": completed,
        "on_time": on_time if duration else None,
        "on_time_pct": round(100 * on_time / completed, 1) if duration and completed else None,
        "median_days": statistics.median(days) if days else None,
        "p90_days": _percentile(days, 0.9),
        "paused_hours": round(paused / 3600, 1),
        "cancelled": counts.get("cancelled", 0), "lapsed": counts.get("lapsed", 0),
        "open_breaches_at_end": counts.get("open_breaches_at_end", 0),
        "distribution": {str(n): days.count(n) for n in sorted(set(days))},
    }  # fmt: skip


def _month(value: datetime, tz: Any) -> str:
    return value.astimezone(tz).strftime("%Y-%m")


def compliance(
    engine: Engine, start: datetime, end: datetime, *, institution: str | None = None,
    unit: str | None = None, service: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The period [start, end): services with a commitment, those without, units, months."""
    where = scope(institution, unit, service)
    with reading(engine) as conn:
        counts = _counts(conn, where, start, end)
        completed = _completed(conn, where, start, end)
        by_service: dict[str, list[Any]] = defaultdict(list)
        for r in completed:
            by_service[r.workflow_id].append(r)
        definitions = {}
        for wf in set(counts) | set(by_service):
            sample = by_service[wf][0] if by_service[wf] else _any_case(conn, wf)
            definitions[wf] = definition_of(conn, sample)
        received_rows = list(
            conn.execute(
                select(cases.c.workflow_id, cases.c.received_at).where(
                    *where, cases.c.received_at >= start, cases.c.received_at < end
                )
            )
        )
        late_rows = list(
            conn.execute(select(cases.c.clock_due_at).where(*where, _went_late(start, end)))
        )
    services = [_service(definitions[wf], by_service[wf], counts[wf]) for wf in sorted(definitions)]
    return {
        "from": start.isoformat(), "to": end.isoformat(),
        "services": [s for s in services if s["commitment"]],
        "without_commitment": [s for s in services if not s["commitment"]],
        "units": _units(services),
        "months": _months(definitions, completed, received_rows),
        "weeks": _weeks(late_rows),
    }  # fmt: skip


def _any_case(conn: Connection, workflow_id: str) -> Any:
    return conn.execute(select(cases).where(cases.c.workflow_id == workflow_id).limit(1)).one()


def _units(services: list[dict[str, Any]]) -> list[dict[str, Any]]:
    units: dict[tuple[str, str], dict[str, Any]] = {}
    for s in services:
        u = units.setdefault((s["institution"], s["unit"]), {
            "institution": s["institution"], "unit": s["unit"], "unit_name": s["unit_name"],
            "received": 0, "completed": 0, "on_time": 0, "measured": 0, "cancelled": 0,
            "lapsed": 0, "open_breaches_at_end": 0,
        })  # fmt: skip
        for key in ("received", "completed", "cancelled", "lapsed", "open_breaches_at_end"):
            u[key] += s[key]
        if s["on_time"] is not None:
            u["on_time"] += s["on_time"]
            u["measured"] += s["completed"]
    for u in units.values():
        u["on_time_pct"] = round(100 * u["on_time"] / u["measured"], 1) if u["measured"] else None
    return sorted(units.values(), key=lambda u: (u["institution"], u["unit"]))


def _months(definitions: dict, completed: list[Any], received: list[Any]) -> list[dict]:
    months: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for wf, at in received:
        tz = load_calendar(definitions[wf].sla.calendar).tz
        months[_month(at, tz)]["received"] += 1
    for r in completed:
        tz = load_calendar(definitions[r.workflow_id].sla.calendar).tz
        month = months[_month(r.clock_stopped_at, tz)]
        month["completed"] += 1
        month["on_time"] += r.clock_due_at is not None and r.clock_stopped_at <= r.clock_due_at
    return [{"month": m, **{k: v[k] for k in ("received", "completed", "on_time")}}
            for m, v in sorted(months.items())]  # fmt: skip


def _went_late(start: datetime, end: datetime) -> Any:
    """Cases whose deadline passed in the period without the clock stopped by then."""
    return and_(
        cases.c.clock_due_at >= start,
        cases.c.clock_due_at < end,
        or_(cases.c.clock_stopped_at.is_(None), cases.c.clock_stopped_at > cases.c.clock_due_at),
        or_(cases.c.outcome.is_(None), cases.c.outcome.in_(_DONE)),
    )


def _weeks(rows: list[Any]) -> list[dict[str, Any]]:
    """Breaches per ISO week of the deadline that was missed (e.g. ``2026-W45``)."""
    weeks: dict[str, int] = defaultdict(int)
    for (due_at,) in rows:
        year, week, _ = due_at.isocalendar()
        weeks[f"{year}-W{week:02d}"] += 1
    return [{"week": w, "breaches": n} for w, n in sorted(weeks.items())]
