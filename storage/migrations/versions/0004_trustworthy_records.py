"""Trustworthy records: an append-only, hash-chained audit log; audited staff changes

- events: `kind`, `items`, `request_id` (unique), `hash`; no cascade from cases;
- cases.last_hash: the newest event's hash, kept beside `last_seq`;
- staff.active: people are deactivated, never deleted;
- staff_changes: who changed the directory, when, from which file, and how;
- triggers refusing UPDATE and DELETE on events and staff_changes.

Existing cases are brought along: the ticks in `case_checks`, which left no event
before, become `centang` events at the time they were made; each case's events are
then numbered 1, 2, 3… in time order, chained, and the case's version counter set to
the newest number (before, ticks moved the counter without an event, so numbers had
gaps and a deleted event could not be noticed).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

import storage.types
from storage import append_only
from storage.audit import KIND_CHECK, KIND_STEP, chain_hash

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_MIGRATED_NOTE = "dipulihkan dari daftar centang saat pembaruan skema 0004"


def _columns() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default=KIND_STEP)
        )
        batch_op.add_column(sa.Column("items", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("request_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(op.f("uq_events_request_id"), ["request_id"])
        batch_op.drop_constraint(op.f("fk_events_case_id_cases"), type_="foreignkey")
        batch_op.create_foreign_key(op.f("fk_events_case_id_cases"), "cases", ["case_id"], ["id"])


def _staff_changes() -> None:
    op.create_table(
        "staff_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor_nip", sa.String(length=40), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=True),
        sa.Column("diff", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_changes")),
    )


def _rebuilt(case: Any, events: list[dict[str, Any]], checks: Any, names: dict) -> list:
    """The case's events with its ticks added as events, in time order, renumbered."""
    ticks: dict[tuple[str, Any], list[str]] = defaultdict(list)
    for check in checks:
        ticks[(check.checked_by, check.checked_at)].append(check.requirement_id)
    merged = [((e["effective_at"], 0, e["seq"]), e) for e in events]
    first = events[0] if events else {}
    for (nip, at), items in ticks.items():
        tick = {
            "kind": KIND_CHECK,
            "workflow_id": first.get("workflow_id", case.workflow_id),
            "workflow_version": first.get("workflow_version", 1),
            "trigger": KIND_CHECK,
            "actor_nip": nip,
            "actor_name": names.get(nip, nip),
            "role": "-",
            "note": _MIGRATED_NOTE,
            "items": sorted(items),
            "effective_at": at,
            "recorded_at": at,
        }
        merged.append(((at, 1, 0), tick))
    merged.sort(key=lambda pair: pair[0])
    rebuilt, state, previous = [], None, None
    for seq, (_, event) in enumerate(merged, start=1):
        event = dict(event, seq=seq, case_id=case.id)
        event.pop("id", None)
        if event["kind"] == KIND_CHECK:
            event["from_state"] = event["to_state"] = state or case.state
        state = event["to_state"]
        event.setdefault("request_id", None)
        event["hash"] = previous = chain_hash(case.ref, event, previous)
        rebuilt.append(event)
    return rebuilt


def _backfill() -> None:
    conn = op.get_bind()
    meta = sa.MetaData()
    cases = sa.Table("cases", meta, autoload_with=conn)
    instant = storage.types.UtcDateTime  # reflection would read naive datetimes on SQLite
    events = sa.Table(
        "events",
        meta,
        sa.Column("effective_at", instant()),
        sa.Column("recorded_at", instant()),
        sa.Column("items", sa.JSON()),
        autoload_with=conn,
    )
    checks = sa.Table("case_checks", meta, sa.Column("checked_at", instant()), autoload_with=conn)
    staff = sa.Table("staff", meta, autoload_with=conn)
    names = {r.nip: r.name for r in conn.execute(sa.select(staff.c.nip, staff.c.name))}
    for case in conn.execute(sa.select(cases)).all():
        old = conn.execute(
            sa.select(events).where(events.c.case_id == case.id).order_by(events.c.seq)
        ).mappings()
        ticked = conn.execute(sa.select(checks).where(checks.c.case_id == case.id)).all()
        rebuilt = _rebuilt(case, [dict(e) for e in old], ticked, names)
        conn.execute(sa.delete(events).where(events.c.case_id == case.id))
        if rebuilt:
            conn.execute(sa.insert(events), rebuilt)
        last: dict[str, Any] = rebuilt[-1] if rebuilt else {"seq": 0, "hash": None}
        conn.execute(
            sa.update(cases)
            .where(cases.c.id == case.id)
            .values(rev=max(last["seq"], 1), last_seq=last["seq"], last_hash=last["hash"])
        )


def upgrade() -> None:
    _columns()
    _staff_changes()
    _backfill()
    append_only.install(op.get_bind())


def downgrade() -> None:
    append_only.drop(op.get_bind())
    op.drop_table("staff_changes")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_events_case_id_cases"), type_="foreignkey")
        batch_op.create_foreign_key(
            op.f("fk_events_case_id_cases"), "cases", ["case_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.drop_constraint(op.f("uq_events_request_id"), type_="unique")
        for column in ("hash", "request_id", "items", "kind"):
            batch_op.drop_column(column)
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("active")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("last_hash")
