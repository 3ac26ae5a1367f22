"""The audit chain: every event of a case carries a SHA-256 over its content and
the previous event's hash, so an edited, inserted or deleted event breaks the
chain from that point on.

Kinds of event (the `kind` column), in the words staff read in `case history`:

- ``langkah``: a step of the procedure (opening the case included);
- ``centang`` / ``hapus_centang``: Persyaratan items ticked or unticked (`items`);
- ``disposisi``: the case given to a named person (`items`: their NIP);
- ``pembatalan``: the case closed as dibatalkan (withdrawn or void), with a reason;
- ``gugur``: the case closed after waiting on the applicant beyond `sla.lapse_after`.

The hash covers the case's reference (not its row id, which differs between
copies of a database), every column of the event but its row id and hash, and
the previous hash. Instants are written in UTC with microseconds, so the same
event hashes alike on SQLite and PostgreSQL. Changing what is hashed is a
format change: `HASH_FORMAT` names it and `verify` knows only this one.

Triggers refuse UPDATE and DELETE on `events` (and on `staff_changes`) in the
database itself; the chain is what shows a change made by someone who dropped
them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "HASHED_COLUMNS",
    "HASH_FORMAT",
    "KIND_ASSIGN",
    "KIND_CANCEL",
    "KIND_CHECK",
    "KIND_LAPSE",
    "KIND_STEP",
    "KIND_UNCHECK",
    "Break",
    "chain_hash",
    "find_break",
]

HASH_FORMAT = 1
KIND_STEP, KIND_CHECK, KIND_UNCHECK = "langkah", "centang", "hapus_centang"
KIND_ASSIGN, KIND_CANCEL, KIND_LAPSE = "disposisi", "pembatalan", "gugur"

HASHED_COLUMNS = (
    "seq",
    "kind",
    "workflow_id",
    "workflow_version",
    "from_state",
    "to_state",
    "trigger",
    "actor_nip",
    "actor_name",
    "role",
    "note",
    "items",
    "effective_at",
    "recorded_at",
    "request_id",
)


_INSTANT = "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ"  # what strftime gives, made in one step


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        v = value.astimezone(UTC)
        return _INSTANT % (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond)
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    return value


def chain_hash(ref: str, event: Mapping[str, Any], previous: str | None) -> str:
    """The hash of `event` of case `ref`, chained to the `previous` event's hash."""
    get = event.get
    body = {name: _canonical(get(name)) for name in HASHED_COLUMNS}
    body["ref"], body["prev"], body["format"] = ref, previous or "", HASH_FORMAT
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first event at which a case's chain does not hold, and why."""

    ref: str
    seq: int | None
    reason: str


def find_break(
    ref: str, events: Iterable[Mapping[str, Any]], last_seq: int, last_hash: str | None
) -> Break | None:
    """Recompute the chain of case `ref` from its events in `seq` order; None when it holds.

    Numbers must run 1, 2, 3… without gaps, each hash must match its content and
    the one before, and the newest must be the one the case row remembers."""
    previous: str | None = None
    expected = 1
    for event in events:
        seq = event["seq"]
        if seq != expected:
            missing = f"nomor {expected}" if seq > expected else f"nomor {seq} berulang"
            return Break(ref, seq, f"urutan peristiwa terputus: {missing}")
        if event["hash"] != chain_hash(ref, event, previous):
            return Break(ref, seq, "isi peristiwa tidak cocok dengan hash-nya")
        previous, expected = event["hash"], expected + 1
    if expected - 1 != last_seq:
        return Break(
            ref, last_seq, f"peristiwa terakhir {expected - 1}, permohonan mencatat {last_seq}"
        )
    if previous != last_hash:
        return Break(ref, last_seq, "hash peristiwa terakhir tidak cocok dengan permohonan")
    return None
