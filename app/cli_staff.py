"""`alur staff …`: the staff directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from app.cli_db import open_engine
from app.output import TableFormat, fail, handled, now, print_json, print_table
from app.staff import SAMPLES_DIR, deactivate_staff, load_staff_files, staff_history
from app.staff_file import StaffFile
from storage import repository
from storage.transactions import reading

AS_HELP = "NIP pegawai ber-peran admin yang melakukan perubahan (atau ALUR_USER)."

app = typer.Typer(help="Daftar pegawai dan perannya.", no_args_is_help=True)


@app.command("load")
def load_cmd(
    ctx: typer.Context,
    file: Path | None = typer.Argument(None, help="Berkas YAML daftar pegawai."),
    sample: bool = typer.Option(False, "--sample", help="Muat contoh untuk tiap instansi."),
    as_: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Muat (tambah atau perbarui) daftar pegawai; tercatat di riwayat pegawai.

    Memuat ke daftar yang sudah berisi memerlukan --as pegawai ber-peran admin di
    setiap instansi yang berubah; daftar kosong (pemasangan pertama) tidak."""
    if (file is None) == (not sample):
        fail("berikan satu BERKAS atau --sample")
    files = sorted(SAMPLES_DIR.glob("*.yaml")) if sample else [file]
    engine = open_engine(ctx)
    nip = as_ or os.environ.get("ALUR_USER")
    with handled():
        diff = load_staff_files(engine, files, nip, now())  # type: ignore[arg-type]
    changed = len(diff["changed"])
    typer.echo(f"{len(diff['added'])} pegawai ditambahkan, {changed} diubah")


@app.command("deactivate")
def deactivate_cmd(
    ctx: typer.Context,
    nip: str = typer.Argument(..., metavar="NIP"),
    as_: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Nonaktifkan pegawai: tidak dapat bertindak lagi; riwayatnya tetap."""
    actor = as_ or os.environ.get("ALUR_USER")
    if not actor:
        fail("sebutkan pegawai ber-peran admin yang bertindak: --as NIP (atau ALUR_USER)")
    engine = open_engine(ctx)
    with handled():
        deactivate_staff(engine, nip, actor, now())
    typer.echo(f"pegawai {nip} dinonaktifkan")


@app.command("history")
def history_cmd(
    ctx: typer.Context,
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
) -> None:
    """Riwayat perubahan daftar pegawai: siapa, kapan, dari berkas apa, apa yang berubah."""
    engine = open_engine(ctx)
    with handled():
        rows = staff_history(engine)
    if format == "json":
        print_json(rows)
        return
    for row in rows:
        diff = row["diff"]
        row["what"] = "; ".join(
            f"{label}: {', '.join(diff[key])}"
            for key, label in (
                ("added", "baru"),
                ("changed", "diubah"),
                ("deactivated", "nonaktif"),
            )
            if diff.get(key)
        )
    columns = [("changed_at", "Waktu"), ("actor_name", "Oleh"), ("action", "Tindakan")]
    columns += [("source", "Berkas"), ("what", "Perubahan")]
    print_table(rows, columns, title=f"{len(rows)} perubahan daftar pegawai")


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    institution: str | None = typer.Option(None),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
) -> None:
    """Daftar pegawai."""
    engine = open_engine(ctx)
    with reading(engine) as conn:
        rows = [
            {
                "nip": r.nip,
                "name": r.name,
                "institution": r.institution,
                "unit": r.unit_code,
                "roles": list(r.roles),
                "active": r.active,
            }
            for r in repository.list_staff(conn, institution)
        ]
    if format == "json":
        print_json(rows)
        return
    columns = [("nip", "NIP"), ("name", "Nama"), ("institution", "Instansi"), ("unit", "Bagian")]
    print_table(rows, [*columns, ("roles", "Peran")], title=f"{len(rows)} pegawai")


@app.command("schema")
def schema_cmd() -> None:
    """JSON Schema berkas daftar pegawai (untuk editor YAML)."""
    schema = StaffFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    typer.echo(json.dumps(schema, ensure_ascii=False, indent=2))
