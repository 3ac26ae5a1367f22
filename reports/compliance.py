"""`alur report compliance`: how each service kept its commitment over a period.

Per service (and summed per unit): cases received in the period; cases completed in it
(the office's work done: the SLA clock stopped in the period, by a step of the procedure,
not by a cancellation or a lapse),
of which on time (stopped by the deadline), with the median and 90th percentile of the
time they took in hari kerja on the office calendar; the service time the clock stood
paused waiting on the applicant; cancelled and lapsed cases apart; breaches still open at
the end of the period; the step commitments kept, per step, where a workflow has them;
and the month-by-month trend. Services without a commitment are listed apart.

Everything over the cases is counted in SQL (`reports.period_sql`): the working days each
completed case took are stored when its clock stops, so no case is read into Python; only
the step commitments read the steps of the few workflows that have them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, or_, select

from app.clockwork import commitment
from app.definitions import definition_for_case
from reports.common import scope
from reports.period_sql import DONE, by_day, by_hour, completed_where, service_figures
from reports.step_commitments import steps_kept
from sla import load_calendar
from storage.schema import CLOSED, STOPPED_LATE, cases
from storage.transactions import reading

__all__ = ["compliance"]


def _counts(conn: Connection, where: list[Any], start: datetime, end: datetime) -> dict:
    """Per workflow id: cancelled, lapsed, breaches open at the end (received: by hour)."""
    closed = select(cases.c.workflow_id, cases.c.outcome, func.count()).where(
        *where, CLOSED, cases.c.updated_at >= start, cases.c.updated_at < end,
    )  # fmt: skip
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for wf, outcome, n in conn.execute(closed.group_by(cases.c.workflow_id, cases.c.outcome)):
        counts[wf]["cancelled" if outcome == "dibatalkan" else "lapsed"] = n
    # (received by then: a clock starts at or after the case's reception). The deadline of
    # a clock stopped since is read through coalesce, so that SQLite walks the few stops
    # since by `ix_cases_stopped` rather than every deadline before the end by an index
    # on the deadline.
    due, stopped = cases.c.clock_due_at, cases.c.clock_stopped_at
    for running, deadline in ((stopped.is_(None), due),
                              (stopped >= end, func.coalesce(due, due))):  # fmt: skip
        open_late = select(cases.c.workflow_id, func.count()).where(
            *where, running, deadline < end,
            or_(cases.c.outcome.is_(None), cases.c.updated_at >= end),
        )  # fmt: skip
        for wf, n in conn.execute(open_late.group_by(cases.c.workflow_id)):
            counts[wf]["open_breaches_at_end"] += n
    return counts


def _service(d: Any, figures: dict[str, Any], counts: dict[str, int]) -> dict[str, Any]:
    _, duration = commitment(d, None)
    completed, on_time = figures.get("completed", 0), figures.get("on_time", 0)
    return {
        "service": d.id, "service_name": d.name, "institution": d.institution,
        "unit": d.unit_code, "unit_name": d.unit,
        "commitment": duration.describe() if duration else None,
        "received": counts.get("received", 0), "completed": completed,
        "on_time": on_time if duration else None,
        "on_time_pct": round(100 * on_time / completed, 1) if duration and completed else None,
        "median_days": figures.get("median_days"), "p90_days": figures.get("p90_days"),
        "paused_hours": round(figures.get("paused_seconds", 0) / 3600, 1),
        "cancelled": counts.get("cancelled", 0), "lapsed": counts.get("lapsed", 0),
        "open_breaches_at_end": counts.get("open_breaches_at_end", 0),
        "distribution": figures.get("distribution", {}),
    }  # fmt: skip


def _month(value: datetime, tz: Any) -> str:
    return value.astimezone(tz).strftime("%Y-%m")


def compliance(
    engine: Engine, start: datetime, end: datetime, *, institution: str | None = None,
    unit: str | None = None, service: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The period [start, end): services with a commitment, those without, units, months."""
    where = scope(institution, unit, service)
    done = completed_where(where, start, end)
    with reading(engine) as conn:
        counts = _counts(conn, where, start, end)
        received = by_hour(conn, cases.c.received_at, _received(where, start, end))
        for wf, _, n in received:
            counts[wf]["received"] += n
        figures, finished = service_figures(conn, done)
        definitions = {}
        for wf in set(counts) | set(figures):
            pk = figures[wf]["definition_pk"] if wf in figures else _any_case(conn, wf)
            definitions[wf] = definition_for_case(conn, pk)[0]
        went_late = [row for missed in _went_late(start, end)
                     for row in by_day(conn, cases.c.clock_due_at, [*where, *missed])]  # fmt: skip
        kept = steps_kept(conn, where, start, end, definitions)
    services = [_service(definitions[wf], figures.get(wf, {}), counts[wf])
                for wf in sorted(definitions)]  # fmt: skip
    for s in services:
        s["steps"] = kept.get(s["service"], [])
    return {
        "from": start.isoformat(), "to": end.isoformat(),
        "services": [s for s in services if s["commitment"]],
        "without_commitment": [s for s in services if not s["commitment"]],
        "units": _units(services),
        "months": _months(definitions, finished, received),
        "weeks": _weeks(went_late),
        "steps": [step for s in services for step in s["steps"]],
    }  # fmt: skip


def _received(where: list[Any], start: datetime, end: datetime) -> list[Any]:
    return [*where, cases.c.received_at >= start, cases.c.received_at < end]


def _any_case(conn: Connection, workflow_id: str) -> int:
    """The definition of one case of `workflow_id` (the first stored)."""
    query = select(cases.c.definition_pk).where(cases.c.workflow_id == workflow_id)
    return int(conn.execute(query.order_by(cases.c.id).limit(1)).scalar_one())


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


def _local_month(hour: str, tz: Any) -> str:
    """The office's month of the UTC hour 'YYYY-MM-DD HH'."""
    return _month(datetime.fromisoformat(f"{hour}:00+00:00"), tz)


def _months(definitions: dict, finished: list[Any], received: list[Any]) -> list[dict]:
    months: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for wf, hour, n in received:
        months[_local_month(hour, load_calendar(definitions[wf].sla.calendar).tz)]["received"] += n
    for wf, hour, n, kept in finished:
        month = months[_local_month(hour, load_calendar(definitions[wf].sla.calendar).tz)]
        month["completed"] += n
        month["on_time"] += kept
    return [{"month": m, **{k: v[k] for k in ("received", "completed", "on_time")}}
            for m, v in sorted(months.items())]  # fmt: skip


def _went_late(start: datetime, end: datetime) -> list[list[Any]]:
    """Cases whose deadline passed in the period without the clock stopped by then: those
    still running (a range of `ix_cases_stopped`), and those stopped after it (of
    `ix_cases_stopped_late`)."""
    due = [cases.c.clock_due_at >= start, cases.c.clock_due_at < end,
           or_(cases.c.outcome.is_(None), cases.c.outcome.in_(DONE))]  # fmt: skip
    return [[cases.c.clock_stopped_at.is_(None), *due], [STOPPED_LATE, *due]]


def _weeks(days: list[Any]) -> list[dict[str, Any]]:
    """Breaches per ISO week of the deadline that was missed (e.g. ``2026-W45``), the
    deadline's UTC day as counted in SQL."""
    weeks: dict[str, int] = defaultdict(int)
    for day, n in days:
        year, week, _ = date.fromisoformat(day).isocalendar()
        weeks[f"{year}-W{week:02d}"] += n
    return [{"week": w, "breaches": n} for w, n in sorted(weeks.items())]
