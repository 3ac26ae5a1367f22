"""Delivering the outbox: claims, attempts, retries with backoff, a dead-letter state.

A message is ``pending`` (never tried), ``failed`` (tried, will be tried again at
`next_attempt_at`), ``sent`` (a channel accepted it) or ``dead`` (gave up after
`max_attempts`; `retry` gives it one more round).

A worker claims due messages in a short transaction (PostgreSQL ``FOR UPDATE SKIP
LOCKED``, SQLite ``BEGIN IMMEDIATE``) by setting a lease (`claimed_until`) and counting
the attempt; it then sends outside any transaction and records the result, one
`outbox_attempts` row per attempt with its error. A message once recorded ``sent`` is never
claimed again. A worker killed between the channel's acceptance and that record leaves the
message claimed until its lease ends; it is then sent again with the same key
(`Message-ID`, `Idempotency-Key`), so receivers can drop the copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select, update

from app.timefmt import iso
from monitor.channels import ChannelError, Message, open_channel
from monitor.config import MonitorConfig
from monitor.errors import OutboxNotFound
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


def _record(
    engine: Engine, row: Any, now: datetime, error: str | None, config: MonitorConfig
) -> str:
    attempt = row.attempts + 1  # counted when claimed; `retry` starts a new round
    if error is None:
        values: dict[str, Any] = {"status": "sent", "sent_at": now, "last_error": None}
    elif attempt >= config.max_attempts:
        values = {"status": "dead", "last_error": error}
    else:
        values = {
            "status": "failed",
            "last_error": error,
            "next_attempt_at": now + _backoff(config, attempt),
        }
    with writing(engine) as conn:
        number = conn.execute(
            select(func.count()).where(outbox_attempts.c.outbox_id == row.id)
        ).scalar_one()
        conn.execute(
            outbox_attempts.insert().values(
                outbox_id=row.id,
                attempt=number + 1,
                attempted_at=now,
                ok=error is None,
                error=error,
            )
        )
        conn.execute(
            update(outbox).where(outbox.c.id == row.id).values(claimed_until=None, **values)
        )
    return str(values["status"])


def deliver(
    engine: Engine, now: datetime, config: MonitorConfig, limit: int = 500
) -> DeliveryReport:
    """Send the messages due at `now`; one channel connection per channel per run."""
    report = DeliveryReport()
    rows = _claim(engine, now, limit)
    by_channel: dict[str, list[Any]] = {}
    for row in rows:
        by_channel.setdefault(row.channel, []).append(row)
    for name, group in by_channel.items():
        with open_channel(name, config) as channel:
            for row in group:
                try:
                    channel.send(_message(row))
                    error = None
                except ChannelError as exc:
                    error = str(exc)
                status = _record(engine, row, now, error, config)
                {"sent": report.sent, "failed": report.failed, "dead": report.dead}[status].append(
                    row.id
                )
    return report


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "status": row.status,
        "channel": row.channel,
        "recipient": row.recipient_nip,
        "name": row.recipient_name,
        "cases": len(row.payload.get("items", [])),
        "attempts": row.attempts,
        "created_at": iso(row.created_at),
        "next_attempt_at": iso(row.next_attempt_at)
        if row.status in ("pending", "failed")
        else None,
        "sent_at": iso(row.sent_at),
        "last_error": row.last_error,
    }


def list_messages(
    engine: Engine, status: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    with reading(engine) as conn:
        stmt = select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if status:
            stmt = stmt.where(outbox.c.status == status)
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
