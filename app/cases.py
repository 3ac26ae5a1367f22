"""Use cases on permohonan: open and advance (the checklist is in `app.checklist`).

Each function runs in one database transaction: the case row, its clock
fields and the audit event are written together or not at all. Time comes in
as `now` (the recorded time: an instant, or a clock read once the case is held)
and optionally `at` (when it happened on paper, within `app.policy`).

Every changing use case takes an optional `request_id`, the idempotency key of
the request: it is stored uniquely with the event, and repeating a request
with the same key returns the original result instead of acting twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from app.clockwork import ClockFields, apply_effect, derived_columns, step_due
from app.definitions import definition_in, definition_row, shipped_by_id
from app.policy import effective_time
from app.records import Now, new_event, read_clock
from app.staff import UnknownStaff, active_actor
from engine.case import CaseView, acting_role, holds, open_clock_effect, openers, plan_step
from engine.definition import Definition
from engine.errors import (
    CaseClosed,
    Conflict,
    NoteRequired,
    RequestReused,
    RoleRequired,
    UnknownVariant,
)
from engine.limits import checked_name, checked_note, checked_request_id
from sla import load_calendar
from storage.audit import KIND_STEP
from storage.case_writes import insert_opened, load_opening, next_number, store_definition
from storage.errors import DatabaseFailed, OutcomeUnknown, UnknownCase
from storage.steps import StepCursor, step_session

__all__ = ["Applicant", "advance_case", "open_case"]

OPEN_TRIGGER = "buka_permohonan"


@dataclass(frozen=True)
class Applicant:
    name: str
    org: str | None = None
    contact: str | None = None

    def checked(self) -> Applicant:
        """The applicant with every text within `engine.limits` (BadText otherwise)."""
        org = checked_name(self.org, "organisasi") if self.org is not None else None
        contact = checked_name(self.contact, "kontak") if self.contact is not None else None
        return Applicant(checked_name(self.name, "pemohon"), org, contact)


def _check_variant(definition: Definition, variant: str | None) -> None:
    known = [o.id for o in definition.variants.options] if definition.variants else []
    if (variant is None and known) or (variant is not None and variant not in known):
        raise UnknownVariant(definition.id, variant, known)


def _opened_earlier(prior: Any, request_id: str, workflow_id: str) -> str:
    """The reference of the case an earlier request with this key opened."""
    if prior.trigger != OPEN_TRIGGER or prior.workflow_id != workflow_id:
        raise RequestReused(request_id, f"langkah {prior.trigger!r} pada permohonan {prior.ref}")
    return str(prior.ref)


def open_case(
    engine: Engine,
    workflow_id: str,
    applicant: Applicant,
    nip: str,
    now: Now,
    *,
    variant: str | None = None,
    at: Any = None,
    request_id: str | None = None,
) -> str:
    """Register a received berkas; returns its reference, e.g. PKL-PBJ-2026-000123.

    One read (the staff member, any earlier event of this request, the definition's
    row) and one write (the next number, the case and its first event), like a
    step (`storage.case_writes`)."""
    item = shipped_by_id(workflow_id)
    _check_variant(item.definition, variant)
    applicant = applicant.checked()
    request_id = checked_request_id(request_id)
    try:
        return _open(engine, item, applicant, nip, now, variant, at, request_id)
    except DatabaseFailed as exc:
        if not exc.duplicate_request or request_id is None:
            raise
        d = item.definition  # a concurrent retry with the same key won the race
        with step_session(engine) as tx:
            found = load_opening(tx, nip, request_id, d.id, d.version, item.digest)
        if found.prior is None:
            raise
        return _opened_earlier(found.prior, request_id, workflow_id)
    except OutcomeUnknown as exc:
        raise exc.with_request(request_id) from exc


def _open(
    engine: Engine,
    item: Any,
    applicant: Applicant,
    nip: str,
    now: Now,
    variant: str | None,
    at: Any,
    request_id: str | None,
) -> str:
    d = item.definition
    with step_session(engine, single_statement=False) as tx:
        found = load_opening(tx, nip, request_id, d.id, d.version, item.digest)
        if found.prior is not None and request_id is not None:
            return _opened_earlier(found.prior, request_id, d.id)
        recorded = read_clock(now)
        calendar = load_calendar(d.sla.calendar)
        received = effective_time(
            "(baru)", at, recorded, calendar=calendar, institution=d.institution
        )
        if found.actor is None:
            raise UnknownStaff(nip)
        actor = active_actor(found.actor)
        allowed = openers(d)
        opener = next((role for role in allowed if holds(d, actor, role)), None)
        if opener is None:
            where = f"{d.institution}/{d.unit_code}"
            raise RoleRequired("(baru)", nip, " atau ".join(allowed), where)
        definition_pk = found.definition_pk
        if definition_pk is None:  # the first case of this definition in this database
            definition_pk = store_definition(tx, definition_row(item, recorded))
        year = received.astimezone(calendar.tz).year
        seq = next_number(tx, d.institution_code, d.unit_code, year)
        ref = f"{d.institution_code}-{d.unit_code}-{year}-{seq:06d}"
        event = new_event(
            ref, 1, d, kind=KIND_STEP, source=None, dest=d.initial, trigger=OPEN_TRIGGER,
            actor=actor, role=opener, effective=received, recorded=recorded,
            previous_hash=None, request_id=request_id,
        )  # fmt: skip
        row = _opened_row(d, ref, definition_pk, variant, applicant, received, recorded)
        insert_opened(tx, row | {"last_hash": event["hash"]}, event)
    return ref


def _opened_row(
    d: Definition,
    ref: str,
    definition_pk: int,
    variant: str | None,
    applicant: Applicant,
    received: Any,
    recorded: Any,
) -> dict[str, Any]:
    """The columns of a new case row, but its newest event's hash."""
    clock = apply_effect(d, variant, ClockFields(), open_clock_effect(d), received)
    role = d.states[d.initial].role
    step_due_at = step_due(d, d.initial, received)
    return {
        "ref": ref,
        "definition_pk": definition_pk,
        "workflow_id": d.id,
        "institution": d.institution,
        "unit_code": d.unit_code,
        "state": d.initial,
        "role": role,
        "acting_role": _acting(d, role),
        "outcome": None,
        "variant": variant,
        "applicant_name": applicant.name,
        "applicant_org": applicant.org,
        "applicant_contact": applicant.contact,
        "received_at": received,
        "rev": 1,
        "step_due_at": step_due_at,
        "updated_at": recorded,
        "last_seq": 1,
        "last_event_at": received,
        "assignee_nip": None,
        **clock.columns(),
        **derived_columns(d, variant, clock, step_due_at, received, None),
    }


def _acting(d: Definition, role: str | None) -> str | None:
    return acting_role(d, role) if role else None


def _view(tx: StepCursor, row: Any, d: Definition, trigger: str) -> CaseView:
    """The case as the engine sees it; the checklist and earlier actors are read only
    when the transition needs them (a guard, a four-eyes rule)."""
    leaving = [t for t in d.transitions_from(row.state) if t.trigger == trigger]
    guarded = any(t.guards for t in leaving)
    checked = frozenset(tx.checked(row.id) if guarded else ())
    actors = tx.step_actors(row.id) if any(t.distinct_from for t in leaving) else {}
    started, stopped = row.clock_started_at is not None, row.clock_stopped_at is not None
    return CaseView(row.ref, row.state, row.variant, checked, started, stopped, actors)


def _earlier_result(ref: str, row: Any, prior: Any, trigger: str, request_id: str) -> str:
    """The state an earlier request with the same key moved the case to."""
    if prior.case_id != row.id or prior.kind != KIND_STEP or prior.trigger != trigger:
        raise RequestReused(request_id, f"langkah {prior.trigger!r} ({prior.kind})")
    return str(prior.to_state)


def advance_case(
    engine: Engine,
    ref: str,
    trigger: str,
    nip: str,
    now: Now,
    *,
    note: str | None = None,
    at: Any = None,
    expect_rev: int | None = None,
    request_id: str | None = None,
) -> str:
    """Fire `trigger` on case `ref` as staff `nip`; returns the new state.

    A step that sends the berkas back to the applicant (`Definition.sends_back`) needs
    `note`, its reason: without one (or only white space) it is refused (NoteRequired)
    and nothing is written.

    The hot path of the engine: one read (the case with the actor and any earlier
    event of this request) and one conditional write of the case and its audit
    event (`storage.steps`)."""
    note, request_id = checked_note(note, "catatan"), checked_request_id(request_id)
    try:
        return _advance(engine, ref, trigger, nip, now, note, at, expect_rev, request_id)
    except OutcomeUnknown as exc:
        raise exc.with_request(request_id) from exc
    except DatabaseFailed as exc:
        if not exc.duplicate_request or request_id is None:
            raise
        with step_session(engine) as tx:  # a concurrent retry with the same key won the race
            found = tx.load(ref, nip, request_id)
        if found is None or found.prior is None:
            raise
        return _earlier_result(ref, found.case, found.prior, trigger, request_id)


def _advance(
    engine: Engine,
    ref: str,
    trigger: str,
    nip: str,
    now: Now,
    note: str | None,
    at: Any,
    expect_rev: int | None,
    request_id: str | None,
) -> str:
    with step_session(engine) as tx:
        found = tx.load(ref, nip, request_id)
        if found is None:
            raise UnknownCase(ref)
        row = found.case
        if found.prior is not None and request_id is not None:
            return _earlier_result(ref, row, found.prior, trigger, request_id)
        if expect_rev is not None and row.rev != expect_rev:
            raise Conflict(ref, expect_rev, row.rev)
        if row.outcome is not None:
            raise CaseClosed(ref, row.outcome)
        d, digest = definition_in(engine, tx, row.definition_pk)
        if found.actor is None:
            raise UnknownStaff(nip)
        actor = active_actor(found.actor)
        step = plan_step(d, digest, _view(tx, row, d, trigger), trigger, actor)
        if note is None and d.sends_back(trigger):
            raise NoteRequired(ref, trigger, step.label)
        recorded = read_clock(now)
        calendar = load_calendar(d.sla.calendar)
        effective = effective_time(
            ref, at, recorded, calendar=calendar, institution=d.institution,
            previous=row.last_event_at,
        )  # fmt: skip
        clock = ClockFields.from_row(row)
        clock = apply_effect(d, row.variant, clock, step.clock, effective)
        role = step.role if step.role == step.acting_role else f"{step.role}/{step.acting_role}"
        event = new_event(
            ref, row.rev + 1, d, kind=KIND_STEP, source=step.from_state, dest=step.to_state,
            trigger=trigger, actor=actor, role=role, effective=effective, recorded=recorded,
            previous_hash=row.last_hash, note=note, request_id=request_id,
        )  # fmt: skip
        dest = d.states[step.to_state]
        outcome = dest.outcome.value if dest.outcome else None
        step_due_at = step_due(d, step.to_state, effective)
        values = {
            "state": step.to_state,
            "role": dest.role,
            "acting_role": _acting(d, dest.role),
            "outcome": outcome,
            # a disposisi follows the case while its step stays with the same role
            "assignee_nip": row.assignee_nip if dest.role == row.role else None,
            "step_due_at": step_due_at,
            "updated_at": recorded,
            "last_seq": row.rev + 1,
            "last_event_at": effective,
            "last_hash": event["hash"],
            **clock.columns(),
            **derived_columns(d, row.variant, clock, step_due_at, effective, outcome),
        }
        if not tx.write(row.id, row.rev, values, event):
            current = tx.load(ref, nip, request_id)
            if current is not None and current.prior is not None and request_id is not None:
                return _earlier_result(ref, row, current.prior, trigger, request_id)
            raise Conflict(ref, row.rev, current.case.rev if current else row.rev)
    return step.to_state
