"""Benchmarks of the supervisors' reports on large databases (not part of the test suite).

    python benchmarks/bench_reports.py [--open 10000,100000,1000000] [--late 10000]
        [--at-risk 1000] [--completed 100000,1000000] [--baseline-max 100000]
        [--postgres URL] [--backends sqlite,postgresql] [--rounds 3]

1. `reports.breaches.breaches` with N open cases of which L are late and R at risk;
2. `reports.compliance.compliance` for one quarter over C completed cases;
3. `app.queries.worklist`, one page of 50 (p95 of 20), for a verifikator holding an eighth
   of the open cases (the others wait on the Kabag);

on SQLite (a file in a temporary folder) and on PostgreSQL (a database of its own,
`alur_bench_reports`, created on the server given and dropped afterwards). Each figure is
the best of `--rounds` runs. Beside it, where the size is at most `--baseline-max`, the
code of the reports before the stored instants (`--baseline-ref`, read from git) on the
same database, run once, and the ratio.

Cases are bulk-inserted (the driver's `executemany` on SQLite, `COPY` on PostgreSQL) for
one workflow over 8 units; their clock columns and derived columns are those the use cases
would write (`app.clockwork`), computed once per distinct opening instant and reused:
a fixture, not a use case. Late cases are spread over the 25 working days before the
instant measured, at-risk cases over the day before it, the others opened that morning.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from app.clockwork import DERIVED_COLUMNS, ClockFields, apply_effect, derived_columns  # noqa: E402
from app.definitions import shipped_by_id, store_for_new_case  # noqa: E402
from app.queries import worklist  # noqa: E402
from engine.case import ClockEffect  # noqa: E402
from reports.breaches import breaches  # noqa: E402
from reports.compliance import compliance  # noqa: E402
from storage.db import connect  # noqa: E402
from storage.schema import staff  # noqa: E402

WORKFLOW, VARIANT = "pekalongan-pbj-penerbitan-pembayaran", "barang"
UNITS = ("PBJ", "ORG", "HUKUM", "UMUM", "KESRA", "PEM", "EKON", "SDA")
NOW = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)  # Wednesday 10.00 WIB
Q1 = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
VERIFIKATOR = "bench-verifikator-PBJ"
BASE = ("ref", "definition_pk", "workflow_id", "institution", "unit_code", "state", "role",
        "acting_role", "outcome", "variant", "applicant_name", "received_at", "rev",
        "updated_at", "last_seq", "last_event_at", "step_due_at")  # fmt: skip
CLOCK = tuple(ClockFields().columns())
COLUMNS = (*BASE, *CLOCK, *DERIVED_COLUMNS)


def _template(d: Any, received: datetime, stopped: datetime | None) -> tuple:
    """The clock and derived columns of a case opened at `received` (stopped at `stopped`)."""
    fields = apply_effect(d, VARIANT, ClockFields(), ClockEffect.START, received)
    if stopped is not None:
        fields = apply_effect(d, VARIANT, fields, ClockEffect.STOP, stopped)
    outcome = "selesai" if stopped else None
    derived = derived_columns(d, VARIANT, fields, None, received, outcome)
    return tuple(fields.columns().values()) + tuple(derived[c] for c in DERIVED_COLUMNS)


def _open_pools(d: Any) -> dict[str, list[tuple]]:
    """Opening instants every 10 minutes over 40 days before NOW, by their status at NOW."""
    pools: dict[str, list[tuple]] = {"late": [], "at_risk": [], "on_track": []}
    for k in range(1, 40 * 144):
        received = NOW - timedelta(minutes=10 * k)
        values = _template(d, received, None)
        at_risk_at, late_at = values[len(CLOCK)], values[len(CLOCK) + 1]
        if late_at <= NOW:
            pools["late"].append((received, values))
        elif at_risk_at <= NOW:
            pools["at_risk"].append((received, values))
        elif received >= NOW - timedelta(hours=8):
            pools["on_track"].append((received, values))
    return pools


def _completed_pool(d: Any, rng: random.Random, size: int = 5_000) -> list[tuple]:
    """Cases opened in the quarter and completed 0.5-5.5 days later (80%) or up to 9 days."""
    pool = []
    for _ in range(size):
        received = Q1[0] + timedelta(minutes=rng.randrange(125_000))
        took = timedelta(days=rng.uniform(0.5, 5.5 if rng.random() < 0.8 else 9))
        stopped = min(received + took, Q1[1] - timedelta(minutes=1))
        pool.append((received, stopped, _template(d, received, stopped)))
    return pool


def _row(i: int, pk: int, received: datetime, stopped: datetime | None, clock: tuple) -> tuple:
    unit = UNITS[i % len(UNITS)]
    state, role = ("verifikasi", "verifikator") if i % len(UNITS) == 0 else (
        "penelitian_kabag", "kabag")  # fmt: skip
    if stopped:
        state, role = "selesai", None
    base = (f"B-{unit}-{i:08d}", pk, WORKFLOW, "pekalongan", unit, state, role,
            role, "selesai" if stopped else None, VARIANT, f"PD {i}", received, 3,
            stopped or received, 3, stopped or received, None)  # fmt: skip
    return base + clock


def open_rows(d: Any, pk: int, count: int, late: int, at_risk: int) -> Iterator[tuple]:
    rng, pools = random.Random(20261130), _open_pools(d)
    for i in range(count):
        kind = "late" if i < late else "at_risk" if i < late + at_risk else "on_track"
        received, clock = rng.choice(pools[kind])
        yield _row(i, pk, received, None, clock)


def completed_rows(d: Any, pk: int, count: int) -> Iterator[tuple]:
    rng = random.Random(20261201)
    pool = _completed_pool(d, rng)
    for i in range(count):
        received, stopped, clock = rng.choice(pool)
        yield _row(i, pk, received, stopped, clock)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def bulk_insert(engine: sa.Engine, rows: Iterator[tuple], chunk: int = 50_000) -> None:
    """The rows into `cases`: COPY on PostgreSQL, the driver's executemany on SQLite."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        names = ", ".join(COLUMNS)
        if engine.dialect.name == "postgresql":
            cursor.execute("SET statement_timeout = 0")  # a fixture of a million rows
            with cursor.copy(f"COPY cases ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO cases ({names}) VALUES ({', '.join('?' * len(COLUMNS))})"
            cursor.execute("BEGIN")  # one transaction (the driver runs in autocommit mode)
            batch: list[tuple] = []
            for row in rows:
                batch.append(tuple(_sqlite_value(v) for v in row))
                if len(batch) == chunk:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


@contextmanager
def database(backend: str, postgres: str) -> Iterator[sa.Engine]:
    """A fresh, migrated database with the workflow's definition and one verifikator."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            engine = connect(f"sqlite:///{Path(folder) / 'r.db'}")
            yield from _prepared(engine)
        return
    admin = sa.create_engine(postgres, isolation_level="AUTOCOMMIT")
    name = "alur_bench_reports"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        url = sa.make_url(postgres).set(database=name)
        yield from _prepared(connect(url.render_as_string(hide_password=False)))
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _prepared(engine: sa.Engine) -> Iterator[sa.Engine]:
    try:
        with engine.begin() as conn:
            store_for_new_case(conn, shipped_by_id(WORKFLOW), NOW)
            conn.execute(sa.insert(staff).values(
                nip=VERIFIKATOR, name="Verifikator PBJ", institution="pekalongan",
                unit_code="PBJ", roles=["verifikator"], active=True))  # fmt: skip
        yield engine
    finally:
        engine.dispose()


def baseline(ref: str, module: str) -> types.ModuleType:
    """`reports.<module>` as it was at git `ref`, loaded beside today's."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:reports/{module}.py"],
                            check=True, capture_output=True, text=True).stdout  # fmt: skip
    loaded = types.ModuleType(f"baseline_{module}")
    exec(compile(source, f"{ref}:reports/{module}.py", "exec"), loaded.__dict__)
    return loaded


def _times(fn: Callable[[], Any], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return sorted(times)


def best(fn: Callable[[], Any], rounds: int) -> float:
    return _times(fn, rounds)[0]


def p95(fn: Callable[[], Any], rounds: int) -> float:
    times = _times(fn, rounds)
    return times[max(0, int(0.95 * len(times)) - 1)]


def report(label: str, seconds: float, target: float | None, old: float | None) -> None:
    verdict = "" if target is None else ("met" if seconds < target else "MISSED")
    aim = f"target < {target} s {verdict}" if target is not None else ""
    ratio = f"   before {old:8.3f} s   {old / seconds:6.1f}x" if old is not None else ""
    print(f"{label:<58} {seconds:8.3f} s   {aim:<18}{ratio}", flush=True)


def fill(engine: sa.Engine, what: str, rows: Callable[[Any, int], Iterator[tuple]]) -> None:
    """`rows(definition, its pk)` into the database, and how long that took."""
    started = time.perf_counter()
    with engine.begin() as conn:
        pk = conn.execute(sa.text("SELECT min(pk) FROM definitions")).scalar_one()
    bulk_insert(engine, rows(shipped_by_id(WORKFLOW).definition, pk))
    print(f"[{engine.dialect.name}] filled {what} in {time.perf_counter() - started:.0f} s")


def bench_open(args: argparse.Namespace, backend: str, size: int, old: Any) -> None:
    with database(backend, args.postgres) as engine:
        fill(engine, f"{size:,} open cases",
             lambda d, pk: open_rows(d, pk, size, args.late, args.at_risk))  # fmt: skip
        found = breaches(engine, NOW)
        assert len(found["late"]) == min(size, args.late), len(found["late"])
        before = None
        if old is not None and size <= args.baseline_max:
            before = best(lambda: old.breaches(engine, NOW), 1)
        target = 1.0 if backend == "sqlite" and size >= 1_000_000 else None
        report(f"[{backend}] breaches, {size:,} open, {len(found['late']):,} late, "
               f"{len(found['at_risk']):,} at risk", best(lambda: breaches(engine, NOW),
                                                          args.rounds), target, before)  # fmt: skip
        page = p95(lambda: worklist(engine, VERIFIKATOR, NOW, limit=50), 20)
        report(
            f"[{backend}] worklist page of 50, {size // len(UNITS):,} held",
            page,
            0.15 if size == 100_000 else None,
            None,
        )


def bench_completed(args: argparse.Namespace, backend: str, size: int, old: Any) -> None:
    with database(backend, args.postgres) as engine:
        fill(engine, f"{size:,} completed cases", lambda d, pk: completed_rows(d, pk, size))
        new = compliance(engine, *Q1)
        before = None
        if old is not None and size <= args.baseline_max:
            started = time.perf_counter()
            previous = old.compliance(engine, *Q1)
            before = time.perf_counter() - started
            _same(previous, new)
        target = (5.0 if backend == "sqlite" else 3.0) if size >= 1_000_000 else None
        report(f"[{backend}] compliance 2026Q1, {size:,} completed",
               best(lambda: compliance(engine, *Q1), args.rounds), target, before)  # fmt: skip


def _same(previous: dict, new: dict) -> None:
    """The figures the baseline also computes agree (it has no step commitments)."""
    for key in ("services", "units", "months", "weeks"):
        drop = {"steps"}
        assert [{k: v for k, v in x.items() if k not in drop} for x in new[key]] == previous[key]


def main() -> None:
    parser = argparse.ArgumentParser()
    sizes = lambda text: [int(n) for n in text.split(",") if n]  # noqa: E731
    parser.add_argument("--open", type=sizes, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--late", type=int, default=10_000)
    parser.add_argument("--at-risk", type=int, default=1_000)
    parser.add_argument("--completed", type=sizes, default=[100_000, 1_000_000])
    parser.add_argument("--baseline-max", type=int, default=100_000)
    parser.add_argument("--baseline-ref", default="c81e3de")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    old_breaches = baseline(args.baseline_ref, "breaches") if args.baseline_max else None
    old_compliance = baseline(args.baseline_ref, "compliance") if args.baseline_max else None
    for backend in args.backends.split(","):
        for size in args.open:
            bench_open(args, backend, size, old_breaches)
        for size in args.completed:
            bench_completed(args, backend, size, old_compliance)


if __name__ == "__main__":
    main()
