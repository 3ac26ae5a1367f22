"""Benchmark of the web face under load (issue 13): 20 concurrent authenticated users on
loopback against 100,000 open cases, on SQLite (one uvicorn process) and on PostgreSQL
(uvicorn --workers 4).

    python benchmarks/bench_web.py                  # 100,000 open cases, both databases
    python benchmarks/bench_web.py --quick          # 5,000 cases, a smoke run
    python benchmarks/bench_web.py --no-postgres    # SQLite only
    python benchmarks/bench_web.py --profile        # also profile one worklist in-process

Each of the 20 clients is a petugas of Bagian PBJ, Kota Pekalongan with an API token; in
turn it reads its worklist (`WORKLIST`) and advances one of its own cases one step
(`ADVANCE`: `serahkan_ke_verifikator`, each client on cases no other client touches, so
every step should succeed). Latencies are measured at the client (httpx, async, one
connection pool per client); p50, p95 and errors (anything but 200, or a failed request)
are printed per request kind.

The baseline, measured in the same run on the same database: the same two use cases
called in-process, one at a time, without HTTP (`app.queries.worklist`,
`app.cases.advance_case`).

The served app is `APP_FACTORY` (today the API router on a bare FastAPI app, `api_app`
below); the web app's own factory and its *Tugas* page can replace it by changing
`APP_FACTORY` and the two URLs. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import random
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

from app.cases import advance_case  # noqa: E402
from app.definitions import shipped, shipped_by_id, store_for_new_case  # noqa: E402
from app.queries import worklist  # noqa: E402
from app.tokens import issue_token  # noqa: E402
from engine.case import acting_role  # noqa: E402
from storage import repository  # noqa: E402
from storage.db import connect  # noqa: E402
from storage.schema import cases, events  # noqa: E402

APP_FACTORY = "benchmarks.bench_web:api_app"  # later: the web app's factory
WORKLIST = "/api/v1/worklist"  # later: the Tugas page
ADVANCE = "/api/v1/cases/{ref}/advance"
DATABASE_ENV = "ALUR_BENCH_WEB_DATABASE_URL"
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
CLIENTS, ROUNDS = 20, 10  # each client: ROUNDS worklists and ROUNDS advances
POOL = 1_000  # PBJ cases waiting at the counter, for the advances and the baseline
POSTGRES = os.environ.get(
    "ALUR_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def api_app() -> Any:
    """The served app: the API router at /api/v1 on the database named by DATABASE_ENV."""
    from fastapi import FastAPI

    from web.api import router

    app = FastAPI()
    app.state.engine = connect(os.environ[DATABASE_ENV], migrate=False)
    app.state.clock = lambda: datetime.now(UTC)
    app.include_router(router, prefix="/api/v1")
    return app


# --- seeding --------------------------------------------------------------------------


def _open_states(d: Any) -> list[str]:
    return [name for name, s in d.states.items() if s.outcome is None]


def _case_row(d: Any, pk: int, ref: str, state: str, now: datetime, rng: random.Random) -> dict:
    """An open case in `state`, received up to 20 days ago, due 6 days after (some late)."""
    received = now - timedelta(minutes=rng.randrange(20 * 24 * 60))
    role = d.states[state].role
    due = received + timedelta(days=6)
    return {
        "ref": ref, "definition_pk": pk, "workflow_id": d.id, "institution": d.institution,
        "unit_code": d.unit_code, "state": state, "role": role,
        "acting_role": acting_role(d, role) if role else None, "outcome": None,
        "variant": d.variants.options[0].id if d.variants else None,
        "applicant_name": f"PD {ref}", "received_at": received, "rev": 1,
        "clock_started_at": received, "clock_due_at": due, "clock_paused_seconds": 0,
        "updated_at": received, "last_seq": 1, "last_event_at": received,
        "last_hash": uuid.uuid4().hex * 2,
    }  # fmt: skip


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
            httpx.get(f"{base}/openapi.json", timeout=1)
            return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("uvicorn did not start")


async def _client(
    base: str, token: str, refs: list[str], found: dict[str, list], lists: bool
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as client:
        for ref in refs:
            calls = [
                ("worklist", lambda: client.get(WORKLIST)),
                ("advance", lambda ref=ref: client.post(
                    ADVANCE.format(ref=ref), json={"trigger": "serahkan_ke_verifikator"})),
            ]  # fmt: skip
            for kind, call in calls if lists else calls[1:]:
                started = time.perf_counter()
                try:
                    ok = (await call()).status_code == 200
                except httpx.HTTPError:
                    ok = False
                found[kind].append(time.perf_counter() - started)
                found[f"{kind}_errors"].append(not ok)


async def load(
    base: str, tokens: list[str], refs: list[list[str]], lists: bool = True
) -> dict[str, list]:
    """Every client at once; with `lists`, a worklist before each advance."""
    found: dict[str, list] = {k: [] for k in ("worklist", "advance", "worklist_errors",
                                               "advance_errors")}  # fmt: skip
    await asyncio.gather(
        *(_client(base, t, r, found, lists) for t, r in zip(tokens, refs, strict=True))
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
    lists = [_timed(lambda: worklist(engine, "P00", now)) for _ in range(count)]
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
    """Where one worklist's time goes: reading the rows, keeping those that wait on this
    person, and building each kept case's summary (its SLA status on the calendar); then
    the same read filtered by the person's unit in SQL. Uses `app.queries`' own helpers."""
    from app.queries import _summary, _waits_on
    from app.staff import actor_for

    now = datetime.now(UTC)
    with engine.connect() as conn:
        actor = actor_for(conn, "P00")
        where = {"institution": actor.institution, "roles": sorted(actor.roles), "open_only": True}
        t0 = time.perf_counter()
        rows = repository.find_cases(conn, **where)
        t1 = time.perf_counter()
        kept = [row for row in rows if _waits_on(conn, row, actor)]
        t2 = time.perf_counter()
        for row in kept:
            _summary(conn, row, now)
        t3 = time.perf_counter()
        unit = repository.find_cases(conn, unit_code=actor.unit_code, **where)
        t4 = time.perf_counter()
    print(
        f"  read {len(rows):,} rows of the institution with the role: {1000 * (t1 - t0):.0f} ms;"
        f" keep {len(kept):,} of this unit: {1000 * (t2 - t1):.0f} ms; their summaries: "
        f"{1000 * (t3 - t2):.0f} ms ({1000 * (t3 - t2) / max(len(kept), 1):.2f} ms a case); "
        f"the read filtered by unit in SQL: {len(unit):,} rows, {1000 * (t4 - t3):.0f} ms"
    )
    profiler = cProfile.Profile()
    profiler.runcall(worklist, engine, "P00", now)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


# --- runs -----------------------------------------------------------------------------


def run(label: str, url: str, total: int, workers: int, args: argparse.Namespace) -> None:
    engine = connect(url)
    started = time.perf_counter()
    seed(engine, total, datetime.now(UTC))
    print(f"{label}: seeded {total:,} open cases in {time.perf_counter() - started:.0f} s")
    refs = pools(engine)
    tokens = [issue_token(engine, f"P{n:02d}", "bench", f"P{n:02d}", datetime.now(UTC)).token
              for n in range(CLIENTS)]  # fmt: skip
    size = len(worklist(engine, "P00", datetime.now(UTC)))
    print(f"{label}: one petugas's worklist holds {size:,} cases")
    if args.profile:
        profile_worklist(engine)
    server, base = serve(url, workers)
    try:
        found = asyncio.run(load(base, tokens, [r[:ROUNDS] for r in refs]))
        # the same clients advancing only: what a step costs when no worklist competes
        steps = asyncio.run(load(base, tokens, [r[-ROUNDS:] for r in refs], lists=False))
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(f"{label}, HTTP, {CLIENTS} clients", found)
    report(f"{label}, advances only", steps)
    alone = baseline(engine, refs[0][ROUNDS:-ROUNDS])
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
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    total = 5_000 if args.quick else args.cases
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite, 1 process", f"sqlite:///{Path(folder) / 'web.db'}", total, 1, args)
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
