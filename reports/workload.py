"""`alur report workload`: who holds what. Per person, the open cases given to them by
disposisi; per role, the open cases waiting on a role and given to nobody; each with how
many are at risk and late."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from app.clockwork import case_status
from reports.common import definition_of
from storage.schema import cases, staff
from storage.transactions import reading

__all__ = ["workload"]


def workload(
    engine: Engine, now: datetime, *, institution: str | None = None, unit: str | None = None
) -> list[dict[str, Any]]:
    """One row per holder: `holder` (a name, or a role's label with `unassigned`), the unit,
    `open`, `at_risk`, `late`; the most late first."""
    query = (
        select(cases, staff.c.name.label("assignee_name"))
        .select_from(cases.outerjoin(staff, staff.c.nip == cases.c.assignee_nip))
        .where(cases.c.outcome.is_(None))
    )
    if institution is not None:
        query = query.where(cases.c.institution == institution)
    if unit is not None:
        query = query.where(cases.c.unit_code == unit)
    totals: dict[tuple[str, str, str], dict[str, Any]] = {}
    with reading(engine) as conn:
        for row in conn.execute(query):
            d = definition_of(conn, row)
            if row.assignee_nip:
                key = (row.institution, row.unit_code, row.assignee_nip)
                label, nip = row.assignee_name or row.assignee_nip, row.assignee_nip
            else:
                role = row.acting_role or "-"
                key = (row.institution, row.unit_code, f"peran:{role}")
                declared = d.roles.get(role)
                label, nip = (declared.label if declared else role), None
            entry = totals.setdefault(key, {
                "institution": row.institution, "unit": row.unit_code, "holder": label,
                "nip": nip, "unassigned": nip is None, "open": 0, "at_risk": 0, "late": 0,
            })  # fmt: skip
            entry["open"] += 1
            status = case_status(d, row, now)["status"]
            entry["late"] += status == "breached"
            entry["at_risk"] += status == "at_risk"
    return sorted(totals.values(), key=lambda e: (-e["late"], -e["at_risk"], -e["open"]))
