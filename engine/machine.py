"""One shared `transitions` Machine per definition version.

A Machine costs about a millisecond and tens of kilobytes to build, so it is
built once per (id, version, digest) and serves every case of that definition.
A case is not added to the Machine as a model; for each step a throw-away
token carrying only the state and the guard values is handed to
``machine.events[trigger].trigger(token)``. (``on_enter_<state>`` callbacks
on models therefore never run: nothing in alur relies on them.)
"""

from __future__ import annotations

from collections.abc import Mapping
from threading import Lock

from transitions import Machine

from engine.definition import Definition

__all__ = ["machine_for", "run_transition"]

_MACHINES: dict[tuple[str, int, str], Machine] = {}
_LOCK = Lock()


class _Token:
    """The minimum a shared Machine needs to run one transition."""

    __slots__ = ("guards", "state")

    def __init__(self, state: str, guards: Mapping[str, bool]) -> None:
        self.state = state
        self.guards = guards

    def __getattr__(self, name: str) -> object:
        # Guard conditions are named "guard_<name>" in the Machine's transitions.
        if name.startswith("guard_"):
            key = name.removeprefix("guard_")
            return lambda: bool(self.guards.get(key, False))
        raise AttributeError(name)


def _build(definition: Definition) -> Machine:
    transitions = [
        {
            "trigger": t.trigger,
            "source": list(t.source),
            "dest": t.dest,
            "conditions": [f"guard_{g}" for g in t.guards],
        }
        for t in definition.transitions
    ]
    return Machine(
        model=None,
        states=list(definition.states),
        transitions=transitions,
        initial=definition.initial,
        auto_transitions=False,
        ignore_invalid_triggers=False,
        name=definition.id,
    )


def machine_for(definition: Definition, digest: str) -> Machine:
    """The shared Machine of this definition version (built on first use)."""
    key = (definition.id, definition.version, digest)
    machine = _MACHINES.get(key)
    if machine is None:
        with _LOCK:
            machine = _MACHINES.get(key)
            if machine is None:
                machine = _MACHINES[key] = _build(definition)
    return machine


def run_transition(machine: Machine, state: str, trigger: str, guards: Mapping[str, bool]) -> str:
    """Fire `trigger` from `state` on the shared machine; returns the new state.

    Returns the old state unchanged when a guard condition does not hold.
    Raises `transitions.MachineError` when the trigger is not valid from `state`.
    """
    token = _Token(state, guards)
    machine.events[trigger].trigger(token)
    return token.state
