"""`alur audit verify`: recompute every case's audit chain and name the first break.

Reads the events in (case, number) order in one pass, a case at a time, so the
cost grows with the log and the memory with the longest case.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby
from typing import Any

from sqlalchemy import Engine, select

from storage.audit import HASHED_COLUMNS, find_break
from storage.errors import UnknownCase
from storage.schema import cases, events
from storage.transactions import reading

__all__ = ["verify_chains"]


def verify_chains(engine: Engine, ref: str | None = None) -> dict[str, Any]:
    """{"cases": checked, "events": checked, "broken": [{ref, seq, reason}, …]}."""
    case_query = select(cases.c.id, cases.c.ref, cases.c.last_seq, cases.c.last_hash)
    event_query = select(events.c.case_id, events.c.hash, *(events.c[c] for c in HASHED_COLUMNS))
    if ref is not None:
        case_query = case_query.where(cases.c.ref == ref)
        event_query = event_query.join(cases, cases.c.id == events.c.case_id).where(
            cases.c.ref == ref
        )
    broken, case_count, event_count = [], 0, 0
    with reading(engine) as conn:
        heads = {r.id: r for r in conn.execute(case_query)}
        if ref is not None and not heads:
            raise UnknownCase(ref)
        rows = conn.execute(event_query.order_by(events.c.case_id, events.c.seq)).mappings()
        seen: set[int] = set()
        for case_id, group in groupby(rows, key=lambda r: r["case_id"]):
            chain: list[Mapping[str, Any]] = [dict(r) for r in group]
            event_count += len(chain)
            seen.add(case_id)
            head = heads.get(case_id)
            if head is None:  # events of a case that no longer exists
                broken.append({"ref": f"(id {case_id})", "seq": chain[0]["seq"],
                               "reason": "peristiwa tanpa permohonan"})  # fmt: skip
                continue
            found = find_break(head.ref, chain, head.last_seq, head.last_hash)
            if found is not None:
                broken.append({"ref": found.ref, "seq": found.seq, "reason": found.reason})
        for case_id, head in heads.items():
            if case_id not in seen and head.last_seq:
                broken.append({"ref": head.ref, "seq": 1, "reason": "semua peristiwa hilang"})
        case_count = len(heads)
    broken.sort(key=lambda b: str(b["ref"]))
    return {"cases": case_count, "events": event_count, "broken": broken}
