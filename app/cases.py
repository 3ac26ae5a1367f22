"""Use cases on permohonan: open, tick requirements, advance.

Each function runs in one database transaction: the case row, its clock
fields and the audit event are written together or not at all. Time comes in
as `now` (the recorded time) and optionally `at` (when it happened on paper).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from app.clockwork import ClockFields, apply_effect, step_due
from app.definitions import (
    definition_for_case,
    definition_in,
    shipped_by_id,
    store_for_new_case,
)
from app.staff import UnknownStaff, actor_for, actor_from_row
from engine.case import Actor, CaseView, acting_role, holds, open_clock_effect, plan_step
from engine.definition import Definition
from engine.errors import (
    BadEffectiveTime,
    Conflict,
    RoleRequired,
    UnknownRequirement,
    UnknownVariant,
)
from sla import load_calendar
from sla.calendar import require_aware
from storage import repository
from storage.errors import UnknownCase
from storage.steps import StepCursor, step_session

__all__ = ["Applicant", "advance_case", "check_requirements", "open_case"]

OPEN_TRIGGER = "buka_permohonan"


@dataclass(frozen=True)
class Applicant:
    name: str
    org: str | None = None
    contact: str | None = None


def _effective(ref: str, at: datetime | None, now: datetime, previous: datetime | None) -> datetime:
    require_aware(now, "now")
    if at is None:
        return now
    require_aware(at, "at")
    if at > now:
        raise BadEffectiveTime(ref, at, "ada di masa depan")
    if previous is not None and at < previous:
        raise BadEffectiveTime(
            ref, at, f"lebih awal dari langkah sebelumnya ({previous.isoformat()})"
        )
    return at


def _check_variant(definition: Definition, variant: str | None) -> None:
    known = [o.id for o in definition.variants.options] if definition.variants else []
    if (variant is None and known) or (variant is not None and variant not in known):
        raise UnknownVariant(definition.id, variant, known)


def open_case(
    engine: Engine,
    workflow_id: str,
    applicant: Applicant,
    nip: str,
    now: datetime,
    *,
    variant: str | None = None,
    at: datetime | None = None,
) -> str:
    """Register a received berkas; returns its reference, e.g. PKL-PBJ-2026-000123."""
    item = shipped_by_id(workflow_id)
    d = item.definition
    _check_variant(d, variant)
    received = _effective("(baru)", at, now, None)
    with engine.begin() as conn:
        actor = actor_for(conn, nip)
        opener = _acting(d, d.states[d.initial].role) or ""
        if not holds(d, actor, opener):
            raise RoleRequired("(baru)", nip, opener, f"{d.institution}/{d.unit_code}")
        year = received.astimezone(load_calendar(d.sla.calendar).tz).year
        seq = repository.next_sequence(conn, d.institution_code, d.unit_code, year)
        ref = f"{d.institution_code}-{d.unit_code}-{year}-{seq:06d}"
        clock = apply_effect(d, variant, ClockFields(), open_clock_effect(d), received)
        case_id = repository.insert_case(
            conn,
            {
                "ref": ref,
                "definition_pk": store_for_new_case(conn, item, now),
                "workflow_id": d.id,
                "institution": d.institution,
                "unit_code": d.unit_code,
                "state": d.initial,
                "role": d.states[d.initial].role,
                "acting_role": opener,
                "variant": variant,
                "applicant_name": applicant.name,
                "applicant_org": applicant.org,
                "applicant_contact": applicant.contact,
                "received_at": received,
                "rev": 1,
                "step_due_at": step_due(d, d.initial, received),
                "updated_at": now,
                "last_seq": 1,
                "last_event_at": received,
                **clock.columns(),
            },
        )
        event = _event(1, d, None, d.initial, OPEN_TRIGGER, actor, opener)
        event.update(case_id=case_id, note=None, effective_at=received, recorded_at=now)
        repository.insert_event(conn, event)
    return ref


def _event(
    seq: int, d: Definition, source: str | None, dest: str, trigger: str, actor: Actor, role: str
) -> dict[str, Any]:
    """The audit event of a step, but for its note and times."""
    return {
        "seq": seq,
        "workflow_id": d.id,
        "workflow_version": d.version,
        "from_state": source,
        "to_state": dest,
        "trigger": trigger,
        "actor_nip": actor.nip,
        "actor_name": actor.name,
        "role": role,
    }


def _acting(d: Definition, role: str | None) -> str | None:
    return acting_role(d, role) if role else None


def _view(tx: StepCursor, row: Any, d: Definition, trigger: str) -> CaseView:
    """The case as the engine sees it; the checklist is read only when a guard needs it."""
    guarded = any(t.guards for t in d.transitions_from(row.state) if t.trigger == trigger)
    checked = frozenset(tx.checked(row.id) if guarded else ())
    started, stopped = row.clock_started_at is not None, row.clock_stopped_at is not None
    return CaseView(row.ref, row.state, row.variant, checked, started, stopped)


def advance_case(
    engine: Engine,
    ref: str,
    trigger: str,
    nip: str,
    now: datetime,
    *,
    note: str | None = None,
    at: datetime | None = None,
    expect_rev: int | None = None,
) -> str:
    """Fire `trigger` on case `ref` as staff `nip`; returns the new state.

    The hot path of the engine: one read (the case with the actor) and one
    conditional write of the case and its audit event (`storage.steps`)."""
    with step_session(engine) as tx:
        found = tx.load(ref, nip)
        if found is None:
            raise UnknownCase(ref)
        row = found.case
        if expect_rev is not None and row.rev != expect_rev:
            raise Conflict(ref, expect_rev, row.rev)
        d, digest = definition_in(engine, tx, row.definition_pk)
        if found.actor is None:
            raise UnknownStaff(nip)
        actor = actor_from_row(found.actor)
        step = plan_step(d, digest, _view(tx, row, d, trigger), trigger, actor)
        effective = _effective(ref, at, now, row.last_event_at)
        clock = ClockFields.from_row(row)
        clock = apply_effect(d, row.variant, clock, step.clock, effective)
        dest = d.states[step.to_state]
        values = {
            "state": step.to_state,
            "role": dest.role,
            "acting_role": _acting(d, dest.role),
            "outcome": dest.outcome.value if dest.outcome else None,
            "step_due_at": step_due(d, step.to_state, effective),
            "updated_at": now,
            "last_seq": row.last_seq + 1,
            "last_event_at": effective,
            **clock.columns(),
        }
        role = step.role if step.role == step.acting_role else f"{step.role}/{step.acting_role}"
        event = _event(row.rev + 1, d, step.from_state, step.to_state, trigger, actor, role)
        event.update(note=note, effective_at=effective, recorded_at=now)
        if not tx.write(row.id, row.rev, values, event):
            current = tx.load(ref, nip)
            raise Conflict(ref, row.rev, current.case.rev if current else row.rev)
    return step.to_state


def check_requirements(
    engine: Engine, ref: str, requirement_ids: list[str], nip: str, now: datetime
) -> list[str]:
    """Tick Persyaratan items; returns those still missing."""
    require_aware(now, "now")
    with engine.begin() as conn:
        row = repository.case_by_ref(conn, ref)
        d, _ = definition_for_case(conn, row.definition_pk)
        actor = actor_for(conn, nip)
        if actor.institution != d.institution or actor.unit_code != d.unit_code:
            raise RoleRequired(ref, nip, "petugas", f"{d.institution}/{d.unit_code}")
        known = [r.id for r in d.requirements_for(row.variant)]
        for requirement in requirement_ids:
            if requirement not in known:
                raise UnknownRequirement(ref, requirement, known)
        repository.add_checks(conn, row.id, requirement_ids, nip, now)
        if not repository.update_case(conn, row.id, row.rev, {"updated_at": now}):
            raise Conflict(ref, row.rev, repository.case_by_ref(conn, ref).rev)
        done = repository.checked_requirements(conn, row.id)
    return [r for r in known if r not in done]
