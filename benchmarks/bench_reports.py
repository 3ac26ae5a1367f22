"""Benchmarks of the supervisors' reports on large databases (not part of the test suite).

    python benchmarks/bench_reports.py [--open N] [--late N] [--completed N]

1. `reports.breaches.breaches` with N open cases of which L are late (SQLite);
2. `reports.compliance.compliance` for one quarter over C completed cases (SQLite).

Cases are bulk-inserted (as in benchmarks/bench_engine.py) over 8 units of one workflow;
the figures are printed beside the issue's targets (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from app.definitions import shipped_by_id, store_for_new_case  # noqa: E402
from reports.breaches import breaches  # noqa: E402
from reports.compliance import compliance  # noqa: E402
from storage.db import connect  # noqa: E402
from storage.schema import cases  # noqa: E402

WORKFLOW, VARIANT = "pekalongan-pbj-penerbitan-pembayaran", "barang"
UNITS = [("pekalongan", u) for u in ("PBJ", "ORG", "HUKUM", "UMUM", "KESRA", "PEM", "EKON", "SDA")]
NOW = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)


def _row(i: int, pk: int, received: datetime, due: datetime, stopped: datetime | None) -> dict:
    institution, unit = UNITS[i % len(UNITS)]
    return {
        "ref": f"B-{unit}-{i:07d}", "definition_pk": pk, "workflow_id": WORKFLOW,
        "institution": institution, "unit_code": unit,
        "state": "siap_diambil" if stopped else "verifikasi",
        "role": "pemohon" if stopped else "verifikator", "acting_role": "petugas",
        "outcome": None, "variant": VARIANT, "applicant_name": f"PD {i}",
        "received_at": received, "rev": 3, "clock_started_at": received, "clock_due_at": due,
        "clock_paused_seconds": 0, "clock_stopped_at": stopped, "updated_at": stopped or received,
        "last_seq": 3, "last_event_at": stopped or received,
    }  # fmt: skip


def fill(engine, open_count: int, late: int, completed: int, chunk: int = 20_000) -> None:
    rng = random.Random(20261130)
    with engine.begin() as conn:
        pk = store_for_new_case(conn, shipped_by_id(WORKFLOW), NOW)
    total = open_count + completed
    for base in range(0, total, chunk):
        rows = []
        for i in range(base, min(base + chunk, total)):
            if i < open_count:  # the first `late` open cases are past their deadline
                due = NOW - timedelta(hours=rng.randrange(1, 600)) if i < late else NOW + timedelta(
                    hours=rng.randrange(1, 900))  # fmt: skip
                rows.append(_row(i, pk, due - timedelta(days=6), due, None))
            else:  # completed in the first quarter of 2026, 80% on time
                received = datetime(2026, 1, 2, tzinfo=UTC) + timedelta(
                    minutes=rng.randrange(125_000)
                )
                due = received + timedelta(days=6)
                took = timedelta(days=rng.uniform(0.5, 5.5 if rng.random() < 0.8 else 9))
                rows.append(_row(i, pk, received, due, received + took))
        with engine.begin() as conn:
            conn.execute(insert(cases), rows)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def timed(label: str, target: float, fn) -> None:
    best = min(_once(fn) for _ in range(3))
    verdict = "met" if best < target else "MISSED"
    print(f"{label:<60} {best:8.3f} s   target < {target} s   {verdict}")


def _once(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=1_000_000)
    parser.add_argument("--late", type=int, default=10_000)
    parser.add_argument("--completed", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = connect(f"sqlite:///{Path(folder) / 'r.db'}")
        started = time.perf_counter()
        fill(engine, args.open, args.late, args.completed)
        print(f"filled {args.open:,} open ({args.late:,} late) and {args.completed:,} completed "
              f"cases in {time.perf_counter() - started:.0f} s")  # fmt: skip
        late = breaches(engine, NOW)["late"]
        print(f"breaches: {len(late):,} late")
        timed(f"report breaches, {args.open:,} open, {args.late:,} late", 1.0,
              lambda: breaches(engine, NOW))  # fmt: skip
        q1 = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
        timed(f"report compliance 2026Q1, {args.completed:,} completed", 5.0,
              lambda: compliance(engine, *q1))  # fmt: skip
        engine.dispose()


if __name__ == "__main__":
    main()
