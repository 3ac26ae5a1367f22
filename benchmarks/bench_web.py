"""Benchmark of the web face under load (issue 13): 20 concurrent authenticated users on
loopback against 100,000 open cases, on SQLite (one uvicorn process) and on PostgreSQL
(uvicorn --workers 4).

    python benchmarks/bench_web.py                  # 100,000 open cases, both databases
    python benchmarks/bench_web.py --quick          # 5,000 cases, a smoke run
    python benchmarks/bench_web.py --no-postgres    # SQLite only
    python benchmarks/bench_web.py --profile        # also profile one worklist in-process

Each of the 20 clients is a petugas of Bagian PBJ, Kota Pekalongan signed in to the web
app (`web.app`, served by uvicorn as `alur serve` serves it); in turn it reads its *Tugas*
page (`WORKLIST`) and advances one of its own cases one step through the case page's step
form (`ADVANCE`: `serahkan_ke_verifikator`, with the session's CSRF token and a request
id, each client on cases no other client touches, so every step should succeed).
Latencies are measured at the client (httpx, async, one connection pool per client); p50,
p95 and errors (anything but 200 for the page, 303 for the step, or a failed request) are
printed per request kind.

The baseline, measured in the same run on the same database: the same two use cases
called in-process, one at a time, without HTTP (`app.queries.worklist_sections`, what the
*Tugas* page shows, and `app.cases.advance_case`).

Seeded cases carry the clock and the derived columns the use cases would have written
(`app.clockwork.apply_effect`, `derived_columns`). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from app.accounts import demo_passwords  # noqa: E402
from app.cases import advance_case  # noqa: E402
from app.clockwork import ClockFields, apply_effect, derived_columns  # noqa: E402
from app.definitions import shipped, shipped_by_id, store_for_new_case  # noqa: E402
from app.queries import worklist, worklist_sections  # noqa: E402
from engine.case import ClockEffect, acting_role  # noqa: E402
from storage import repository  # noqa: E402
from storage.db import connect  # noqa: E402
from storage.schema import cases, events  # noqa: E402

APP_FACTORY = "web.app:create_app_from_environment"  # what `alur serve` runs
WORKLIST = "/tugas"
ADVANCE = "/permohonan/{ref}/langkah"
DATABASE_ENV = "ALUR_WEB_DATABASE_URL"
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
CLIENTS, ROUNDS = 20, 10  # each client: ROUNDS worklists and ROUNDS advances
POOL = 1_000  # PBJ cases waiting at the counter, for the advances and the baseline
POSTGRES = os.environ.get(
    "ALUR_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# --- seeding --------------------------------------------------------------------------


def _open_states(d: Any) -> list[str]:
    return [name for name, s in d.states.items() if s.outcome is None]


def _case_row(d: Any, pk: int, ref: str, state: str, now: datetime, rng: random.Random) -> dict:
    """An open case in `state`, received up to 20 days ago (some late), with the clock and
    derived columns its opening would have written."""
    received = now - timedelta(minutes=10 * rng.randrange(20 * 24 * 6))
    role = d.states[state].role
    variant = d.variants.options[0].id if d.variants else None
    return {**_clock_columns(d, variant, received), **{
        "ref": ref, "definition_pk": pk, "workflow_id": d.id, "institution": d.institution,
        "unit_code": d.unit_code, "state": state, "role": role,
        "acting_role": acting_role(d, role) if role else None, "outcome": None,
        "variant": variant, "applicant_name": f"PD {ref}", "received_at": received, "rev": 1,
        "updated_at": received, "last_seq": 1, "last_event_at": received,
        "last_hash": uuid.uuid4().hex * 2,
    }}  # fmt: skip


_CLOCKS: dict[tuple, dict] = {}


def _clock_columns(d: Any, variant: str | None, received: datetime) -> dict:
    """The clock started at `received` and the columns derived from it (cached: openings
    fall on 10-minute marks)."""
    key = (d.id, variant, received)
    if key not in _CLOCKS:
        fields = apply_effect(d, variant, ClockFields(), ClockEffect.START, received)
        derived = derived_columns(d, variant, fields, None, received, None)
        _CLOCKS[key] = {**fields.columns(), **derived}
    return _CLOCKS[key]


def _event_row(case_id: int, row: dict) -> dict:
    return {
        "case_id": case_id, "seq": 1, "kind": "langkah", "workflow_id": row["workflow_id"],
        "workflow_version": 1, "from_state": None, "to_state": row["state"],
        "trigger": "buka_permohonan", "actor_nip": "seed", "actor_name": "seed",
        "role": "petugas", "effective_at": row["received_at"],
        "recorded_at": row["received_at"], "request_id": uuid.uuid4().hex,
        "hash": row["last_hash"],
    }  # fmt: skip


def _planned(total: int, now: datetime, pks: dict[str, int]) -> list[dict]:
    """`total` open cases spread evenly over every shipped workflow and its open states;
    the first POOL are PBJ cases at the counter (`berkas_diterima`)."""
    rng = random.Random(20261130)
    items = [item.definition for item in shipped()]
    pbj = shipped_by_id(PBJ).definition
    rows = []
    for i in range(total):
        d = pbj if i < POOL else items[i % len(items)]
        state = d.initial if i < POOL else rng.choice(_open_states(d))
        ref = f"{d.institution_code}-{d.unit_code}-2026-{i:07d}"
        rows.append(_case_row(d, pks[d.id], ref, state, now, rng))
    return rows


def seed(engine: Any, total: int, now: datetime, chunk: int = 10_000) -> None:
    """Staff (the clients, and a verifikator), `total` open cases, each with its opening
    event, then ANALYZE."""
    staff_rows = [
        {"nip": f"P{n:02d}", "name": f"Petugas {n}", "institution": "pekalongan",
         "unit_code": "PBJ", "roles": ["petugas"]}
        for n in range(CLIENTS)
    ]  # fmt: skip
    with engine.begin() as conn:
        repository.upsert_staff(conn, staff_rows)
        pks = {item.definition.id: store_for_new_case(conn, item, now) for item in shipped()}
    planned = _planned(total, now, pks)
    for base in range(0, total, chunk):
        part = planned[base : base + chunk]
        with engine.begin() as conn:
            conn.execute(insert(cases), part)
            ids = dict(conn.execute(select(cases.c.ref, cases.c.id).where(
                cases.c.ref.in_([r["ref"] for r in part]))).all())  # fmt: skip
            conn.execute(insert(events), [_event_row(ids[r["ref"]], r) for r in part])
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def pools(engine: Any) -> list[list[str]]:
    """Each client's own PBJ cases at the counter."""
    at_counter = select(cases.c.ref).where(
        cases.c.workflow_id == PBJ, cases.c.state == "berkas_diterima"
    )
    with engine.connect() as conn:
        refs = conn.execute(at_counter.order_by(cases.c.id).limit(POOL)).scalars().all()
    return [list(refs[n::CLIENTS]) for n in range(CLIENTS)]


# --- load -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--factory", APP_FACTORY, "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(workers), "--log-level", "warning",
        "--no-access-log",
    ]  # fmt: skip
    env = {**os.environ, DATABASE_ENV: url, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{base}/masuk", timeout=1)
            return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("uvicorn did not start")


_CSRF = re.compile(r'name="csrf" value="([^"]*)"')


async def _signed_in(client: httpx.AsyncClient, nip: str, password: str) -> str:
    """Sign in as `nip`; the session's CSRF token."""
    form = await client.get("/masuk")
    token = _CSRF.search(form.text)
    assert token, "no sign-in form"
    data = {"csrf": token.group(1), "nip": nip, "password": password}
    signed = await client.post("/masuk", data=data)
    assert signed.status_code == 303, signed.text
    found = _CSRF.search((await client.get(WORKLIST)).text)
    assert found, "no CSRF token on the Tugas page"
    return found.group(1)


async def _client(
    base: str, nip: str, password: str, refs: list[str], found: dict[str, list], lists: bool,
    think: float,
) -> None:  # fmt: skip
    rng = random.Random(nip)  # each user's pauses, the same in every run
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        csrf = await _signed_in(client, nip, password)
        for ref in refs:
            step = {"csrf": csrf, "trigger": "serahkan_ke_verifikator",
                    "request_id": uuid.uuid4().hex}  # fmt: skip
            calls = [
                ("worklist", 200, lambda: client.get(WORKLIST)),
                ("advance", 303, lambda ref=ref, step=step: client.post(
                    ADVANCE.format(ref=ref), data=step)),
            ]  # fmt: skip
            for kind, expected, call in calls if lists else calls[1:]:
                if think:  # a person reads the page before the next click
                    await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
                started = time.perf_counter()
                try:
                    ok = (await call()).status_code == expected
                except httpx.HTTPError:
                    ok = False
                found[kind].append(time.perf_counter() - started)
                found[f"{kind}_errors"].append(not ok)


async def load(
    base: str, password: str, refs: list[list[str]], lists: bool = True, think: float = 0.0
) -> dict[str, list]:
    """Every client at once; with `lists`, a worklist before each advance."""
    found: dict[str, list] = {k: [] for k in ("worklist", "advance", "worklist_errors",
                                               "advance_errors")}  # fmt: skip
    await asyncio.gather(
        *(_client(base, f"P{n:02d}", password, r, found, lists, think) for n, r in enumerate(refs))
    )
    return found


def _ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(label: str, found: dict[str, list]) -> None:
    for kind in ("worklist", "advance"):
        times = found[kind]
        if not times:
            continue
        print(f"{label:<34} {kind:<9} n={len(times):4d}  p50 {_ms(times, 0.5):7.1f} ms  "
              f"p95 {_ms(times, 0.95):7.1f} ms  errors {sum(found[kind + '_errors'])}")  # fmt: skip


# --- baseline and profile --------------------------------------------------------------


def baseline(engine: Any, refs: list[str], count: int = 20) -> dict[str, float]:
    """The two use cases in-process, one at a time: median seconds."""
    now = datetime.now(UTC)
    lists = [_timed(lambda: worklist_sections(engine, "P00", now)) for _ in range(count)]
    steps = [
        _timed(lambda ref=ref: advance_case(engine, ref, "serahkan_ke_verifikator", "P00", now))
        for ref in refs[:count]
    ]
    return {"worklist": statistics.median(lists), "advance": statistics.median(steps)}


def _timed(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def profile_worklist(engine: Any) -> None:
    """Where one *Tugas* page's use case spends its time."""
    profiler = cProfile.Profile()
    profiler.runcall(worklist_sections, engine, "P00", datetime.now(UTC))
    pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


# --- runs -----------------------------------------------------------------------------


def run(label: str, url: str, total: int, workers: int, args: argparse.Namespace) -> None:
    engine = connect(url)
    started = time.perf_counter()
    seed(engine, total, datetime.now(UTC))
    print(f"{label}: seeded {total:,} open cases in {time.perf_counter() - started:.0f} s")
    refs = pools(engine)
    password = demo_passwords(engine, datetime.now(UTC))
    size = len(worklist(engine, "P00", datetime.now(UTC)))
    print(f"{label}: one petugas's worklist holds {size:,} cases")
    if args.profile:
        profile_worklist(engine)
    server, base = serve(url, workers)
    try:
        # 20 people at work: each reads the page for 1-3 s (`--think`) before the next click
        users = asyncio.run(load(base, password, [r[:ROUNDS] for r in refs], think=args.think))
        # the same 20 clicking without pause: a stress test of the server's throughput
        found = asyncio.run(load(base, password, [r[ROUNDS : 2 * ROUNDS] for r in refs]))
        # the same clients advancing only: what a step costs when no worklist competes
        steps = asyncio.run(load(base, password, [r[-ROUNDS:] for r in refs], lists=False))
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(f"{label}, {CLIENTS} users, {args.think:g} s reading", users)
    report(f"{label}, {CLIENTS} clients, no pause", found)
    report(f"{label}, advances only", steps)
    alone = baseline(engine, refs[0][2 * ROUNDS : -ROUNDS])
    for kind in ("worklist", "advance"):
        p50 = _ms(found[kind], 0.5) / 1000
        print(f"{label:<34} {kind:<9} in-process alone: {1000 * alone[kind]:7.1f} ms "
              f"(HTTP p50 / in-process = {p50 / alone[kind]:.1f})")  # fmt: skip
    engine.dispose()


def _postgres_database() -> tuple[str, Any]:
    name = f"alur_bench_web_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    from sqlalchemy import make_url

    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False), admin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between clicks")
    parser.add_argument("--sqlite-workers", type=int, default=1)
    args = parser.parse_args()
    total = 5_000 if args.quick else args.cases
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            label = f"SQLite, {args.sqlite_workers} process(es)"
            run(label, f"sqlite:///{Path(folder) / 'web.db'}", total, args.sqlite_workers, args)
    if args.no_postgres:
        return
    url, admin = _postgres_database()
    try:
        run("PostgreSQL, 4 workers", url, total, 4, args)
    finally:
        name = url.rsplit("/", 1)[-1]
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
