"""Building the audit event of a change to a case, chained to the one before.

Every change to a case (a step, ticking or unticking Persyaratan) moves its
version counter by one and appends exactly one event numbered with the new
version, so event numbers run 1, 2, 3… without gaps and `cases.last_seq` is
always the newest. The event's hash chains it to the previous one
(`storage.audit`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from engine.case import Actor
from engine.definition import Definition
from storage.audit import chain_hash

__all__ = ["Now", "new_event", "read_clock"]

Now = datetime | Callable[[], datetime]
"""An instant, or a clock to read it from. Use cases read a clock only once they
hold the case (after SQLite's write lock, after PostgreSQL's read), so that the
recorded times of a case's events are in the order the events were written."""


def read_clock(now: Now) -> datetime:
    return now() if callable(now) else now


def new_event(
    ref: str,
    seq: int,
    d: Definition,
    *,
    kind: str,
    source: str | None,
    dest: str,
    trigger: str,
    actor: Actor,
    role: str,
    effective: datetime,
    recorded: datetime,
    previous_hash: str | None,
    note: str | None = None,
    items: Sequence[str] | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """The event's columns (without `case_id`), its `hash` included."""
    event: dict[str, Any] = {
        "seq": seq,
        "kind": kind,
        "workflow_id": d.id,
        "workflow_version": d.version,
        "from_state": source,
        "to_state": dest,
        "trigger": trigger,
        "actor_nip": actor.nip,
        "actor_name": actor.name,
        "role": role,
        "note": note,
        "items": sorted(items) if items is not None else None,
        "effective_at": effective,
        "recorded_at": recorded,
        "request_id": request_id,
    }
    event["hash"] = chain_hash(ref, event, previous_hash)
    return event
