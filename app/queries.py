"""Reading cases for people: one case, its history, lists and worklists.

Every function returns plain dicts whose keys are the JSON contract of the
CLI (`--format json`); the table form shows the same values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from app.clockwork import ClockFields, sla_status
from app.definitions import definition_for_case
from app.policy import backdated
from app.staff import actor_for
from engine.case import allowed_triggers
from engine.definition import Definition
from sla import load_calendar
from storage import repository
from storage.transactions import reading

__all__ = ["case_history", "case_list", "case_summary", "worklist"]


def _iso(value: datetime | None, d: Definition) -> str | None:
    return value.astimezone(load_calendar(d.sla.calendar).tz).isoformat() if value else None


def _summary(conn: Connection, row: Any, now: datetime) -> dict[str, Any]:
    d, _ = definition_for_case(conn, row.definition_pk)
    status = sla_status(d, row.variant, ClockFields.from_row(row), now)
    state = d.states[row.state]
    return {
        "ref": row.ref,
        "service": d.id,
        "service_name": d.name,
        "institution": d.institution,
        "unit": d.unit_code,
        "state": row.state,
        "state_label": state.label,
        "role": row.role,
        "role_label": d.roles[row.role].label if row.role else None,
        "outcome": row.outcome,
        "version": row.rev,
        "workflow_version": d.version,
        "variant": row.variant,
        "applicant": row.applicant_name,
        "org": row.applicant_org,
        "received_at": _iso(row.received_at, d),
        "sla": status["sla"],
        "due": _iso(row.clock_due_at, d),
        "step_due": _iso(row.step_due_at, d),
        "paused": row.clock_paused_at is not None,
        "sla_status": status["status"],
        "sla_detail": status["detail"],
    }


def case_summary(engine: Engine, ref: str, now: datetime, nip: str | None = None) -> dict[str, Any]:
    with reading(engine) as conn:
        row = repository.case_by_ref(conn, ref)
        d, _ = definition_for_case(conn, row.definition_pk)
        summary = _summary(conn, row, now)
        actor = actor_for(conn, nip) if nip else None
        summary["allowed_triggers"] = allowed_triggers(d, row.state, actor)
        done = repository.checked_requirements(conn, row.id)
        summary["checklist"] = [
            {"id": r.id, "text": r.text, "done": r.id in done, "optional": r.optional}
            for r in d.requirements_for(row.variant)
        ]
    return summary


def case_history(engine: Engine, ref: str) -> list[dict[str, Any]]:
    with reading(engine) as conn:
        row = repository.case_by_ref(conn, ref)
        d, _ = definition_for_case(conn, row.definition_pk)
        return [
            {
                "seq": e.seq,
                "kind": e.kind,
                "workflow": e.workflow_id,
                "workflow_version": e.workflow_version,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "trigger": e.trigger,
                "actor_nip": e.actor_nip,
                "actor_name": e.actor_name,
                "role": e.role,
                "note": e.note,
                "items": e.items,
                "effective_at": _iso(e.effective_at, d),
                "recorded_at": _iso(e.recorded_at, d),
                "backdated": backdated(e.effective_at, e.recorded_at),
                "request_id": e.request_id,
                "hash": e.hash,
            }
            for e in repository.case_events(conn, row.id)
        ]


def case_list(
    engine: Engine,
    now: datetime,
    *,
    service: str | None = None,
    state: str | None = None,
    status: str | None = None,
    institution: str | None = None,
    unit: str | None = None,
) -> list[dict[str, Any]]:
    with reading(engine) as conn:
        rows = repository.find_cases(
            conn, workflow_id=service, state=state, institution=institution, unit_code=unit
        )
        items = [_summary(conn, row, now) for row in rows]
    return [i for i in items if status is None or i["sla_status"] == status]


def worklist(engine: Engine, nip: str, now: datetime) -> list[dict[str, Any]]:
    """Open cases waiting on this person's roles in their unit, most urgent first."""
    with reading(engine) as conn:
        actor = actor_for(conn, nip)
        rows = repository.find_cases(
            conn, institution=actor.institution, roles=sorted(actor.roles), open_only=True
        )
        items = []
        for row in rows:
            d, _ = definition_for_case(conn, row.definition_pk)
            if allowed_triggers(d, row.state, actor):  # e.g. a unit role seen from SETDA
                items.append(_summary(conn, row, now))
    rank = {"breached": 0, "at_risk": 1, "on_track": 2}
    return sorted(items, key=lambda i: (rank.get(i["sla_status"], 3), i["due"] or "~"))
