"""Cases as values, and the decision of one step.

`plan_step` is the engine's whole rule book for advancing a case: the trigger
exists and leaves the case's state, the actor holds the transition's role in
the right institution and unit, the guards hold. It returns a `Step` naming the
new state and what the step does to the SLA clock; it writes nothing. Storage
applies a Step in one transaction, checking the case's version counter.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from transitions import MachineError

from engine.definition import GUARDS, Definition, RoleScope
from engine.errors import (
    GuardFailed,
    RoleRequired,
    SamePerson,
    TransitionNotAllowed,
    UnknownTrigger,
)
from engine.machine import machine_for, run_transition

__all__ = [
    "FRONT_DESK_ROLE",
    "SUPERVISOR_ROLE",
    "Actor",
    "CaseView",
    "ClockEffect",
    "Step",
    "acting_role",
    "allowed_triggers",
    "clock_effect",
    "holds",
    "missing_requirements",
    "open_clock_effect",
    "openers",
    "plan_step",
    "roles_needed",
]


@dataclass(frozen=True)
class Actor:
    """A staff member as the engine sees them."""

    nip: str
    name: str
    institution: str
    unit_code: str
    roles: frozenset[str]


@dataclass(frozen=True)
class CaseView:
    """What the engine needs to know of a case to decide a step."""

    ref: str
    state: str
    variant: str | None
    checked: frozenset[str]
    clock_started: bool
    clock_stopped: bool = False
    # trigger -> NIP of whoever last fired it; read only for four-eyes transitions
    step_actors: Mapping[str, str] = field(default_factory=dict)


class ClockEffect(StrEnum):
    NONE = "none"
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    RESET = "reset"
    STOP = "stop"


@dataclass(frozen=True)
class Step:
    trigger: str
    from_state: str
    to_state: str
    role: str  # the transition's role (for an applicant role: on whose behalf)
    acting_role: str  # the role the actor used
    clock: ClockEffect
    label: str  # the step as staff read it (`Transition.title`)


def missing_requirements(definition: Definition, case: CaseView) -> list[str]:
    required = [r.id for r in definition.requirements_for(case.variant) if not r.optional]
    return [r for r in required if r not in case.checked]


# What each guard of `engine.definition.GUARDS` finds missing (it holds when nothing is).
_UNMET = {"requirements_complete": missing_requirements}


FRONT_DESK_ROLE = "petugas"  # receives berkas at the counter of every Bagian
SUPERVISOR_ROLE = "kabag"  # the unit's supervisor: gives disposisi, may cancel any case


def openers(definition: Definition) -> list[str]:
    """Staff roles that may open a case: `opened_by`, else the initial step's role and
    the front desk."""
    if definition.opened_by is not None:
        return list(definition.opened_by)
    first = definition.states[definition.initial].role
    initial = acting_role(definition, first) if first else FRONT_DESK_ROLE
    return list(dict.fromkeys([initial, FRONT_DESK_ROLE]))


def acting_role(definition: Definition, role: str) -> str:
    declared = definition.roles[role]
    return declared.recorded_by if declared.applicant and declared.recorded_by else role


def holds(definition: Definition, actor: Actor, role: str) -> bool:
    if actor.institution != definition.institution or role not in actor.roles:
        return False
    declared = definition.roles.get(role)  # the front desk and the Kabag may be undeclared
    scope = declared.scope if declared is not None else RoleScope.UNIT
    return scope is RoleScope.INSTITUTION or actor.unit_code == definition.unit_code


def allowed_triggers(definition: Definition, state: str, actor: Actor | None = None) -> list[str]:
    """Triggers leaving `state`; with an actor, only those the actor may fire."""
    triggers = []
    for t in definition.transitions_from(state):
        if actor is None or holds(definition, actor, acting_role(definition, t.role)):
            triggers.append(t.trigger)
    return triggers


def clock_effect(
    definition: Definition,
    trigger: str,
    source: str,
    dest: str,
    started: bool,
    stopped: bool = False,
) -> ClockEffect:
    """What a step does to the SLA clock, from the workflow's `sla` block.

    In order: a reset trigger restarts the clock (or starts it); entering a stop
    state or a terminal state stops it; entering a pause state pauses it;
    leaving a pause state resumes it; entering `starts_in` (default: the initial
    state, i.e. the clock starts when the case is opened) starts it.
    A stopped clock stays stopped: the commitment is measured to the first time
    the office's work was done, even if the case later goes on (e.g. a letter
    comes back from the Gubernur and is passed on).
    """
    sla = definition.sla
    stops = definition.stop_states
    if stopped:
        return ClockEffect.NONE
    if trigger in sla.resets_on:
        return ClockEffect.RESET if started else ClockEffect.START
    if not started:
        return (
            ClockEffect.START if dest == (sla.starts_in or definition.initial) else ClockEffect.NONE
        )
    if dest in stops and source not in stops:
        return ClockEffect.STOP
    if dest in sla.pauses_in and source not in sla.pauses_in:
        return ClockEffect.PAUSE
    if source in sla.pauses_in and dest not in sla.pauses_in:
        return ClockEffect.RESUME
    return ClockEffect.NONE


def plan_step(
    definition: Definition, digest: str, case: CaseView, trigger: str, actor: Actor
) -> Step:
    """Decide one step, or raise the error that says why it cannot be taken."""
    leaving = [t for t in definition.transitions_from(case.state) if t.trigger == trigger]
    if not leaving:
        allowed = allowed_triggers(definition, case.state)
        if trigger not in {t.trigger for t in definition.transitions}:
            raise UnknownTrigger(case.ref, case.state, trigger, allowed)
        raise TransitionNotAllowed(case.ref, case.state, trigger, allowed)
    transition = leaving[0]
    acting = acting_role(definition, transition.role)
    if not holds(definition, actor, acting):
        where = definition.institution
        if definition.roles[acting].scope is RoleScope.UNIT:
            where = f"{definition.institution}/{definition.unit_code}"
        raise RoleRequired(case.ref, actor.nip, acting, where)
    for earlier in transition.distinct_from:
        if case.step_actors.get(earlier) == actor.nip:
            raise SamePerson(case.ref, actor.nip, trigger, earlier)
    guards = {}
    for guard in transition.guards:
        missing = _UNMET[guard](definition, case)
        guards[guard] = not missing
        if missing:
            raise GuardFailed(case.ref, guard, GUARDS[guard], missing)
    try:
        dest = run_transition(machine_for(definition, digest), case.state, trigger, guards)
    except MachineError as exc:  # the checks above make this unreachable; keep the cause
        allowed = allowed_triggers(definition, case.state)
        raise TransitionNotAllowed(case.ref, case.state, trigger, allowed) from exc
    effect = clock_effect(
        definition, trigger, case.state, dest, case.clock_started, case.clock_stopped
    )
    return Step(trigger, case.state, dest, transition.role, acting, effect, transition.title)


def open_clock_effect(definition: Definition) -> ClockEffect:
    """Whether opening a case (entering the initial state) starts the clock."""
    starts = definition.sla.starts_in or definition.initial
    return ClockEffect.START if starts == definition.initial else ClockEffect.NONE


def roles_needed(definition: Definition) -> Collection[str]:
    """Staff roles someone must hold to run this workflow end to end."""
    return {acting_role(definition, t.role) for t in definition.transitions}
