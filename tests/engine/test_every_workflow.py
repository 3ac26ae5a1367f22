"""Every shipped workflow, every transition, driven end to end through storage.

For each workflow, runs are chosen until every transition (send-back loops
included) has been fired once: a path to the transition's source, the
transition, then the shortest path to a terminal state. After every step the
case is read back from storage and compared with the same procedure run in
memory (engine + clock only). Before every step, actors without the role, from
another unit, or from another institution are refused and nothing is written.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from engine_support import events_of, row_of

from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements
from app.clockwork import ClockFields, apply_effect
from app.definitions import shipped
from engine.case import CaseView, acting_role, open_clock_effect, plan_step, roles_needed
from engine.definition import Definition, RoleScope, Transition
from engine.errors import NoteRequired, RoleRequired

START = datetime(2026, 10, 5, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
NOW = datetime(2026, 12, 31, 12, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
STEP = timedelta(minutes=47)


def _path(d: Definition, start: str, goal) -> list[Transition]:
    """Shortest list of transitions from `start` to a state satisfying `goal`."""
    queue: deque[tuple[str, list[Transition]]] = deque([(start, [])])
    seen = {start}
    while queue:
        state, path = queue.popleft()
        if goal(state):
            return path
        for t in d.transitions_from(state):
            if t.dest not in seen:
                seen.add(t.dest)
                queue.append((t.dest, [*path, t]))
    raise AssertionError(f"{d.id}: no path from {start}")


def _runs(d: Definition) -> list[list[Transition]]:
    terminal = set(d.terminal_states())
    runs, covered = [], set()
    todo = [(None, None)] + [(t, s) for t in d.transitions for s in t.source]
    for t, source in todo:
        if t is not None and (t.trigger, source) in covered:
            continue
        if t is None:
            run = _path(d, d.initial, lambda s: d.states[s].outcome == "selesai")
        else:
            run = [*_path(d, d.initial, lambda s, src=source: s == src), t]
            run += _path(d, t.dest, lambda s: s in terminal)
        state = d.initial
        for step in run:
            covered.add((step.trigger, state))
            state = step.dest
        runs.append(run)
    return runs


def _nip(d: Definition, who: str) -> str:
    return f"{d.institution}-{d.unit_code}-{who}"


def _refused_actors(d: Definition, role: str) -> list[str]:
    others = sorted(r for r in roles_needed(d) if r != role)
    actors = [_nip(d, "otherinst")]
    if others:
        actors.append(_nip(d, others[0]))
    if d.roles[role].scope is RoleScope.UNIT:
        actors.append(_nip(d, "otherunit"))
    return actors


def _refuse_a_send_back_without_reason(engine, ref, d, t, role, at) -> str | None:
    """A send-back to the applicant is refused without a reason (none, empty, blank);
    returns the reason to give it, or None for any other step."""
    if not d.sends_back(t.trigger):
        return None
    for empty in (None, "", " \n\t "):
        with pytest.raises(NoteRequired, match="alasan pengembalian wajib diisi"):
            advance_case(engine, ref, t.trigger, _nip(d, role), NOW, at=at, note=empty)
    return "Berkas belum lengkap: surat permohonan belum dilampirkan"


def _drive(engine, item, run: list[Transition]) -> None:
    d = item.definition
    variant = d.variants.options[0].id if d.variants else None
    opener = _nip(d, "all")
    ref = open_case(engine, d.id, Applicant("Pemohon Uji"), opener, NOW, variant=variant, at=START)
    items = [r.id for r in d.requirements_for(variant)]
    if items:
        check_requirements(engine, ref, items, opener, NOW)
    memory = apply_effect(d, variant, ClockFields(), open_clock_effect(d), START)
    state, at = d.initial, START
    for i, t in enumerate(run, start=1):
        at = START + i * STEP
        role = acting_role(d, t.role)
        rev = row_of(engine, ref).rev
        for actor in _refused_actors(d, role):
            with pytest.raises(RoleRequired):
                advance_case(engine, ref, t.trigger, actor, NOW, at=at)
        note = _refuse_a_send_back_without_reason(engine, ref, d, t, role, at)
        assert row_of(engine, ref).rev == rev, "a refused step wrote something"
        started, stopped = memory.started_at is not None, memory.stopped_at is not None
        view = CaseView(ref, state, variant, frozenset(items), started, stopped)
        step = plan_step(d, item.digest, view, t.trigger, _actor_stub(d, role))
        memory = apply_effect(d, variant, memory, step.clock, at)
        state = advance_case(engine, ref, t.trigger, _nip(d, role), NOW, at=at, note=note)
        stored = row_of(engine, ref)
        assert stored.state == state == step.to_state == t.dest
        assert ClockFields.from_row(stored) == memory, f"{d.id} after {t.trigger}"
    history = events_of(engine, ref)
    assert history[-1].to_state == row_of(engine, ref).state
    steps = [e.trigger for e in history[1:] if e.kind == "langkah"]
    assert steps == [t.trigger for t in run]
    assert [e.seq for e in history] == list(range(1, len(history) + 1))
    assert d.states[state].outcome is not None


def _actor_stub(d: Definition, role: str):
    from engine.case import Actor

    return Actor("memory", "memory", d.institution, d.unit_code, frozenset([role]))


@pytest.mark.parametrize("institution", ["pekalongan", "ppu", "pasuruan"])
def test_every_transition_of_every_workflow(engine, institution, monkeypatch):
    monkeypatch.setenv("ALUR_BACKDATE_DAYS", "9999")  # the runs are dated weeks before NOW
    items = [i for i in shipped() if i.definition.institution == institution]
    assert items
    assert any(i.definition.send_back_triggers for i in items)  # the reason rule is driven
    for item in items:
        for run in _runs(item.definition):
            _drive(engine, item, run)
