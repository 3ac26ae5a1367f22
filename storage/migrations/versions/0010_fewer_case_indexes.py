"""Cases: drop three indexes that every step wrote and no query needs

- `ix_cases_worklist` (institution, unit, role, state): the worklist has read its candidates
  from `ix_cases_open_acting` since 0009, and no query filters on `role`.
- `ix_cases_acting` (institution, acting role, unit): open cases by acting role are in
  `ix_cases_open_acting`; a list by institution reads `ix_cases_due`, which starts the same.
- `ix_cases_open_due` (deadline): the reports read deadlines through `ix_cases_due`,
  `ix_cases_stopped` and the stored instants of 0009; nothing walks deadlines alone.

Every step changes the role and the acting role, and most change the deadline, so each of
these cost a step two pages of the write-ahead log (the old entry's and the new one's):
about a quarter of what a step wrote. See docs/benchmarks.md.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

DROPPED = {
    "ix_cases_worklist": ["institution", "unit_code", "role", "state"],
    "ix_cases_acting": ["institution", "acting_role", "unit_code"],
    "ix_cases_open_due": ["clock_due_at"],
}


def upgrade() -> None:
    for name in DROPPED:
        op.drop_index(name, table_name="cases")


def downgrade() -> None:
    for name, columns in DROPPED.items():
        op.create_index(name, "cases", columns)
