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
`app.lifecycle.lapse_case`, after the sweep's transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.definitions import definition_for_case
from app.lifecycle import LapseNotDue, lapse_case
from app.timefmt import iso, long_time
from engine.definition import Definition
from engine.errors import CaseClosed
from monitor.messages import render_digest
from monitor.policy import policy_for
from monitor.recipients import Directory, resolve
from monitor.schedule import ActiveLevel, assess
from sla import load_calendar
from storage.schema import alerts, cases, outbox
from storage.transactions import writing

__all__ = ["SweepReport", "sweep"]

BATCH = 20_000  # cases per transaction; a digest covers one transaction


@dataclass
class SweepReport:
    at: datetime
    cases: int = 0
    deferred: int = 0  # due while the office is closed: scheduled for the next opening
    alerts: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    lapsed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": iso(self.at),
            "cases": self.cases,
            "deferred": self.deferred,
            "alerts": self.alerts,
            "messages": self.messages,
            "lapsed": self.lapsed,
        }


@dataclass
class _Pass:
    conn: Connection
    now: datetime
    policies: Path | None
    report: SweepReport
    directory: Directory
    digests: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    alert_ids: dict[str, list[int]] = field(default_factory=dict)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # nip -> (name, inst)
    schedule: list[dict[str, Any]] = field(default_factory=list)
    lapse: list[str] = field(default_factory=list)


def _claim(conn: Connection, now: datetime, batch: int) -> list[Any]:
    due = or_(cases.c.next_alert_at.is_(None), cases.c.next_alert_at <= now)
    stmt = select(cases).where(cases.c.outcome.is_(None), due).limit(batch)
    if conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True, of=cases)
    return list(conn.execute(stmt).all())


def _insert(conn: Connection, table: Any) -> Any:
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    return dialect_insert(table)


def _holder(d: Definition, row: Any, directory: Directory) -> str:
    if row.assignee_nip:
        for actor in directory.of(d.institution):
            if actor.nip == row.assignee_nip:
                return actor.name
        return str(row.assignee_nip)
    return d.roles[row.role].label if row.role else "-"


def _alert(p: _Pass, d: Definition, row: Any, active: ActiveLevel, day: str) -> None:
    people, note = resolve(d, row, active.level, active.holder_only, p.directory)
    key = f"{row.id}:{active.level.value}:{row.state}:{day}"
    stmt = (
        _insert(p.conn, alerts)
        .values(
            case_id=row.id,
            key=key,
            kind=active.level.kind,
            level=active.level.value,
            state=row.state,
            work_day=day,
            status=active.status,
            deadline=active.deadline,
            detail=active.detail,
            recipients=[a.nip for a in people],
            note=note,
            created_at=p.now,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(alerts.c.id)
    )
    alert_id = p.conn.execute(stmt).scalar()
    if alert_id is None:  # already on the record for this working day
        return
    tz = load_calendar(d.sla.calendar).tz
    item = {
        "alert_id": alert_id,
        "ref": row.ref,
        "level": active.level.value,
        "service_name": d.name,
        "applicant": row.applicant_name,
        "step": d.states[row.state].label,
        "holder": _holder(d, row, p.directory),
        "deadline": long_time(active.deadline.astimezone(tz)) if active.deadline else None,
        "deadline_of": active.deadline_of,
        "detail": active.detail,
        "late_seconds": int(active.late.total_seconds()),
        "note": note,
    }
    p.report.alerts.append(
        {"ref": row.ref, "level": active.level.value, "recipients": [a.nip for a in people]}
    )
    for actor in people:
        p.digests.setdefault(actor.nip, []).append(item)
        p.alert_ids.setdefault(actor.nip, []).append(alert_id)
        p.names[actor.nip] = (actor.name, actor.institution)


def _case(p: _Pass, row: Any) -> None:
    d, _ = definition_for_case(p.conn, row.definition_pk)
    policy = policy_for(d.institution, p.policies)
    result = assess(d, row, policy, p.now)
    next_at = result.next_at
    if result.lapse_due:
        p.lapse.append(row.ref)
    calendar = load_calendar(d.sla.calendar)
    if result.levels and not calendar.is_open(p.now):
        p.report.deferred += 1
        next_at = calendar.next_opening(p.now)
    else:
        day = p.now.astimezone(calendar.tz).date().isoformat()
        for active in result.levels:
            _alert(p, d, row, active, day)
    p.schedule.append({"case_id": row.id, "next_at": next_at})


def _queue(p: _Pass, sweep_id: str) -> None:
    for nip, items in p.digests.items():
        items.sort(key=lambda i: (-i["late_seconds"], i["ref"]))
        name, institution = p.names[nip]
        policy = policy_for(institution, p.policies)
        subject, body = render_digest(name, items)
        values = {
            "key": f"{sweep_id}:{nip}",
            "recipient_nip": nip,
            "recipient_name": name,
            "institution": institution,
            "channel": policy.channel,
            "address": policy.address(nip),
            "subject": subject,
            "body": body,
            "payload": {"recipient": {"nip": nip, "name": name}, "items": items},
            "alert_ids": p.alert_ids[nip],
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
                "name": name,
                "channel": policy.channel,
                "cases": len(items),
            }
        )


def _reschedule(conn: Connection, schedule: list[dict[str, Any]]) -> None:
    if schedule:
        stmt = (
            update(cases)
            .where(cases.c.id == bindparam("case_id"))
            .values(next_alert_at=bindparam("next_at"))
        )
        conn.execute(stmt, schedule)


def _one_pass(
    engine: Engine, now: datetime, policies: Path | None, report: SweepReport, batch: int
) -> tuple[int, list[str]]:
    with writing(engine) as conn:
        rows = _claim(conn, now, batch)
        p = _Pass(conn, now, policies, report, Directory(conn))
        for row in rows:
            _case(p, row)
        _queue(p, uuid.uuid4().hex)
        _reschedule(conn, p.schedule)
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
