"""The worklist's order in SQL, from the instants stored on each case.

A person's worklist is every open case waiting on them, in three sections (given to me,
waiting on a role of mine, waiting on the applicant), the most urgent first in each: late,
then at risk, then on track, then without a commitment; then the earliest deadline (of
the case's clock while it runs, or of its step), to the second; then the earlier case
deadline (or reception) and the case's id, as `repository.find_cases` lists them.

Urgency is read from `app.clockwork.DERIVED_COLUMNS` (the instants a case's status changes
at), so the database sorts and pages the list, and only the page shown is summarised.
Whether a case waits on the person, and whether its step is the applicant's, depend on its
definition, its state and its unit only: they are decided once for each such combination
found among the person's candidates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, case, false, func, or_, select, tuple_

from app.definitions import definition_for_case
from engine.case import Actor, allowed_triggers
from storage.schema import cases

__all__ = ["SECTIONS", "worklist_counts", "worklist_rows"]


def _deadline() -> Any:
    running = case((cases.c.clock_stopped_at.is_(None), cases.c.clock_due_at))
    step = case((cases.c.last_event_at.is_not(None), cases.c.step_due_at))
    earlier = case((step < running, step), else_=running)
    return case((running.is_(None), step), (step.is_(None), running), else_=earlier)


def _to_second(conn: Connection, instant: Any) -> Any:
    """The instant to the second, as the summary shows a deadline."""
    if conn.dialect.name == "postgresql":
        return func.date_trunc("second", instant)
    return func.substr(instant, 1, 19)  # SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'


def _urgency(now: datetime) -> Any:
    late = or_(cases.c.late_at <= now, cases.c.step_late_at <= now)
    at_risk = or_(cases.c.at_risk_at <= now, cases.c.step_at_risk_at <= now)
    step = and_(cases.c.step_due_at.is_not(None), cases.c.last_event_at.is_not(None))
    measured = or_(cases.c.clock_due_at.is_not(None), step)
    return case((late, 0), (at_risk, 1), (measured, 2), else_=3)


def _combinations(conn: Connection, where: list[Any], actor: Actor) -> tuple[list, list]:
    """(definition, state, unit) where a case waits on `actor`; (definition, state) where
    the step is the applicant's."""
    found = select(cases.c.definition_pk, cases.c.state, cases.c.unit_code).where(*where)
    waits, applicant = [], []
    for pk, state, unit in conn.execute(found.distinct()):
        d, _ = definition_for_case(conn, pk)
        if not allowed_triggers(d, state, actor):  # e.g. a unit role seen from SETDA
            continue
        waits.append((pk, state, unit))
        role = d.states[state].role
        if role and d.roles[role].applicant:
            applicant.append((pk, state))
    return waits, applicant


SECTIONS = ("untuk_saya", "bagian_saya", "menunggu_pemohon")


def _candidates(conn: Connection, actor: Actor, nip: str) -> tuple[Any, Any] | None:
    """(section rank expression, where-clause) of the cases on `actor`'s worklist; None
    when nothing can wait on them."""
    where = [cases.c.institution == actor.institution,
             cases.c.acting_role.in_(sorted(actor.roles)), cases.c.outcome.is_(None)]  # fmt: skip
    waits, applicant = _combinations(conn, where, actor)
    if not waits:
        return None
    is_applicant = (
        tuple_(cases.c.definition_pk, cases.c.state).in_(applicant) if applicant else false()
    )
    section = case((is_applicant, 2), (cases.c.assignee_nip == nip, 0), else_=1)
    mine = or_(is_applicant, cases.c.assignee_nip.is_(None), cases.c.assignee_nip == nip)
    waiting = and_(
        cases.c.unit_code.in_(sorted({unit for _, _, unit in waits})),  # the index's range
        tuple_(cases.c.definition_pk, cases.c.state, cases.c.unit_code).in_(waits),
    )
    return section, and_(*where, waiting, mine)


def worklist_counts(conn: Connection, actor: Actor, nip: str) -> dict[str, int]:
    """How many cases each section of the worklist holds."""
    counts = dict.fromkeys(SECTIONS, 0)
    found = _candidates(conn, actor, nip)
    if found is not None:
        section, where = found
        query = select(section, func.count()).where(where).group_by(section)
        for rank, n in conn.execute(query):
            counts[SECTIONS[rank]] = n
    return counts


def worklist_rows(
    conn: Connection,
    actor: Actor,
    nip: str,
    now: datetime,
    limit: int | None,
    offset: int,
    only: str | None = None,
) -> list[tuple[str, Any]]:
    """(section, case row) of the worklist of `actor` (NIP `nip`) at `now`, in order;
    `only` one section (SECTIONS) of it."""
    found = _candidates(conn, actor, nip)
    if found is None:
        return []
    section, where = found
    if only is not None:
        where = and_(where, section == SECTIONS.index(only))
    deadline = _deadline()
    order = [section, _urgency(now), deadline.is_(None), _to_second(conn, deadline),
             func.coalesce(cases.c.clock_due_at, cases.c.received_at), cases.c.id]  # fmt: skip
    query = (
        select(cases.c.id, section.label("section_rank"))
        .where(where)
        .order_by(*order)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    # the order sorts ids only; the rows shown are read by id afterwards
    ranked = conn.execute(query).all()
    rows = {
        r.id: r for r in conn.execute(select(cases).where(cases.c.id.in_([i for i, _ in ranked])))
    }
    return [(SECTIONS[rank], rows[case_id]) for case_id, rank in ranked]
