"""Several processes at the same cases: no lost update, failures are conflicts,
and a worker killed mid-load leaves every case consistent with its audit log."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from datetime import UTC, datetime

from engine_support import events_of, row_of

from app.audit import verify_chains
from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements, uncheck_requirements
from engine.errors import Conflict, RoleRequired, TransitionNotAllowed
from storage.db import connect

PBJ = "pekalongan-pbj-penerbitan-pembayaran"
PETUGAS, VERIFIKATOR = "pekalongan-PBJ-petugas", "pekalongan-PBJ-verifikator"
LOOP = {  # the send-back loop can be fired for ever; a send-back gives its reason
    "verifikasi": ("kembalikan_tidak_lengkap", VERIFIKATOR, "Berkas belum lengkap: HPS"),
    "dikembalikan_untuk_dilengkapi": ("serahkan_kembali", PETUGAS, None),
}


def _clock() -> datetime:
    return datetime.now(UTC)


def _tick(engine, ref: str, i: int) -> None:
    """Tick or untick an item: a change of the case that is not a step."""
    if i % 2:
        check_requirements(engine, ref, ["rup"], VERIFIKATOR, _clock)
    else:
        uncheck_requirements(engine, ref, ["rup"], VERIFIKATOR, _clock, reason="uji")


def _worker(url: str, refs: list[str], rounds: int, results) -> None:
    engine = connect(url, migrate=False)
    done = conflicts = 0
    for i in range(rounds):
        ref = refs[(i + os.getpid()) % len(refs)]
        row = row_of(engine, ref)
        trigger, nip, note = LOOP[row.state]
        try:
            if i % 3 == 0:
                _tick(engine, ref, i)
            advance_case(engine, ref, trigger, nip, _clock, note=note, expect_rev=row.rev)
            done += 1
        except (Conflict, TransitionNotAllowed, RoleRequired):
            # another worker moved the case between our read and our write (a tick
            # needs the verifikator's step: refused once the case went back to the PD)
            conflicts += 1
    results.put((done, conflicts))
    engine.dispose()


def _open_cases(engine, n: int) -> list[str]:
    refs = []
    for _ in range(n):
        now = datetime.now(UTC)
        ref = open_case(engine, PBJ, Applicant("Uji"), PETUGAS, now, variant="barang")
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, now)
        refs.append(ref)
    return refs


def _assert_consistent(engine, refs: list[str]) -> int:
    total = 0
    for ref in refs:
        row, history = row_of(engine, ref), events_of(engine, ref)
        assert row.state == history[-1].to_state, ref
        assert [e.seq for e in history] == list(range(1, len(history) + 1)), ref
        assert row.rev == row.last_seq == len(history), ref  # every write is one event
        recorded = [e.recorded_at for e in history]
        assert recorded == sorted(recorded), ref  # written in the order they were recorded
        total += sum(1 for e in history[2:] if e.kind == "langkah")
    assert verify_chains(engine)["broken"] == []
    return total


def test_eight_processes_lose_no_update(db_url, engine):
    refs = _open_cases(engine, 3)
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(db_url, refs, 25, results)) for _ in range(8)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    done = sum(d for d, _ in outcomes)
    assert sum(d + c for d, c in outcomes) == 8 * 25
    assert done > 0
    assert _assert_consistent(engine, refs) == done


def test_a_killed_worker_leaves_every_case_consistent(db_url, engine):
    refs = _open_cases(engine, 4)
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    victim = ctx.Process(target=_worker, args=(db_url, refs, 100_000, results))
    victim.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum(len(events_of(engine, r)) for r in refs) < 30:
        time.sleep(0.05)
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(timeout=30)
    assert victim.exitcode == -signal.SIGKILL
    assert _assert_consistent(engine, refs) >= 20
