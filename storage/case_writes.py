"""Opening a case and changing its checklist, on a step's cursor (`storage.steps`).

Like a step, each is one read and one write, with statements compiled once per
dialect (`storage.compiled`) and run inside `step_session(engine,
single_statement=False)`: on SQLite one ``BEGIN IMMEDIATE`` transaction, on
PostgreSQL one ordinary transaction.

Opening reads the staff member, any event already recorded under the request's
idempotency key (with the reference and workflow of its case), and the row of
the definition the case will run on, all in one statement. Its write takes the
next number of the institution, unit and year (one upsert that returns it,
holding the counter's row lock, or SQLite's write lock, until commit), then
inserts the case and its first event. The definition's row is inserted only the
first time a database sees that exact definition.

A checklist change reads the case with the staff member, any earlier event of
the request, the items ticked and the triggers of the steps taken so far, in one
statement. Its write moves the case's version on under the version check,
appends the event and adds or removes the items.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, literal_column, select, update
from sqlalchemy.engine import Dialect

from storage.compiled import (
    Statement,
    compiled_for,
    dialect_insert,
    processed,
    result_processors,
)
from storage.schema import case_checks, cases, definitions, events, ref_counters, staff
from storage.steps import (
    CASE_COLUMNS,
    EVENT_COLUMNS,
    PRIOR_COLUMNS,
    STAFF_COLUMNS,
    PriorRow,
    StaffRow,
    StepCursor,
)

__all__ = [
    "CHECKLIST_CASE_COLUMNS",
    "OPENED_COLUMNS",
    "ChecklistRow",
    "Opening",
    "insert_opened",
    "load_checklist",
    "load_opening",
    "next_number",
    "store_definition",
    "write_checklist",
]

CHECKLIST_CASE_COLUMNS = (*CASE_COLUMNS, "acting_role")
# What opening writes on the new case row (everything but its id).
# What opening a case writes: every column but its id and monitoring's own schedule
# (`next_alert_at`, NULL until a sweep looks at the case).
OPENED_COLUMNS = tuple(c.name for c in cases.c if c.name not in ("id", "next_alert_at"))
_TOUCHED = ("updated_at", "last_seq", "last_hash")  # what a checklist change writes
_SEPARATOR = ","  # requirement ids and triggers are slugs and names: never a comma

ChecklistCase = namedtuple("ChecklistCase", CHECKLIST_CASE_COLUMNS)  # type: ignore[misc]
PriorOpening = namedtuple("PriorOpening", ("trigger", "ref", "workflow_id"))


@dataclass(frozen=True)
class Opening:
    """What opening reads: `actor` None when no staff has the NIP, `prior` the case an
    earlier request with the key touched (None: a new request), `definition_pk` None
    when the definition has no row yet."""

    actor: Any  # a StaffRow, or None
    prior: Any  # a PriorOpening, or None
    definition_pk: int | None


@dataclass(frozen=True)
class ChecklistRow:
    """The case as read for a checklist change."""

    case: Any  # a ChecklistCase
    actor: Any  # a StaffRow, or None
    prior: Any  # a PriorRow, or None
    checked: frozenset[str]  # the items ticked
    steps: frozenset[str]  # the triggers of the steps taken so far


def _concat(dialect: Dialect, column: Any) -> Any:
    sep: Any = literal_column(f"'{_SEPARATOR}'")
    if dialect.name == "postgresql":
        return func.string_agg(column, sep)
    return func.group_concat(column, sep)


def _split(text: str | None) -> frozenset[str]:
    return frozenset(text.split(_SEPARATOR)) if text else frozenset()


class _Opening:
    def __init__(self, dialect: Dialect) -> None:
        one = select(literal_column("1").label("one")).subquery("one")
        prior, prior_case = events.alias("prior"), cases.alias("prior_case")
        pk = select(definitions.c.pk).where(
            definitions.c.workflow_id == bindparam("workflow_id"),
            definitions.c.version == bindparam("version"),
            definitions.c.digest == bindparam("digest"),
        )
        staff_cols = [staff.c[name] for name in STAFF_COLUMNS]
        prior_cols = [prior.c.trigger, prior_case.c.ref, prior_case.c.workflow_id]
        source = one.outerjoin(staff, staff.c.nip == bindparam("nip"))
        source = source.outerjoin(prior, prior.c.request_id == bindparam("request_id"))
        source = source.outerjoin(prior_case, prior_case.c.id == prior.c.case_id)
        load = select(*staff_cols, *prior_cols, pk.scalar_subquery().label("definition_pk"))
        self.load = Statement(load.select_from(source), dialect)
        self.load_processors = [*result_processors([*staff_cols, *prior_cols], dialect), None]
        self.definition_pk = Statement(pk, dialect)
        insert_for = dialect_insert(dialect.name)
        body = {c.name: bindparam(c.name, type_=c.type) for c in definitions.c if c.name != "pk"}
        stored = insert_for(definitions).values(body).on_conflict_do_nothing()
        self.store = Statement(stored, dialect)
        counter = insert_for(ref_counters).values(
            institution_code=bindparam("institution_code"),
            unit_code=bindparam("unit_code"),
            year=bindparam("year"),
            last=literal_column("1"),
        )
        counter = counter.on_conflict_do_update(
            index_elements=list(ref_counters.primary_key.columns),
            set_={"last": ref_counters.c.last + literal_column("1")},
        )
        self.counter = Statement(counter.returning(ref_counters.c.last), dialect)
        row = {name: bindparam(name, type_=cases.c[name].type) for name in OPENED_COLUMNS}
        self.case = Statement(insert(cases).values(row).returning(cases.c.id), dialect)
        event = {name: bindparam(name, type_=events.c[name].type) for name in EVENT_COLUMNS}
        self.event = Statement(insert(events).values(event), dialect)


def load_opening(
    tx: StepCursor, nip: str, request_id: str | None, workflow_id: str, version: int, digest: str
) -> Opening:
    """The staff member `nip`, any earlier event of `request_id`, the definition's row."""
    s = compiled_for(_Opening, tx.dialect)
    key = {"workflow_id": workflow_id, "version": version, "digest": digest}
    raw = tx.run(s.load, {"nip": nip, "request_id": request_id, **key}).fetchone()
    values = processed(s.load_processors, raw)
    n = len(STAFF_COLUMNS)
    actor = StaffRow(*values[:n]) if values[0] is not None else None
    prior = PriorOpening(*values[n : n + 3]) if values[n] is not None else None
    return Opening(actor, prior, values[n + 3])


def store_definition(tx: StepCursor, row: dict[str, Any]) -> int:
    """The pk of the definition row `row` (its columns but `pk`), inserted if new."""
    s = compiled_for(_Opening, tx.dialect)
    tx.run(s.store, row)
    key = {name: row[name] for name in ("workflow_id", "version", "digest")}
    return int(tx.run(s.definition_pk, key).fetchone()[0])


def next_number(tx: StepCursor, institution_code: str, unit_code: str, year: int) -> int:
    """The next case number of this institution, unit and year; never repeats."""
    s = compiled_for(_Opening, tx.dialect)
    key = {"institution_code": institution_code, "unit_code": unit_code, "year": year}
    return int(tx.run(s.counter, key).fetchone()[0])


def insert_opened(tx: StepCursor, row: dict[str, Any], event: dict[str, Any]) -> int:
    """Insert the new case `row` and its first `event`; the case's id."""
    s = compiled_for(_Opening, tx.dialect)
    case_id = int(tx.run(s.case, row).fetchone()[0])
    tx.run(s.event, {**event, "case_id": case_id})
    return case_id


class _Checklist:
    def __init__(self, dialect: Dialect) -> None:
        prior = events.alias("prior")
        checked = select(_concat(dialect, case_checks.c.requirement_id)).where(
            case_checks.c.case_id == cases.c.id
        )
        steps = select(_concat(dialect, events.c.trigger)).where(
            events.c.case_id == cases.c.id, events.c.kind == bindparam("step_kind")
        )
        columns = [
            *(cases.c[name] for name in CHECKLIST_CASE_COLUMNS),
            *(staff.c[name] for name in STAFF_COLUMNS),
            *(prior.c[name] for name in PRIOR_COLUMNS),
        ]
        source = cases.outerjoin(staff, staff.c.nip == bindparam("nip"))
        source = source.outerjoin(prior, prior.c.request_id == bindparam("request_id"))
        load = select(*columns, checked.scalar_subquery(), steps.scalar_subquery())
        load = load.select_from(source).where(cases.c.ref == bindparam("ref"))
        self.load = Statement(load, dialect)
        self.load_processors = [*result_processors(columns, dialect), None, None]
        touched = {name: bindparam(name, type_=cases.c[name].type) for name in _TOUCHED}
        touch = update(cases).where(
            cases.c.id == bindparam("case_id"), cases.c.rev == bindparam("old_rev")
        )
        self.touch = Statement(touch.values(touched | {"rev": bindparam("new_rev")}), dialect)
        event = {name: bindparam(name, type_=events.c[name].type) for name in EVENT_COLUMNS}
        self.event = Statement(insert(events).values(event), dialect)
        insert_for = dialect_insert(dialect.name)
        check = {c.name: bindparam(c.name, type_=c.type) for c in case_checks.c}
        self.add = Statement(
            insert_for(case_checks).values(check).on_conflict_do_nothing(), dialect
        )
        self.remove = Statement(
            delete(case_checks).where(
                case_checks.c.case_id == bindparam("case_id"),
                case_checks.c.requirement_id == bindparam("requirement_id"),
            ),
            dialect,
        )


def load_checklist(
    tx: StepCursor, ref: str, nip: str, request_id: str | None, step_kind: str
) -> ChecklistRow | None:
    """The case `ref` as a checklist change reads it (None: no such case); `step_kind`
    is the kind of event of a step."""
    s = compiled_for(_Checklist, tx.dialect)
    params = {"ref": ref, "nip": nip, "request_id": request_id, "step_kind": step_kind}
    raw = tx.run(s.load, params).fetchone()
    if raw is None:
        return None
    values = processed(s.load_processors, raw)
    a = len(CHECKLIST_CASE_COLUMNS)
    b = a + len(STAFF_COLUMNS)
    c = b + len(PRIOR_COLUMNS)
    actor = StaffRow(*values[a:b]) if values[a] is not None else None
    prior = PriorRow(*values[b:c]) if values[b] is not None else None
    case = ChecklistCase(*values[:a])
    return ChecklistRow(case, actor, prior, _split(values[c]), _split(values[c + 1]))


def write_checklist(
    tx: StepCursor,
    row: Any,
    event: dict[str, Any],
    *,
    added: Sequence[str] = (),
    removed: Sequence[str] = (),
    nip: str,
    at: datetime,
) -> bool:
    """Move case `row` to its next version with `event` and tick `added`, untick
    `removed`, only if the case is still at the version read; False (and nothing
    written) when it is not."""
    s = compiled_for(_Checklist, tx.dialect)
    values = {"updated_at": at, "last_seq": row.rev + 1, "last_hash": event["hash"]}
    params = {**values, "case_id": row.id, "old_rev": row.rev, "new_rev": row.rev + 1}
    if tx.run(s.touch, params).rowcount != 1:
        return False
    tx.run(s.event, {**event, "case_id": row.id})
    checks = [
        {"case_id": row.id, "requirement_id": i, "checked_by": nip, "checked_at": at} for i in added
    ]
    if checks:
        tx.run_many(s.add, checks)
    if removed:
        tx.run_many(s.remove, [{"case_id": row.id, "requirement_id": i} for i in removed])
    return True
