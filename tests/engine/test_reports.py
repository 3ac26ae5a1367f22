"""Reports for supervisors on a seeded database: the same figures on SQLite and PostgreSQL,
each traceable to the audit events."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from engine_support import PBJ_ITEMS, events_of
from typer.testing import CliRunner

from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements
from app.lifecycle import assign_case, cancel_case
from cli import app
from reports.breaches import breaches
from reports.compliance import compliance
from reports.timeline import case_timeline
from reports.workload import workload

WIB = ZoneInfo("Asia/Jakarta")
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
PETUGAS, VERIFIKATOR, KABAG = (f"pekalongan-PBJ-{r}" for r in ("petugas", "verifikator", "kabag"))
MON = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)  # Monday 2 Nov 2026, no holiday in November
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)
runner = CliRunner()


@pytest.fixture
def seeded(engine, monkeypatch):
    """Four cases of Bagian PBJ: completed on time, completed late, cancelled, open and late."""
    monkeypatch.setenv("ALUR_BACKDATE_DAYS", "9999")

    def opened(at):
        ref = open_case(engine, PBJ, Applicant("Dinas PU"), PETUGAS, NOW, variant="barang", at=at)
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, at=at)
        return ref

    def complete(ref, at):
        check_requirements(engine, ref, PBJ_ITEMS, VERIFIKATOR, NOW)
        advance_case(engine, ref, "nyatakan_lengkap", VERIFIKATOR, NOW, at=at)
        advance_case(engine, ref, "terbitkan_rekomendasi", KABAG, NOW, at=at)

    on_time, late, cancelled, open_late = (opened(MON + timedelta(days=i)) for i in range(4))
    complete(on_time, MON + timedelta(days=1))  # Tuesday: 1 hari kerja of 4
    complete(late, MON + timedelta(days=9))  # next Wednesday: 6 hari kerja of 4
    cancel_case(engine, cancelled, KABAG, NOW, reason="PD menarik berkas")
    assign_case(engine, open_late, VERIFIKATOR, KABAG, NOW)
    return {"on_time": on_time, "late": late, "cancelled": cancelled, "open_late": open_late}


def test_breaches_list_the_open_late_case_with_its_holder(engine, seeded):
    data = breaches(engine, NOW, institution="pekalongan")
    (row,) = data["late"]
    assert row["ref"] == seeded["open_late"]
    assert row["holder"] == "verifikator pekalongan-PBJ" and row["unit"] == "PBJ"
    assert row["detail"].startswith("terlambat") and row["late_days"] >= 1
    assert row["backdated"] is True  # its steps were dated weeks before they were typed in
    assert breaches(engine, NOW, institution="ppu")["late"] == []
    assert breaches(engine, NOW, holder=VERIFIKATOR)["late"][0]["ref"] == seeded["open_late"]
    assert breaches(engine, NOW, holder=PETUGAS)["late"] == []


def test_compliance_of_the_month_traces_to_the_events(engine, seeded):
    start, end = datetime(2026, 11, 1, tzinfo=WIB), datetime(2026, 12, 1, tzinfo=WIB)
    (pbj,) = compliance(engine, start, end, service=PBJ)["services"]
    assert (pbj["received"], pbj["completed"], pbj["on_time"]) == (4, 2, 1)
    assert pbj["on_time_pct"] == 50.0 and pbj["cancelled"] == 1 and pbj["lapsed"] == 0
    assert pbj["open_breaches_at_end"] == 1
    assert pbj["median_days"] == 3.5  # 1 and 6 hari kerja
    # the same figures from the audit events alone
    refs = list(seeded.values())
    opened = [e for r in refs for e in events_of(engine, r) if e.trigger == "buka_permohonan"]
    issued = [e for r in refs for e in events_of(engine, r) if e.trigger == "terbitkan_rekomendasi"]
    cancels = [e for r in refs for e in events_of(engine, r) if e.kind == "pembatalan"]
    assert (len(opened), len(issued), len(cancels)) == (4, 2, 1)
    months = compliance(engine, start, end)["months"]
    assert months == [{"month": "2026-11", "received": 4, "completed": 2, "on_time": 1}]


def test_the_timeline_says_why_a_case_is_late(engine, seeded):
    data = case_timeline(engine, seeded["open_late"], NOW)
    assert data["status"] == "breached"
    assert [s["trigger"] for s in data["steps"]] == ["buka_permohonan", "serahkan_ke_verifikator"]
    assert data["steps"][1]["clock"] == "jam mulai"
    where = "dari 4 hari kerja terpakai di tahap Verifikator memverifikasi kelengkapan persyaratan"
    assert data["why_late"].endswith(where)
    assert [c["kind"] for c in data["changes"]] == ["disposisi"]


def test_workload_counts_by_person_and_by_role(engine, seeded):
    rows = workload(engine, NOW, institution="pekalongan")
    (person,) = [r for r in rows if r["nip"] == VERIFIKATOR]
    assert (person["open"], person["late"]) == (1, 1)


def test_cli_reports_as_table_csv_and_json(engine, seeded, db_url):
    base = ["--db", db_url, "report"]
    table = runner.invoke(app, [*base, "breaches"])
    assert table.exit_code == 0, table.output
    assert seeded["open_late"] in table.output and "terlambat" in table.output
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, [*base, "breaches", "--format", "csv"]).output)
        )
    )
    assert rows[0]["Nomor"] == seeded["open_late"]
    data = json.loads(
        runner.invoke(app, [*base, "compliance", "--quarter", "2026Q4", "--format", "json"]).output
    )
    assert data["services"][0]["received"] == 4
    bad = runner.invoke(app, [*base, "compliance", "--quarter", "2026Q5"])
    assert bad.exit_code == 2 and "triwulan" in bad.output
    shown = runner.invoke(app, [*base, "case", seeded["open_late"]])
    assert "Mengapa terlambat:" in shown.output
    assert runner.invoke(app, [*base, "workload"]).exit_code == 0


def test_the_html_report_renders_its_charts_offline_in_chromium(engine, seeded, db_url, tmp_path):
    """The page opens in a real headless Chromium with every request refused but the page
    itself: the charts are drawn, and a screenshot is kept for the reader."""
    from playwright.sync_api import sync_playwright

    out = tmp_path / "laporan.html"
    args = ["--db", db_url, "report", "html", "--out", str(out), "--quarter", "2026Q4"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "sudah ada" in again.output  # never overwritten
    outside = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1366, "height": 768})

        def guard(route):
            if route.request.url == out.as_uri():
                return route.continue_()
            outside.append(route.request.url)
            return route.abort()

        page.route("**/*", guard)
        page.goto(out.as_uri())
        charts = page.locator("svg")
        assert charts.count() >= 4
        bars = page.locator("svg rect")
        assert bars.count() >= 3 and bars.first.bounding_box()["width"] > 0
        assert "Ketepatan waktu" in page.content()
        page.screenshot(path=str(tmp_path / "laporan.png"), full_page=True)
        browser.close()
    assert outside == []
    assert (tmp_path / "laporan.png").stat().st_size > 10_000
    keep = os.environ.get("ALUR_SCREENSHOTS")  # a folder where the reader wants to look
    if keep:
        shutil.copy(tmp_path / "laporan.png", Path(keep) / "laporan.png")


def test_the_workbook_has_a_sheet_per_report(engine, seeded, db_url, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "laporan.xlsx"
    result = runner.invoke(
        app, ["--db", db_url, "report", "xlsx", "--out", str(out), "--quarter", "2026Q4"]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[:3] == ["Kepatuhan", "Tanpa standar waktu", "Per bagian"]
    rows = list(book["Kepatuhan"].values)
    assert rows[0][:4] == ("Bagian", "Layanan", "Standar", "Diterima") and rows[1][3] == 4
    assert [r[2] for r in book["Terlambat"].values][1] == seeded["open_late"]


def test_the_escalation_order_names_every_level_of_monitoring():
    from monitor.policy import Level
    from reports.common import ESCALATION_ORDER

    assert set(ESCALATION_ORDER) == {level.value for level in Level}


def test_breaches_show_the_escalation_level_reached(engine, seeded):
    from monitor.sweep import sweep

    sweep(engine, NOW)
    (row,) = breaches(engine, NOW)["late"]
    assert row["escalation"] in ("terlambat", "asisten", "sekda")
    alerts = case_timeline(engine, seeded["open_late"], NOW)["alerts"]
    assert row["escalation"] in {a["level"] for a in alerts}  # the timeline lists the alerts


def test_compliance_counts_the_step_commitments_kept_per_step(engine, monkeypatch, db_url):
    """Peminjaman dokumen: the applicant returns the document within 3 days; one loan came
    back in 2 days, one in 5. Kept 1 of 2, in every format."""
    monkeypatch.setenv("ALUR_BACKDATE_DAYS", "9999")
    loan, petugas, pejabat = "pekalongan-hukum-peminjaman-dokumen", *(
        f"pekalongan-HUKUM-{r}" for r in ("petugas", "pejabat"))  # fmt: skip
    for days in (2, 5):
        ref = open_case(engine, loan, Applicant("Dinas PU"), petugas, NOW, at=MON)
        check_requirements(engine, ref, ["identitas"], petugas, NOW)
        for trigger, nip in [("catat_dan_laporkan", petugas), ("setujui", pejabat),
                             ("serahkan_dokumen", petugas)]:  # fmt: skip
            advance_case(engine, ref, trigger, nip, NOW, at=MON + timedelta(hours=1))
        back = MON + timedelta(days=days, hours=1)
        advance_case(engine, ref, "kembalikan_dokumen", petugas, NOW, at=back)
    start, end = datetime(2026, 11, 1, tzinfo=WIB), datetime(2026, 12, 1, tzinfo=WIB)
    data = compliance(engine, start, end, service=loan)
    (step,) = data["steps"]
    assert (step["state"], step["commitment"]) == ("dokumen_dipinjam", "3 hari")
    assert (step["count"], step["kept"], step["kept_pct"]) == (2, 1, 50.0)
    assert data["services"][0]["steps"] == [step]
    period = ["--db", db_url, "report", "compliance", "--from", "2026-11-01", "--to", "2026-11-30"]
    table = runner.invoke(app, [*period, "--service", loan])
    assert "Standar waktu per tahap" in table.output and "50.0" in table.output
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*period, "--tahap", "--format",
                                                               "csv"]).output)))  # fmt: skip
    assert (rows[0]["Tahap"], rows[0]["Sesuai standar"], rows[0]["%"]) == (
        step["state_label"], "1", "50.0")  # fmt: skip
    as_json = json.loads(runner.invoke(app, [*period, "--format", "json"]).output)
    assert as_json["steps"] == [step]
