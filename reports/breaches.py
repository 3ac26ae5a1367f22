"""`alur report breaches`: open cases past their case or step deadline, and those at risk.

Both lists are selected in SQL by the instants each case's status changes at, stored on
every write of the case (`app.clockwork.derived_columns`, indexed over open cases): late
where `late_at` (a clock not stopped) or `step_late_at` has passed, at risk where
`at_risk_at` or `step_at_risk_at` has. So the cost grows with the late and at-risk cases,
not with the open ones. How late each is, in hari kerja and jam, is then worked out on its
office calendar for those cases only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, or_, select, union

from app.clockwork import case_status
from app.queries import holder_of, local_iso
from app.staff import actor_for
from engine.case import Actor, allowed_triggers
from engine.definition import Definition
from reports.common import (
    backdated_cases,
    definition_of,
    escalation_levels,
    scope,
)
from storage.schema import cases, staff
from storage.transactions import reading

__all__ = ["breaches"]


def _late_where(now: datetime) -> list[Any]:
    """Two conditions, each answered by its own index (an OR would scan the table)."""
    return [and_(cases.c.late_at <= now, cases.c.clock_stopped_at.is_(None)),
            cases.c.step_late_at <= now]  # fmt: skip


def _at_risk_where(now: datetime) -> list[Any]:
    """At risk by either clock; a stopped case clock counts only beside a step commitment,
    and a case whose clock never started not at all (as `case_status` is read here)."""
    case_clock = and_(
        cases.c.at_risk_at <= now,
        or_(cases.c.late_at.is_(None), cases.c.late_at > now),  # late: breached, not at risk
        or_(cases.c.clock_stopped_at.is_(None), cases.c.step_due_at.is_not(None)),
    )
    step = and_(
        cases.c.step_at_risk_at <= now,
        cases.c.step_late_at > now,
        cases.c.clock_started_at.is_not(None),
    )
    return [case_clock, step]


# what `_item` and `case_status` read of a case (not the applicant's contact, not the chain)
_READ = ("id", "ref", "definition_pk", "workflow_id", "institution", "unit_code", "state",
         "role", "outcome", "variant", "applicant_name", "assignee_nip", "clock_started_at",
         "clock_due_at", "clock_paused_at", "clock_stopped_at", "clock_paused_seconds",
         "step_due_at", "last_event_at")  # fmt: skip


def _rows(conn: Connection, where: list[Any], any_of: list[Any]) -> list[Any]:
    """Open cases matching `where` and any condition of `any_of`, each searched apart."""
    found: dict[int, Any] = {}
    columns = [cases.c[name] for name in _READ]
    for condition in any_of:
        query = (
            select(*columns, staff.c.name.label("assignee_name"))
            .select_from(cases.outerjoin(staff, staff.c.nip == cases.c.assignee_nip))
            .where(*where, condition)
        )
        found.update((row.id, row) for row in conn.execute(query))
    return sorted(found.values(), key=lambda r: (r.institution, r.unit_code, r.workflow_id, r.id))


def _item(d: Definition, row: Any, now: datetime) -> dict[str, Any]:
    status = case_status(d, row, now)
    return {
        "ref": row.ref,
        "institution": d.institution,
        "unit": d.unit_code,
        "unit_name": d.unit,
        "service": d.id,
        "service_name": d.name,
        "applicant": row.applicant_name,
        "state": row.state,
        "state_label": d.states[row.state].label,
        "holder": holder_of(row, d, row.assignee_name),
        "assignee": row.assignee_nip,
        "deadline": local_iso(status["deadline"], d),
        "deadline_of": status["deadline_of"],
        "status": status["status"],
        "detail": status["detail"],
        "late_days": status.get("late_days", 0),
        "late_seconds": status.get("late_seconds", 0),
        "case_id": row.id,
    }


def _held_by(d: Definition, row: Any, actor: Actor | None) -> bool:
    if actor is None:
        return True
    if row.assignee_nip is not None:
        return bool(row.assignee_nip == actor.nip)
    return bool(allowed_triggers(d, row.state, actor))


def _items(conn: Connection, rows: list[Any], now: datetime, actor: Actor | None,
           skip: set[int]) -> list[dict[str, Any]]:  # fmt: skip
    """The report's items of `rows` held by `actor` (anyone without), but those in `skip`."""
    found: list[dict[str, Any]] = []
    definitions: dict[int, Definition] = {}
    for row in rows:
        d = definitions.get(row.definition_pk)
        if d is None:
            d = definitions[row.definition_pk] = definition_of(conn, row)
        if row.id not in skip and _held_by(d, row, actor):
            found.append(_item(d, row, now))
    return found


def breaches(
    engine: Engine,
    now: datetime,
    *,
    institution: str | None = None,
    unit: str | None = None,
    service: str | None = None,
    holder: str | None = None,
) -> dict[str, Any]:
    """{"late": [...], "at_risk": [...]}: open cases past a deadline (most late first within
    each unit and service), and those at risk, with holder, deadline, how late, the
    escalation level reached and whether a step was backdated."""
    where = [cases.c.outcome.is_(None), *scope(institution, unit, service)]
    with reading(engine) as conn:
        actor = actor_for(conn, holder) if holder else None
        late = _items(conn, _rows(conn, where, _late_where(now)), now, actor, set())
        late = [i for i in late if i["status"] == "breached"]
        selected = union(*(select(cases.c.id).where(*where, c) for c in _late_where(now)))
        found = select(selected.subquery().c.id)
        levels, backdated = escalation_levels(conn, found), backdated_cases(conn, found)
        late_ids = {i["case_id"] for i in late}
        candidates = _items(conn, _rows(conn, where, _at_risk_where(now)), now, actor, late_ids)
        at_risk = [i for i in candidates if i["status"] == "at_risk"]
    for item in late:
        item["escalation"] = levels.get(item["case_id"])
        item["backdated"] = item["case_id"] in backdated
    late.sort(key=lambda i: (i["institution"], i["unit"], i["service"], -i["late_days"],
                             -i["late_seconds"]))  # fmt: skip
    return {"as_of": now.isoformat(timespec="seconds"), "late": late, "at_risk": at_risk}
