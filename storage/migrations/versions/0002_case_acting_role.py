"""cases.acting_role: the staff role that must act next, for worklists in SQL

For a state waiting on the applicant (pemohon), the acting role is the staff
role that records the applicant's steps (its `recorded_by`), so that the
worklist of a petugas includes the files waiting at the counter.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _backfill() -> None:
    conn = op.get_bind()
    definitions = sa.table("definitions", sa.column("pk"), sa.column("body", sa.JSON))
    cases = sa.table(
        "cases",
        sa.column("id"),
        sa.column("definition_pk"),
        sa.column("role"),
        sa.column("acting_role"),
    )
    roles = {pk: body["roles"] for pk, body in conn.execute(sa.select(definitions))}
    rows = conn.execute(sa.select(cases.c.id, cases.c.definition_pk, cases.c.role)).all()
    for case_id, definition_pk, role in rows:
        declared = roles[definition_pk].get(role or "", {})
        acting = declared.get("recorded_by") or role
        conn.execute(sa.update(cases).where(cases.c.id == case_id).values(acting_role=acting))


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acting_role", sa.String(length=60), nullable=True))
    _backfill()
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_acting", ["institution", "acting_role", "unit_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_acting")
        batch_op.drop_column("acting_role")
