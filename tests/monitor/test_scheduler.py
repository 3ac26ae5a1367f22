"""The scheduler: its jobs as required, and a real process started and stopped by SIGTERM."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from apscheduler.triggers.interval import IntervalTrigger

from monitor.config import MonitorConfig
from monitor.scheduler import DELIVER_JOB, MISFIRE_GRACE, SWEEP_JOB, build_scheduler
from storage.db import connect

ROOT = Path(__file__).resolve().parents[2]


def test_jobs_are_plain_coalesced_single_and_replaceable():
    config = MonitorConfig(sweep_every=120, deliver_every=15)
    scheduler = build_scheduler("sqlite:///x.db", {"smtp_host": "h"}, config)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {SWEEP_JOB, DELIVER_JOB}
    for job_id, seconds, ref in (
        (SWEEP_JOB, 120, "monitor.scheduler:sweep_job"),
        (DELIVER_JOB, 15, "monitor.scheduler:deliver_job"),
    ):
        job = jobs[job_id]
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.interval.total_seconds() == seconds
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (
            True,
            1,
            MISFIRE_GRACE,
        )
        assert job.func_ref == ref  # a module-level function: ids only, no live objects
        assert job.args == ("sqlite:///x.db", {"smtp_host": "h"})
    again = build_scheduler("sqlite:///x.db", {}, config)  # same ids: replaced, not doubled
    assert len(again.get_jobs()) == 2


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def _wait_for(lines: queue.Queue, text: str, seen: list[str]) -> None:
    while True:
        line = lines.get(timeout=20)
        assert line is not None, f"{text!r} never printed: {seen}"
        seen.append(line)
        if text in line:
            return


def test_scheduler_runs_a_first_sweep_then_stops_cleanly_on_sigterm(tmp_path):
    url = f"sqlite:///{tmp_path / 'alur.db'}"
    connect(url).dispose()
    env = {**os.environ, "ALUR_OUTBOX_FILE": str(tmp_path / "pesan.jsonl"), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "--db", url, "scheduler", "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        _wait_for(lines, "penjadwal berjalan", seen)
        _wait_for(lines, "sapuan: 0 permohonan", seen)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        _wait_for(lines, "penjadwal berhenti", seen)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        reader.join(timeout=10)
        assert process.stdout is not None
        process.stdout.close()
