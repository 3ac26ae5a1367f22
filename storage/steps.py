"""The hot path of a step, run on the database driver's own cursor.

A step reads one row (the case, joined with the staff member acting) and
writes two (the case under its version check, and the audit event). Run
through `Connection.execute`, every statement costs SQLAlchemy 0.1-0.25 ms of
Python on top of the database's own work, and a transaction another 0.1 ms:
together most of what a durable step may cost (see docs/benchmarks.md).

So these few statements are still built with SQLAlchemy Core from the tables
in `storage.schema`, but compiled once per dialect; their parameters go
through the column types' own bind processors and the row read through their
result processors, and they run on the DBAPI cursor of a pooled connection.
The SQL, the types and the stored values are exactly those the rest of
`storage` writes and reads; only the per-call bookkeeping is skipped.

On PostgreSQL the two writes are one statement: a data-modifying CTE updates
the case under its version check and inserts the event only if it did. Run in
autocommit (see `step_session`), a step costs two round trips to the server
instead of four.

A driver error during a step becomes one of three errors, and the connection
is dropped from the pool: `DatabaseBusy` (SQLite's lock was not free in time;
nothing written), `DatabaseFailed` (the server refused, or the connection
failed before the write was sent; nothing written), or `OutcomeUnknown` (the
connection failed after the write was sent and before its answer came back:
the write may have committed). The read also fetches any earlier event that
carries the request's idempotency key, so that a retry of a request whose
outcome was unknown returns the original result.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, bindparam, insert, select, update
from sqlalchemy.engine import Dialect

from storage.compiled import Statement, compiled_for, processed, result_processors
from storage.errors import database_error
from storage.schema import DERIVED_COLUMNS, case_checks, cases, definitions, events, staff

__all__ = [
    "CASE_COLUMNS",
    "EVENT_COLUMNS",
    "STAFF_COLUMNS",
    "UPDATED_COLUMNS",
    "StepCursor",
    "step_session",
]

# The newest event and the SLA clock: read by every step, and written by it.
_PROGRESS = (
    "last_seq",
    "last_event_at",
    "clock_started_at",
    "clock_due_at",
    "clock_paused_at",
    "clock_stopped_at",
    "clock_paused_seconds",
    "last_hash",
)
# What a step reads of the case (everything but the applicant) and of the actor.
CASE_COLUMNS = (
    "id", "ref", "definition_pk", "state", "role", "outcome", "assignee_nip", "variant", "rev",
    *_PROGRESS,
    *DERIVED_COLUMNS,  # read so that a step writes only those that change (see `write`)
)  # fmt: skip
STAFF_COLUMNS = ("nip", "name", "institution", "unit_code", "roles", "active")
# An earlier event carrying the request's idempotency key, if any.
PRIOR_COLUMNS = ("case_id", "kind", "trigger", "to_state", "items")
# What a step writes on the case row, besides `rev`.
UPDATED_COLUMNS = (
    "state",
    "role",
    "acting_role",
    "outcome",
    "assignee_nip",
    "step_due_at",
    "updated_at",
    *_PROGRESS,
    *DERIVED_COLUMNS,
)
EVENT_COLUMNS = tuple(c.name for c in events.c if c.name != "id")

CaseRow = namedtuple("CaseRow", CASE_COLUMNS)  # type: ignore[misc]
StaffRow = namedtuple("StaffRow", STAFF_COLUMNS)  # type: ignore[misc]
PriorRow = namedtuple("PriorRow", PRIOR_COLUMNS)  # type: ignore[misc]


@dataclass(frozen=True)
class StepRow:
    """The case as read for a step; `actor` is None when no staff has the NIP,
    `prior` the earlier event with the request's key (None: a new request)."""

    case: Any  # a CaseRow
    actor: Any  # a StaffRow, or None
    prior: Any = None  # a PriorRow, or None


class _Statements:
    """The step's statements for one dialect, compiled on first use."""

    def __init__(self, dialect: Dialect) -> None:
        self.postgres = dialect.name == "postgresql"
        case_cols = [cases.c[name] for name in CASE_COLUMNS]
        staff_cols = [staff.c[name] for name in STAFF_COLUMNS]
        prior = events.alias("prior")
        prior_cols = [prior.c[name] for name in PRIOR_COLUMNS]
        load = (
            select(*case_cols, *staff_cols, *prior_cols)
            .select_from(
                cases.outerjoin(staff, staff.c.nip == bindparam("nip")).outerjoin(
                    prior, prior.c.request_id == bindparam("request_id")
                )
            )
            .where(cases.c.ref == bindparam("ref"))
        )
        self.load = Statement(load, dialect)
        self.load_processors = result_processors(case_cols + staff_cols + prior_cols, dialect)
        actors = (
            select(events.c.trigger, events.c.actor_nip)
            .where(events.c.case_id == bindparam("case_id"), events.c.kind == bindparam("kind"))
            .order_by(events.c.seq)
        )
        self.actors = Statement(actors, dialect)
        checked = select(case_checks.c.requirement_id).where(
            case_checks.c.case_id == bindparam("case_id")
        )
        self.checked = Statement(checked, dialect)
        body = select(definitions.c.body, definitions.c.digest).where(
            definitions.c.pk == bindparam("pk")
        )
        self.definition = Statement(body, dialect)
        self.definition_processors = result_processors(
            [definitions.c.body, definitions.c.digest], dialect
        )
        self._writes: dict[frozenset[str], tuple[Statement, Statement | None]] = {}
        self.dialect = dialect
        event_params = {name: bindparam(name, type_=events.c[name].type) for name in EVENT_COLUMNS}
        self.insert = Statement(insert(events).values(event_params), dialect)
        columns = [c for c in EVENT_COLUMNS if c != "case_id"]
        self.event_keys = [(f"ev_{c}", c) for c in columns]

    def write_for(self, changed: frozenset[str]) -> tuple[Statement, Statement | None]:
        """The case's UPDATE setting `changed` (and `rev`), and on PostgreSQL the one
        statement that also inserts the event; compiled once for each set of columns."""
        found = self._writes.get(changed)
        if found is None:
            found = self._writes[changed] = self._compile_write(changed)
        return found

    def _compile_write(self, changed: frozenset[str]) -> tuple[Statement, Statement | None]:
        dialect = self.dialect
        moved = (
            update(cases)
            .where(cases.c.id == bindparam("case_id"), cases.c.rev == bindparam("old_rev"))
            .values(
                {name: bindparam(name, type_=cases.c[name].type) for name in sorted(changed)}
                | {"rev": bindparam("new_rev")}
            )
        )
        if not self.postgres:
            return Statement(moved, dialect), None
        # One statement binds both; the event's parameters are prefixed with "ev_".
        cte = moved.returning(cases.c.id).cte("moved")
        columns = [c for c in EVENT_COLUMNS if c != "case_id"]
        prefixed = [bindparam(f"ev_{c}", type_=events.c[c].type) for c in columns]
        source = select(*prefixed, cte.c.id)
        stmt = insert(events).from_select([*columns, "case_id"], source)
        return Statement(moved, dialect), Statement(stmt, dialect)


class StepCursor:
    """The statements of one step, inside its transaction."""

    def __init__(self, cursor: Any, statements: _Statements, dialect: Dialect) -> None:
        self._cursor, self._s, self.dialect = cursor, statements, dialect
        self.writing = False  # set once the write has been sent to the database
        self._read: Any = None  # the case row last read, to write only what changed

    def run(self, stmt: Statement, values: Mapping[str, Any]) -> Any:
        """Run one compiled statement; the driver's cursor, to fetch from."""
        self._cursor.execute(stmt.sql, stmt.params(values))
        return self._cursor

    def run_many(self, stmt: Statement, rows: Sequence[Mapping[str, Any]]) -> None:
        self._cursor.executemany(stmt.sql, [stmt.params(row) for row in rows])

    def load(self, ref: str, nip: str, request_id: str | None = None) -> StepRow | None:
        """The case `ref` with the staff member `nip` and the event already recorded
        under `request_id`, if any (None: no such case)."""
        stmt = self._s.load
        self._cursor.execute(
            stmt.sql, stmt.params({"ref": ref, "nip": nip, "request_id": request_id})
        )
        raw = self._cursor.fetchone()
        if raw is None:
            return None
        values = processed(self._s.load_processors, raw)
        a, b = len(CASE_COLUMNS), len(CASE_COLUMNS) + len(STAFF_COLUMNS)
        actor = StaffRow(*values[a:b]) if values[a] is not None else None
        prior = PriorRow(*values[b:]) if values[b] is not None else None
        self._read = CaseRow(*values[:a])
        return StepRow(self._read, actor, prior)

    def step_actors(self, case_id: int) -> dict[str, str]:
        """The NIP of whoever last fired each trigger on the case (for four-eyes rules)."""
        stmt = self._s.actors
        self._cursor.execute(stmt.sql, stmt.params({"case_id": case_id, "kind": "langkah"}))
        return dict(self._cursor.fetchall())

    def definition(self, pk: int) -> tuple[Any, str]:
        """The stored body and digest of definition row `pk`."""
        stmt = self._s.definition
        self._cursor.execute(stmt.sql, stmt.params({"pk": pk}))
        body, digest = processed(self._s.definition_processors, self._cursor.fetchone())
        return body, digest

    def checked(self, case_id: int) -> set[str]:
        stmt = self._s.checked
        self._cursor.execute(stmt.sql, stmt.params({"case_id": case_id}))
        return {row[0] for row in self._cursor.fetchall()}

    def write(
        self, case_id: int, rev: int, values: Mapping[str, Any], event: Mapping[str, Any]
    ) -> bool:
        """Write the case's new `values` and bump `rev`, and append `event`, only if
        the case is still at `rev`; False (and nothing written) when it is not.

        Columns whose new value is the one just read for this case at this `rev` are left
        out of the UPDATE: SQLite rewrites the index entries of every column an UPDATE sets,
        changed or not, so a step that keeps the assignee, the outcome or the deadline would
        write those indexes' pages for nothing (about a quarter of a step's pages)."""
        params = {**values, "case_id": case_id, "old_rev": rev, "new_rev": rev + 1}
        s, cursor = self._s, self._cursor
        update_stmt, move = s.write_for(self._changed(case_id, rev, values))
        self.writing = True
        if move is not None:
            for key, name in s.event_keys:
                params[key] = event[name]
            cursor.execute(move.sql, move.params(params))
            return bool(cursor.rowcount == 1)
        cursor.execute(update_stmt.sql, update_stmt.params(params))
        if cursor.rowcount != 1:
            return False
        cursor.execute(s.insert.sql, s.insert.params({**event, "case_id": case_id}))
        return True

    def _changed(self, case_id: int, rev: int, values: Mapping[str, Any]) -> frozenset[str]:
        read = self._read
        if read is None or read.id != case_id or read.rev != rev:
            return _ALL_UPDATED
        return frozenset(
            name
            for name in UPDATED_COLUMNS
            if name not in _READ or values[name] != getattr(read, name)
        )


_ALL_UPDATED = frozenset(UPDATED_COLUMNS)
_READ = frozenset(CASE_COLUMNS)


@contextmanager
def step_session(engine: Engine, *, single_statement: bool = True) -> Iterator[StepCursor]:
    """The unit of work of one step, on a pooled connection; nothing is written
    if the block raises.

    SQLite: one transaction that takes the write lock at once (``BEGIN
    IMMEDIATE``, like every other write transaction of `storage`), committed
    when the block ends.

    PostgreSQL: the reads run in autocommit and `StepCursor.write` is a single
    statement, so it commits on its own, the case and its event together or
    neither. Its version check is what makes this as safe as one transaction:
    every change to a case, the checklist's included, bumps `rev`, so a write
    at the `rev` that was read proves that nothing the step decided on has
    changed. This spares the server two round trips (BEGIN and COMMIT) out of four.
    With `single_statement=False` (opening a case, changing its checklist: writes
    of several statements) the block is one ordinary transaction instead.
    """
    connection = engine.raw_connection()
    driver: Any = connection.driver_connection
    postgres = engine.dialect.name == "postgresql"
    autocommit = postgres and single_statement
    dbapi_error = engine.dialect.loaded_dbapi.Error
    tx: StepCursor | None = None
    try:
        if autocommit:
            driver.autocommit = True
        cursor = driver.cursor()
        if not postgres:
            cursor.execute("BEGIN IMMEDIATE")
        tx = StepCursor(cursor, compiled_for(_Statements, engine.dialect), engine.dialect)
        try:
            yield tx
        except BaseException:
            if not autocommit:
                connection.rollback()
            raise
        if not autocommit:
            tx.writing = postgres  # a lost answer to COMMIT leaves the outcome unknown
            connection.commit()
    except dbapi_error as exc:
        # The connection may be broken (a server restart, a killed backend): the pool
        # must not hand it out again, so it is dropped and the next step opens another.
        connection.invalidate(exc)
        sent = postgres and tx is not None and tx.writing
        raise database_error(str(engine.url), exc, write_sent=sent) from exc
    finally:
        if autocommit and connection.is_valid:
            driver.autocommit = False
        connection.close()
