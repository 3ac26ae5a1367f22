"""Reading cases for people: one case, its history, lists and worklists.

Every function returns plain dicts whose keys are the JSON contract of the
CLI (`--format json`); the table form shows the same values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from app.clockwork import case_status
from app.definitions import definition_for_case
from app.policy import backdated
from app.replay import case_as_of
from app.staff import actor_for
from app.timefmt import status_word
from app.worklist_order import SECTIONS, worklist_counts, worklist_rows
from engine.case import Actor, CaseView, allowed_triggers, plan_step
from engine.definition import Definition
from engine.errors import BadInput, NotPermitted
from sla import load_calendar
from storage import repository
from storage.audit import KIND_STEP
from storage.schema import alerts
from storage.transactions import reading

__all__ = [
    "OPENNESS",
    "SECTIONS",
    "case_history",
    "case_list",
    "case_summary",
    "holder_of",
    "local_iso",
    "worklist",
    "worklist_sections",
]

OPENNESS = ("open", "closed", "all")  # which cases `case_list` returns, by outcome


def local_iso(value: datetime | None, d: Definition) -> str | None:
    """The instant in the office's own zone, ISO 8601 to the second."""
    if value is None:
        return None
    return value.astimezone(load_calendar(d.sla.calendar).tz).isoformat(timespec="seconds")


def holder_of(row: Any, d: Definition, assignee_name: str | None) -> str | None:
    """Who holds the case: the person it was given to (by name), else the role of its step."""
    if row.assignee_nip:
        return assignee_name or row.assignee_nip
    return d.roles[row.role].label if row.role else None


def _holder(conn: Connection, row: Any, d: Definition) -> str | None:
    person = repository.staff_by_nip(conn, row.assignee_nip) if row.assignee_nip else None
    return holder_of(row, d, str(person.name) if person else None)


def _summary(conn: Connection, row: Any, now: datetime) -> dict[str, Any]:
    d, _ = definition_for_case(conn, row.definition_pk)
    status = case_status(d, row, now)
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
        "assignee": row.assignee_nip,
        "holder": _holder(conn, row, d),
        "waiting_on_applicant": bool(row.role and d.roles[row.role].applicant),
        "outcome": row.outcome,
        "version": row.rev,
        "workflow_version": d.version,
        "variant": row.variant,
        "applicant": row.applicant_name,
        "org": row.applicant_org,
        "received_at": local_iso(row.received_at, d),
        "sla": status["sla"],
        "due": local_iso(row.clock_due_at, d),
        "step_due": local_iso(row.step_due_at, d),
        "deadline": local_iso(status["deadline"], d),
        "deadline_of": status["deadline_of"],
        "case_status": status["case_status"],
        "step_status": status["step_status"],
        "step_detail": status["step_detail"],
        "paused": row.clock_paused_at is not None,
        "sla_status": status["status"],
        "sla_status_label": status_word(status["status"], row.clock_paused_at is not None),
        "sla_detail": status["detail"],
    }


class NotYetReceived(BadInput):
    def __init__(self, ref: str, at: str) -> None:
        super().__init__(f"permohonan {ref} belum diterima pada {at}")


def case_summary(
    engine: Engine, ref: str, now: datetime, nip: str | None = None, at: datetime | None = None
) -> dict[str, Any]:
    """One case for people: its state, holder, deadline and status at `now`; the steps
    `nip` may take now and those blocked, with why; its checklist. With `at`, the case
    as it stood then, rebuilt from its audit log (`app.replay`)."""
    with reading(engine) as conn:
        row: Any = repository.case_by_ref(conn, ref)
        d, digest = definition_for_case(conn, row.definition_pk)
        events = list(repository.case_events(conn, row.id))
        done = repository.checked_requirements(conn, row.id)
        if at is not None:
            found = case_as_of(d, row, events, at)
            if found is None:
                raise NotYetReceived(ref, at.isoformat())
            row, done = found
            events = [e for e in events if e.seq <= row.rev]
        summary = _summary(conn, row, at or now)
        summary["as_of"] = local_iso(at, d)
        actor = actor_for(conn, nip) if nip else None
    summary.update(_actions(d, digest, row, done, events, actor))
    summary["checklist"] = [
        {"id": r.id, "text": r.text, "done": r.id in done, "optional": r.optional}
        for r in d.requirements_for(row.variant)
    ]
    return summary


def _actions(
    d: Definition, digest: str, row: Any, done: set[str], events: list[Any], actor: Actor | None
) -> dict[str, Any]:
    """`allowed_triggers` (possible now) and `blocked` ([{trigger, reason}]) for `actor`;
    without one, every step leaving the state."""
    if row.outcome is not None:
        return {"allowed_triggers": [], "blocked": []}
    if actor is None:
        return {"allowed_triggers": allowed_triggers(d, row.state), "blocked": []}
    actors = {e.trigger: e.actor_nip for e in events if e.kind == KIND_STEP}
    started, stopped = row.clock_started_at is not None, row.clock_stopped_at is not None
    view = CaseView(row.ref, row.state, row.variant, frozenset(done), started, stopped, actors)
    allowed, blocked = [], []
    for trigger in dict.fromkeys(allowed_triggers(d, row.state, actor)):
        try:
            plan_step(d, digest, view, trigger, actor)
            allowed.append(trigger)
        except NotPermitted as exc:
            reason = str(exc).removeprefix(f"permohonan {row.ref}: ")
            blocked.append({"trigger": trigger, "reason": reason})
    return {"allowed_triggers": allowed, "blocked": blocked}


def case_history(engine: Engine, ref: str) -> list[dict[str, Any]]:
    with reading(engine) as conn:
        row = repository.case_by_ref(conn, ref)
        d, _ = definition_for_case(conn, row.definition_pk)
        entries = [
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
                "effective_at": local_iso(e.effective_at, d),
                "recorded_at": local_iso(e.recorded_at, d),
                "backdated": backdated(e.effective_at, e.recorded_at),
                "request_id": e.request_id,
                "hash": e.hash,
            }
            for e in repository.case_events(conn, row.id)
        ]
        # alerts between the events, by when each was recorded (events' order kept)
        return sorted(entries + _alerts(conn, row.id, d), key=lambda x: str(x["recorded_at"]))


def _alerts(conn: Connection, case_id: int, d: Definition) -> list[dict[str, Any]]:
    """The SLA alerts of a case (kinds `peringatan`, `eskalasi`) as history entries. They are
    rows of their own table (monitoring), not events of the audit chain: no `seq`, no hash."""
    names = {r.nip: r.name for r in repository.list_staff(conn, d.institution)}
    result = []
    for a in conn.execute(
        select(alerts).where(alerts.c.case_id == case_id).order_by(alerts.c.id)
    ).all():
        told = ", ".join(names.get(nip, nip) for nip in a.recipients) or "tidak seorang pun"
        note = f"{a.detail}; kepada {told}" + (f" ({a.note})" if a.note else "")
        at = local_iso(a.created_at, d)
        result.append(
            {
                "seq": None,
                "kind": a.kind,
                "workflow": d.id,
                "workflow_version": d.version,
                "from_state": a.state,
                "to_state": a.state,
                "trigger": a.level,
                "actor_nip": "sistem",
                "actor_name": "alur (otomatis)",
                "role": "sistem",
                "note": note,
                "items": a.recipients,
                "effective_at": at,
                "recorded_at": at,
                "backdated": False,
                "request_id": None,
                "hash": None,
            }
        )
    return result


def _matches(item: dict[str, Any], status: str | None, applicant: str | None) -> bool:
    if status == "paused" and not item["paused"]:
        return False
    if status not in (None, "paused") and item["sla_status"] != status:
        return False
    if applicant:
        names = f"{item['applicant'] or ''}\n{item['org'] or ''}".casefold()
        return applicant.casefold() in names
    return True


def case_list(
    engine: Engine,
    now: datetime,
    *,
    service: str | None = None,
    state: str | None = None,
    status: str | None = None,
    institution: str | None = None,
    unit: str | None = None,
    openness: str = "all",
    holder: str | None = None,
    applicant: str | None = None,
) -> list[dict[str, Any]]:
    """Cases matching every filter given: `openness` one of OPENNESS; `holder` a NIP (the
    cases waiting on a role that person holds in their institution and unit); `applicant`
    a piece of the applicant's name or organisation, any case."""
    with reading(engine) as conn:
        actor = actor_for(conn, holder) if holder else None
        rows = repository.find_cases(
            conn,
            workflow_id=service,
            state=state,
            institution=actor.institution if actor else institution,
            unit_code=unit,
            roles=sorted(actor.roles) if actor else None,
            open_only=openness == "open" or actor is not None,
        )
        if openness == "closed":
            rows = [row for row in rows if row.outcome is not None]
        items = [_summary(conn, row, now) for row in rows if _waits_on(conn, row, actor)]
    return [i for i in items if _matches(i, status, applicant)]


def _waits_on(conn: Connection, row: Any, actor: Actor | None) -> bool:
    """Whether the case waits on `actor` (always, without one): a role they hold, in their
    unit, or in their institution for an institution-wide role."""
    if actor is None:
        return True
    d, _ = definition_for_case(conn, row.definition_pk)
    return bool(allowed_triggers(d, row.state, actor))


# SECTIONS: the worklist's parts: cases given to me by name; cases waiting on a role I hold
# and given to nobody else; cases whose step is the applicant's, which my role records.


def worklist(
    engine: Engine, nip: str, now: datetime, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Open cases for this person, by `section` (SECTIONS), most urgent first in each:
    late, then at risk, then the earliest deadline (of the case or of its step); with
    `limit`, that many from `offset`. Ordered and paged by the database
    (`app.worklist_order`): only the cases returned are summarised."""
    with reading(engine) as conn:
        actor = actor_for(conn, nip)
        rows = worklist_rows(conn, actor, nip, now, limit, offset)
        return [{**_summary(conn, row, now), "section": section} for section, row in rows]


def worklist_sections(
    engine: Engine, nip: str, now: datetime, limit: int = 50
) -> dict[str, dict[str, Any]]:
    """The worklist's three parts (SECTIONS), each {"rows": its `limit` most urgent cases,
    "count": how many it holds}; only the rows shown are summarised."""
    with reading(engine) as conn:
        actor = actor_for(conn, nip)
        parts: dict[str, dict[str, Any]] = {}
        for section, count in worklist_counts(conn, actor, nip).items():
            rows = worklist_rows(conn, actor, nip, now, limit, 0, only=section) if count else []
            summaries = [{**_summary(conn, row, now), "section": section} for _, row in rows]
            parts[section] = {"rows": summaries, "count": count}
        return parts
