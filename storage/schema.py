"""The tables. Changes go through Alembic migrations in `storage/migrations`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
    true,
)

from storage.types import UtcDateTime

__all__ = [
    "APPEND_ONLY",
    "CLOSED",
    "DERIVED_COLUMNS",
    "STOPPED_LATE",
    "alerts",
    "api_tokens",
    "case_checks",
    "cases",
    "credentials",
    "definitions",
    "events",
    "metadata",
    "outbox",
    "outbox_attempts",
    "ref_counters",
    "sessions",
    "signin_failures",
    "staff",
    "staff_changes",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

definitions = Table(
    "definitions",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("workflow_id", String(120), nullable=False),
    Column("version", Integer, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("institution", String(40), nullable=False),
    Column("body", JSON, nullable=False),
    Column("stored_at", UtcDateTime, nullable=False),
    UniqueConstraint("workflow_id", "version", "digest"),
)

staff = Table(
    "staff",
    metadata,
    Column("nip", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("institution", String(40), nullable=False),
    Column("unit_code", String(10), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),  # never deleted (0004)
)

staff_changes = Table(
    "staff_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("changed_at", UtcDateTime, nullable=False),
    Column("actor_nip", String(40)),  # NULL: the first load into an empty directory
    Column("actor_name", String(200)),
    Column("action", String(20), nullable=False),  # muat, nonaktifkan, aktifkan
    Column("source", Text),  # the files loaded, by name
    Column("digest", String(64)),  # SHA-256 of the files' bytes
    Column("diff", JSON, nullable=False),  # {added, changed, deactivated, reactivated}
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_nip", String(40), ForeignKey("staff.nip"), nullable=False),
    Column("label", String(200), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),  # SHA-256 of the token (0008)
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(40), nullable=False),
    Column("last_used_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
    Column("revoked_by", String(40)),
    Index("ix_api_tokens_staff_nip", "staff_nip"),
)

ref_counters = Table(
    "ref_counters",
    metadata,
    Column("institution_code", String(5), primary_key=True),
    Column("unit_code", String(10), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last", Integer, nullable=False),
)


def _where(clause: Any) -> dict[str, Any]:
    """A partial index's condition. The migrations create these indexes partial on both
    databases; here only SQLite's clause is declared, because naming a `postgresql_` argument
    makes SQLAlchemy import its whole PostgreSQL dialect to check it (about 0.02 s at every
    command on SQLite). Nothing creates tables from this metadata on PostgreSQL."""
    return {"sqlite_where": clause}


CLOSED = text("outcome IN ('dibatalkan', 'gugur')")
"""Cancelled or lapsed: the condition of the partial index `ix_cases_closed`, written the same
in the queries that use it (SQLite uses a partial index only for the same terms)."""

STOPPED_LATE = text("clock_stopped_at > clock_due_at")
"""A clock stopped after its deadline: the condition of the index `ix_cases_stopped_late`."""

LATE_STOP = ("clock_due_at", "workflow_id", "institution", "unit_code", "outcome")

DERIVED_COLUMNS = (
    "at_risk_at",
    "late_at",
    "step_at_risk_at",
    "step_late_at",
    "service_seconds",
    "service_days",
)
"""Columns of `cases` derived from the others on every write (app.clockwork.derived_columns)."""

cases = Table(
    "cases",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("ref", String(40), nullable=False, unique=True),
    Column("definition_pk", Integer, ForeignKey("definitions.pk"), nullable=False),
    Column("workflow_id", String(120), nullable=False),
    Column("institution", String(40), nullable=False),
    Column("unit_code", String(10), nullable=False),
    Column("state", String(60), nullable=False),
    Column("role", String(60)),  # who must act next; NULL once finished
    Column("acting_role", String(60)),  # the staff role acting for it (migration 0002)
    Column("outcome", String(20)),
    Column("variant", String(120)),
    Column("applicant_name", String(200), nullable=False),
    Column("applicant_org", String(200)),
    Column("applicant_contact", String(200)),
    Column("received_at", UtcDateTime, nullable=False),
    Column("rev", Integer, nullable=False),
    Column("clock_started_at", UtcDateTime),
    Column("clock_due_at", UtcDateTime),
    Column("clock_paused_at", UtcDateTime),
    Column("clock_stopped_at", UtcDateTime),
    Column("clock_paused_seconds", Integer, nullable=False, default=0),
    Column("step_due_at", UtcDateTime),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("last_seq", Integer, nullable=False, server_default="0"),  # newest event (0003)
    Column("last_event_at", UtcDateTime),
    Column("last_hash", String(64)),  # the newest event's chain hash (0004)
    Column("assignee_nip", String(40)),  # disposisi: the person holding the case (0005)
    # monitoring (0006): the next instant the case's alert state can change. NULL: not yet
    # scheduled; a trigger sets it back to NULL whenever `rev` moves (see monitor.schedule).
    Column("next_alert_at", UtcDateTime),
    # derived on every write of the case (0009, app.clockwork.derived_columns): the instants
    # its clock and its step's become at risk and late (NULL: never, as things stand), and
    # the service time it took once its clock stopped
    Column("at_risk_at", UtcDateTime),
    Column("late_at", UtcDateTime),
    Column("step_at_risk_at", UtcDateTime),
    Column("step_late_at", UtcDateTime),
    Column("service_seconds", Integer),
    Column("service_days", Integer),
    Index("ix_cases_due", "institution", "unit_code", "clock_stopped_at", "clock_due_at"),
    Index("ix_cases_assignee", "assignee_nip"),
    Index(
        "ix_cases_next_alert",
        "next_alert_at",
        **_where(text("outcome IS NULL")),
    ),
    *(
        Index(
            f"ix_cases_open_{name}",
            name,
            **_where(text("outcome IS NULL")),
        )
        for name in ("at_risk_at", "late_at", "step_at_risk_at", "step_late_at")
    ),
    # compliance over a period (0009): what it counts of completed cases, from the index alone
    Index(
        "ix_cases_stopped",
        "clock_stopped_at",
        "clock_due_at",
        "workflow_id",
        "institution",
        "unit_code",
        "outcome",
        "service_days",
        "clock_paused_seconds",
        "definition_pk",
    ),
    Index("ix_cases_received", "received_at", "workflow_id", "institution", "unit_code"),
    Index("ix_cases_closed", "updated_at", **_where(CLOSED)),
    Index(
        "ix_cases_stopped_late",
        *LATE_STOP,
        **_where(STOPPED_LATE),
    ),
    Index(  # a worklist's candidates, read from the index alone (0009)
        "ix_cases_open_acting",
        "institution",
        "acting_role",
        "unit_code",
        "definition_pk",
        "state",
        **_where(text("outcome IS NULL")),
    ),
)

case_checks = Table(
    "case_checks",
    metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("requirement_id", String(120), primary_key=True),
    Column("checked_by", String(40), nullable=False),
    Column("checked_at", UtcDateTime, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False),  # no cascade: append-only
    Column("seq", Integer, nullable=False),
    Column("kind", String(20), nullable=False, server_default="langkah"),  # see storage.audit
    Column("workflow_id", String(120), nullable=False),
    Column("workflow_version", Integer, nullable=False),
    Column("from_state", String(60)),
    Column("to_state", String(60), nullable=False),
    Column("trigger", String(60), nullable=False),
    Column("actor_nip", String(40), nullable=False),
    Column("actor_name", String(200), nullable=False),
    Column("role", String(60), nullable=False),
    Column("note", Text),
    Column("effective_at", UtcDateTime, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("items", JSON(none_as_null=True)),  # requirement ids (centang, hapus_centang), NIPs
    Column("request_id", String(64), unique=True),  # the idempotency key of the request
    Column("hash", String(64)),  # storage.audit.chain_hash
    UniqueConstraint("case_id", "seq"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False),
    Column("key", String(200), nullable=False, unique=True),  # case:level:step:working day
    Column("kind", String(20), nullable=False),  # peringatan | eskalasi
    Column("level", String(20), nullable=False),  # monitor.policy.Level
    Column("state", String(60), nullable=False),  # the step the case was in
    Column("work_day", String(10), nullable=False),  # the office's working day, ISO date
    Column("status", String(20), nullable=False),  # at_risk | breached | menunggu_pemohon
    Column("deadline", UtcDateTime),
    Column("detail", Text, nullable=False),  # e.g. "terlambat 2 hari kerja 3 jam"
    Column("recipients", JSON, nullable=False),  # NIPs
    Column("note", Text),  # e.g. a level with nobody, fallen to the next
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_alerts_case", "case_id"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("key", String(200), nullable=False, unique=True),  # sweep id : recipient
    Column("recipient_nip", String(40), nullable=False),
    Column("recipient_name", String(200), nullable=False),
    Column("institution", String(40), nullable=False),
    Column("channel", String(20), nullable=False),  # file | smtp | webhook
    Column("address", String(200)),  # e-mail address or phone number, where known
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("payload", JSON, nullable=False),  # the digest as data (the webhook's JSON)
    Column("alert_keys", JSON, nullable=False),
    Column("status", String(10), nullable=False),  # pending | failed | sent | dead
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("claimed_until", UtcDateTime),  # a worker's lease while it sends
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    Column("last_error", Text),
    Index("ix_outbox_due", "status", "next_attempt_at"),
)

outbox_attempts = Table(
    "outbox_attempts",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("outbox_id", ForeignKey("outbox.id"), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("attempted_at", UtcDateTime, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("error", Text),
    Index("ix_outbox_attempts_outbox", "outbox_id"),
)

# Sign-in (0007): one password per person, server-side sessions, failed attempts.
credentials = Table(
    "credentials",
    metadata,
    Column("nip", String(40), ForeignKey("staff.nip"), primary_key=True),
    Column("password_hash", String(200), nullable=False),  # Argon2id, PHC string
    Column("must_change", Boolean, nullable=False),  # set by an admin's reset
    Column("changed_at", UtcDateTime, nullable=False),
    Column("changed_by", String(40)),  # who set it (the person, or an admin)
)

sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),  # SHA-256 of the cookie's secret
    Column("nip", String(40), ForeignKey("staff.nip"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("address", String(64)),  # the client's address at sign-in
    Column("method", String(10), nullable=False),  # sandi | sso
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),  # signed out, or expired when next seen
    Index("ix_sessions_nip", "nip"),
)

signin_failures = Table(
    "signin_failures",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("nip", String(40), nullable=False),  # as typed, normalised
    Column("address", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_signin_failures_nip", "nip", "at"),
    Index("ix_signin_failures_address", "address", "at"),
)

APPEND_ONLY = ("events", "staff_changes")
"""Tables whose rows the database itself refuses to update or delete (migration 0004)."""
