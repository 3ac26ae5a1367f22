"""The command line of monitoring: `alur monitor …`, `alur outbox …`, `alur scheduler …`.

Assembled by `cli.py` like the groups in `app/cli/`; at module level only typer and light
modules, what a command needs is imported inside it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import typer

from app.cli import group
from app.output import (
    WIDE_HELP,
    TableFormat,
    TextFormat,
    fail,
    handled,
    now,
    parse_instant,
    print_json,
)

__all__ = ["monitor_app", "outbox_app", "scheduler_app"]

monitor_app = group("Pemantauan SLA: peringatan dan eskalasi permohonan terlambat.")
outbox_app = group("Kotak keluar pesan peringatan: daftar, rincian, kirim ulang.")
scheduler_app = group("Penjadwal: sapuan dan pengiriman berkala.")


class OutboxStatus(StrEnum):
    pending = "pending"
    failed = "failed"
    sent = "sent"
    dead = "dead"


_STATUS_WORDS = {"pending": "menunggu", "failed": "gagal", "sent": "terkirim", "dead": "mati"}


def _config(ctx: typer.Context) -> Any:
    from app.cli.db import settings_of
    from monitor.config import monitor_config

    settings = settings_of(ctx)
    with handled():
        return monitor_config(settings.options)


def _wib(value: datetime) -> datetime:
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo("Asia/Jakarta")) if value.utcoffset() == 0 else value


@monitor_app.command("sweep")
def sweep_cmd(
    ctx: typer.Context,
    at: str | None = typer.Option(None, "--at", metavar="WAKTU", help="Waktu sapuan (uji/ulang)."),
    format: TextFormat = typer.Option(TextFormat.text, "--format"),
) -> None:
    """Jalankan satu sapuan: peringatan dan pesan ringkasan yang diantrekan."""
    from app.cli.db import open_engine
    from app.timefmt import long_time
    from monitor.sweep import sweep

    when = parse_instant(at, "--at") or now()
    config = _config(ctx)
    engine = open_engine(ctx)
    with handled():
        report = sweep(engine, when, policies=config.policies, batch=config.sweep_batch)
    if format == "json":
        print_json(report.as_dict())
        return
    typer.echo(
        f"sapuan {long_time(_wib(when))}: {report.cases} permohonan diperiksa, "
        f"{len(report.alerts)} peringatan, {len(report.messages)} pesan diantrekan, "
        f"{len(report.lapsed)} gugur, {report.deferred} ditunda (di luar jam layanan)"
    )
    for m in report.messages:
        typer.echo(
            f"  pesan #{m['id']} kepada {m['name']} ({m['recipient']}) lewat {m['channel']}: "
            f"{m['cases']} permohonan"
        )
    for ref in report.lapsed:
        typer.echo(f"  {ref} dinyatakan gugur")
    for problem in report.problems:
        typer.echo(f"peringatan: {problem['ref']} dilewati: {problem['reason']}", err=True)


@outbox_app.command("list")
def list_cmd(
    ctx: typer.Context,
    status: OutboxStatus | None = typer.Option(None, "--status"),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Pesan di kotak keluar, terbaru dahulu."""
    from app.cli.db import open_engine
    from app.output import print_table
    from app.timefmt import long_time, short_time
    from monitor.outbox import list_messages

    engine = open_engine(ctx)
    with handled():
        rows = list_messages(engine, status.value if status else None)
    if format == "json":
        print_json(rows)
        return
    for row in rows:
        row["status_label"] = _STATUS_WORDS[row["status"]]
    columns = [("id", "#"), ("status_label", "Status"), ("name", "Kepada"), ("channel", "Saluran")]
    columns += [("cases", "Permohonan"), ("attempts", "Percobaan"), ("created_at", "Dibuat")]
    when = long_time if wide else short_time
    print_table(rows, columns, title="Kotak keluar", formatters={"created_at": when}, wide=wide)


def _message_id(value: str) -> int:
    if not value.isdigit():
        fail(f"nomor pesan {value!r} harus bilangan bulat")
    return int(value)


@outbox_app.command("show")
def show_cmd(
    ctx: typer.Context,
    ident: str = typer.Argument(..., metavar="NOMOR"),
    format: TextFormat = typer.Option(TextFormat.text, "--format"),
) -> None:
    """Rincian satu pesan: isi, status dan setiap percobaan kirim."""
    from app.cli.db import open_engine
    from app.timefmt import long_time
    from monitor.outbox import show_message

    number = _message_id(ident)
    engine = open_engine(ctx)
    with handled():
        message = show_message(engine, number)
    if format == "json":
        print_json(message)
        return
    typer.echo(f"pesan #{message['id']} ({_STATUS_WORDS[message['status']]})")
    typer.echo(f"kepada: {message['name']} ({message['recipient']}) lewat {message['channel']}")
    typer.echo(f"subjek: {message['subject']}")
    for attempt in message["attempts_log"]:
        result = "diterima" if attempt["ok"] else f"gagal: {attempt['error']}"
        typer.echo(f"percobaan {attempt['attempt']} {long_time(attempt['at'])}: {result}")
    typer.echo("")
    typer.echo(message["body"].rstrip("\n"))


@outbox_app.command("retry")
def retry_cmd(ctx: typer.Context, ident: str = typer.Argument(..., metavar="NOMOR")) -> None:
    """Kirim ulang pesan yang gagal atau mati (satu putaran percobaan lagi)."""
    from app.cli.db import open_engine
    from monitor.outbox import retry_message

    number = _message_id(ident)
    engine = open_engine(ctx)
    with handled():
        before = retry_message(engine, number, now())
    if before == "sent":
        fail(f"pesan #{number} sudah terkirim; tidak dikirim ulang")
    typer.echo(f"pesan #{number} ({_STATUS_WORDS[before]}) dijadwalkan untuk dikirim lagi")


@scheduler_app.command("run")
def run_cmd(ctx: typer.Context) -> None:
    """Jalankan penjadwal: sapuan dan pengiriman berkala, sampai dihentikan (Ctrl-C/SIGTERM)."""
    import logging

    from app.cli.db import open_engine
    from monitor.scheduler import build_scheduler, run_scheduler

    config = _config(ctx)
    engine = open_engine(ctx)  # checks and migrates the database before the first job
    url = engine.url.render_as_string(hide_password=False)
    from app.cli.db import settings_of

    options = settings_of(ctx).options
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    typer.echo(
        f"penjadwal berjalan: sapuan tiap {config.sweep_every} detik, "
        f"pengiriman tiap {config.deliver_every} detik (hentikan dengan Ctrl-C)"
    )
    run_scheduler(build_scheduler(url, options, config))
    typer.echo("penjadwal berhenti")
