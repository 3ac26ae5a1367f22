"""Pieces shared by the reports: a case's definition, holder and escalation level."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Select, select

from app.definitions import definition_for_case
from app.policy import backdated
from engine.definition import Definition
from storage.audit import KIND_STEP
from storage.schema import alerts, cases, events

__all__ = ["ESCALATION_ORDER", "backdated_cases", "escalation_levels", "scope"]


def scope(institution: str | None, unit: str | None, service: str | None) -> list[Any]:
    """The WHERE conditions of a report's institution, unit and service filters."""
    pairs = ((cases.c.institution, institution), (cases.c.unit_code, unit),
             (cases.c.workflow_id, service))  # fmt: skip
    return [column == value for column, value in pairs if value is not None]


def definition_of(conn: Connection, row: Any) -> Definition:
    return definition_for_case(conn, row.definition_pk)[0]


def _ids(case_ids: Iterable[int] | Select[Any]) -> list[int] | Select[Any]:
    """A list of ids, or a query of them (thousands of ids bound one by one cost more to
    send than to find again)."""
    return case_ids if isinstance(case_ids, Select) else list(case_ids)


def backdated_cases(conn: Connection, case_ids: Iterable[int] | Select[Any]) -> set[int]:
    """The cases among `case_ids` with a step recorded more than an hour after it happened."""
    ids = _ids(case_ids)
    if isinstance(ids, list) and not ids:
        return set()
    query = select(events.c.case_id, events.c.effective_at, events.c.recorded_at).where(
        events.c.case_id.in_(ids), events.c.kind == KIND_STEP
    )
    return {r.case_id for r in conn.execute(query) if backdated(r.effective_at, r.recorded_at)}


# monitor.policy.Level, lowest to highest (reports stand below monitoring, so the order is
# repeated here; a test checks that it names every level)
ESCALATION_ORDER = ("menunggu_pemohon", "berisiko", "terlambat", "asisten", "sekda")


def escalation_levels(conn: Connection, case_ids: Iterable[int] | Select[Any]) -> dict[int, str]:
    """The highest escalation level each case reached, from monitoring's `alerts`."""
    ids = _ids(case_ids)
    if isinstance(ids, list) and not ids:
        return {}
    rows = conn.execute(
        select(alerts.c.case_id, alerts.c.level).where(alerts.c.case_id.in_(ids)).distinct()
    )
    reached: dict[int, str] = {}
    rank = {level: i for i, level in enumerate(ESCALATION_ORDER)}
    for case_id, level in rows:
        if rank.get(level, -1) > rank.get(reached.get(case_id, ""), -1):
            reached[case_id] = level
    return reached
