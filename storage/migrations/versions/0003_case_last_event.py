"""cases.last_seq and cases.last_event_at: the newest audit event, kept on the case row

A step needs the previous event's sequence number and effective time (to number
the new event and to refuse a back-dated `--at`); keeping them on the case row,
written in the same transaction as the event, saves a query on every step.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seq", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("last_event_at", storage.types.UtcDateTime(timezone=True), nullable=True)
        )
    cases = sa.table("cases", sa.column("id"), sa.column("last_seq"), sa.column("last_event_at"))
    events = sa.table("events", sa.column("case_id"), sa.column("seq"), sa.column("effective_at"))
    newest = (
        sa.select(events.c.seq, events.c.effective_at)
        .where(events.c.case_id == cases.c.id)
        .order_by(events.c.seq.desc())
        .limit(1)
    )
    op.execute(
        sa.update(cases).values(
            last_seq=sa.func.coalesce(newest.with_only_columns(events.c.seq).scalar_subquery(), 0),
            last_event_at=newest.with_only_columns(events.c.effective_at).scalar_subquery(),
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("last_event_at")
        batch_op.drop_column("last_seq")
