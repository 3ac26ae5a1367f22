"""The sweep's bulk writes: alert rows and the cases' new `next_alert_at`.

A catch-up sweep (100,000 cases due at once after downtime) writes one alert row per level
and one schedule per case. Through SQLAlchemy's ``executemany``, the per-row parameter
bookkeeping and the column types' processors (an instant made into SQLite's text, a list
into JSON) cost more than the database's own work. Here the INSERT is compiled once per
dialect (`storage.compiled`), each value of a processed column is processed once however
many rows repeat it (a pass has one `created_at`, a few deadlines, a few audiences), and the
rows go to the driver's ``executemany`` as plain values. The stored text is the one the
column types write everywhere else. Schedules are written one UPDATE per distinct instant
(many cases share the next opening of their office), for a list of ids at a time.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update
from sqlalchemy.engine import Dialect

from storage.compiled import Statement, compiled_for
from storage.schema import alerts, cases

__all__ = ["ALERT_COLUMNS", "insert_alerts", "reschedule"]

ALERT_COLUMNS = (
    "case_id",
    "key",
    "kind",
    "level",
    "state",
    "work_day",
    "status",
    "deadline",
    "detail",
    "recipients",
    "note",
    "created_at",
)
IDS_PER_UPDATE = 1_000  # ids in one `IN (...)`, well under SQLite's bound-variable limit


class _Statements:
    def __init__(self, dialect: Dialect) -> None:
        values = {name: bindparam(name, type_=alerts.c[name].type) for name in ALERT_COLUMNS}
        self.alert = Statement(insert(alerts).values(values), dialect)


def _hashable(value: Any) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


def _column(name: str, process: Any, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """One column of `rows`, processed for the driver; each distinct value processed once."""
    if process is None:
        return [row[name] for row in rows]
    done: dict[Hashable, Any] = {}
    out = []
    for row in rows:
        value = row[name]
        key = _hashable(value)
        if key not in done:
            done[key] = process(value)
        out.append(done[key])
    return out


def insert_alerts(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert alert rows (dicts of `ALERT_COLUMNS`) in one ``executemany``."""
    if not rows:
        return
    statement = compiled_for(_Statements, conn.dialect).alert
    columns = [_column(name, process, rows) for name, process in statement.processors]
    values: list[Any] = list(zip(*columns, strict=True))
    if not statement.positional:
        values = [dict(zip(statement.names, v, strict=True)) for v in values]
    conn.exec_driver_sql(statement.sql, values)


def reschedule(conn: Connection, schedule: Mapping[int, datetime]) -> None:
    """Set each case's `next_alert_at` (case id -> instant): one UPDATE per distinct instant
    and `IDS_PER_UPDATE` cases."""
    by_instant: dict[datetime, list[int]] = {}
    for case_id, at in schedule.items():
        by_instant.setdefault(at, []).append(case_id)
    stmt = (
        update(cases)
        .where(cases.c.id.in_(bindparam("ids", expanding=True)))
        .values(next_alert_at=bindparam("at"))
    )
    for at, ids in by_instant.items():
        for start in range(0, len(ids), IDS_PER_UPDATE):
            conn.execute(stmt, {"ids": ids[start : start + IDS_PER_UPDATE], "at": at})
