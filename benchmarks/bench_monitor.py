"""Performance benchmarks of SLA monitoring (issue 11).

Run from the repository root:

    python benchmarks/bench_monitor.py                 # 10k and 100k open, 100k alerts, SMTP
    python benchmarks/bench_monitor.py --open 1000000  # add the 1,000,000 open cases run
    python benchmarks/bench_monitor.py --quick         # small sizes, a smoke run in seconds

Three benchmarks, each printed beside its target (see docs/benchmarks.md):

1. one sweep over N open cases of which 1,000 are due (their `next_alert_at` has passed;
   the others are scheduled later), N = 10,000 and 100,000 (and 1,000,000 with --open),
   on SQLite: the sweep's time must not grow with N;
2. 100,000 cases due at once, each raising at least one alert (late; those late for longer
   also escalated): queued in one sweep on SQLite;
3. delivery to a local SMTP server (aiosmtpd in its own process, on loopback): messages per
   second of one worker (`monitor.outbox.deliver`), each accepted by the server and recorded;
   also the worker's own CPU time per message, steadier than the rate on a busy machine.

The cases are copies of one real case of `pekalongan-pbj-penerbitan-pembayaran`, written
straight into `cases` (the sweep reads nothing else of a case). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text, update  # noqa: E402

from app.cases import Applicant, advance_case, open_case  # noqa: E402
from monitor.config import MonitorConfig  # noqa: E402
from monitor.outbox import deliver  # noqa: E402
from monitor.sweep import sweep  # noqa: E402
from storage import repository  # noqa: E402
from storage.db import connect  # noqa: E402
from storage.schema import alerts, cases, outbox  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
START = datetime(2026, 3, 11, 10, 0, tzinfo=WIB)  # due Tue 17 Mar 15.45
SWEEP_AT = datetime(2026, 3, 25, 9, 0, tzinfo=WIB)  # late, not yet escalated: one alert each
LATER = datetime(2027, 1, 1, tzinfo=UTC)
STAFF = [
    ("P1", "Siti Petugas", "PBJ", ["petugas"]),
    ("V1", "Budi Verifikator", "PBJ", ["verifikator"]),
    ("K1", "Dewi Kabag", "PBJ", ["kabag"]),
    ("A1", "Agus Asisten", "SETDA", ["asisten"]),
    ("S1", "Rina Sekda", "SETDA", ["sekda"]),
]


def _database(folder: Path, name: str):
    engine = connect(f"sqlite:///{folder / name}")
    rows = [
        {"nip": n, "name": nm, "institution": "pekalongan", "unit_code": u, "roles": r}
        for n, nm, u, r in STAFF
    ]
    with engine.begin() as conn:
        repository.upsert_staff(conn, rows)
    ref = open_case(engine, PBJ, Applicant("Dinas PU"), "P1", START, variant="barang", at=START)
    advance_case(engine, ref, "serahkan_ke_verifikator", "P1", START, at=START)
    return engine


def _copies(engine, total: int, due: int, spread: int = 250) -> None:
    """`total` open cases in all: `due` of them due now, the rest scheduled for next year;
    their deadlines spread over `spread` days."""
    with engine.begin() as conn:
        columns = [c for c in conn.execute(text("SELECT * FROM cases")).keys() if c != "id"]
        listed = ", ".join(columns)
        chosen = ", ".join("ref || '-' || n.value" if c == "ref" else c for c in columns)
        conn.execute(
            text(
                f"WITH RECURSIVE n(value) AS (SELECT 2 UNION ALL SELECT value + 1 FROM n "
                f"WHERE value < {total}) INSERT INTO cases ({listed}) SELECT {chosen} "
                "FROM cases, n"
            )
        )
        conn.execute(update(cases).values(next_alert_at=LATER))
        every = max(total // due, 1)  # the due cases spread over the table
        conn.execute(
            update(cases)
            .where((cases.c.id % every) == 0, cases.c.id <= every * due)
            .values(next_alert_at=None)
        )
        # `spread` different deadlines (the end-of-day rule makes deadlines days' closings,
        # shared by the cases started the same day): Tue 17 Mar 15.45 and the days before it
        shift = f"'-' || ((id * 2654435761) % 1000003 % {spread}) || ' days'"  # id-hashed
        conn.execute(
            text(
                f"UPDATE cases SET clock_due_at = datetime(clock_due_at, {shift}), "
                f"clock_started_at = datetime(clock_started_at, {shift})"
            )
        )


def bench_sweep(folder: Path, sizes: list[int], due: int) -> list[tuple[str, str, str]]:
    rows = []
    for total in sizes:
        engine = _database(folder, f"sweep-{total}.db")
        t0 = time.perf_counter()
        _copies(engine, total, due)
        made = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = sweep(engine, SWEEP_AT)
        took = time.perf_counter() - t0
        assert report.cases == due and len(report.alerts) >= due, report.as_dict()["cases"]
        rows.append(
            (
                f"1. sweep, {total:,} open, {due:,} due",
                "< 1 s, flat in N",
                f"{took:.3f} s ({len(report.alerts):,} alerts, {len(report.messages)} digests; "
                f"setup {made:.1f} s)",
            )
        )
        engine.dispose()
    return rows


def bench_many_alerts(folder: Path, count: int, spread: int) -> list[tuple[str, str, str]]:
    engine = _database(folder, f"alerts-{count}-{spread}.db")
    _copies(engine, count, count, spread)
    t0 = time.perf_counter()
    report = sweep(engine, SWEEP_AT)
    took = time.perf_counter() - t0
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(alerts)).scalar_one()
    engine.dispose()
    assert report.cases == count and stored >= count
    return [
        (
            f"2. {count:,} cases due at once, {spread} deadlines",
            "< 10 s",
            f"{took:.2f} s ({stored:,} alerts stored)",
        )
    ]


def _smtp_server(port: int) -> subprocess.Popen:
    """aiosmtpd in its own process (a Sink: accepts and drops every message)."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)  # waiting for a real server to listen, bounded
    server.kill()
    raise RuntimeError("the SMTP server did not start")


def bench_smtp(folder: Path, count: int) -> list[tuple[str, str, str]]:
    engine = _database(folder, "smtp.db")
    now = datetime(2026, 3, 25, 9, 0, tzinfo=WIB)
    row = {
        "recipient_nip": "V1",
        "recipient_name": "Budi Verifikator",
        "institution": "pekalongan",
        "channel": "smtp",
        "address": "budi@pekalongankota.go.id",
        "subject": "[alur] 1 permohonan perlu perhatian: terlambat",
        "body": "Yth. Budi Verifikator,\n\n" + "Satu permohonan perlu perhatian Anda.\n" * 12,
        "payload": {"items": [{"ref": "PKL-PBJ-2026-000001"}]},
        "alert_keys": ["1:terlambat:verifikasi:2026-03-25"],
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    with engine.begin() as conn:
        conn.execute(outbox.insert(), [{**row, "key": f"bench:{i}"} for i in range(count)])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = _smtp_server(port)
    config = MonitorConfig(smtp_host="127.0.0.1", smtp_port=port)
    try:
        t0, cpu0 = time.perf_counter(), time.process_time()
        sent = 0
        while sent < count:
            report = deliver(engine, now + timedelta(seconds=1), config)
            assert not report.failed, report.failed
            sent += len(report.sent)
        took, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        server.terminate()
        server.wait(timeout=10)
        engine.dispose()
    return [
        (
            f"3. SMTP delivery, {count:,} messages, 1 worker",
            ">= 200/s",
            f"{count / took:,.0f}/s (the worker's CPU: {cpu / count * 1000:.2f} ms a message)",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--open", type=int, action="append", default=[], metavar="N")
    args = parser.parse_args()
    sizes = [2_000, 5_000] if args.quick else [10_000, 100_000, *args.open]
    due = 200 if args.quick else 1_000
    many = 2_000 if args.quick else 100_000
    smtp = 200 if args.quick else 2_000
    with tempfile.TemporaryDirectory(prefix="alur-bench-") as name:
        folder = Path(name)
        rows = bench_sweep(folder, sizes, due)
        rows += bench_many_alerts(folder, many, 3)  # 3 deadlines: one alert each (late)
        rows += bench_many_alerts(folder, many, 250)  # also escalated: about 3 alerts each
        rows += bench_smtp(folder, smtp)
    width = max(len(r[0]) for r in rows)
    print(f"{'Benchmark':<{width}}  {'Target':<18}  Measured")
    for what, target, measured in rows:
        print(f"{what:<{width}}  {target:<18}  {measured}")


if __name__ == "__main__":
    main()
