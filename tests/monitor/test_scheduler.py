"""The scheduler: its jobs as required, and a real process started and stopped by SIGTERM."""

from __future__ import annotations

from apscheduler.triggers.interval import IntervalTrigger
from processes import Scheduler

from monitor.config import MonitorConfig
from monitor.scheduler import DELIVER_JOB, MISFIRE_GRACE, SWEEP_JOB, build_scheduler
from storage.db import connect


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


def test_scheduler_runs_a_first_sweep_then_stops_cleanly_on_sigterm(tmp_path):
    url = f"sqlite:///{tmp_path / 'alur.db'}"
    connect(url).dispose()
    scheduler = Scheduler(url, None, {"ALUR_OUTBOX_FILE": str(tmp_path / "pesan.jsonl")})
    try:
        scheduler.wait_for("penjadwal berjalan", timeout=20)
        scheduler.wait_for("sapuan: 0 permohonan", timeout=20)
        assert scheduler.stop() == 0
        assert any("penjadwal berhenti" in line for line in scheduler.seen)
    finally:
        scheduler.close()
