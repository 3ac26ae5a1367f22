"""The mermaid diagram of a workflow, saying what counts.

Besides states and transitions it shows what staff need to read the commitment right:
the commitment itself (with its condition and how it was read), each step's own
commitment, the guard a transition needs, and where the clock starts, pauses, restarts
and stops. Without these a diagram reads as if the whole service must finish within the
first step's time.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.definition import GUARD_LABELS, Definition

__all__ = ["mermaid"]


def mermaid(d: Definition, describe: Callable[[str], str]) -> list[str]:
    """The diagram's lines; `describe` turns a commitment text into how it is read."""
    lines = ["stateDiagram-v2", f"    %% {d.name}: {_escape(describe(d.sla.text))}"]
    lines.append(f"    [*] --> {d.initial}")
    for name, s in d.states.items():
        who = d.roles[s.role].label if s.role else s.outcome
        step = f"<br/>waktu tahap {_escape(describe(s.sla))}" if s.sla else ""
        lines.append(f"    {name}: {_escape(s.label)}<br/><i>{_escape(str(who))}</i>{step}")
    for t in d.transitions:
        extra = [GUARD_LABELS.get(g, g) for g in t.guards]
        if t.trigger in d.sla.resets_on:
            extra.append("jam SLA mulai ulang")
        suffix = f" — {_escape('; '.join(extra))}" if extra else ""
        for source in t.source:
            label = f"{t.trigger} [{_escape(d.roles[t.role].label)}]{suffix}"
            lines.append(f"    {source} --> {t.dest}: {label}")
    for name in d.terminal_states():
        lines.append(f"    {name} --> [*]")
    return lines + _clock_notes(d, describe)


def _clock_notes(d: Definition, describe: Callable[[str], str]) -> list[str]:
    start = d.sla.starts_in or d.initial
    notes = [(start, f"jam SLA mulai di sini ({describe(d.sla.text)})")]
    notes += [(name, "jam SLA berhenti sementara") for name in d.sla.pauses_in]
    notes += [(name, "jam SLA berhenti") for name in sorted(d.stop_states)]
    return [f"    note right of {name} : {_escape(text)}" for name, text in notes]


def _escape(text: str) -> str:
    return text.replace(":", "：").replace(";", ",").replace("\n", " ")
