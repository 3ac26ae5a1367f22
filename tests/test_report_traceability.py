"""Every figure of the compliance and breach reports, recomputed from the audit events alone.

A database is filled by the demo's simulation (four weeks from 2 March 2026, ten arrivals
a day, the Idul Fitri cuti bersama included, through the public use cases). Each case is
then replayed from its events (`app.replay`: the clock rules applied step by step, as when they were
recorded) and every figure is counted here in Python, case by case, with `statistics` for
the median and P90: the reports' SQL over the stored and derived columns must agree. The
only things read beside the events are a case's fixed identity (its definition and
variant) and the staff's names.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from itertools import groupby, pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.clockwork import case_status, step_due
from app.definitions import definition_for_case
from app.policy import backdated
from app.queries import local_iso, worklist, worklist_sections
from app.replay import case_as_of
from app.staff import SAMPLES_DIR, load_staff_files
from demo.run import START, _staff
from demo.simulation import Simulation
from reports.breaches import breaches
from reports.compliance import compliance
from sla import load_calendar
from storage.audit import KIND_CANCEL, KIND_LAPSE, KIND_STEP
from storage.db import connect
from storage.schema import cases, events, staff

WIB = ZoneInfo("Asia/Jakarta")
WEEKS = 4
END = START + timedelta(weeks=WEEKS)
PERIODS = [
    (datetime(2026, 1, 1, tzinfo=WIB), datetime(2026, 4, 1, tzinfo=WIB)),  # the quarter
    (datetime(2026, 3, 9, tzinfo=WIB), datetime(2026, 3, 19, 12, tzinfo=WIB)),  # mid-run
]
DONE = (None, "selesai", "ditolak")


class _Identity(dict):
    def _asdict(self) -> dict[str, Any]:
        return dict(self)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def simulated(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('trace') / 'alur.db'}"
    else:
        url = request.getfixturevalue("module_postgres_url")
    engine = connect(url)
    load_staff_files(engine, sorted(SAMPLES_DIR.glob("*.yaml")), None, START)
    Simulation(engine, _staff(), seed=11).run(START, WEEKS, 10)
    yield engine
    engine.dispose()


def _histories(engine) -> list[tuple[Any, Any, list[Any]]]:
    """(definition, identity, events) of every case, from the events table."""
    with engine.connect() as conn:
        who = {r.id: r for r in conn.execute(select(cases.c.id, cases.c.ref, cases.c.variant,
                                                    cases.c.definition_pk))}  # fmt: skip
        rows = conn.execute(select(events).order_by(events.c.case_id, events.c.seq)).all()
        found = []
        for case_id, evs in groupby(rows, key=lambda e: e.case_id):
            ident = who[case_id]
            d, _ = definition_for_case(conn, ident.definition_pk)
            found.append((d, ident, list(evs)))
    return found


def _as_of(d: Any, ident: Any, evs: list[Any], at: datetime) -> Any:
    blank = _Identity(
        id=ident.id, ref=ident.ref, variant=ident.variant, state=None, role=None,
        acting_role=None, outcome=None, assignee_nip=None, step_due_at=None, last_event_at=None,
        received_at=evs[0].effective_at,
    )  # fmt: skip
    found = case_as_of(d, blank, evs, at)
    return found[0] if found else None


def _working_days(d: Any, row: Any) -> int:
    calendar = load_calendar(d.sla.calendar)
    first = row.clock_started_at.astimezone(calendar.tz).date()
    return calendar.count_working_days(first, row.clock_stopped_at.astimezone(calendar.tz).date())


def _p90(days: list[int]) -> float | None:
    if len(days) < 2:
        return float(days[0]) if days else None
    return statistics.quantiles(days, n=100, method="inclusive")[89]


def _service_figures(d: Any, histories: list[tuple], start: datetime, end: datetime) -> dict:
    received = sum(start <= evs[0].effective_at < end for _, _, evs in histories)
    closings = Counter(
        e.kind
        for _, _, evs in histories
        for e in evs
        if e.kind in (KIND_CANCEL, KIND_LAPSE) and start <= e.recorded_at < end
    )
    completed, days, open_late = [], [], 0
    for _, ident, evs in histories:
        final = _as_of(d, ident, evs, datetime.max.replace(tzinfo=UTC))
        stopped = final.clock_stopped_at
        if stopped is not None and start <= stopped < end and final.outcome in DONE:
            completed.append(final)
            if final.clock_started_at is not None:
                days.append(_working_days(d, final))
        then = _as_of(d, ident, evs, end - timedelta(microseconds=1))
        running = then is not None and then.outcome is None and then.clock_stopped_at is None
        open_late += bool(running and then.clock_due_at is not None and then.clock_due_at < end)
    on_time = sum(r.clock_due_at is not None and r.clock_stopped_at <= r.clock_due_at
                  for r in completed)  # fmt: skip
    return {
        "received": received, "completed": len(completed),
        "on_time_all": on_time,
        "median_days": statistics.median(days) if days else None, "p90_days": _p90(days),
        "paused_hours": round(sum(r.clock_paused_seconds for r in completed) / 3600, 1),
        "cancelled": closings[KIND_CANCEL], "lapsed": closings[KIND_LAPSE],
        "open_breaches_at_end": open_late,
        "distribution": {str(n): c for n, c in sorted(Counter(days).items())},
    }  # fmt: skip


def _steps_kept(d: Any, histories: list[tuple], start: datetime, end: datetime) -> list[dict]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, _, evs in histories:
        steps = [e for e in evs if e.kind == KIND_STEP]
        for entered, left in pairwise(steps):
            deadline = step_due(d, entered.to_state, entered.effective_at)
            if deadline is not None and start <= left.effective_at < end:
                tally[entered.to_state][0] += 1
                tally[entered.to_state][1] += left.effective_at <= deadline
    return [{"state": s, "count": n, "kept": k} for s, (n, k) in sorted(tally.items())]


def _months(histories: list[tuple], start: datetime, end: datetime) -> list[dict]:
    months: dict[str, Counter] = defaultdict(Counter)
    for d, ident, evs in histories:
        tz = load_calendar(d.sla.calendar).tz
        if start <= evs[0].effective_at < end:
            months[evs[0].effective_at.astimezone(tz).strftime("%Y-%m")]["received"] += 1
        final = _as_of(d, ident, evs, datetime.max.replace(tzinfo=UTC))
        stopped = final.clock_stopped_at
        if stopped is not None and start <= stopped < end and final.outcome in DONE:
            month = months[stopped.astimezone(tz).strftime("%Y-%m")]
            month["completed"] += 1
            month["on_time"] += final.clock_due_at is not None and stopped <= final.clock_due_at
    return [{"month": m, **{k: c[k] for k in ("received", "completed", "on_time")}}
            for m, c in sorted(months.items())]  # fmt: skip


def _weeks(histories: list[tuple], start: datetime, end: datetime) -> list[dict]:
    weeks: Counter = Counter()
    for d, ident, evs in histories:
        final = _as_of(d, ident, evs, datetime.max.replace(tzinfo=UTC))
        due = final.clock_due_at
        if due is None or not start <= due < end or final.outcome not in DONE:
            continue
        if final.clock_stopped_at is None or final.clock_stopped_at > due:
            year, week, _ = due.astimezone(UTC).isocalendar()
            weeks[f"{year}-W{week:02d}"] += 1
    return [{"week": w, "breaches": n} for w, n in sorted(weeks.items())]


@pytest.mark.slow
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_every_compliance_figure_traces_to_the_events(simulated, start, end):
    report = compliance(simulated, start, end)
    histories = _histories(simulated)
    by_service: dict[str, list[tuple]] = defaultdict(list)
    for item in histories:
        by_service[item[0].id].append(item)
    services = report["services"] + report["without_commitment"]
    assert {s["service"] for s in services} == {
        wf for wf, h in by_service.items()
        if any(_service_figures(h[0][0], h, start, end)[k] for k in
               ("received", "completed", "cancelled", "lapsed", "open_breaches_at_end"))
    }  # fmt: skip
    assert sum(s["completed"] for s in services) > 10  # the figures are not all zero
    for s in services:
        d, history = by_service[s["service"]][0][0], by_service[s["service"]]
        expected = _service_figures(d, history, start, end)
        on_time = expected.pop("on_time_all")
        if s["commitment"]:
            assert s["on_time"] == on_time
            pct = round(100 * on_time / expected["completed"], 1) if expected["completed"] else None
            assert s["on_time_pct"] == pct
        assert {k: s[k] for k in expected} == expected, s["service"]
        assert [{k: x[k] for k in ("state", "count", "kept")} for x in s["steps"]] == _steps_kept(
            d, history, start, end
        )
    assert report["months"] == _months(histories, start, end)
    assert report["weeks"] == _weeks(histories, start, end)
    units: dict[tuple, Counter] = defaultdict(Counter)
    for s in services:
        units[(s["institution"], s["unit"])].update(
            {k: s[k] for k in ("received", "completed", "cancelled", "lapsed")}
        )
    for u in report["units"]:
        assert {k: u[k] for k in ("received", "completed", "cancelled", "lapsed")} == {
            k: units[(u["institution"], u["unit"])][k]
            for k in ("received", "completed", "cancelled", "lapsed")
        }


@pytest.mark.slow
@pytest.mark.parametrize("hours", [0, 30, 200])
def test_every_breach_figure_traces_to_the_events(simulated, hours):
    now = END - timedelta(hours=hours)
    report = breaches(simulated, now)
    late, at_risk = {}, set()
    for d, ident, evs in _histories(simulated):
        row = _as_of(d, ident, evs, datetime.max.replace(tzinfo=UTC))
        if row.outcome is not None:
            continue
        status = case_status(d, row, now)
        by_case = row.clock_stopped_at is None and status["case_status"] == "breached"
        if by_case or status["step_status"] == "breached":
            stepped = [e for e in evs if e.kind == KIND_STEP]
            late[ident.ref] = {
                "deadline": local_iso(status["deadline"], d), "detail": status["detail"],
                "late_days": status["late_days"], "late_seconds": status["late_seconds"],
                "backdated": any(backdated(e.effective_at, e.recorded_at) for e in stepped),
            }  # fmt: skip
        elif status["status"] == "at_risk" and row.clock_started_at is not None:
            if row.clock_stopped_at is None or row.step_due_at is not None:
                at_risk.add(ident.ref)
    assert late  # the figures are not all empty
    assert {i["ref"]: {k: i[k] for k in late[i["ref"]]} for i in report["late"]} == late
    assert {i["ref"] for i in report["at_risk"]} == at_risk


@pytest.mark.slow
def test_the_worklist_pages_agree_with_the_whole_list(simulated):
    """The worklist ordered by the stored instants: every person's list in the order of
    their summaries, and a page of it the same slice."""
    with simulated.connect() as conn:
        nips = [r.nip for r in conn.execute(select(staff.c.nip))]
    rank = {"breached": 0, "at_risk": 1, "on_track": 2}
    sections = ("untuk_saya", "bagian_saya", "menunggu_pemohon")
    seen = 0
    for nip in nips:
        whole = worklist(simulated, nip, END)
        seen += len(whole)
        keys = [(sections.index(i["section"]), rank.get(i["sla_status"], 3), i["deadline"] or "~")
                for i in whole]  # fmt: skip
        assert keys == sorted(keys)
        assert worklist(simulated, nip, END, limit=3, offset=2) == whole[2:5]
        parts = worklist_sections(simulated, nip, END, limit=2)  # the Tugas page's parts
        for section, part in parts.items():
            in_section = [i for i in whole if i["section"] == section]
            assert part == {"rows": in_section[:2], "count": len(in_section)}
    assert seen > 20
