"""Make a demo folder: a new SQLite database, the sample staff, simulated weeks of work
from Monday 2 March 2026 (so that the Idul Fitri cuti bersama week of 16-24 March is in
them), then the breach report, the quarter's compliance, and the HTML and xlsx reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from demo.simulation import Simulation, SimulationResult

__all__ = ["START", "DemoRun", "make_demo"]

START = datetime(2026, 3, 2, tzinfo=ZoneInfo("Asia/Jakarta"))


@dataclass
class DemoRun:
    folder: Path
    database: Path
    result: SimulationResult
    breaches: dict[str, Any]
    compliance: dict[str, Any]
    html: Path
    xlsx: Path
    end: datetime
    messages: Path
    alerts: int = 0
    sent: int = 0
    password: str = ""  # every sample staff member's demo password for the web pages


def _staff() -> list[dict[str, Any]]:
    from app.staff import SAMPLES_DIR

    entries = []
    for path in sorted(SAMPLES_DIR.glob("*.yaml")):
        entries += yaml.safe_load(path.read_text(encoding="utf-8"))["staff"]
    return entries


def make_demo(folder: Path, weeks: int, seed: int, per_day: int = 6) -> DemoRun:
    """Fill `folder` (new, or empty) with the demo; the simulated clock ends `weeks` on."""
    from datetime import timedelta

    from app.accounts import demo_passwords
    from app.staff import SAMPLES_DIR, load_staff_files
    from reports.breaches import breaches
    from reports.compliance import compliance
    from reports.html import report_page
    from reports.workload import workload
    from reports.xlsx import workbook_sheets, write_workbook
    from storage.db import connect

    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "alur.db"
    engine = connect(f"sqlite:///{database}")
    try:
        load_staff_files(engine, sorted(SAMPLES_DIR.glob("*.yaml")), None, START)
        messages = folder / "pesan.jsonl"
        watch = _Watch(engine, messages)
        result = Simulation(engine, _staff(), seed).run(START, weeks, per_day, watch.at)
        end = START + timedelta(weeks=weeks)
        late = breaches(engine, end)
        period = compliance(engine, START.replace(day=1, month=1), end)
        held = workload(engine, end)
        html, xlsx = folder / "laporan.html", folder / "laporan.xlsx"
        title = f"Laporan demo alur: {START:%d-%m-%Y} s.d. {end:%d-%m-%Y}"
        html.write_text(report_page(title, period, late, held), encoding="utf-8")
        write_workbook(xlsx, workbook_sheets(period, late, held))
        password = demo_passwords(engine, end)
    finally:
        engine.dispose()
    return DemoRun(folder, database, result, late, period, html, xlsx, end, messages,
                   watch.alerts, watch.sent, password)  # fmt: skip


class _Watch:
    """Monitoring through the simulated days: a sweep each morning at 08.00 WIB, and the
    reminders delivered to the demo folder's file channel (one JSON line a message)."""

    def __init__(self, engine: Any, messages: Path) -> None:
        from monitor.config import MonitorConfig

        self.engine, self.config = engine, MonitorConfig(outbox_file=messages)
        self.alerts = self.sent = 0

    def at(self, morning: datetime) -> None:
        from monitor.outbox import deliver
        from monitor.sweep import sweep

        self.alerts += len(sweep(self.engine, morning).alerts)
        self.sent += len(deliver(self.engine, morning, self.config).sent)
