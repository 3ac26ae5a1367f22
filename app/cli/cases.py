"""`alur case …` and `alur queue`: staff open, check and advance permohonan.

Each command parses its options, calls one use case of `app.cases` or `app.queries` and
prints; those (and SQLAlchemy under them) are imported inside the command, so that `--help`
stays fast.
"""

from __future__ import annotations

import os
import uuid
from typing import Annotated, Any

import typer

from app.cli import group
from app.cli.casefmt import print_cases, print_history, print_summary
from app.cli.db import open_engine
from app.cli.options import filter_option, not_blank
from app.output import TableFormat, TextFormat, fail, handled, now, parse_instant, print_json
from app.timefmt import status_code

app = group("Permohonan: buka, centang persyaratan, lanjutkan, lihat.")

AS_HELP = "NIP pegawai yang bertindak (atau ALUR_USER)."
WIDE_HELP = "Tampilkan semua kolom dan waktu lengkap (tanpa memotong untuk layar 80 kolom)."


def _nip(value: str | None) -> str:
    nip = value or os.environ.get("ALUR_USER")
    if not nip:
        fail("sebutkan pegawai yang bertindak: --as NIP (atau ALUR_USER)")
    return nip


REQUEST_HELP = (
    "Kode permintaan (idempotensi): mengulang perintah dengan kode yang sama tidak "
    "mencatat dua kali. Dibuat otomatis bila tidak diberikan, dan dicetak bila gagal."
)


AsNip = Annotated[str | None, typer.Option("--as", help=AS_HELP, callback=not_blank)]
RequestId = Annotated[str | None, typer.Option("--request-id", help=REQUEST_HELP)]


def _request_id(value: str | None) -> str:
    """The request's key: the one given (the use case checks it), else a new one."""
    return uuid.uuid4().hex if value is None else value


@app.command("open")
def open_cmd(
    ctx: typer.Context,
    service: str = typer.Argument(..., metavar="LAYANAN"),
    applicant: str = typer.Option(..., help="Nama pemohon."),
    org: str | None = typer.Option(None, help="Perangkat Daerah / organisasi pemohon."),
    contact: str | None = typer.Option(None, help="Kontak pemohon."),
    variant: str | None = typer.Option(None, help="Varian (metode, saluran, jenis pekerjaan)."),
    at: str | None = typer.Option(None, help="Waktu berkas diterima (ISO 8601 dengan zona)."),
    as_: AsNip = None,
    request_id: RequestId = None,
) -> None:
    """Catat permohonan baru; mencetak nomor registrasinya."""
    nip, when, key = _nip(as_), parse_instant(at, "--at"), _request_id(request_id)
    engine = open_engine(ctx)
    with handled(key):
        from app.cases import Applicant, open_case

        who = Applicant(applicant, org, contact)
        ref = open_case(engine, service, who, nip, now, variant=variant, at=when, request_id=key)
    typer.echo(ref)


@app.command("advance")
def advance_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="NOMOR"),
    trigger: str = typer.Argument(..., metavar="LANGKAH"),
    note: str | None = typer.Option(
        None,
        help="Catatan untuk log; wajib diisi alasannya bila langkah mengembalikan berkas "
        "kepada pemohon.",
    ),
    at: str | None = typer.Option(None, help="Waktu langkah terjadi (ISO 8601 dengan zona)."),
    expect_version: int | None = typer.Option(None, help="Tolak jika versi permohonan berubah."),
    as_: AsNip = None,
    request_id: RequestId = None,
) -> None:
    """Lanjutkan permohonan dengan satu langkah alur."""
    nip, when, key = _nip(as_), parse_instant(at, "--at"), _request_id(request_id)
    engine = open_engine(ctx)
    with handled(key):
        from app.cases import advance_case
        from app.queries import case_summary

        state = advance_case(
            engine, ref, trigger, nip, now, note=note, at=when, expect_rev=expect_version,
            request_id=key,
        )  # fmt: skip
        summary = case_summary(engine, ref, now())
    typer.echo(f"{ref}: {state} — {summary['state_label']}")


@app.command("check")
def check_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="NOMOR"),
    requirements: list[str] = typer.Argument(..., metavar="BUTIR"),
    reason: str | None = typer.Option(
        None, "--reason", help="Alasan (wajib bila persyaratan sudah dinyatakan lengkap)."
    ),
    as_: AsNip = None,
    request_id: RequestId = None,
) -> None:
    """Centang persyaratan yang sudah diterima."""
    nip, key = _nip(as_), _request_id(request_id)
    engine = open_engine(ctx)
    with handled(key):
        from app.checklist import check_requirements

        missing = check_requirements(
            engine, ref, requirements, nip, now, reason=reason, request_id=key
        )
    _print_missing(ref, missing)


@app.command("uncheck")
def uncheck_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="NOMOR"),
    requirements: list[str] = typer.Argument(..., metavar="BUTIR"),
    reason: str = typer.Option(..., "--reason", help="Alasan koreksi (wajib)."),
    as_: AsNip = None,
    request_id: RequestId = None,
) -> None:
    """Hapus centang persyaratan (koreksi, dengan alasan)."""
    nip, key = _nip(as_), _request_id(request_id)
    engine = open_engine(ctx)
    with handled(key):
        from app.checklist import uncheck_requirements

        missing = uncheck_requirements(
            engine, ref, requirements, nip, now, reason=reason, request_id=key
        )
    _print_missing(ref, missing)


def _print_missing(ref: str, missing: list[str]) -> None:
    if missing:
        typer.echo(f"{ref}: persyaratan wajib belum lengkap: {', '.join(missing)}")
    else:
        typer.echo(f"{ref}: persyaratan wajib lengkap")


@app.command("cancel")
def cancel_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="NOMOR"),
    reason: str = typer.Option(..., "--reason", help="Alasan pembatalan (wajib)."),
    as_: AsNip = None,
    request_id: RequestId = None,
) -> None:
    """Batalkan permohonan (pemohon menarik berkas, atau permohonan batal)."""
    nip, key = _nip(as_), _request_id(request_id)
    engine = open_engine(ctx)
    with handled(key):
        from app.lifecycle import cancel_case

        cancel_case(engine, ref, nip, now, reason=reason, request_id=key)
    typer.echo(f"{ref}: dibatalkan")


@app.command("assign")
def assign_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="NOMOR"),
    assignee: str = typer.Argument(..., metavar="NIP", help="Pegawai penerima disposisi."),
    as_: AsNip = None,
    request_id: RequestId = None,
) -> None:
    """Disposisi: serahkan permohonan kepada pegawai tertentu (Kabag, atau diri sendiri)."""
    nip, key = _nip(as_), _request_id(request_id)
    engine = open_engine(ctx)
    with handled(key):
        from app.lifecycle import assign_case

        name = assign_case(engine, ref, assignee, nip, now, request_id=key)
    typer.echo(f"{ref}: didisposisikan kepada {name}")


@app.command("lapse")
def lapse_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="NOMOR"),
    as_: AsNip = None,
) -> None:
    """Nyatakan gugur: permohonan menunggu pemohon melewati batas layanan."""
    nip = _nip(as_)
    engine = open_engine(ctx)
    with handled():
        from app.lifecycle import lapse_case

        lapse_case(engine, ref, now, nip)
    typer.echo(f"{ref}: gugur")


@app.command("show")
def show_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="NOMOR"),
    as_: AsNip = None,
    at: str | None = typer.Option(None, "--at", help="Keadaan pada waktu itu (ISO 8601)."),
    format: TextFormat = typer.Option(TextFormat.text, "--format"),
) -> None:
    """Keadaan satu permohonan (kini, atau pada --at)."""
    when = parse_instant(at, "--at")
    engine = open_engine(ctx)
    with handled():
        from app.queries import case_summary

        nip = as_ or os.environ.get("ALUR_USER")
        summary = case_summary(engine, ref, now(), nip, at=when)
    print_json(summary) if format == "json" else print_summary(summary)


@app.command("history")
def history_cmd(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="NOMOR"),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Log audit permohonan, berurutan."""
    engine = open_engine(ctx)
    with handled():
        from app.queries import case_history

        events = case_history(engine, ref)
    print_json(events) if format == "json" else print_history(ref, events, wide=wide)


def _openness(open_: bool, closed: bool, all_: bool) -> str:
    if open_ + closed + all_ > 1:
        fail("pilih satu dari --open, --closed atau --all")
    return "closed" if closed else "all" if all_ else "open"


def _status(value: str | None) -> str | None:
    if value is None:
        return None
    code = status_code(value)
    if code is None:
        fail(
            f"--status {value!r} tidak dikenal (pilihan: sesuai-jadwal, berisiko, terlambat, "
            "dijeda, belum-berjalan, tanpa-standar-waktu)"
        )
    return code


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    service: str | None = filter_option("--service", help="Id layanan."),
    state: str | None = filter_option("--state", help="Tahap (id tahap alur)."),
    status: str | None = filter_option(
        "--status", help="sesuai-jadwal, berisiko, terlambat, dijeda…"
    ),
    institution: str | None = filter_option(
        "--institution", help="Instansi: pekalongan, ppu, pasuruan."
    ),
    unit: str | None = filter_option("--unit", help="Kode bagian, mis. PBJ."),
    open_: bool = typer.Option(False, "--open", help="Hanya yang masih berjalan (bawaan)."),
    closed: bool = typer.Option(False, "--closed", help="Hanya yang sudah selesai."),
    all_: bool = typer.Option(False, "--all", help="Semua permohonan."),
    holder: str | None = filter_option(
        "--holder", metavar="NIP", help="Yang menunggu pegawai ini."
    ),
    applicant: str | None = filter_option(
        "--applicant", help="Sebagian nama pemohon atau instansinya."
    ),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Daftar permohonan (bawaan: yang masih berjalan), paling awal tenggatnya dulu."""
    filters: dict[str, Any] = {
        "service": service,
        "state": state,
        "status": _status(status),
        "institution": institution,
        "unit": unit,
        "openness": _openness(open_, closed, all_),
        "holder": holder,
        "applicant": applicant,
    }
    engine = open_engine(ctx)
    with handled():
        from app.queries import case_list

        rows = case_list(engine, now(), **filters)
    if format == "json":
        print_json(rows)
        return
    print_cases(rows, f"{len(rows)} permohonan", wide=wide)


def queue(
    ctx: typer.Context,
    as_: AsNip = None,
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Permohonan yang menunggu tindakan Anda, paling mendesak dulu."""
    nip = _nip(as_)
    engine = open_engine(ctx)
    with handled():
        from app.queries import worklist

        rows = worklist(engine, nip, now())
    if format == "json":
        print_json(rows)
        return
    titles = {
        "untuk_saya": "untuk saya",
        "bagian_saya": "bagian saya",
        "menunggu_pemohon": "menunggu pemohon",
    }
    for section, title in titles.items():
        part = [r for r in rows if r["section"] == section]
        print_cases(part, f"{title}: {len(part)} permohonan", wide=wide)
