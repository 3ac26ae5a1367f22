"""Cases: the instants their status changes at, and the service time they took

`at_risk_at`, `late_at` (the case's own clock), `step_at_risk_at`, `step_late_at` (the
current step's commitment): the first instant the case is at risk or late, as
`app.clockwork.case_status` finds it, NULL when it cannot become so as things stand (no
commitment; a clock paused waiting on the applicant, or stopped, before it). Each has an
index over open cases, so "late now" and "at risk now" are range queries. `service_seconds`
and `service_days`: the service time a stopped clock took, in open seconds (pauses
excluded) and working days, so that compliance computes its percentiles in SQL. An index
over open cases by institution, acting role, unit, definition and state gives a worklist
its candidates' kinds without reading the table; and three indexes let compliance count a
period's completed, received, cancelled or lapsed, and late-completed cases from the
indexes alone.

Every write of a case computes them in its transaction; this migration computes them for
the cases already stored, in Python with the office calendars: a data migration, so it
uses the application's own rule (`app.derived`), as the layer test allows for this file.

Revision ID: 0009
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INSTANTS = ("at_risk_at", "late_at", "step_at_risk_at", "step_late_at")
_OPEN = sa.text("outcome IS NULL")
STOPPED = ("clock_stopped_at", "clock_due_at", "workflow_id", "institution", "unit_code",
           "outcome", "service_days", "clock_paused_seconds", "definition_pk")  # fmt: skip
LATE_STOP = ("clock_due_at", "workflow_id", "institution", "unit_code", "outcome")


def upgrade() -> None:
    from app.derived import fill_derived_columns  # the data step: see the docstring

    # Plain ALTER TABLE, never batch mode on `cases` (see 0005).
    for name in INSTANTS:
        op.add_column("cases", sa.Column(name, UtcDateTime(), nullable=True))
    op.add_column("cases", sa.Column("service_seconds", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("service_days", sa.Integer(), nullable=True))
    fill_derived_columns(op.get_bind())
    for name in INSTANTS:
        op.create_index(
            f"ix_cases_open_{name}", "cases", [name], sqlite_where=_OPEN, postgresql_where=_OPEN
        )
    op.create_index("ix_cases_stopped", "cases", list(STOPPED))
    op.create_index(
        "ix_cases_received", "cases", ["received_at", "workflow_id", "institution", "unit_code"]
    )
    closed = sa.text("outcome IN ('dibatalkan', 'gugur')")
    op.create_index(
        "ix_cases_closed", "cases", ["updated_at"], sqlite_where=closed, postgresql_where=closed
    )
    late = sa.text("clock_stopped_at > clock_due_at")
    op.create_index("ix_cases_stopped_late", "cases", list(LATE_STOP), sqlite_where=late,
                    postgresql_where=late)  # fmt: skip
    op.create_index(
        "ix_cases_open_acting",
        "cases",
        ["institution", "acting_role", "unit_code", "definition_pk", "state"],
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_cases_open_acting", table_name="cases")
    for name in ("ix_cases_stopped_late", "ix_cases_closed", "ix_cases_received",
                 "ix_cases_stopped"):  # fmt: skip
        op.drop_index(name, table_name="cases")
    for name in INSTANTS:
        op.drop_index(f"ix_cases_open_{name}", table_name="cases")
    for name in (*INSTANTS, "service_seconds", "service_days"):
        op.drop_column("cases", name)
