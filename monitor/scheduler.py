"""`alur scheduler run`: APScheduler 3.x as the clock of the sweep and the delivery.

APScheduler only says *when*: every state is in the database (which cases are due, which
messages are pending), so the job store is in memory, a restart loses nothing, and a catch-up
after downtime is one sweep (``coalesce=True``), never a flood. Jobs are module-level
functions taking the database URL and settings only (no live objects), with fixed ids and
``replace_existing=True``; ``max_instances=1`` keeps a slow sweep from overlapping itself.
Several schedulers may run against one PostgreSQL database: the sweep and the delivery claim
their work with ``FOR UPDATE SKIP LOCKED``, and alerts have unique keys.

SIGTERM and SIGINT stop the scheduler cleanly: no new job starts, a running job finishes in
its thread (its transaction commits or rolls back whole) before the process exits.

The jobs take the time from the system clock, except where the environment names a clock
file (`CLOCK_FILE_ENV`, ``ALUR_CLOCK_FILE``): then each job reads the instant written there
(ISO 8601 with its offset). This is for tests and rehearsals, which move the clock of real
scheduler processes across working days in seconds; an office never sets it.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler

from monitor.config import MonitorConfig, monitor_config

__all__ = [
    "CLOCK_FILE_ENV",
    "DELIVER_JOB",
    "SWEEP_JOB",
    "build_scheduler",
    "deliver_job",
    "run_scheduler",
    "sweep_job",
]

SWEEP_JOB, DELIVER_JOB = "alur-sweep", "alur-deliver"
CLOCK_FILE_ENV = "ALUR_CLOCK_FILE"
MISFIRE_GRACE = 60  # seconds a job may start late; later runs are coalesced into one
log = logging.getLogger("alur.scheduler")

_ENGINES: dict[str, Any] = {}


def _engine(url: str) -> Any:
    """One Engine per database URL for the life of the process (a pool, not a connection)."""
    if url not in _ENGINES:
        from storage.db import connect

        _ENGINES[url] = connect(url)
    return _ENGINES[url]


def _now() -> datetime:
    """Now: the system clock, or the instant in the clock file (see the module docstring)."""
    clock_file = os.environ.get(CLOCK_FILE_ENV)
    if clock_file:
        return datetime.fromisoformat(Path(clock_file).read_text(encoding="utf-8").strip())
    return datetime.now(UTC).replace(microsecond=0)


def sweep_job(database_url: str, options: Mapping[str, str]) -> None:
    from monitor.sweep import sweep

    config = monitor_config(options)
    engine = _engine(database_url)
    report = sweep(engine, _now(), policies=config.policies, batch=config.sweep_batch)
    log.info("sapuan: %d permohonan, %d pesan", report.cases, len(report.messages))


def deliver_job(database_url: str, options: Mapping[str, str]) -> None:
    from monitor.outbox import deliver

    report = deliver(_engine(database_url), _now(), monitor_config(options))
    log.info("kirim: %d terkirim, %d gagal", len(report.sent), len(report.failed))


def build_scheduler(
    database_url: str, options: Mapping[str, str], config: MonitorConfig
) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=UTC)  # the default job store: in memory
    args = [database_url, dict(options)]
    for job_id, func, seconds in (
        (SWEEP_JOB, sweep_job, config.sweep_every),
        (DELIVER_JOB, deliver_job, config.deliver_every),
    ):
        scheduler.add_job(
            func,
            "interval",
            seconds=seconds,
            id=job_id,
            name=job_id,
            args=args,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE,
            next_run_time=datetime.now(UTC),  # a first run at start: catch up at once
        )
    return scheduler


def run_scheduler(scheduler: BlockingScheduler) -> None:
    """Run until SIGTERM or SIGINT (then the running job ends and the scheduler stops)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        log.info("berhenti (sinyal %d)", signum)
        scheduler.shutdown(wait=False)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        scheduler.start()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()
