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

from sqlalchemy import Connection, select

from engine.case import Actor
from engine.definition import Definition
from engine.errors import Conflict
from storage import repository
from storage.audit import chain_hash
from storage.schema import events

__all__ = ["Now", "append_change", "earlier_request", "new_event", "read_clock"]

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


def append_change(
    conn: Connection,
    d: Definition,
    row: Any,
    *,
    kind: str,
    actor: Actor,
    role: str,
    recorded: datetime,
    note: str | None = None,
    items: Sequence[str] | None = None,
    request_id: str | None = None,
    values: dict[str, Any] | None = None,
) -> None:
    """Record a change of case `row` that is not a step of its procedure (a tick, a
    disposisi, a cancellation): its event, and `values` with the version moved on,
    only if nobody changed the case since `row` was read (else Conflict)."""
    event = new_event(
        row.ref, row.rev + 1, d, kind=kind, source=row.state, dest=row.state, trigger=kind,
        actor=actor, role=role, effective=recorded, recorded=recorded,
        previous_hash=row.last_hash, note=note, items=items, request_id=request_id,
    )  # fmt: skip
    changed = {"updated_at": recorded, "last_seq": row.rev + 1, "last_hash": event["hash"]}
    if not repository.update_case(conn, row.id, row.rev, changed | (values or {})):
        raise Conflict(row.ref, row.rev, repository.case_by_ref(conn, row.ref).rev)
    repository.insert_event(conn, {**event, "case_id": row.id})


def earlier_request(conn: Connection, request_id: str | None) -> Any:
    """The event already recorded under this idempotency key, if any."""
    if request_id is None:
        return None
    query = select(events.c.case_id, events.c.kind, events.c["items"], events.c.trigger)
    return conn.execute(query.where(events.c.request_id == request_id)).one_or_none()
