"""The supervisors' page (Pengawasan): what is late and at risk now, the quarter's
compliance with its charts, the workload per person, and their exports.

Only a supervisor sees it (`app.accounts.oversight_scope`): a Kabag for their unit, the
Asisten, the Sekda and the admin for their institution. The numbers are those of the
command line's reports, from the same functions.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from app.accounts import oversight_scope
from app.definitions import shipped
from reports.breaches import breaches
from reports.columns import LATE
from reports.compliance import compliance
from reports.html import dashboard_charts
from reports.render import to_csv
from reports.workload import workload
from reports.xlsx import workbook_sheets, write_workbook
from sla import load_calendar

__all__ = ["dashboard", "dashboard_csv", "dashboard_workbook"]


def _quarter_start(institution: str | None, now: datetime) -> datetime:
    tz = next(
        (
            load_calendar(i.definition.sla.calendar).tz
            for i in shipped()
            if i.definition.institution == institution
        ),
        None,
    )
    local = now.astimezone(tz) if tz else now
    month = 3 * ((local.month - 1) // 3) + 1
    return local.replace(month=month, day=1, hour=0, minute=0, second=0, microsecond=0)


def _data(engine: Engine, nip: str, now: datetime) -> dict[str, Any]:
    scope = oversight_scope(engine, nip)
    start = _quarter_start(scope["institution"], now)
    late = breaches(engine, now, **scope)
    period = compliance(engine, start, now, **scope)
    held = workload(engine, now, **scope)
    return {"scope": scope, "start": start, "late": late, "period": period, "held": held}


def dashboard(engine: Engine, nip: str, now: datetime) -> dict[str, Any]:
    """Everything the page shows, with the charts as inline SVG."""
    data = _data(engine, nip, now)
    data["charts"] = dashboard_charts(data["period"], data["held"])
    quarter = (data["start"].month - 1) // 3 + 1
    data["quarter"] = f"{data['start'].year}Q{quarter}"
    return data


def dashboard_workbook(engine: Engine, nip: str, now: datetime) -> bytes:
    """The page's numbers as the supervisors' xlsx workbook."""
    data = _data(engine, nip, now)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pengawasan.xlsx"
        write_workbook(path, workbook_sheets(data["period"], data["late"], data["held"]))
        return path.read_bytes()


def dashboard_csv(engine: Engine, nip: str, now: datetime) -> str:
    """The cases late now, as CSV."""
    data = _data(engine, nip, now)
    return to_csv(data["late"]["late"], LATE)
