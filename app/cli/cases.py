"""`alur case …` and `alur queue`: staff open, check and advance permohonan."""

from __future__ import annotations

import os
from typing import Any

import typer

from app.cases import Applicant, advance_case, check_requirements, open_case
from app.cli.db import open_engine
from app.output import (
    TableFormat,
    TextFormat,
    fail,
    handled,
    now,
    parse_instant,
    print_json,
    print_table,
)
from app.queries import case_history, case_list, case_summary, worklist

app = typer.Typer(help="Permohonan: buka, centang persyaratan, lanjutkan.", no_args_is_help=True)

AS_HELP = "NIP pegawai yang bertindak (atau ALUR_USER)."
STATUS_WORDS = {"on_track": "tepat waktu", "at_risk": "mendekati tenggat", "breached": "terlambat"}


def _nip(value: str | None) -> str:
    nip = value or os.environ.get("ALUR_USER")
    if not nip:
        fail("sebutkan pegawai yang bertindak: --as NIP (atau ALUR_USER)")
    return nip


@app.command("open")
def open_cmd(
    ctx: typer.Context,
    service: str = typer.Argument(..., metavar="SERVICE_ID"),
    applicant: str = typer.Option(..., help="Nama pemohon."),
    org: str | None = typer.Option(None, help="Perangkat Daerah / organisasi pemohon."),
    contact: str | None = typer.Option(None, help="Kontak pemohon."),
    variant: str | None = typer.Option(None, help="Varian (metode, saluran, jenis pekerjaan)."),
    at: str | None = typer.Option(None, help="Waktu berkas diterima (ISO 8601 dengan zona)."),
    as_: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Catat permohonan baru; mencetak nomor registrasinya."""
    nip, when = _nip(as_), parse_instant(at, "--at")
    engine = open_engine(ctx)
    with handled():
        ref = open_case(
            engine,
            service,
            Applicant(applicant, org, contact),
            nip,
            now(),
            variant=variant,
            at=when,
        )
    typer.echo(ref)


@app.command("advance")
def advance_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="REF"),
    trigger: str = typer.Argument(..., metavar="TRIGGER"),
    note: str | None = typer.Option(None, help="Catatan untuk log."),
    at: str | None = typer.Option(None, help="Waktu langkah terjadi (ISO 8601 dengan zona)."),
    expect_version: int | None = typer.Option(None, help="Tolak jika versi permohonan berubah."),
    as_: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Lanjutkan permohonan dengan satu langkah alur."""
    nip, when = _nip(as_), parse_instant(at, "--at")
    engine = open_engine(ctx)
    with handled():
        state = advance_case(
            engine, ref, trigger, nip, now(), note=note, at=when, expect_rev=expect_version
        )
        summary = case_summary(engine, ref, now())
    typer.echo(f"{ref}: {state} — {summary['state_label']}")


@app.command("check")
def check_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="REF"),
    requirements: list[str] = typer.Argument(..., metavar="REQUIREMENT_ID..."),
    as_: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Centang persyaratan yang sudah diterima."""
    nip = _nip(as_)
    engine = open_engine(ctx)
    with handled():
        missing = check_requirements(engine, ref, requirements, nip, now())
    if missing:
        typer.echo(f"{ref}: persyaratan belum lengkap: {', '.join(missing)}")
    else:
        typer.echo(f"{ref}: persyaratan lengkap")


def _print_summary(s: dict[str, Any]) -> None:
    typer.echo(f"{s['ref']}  {s['service_name']} [{s['service']}]")
    typer.echo(f"Pemohon: {s['applicant']}" + (f" ({s['org']})" if s["org"] else ""))
    typer.echo(
        f"Tahap: {s['state_label']} [{s['state']}]"
        + (f" — {s['role_label']}" if s["role_label"] else "")
    )
    typer.echo(f"Versi: {s['version']}    Diterima: {s['received_at']}")
    typer.echo(f"Waktu penyelesaian: {s['sla']}    Tenggat: {s['due'] or '-'}")
    paused = " (jam berhenti: menunggu pemohon)" if s["paused"] else ""
    typer.echo(
        f"Status: {STATUS_WORDS.get(s['sla_status'], s['sla_status'])}{paused} — {s['sla_detail']}"
    )
    if s["step_due"]:
        typer.echo(f"Tenggat tahap ini: {s['step_due']}")
    typer.echo(f"Langkah yang bisa dilakukan: {', '.join(s['allowed_triggers']) or '-'}")
    if s["checklist"]:
        typer.echo("Persyaratan:")
        for item in s["checklist"]:
            typer.echo(f"  [{'x' if item['done'] else ' '}] {item['id']}: {item['text']}")


@app.command("show")
def show_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="REF"),
    as_: str | None = typer.Option(None, "--as", help=AS_HELP),
    format: TextFormat = typer.Option(TextFormat.text, "--format"),
) -> None:
    """Keadaan satu permohonan."""
    engine = open_engine(ctx)
    with handled():
        summary = case_summary(engine, ref, now(), as_ or os.environ.get("ALUR_USER"))
    print_json(summary) if format == "json" else _print_summary(summary)


@app.command("history")
def history_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="REF"),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
) -> None:
    """Log audit permohonan, berurutan."""
    engine = open_engine(ctx)
    with handled():
        events = case_history(engine, ref)
    if format == "json":
        print_json(events)
        return
    columns = [("seq", "#"), ("effective_at", "Waktu"), ("trigger", "Langkah")]
    columns += [
        ("to_state", "Ke tahap"),
        ("actor_name", "Oleh"),
        ("role", "Peran"),
        ("note", "Catatan"),
    ]
    print_table(events, columns, title=f"Riwayat {ref}")


_LIST_COLUMNS = [
    ("ref", "Nomor"),
    ("service", "Layanan"),
    ("state", "Tahap"),
    ("role", "Menunggu"),
    ("due", "Tenggat"),
    ("sla_status", "Status"),
    ("sla_detail", "Keterangan"),
]


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    service: str | None = typer.Option(None),
    state: str | None = typer.Option(None),
    status: str | None = typer.Option(None, help="on_track, at_risk atau breached"),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
) -> None:
    """Daftar permohonan."""
    if status is not None and status not in STATUS_WORDS:
        fail(f"--status {status!r} tidak dikenal (pilihan: {', '.join(STATUS_WORDS)})")
    engine = open_engine(ctx)
    with handled():
        rows = case_list(engine, now(), service=service, state=state, status=status)
    if format == "json":
        print_json(rows)
        return
    fmt = {"sla_status": lambda v: STATUS_WORDS.get(v, str(v))}
    print_table(rows, _LIST_COLUMNS, title=f"{len(rows)} permohonan", formatters=fmt)


def queue(
    ctx: typer.Context,
    as_: str | None = typer.Option(None, "--as", help=AS_HELP),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
) -> None:
    """Permohonan yang menunggu tindakan Anda, paling mendesak dulu."""
    nip = _nip(as_)
    engine = open_engine(ctx)
    with handled():
        rows = worklist(engine, nip, now())
    if format == "json":
        print_json(rows)
        return
    fmt = {"sla_status": lambda v: STATUS_WORDS.get(v, str(v))}
    print_table(rows, _LIST_COLUMNS, title=f"{len(rows)} permohonan menunggu {nip}", formatters=fmt)
