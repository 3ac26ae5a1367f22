"""Use cases that close or hand over a case outside its procedure's steps.

- `cancel_case`: the applicant withdrew or the request was void: the case ends
  as *dibatalkan* from any open step, by whoever holds the step or the unit's
  Kabag, always with a reason.
- `lapse_case`: a case that waited on the applicant longer than the workflow's
  `sla.lapse_after` (or the institution's, `ALUR_LAPSE_AFTER`) ends as *gugur*.
  The scheduled sweep calls it; staff may call it too once the rule holds.
- `assign_case` (disposisi): the unit's Kabag gives the case to a named person
  who holds the role of its current step, or that person claims it. The
  assignment follows the case while its step stays with the same role.

Each is an audit event (`pembatalan`, `gugur`, `disposisi`) that moves the
version counter; closing stops the SLA clock, and reports keep cancelled and
lapsed cases apart from completed ones.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from app.clockwork import ClockFields, apply_effect, derived_columns
from app.definitions import definition_for_case
from app.records import Now, append_change, earlier_request, read_clock
from app.staff import actor_for
from engine.case import SUPERVISOR_ROLE, Actor, ClockEffect, holds
from engine.definition import Definition, Outcome
from engine.errors import CaseClosed, NotPermitted, ReasonRequired, RequestReused, RoleRequired
from engine.limits import checked_note, checked_request_id
from sla import due, load_calendar, parse_duration
from storage import repository
from storage.audit import KIND_ASSIGN, KIND_CANCEL, KIND_LAPSE
from storage.errors import OutcomeUnknown
from storage.transactions import writing

__all__ = ["LAPSE_ENV", "LapseNotDue", "assign_case", "cancel_case", "lapse_case", "lapse_rule"]

LAPSE_ENV = "ALUR_LAPSE_AFTER"
SYSTEM = "sistem"


class LapseNotDue(NotPermitted):
    def __init__(self, ref: str, why: str) -> None:
        self.ref = ref
        super().__init__(f"permohonan {ref} belum dapat dinyatakan gugur: {why}")


def lapse_rule(d: Definition) -> str | None:
    """The lapse duration text: the workflow's, else the institution's (``ALUR_LAPSE_AFTER``:
    ``14 hari kerja`` for all, or ``ppu=14 hari kerja,pasuruan=30 hari kalender``)."""
    if d.sla.lapse_after:
        return d.sla.lapse_after
    found = None
    for part in filter(None, (p.strip() for p in os.environ.get(LAPSE_ENV, "").split(","))):
        name, sep, text = part.partition("=")
        if not sep:
            found = found or part
        elif name.strip() == d.institution:
            return text.strip()
    return found


def _closing_values(d: Definition, row: Any, outcome: Outcome, at: datetime) -> dict[str, Any]:
    clock = ClockFields.from_row(row)
    if clock.started_at is not None and clock.stopped_at is None:
        clock = apply_effect(d, row.variant, clock, ClockEffect.STOP, at)
    return {
        "outcome": outcome.value,
        "role": None,
        "acting_role": None,
        "assignee_nip": None,
        "step_due_at": None,
        **clock.columns(),
        **derived_columns(d, row.variant, clock, None, None, outcome.value),
    }


def _open_row(conn: Connection, ref: str) -> tuple[Any, Definition]:
    row = repository.case_by_ref(conn, ref)
    if row.outcome is not None:
        raise CaseClosed(ref, row.outcome)
    d, _ = definition_for_case(conn, row.definition_pk)
    return row, d


def _repeat(conn: Connection, row: Any, kind: str, request_id: str | None) -> bool:
    prior = earlier_request(conn, request_id)
    if prior is None:
        return False
    if prior.case_id != row.id or prior.kind != kind:
        raise RequestReused(str(request_id), f"perubahan lain ({prior.kind})")
    return True


def cancel_case(
    engine: Engine, ref: str, nip: str, now: Now, *, reason: str, request_id: str | None = None
) -> None:
    """Close case `ref` as dibatalkan, with a reason."""
    text, request_id = checked_note(reason, "alasan"), checked_request_id(request_id)
    if text is None:
        raise ReasonRequired(ref, "pembatalan memerlukan alasan")
    try:
        with writing(engine) as conn:
            row = repository.case_by_ref(conn, ref)
            if _repeat(conn, row, KIND_CANCEL, request_id):
                return
            row, d = _open_row(conn, ref)
            actor = actor_for(conn, nip)
            role = next(
                (r for r in (row.acting_role, SUPERVISOR_ROLE) if r and holds(d, actor, r)), None
            )
            if role is None:
                raise RoleRequired(ref, nip, row.acting_role or SUPERVISOR_ROLE, _unit(d))
            recorded = read_clock(now)
            values = _closing_values(d, row, Outcome.DIBATALKAN, recorded)
            append_change(
                conn,
                d,
                row,
                kind=KIND_CANCEL,
                actor=actor,
                role=role,
                recorded=recorded,
                note=text,
                request_id=request_id,
                values=values,
            )
    except OutcomeUnknown as exc:
        raise exc.with_request(request_id) from exc


def lapse_case(engine: Engine, ref: str, now: Now, nip: str | None = None) -> None:
    """Close case `ref` as gugur, if it has waited on the applicant beyond the rule."""
    with writing(engine) as conn:
        row, d = _open_row(conn, ref)
        recorded = read_clock(now)
        _check_lapse(d, row, recorded)
        actor = actor_for(conn, nip) if nip else _system(d)
        rule = lapse_rule(d)
        values = _closing_values(d, row, Outcome.GUGUR, recorded)
        note = f"menunggu pemohon lebih dari {rule}"
        append_change(
            conn,
            d,
            row,
            kind=KIND_LAPSE,
            actor=actor,
            role=SYSTEM,
            recorded=recorded,
            note=note,
            values=values,
        )


def _check_lapse(d: Definition, row: Any, at: datetime) -> None:
    rule = lapse_rule(d)
    if rule is None:
        raise LapseNotDue(row.ref, "layanan ini tidak menetapkan batas menunggu pemohon")
    waiting = row.role is not None and d.roles[row.role].applicant
    if not waiting:
        raise LapseNotDue(row.ref, "permohonan tidak sedang menunggu pemohon")
    calendar = load_calendar(d.sla.calendar)
    duration = parse_duration(rule, calendar.plain_hari)
    if duration is None:
        raise LapseNotDue(row.ref, f"batas {rule!r} tidak dapat dibaca")
    limit = due(calendar, row.last_event_at, duration, d.sla.rule)
    if at < limit:
        raise LapseNotDue(row.ref, f"batas menunggu {rule} berakhir {limit.isoformat()}")


def _system(d: Definition) -> Actor:
    return Actor(SYSTEM, "alur (otomatis)", d.institution, d.unit_code, frozenset())


def _unit(d: Definition) -> str:
    return f"{d.institution}/{d.unit_code}"


def assign_case(
    engine: Engine, ref: str, assignee: str, nip: str, now: Now, *, request_id: str | None = None
) -> str:
    """Give case `ref` to staff `assignee` (disposisi) as `nip`; returns their name."""
    request_id = checked_request_id(request_id)
    try:
        with writing(engine) as conn:
            row = repository.case_by_ref(conn, ref)
            if _repeat(conn, row, KIND_ASSIGN, request_id):
                return str(actor_for(conn, assignee).name)
            row, d = _open_row(conn, ref)
            actor, target = actor_for(conn, nip), actor_for(conn, assignee)
            step_role = row.acting_role
            if not step_role or not holds(d, target, step_role):
                raise RoleRequired(ref, assignee, step_role or "-", _unit(d))
            claiming = assignee == nip
            if not claiming and not holds(d, actor, SUPERVISOR_ROLE):
                raise RoleRequired(ref, nip, SUPERVISOR_ROLE, _unit(d))
            role = step_role if claiming else SUPERVISOR_ROLE
            append_change(
                conn,
                d,
                row,
                kind=KIND_ASSIGN,
                actor=actor,
                role=role,
                recorded=read_clock(now),
                items=[assignee],
                request_id=request_id,
                note=f"kepada {target.name}",
                values={"assignee_nip": assignee},
            )
            return target.name
    except OutcomeUnknown as exc:
        raise exc.with_request(request_id) from exc
