"""API tokens: per-staff bearer tokens for the HTTP API (/api/v1)

Only each token's SHA-256 digest is stored (a token is 32 random bytes, so a plain digest
is enough: nothing to guess, nothing to look up in a table). A token is revoked, never
deleted, so its issue and use stay readable; its issue and revocation are also rows of
`staff_changes`.

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_nip", sa.String(40), sa.ForeignKey("staff.nip"), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("created_by", sa.String(40), nullable=False),
        sa.Column("last_used_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_by", sa.String(40), nullable=True),
    )
    op.create_index("ix_api_tokens_staff_nip", "api_tokens", ["staff_nip"])


def downgrade() -> None:
    op.drop_index("ix_api_tokens_staff_nip", table_name="api_tokens")
    op.drop_table("api_tokens")
