"""Performance benchmarks of the case engine and its storage.

Run from the repository root:

    python benchmarks/bench_engine.py            # full sizes (about 2-3 minutes)
    python benchmarks/bench_engine.py --quick    # small sizes, a smoke run in seconds

Three benchmarks, each printed beside its target (see docs/benchmarks.md):

1. durable transitions per second through `app.cases.advance_case` on SQLite
   (WAL, synchronous=FULL, as `storage.db.connect` sets it up), against a raw
   `sqlite3` loop doing one UPDATE of the case row plus one INSERT of an audit
   event per transaction, on the same schema in a separate file;
2. the same on PostgreSQL with 4 worker processes, against a raw psycopg loop
   with 4 processes;
3. listing the overdue cases of one unit among 1,000,000 open cases in SQLite
   with `storage.repository.find_cases(..., due_before=now)`.

Not part of the test suite: it is a script, nothing here is collected by pytest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import queue
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy import event, insert  # noqa: E402

from app.cases import Applicant, advance_case, open_case  # noqa: E402
from app.definitions import shipped_by_id, store_for_new_case  # noqa: E402
from app.staff import load_staff_file  # noqa: E402
from storage import repository  # noqa: E402
from storage.db import connect  # noqa: E402
from storage.schema import cases  # noqa: E402

WORKFLOW = "pekalongan-pbj-penerbitan-pembayaran"
VARIANT = "barang"
INSTITUTION, UNIT = "pekalongan", "PBJ"
PETUGAS, VERIFIKATOR = "197001012000011001", "197001012000011002"
# The send-back loop: verifikasi -> dikembalikan_untuk_dilengkapi -> verifikasi -> ...
# (trigger, NIP, note): a send-back needs its reason (the raw loops below write none).
LOOP = [
    ("kembalikan_tidak_lengkap", VERIFIKATOR, "Berkas belum lengkap"),
    ("serahkan_kembali", PETUGAS, None),
]
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
WORKERS = 4
ROUNDS = 4  # benchmarks 1 and 2 alternate the engine and its baselines this many times

STAFF_YAML = f"""\
staff:
  - nip: "{PETUGAS}"
    name: Petugas Bench
    institution: {INSTITUTION}
    unit: {UNIT}
    roles: [petugas]
  - nip: "{VERIFIKATOR}"
    name: Verifikator Bench
    institution: {INSTITUTION}
    unit: {UNIT}
    roles: [verifikator]
"""


@dataclass
class Sizes:
    sqlite_cases: int = 50
    sqlite_transitions: int = 2000
    history_steps: int = 1000
    pg_cases_per_worker: int = 25
    pg_transitions_per_worker: int = 1000
    big_cases: int = 1_000_000
    repeats: int = 5


QUICK = Sizes(
    sqlite_cases=10,
    sqlite_transitions=100,
    history_steps=100,
    pg_cases_per_worker=5,
    pg_transitions_per_worker=40,
    big_cases=20_000,
    repeats=3,
)


@dataclass
class Row:
    benchmark: str
    target: str
    measured: str
    verdict: str
    notes: list[str] = field(default_factory=list)


def say(message: str) -> None:
    print(message, flush=True)


def utcnow() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- setup


def prepare(engine: sa.Engine, folder: Path, count: int) -> list[str]:
    """Load the two staff members and open `count` cases, each already in verifikasi."""
    staff_file = folder / "staff.yaml"
    if not staff_file.exists():  # the first call fills the (empty) directory
        staff_file.write_text(STAFF_YAML, encoding="utf-8")
        load_staff_file(engine, staff_file)
    refs = []
    for i in range(count):
        ref = open_case(engine, WORKFLOW, Applicant(f"PD {i}"), PETUGAS, utcnow(), variant=VARIANT)
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, utcnow())
        refs.append(ref)
    return refs


def drive_engine(
    engine: sa.Engine, refs: list[str], transitions: int, phase: dict[str, int]
) -> tuple[int, float]:
    """Fire `transitions` loop steps round-robin over `refs`; returns (count, seconds).

    `phase` holds where each case is in the loop (0: in verifikasi) across calls."""
    started = time.perf_counter()
    for i in range(transitions):
        ref = refs[i % len(refs)]
        trigger, nip, note = LOOP[phase[ref]]
        advance_case(engine, ref, trigger, nip, utcnow(), note=note)
        phase[ref] ^= 1
    return transitions, time.perf_counter() - started


# The raw loop writes what advance_case writes for one step of the loop: the
# case row's state, role, outcome, step due, updated_at and clock columns with
# the version counter bumped under the optimistic check, and the audit event.
# Newer schemas also keep the staff role acting next (migration 0002, `acting_role`).
HAS_ACTING = "acting_role" in cases.c
HAS_LAST = "last_seq" in cases.c  # migration 0003: the newest event's sequence and time
# Migration 0004: the event's kind and chain hash (computed with SHA-256 over its
# parameters, as the engine hashes its canonical content), the case's newest hash; the
# copied schema carries the append-only triggers, which fire on every write.
HAS_HASH = "last_hash" in cases.c
RAW_UPDATE = (
    "UPDATE cases SET state=?, role=?, outcome=NULL, step_due_at=NULL, updated_at=?,"
    " clock_started_at=?, clock_due_at=?, clock_paused_at=?, clock_stopped_at=NULL,"
    " clock_paused_seconds=0, rev=?"
    + (", acting_role=?" if HAS_ACTING else "")
    + (", last_seq=?, last_event_at=?" if HAS_LAST else "")
    + (", last_hash=?" if HAS_HASH else "")
    + " WHERE id=? AND rev=?"
)
RAW_EVENT = (
    "INSERT INTO events (case_id, seq, workflow_id, workflow_version, from_state, to_state,"
    " trigger, actor_nip, actor_name, role, note, effective_at, recorded_at"
    + (", kind, hash" if HAS_HASH else "")
    + ") VALUES (?,?,?,?,?,?,?,?,?,?,NULL,?,?"
    + (",'langkah',?" if HAS_HASH else "")
    + ")"
)


def _raw_hash(params: tuple[Any, ...], previous: str) -> tuple[str, ...]:
    if not HAS_HASH:
        return ()
    text = json.dumps([*map(str, params), previous], separators=(",", ":"))
    return (hashlib.sha256(text.encode()).hexdigest(),)


RAW_STEPS = [
    # (from, to, trigger, role of the next step, staff role acting for it,
    #  role recorded in the event, nip, name)
    (
        "verifikasi",
        "dikembalikan_untuk_dilengkapi",
        "kembalikan_tidak_lengkap",
        "pemohon",
        "petugas",
        "verifikator",
        VERIFIKATOR,
        "Verifikator Bench",
    ),
    (
        "dikembalikan_untuk_dilengkapi",
        "verifikasi",
        "serahkan_kembali",
        "verifikator",
        "verifikator",
        "pemohon/petugas",
        PETUGAS,
        "Petugas Bench",
    ),
]


def _raw_update_params(
    step: int,
    stamp: Any,
    due: Any,
    paused: Any,
    rev: int,
    case_id: int,
    digest: tuple[str, ...] = (),
) -> tuple[Any, ...]:
    _, dest, _, next_role, next_acting, *_ = RAW_STEPS[step]
    acting = (next_acting,) if HAS_ACTING else ()
    last = (rev + 1, stamp) if HAS_LAST else ()
    return (
        dest, next_role, stamp, stamp, due, paused, rev + 1, *acting, *last, *digest, case_id, rev
    )  # fmt: skip


def _raw_event_params(step: int, stamp: Any, rev: int, case_id: int) -> tuple[Any, ...]:
    source, dest, trigger, _, _, role, nip, name = RAW_STEPS[step]
    return (case_id, rev + 1, WORKFLOW, 1, source, dest, trigger, nip, name, role, stamp, stamp)


def _stamp(value: datetime, sqlite: bool) -> Any:
    # What UtcDateTime binds: a naive UTC string on SQLite, an aware datetime on PostgreSQL.
    return value.replace(tzinfo=None).isoformat(sep=" ") if sqlite else value


class RawSqlite:
    """The baseline loop on its own connection; keeps each case's rev and loop phase."""

    def __init__(self, path: Path, case_ids: list[int]) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=60)
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.case_ids = case_ids
        self.revs = dict.fromkeys(case_ids, 2)
        self.phase = dict.fromkeys(case_ids, 0)
        self.hashes: dict[int, str] = {}
        self.done = 0
        self.due = _stamp(utcnow() + timedelta(days=6), True)

    def drive(self, transitions: int) -> tuple[int, float]:
        conn, revs, phase, ids = self.conn, self.revs, self.phase, self.case_ids
        started = time.perf_counter()
        for i in range(self.done, self.done + transitions):
            cid = ids[i % len(ids)]
            step, stamp, rev = phase[cid], _stamp(utcnow(), True), revs[cid]
            paused = stamp if step == 0 else None
            conn.execute("BEGIN IMMEDIATE")
            event = _raw_event_params(step, stamp, rev, cid)
            digest = _raw_hash(event, self.hashes.get(cid, ""))
            params = _raw_update_params(step, stamp, self.due, paused, rev, cid, digest)
            assert conn.execute(RAW_UPDATE, params).rowcount == 1
            conn.execute(RAW_EVENT, event + digest)
            conn.execute("COMMIT")
            if digest:
                self.hashes[cid] = digest[0]
            revs[cid] = rev + 1
            phase[cid] ^= 1
        self.done += transitions
        return transitions, time.perf_counter() - started

    def close(self) -> None:
        self.conn.close()


def copy_schema_with_cases(source: Path, target: Path, count: int) -> list[int]:
    """A new SQLite file with the same tables and indexes as `source` (DDL copied from
    sqlite_master) and `count` of its cases copied over, for the raw baseline."""
    src = sqlite3.connect(source)
    ddl = [
        sql
        for (sql,) in src.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END"
        )
    ]
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    for sql in ddl:
        dst.execute(sql)
    for table in ("definitions", "staff"):
        rows = src.execute(f"SELECT * FROM {table}").fetchall()
        marks = ",".join("?" * len(rows[0]))
        dst.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    rows = src.execute("SELECT * FROM cases ORDER BY id LIMIT ?", (count,)).fetchall()
    marks = ",".join("?" * len(rows[0]))
    dst.executemany(f"INSERT INTO cases VALUES ({marks})", rows)
    # Start the rev counter and events where the engine's copies are (rev 2, two events).
    dst.execute("UPDATE cases SET rev = 2")
    src.close()
    dst.close()
    return [r[0] for r in rows]


# ------------------------------------------------------------------ 1. SQLite rate


def bench_sqlite(sizes: Sizes, folder: Path) -> list[Row]:
    say(f"[1] SQLite: {sizes.sqlite_transitions} transitions over {sizes.sqlite_cases} cases")
    db = folder / "engine.db"
    engine = connect(f"sqlite:///{db}")
    refs = prepare(engine, folder, sizes.sqlite_cases)
    phase = dict.fromkeys(refs, 0)
    drive_engine(engine, refs, 2 * len(refs), phase)  # warm caches: definition, machine, calendar
    raw_db = folder / "raw.db"
    raw = RawSqlite(raw_db, copy_schema_with_cases(db, raw_db, sizes.sqlite_cases))
    raw.drive(2 * len(refs))
    # Engine and baseline alternate in rounds, so that a change of load on the
    # machine during the run weighs on both sides alike.
    per_round = sizes.sqlite_transitions // ROUNDS
    engine_time = raw_time = 0.0
    for _ in range(ROUNDS):
        engine_time += drive_engine(engine, refs, per_round, phase)[1]
        raw_time += raw.drive(per_round)[1]
    raw.close()
    n = per_round * ROUNDS
    engine_rate, raw_rate = n / engine_time, n / raw_time
    say(f"    engine: {n} in {engine_time:.2f} s = {engine_rate:,.0f}/s")
    say(f"    raw sqlite3: {n} in {raw_time:.2f} s = {raw_rate:,.0f}/s")

    # The same loop on one case only: does a step cost more as the history grows?
    (single,) = prepare(engine, folder, 1)
    one_phase = {single: 0}
    block, blocks = sizes.history_steps // 5, []
    for _ in range(5):
        n, seconds = drive_engine(engine, [single], block, one_phase)
        blocks.append(n / seconds)
    say(
        f"    one case, {sizes.history_steps} steps in blocks of {block}: "
        + ", ".join(f"{rate:,.0f}/s" for rate in blocks)
    )
    engine.dispose()
    ratio = engine_rate / raw_rate
    return [
        Row("SQLite advance_case, transitions/s", "-", f"{engine_rate:,.0f}/s", "-"),
        Row("SQLite raw sqlite3 UPDATE+INSERT, transitions/s", "-", f"{raw_rate:,.0f}/s", "-"),
        Row(
            "SQLite engine/raw ratio",
            ">= 0.5",
            f"{ratio:.2f}",
            "met" if ratio >= 0.5 else "MISSED",
        ),
        Row(
            f"SQLite one case, first/last {block} of {sizes.history_steps} steps",
            "-",
            f"{blocks[0]:,.0f}/s -> {blocks[-1]:,.0f}/s",
            "-",
        ),
    ]


# -------------------------------------------------------------- 2. PostgreSQL rate


def _pg_engine_worker(url: str, refs: list[str], transitions: int, barrier: Any, out: Any) -> None:
    engine = connect(url)
    phase = dict.fromkeys(refs, 0)
    drive_engine(engine, refs[:1], 2, phase)  # warm caches and the pool; back in verifikasi
    barrier.wait()
    start = time.time()
    n, _ = drive_engine(engine, refs, transitions, phase)
    out.put((n, start, time.time()))
    engine.dispose()


def _pg_raw_worker(
    dsn: str, case_ids: list[int], revs: dict[int, int], transitions: int, barrier: Any, out: Any
) -> None:
    import psycopg

    conn = psycopg.connect(dsn)
    update = RAW_UPDATE.replace("?", "%s")
    insert_event = RAW_EVENT.replace("?", "%s")
    phase = {cid: revs[cid] % 2 for cid in case_ids}  # rev 2 = in verifikasi
    hashes: dict[int, str] = {}
    due = utcnow() + timedelta(days=6)
    barrier.wait()
    start = time.time()
    for i in range(transitions):
        cid = case_ids[i % len(case_ids)]
        step, now, rev = phase[cid], utcnow(), revs[cid]
        paused = now if step == 0 else None
        event = _raw_event_params(step, now, rev, cid)
        digest = _raw_hash(event, hashes.get(cid, ""))
        with conn.cursor() as cur:
            cur.execute(update, _raw_update_params(step, now, due, paused, rev, cid, digest))
            assert cur.rowcount == 1
            cur.execute(insert_event, event + digest)
        conn.commit()
        hashes[cid] = digest[0] if digest else ""
        revs[cid] = rev + 1
        phase[cid] ^= 1
    out.put((transitions, start, time.time()))
    conn.close()


# The engine's own protocol on PostgreSQL, without the engine: in autocommit, one
# SELECT of the case joined with the acting staff row, then one statement that
# updates the case under its version check and inserts the event only if it did.
PROTOCOL_LOAD = (
    "SELECT cases.id, cases.ref, cases.definition_pk, cases.state, cases.variant, cases.rev,"
    " cases.last_seq, cases.last_event_at, cases.clock_started_at, cases.clock_due_at,"
    " cases.clock_paused_at, cases.clock_stopped_at, cases.clock_paused_seconds,"
    + (" cases.last_hash," if HAS_HASH else "")
    + " staff.nip, staff.name, staff.institution, staff.unit_code, staff.roles"
    + (", staff.active, prior.to_state" if HAS_HASH else "")
    + " FROM cases LEFT OUTER JOIN staff ON staff.nip = %s"
    + (" LEFT OUTER JOIN events AS prior ON prior.request_id = NULL" if HAS_HASH else "")
    + " WHERE cases.ref = %s"
)
PROTOCOL_WRITE = (
    "WITH moved AS ("
    + RAW_UPDATE.replace("?", "%s")
    + " RETURNING id) INSERT INTO events (case_id, seq, workflow_id, workflow_version,"
    " from_state, to_state, trigger, actor_nip, actor_name, role, note, effective_at,"
    " recorded_at" + (", kind, hash" if HAS_HASH else "") + ") SELECT moved.id, %s, %s, %s, %s,"
    " %s, %s, %s, %s, %s, NULL, %s, %s" + (", 'langkah', %s" if HAS_HASH else "") + " FROM moved"
)


def _pg_protocol_worker(
    dsn: str, refs: dict[str, int], transitions: int, barrier: Any, out: Any
) -> None:
    import psycopg

    conn = psycopg.connect(dsn, autocommit=True)
    order = list(refs)
    phase = dict.fromkeys(order, 0)
    hashes: dict[str, str] = {}
    due = utcnow() + timedelta(days=6)
    barrier.wait()
    start = time.time()
    for i in range(transitions):
        ref = order[i % len(order)]
        step, now = phase[ref], utcnow()
        nip = RAW_STEPS[step][6]
        with conn.cursor() as cur:
            case_id, _, _, _, _, rev, *_ = cur.execute(PROTOCOL_LOAD, (nip, ref)).fetchone()
            paused = now if step == 0 else None
            event = _raw_event_params(step, now, rev, case_id)
            digest = _raw_hash(event, hashes.get(ref, ""))
            params = _raw_update_params(step, now, due, paused, rev, case_id, digest)
            cur.execute(PROTOCOL_WRITE, params + event[1:] + digest)
            hashes[ref] = digest[0] if digest else ""
            assert cur.rowcount == 1
        phase[ref] ^= 1
    out.put((transitions, start, time.time()))
    conn.close()


def _run_workers(target: Callable[..., None], args: list[tuple[Any, ...]]) -> tuple[int, float]:
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(len(args)), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, barrier, out)) for a in args]
    for p in procs:
        p.start()
    results: list[tuple[int, float, float]] = []
    while len(results) < len(procs):
        try:
            results.append(out.get(timeout=1))
        except queue.Empty:
            if any(p.exitcode for p in procs):
                for p in procs:
                    p.kill()
                raise RuntimeError("a worker process failed (see its traceback above)") from None
    for p in procs:
        p.join()
        if p.exitcode:
            raise RuntimeError(f"worker failed with exit code {p.exitcode}")
    total = sum(r[0] for r in results)
    seconds = max(r[2] for r in results) - min(r[1] for r in results)
    return total, seconds


def _add(total: list[Any], result: tuple[int, float]) -> None:
    total[0] += result[0]
    total[1] += result[1]


def bench_postgres(sizes: Sizes, folder: Path, admin_url: str) -> list[Row]:
    per, steps = sizes.pg_cases_per_worker, sizes.pg_transitions_per_worker
    say(f"[2] PostgreSQL: {WORKERS} processes x {steps} transitions over {per} cases each")
    name = f"alur_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        reason = str(exc.orig).strip().splitlines()[0]
        say(f"    skipped: no PostgreSQL ({reason})")
        return [Row("PostgreSQL 4 processes, transitions/s", ">= 2,000/s", "not run", reason)]
    url = sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        engine = connect(url)
        refs = prepare(engine, folder, 3 * WORKERS * per)  # engine, raw, engine's protocol
        with engine.connect() as conn:
            ids = dict(conn.execute(sa.select(cases.c.ref, cases.c.id)).all())
        engine.dispose()
        engine_refs, raw_refs, protocol_refs = (
            refs[k * WORKERS * per : (k + 1) * WORKERS * per] for k in range(3)
        )

        # Each round every worker takes `per_round` steps, an even number per case, so
        # that every case is back in verifikasi when the next round starts.
        per_round = steps // ROUNDS
        assert per_round % (2 * per) == 0, "steps per round must be even per case"
        dsn = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        totals = {"engine": [0, 0.0], "raw": [0, 0.0], "protocol": [0, 0.0]}
        for r in range(ROUNDS):
            jobs: list[tuple[Any, ...]] = [
                (url, engine_refs[w::WORKERS], per_round) for w in range(WORKERS)
            ]
            _add(totals["engine"], _run_workers(_pg_engine_worker, jobs))
            rev = 2 + r * per_round // per
            jobs = []
            for w in range(WORKERS):
                mine = [ids[ref] for ref in raw_refs[w::WORKERS]]
                jobs.append((dsn, mine, dict.fromkeys(mine, rev), per_round))
            _add(totals["raw"], _run_workers(_pg_raw_worker, jobs))
            jobs = []
            for w in range(WORKERS):
                jobs.append((dsn, {ref: ids[ref] for ref in protocol_refs[w::WORKERS]}, per_round))
            _add(totals["protocol"], _run_workers(_pg_protocol_worker, jobs))
        engine_rate, raw_rate, protocol_rate = (n / t for n, t in totals.values())
        say(f"    engine: {engine_rate:,.0f}/s")
        say(f"    raw psycopg: {raw_rate:,.0f}/s")
        say(f"    raw psycopg, the engine's protocol: {protocol_rate:,.0f}/s")
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    ratio = engine_rate / raw_rate
    return [
        Row(
            "PostgreSQL 4 processes advance_case, transitions/s",
            ">= 2,000/s",
            f"{engine_rate:,.0f}/s",
            "met" if engine_rate >= 2000 else "MISSED",
        ),
        Row("PostgreSQL 4 processes raw psycopg, transitions/s", "-", f"{raw_rate:,.0f}/s", "-"),
        Row("PostgreSQL engine/raw ratio", "-", f"{ratio:.2f}", "-"),
        Row(
            "PostgreSQL 4 processes raw, engine's protocol (SELECT + CTE write, autocommit)",
            "-",
            f"{protocol_rate:,.0f}/s",
            "-",
        ),
        Row(
            "PostgreSQL engine/engine's-protocol ratio",
            "-",
            f"{engine_rate / protocol_rate:.2f}",
            "-",
        ),
    ]


# ------------------------------------------------------------ 3. overdue listing


UNITS = [
    ("pekalongan", "PBJ"),
    ("pekalongan", "PEREK"),
    ("pekalongan", "ORG"),
    ("pekalongan", "PEM"),
    ("ppu", "PEM"),
    ("ppu", "ORG"),
    ("pasuruan", "PEM"),
    ("pasuruan", "KESRA"),
]


def fill_cases(engine: sa.Engine, count: int, now: datetime, chunk: int = 20_000) -> None:
    """`count` open cases over 8 units; deadlines in now-60d..now+60d, about 10% overdue."""
    rng = random.Random(20261122)
    with engine.begin() as conn:
        definition_pk = store_for_new_case(conn, shipped_by_id(WORKFLOW), now)
    day = 86_400
    for base in range(0, count, chunk):
        rows = []
        for i in range(base, min(base + chunk, count)):
            institution, unit = UNITS[i % len(UNITS)]
            if rng.random() < 0.10:
                due = now - timedelta(seconds=rng.randrange(1, 60 * day))
            else:
                due = now + timedelta(seconds=rng.randrange(1, 60 * day))
            received = due - timedelta(days=6)
            rows.append(
                {
                    "ref": f"B-{unit}-{i:07d}",
                    "definition_pk": definition_pk,
                    "workflow_id": WORKFLOW,
                    "institution": institution,
                    "unit_code": unit,
                    "state": "verifikasi",
                    "role": "verifikator",
                    "outcome": None,
                    "variant": VARIANT,
                    "applicant_name": f"PD {i}",
                    "applicant_org": None,
                    "applicant_contact": None,
                    "received_at": received,
                    "rev": 2,
                    "clock_started_at": received,
                    "clock_due_at": due,
                    "clock_paused_at": None,
                    "clock_stopped_at": None,
                    "clock_paused_seconds": 0,
                    "step_due_at": None,
                    "updated_at": received,
                }
            )
            if HAS_ACTING:
                rows[-1]["acting_role"] = "verifikator"
        with engine.begin() as conn:
            conn.execute(insert(cases), rows)


def bench_overdue(sizes: Sizes, folder: Path) -> list[Row]:
    say(f"[3] SQLite: overdue cases of one unit among {sizes.big_cases:,} open cases")
    db = folder / "big.db"
    engine = connect(f"sqlite:///{db}")
    now = utcnow()
    started = time.perf_counter()
    fill_cases(engine, sizes.big_cases, now)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    say(f"    generated in {time.perf_counter() - started:.1f} s")

    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM cases" in statement:
            captured.append((statement, params))

    institution, unit = UNITS[0]
    times, count = [], 0
    event.listen(engine, "before_cursor_execute", capture)
    for _ in range(sizes.repeats):
        with engine.connect() as conn:
            t0 = time.perf_counter()
            found = repository.find_cases(
                conn, institution=institution, unit_code=unit, due_before=now
            )
            times.append(time.perf_counter() - t0)
            count = len(found)
    event.remove(engine, "before_cursor_execute", capture)
    best = min(times)
    say(f"    find_cases: {count:,} rows, best of {len(times)} {best * 1000:.0f} ms")

    statement, params = captured[-1]
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        plan = [r[3] for r in cur.execute(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()]
        sql_times = []
        for _ in range(sizes.repeats):
            t0 = time.perf_counter()
            cur.execute(statement, params).fetchall()
            sql_times.append(time.perf_counter() - t0)
        cur.close()
    finally:
        raw.close()
    engine.dispose()
    sql_best = min(sql_times)
    say(f"    same SQL through sqlite3 alone: best {sql_best * 1000:.0f} ms")
    for line in plan:
        say(f"    plan: {line}")
    verdict = "met" if best < 0.5 else "MISSED"
    return [
        Row(
            f"SQLite find_cases overdue of one unit, {sizes.big_cases:,} open cases",
            "< 0.5 s",
            f"{best:.3f} s ({count:,} rows)",
            verdict,
            [f"plan: {line}" for line in plan],
        ),
        Row("  same SQL, sqlite3 cursor only (no SQLAlchemy rows)", "-", f"{sql_best:.3f} s", "-"),
    ]


# ------------------------------------------------------------------------ main


def print_table(rows: list[Row]) -> None:
    headers = ("benchmark", "target", "measured", "verdict")
    cells = [headers] + [(r.benchmark, r.target, r.measured, r.verdict) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    line = "  ".join("-" * w for w in widths)
    say("")
    say("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    say(line)
    for r in rows:
        values = (r.benchmark, r.target, r.measured, r.verdict)
        say("  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)))
        for note in r.notes:
            say(f"    {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("ALUR_BENCH_POSTGRES_URL", DEFAULT_PG),
        help="server URL; a throw-away database is made there, then dropped (%(default)s)",
    )
    parser.add_argument("--no-postgres", action="store_true", help="skip benchmark 2")
    parser.add_argument("--only", choices=["sqlite", "postgres", "overdue"], action="append")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else Sizes()
    chosen = set(args.only or ["sqlite", "postgres", "overdue"])
    if args.no_postgres:
        chosen.discard("postgres")

    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="alur-bench-") as tmp:
        folder = Path(tmp)
        if "sqlite" in chosen:
            (folder / "sqlite").mkdir()
            rows += bench_sqlite(sizes, folder / "sqlite")
        if "postgres" in chosen:
            (folder / "pg").mkdir()
            rows += bench_postgres(sizes, folder / "pg", args.postgres)
        if "overdue" in chosen:
            (folder / "big").mkdir()
            rows += bench_overdue(sizes, folder / "big")
    print_table(rows)
    say(
        f"\ntotal {time.perf_counter() - started:.0f} s, {os.cpu_count()} CPUs, "
        f"SQLite {sqlite3.sqlite_version}, {'quick' if args.quick else 'full'} sizes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
