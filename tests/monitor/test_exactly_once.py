"""Two processes on one PostgreSQL database: every alert queued once, every message sent once."""

from __future__ import annotations

import json
import multiprocessing
from collections import Counter

import pytest
from conftest import PBJ, wib
from sqlalchemy import func, select, text
from workers import deliver_in_process, sweep_in_process

from app.cases import Applicant, advance_case, open_case
from storage.schema import alerts, outbox

CASES = 300
AT = wib(2026, 3, 27, 7, 30)  # each case late (terlambat) and escalated (asisten)


def _many_due_cases(engine) -> None:
    start = wib(2026, 3, 11, 10, 0)
    ref = open_case(engine, PBJ, Applicant("Dinas PU"), "P1", start, variant="barang", at=start)
    advance_case(engine, ref, "serahkan_ke_verifikator", "P1", start, at=start)
    with engine.begin() as conn:  # copies of the case row: the sweep reads only `cases`
        columns = [c for c in conn.execute(text("SELECT * FROM cases")).keys() if c != "id"]
        listed = ", ".join(columns)
        chosen = ", ".join("ref || '-' || n" if c == "ref" else c for c in columns)
        conn.execute(
            text(
                f"INSERT INTO cases ({listed}) SELECT {chosen} FROM cases, "
                f"generate_series(2, {CASES}) AS n"
            )
        )


def _run(target, args_list) -> list[tuple]:
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    processes = [context.Process(target=target, args=(*a, start, results)) for a in args_list]
    for p in processes:
        p.start()
    start.set()
    out = [results.get(timeout=60) for _ in processes]
    for p in processes:
        p.join(timeout=30)
        assert p.exitcode == 0
    return out


@pytest.mark.postgres
def test_two_processes_queue_and_send_each_alert_once(pg_engine, tmp_path):
    _many_due_cases(pg_engine)
    url = pg_engine.url.render_as_string(hide_password=False)
    swept = _run(sweep_in_process, [(url, AT.isoformat())] * 2)
    assert sum(cases for _, cases, _ in swept) == CASES  # each case claimed by one process
    with pg_engine.connect() as conn:
        levels = Counter(conn.execute(select(alerts.c.level)).scalars())
        per_case = conn.execute(
            select(func.count()).select_from(alerts).group_by(alerts.c.case_id, alerts.c.level)
        ).scalars()
        told = Counter()
        for nip, ids in conn.execute(select(outbox.c.recipient_nip, outbox.c.alert_keys)):
            told.update((nip, i) for i in ids)
    assert levels == {"terlambat": CASES, "asisten": CASES}
    assert set(per_case) == {1}
    assert set(told.values()) == {1}  # nobody hears of an alert twice
    assert len(told) == CASES * 3  # verifikator and Kabag (terlambat), Asisten

    files = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    sent = _run(deliver_in_process, [(url, AT.isoformat(), str(f)) for f in files])
    lines = [json.loads(x) for f in files if f.exists() for x in f.read_text().splitlines()]
    with pg_engine.connect() as conn:
        queued = conn.execute(select(func.count()).select_from(outbox)).scalar_one()
    assert sum(n for _, n, _ in sent) == queued == len(lines)
    assert len({line["id"] for line in lines}) == queued
