"""The SQL of the compliance report: per service, the completed cases' counts, on-time
count, paused time, service-time distribution, median and 90th percentile, computed by the
database in one pass over the period's completed cases; and counts by hour or by day,
which the report places in the office's month or the ISO week.

The percentiles are those of Python's `statistics` (`quantiles(method="inclusive")`, the
same as PostgreSQL's `percentile_cont`): for q% of n ordered values, j = q(n-1) div 100
and the value is v[j] + (v[j+1] - v[j]) * (q(n-1) mod 100) / 100. The working days a case
took are small whole numbers, so they are grouped first (`service_days`, stored when the
clock stopped) and v[j] is read from the running totals of the groups, a window over a few
rows per service instead of a sort of every case: exact, and the same on both databases.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Connection, Integer, and_, case, cast, func, literal, or_, select

from storage.schema import cases

__all__ = ["DONE", "by_day", "by_hour", "completed_where", "on_time", "service_figures"]

DONE = ("selesai", "ditolak")
_QUANTILES = {"median_days": 50, "p90_days": 90}


def completed_where(where: list[Any], start: datetime, end: datetime) -> list[Any]:
    """Completed in [start, end): the clock stopped then by a step of the procedure (not by a
    cancellation or a lapse)."""
    stopped = and_(cases.c.clock_stopped_at >= start, cases.c.clock_stopped_at < end)
    return [*where, or_(cases.c.outcome.is_(None), cases.c.outcome.in_(DONE)), stopped]


def on_time() -> Any:
    """1 for a case whose clock stopped by its deadline, else 0 (for sums)."""
    kept = and_(cases.c.clock_due_at.is_not(None), cases.c.clock_stopped_at <= cases.c.clock_due_at)
    return case((kept, 1), else_=0)


def service_figures(conn: Connection, where: list[Any]) -> tuple[dict[str, dict], list]:
    """Per workflow id: `completed`, `on_time`, `paused_seconds`, `definition_pk` (one of its
    cases'), `distribution` {working days: cases}, `median_days` and `p90_days`; and the
    completions by UTC hour, (workflow id, hour, cases, on time). One statement, one pass
    over the period's stops: groups by workflow, working days and hour, each carrying its
    workflow's quantiles."""
    figures: dict[str, dict[str, Any]] = {}
    hours: dict[tuple[str, str], list[int]] = {}
    for g in conn.execute(_figures(where, _bucket(conn, cases.c.clock_stopped_at, 13))):
        f = figures.setdefault(g.wf, {"completed": 0, "on_time": 0, "paused_seconds": 0,
                                      "definition_pk": g.pk, "distribution": {}})  # fmt: skip
        f["completed"] += g.c
        f["on_time"] += g.on_time
        f["paused_seconds"] += g.paused or 0
        f["definition_pk"] = min(f["definition_pk"], g.pk)
        if g.v is not None:
            f["distribution"][str(g.v)] = f["distribution"].get(str(g.v), 0) + g.c
        f.update(_read_quantiles(g))
        hour = hours.setdefault((g.wf, g.hour), [0, 0])
        hour[0] += g.c
        hour[1] += g.on_time
    for f in figures.values():
        f["distribution"] = dict(sorted(f["distribution"].items(), key=lambda kv: int(kv[0])))
    return figures, [(wf, hour, n, kept) for (wf, hour), (n, kept) in sorted(hours.items())]


def _figures(where: list[Any], hour: Any) -> Any:
    groups = (
        select(
            cases.c.workflow_id.label("wf"),
            cases.c.service_days.label("v"),
            hour.label("hour"),
            func.count().label("c"),
            func.sum(on_time()).label("on_time"),
            func.sum(cases.c.clock_paused_seconds).label("paused"),
            func.min(cases.c.definition_pk).label("pk"),
        )
        .where(*where)
        .group_by(cases.c.workflow_id, cases.c.service_days, hour)
        .subquery()
    )
    # running totals over the measured cases by working days (a case without a started
    # clock weighs 0; the rows of one value, one per hour, are peers of the ordered sum);
    # whole numbers (PostgreSQL's sum of counts is numeric), so that / divides as integers
    weight = case((groups.c.v.is_not(None), groups.c.c), else_=0)
    upto = cast(func.sum(weight).over(partition_by=groups.c.wf, order_by=groups.c.v),
                BigInteger)  # fmt: skip
    same = cast(func.sum(weight).over(partition_by=[groups.c.wf, groups.c.v]), BigInteger)
    n = cast(func.sum(weight).over(partition_by=groups.c.wf), BigInteger)
    ranks = select(groups, (upto - same).label("first"), upto.label("after"),
                   n.label("n")).subquery()  # fmt: skip
    kept = ("wf", "v", "hour", "c", "on_time", "paused", "pk", "n")
    columns: list[Any] = [ranks.c[name] for name in kept]
    for name, q in _QUANTILES.items():
        position = literal(q, Integer) * (ranks.c.n - 1)
        j = position // 100  # integer division on both databases

        def at(rank: Any) -> Any:
            inside = and_(ranks.c.first <= rank, rank < ranks.c.after)
            return func.max(case((inside, ranks.c.v))).over(partition_by=ranks.c.wf)

        columns += [at(j).label(f"lo_{name}"), at(j + 1).label(f"hi_{name}"),
                    (position % 100).label(f"delta_{name}")]  # fmt: skip
    return select(*columns)


def _read_quantiles(row: Any) -> dict[str, Any]:
    """The quantiles from the database's v[j], v[j+1] and remainder, as `statistics` gives
    them: the median a whole number when it is one value, else a float; P90 a float."""
    values = row._mapping
    if not values["n"]:
        return {name: None for name in _QUANTILES}
    found: dict[str, Any] = {}
    for name in _QUANTILES:
        lo, hi = int(values[f"lo_{name}"]), values[f"hi_{name}"]
        delta = int(values[f"delta_{name}"])
        value = (lo * (100 - delta) + int(hi or 0) * delta) / 100
        found[name] = int(lo) if name == "median_days" and delta == 0 else value
    return found


def _bucket(conn: Connection, column: Any, length: int) -> Any:
    """`column` (UTC) as text to the hour (13) or day (10): 'YYYY-MM-DD HH'."""
    if conn.dialect.name == "postgresql":
        pattern = "YYYY-MM-DD HH24" if length == 13 else "YYYY-MM-DD"
        return func.to_char(func.timezone("UTC", column), pattern)
    return func.substr(column, 1, length)  # SQLite keeps UTC text, 'YYYY-MM-DD HH:MM:SS…'


def by_hour(conn: Connection, column: Any, where: list[Any]) -> list[Any]:
    """(workflow id, UTC hour 'YYYY-MM-DD HH', cases) of the cases matching `where`:
    whole-hour time zones place each hour in one local month."""
    hour = _bucket(conn, column, 13).label("hour")
    query = select(cases.c.workflow_id, hour, func.count().label("n")).where(*where)
    return list(conn.execute(query.group_by(cases.c.workflow_id, hour)))


def by_day(conn: Connection, column: Any, where: list[Any]) -> list[Any]:
    """(UTC day 'YYYY-MM-DD', cases) of the cases matching `where`."""
    day = _bucket(conn, column, 10).label("day")
    return list(conn.execute(select(day, func.count().label("n")).where(*where).group_by(day)))
