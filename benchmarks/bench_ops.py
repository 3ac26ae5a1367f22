"""What one operation on a case costs, warm, in one process: open, tick, step.

Run from the repository root:

    python benchmarks/bench_ops.py               # 8 rounds of 50 cases
    python benchmarks/bench_ops.py --quick       # 2 rounds of 10 cases

On a SQLite database set up by `storage.db.connect` (WAL, synchronous=FULL,
BEGIN IMMEDIATE), each round opens a batch of cases of the payment procedure
(`app.cases.open_case`), hands each to the verifikator (`advance_case`), then
ticks every required item of each in one call (`check_requirements`), timing
each kind of operation apart. The first round is a warm-up and is not counted.
Printed per operation: the median over rounds of the wall time and of the
process's CPU time (user + system; the CPU time leaves out most of the wait for
`fsync`, so it shows the Python work alone), and each against `advance_case`.
See docs/benchmarks.md. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.cases import Applicant, advance_case, open_case  # noqa: E402
from app.checklist import check_requirements  # noqa: E402
from app.staff import load_staff_file  # noqa: E402
from storage.db import connect  # noqa: E402

WORKFLOW, VARIANT = "pekalongan-pbj-penerbitan-pembayaran", "barang"
PETUGAS, VERIFIKATOR = "197001012000011001", "197001012000011002"
ITEMS = [
    "rup",
    "hps",
    "kontrak-barang",
    "ba-pemeriksaan",
    "ba-serah-terima",
    "jaminan-garansi",
    "foto-dokumentasi",
]
STAFF_YAML = f"""\
staff:
  - {{nip: "{PETUGAS}", name: Petugas Bench, institution: pekalongan, unit: PBJ,
     roles: [petugas]}}
  - {{nip: "{VERIFIKATOR}", name: Verifikator Bench, institution: pekalongan, unit: PBJ,
     roles: [verifikator]}}
"""
OPS = ("open_case", "advance_case", "check_requirements")


def utcnow() -> datetime:
    return datetime.now(UTC)


def _timed(calls: list[Callable[[], object]]) -> tuple[float, float]:
    """(wall, CPU) seconds per call of `calls`, run in order."""
    wall, cpu = time.perf_counter(), time.process_time()
    for call in calls:
        call()
    n = len(calls)
    return (time.perf_counter() - wall) / n, (time.process_time() - cpu) / n


def one_round(engine: object, batch: int, first: int) -> dict[str, tuple[float, float]]:
    refs: list[str] = []

    def opener(i: int) -> Callable[[], object]:
        applicant = Applicant(f"PD {i}")
        return lambda: refs.append(
            open_case(engine, WORKFLOW, applicant, PETUGAS, utcnow, variant=VARIANT)  # type: ignore[arg-type]
        )

    result = {"open_case": _timed([opener(first + i) for i in range(batch)])}
    result["advance_case"] = _timed(
        [
            lambda r=r: advance_case(engine, r, "serahkan_ke_verifikator", PETUGAS, utcnow)  # type: ignore[arg-type, misc]
            for r in refs
        ]
    )
    result["check_requirements"] = _timed(
        [
            lambda r=r: check_requirements(engine, r, ITEMS, VERIFIKATOR, utcnow)  # type: ignore[arg-type, misc]
            for r in refs
        ]
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds of 10 cases")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args(argv)
    rounds, batch = (2, 10) if args.quick else (args.rounds, args.batch)
    with tempfile.TemporaryDirectory(prefix="alur-bench-ops-") as tmp:
        folder = Path(tmp)
        engine = connect(f"sqlite:///{folder / 'ops.db'}")
        (folder / "staff.yaml").write_text(STAFF_YAML, encoding="utf-8")
        load_staff_file(engine, folder / "staff.yaml")
        one_round(engine, batch, 0)  # warm-up: definitions, calendars, compiled statements
        results = [one_round(engine, batch, (r + 1) * batch) for r in range(rounds)]
        engine.dispose()
    wall = {op: statistics.median(r[op][0] for r in results) for op in OPS}
    cpu = {op: statistics.median(r[op][1] for r in results) for op in OPS}
    print(f"{rounds} rounds x {batch} cases, SQLite synchronous=FULL; medians per operation")
    print(f"{'operation':<20}{'wall ms':>9}{'x step':>8}{'CPU ms':>9}{'x step':>8}")
    for op in OPS:
        w, c = wall[op], cpu[op]
        w_x, c_x = w / wall["advance_case"], c / cpu["advance_case"]
        print(f"{op:<20}{w * 1000:>9.3f}{w_x:>8.2f}{c * 1000:>9.3f}{c_x:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
