"""Pieces shared by the reports: a case's definition, holder and escalation level."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

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


def backdated_cases(conn: Connection, case_ids: Iterable[int]) -> set[int]:
    """The cases among `case_ids` with a step recorded more than an hour after it happened."""
    ids = list(case_ids)
    if not ids:
        return set()
    query = select(events.c.case_id, events.c.effective_at, events.c.recorded_at).where(
        events.c.case_id.in_(ids), events.c.kind == KIND_STEP
    )
    return {r.case_id for r in conn.execute(query) if backdated(r.effective_at, r.recorded_at)}


# monitor.policy.Level, lowest to highest (reports stand below monitoring, so the order is
# repeated here; a test checks that it names every level)
ESCALATION_ORDER = ("menunggu_pemohon", "berisiko", "terlambat", "asisten", "sekda")


def escalation_levels(conn: Connection, case_ids: Iterable[int]) -> dict[int, str]:
    """The highest escalation level each case reached, from monitoring's `alerts`."""
    ids = list(case_ids)
    if not ids:
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
