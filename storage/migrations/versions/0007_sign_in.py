"""Sign-in: passwords (Argon2 hashes), server-side sessions, failed attempts

`credentials` holds one Argon2id hash per person and whether they must change it at
their next sign-in (after an admin's reset). `sessions` keeps only a SHA-256 of each
session's secret (the cookie holds the secret), its CSRF token and when it was last
used, so idle and absolute expiry hold across workers. `signin_failures` counts failed
attempts per NIP and per client address for throttling, again across workers.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credentials",
        sa.Column("nip", sa.String(40), sa.ForeignKey("staff.nip"), primary_key=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
        sa.Column("changed_by", sa.String(40)),
    )
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("nip", sa.String(40), sa.ForeignKey("staff.nip"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64)),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("ended_at", UtcDateTime()),
    )
    op.create_index("ix_sessions_nip", "sessions", ["nip"])
    op.create_table(
        "signin_failures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("nip", sa.String(40), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_signin_failures_nip", "signin_failures", ["nip", "at"])
    op.create_index("ix_signin_failures_address", "signin_failures", ["address", "at"])


def downgrade() -> None:
    op.drop_table("signin_failures")
    op.drop_table("sessions")
    op.drop_table("credentials")
