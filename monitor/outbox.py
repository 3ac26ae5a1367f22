"""Delivering the outbox: claims, attempts, retries with backoff, a dead-letter state.

A message is ``pending`` (never tried), ``failed`` (tried, will be tried again at
`next_attempt_at`), ``sent`` (a channel accepted it) or ``dead`` (gave up after
`max_attempts`; `retry` gives it one more round).

A worker claims due messages in a short transaction (PostgreSQL ``FOR UPDATE SKIP
LOCKED``, SQLite ``BEGIN IMMEDIATE``) by setting a lease (`claimed_until`) and counting
the attempt; it then sends outside any transaction and records each result as soon as the
channel answers, in its own short transaction: one `outbox_attempts` row per attempt with
its error. A message once recorded ``sent`` is never claimed again.

What remains at-least-once, precisely: a worker killed after the channel accepted a message
and before that message's record commits (the time of one small transaction) leaves the
message claimed until its lease ends (`LEASE`); it is then sent again, at most once more per
such kill, and only that one message (every message accepted before it is recorded already).
The copy carries the same outbox key as the first (`Message-ID: <key@alur>` for e-mail,
``Idempotency-Key: <key>`` and the same signed body for a webhook), so a receiver that keeps
the keys it has seen drops it. Messages claimed but not yet tried when a worker dies are sent
once, after the lease.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.engine import Dialect

from app.timefmt import iso
from monitor.channels import ChannelError, Message, open_channel
from monitor.config import MonitorConfig
from monitor.errors import OutboxNotFound
from storage.compiled import Statement, compiled_for
from storage.schema import outbox, outbox_attempts
from storage.transactions import reading, writing

__all__ = [
    "STATUSES",
    "DeliveryReport",
    "deliver",
    "list_messages",
    "retry_message",
    "show_message",
]

STATUSES = ("pending", "failed", "sent", "dead")
LEASE = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    dead: list[int] = field(default_factory=list)


def _claim(engine: Engine, now: datetime, limit: int) -> list[Any]:
    due = and_(
        outbox.c.status.in_(("pending", "failed")),
        outbox.c.next_attempt_at <= now,
        or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= now),
    )
    with writing(engine) as conn:
        stmt = select(outbox).where(due).order_by(outbox.c.id).limit(limit)
        if conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = conn.execute(stmt).all()
        if rows:
            conn.execute(
                update(outbox)
                .where(outbox.c.id.in_([r.id for r in rows]))
                .values(claimed_until=now + LEASE, attempts=outbox.c.attempts + 1)
            )
    return list(rows)


def _message(row: Any) -> Message:
    return Message(
        row.id,
        row.key,
        row.recipient_nip,
        row.recipient_name,
        row.address,
        row.subject,
        row.body,
        row.payload,
    )


def _backoff(config: MonitorConfig, attempt: int) -> timedelta:
    return min(timedelta(seconds=config.backoff) * 2 ** (attempt - 1), MAX_BACKOFF)


def _outcome(row: Any, now: datetime, error: str | None, config: MonitorConfig) -> dict[str, Any]:
    attempt = row.attempts + 1  # the row as read before the claim counted this attempt
    if error is None:
        return {"status": "sent", "sent_at": now, "last_error": None}
    if attempt >= config.max_attempts:
        return {"status": "dead", "last_error": error}
    return {
        "status": "failed",
        "last_error": error,
        "next_attempt_at": now + _backoff(config, attempt),
    }


class _Statements:
    """A result's record: three statements, compiled once per dialect (`storage.compiled`)."""

    def __init__(self, dialect: Dialect) -> None:
        made = select(func.count()).where(outbox_attempts.c.outbox_id == bindparam("oid"))
        self.count = Statement(made.select_from(outbox_attempts), dialect)
        columns = ("outbox_id", "attempt", "attempted_at", "ok", "error")
        attempt = {c: bindparam(c, type_=outbox_attempts.c[c].type) for c in columns}
        self.attempt = Statement(insert(outbox_attempts).values(attempt), dialect)
        changed = {c: bindparam(c, type_=outbox.c[c].type) for c in _CHANGED}
        self.update = Statement(
            update(outbox)
            .where(outbox.c.id == bindparam("oid"))
            .values(**changed, claimed_until=bindparam("claimed_until")),
            dialect,
        )


_CHANGED = ("status", "sent_at", "last_error", "next_attempt_at")


def _record(
    engine: Engine, row: Any, error: str | None, now: datetime, config: MonitorConfig
) -> str:
    """Record one attempt (its row, the message's new state) as soon as the channel
    answered; the new status. The commit does not wait for the disk (see the module
    docstring): a result costs a fraction of a millisecond, not a disk flush."""
    values = _outcome(row, now, error, config)
    with writing(engine, durable=False) as conn:
        run = compiled_for(_Statements, conn.dialect)
        earlier = conn.exec_driver_sql(run.count.sql, run.count.params({"oid": row.id}))
        attempt = {
            "outbox_id": row.id,
            "attempt": earlier.scalar_one() + 1,
            "attempted_at": now,
            "ok": error is None,
            "error": error,
        }
        conn.exec_driver_sql(run.attempt.sql, run.attempt.params(attempt))
        change = {c: values.get(c) for c in _CHANGED}
        change["next_attempt_at"] = values.get("next_attempt_at", row.next_attempt_at)
        change.update(oid=row.id, claimed_until=None)
        conn.exec_driver_sql(run.update.sql, run.update.params(change))
    return str(values["status"])


def _send(channel: Any, row: Any) -> str | None:
    """Send one message; None when the channel accepted it, else the reason it did not."""
    try:
        channel.send(_message(row))
    except ChannelError as exc:
        return str(exc)
    return None


def deliver(
    engine: Engine, now: datetime, config: MonitorConfig, limit: int = 500
) -> DeliveryReport:
    """Send the messages due at `now`; one channel connection per channel per run. Each
    result is recorded as soon as the channel answers (see the module docstring)."""
    report = DeliveryReport()
    by_channel: dict[str, list[Any]] = {}
    for row in _claim(engine, now, limit):
        by_channel.setdefault(row.channel, []).append(row)
    lists = {"sent": report.sent, "failed": report.failed, "dead": report.dead}
    for name, group in by_channel.items():
        with open_channel(name, config) as channel:
            for row in group:
                status = _record(engine, row, _send(channel, row), now, config)
                lists[status].append(row.id)
    return report


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "status": row.status,
        "channel": row.channel,
        "recipient": row.recipient_nip,
        "name": row.recipient_name,
        "cases": row.payload.get("total", len(row.payload.get("items", []))),
        "attempts": row.attempts,
        "created_at": iso(row.created_at),
        "next_attempt_at": iso(row.next_attempt_at)
        if row.status in ("pending", "failed")
        else None,
        "sent_at": iso(row.sent_at),
        "last_error": row.last_error,
    }


def list_messages(
    engine: Engine, status: str | None = None, limit: int = 200, institution: str | None = None
) -> list[dict[str, Any]]:
    with reading(engine) as conn:
        stmt = select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if status:
            stmt = stmt.where(outbox.c.status == status)
        if institution:
            stmt = stmt.where(outbox.c.institution == institution)
        return [_summary(r) for r in conn.execute(stmt).all()]


def show_message(engine: Engine, ident: int) -> dict[str, Any]:
    with reading(engine) as conn:
        row = conn.execute(select(outbox).where(outbox.c.id == ident)).first()
        if row is None:
            raise OutboxNotFound(str(ident))
        attempts = conn.execute(
            select(outbox_attempts)
            .where(outbox_attempts.c.outbox_id == ident)
            .order_by(outbox_attempts.c.attempt)
        ).all()
    return {
        **_summary(row),
        "institution": row.institution,
        "address": row.address,
        "subject": row.subject,
        "body": row.body,
        "attempts_log": [
            {"attempt": a.attempt, "at": iso(a.attempted_at), "ok": a.ok, "error": a.error}
            for a in attempts
        ],
    }


def retry_message(engine: Engine, ident: int, now: datetime) -> str:
    """Make a failed or dead message due now (one more round of attempts); its old status."""
    with writing(engine) as conn:
        row = conn.execute(select(outbox.c.status).where(outbox.c.id == ident)).first()
        if row is None:
            raise OutboxNotFound(str(ident))
        if row.status != "sent":
            conn.execute(
                update(outbox)
                .where(outbox.c.id == ident)
                .values(status="failed", attempts=0, next_attempt_at=now, claimed_until=None)
            )
        return str(row.status)
