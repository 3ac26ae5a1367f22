"""One sweep: the due cases, their alerts and one digest per person, in one transaction.

A case is due when it is open and its `next_alert_at` is NULL (not yet scheduled: new, or
changed since the last sweep) or has passed. The sweep claims due cases
(PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so two schedulers take different cases; SQLite:
inside ``BEGIN IMMEDIATE``, one writer at a time), decides the levels that hold
(`monitor.schedule`), writes one alert per (case, level, step, working day) under a
unique key, one outbox message per person listing all their new alerts (most late first),
and the case's new `next_alert_at`, all in the same transaction. None of this moves a
case's version counter.

People are told only while the case's office is open (its workflow's calendar: no night,
weekend, libur nasional or cuti bersama); outside those hours a due case is scheduled for
the next opening. Cases past their `lapse_after` are closed as gugur by
`app.lifecycle.lapse_case`, after the sweep's transaction. A case whose rules cannot be
read (a duration or calendar the SLA package refuses) is reported in `problems` and looked
at again an hour later; it never stops the sweep for the others.
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from app.definitions import definition_for_case
from app.lifecycle import LapseNotDue, lapse_case
from app.timefmt import iso, long_time
from engine.case import Actor
from engine.definition import Definition
from engine.errors import CaseClosed
from monitor.config import SWEEP_BATCH
from monitor.messages import render_digest, worst_level
from monitor.policy import Policy, policy_for
from monitor.recipients import Directory, resolve
from monitor.schedule import ActiveLevel, assess
from monitor.writes import insert_alerts, reschedule
from sla import SlaError, load_calendar
from storage.schema import alerts, cases, outbox
from storage.transactions import writing

__all__ = ["SweepReport", "sweep"]

BATCH = SWEEP_BATCH  # cases per transaction; a digest covers one transaction
CHUNK = 500  # alerts per bulk write
RETRY_PROBLEM = timedelta(hours=1)  # a case whose rules cannot be read is looked at again
PAYLOAD_LIMIT = 200  # cases a message carries as data; `total` counts them all


@dataclass
class SweepReport:
    at: datetime
    cases: int = 0
    deferred: int = 0  # due while the office is closed: scheduled for the next opening
    alerts: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    lapsed: list[str] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)  # cases that could not be read

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": iso(self.at),
            "cases": self.cases,
            "deferred": self.deferred,
            "alerts": self.alerts,
            "messages": self.messages,
            "lapsed": self.lapsed,
            "problems": self.problems,
        }


@dataclass
class _Candidate:
    """An alert the pass would write: its row's values, and what its digest entry needs."""

    values: dict[str, Any]
    definition: Definition
    row: Any
    active: ActiveLevel
    people: list[Actor]


@dataclass
class _Digest:
    """One person's new alerts of a pass: (rank, index into `_Pass.written`), their keys."""

    name: str
    institution: str
    ranks: list[tuple[int, str, int]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    levels: set[str] = field(default_factory=set)


@dataclass
class _Pass:
    conn: Connection
    now: datetime
    policies: Path | None
    report: SweepReport
    directory: Directory
    candidates: list[_Candidate] = field(default_factory=list)
    written: list[_Candidate] = field(default_factory=list)
    digests: dict[str, _Digest] = field(default_factory=dict)
    schedule: dict[int, datetime] = field(default_factory=dict)  # case id -> next_alert_at
    lapse: list[str] = field(default_factory=list)
    audiences: dict[tuple[Any, ...], tuple[list[Actor], str | None, list[str]]] = field(
        default_factory=dict
    )
    times: dict[datetime, str] = field(default_factory=dict)  # deadline -> as staff read it
    contexts: dict[int, tuple[Definition, Policy, bool, str]] = field(default_factory=dict)
    policy_cache: dict[str, Policy] = field(default_factory=dict)


# what the sweep reads of a case (monitor.schedule, monitor.recipients, the digest)
_COLUMNS = [
    cases.c[name]
    for name in (
        "id",
        "ref",
        "definition_pk",
        "state",
        "role",
        "acting_role",
        "outcome",
        "assignee_nip",
        "applicant_name",
        "received_at",
        "last_event_at",
        "step_due_at",
        "clock_started_at",
        "clock_due_at",
        "clock_paused_at",
        "clock_stopped_at",
        "clock_paused_seconds",
    )
]


def _claim(conn: Connection, now: datetime, batch: int) -> list[Any]:
    """Up to `batch` due open cases: first the unscheduled (NULL), then those whose instant
    has passed. Two queries, so that each is a search of the partial index
    `ix_cases_next_alert` (an OR of the two is a scan of the whole table on SQLite)."""
    rows: list[Any] = []
    for due in (cases.c.next_alert_at.is_(None), cases.c.next_alert_at <= now):
        if len(rows) >= batch:
            break
        stmt = select(*_COLUMNS).where(cases.c.outcome.is_(None), due).limit(batch - len(rows))
        if conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True, of=cases)
        rows += conn.execute(stmt).all()
    return rows


def _tz(d: Definition) -> Any:
    return load_calendar(d.sla.calendar).tz


def _holder(d: Definition, row: Any, directory: Directory) -> str:
    if row.assignee_nip:
        for actor in directory.of(d.institution):
            if actor.nip == row.assignee_nip:
                return actor.name
        return str(row.assignee_nip)
    return d.roles[row.role].label if row.role else "-"


def _alert(p: _Pass, d: Definition, row: Any, active: ActiveLevel, day: str) -> None:
    """A candidate alert; `_store` writes it unless its key is already on the record."""
    # the same audience for every case of a unit whose step has the same holder
    audience = (
        d.id,
        d.version,
        row.acting_role,
        row.assignee_nip,
        active.level,
        active.holder_only,
    )
    if audience not in p.audiences:
        people, note = resolve(d, row, active.level, active.holder_only, p.directory)
        p.audiences[audience] = (people, note, [a.nip for a in people])
    people, note, nips = p.audiences[audience]
    values = {
        "case_id": row.id,
        "key": f"{row.id}:{active.level.value}:{row.state}:{day}",
        "kind": active.level.kind,
        "level": active.level.value,
        "state": row.state,
        "work_day": day,
        "status": active.status,
        "deadline": active.deadline,
        "detail": active.detail,
        "recipients": nips,
        "note": note,
        "created_at": p.now,
    }
    p.candidates.append(_Candidate(values, d, row, active, people))


def _item(p: _Pass, c: _Candidate) -> dict[str, Any]:
    """A digest's entry for an alert (built only for the entries a message carries)."""
    d, row, active = c.definition, c.row, c.active
    if active.deadline is not None and active.deadline not in p.times:
        p.times[active.deadline] = long_time(active.deadline.astimezone(_tz(d)))
    return {
        "alert": c.values["key"],
        "ref": row.ref,
        "level": active.level.value,
        "service_name": d.name,
        "applicant": row.applicant_name,
        "step": d.states[row.state].label,
        "holder": _holder(d, row, p.directory),
        "deadline": p.times[active.deadline] if active.deadline else None,
        "deadline_of": active.deadline_of,
        "detail": active.detail,
        "late_seconds": int(active.late.total_seconds()),
        "note": c.values["note"],
    }


def _store(p: _Pass) -> None:
    """Write the candidate alerts in bulk: those whose key is new (a level at most once per
    working day), then note each written one in its recipients' digests.

    A plain INSERT: no other sweep can write an alert of these cases meanwhile (each case is
    claimed: locked on PostgreSQL, the write lock on SQLite), so the key looked up is the
    truth; should it not be, the unique key refuses the insert and the whole pass rolls back
    (no alert, no message): nothing is ever queued twice."""
    for start in range(0, len(p.candidates), CHUNK):
        chunk = p.candidates[start : start + CHUNK]
        keys = [c.values["key"] for c in chunk]
        known = set(p.conn.execute(select(alerts.c.key).where(alerts.c.key.in_(keys))).scalars())
        fresh = [c for c in chunk if c.values["key"] not in known]
        insert_alerts(p.conn, [c.values for c in fresh])
        for c in fresh:
            _note(p, c)


def _note(p: _Pass, c: _Candidate) -> None:
    """An alert written: in the report, and in each recipient's digest (sorted later by
    lateness, then reference, then the order written)."""
    level, ref = c.active.level.value, c.row.ref
    p.report.alerts.append({"ref": ref, "level": level, "recipients": c.values["recipients"]})
    rank = (-int(c.active.late.total_seconds()), ref, len(p.written))
    p.written.append(c)
    for actor in c.people:
        digest = p.digests.get(actor.nip)
        if digest is None:
            digest = p.digests[actor.nip] = _Digest(actor.name, actor.institution)
        digest.ranks.append(rank)
        digest.keys.append(c.values["key"])
        digest.levels.add(level)


def _policy(p: _Pass, institution: str) -> Policy:
    if institution not in p.policy_cache:
        p.policy_cache[institution] = policy_for(institution, p.policies)
    return p.policy_cache[institution]


def _context(p: _Pass, definition_pk: int) -> tuple[Definition, Policy, bool, str]:
    """Per definition, once a pass: the definition, its policy, whether its office is open
    now, and today's working day there."""
    if definition_pk not in p.contexts:
        d, _ = definition_for_case(p.conn, definition_pk)
        calendar = load_calendar(d.sla.calendar)
        day = p.now.astimezone(calendar.tz).date().isoformat()
        p.contexts[definition_pk] = (d, _policy(p, d.institution), calendar.is_open(p.now), day)
    return p.contexts[definition_pk]


def _case(p: _Pass, row: Any) -> None:
    d, policy, open_now, day = _context(p, row.definition_pk)
    try:
        result = assess(d, row, policy, p.now)
    except SlaError as exc:  # e.g. a bad ALUR_LAPSE_AFTER: this case waits, the others go on
        p.report.problems.append({"ref": row.ref, "reason": str(exc)})
        p.schedule[row.id] = p.now + RETRY_PROBLEM
        return
    next_at = result.next_at
    if result.lapse_due:
        p.lapse.append(row.ref)
    if result.levels and not open_now:
        p.report.deferred += 1
        next_at = load_calendar(d.sla.calendar).next_opening(p.now)
    else:
        for active in result.levels:
            _alert(p, d, row, active, day)
    p.schedule[row.id] = next_at


def _queue(p: _Pass, sweep_id: str) -> None:
    for nip, digest in p.digests.items():
        digest.ranks.sort()
        items = [_item(p, p.written[i]) for _, _, i in digest.ranks[:PAYLOAD_LIMIT]]
        total = len(digest.ranks)
        policy = _policy(p, digest.institution)
        subject, body = render_digest(digest.name, items, total, worst_level(digest.levels))
        values = {
            "key": f"{sweep_id}:{nip}",
            "recipient_nip": nip,
            "recipient_name": digest.name,
            "institution": digest.institution,
            "channel": policy.channel,
            "address": policy.address(nip),
            "subject": subject,
            "body": body,
            "payload": {
                "recipient": {"nip": nip, "name": digest.name},
                "total": total,
                "items": items,
            },
            "alert_keys": digest.keys,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": p.now,
            "created_at": p.now,
        }
        new_id = p.conn.execute(outbox.insert().values(values).returning(outbox.c.id)).scalar()
        p.report.messages.append(
            {
                "id": new_id,
                "recipient": nip,
                "name": digest.name,
                "channel": policy.channel,
                "cases": total,
            }
        )


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a pass builds its rows: a pass of 20,000 cases
    makes some 10^6 objects that live until it ends, and the collector would walk them over
    and over (10-30% of a large sweep). Reference counting still frees what is dropped; the
    collector resumes, as it was, when the pass ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _one_pass(
    engine: Engine, now: datetime, policies: Path | None, report: SweepReport, batch: int
) -> tuple[int, list[str]]:
    with writing(engine) as conn, _no_cycle_collection():
        rows = _claim(conn, now, batch)
        p = _Pass(conn, now, policies, report, Directory(conn))
        for row in rows:
            _case(p, row)
        _store(p)
        _queue(p, uuid.uuid4().hex)
        reschedule(conn, p.schedule)
    report.cases += len(rows)
    return len(rows), p.lapse


def sweep(
    engine: Engine, now: datetime, *, policies: Path | None = None, batch: int = BATCH
) -> SweepReport:
    """Run one sweep at `now` (see the module docstring); what it queued."""
    report = SweepReport(now)
    while True:
        count, lapse = _one_pass(engine, now, policies, report, batch)
        for ref in lapse:
            try:
                lapse_case(engine, ref, now)
                report.lapsed.append(ref)
            except (LapseNotDue, CaseClosed):  # another sweep or a step came first
                pass
        if count < batch:
            return report
