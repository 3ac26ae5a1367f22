"""cases.assignee_nip: the person a case was given to (disposisi)

The assignment follows the case while its step stays with the same role, and is
dropped when the case moves to another role's step. Indexed for "untuk saya".

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not Alembic's batch mode: on SQLite batch mode would copy and drop
# `cases`, which the append-only `events` now reference without a cascade.


def upgrade() -> None:
    op.add_column("cases", sa.Column("assignee_nip", sa.String(length=40), nullable=True))
    op.create_index("ix_cases_assignee", "cases", ["assignee_nip"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_assignee", table_name="cases")
    op.drop_column("cases", "assignee_nip")
