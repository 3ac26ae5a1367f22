"""Two processes on one PostgreSQL database: every alert queued once, every message sent once.

First two spawned processes each running one sweep, then one delivery, at one instant; then
two real `alur scheduler run` processes side by side for a minute while an injected clock
walks a month of working days."""

from __future__ import annotations

import json
import multiprocessing
import re
import time
from collections import Counter
from datetime import datetime
from email import message_from_bytes
from pathlib import Path

import pytest
from conftest import PBJ, STAFF, wib
from processes import Clock, Scheduler
from servers import MailBox, free_port, smtp_server
from sqlalchemy import func, select, text
from workers import deliver_in_process, sweep_in_process

from app.cases import Applicant, advance_case, open_case
from storage.schema import alerts, outbox, outbox_attempts

CASES = 300
AT = wib(2026, 3, 27, 7, 30)  # each case late (terlambat) and escalated (asisten)
CLOCK_COLUMNS = ("clock_started_at", "clock_due_at")


def _many_due_cases(engine, shift_days: str = "0") -> None:
    """`CASES` copies of one started case (due Tue 17 Mar 15.45); each copy's clock moved by
    `shift_days` days, an SQL expression of the copy's number `n`."""
    start = wib(2026, 3, 11, 10, 0)
    ref = open_case(engine, PBJ, Applicant("Dinas PU"), "P1", start, variant="barang", at=start)
    advance_case(engine, ref, "serahkan_ke_verifikator", "P1", start, at=start)
    with engine.begin() as conn:  # copies of the case row: the sweep reads only `cases`
        columns = [c for c in conn.execute(text("SELECT * FROM cases")).keys() if c != "id"]
        listed = ", ".join(columns)
        shifted = {
            "ref": "ref || '-' || n",
            **{c: f"{c} + ({shift_days}) * interval '1 day'" for c in CLOCK_COLUMNS},
        }
        chosen = ", ".join(shifted.get(c, c) for c in columns)
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


# Two `alur scheduler run` processes for a minute over CASES cases whose deadlines fall on five
# different Tuesdays; the injected clock walks working days at 09.00, so cases become at
# risk, late, escalated to the Asisten and the Sekda, day after day, while both run.
RUN_FOR = 60  # seconds of the two processes side by side
AT_LEAST = 12  # working days walked, however slow the machine (e-mail from the 9th on)
SHIFT = "CASE n % 5 WHEN 4 THEN 14 ELSE (n % 5) * 7 - 21 END"  # -21, -14, -7, 0, +14 days
DAYS = [
    *((3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 25, 26, 27, 30, 31)),
    *((4, d) for d in (1, 2, 6, 7, 8, 9, 13, 14, 15, 16)),
]  # working days of March and April 2026 (not Nyepi, Idul Fitri and its cuti bersama)
QUEUED = re.compile(r"sapuan: \d+ permohonan, [1-9]\d* pesan")
EMAILS = "\n".join(f"  {n}: {{email: {n.lower()}@pekalongankota.go.id}}" for n, *_ in STAFF)


def _policy(folder: Path, channel: str) -> None:
    text_ = f"institution: pekalongan\nchannel: {channel}\ncontacts:\n{EMAILS}\n"
    (folder / "pekalongan.yaml").write_text(text_, encoding="utf-8")


def _delivered(engine) -> bool:
    with engine.connect() as conn:
        waiting = select(func.count()).where(outbox.c.status != "sent")
        return conn.execute(waiting.select_from(outbox)).scalar_one() == 0


def _step(schedulers: list[Scheduler], clock: Clock, at: datetime) -> None:
    """Move the clock, then wait until each process has run a whole sweep at the new time
    (its second sweep line after the move: the first may be of a sweep begun before)."""
    for s in schedulers:
        s.drain()
    clock.set(at)
    for s in schedulers:
        s.wait_for("sapuan:", 2)


def _run_side_by_side(url: str, engine, tmp_path: Path, port: int) -> list[Scheduler]:
    policies = tmp_path / "kebijakan"
    policies.mkdir()
    _policy(policies, "file")
    clock = Clock(tmp_path / "jam.txt", wib(2026, 3, 2, 9, 0))
    schedulers: list[Scheduler] = []
    common = {
        "ALUR_MONITOR_POLICIES": str(policies),
        "ALUR_SWEEP_EVERY": "2",
        "ALUR_SWEEP_BATCH": "20",  # many short claims: the two processes' sweeps interleave
        "ALUR_DELIVER_EVERY": "1",
        "ALUR_SMTP_HOST": "127.0.0.1",
        "ALUR_SMTP_PORT": str(port),
    }
    try:
        for name in ("a", "b"):
            file = {"ALUR_OUTBOX_FILE": str(tmp_path / f"pesan-{name}.jsonl")}
            schedulers.append(Scheduler(url, clock, {**common, **file}))
        began = time.monotonic()
        for i, (month, day) in enumerate(DAYS):
            if time.monotonic() - began > RUN_FOR and i >= AT_LEAST:
                break
            if i == 8:  # the office moves to e-mail while both run
                _policy(policies, "smtp")
            _step(schedulers, clock, wib(2026, month, day, 9, 0))
        for s in schedulers:  # then every message queued is sent, by one or the other
            s.drain()
        deadline = time.monotonic() + 60
        while not _delivered(engine):
            schedulers[0].wait_for("kirim:", 1, timeout=max(deadline - time.monotonic(), 1))
        for s in schedulers:
            assert s.stop() == 0
    finally:
        for s in schedulers:
            s.close()
    return schedulers


@pytest.mark.slow
@pytest.mark.postgres
def test_two_scheduler_processes_for_a_minute_alert_and_send_each_once(pg_engine, tmp_path):
    _many_due_cases(pg_engine, SHIFT)
    url = pg_engine.url.render_as_string(hide_password=False)
    port = free_port()
    with smtp_server(port, MailBox()) as box:
        schedulers = _run_side_by_side(url, pg_engine, tmp_path, port)
    for s in schedulers:  # both claimed due cases and queued messages, both sent some
        assert any(QUEUED.search(line) for line in s.seen), s.seen
        assert s.sent > 0
    with pg_engine.connect() as conn:
        alert_rows = conn.execute(select(alerts.c.key, alerts.c.level, alerts.c.recipients)).all()
        columns = ("key", "channel", "recipient_nip", "alert_keys", "status")
        sent = conn.execute(select(*(outbox.c[c] for c in columns))).all()
        ok = conn.execute(
            select(outbox_attempts.c.outbox_id, func.count())
            .where(outbox_attempts.c.ok)
            .group_by(outbox_attempts.c.outbox_id)
        ).all()
    # every alert once: one row per (case, level, step, working day), each told once to each
    # of its recipients, in one message
    assert len({key for key, _, _ in alert_rows}) == len(alert_rows)
    assert {level for _, level, _ in alert_rows} >= {"berisiko", "terlambat", "asisten", "sekda"}
    told = Counter((nip, key) for _, _, nip, keys, _ in sent for key in keys)
    assert set(told.values()) == {1}
    assert set(told) == {(nip, key) for key, _, nips in alert_rows for nip in nips}
    # every message delivered once: recorded sent once, one line or one e-mail each
    assert {status for *_, status in sent} == {"sent"}
    assert sorted(n for _, n in ok) == [1] * len(sent)
    by_channel = Counter(channel for _, channel, *_ in sent)
    assert by_channel["file"] > 0 and by_channel["smtp"] > 0
    lines = [
        json.loads(line)["key"]
        for f in tmp_path.glob("pesan-*.jsonl")
        for line in f.read_text(encoding="utf-8").splitlines()
    ]
    assert Counter(lines) == Counter(key for key, channel, *_ in sent if channel == "file")
    ids = [message_from_bytes(m.original_content)["Message-ID"] for m in box.messages]
    assert Counter(ids) == Counter(
        f"<{key.replace(':', '.')}@alur>" for key, channel, *_ in sent if channel == "smtp"
    )
