"""Reports for supervisors on a seeded database: the same figures on SQLite and PostgreSQL,
each traceable to the audit events."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
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
