"""`alur report breaches`: open cases past their case or step deadline, and those at risk.

The late cases are selected in SQL by their stored deadlines (the case's, unless its clock
stopped or was paused before it; the current step's), so the cost grows with the late
cases, not with the open ones. How late each is, in hari kerja and jam, is then worked out
on its office calendar. The at-risk list needs the share of service time used, which only
the calendar knows: it is computed for the open cases whose clocks still run.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from app.clockwork import case_status
from app.queries import holder_of, local_iso
from app.staff import actor_for
from engine.case import Actor, allowed_triggers
from reports.common import (
    backdated_cases,
    definition_of,
    escalation_levels,
    scope,
)
from storage.schema import cases, staff
from storage.transactions import reading

__all__ = ["breaches"]


def _late_where(now: datetime) -> Any:
    running_case = and_(
        cases.c.clock_stopped_at.is_(None),
        cases.c.clock_due_at < func.coalesce(cases.c.clock_paused_at, now),
    )
    return or_(running_case, cases.c.step_due_at < now)


def _rows(conn: Connection, where: list[Any]) -> list[Any]:
    query = (
        select(cases, staff.c.name.label("assignee_name"))
        .select_from(cases.outerjoin(staff, staff.c.nip == cases.c.assignee_nip))
        .where(*where)
        .order_by(cases.c.institution, cases.c.unit_code, cases.c.workflow_id, cases.c.id)
    )
    return list(conn.execute(query))


def _item(conn: Connection, row: Any, now: datetime) -> dict[str, Any]:
    d = definition_of(conn, row)
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


def _held_by(conn: Connection, row: Any, actor: Actor | None) -> bool:
    if actor is None:
        return True
    if row.assignee_nip is not None:
        return bool(row.assignee_nip == actor.nip)
    return bool(allowed_triggers(definition_of(conn, row), row.state, actor))


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
        late_rows = [r for r in _rows(conn, [*where, _late_where(now)]) if _held_by(conn, r, actor)]
        late = [_item(conn, r, now) for r in late_rows]
        late = [i for i in late if i["status"] == "breached"]
        ids = [i["case_id"] for i in late]
        levels, backdated = escalation_levels(conn, ids), backdated_cases(conn, ids)
        late_ids = set(ids)
        running = or_(cases.c.clock_stopped_at.is_(None), cases.c.step_due_at.is_not(None))
        candidates = [
            r
            for r in _rows(conn, [*where, running, cases.c.clock_started_at.is_not(None)])
            if r.id not in late_ids and _held_by(conn, r, actor)
        ]
        at_risk = [i for i in (_item(conn, r, now) for r in candidates) if i["status"] == "at_risk"]
    for item in late:
        item["escalation"] = levels.get(item["case_id"])
        item["backdated"] = item["case_id"] in backdated
    late.sort(key=lambda i: (i["institution"], i["unit"], i["service"], -i["late_days"],
                             -i["late_seconds"]))  # fmt: skip
    return {"as_of": now.isoformat(timespec="seconds"), "late": late, "at_risk": at_risk}
