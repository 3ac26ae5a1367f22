"""Step commitments kept, per step, for the compliance report.

A decree may give a step its own commitment (e.g. the applicant returns a borrowed file
within 3 days). A step counts in the period it was left in, by the next step of its case;
it was kept when it was left by its deadline (`app.clockwork.step_due` from the instant it
was entered: what the case's `step_due_at` held meanwhile). Only the workflows with such
steps are read, step by step; the others cost nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import Connection, select

from app.clockwork import step_due
from app.definitions import definition_for_case
from engine.definition import Definition
from storage.audit import KIND_STEP
from storage.schema import cases, events

__all__ = ["steps_kept"]


def _with_step_commitments(definitions: dict[str, Definition]) -> list[str]:
    return sorted(wf for wf, d in definitions.items() if any(s.sla for s in d.states.values()))


def _steps(conn: Connection, where: list[Any], workflows: list[str], start: datetime,
           end: datetime) -> list[Any]:  # fmt: skip
    """The steps of the cases with a step taken in [start, end), in order."""
    moved = select(events.c.case_id).where(
        events.c.kind == KIND_STEP, events.c.effective_at >= start, events.c.effective_at < end
    )
    query = (
        select(events.c.case_id, events.c.to_state, events.c.effective_at, cases.c.definition_pk)
        .select_from(events.join(cases, cases.c.id == events.c.case_id))
        .where(*where, cases.c.workflow_id.in_(workflows), events.c.kind == KIND_STEP,
               events.c.case_id.in_(moved))
        .order_by(events.c.case_id, events.c.seq)
    )  # fmt: skip
    return list(conn.execute(query))


def steps_kept(
    conn: Connection, where: list[Any], start: datetime, end: datetime,
    definitions: dict[str, Definition],
) -> dict[str, list[dict[str, Any]]]:  # fmt: skip
    """Per workflow id: per step with a commitment, the steps left in the period (`count`),
    those left by their deadline (`kept`) and the share kept (`kept_pct`)."""
    workflows = _with_step_commitments(definitions)
    if not workflows:
        return {}
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = _steps(conn, where, workflows, start, end)
    for entered, left in pairwise(rows):
        if entered.case_id != left.case_id or not start <= left.effective_at < end:
            continue
        d, _ = definition_for_case(conn, entered.definition_pk)
        deadline = step_due(d, entered.to_state, entered.effective_at)
        if deadline is not None:
            counted = tally[(d.id, entered.to_state)]
            counted[0] += 1
            counted[1] += left.effective_at <= deadline
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (wf, state), (count, kept) in sorted(tally.items()):
        d = definitions[wf]
        found[wf].append({
            "service": wf, "service_name": d.name, "unit": d.unit_code, "state": state,
            "state_label": d.states[state].label if state in d.states else state,
            "commitment": d.states[state].sla if state in d.states else None,
            "count": count, "kept": kept, "kept_pct": round(100 * kept / count, 1),
        })  # fmt: skip
    return dict(found)
