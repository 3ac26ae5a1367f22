"""Functions run in spawned processes by the exactly-once tests (importable by name)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def sweep_in_process(url: str, at: str, start, results) -> None:
    from monitor.sweep import sweep
    from storage.db import connect

    engine = connect(url, migrate=False)
    start.wait(timeout=20)
    report = sweep(engine, datetime.fromisoformat(at), batch=40)
    results.put(("sweep", report.cases, len(report.alerts)))
    engine.dispose()


def deliver_in_process(url: str, at: str, file: str, start, results) -> None:
    from monitor.config import MonitorConfig
    from monitor.outbox import deliver
    from storage.db import connect

    engine = connect(url, migrate=False)
    start.wait(timeout=20)
    config = MonitorConfig(outbox_file=Path(file))
    sent = 0
    while True:
        report = deliver(engine, datetime.fromisoformat(at), config, limit=5)
        if not report.sent:
            break
        sent += len(report.sent)
    results.put(("deliver", sent, 0))
    engine.dispose()
