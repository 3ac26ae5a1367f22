"""`alur report …`: what is late now, a period's compliance, one case's timeline, workload."""

from __future__ import annotations

import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from app.cli import group
from app.cli.db import open_engine
from app.cli.options import filter_option
from app.output import WIDE_HELP, fail, handled, now, parse_instant, print_table
from reports.columns import LATE, LATE_NARROW, MONTHS, SERVICES, STEPS, WORKLOAD

app = group("Laporan untuk pengawas: keterlambatan, kepatuhan, riwayat, beban kerja.")

AT_HELP = "Keadaan pada waktu itu (ISO 8601 dengan zona); bawaan: sekarang."


class ReportFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _emit(
    rows: list[dict[str, Any]], columns: list[tuple[str, str]], title: str, fmt: str,
    wide: bool = False,
) -> None:  # fmt: skip
    from reports.render import to_csv

    if fmt == "csv":
        sys.stdout.write(to_csv(rows, columns))
    else:
        from app.timefmt import short_time

        shown = [{**r, "deadline": short_time(r["deadline"])} if "deadline" in r else r
                 for r in rows]  # fmt: skip
        print_table(shown, columns, title=title, wide=wide)


def _json(data: Any) -> None:
    from reports.render import to_json

    sys.stdout.write(to_json(data))


@app.command("breaches")
def breaches_cmd(
    ctx: typer.Context,
    institution: str | None = filter_option("--institution"),
    unit: str | None = filter_option("--unit"),
    service: str | None = filter_option("--service"),
    holder: str | None = filter_option("--holder", metavar="NIP"),
    at: str | None = typer.Option(None, "--at", help=AT_HELP),
    format: ReportFormat = typer.Option(ReportFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Permohonan terbuka yang melewati tenggat (permohonan atau tahap), dan yang berisiko."""
    from reports.breaches import breaches

    when = parse_instant(at, "--at") or now()
    engine = open_engine(ctx)
    with handled():
        data = breaches(engine, when, institution=institution, unit=unit, service=service,
                        holder=holder)  # fmt: skip
    if format == "json":
        return _json(data)
    late_cols = LATE if wide or format == "csv" else LATE_NARROW
    _emit(data["late"], late_cols, f"{len(data['late'])} permohonan terlambat", format, wide)
    if format == "table":
        risk_cols = LATE[:8] if wide else LATE_NARROW[:3]
        title = f"{len(data['at_risk'])} permohonan berisiko"
        _emit(data["at_risk"], risk_cols, title, format, wide)


def _period(quarter: str | None, start: str | None, end: str | None) -> tuple[datetime, datetime]:
    from reports.period import BadPeriod, report_period

    try:
        return report_period(quarter, start, end, ("--quarter", "--from", "--to"))
    except BadPeriod as exc:
        fail(str(exc))


@app.command("compliance")
def compliance_cmd(
    ctx: typer.Context,
    quarter: str | None = filter_option("--quarter", help="Triwulan, mis. 2026Q1."),
    start: str | None = filter_option("--from", help="Tanggal awal (TTTT-BB-HH)."),
    end: str | None = filter_option("--to", help="Tanggal akhir (TTTT-BB-HH), termasuk."),
    institution: str | None = filter_option("--institution"),
    unit: str | None = filter_option("--unit"),
    service: str | None = filter_option("--service"),
    steps: bool = typer.Option(False, "--tahap", help="Hanya standar waktu per tahap."),
    format: ReportFormat = typer.Option(ReportFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Kepatuhan terhadap standar waktu dalam satu periode, per layanan dan per bagian."""
    from reports.compliance import compliance

    first, after = _period(quarter, start, end)
    engine = open_engine(ctx)
    with handled():
        data = compliance(engine, first, after, institution=institution, unit=unit,
                          service=service)  # fmt: skip
    if format == "json":
        return _json(data["steps"] if steps else data)
    if steps:
        return _emit(data["steps"], STEPS, "Standar waktu per tahap", format, wide)
    _emit(data["services"], SERVICES, "Kepatuhan per layanan", format, wide)
    if format == "table":
        title = "Layanan tanpa standar waktu"
        _emit(data["without_commitment"], SERVICES[:6], title, format, wide)
        if data["steps"]:
            _emit(data["steps"], STEPS, "Standar waktu per tahap", format, wide)
        _emit(data["months"], MONTHS, "Per bulan", format, wide)


@app.command("case")
def case_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="NOMOR"),
    at: str | None = typer.Option(None, "--at", help=AT_HELP),
    format: ReportFormat = typer.Option(ReportFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Riwayat satu permohonan: tiap tahap, waktu yang terpakai, dan mengapa terlambat."""
    from reports.timeline import case_timeline

    when = parse_instant(at, "--at") or now()
    engine = open_engine(ctx)
    with handled():
        data = case_timeline(engine, ref, when)
    if format == "json":
        return _json(data)
    columns = [("seq", "#"), ("effective_at", "Waktu"), ("trigger", "Langkah"),
               ("actor", "Oleh"), ("spent", "Lama di tahap"), ("step_commitment", "Standar"),
               ("step_kept", "Sesuai"), ("clock", "Jam SLA")]  # fmt: skip
    steps = data["steps"]
    if format == "table":
        from app.timefmt import long_time, short_time

        shown_at = long_time if wide else short_time
        steps = [{**s, "effective_at": shown_at(s["effective_at"])} for s in steps]
    _emit(steps, columns, f"{ref}: {data['detail']}", format, wide)
    if format == "table" and data["why_late"]:
        typer.echo(f"Mengapa terlambat: {data['why_late']}")


@app.command("workload")
def workload_cmd(
    ctx: typer.Context,
    institution: str | None = filter_option("--institution"),
    unit: str | None = filter_option("--unit"),
    at: str | None = typer.Option(None, "--at", help=AT_HELP),
    format: ReportFormat = typer.Option(ReportFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Beban kerja: permohonan terbuka per pemegang (orang, atau peran bila belum disposisi)."""
    from reports.workload import workload

    engine = open_engine(ctx)
    with handled():
        rows = workload(engine, parse_instant(at, "--at") or now(), institution=institution,
                        unit=unit)  # fmt: skip
    if format == "json":
        return _json(rows)
    _emit(rows, WORKLOAD, "Beban kerja", format, wide)


Export = tuple[str, dict[str, Any], dict[str, Any], list[Any]]


def _export(
    ctx: typer.Context, quarter: str | None, start: str | None, end: str | None,
    institution: str | None,
) -> Export:  # fmt: skip
    from reports.breaches import breaches
    from reports.compliance import compliance
    from reports.workload import workload

    first, after = _period(quarter, start, end)
    engine = open_engine(ctx)
    at = now()
    with handled():
        period = compliance(engine, first, after, institution=institution)
        late = breaches(engine, at, institution=institution)
        held = workload(engine, at, institution=institution)
    last = date.fromordinal(after.date().toordinal() - 1)
    who = institution or "semua instansi"
    title = f"Laporan pelayanan {who}: {first:%d-%m-%Y} s.d. {last:%d-%m-%Y}"
    return title, period, late, held


def _write(out: Path, write: Any) -> None:
    """Write through a temporary file beside `out`, so nothing half-written is left."""
    if out.exists():
        fail(f"berkas {out} sudah ada; pilih nama lain")
    if not out.parent.is_dir():
        fail(f"folder {out.parent} tidak ada")
    partial = out.with_name(out.name + ".sementara")
    try:
        write(partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


_OUT = typer.Option(..., "--out", metavar="BERKAS", help="Berkas yang ditulis (belum ada).")


@app.command("html")
def html_cmd(
    ctx: typer.Context,
    out: Path = _OUT,
    quarter: str | None = filter_option("--quarter", help="Triwulan, mis. 2026Q1."),
    start: str | None = filter_option("--from"),
    end: str | None = filter_option("--to"),
    institution: str | None = filter_option("--institution"),
) -> None:
    """Satu halaman HTML mandiri (tanpa jaringan) dengan grafik: kepatuhan, keterlambatan, beban."""
    from reports.html import report_page

    title, period, late, held = _export(ctx, quarter, start, end, institution)
    page = report_page(title, period, late, held)
    _write(out, lambda path: path.write_text(page, encoding="utf-8"))
    typer.echo(f"laporan ditulis: {out}")


@app.command("xlsx")
def xlsx_cmd(
    ctx: typer.Context,
    out: Path = _OUT,
    quarter: str | None = filter_option("--quarter", help="Triwulan, mis. 2026Q1."),
    start: str | None = filter_option("--from"),
    end: str | None = filter_option("--to"),
    institution: str | None = filter_option("--institution"),
) -> None:
    """Lembar kerja xlsx: kepatuhan, per bagian, per bulan, terlambat, beban kerja."""
    from reports.xlsx import workbook_sheets, write_workbook

    _, period, late, held = _export(ctx, quarter, start, end, institution)
    sheets = workbook_sheets(period, late, held)
    _write(out, lambda path: write_workbook(path, sheets))
    typer.echo(f"lembar kerja ditulis: {out}")
