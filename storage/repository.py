"""Reading and writing rows. Every function takes an open Connection inside a
transaction; the caller decides where the transaction begins and ends, so that
a step's state change, clock fields and audit event commit together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, func, insert, select, update

from storage.compiled import dialect_insert
from storage.errors import UnknownCase
from storage.schema import case_checks, cases, definitions, events, staff

__all__ = [
    "case_by_ref",
    "case_events",
    "checked_requirements",
    "definition_body",
    "find_cases",
    "insert_event",
    "list_staff",
    "staff_by_nip",
    "store_definition",
    "update_case",
    "upsert_staff",
]


def _insert_ignoring_conflict(conn: Connection, table: Any) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    return dialect_insert(conn.dialect.name)(table)


def store_definition(
    conn: Connection,
    workflow_id: str,
    version: int,
    digest: str,
    institution: str,
    body: dict[str, Any],
    now: datetime,
) -> int:
    """The row of this exact definition (id, version, digest), inserted on first use."""
    key = and_(
        definitions.c.workflow_id == workflow_id,
        definitions.c.version == version,
        definitions.c.digest == digest,
    )
    pk = conn.execute(select(definitions.c.pk).where(key)).scalar()
    if pk is not None:
        return int(pk)
    stmt = _insert_ignoring_conflict(conn, definitions).values(
        workflow_id=workflow_id,
        version=version,
        digest=digest,
        institution=institution,
        body=body,
        stored_at=now,
    )
    conn.execute(stmt.on_conflict_do_nothing())
    return int(conn.execute(select(definitions.c.pk).where(key)).scalar_one())


def definition_body(conn: Connection, pk: int) -> Row[Any]:
    return conn.execute(select(definitions).where(definitions.c.pk == pk)).one()


def upsert_staff(conn: Connection, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    for row in rows:
        stmt = _insert_ignoring_conflict(conn, staff).values(**row)
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[staff.c.nip],
                set_={k: stmt.excluded[k] for k in ("name", "institution", "unit_code", "roles")},
            )
        )
        count += 1
    return count


# Statements on the hot path of a step are built once; values travel as parameters.
_STAFF_BY_NIP = select(staff).where(staff.c.nip == bindparam("nip"))
_CASE_BY_REF = select(cases).where(cases.c.ref == bindparam("ref"))
_CHECKED = select(case_checks.c.requirement_id).where(case_checks.c.case_id == bindparam("case_id"))


def staff_by_nip(conn: Connection, nip: str) -> Row[Any] | None:
    return conn.execute(_STAFF_BY_NIP, {"nip": nip}).one_or_none()


def list_staff(conn: Connection, institution: str | None = None) -> Sequence[Row[Any]]:
    query = select(staff).order_by(staff.c.institution, staff.c.unit_code, staff.c.nip)
    if institution:
        query = query.where(staff.c.institution == institution)
    return conn.execute(query).all()


def case_by_ref(conn: Connection, ref: str) -> Row[Any]:
    row = conn.execute(_CASE_BY_REF, {"ref": ref}).one_or_none()
    if row is None:
        raise UnknownCase(ref)
    return row


@lru_cache(maxsize=64)
def _update_statement(columns: tuple[str, ...]) -> Any:
    """`UPDATE cases SET … , rev = :new_rev WHERE id = :case_id AND rev = :old_rev`, built once
    per column set; values travel as parameters, so nothing is re-coerced per call."""
    values = {name: bindparam(name, type_=cases.c[name].type) for name in columns}
    return (
        update(cases)
        .where(cases.c.id == bindparam("case_id"), cases.c.rev == bindparam("old_rev"))
        .values(**values, rev=bindparam("new_rev"))
    )


def update_case(conn: Connection, case_id: int, expected_rev: int, values: dict[str, Any]) -> bool:
    """Write `values` and bump the version counter, only if nobody else did first."""
    stmt = _update_statement(tuple(sorted(values)))
    params = {**values, "case_id": case_id, "old_rev": expected_rev, "new_rev": expected_rev + 1}
    return conn.execute(stmt, params).rowcount == 1


def insert_event(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(events), values)


def case_events(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(
        select(events).where(events.c.case_id == case_id).order_by(events.c.seq)
    ).all()


def checked_requirements(conn: Connection, case_id: int) -> set[str]:
    return set(conn.execute(_CHECKED, {"case_id": case_id}).scalars())


def find_cases(
    conn: Connection,
    *,
    institution: str | None = None,
    unit_code: str | None = None,
    workflow_id: str | None = None,
    state: str | None = None,
    roles: Sequence[str] | None = None,
    open_only: bool = False,
    due_before: datetime | None = None,
    limit: int | None = None,
) -> Sequence[Row[Any]]:
    """Cases matching every given filter, the earliest deadline first."""
    query = select(cases)
    for column, value in [
        (cases.c.institution, institution),
        (cases.c.unit_code, unit_code),
        (cases.c.workflow_id, workflow_id),
        (cases.c.state, state),
    ]:
        if value is not None:
            query = query.where(column == value)
    if roles is not None:
        query = query.where(cases.c.acting_role.in_(list(roles)))
    if open_only:
        query = query.where(cases.c.outcome.is_(None))
    if due_before is not None:
        query = query.where(cases.c.clock_stopped_at.is_(None), cases.c.clock_due_at < due_before)
    if due_before is not None:  # the deadline scan: walks ix_cases_due in order
        query = query.order_by(cases.c.clock_due_at, cases.c.id)
    else:
        query = query.order_by(func.coalesce(cases.c.clock_due_at, cases.c.received_at), cases.c.id)
    if limit:
        query = query.limit(limit)
    return conn.execute(query).all()
