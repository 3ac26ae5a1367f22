"""Use cases on a case's Persyaratan checklist: tick and untick items.

Each change is an audit event (`centang` / `hapus_centang`) with the actor, the
role used, the time and the items, and moves the case's version counter like a
step does. Who may change the checklist: whoever holds the role of the case's
current step (for a step waiting on the applicant, the staff role recording it),
or a role the workflow names in `requirements_checked_by`. Unticking always
needs a reason; so does ticking once the case has passed a step guarded by
`requirements_complete` (a visible correction of a verified file). A closed
case's checklist no longer changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from app.definitions import definition_in
from app.records import Now, new_event, read_clock
from app.staff import UnknownStaff, active_actor
from engine.case import Actor, holds
from engine.definition import Definition
from engine.errors import (
    CaseClosed,
    Conflict,
    NotPermitted,
    ReasonRequired,
    RequestReused,
    RoleRequired,
    UnknownRequirement,
)
from engine.limits import checked_note, checked_request_id
from storage.audit import KIND_CHECK, KIND_STEP, KIND_UNCHECK
from storage.case_writes import load_checklist, write_checklist
from storage.errors import OutcomeUnknown, UnknownCase
from storage.steps import StepCursor, step_session

__all__ = ["check_requirements", "may_tick", "missing_required", "uncheck_requirements"]


def missing_required(d: Definition, variant: str | None, done: set[str]) -> list[str]:
    """The required (not optional) items of the variant not ticked yet."""
    return [r.id for r in d.requirements_for(variant) if not r.optional and r.id not in done]


def check_requirements(
    engine: Engine, ref: str, requirement_ids: Sequence[str], nip: str, now: Now,
    *, reason: str | None = None, request_id: str | None = None,
) -> list[str]:  # fmt: skip
    """Tick Persyaratan items; returns the required items still missing."""
    return _change(engine, ref, requirement_ids, nip, now, KIND_CHECK, reason, request_id)


def uncheck_requirements(
    engine: Engine, ref: str, requirement_ids: Sequence[str], nip: str, now: Now,
    *, reason: str | None, request_id: str | None = None,
) -> list[str]:  # fmt: skip
    """Untick Persyaratan items, with a reason; returns the required items missing."""
    return _change(engine, ref, requirement_ids, nip, now, KIND_UNCHECK, reason, request_id)


def _change(
    engine: Engine, ref: str, ids: Sequence[str], nip: str, now: Now, kind: str,
    reason: str | None, request_id: str | None,
) -> list[str]:  # fmt: skip
    """One read and one write, like a step (`storage.case_writes`)."""
    reason, request_id = checked_note(reason, "alasan"), checked_request_id(request_id)
    try:
        with step_session(engine, single_statement=False) as tx:
            found = load_checklist(tx, ref, nip, request_id, KIND_STEP)
            if found is None:
                raise UnknownCase(ref)
            row, done = found.case, set(found.checked)
            d, _ = definition_in(engine, tx, row.definition_pk)
            if request_id is not None and _repeated(found.prior, row, kind, ids, request_id):
                return missing_required(d, row.variant, done)
            if found.actor is None:
                raise UnknownStaff(nip)
            actor = active_actor(found.actor)
            role = _role_for(d, row, actor)
            _check_ids(d, row, ids)
            items = [i for i in dict.fromkeys(ids) if (i in done) == (kind == KIND_UNCHECK)]
            if not items:
                return missing_required(d, row.variant, done)
            _require_reason(d, row, kind, reason, found.steps)
            recorded = read_clock(now)
            _write(tx, d, row, kind, items, actor, role, recorded, reason, request_id)
            done = done - set(items) if kind == KIND_UNCHECK else done | set(items)
        return missing_required(d, row.variant, done)
    except OutcomeUnknown as exc:
        raise exc.with_request(request_id) from exc


def _repeated(prior: Any, row: Any, kind: str, ids: Sequence[str], request_id: str) -> bool:
    """True when this request was already recorded on this case (same kind, same items)."""
    if prior is None:
        return False
    if prior.case_id != row.id or prior.kind != kind or not set(prior.items or ()) <= set(ids):
        raise RequestReused(request_id, f"perubahan lain ({prior.kind})")
    return True


def _role_for(d: Definition, row: Any, actor: Actor) -> str:
    if row.outcome is not None:
        raise CaseClosed(row.ref, row.outcome)
    for role in [row.acting_role, *d.requirements_checked_by]:
        if role and holds(d, actor, role):
            return str(role)
    raise RoleRequired(row.ref, actor.nip, row.acting_role or "-", f"{d.institution}/{d.unit_code}")


def may_tick(d: Definition, row: Any, actor: Actor) -> bool:
    """Whether `actor` may tick or untick the case's Persyaratan now."""
    try:
        _role_for(d, row, actor)
    except NotPermitted:
        return False
    return True


def _check_ids(d: Definition, row: Any, ids: Sequence[str]) -> None:
    known = [r.id for r in d.requirements_for(row.variant)]
    for requirement in ids:
        if requirement not in known:
            raise UnknownRequirement(row.ref, requirement, known)


def _require_reason(
    d: Definition, row: Any, kind: str, reason: str | None, steps: frozenset[str]
) -> None:
    """A reason is needed to untick, and to tick once a step guarded by
    `requirements_complete` was taken (`steps`: the triggers of the case's steps)."""
    if reason is not None:
        return
    if kind == KIND_UNCHECK:
        raise ReasonRequired(row.ref, "menghapus centang persyaratan adalah koreksi")
    guarded = [t.trigger for t in d.transitions if "requirements_complete" in t.guards]
    passed = next((trigger for trigger in guarded if trigger in steps), None)
    if passed is not None:
        why = f"persyaratan sudah dinyatakan lengkap (langkah {passed!r}); ini koreksi"
        raise ReasonRequired(row.ref, why)


def _write(
    tx: StepCursor, d: Definition, row: Any, kind: str, items: list[str], actor: Actor,
    role: str, recorded: Any, reason: str | None, request_id: str | None,
) -> None:  # fmt: skip
    """The change's event, chained to the case's newest, and the items; Conflict when
    somebody changed the case since it was read."""
    event = new_event(
        row.ref, row.rev + 1, d, kind=kind, source=row.state, dest=row.state, trigger=kind,
        actor=actor, role=role, effective=recorded, recorded=recorded,
        previous_hash=row.last_hash, note=reason, items=items, request_id=request_id,
    )  # fmt: skip
    changed = {"added": items} if kind == KIND_CHECK else {"removed": items}
    if not write_checklist(tx, row, event, nip=actor.nip, at=recorded, **changed):
        current = load_checklist(tx, row.ref, actor.nip, None, KIND_STEP)
        raise Conflict(row.ref, row.rev, current.case.rev if current else row.rev)
