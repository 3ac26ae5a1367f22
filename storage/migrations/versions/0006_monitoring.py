"""Monitoring: cases.next_alert_at, the alerts, the outbox and its delivery attempts

`cases.next_alert_at` is the next instant at which a case's alert state can change
(computed by the monitoring sweep, `monitor.schedule`). NULL means "not yet scheduled":
new cases start so, and a trigger sets it back to NULL whenever a write moves the case's
version counter (`rev`), so the next sweep looks at every changed case without the step's
own code knowing about monitoring. The sweep's own writes never touch `rev`.

Alerts and the outbox are their own tables: they are not events of the audit chain.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_PG = [
    """CREATE OR REPLACE FUNCTION alur_reschedule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.next_alert_at := NULL;
    RETURN NEW;
END $$""",
    "CREATE TRIGGER cases_reschedule BEFORE UPDATE OF rev ON cases FOR EACH ROW "
    "WHEN (NEW.rev IS DISTINCT FROM OLD.rev) EXECUTE FUNCTION alur_reschedule()",
]
_SQLITE = [
    "CREATE TRIGGER cases_reschedule AFTER UPDATE OF rev ON cases FOR EACH ROW "
    "WHEN NEW.rev <> OLD.rev AND NEW.next_alert_at IS NOT NULL "
    "BEGIN UPDATE cases SET next_alert_at = NULL WHERE id = NEW.id; END"
]


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Plain ALTER TABLE, never batch mode on `cases` (see 0005).
    op.add_column("cases", sa.Column("next_alert_at", UtcDateTime(), nullable=True))
    open_only = sa.text("outcome IS NULL")
    op.create_index(
        "ix_cases_next_alert",
        "cases",
        ["next_alert_at"],
        sqlite_where=open_only,
        postgresql_where=open_only,
    )
    op.create_table(
        "alerts",
        sa.Column("id", _id(), primary_key=True),
        sa.Column("case_id", _id(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("state", sa.String(60), nullable=False),
        sa.Column("work_day", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("deadline", UtcDateTime()),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_alerts_case", "alerts", ["case_id"])
    op.create_table(
        "outbox",
        sa.Column("id", _id(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("recipient_nip", sa.String(40), nullable=False),
        sa.Column("recipient_name", sa.String(200), nullable=False),
        sa.Column("institution", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("address", sa.String(200)),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("alert_keys", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=False),
        sa.Column("claimed_until", UtcDateTime()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime()),
        sa.Column("last_error", sa.Text()),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "next_attempt_at"])
    op.create_table(
        "outbox_attempts",
        sa.Column("id", _id(), primary_key=True),
        sa.Column("outbox_id", _id(), sa.ForeignKey("outbox.id"), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("attempted_at", UtcDateTime(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text()),
    )
    op.create_index("ix_outbox_attempts_outbox", "outbox_attempts", ["outbox_id"])
    dialect = op.get_bind().dialect.name
    for statement in _PG if dialect == "postgresql" else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS cases_reschedule ON cases")
        op.execute("DROP FUNCTION IF EXISTS alur_reschedule()")
    else:
        op.execute("DROP TRIGGER IF EXISTS cases_reschedule")
    op.drop_table("outbox_attempts")
    op.drop_table("outbox")
    op.drop_table("alerts")
    op.drop_index("ix_cases_next_alert", table_name="cases")
    op.drop_column("cases", "next_alert_at")
