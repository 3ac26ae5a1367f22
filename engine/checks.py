"""Checks on a whole definition, beyond what each field's type says.

Every check returns problems instead of raising, so that the loader can report
all of a file's problems in one error. A problem names the field path it is
about, e.g. ``("states", "kabag")``; the loader turns that into a YAML line.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass

from engine.definition import GUARDS, Definition

__all__ = ["Problem", "before_clock_start", "check_definition"]

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: FieldPath
    message: str


def check_definition(d: Definition) -> list[Problem]:
    """All structural problems of one definition (empty when it is sound)."""
    return [
        *_check_names(d),
        *_check_roles(d),
        *_check_transitions(d),
        *_check_reachability(d),
        *_check_sla_states(d),
        *_check_resets(d),
        *_check_variants(d),
        *_check_four_eyes(d),
        *_check_openers(d),
    ]


def _check_names(d: Definition) -> list[Problem]:
    problems = []
    if d.initial not in d.states:
        problems.append(
            Problem(("initial",), f"tahap {d.initial!r} tidak dideklarasikan di states")
        )
    for name, state in d.states.items():
        if state.outcome is None and state.role is None:
            problems.append(Problem(("states", name), "tahap yang belum selesai memerlukan role"))
        if state.outcome is not None and d.transitions_from(name):
            problems.append(
                Problem(("states", name), "tahap akhir (outcome) tidak boleh punya langkah keluar")
            )
    seen: set[tuple[str, str]] = set()
    for i, t in enumerate(d.transitions):
        for source in t.source:
            if (t.trigger, source) in seen:
                problems.append(
                    Problem(
                        ("transitions", i, "trigger"), f"{t.trigger!r} dua kali dari {source!r}"
                    )
                )
            seen.add((t.trigger, source))
    counts = Counter(r.id for r in d.requirements)  # linear: a file may list thousands
    for dup in sorted(i for i, n in counts.items() if n > 1):
        problems.append(Problem(("requirements",), f"id persyaratan {dup!r} dipakai dua kali"))
    return problems


def _check_roles(d: Definition) -> list[Problem]:
    problems = []
    for name, role in d.roles.items():
        if role.applicant and role.recorded_by is None:
            problems.append(Problem(("roles", name), "peran pemohon memerlukan recorded_by"))
        if role.recorded_by is not None and role.recorded_by not in d.roles:
            problems.append(
                Problem(
                    ("roles", name, "recorded_by"),
                    f"peran {role.recorded_by!r} tidak dideklarasikan",
                )
            )
        recorder = d.roles.get(role.recorded_by) if role.recorded_by else None
        if recorder is not None and recorder.applicant:
            problems.append(
                Problem(("roles", name, "recorded_by"), "harus peran pegawai, bukan pemohon")
            )
    for name, state in d.states.items():
        if state.role is not None and state.role not in d.roles:
            problems.append(
                Problem(("states", name, "role"), f"peran {state.role!r} tidak dideklarasikan")
            )
    for i, t in enumerate(d.transitions):
        if t.role not in d.roles:
            problems.append(
                Problem(("transitions", i, "role"), f"peran {t.role!r} tidak dideklarasikan")
            )
        for guard in t.guards:
            if guard not in GUARDS:
                problems.append(
                    Problem(
                        ("transitions", i, "guards"),
                        f"guard tidak dikenal: {guard!r} (yang dikenal: {', '.join(GUARDS)})",
                    )
                )
    return problems


def _check_transitions(d: Definition) -> list[Problem]:
    problems = []
    for i, t in enumerate(d.transitions):
        for source in t.source:
            if source not in d.states:
                problems.append(
                    Problem(("transitions", i, "from"), f"tahap {source!r} tidak dideklarasikan")
                )
        if t.dest not in d.states:
            problems.append(
                Problem(("transitions", i, "to"), f"tahap {t.dest!r} tidak dideklarasikan")
            )
    return problems


def _successors(d: Definition) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in d.states}
    for t in d.transitions:
        for source in t.source:
            if source in graph and t.dest in d.states:
                graph[source].add(t.dest)
    return graph


def _reach(graph: dict[str, set[str]], starts: list[str]) -> set[str]:
    seen = set(starts)
    queue = deque(starts)
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _check_reachability(d: Definition) -> list[Problem]:
    if d.initial not in d.states:
        return []
    graph = _successors(d)
    problems = []
    reachable = _reach(graph, [d.initial])
    for name in d.states:
        if name not in reachable:
            problems.append(Problem(("states", name), "tidak dapat dicapai dari tahap awal"))
    terminals = d.terminal_states()
    if not terminals:
        problems.append(Problem(("states",), "tidak ada tahap akhir (tahap dengan outcome)"))
        return problems
    backwards: dict[str, set[str]] = {name: set() for name in d.states}
    for source, dests in graph.items():
        for dest in dests:
            backwards[dest].add(source)
    # A transition to an undeclared state is reported once, where it is written; the
    # states it leaves are not also reported as dead ends (nobody knows where it leads).
    dangling = [s for t in d.transitions if t.dest not in d.states for s in t.source]
    can_finish = _reach(backwards, [*terminals, *(s for s in dangling if s in d.states)])
    for name, state in d.states.items():
        if state.outcome is None and not d.transitions_from(name):
            problems.append(
                Problem(("states", name), "tidak ada langkah yang keluar dari tahap ini")
            )
        elif name not in can_finish:
            problems.append(
                Problem(("states", name), "tidak ada tahap akhir yang dapat dicapai dari sini")
            )
    return problems


def _check_sla_states(d: Definition) -> list[Problem]:
    problems = []
    named = [("starts_in", [d.sla.starts_in] if d.sla.starts_in else [])]
    named += [("pauses_in", d.sla.pauses_in), ("stops_in", d.sla.stops_in)]
    for field, states in named:
        for state in states:
            if state not in d.states:
                problems.append(Problem(("sla", field), f"tahap {state!r} tidak dideklarasikan"))
    triggers = {t.trigger for t in d.transitions}
    for trigger in d.sla.resets_on:
        if trigger not in triggers:
            problems.append(
                Problem(("sla", "resets_on"), f"trigger {trigger!r} tidak dideklarasikan")
            )
    return problems


def before_clock_start(d: Definition) -> set[str]:
    """States a case can reach from its opening without entering `sla.starts_in`.

    The first time round the clock is not running in these states. Empty when
    the clock starts on opening (no `starts_in`, or `starts_in` is the initial
    state).
    """
    start = d.sla.starts_in or d.initial
    if start == d.initial or start not in d.states or d.initial not in d.states:
        return set()
    graph = _successors(d)
    graph[start] = set()  # paths stop where the clock starts
    return _reach(graph, [d.initial]) - {start}


def _check_resets(d: Definition) -> list[Problem]:
    """A reset restarts the clock in the state it enters, so that state must lie
    after the clock's start on every path (`starts_in` itself, or a state every
    path from the opening reaches only through `starts_in`); otherwise a
    resubmitted file is measured over steps its first submission was not. And a
    reset fired only from stop states never applies: a stopped clock stays stopped.
    """
    before = before_clock_start(d)
    stops = d.stop_states
    problems = []
    for i, t in enumerate(d.transitions):
        if t.trigger not in d.sla.resets_on:
            continue
        if t.dest in before:
            start = d.sla.starts_in
            problems.append(
                Problem(
                    ("transitions", i, "to"),
                    f"reset trigger {t.trigger!r} leads to {t.dest!r}, before the clock "
                    f"starts in {start!r}: the restarted clock would count steps the "
                    "first submission did not",
                )
            )
        if t.source and all(s in stops for s in t.source):
            problems.append(
                Problem(
                    ("transitions", i, "from"),
                    f"reset trigger {t.trigger!r} leaves only stop states "
                    f"({', '.join(t.source)}): a stopped clock stays stopped, so it never resets",
                )
            )
    return problems


def _check_variants(d: Definition) -> list[Problem]:
    known = {o.id for o in d.variants.options} if d.variants else set()
    problems = []
    for i, r in enumerate(d.requirements):
        for v in r.variants or []:
            if v not in known:
                problems.append(
                    Problem(("requirements", i, "variants"), f"varian tidak dikenal: {v!r}")
                )
    for v in d.sla.variants:
        if v not in known:
            problems.append(Problem(("sla", "variants", v), f"varian tidak dikenal: {v!r}"))
    return problems


def _check_four_eyes(d: Definition) -> list[Problem]:
    """`distinct_from` names triggers of this workflow; `requirements_checked_by` roles."""
    triggers = {t.trigger for t in d.transitions}
    problems = [
        Problem(("transitions", i, "distinct_from"), f"langkah {other!r} tidak dideklarasikan")
        for i, t in enumerate(d.transitions)
        for other in t.distinct_from
        if other not in triggers
    ]
    problems += [
        Problem(("requirements_checked_by",), f"peran {role!r} tidak dideklarasikan")
        for role in d.requirements_checked_by
        if role not in d.roles
    ]
    return problems


def _check_openers(d: Definition) -> list[Problem]:
    """`opened_by` names staff roles of this workflow (or the front desk)."""
    problems = []
    for role in d.opened_by or []:
        declared = d.roles.get(role)
        if declared is None and role != "petugas":
            problems.append(Problem(("opened_by",), f"peran {role!r} tidak dideklarasikan"))
        elif declared is not None and declared.applicant:
            problems.append(Problem(("opened_by",), f"peran {role!r} adalah pemohon"))
    return problems
