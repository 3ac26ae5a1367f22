"""`alur staff …`: the staff directory, its audited changes and its file format."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import typer

from app.cli import group
from app.cli.db import open_engine
from app.cli.options import filter_option
from app.output import WIDE_HELP, TableFormat, fail, handled, now, print_json, print_table

app = group("Daftar pegawai dan perannya.")

ADMIN_HELP = "NIP pegawai ber-peran admin yang melakukan perubahan (atau ALUR_USER)."


@app.command("load")
def load_cmd(
    ctx: typer.Context,
    file: Path | None = typer.Argument(None, metavar="BERKAS", help="Berkas YAML daftar pegawai."),
    sample: bool = typer.Option(False, "--sample", help="Muat contoh untuk tiap instansi."),
    as_: str | None = filter_option("--as", help=ADMIN_HELP),
) -> None:
    """Muat (tambah atau perbarui) daftar pegawai; tercatat di riwayat pegawai.

    Memuat ke daftar yang sudah berisi memerlukan --as pegawai ber-peran admin di
    setiap instansi yang berubah; daftar kosong (pemasangan pertama) tidak."""
    from app.staff import SAMPLES_DIR, load_staff_files

    if (file is None) == (not sample):
        fail("berikan satu BERKAS atau --sample")
    files = sorted(SAMPLES_DIR.glob("*.yaml")) if sample else [file]
    engine = open_engine(ctx)
    nip = as_ or os.environ.get("ALUR_USER")
    with handled():
        diff = load_staff_files(engine, files, nip, now())  # type: ignore[arg-type]
    typer.echo(f"{len(diff['added'])} pegawai ditambahkan, {len(diff['changed'])} diubah")


@app.command("deactivate")
def deactivate_cmd(
    ctx: typer.Context,
    nip: str = typer.Argument(..., metavar="NIP"),
    as_: str | None = filter_option("--as", help=ADMIN_HELP),
) -> None:
    """Nonaktifkan pegawai: tidak dapat bertindak lagi; riwayatnya tetap."""
    from app.staff import deactivate_staff

    actor = as_ or os.environ.get("ALUR_USER")
    if not actor:
        fail("sebutkan pegawai ber-peran admin yang bertindak: --as NIP (atau ALUR_USER)")
    engine = open_engine(ctx)
    with handled():
        deactivate_staff(engine, nip, actor, now())
    typer.echo(f"pegawai {nip} dinonaktifkan")


_CHANGES = (
    ("added", "baru"),
    ("changed", "ubah"),
    ("deactivated", "nonaktif"),
    ("password", "sandi"),
    ("token_issued", "token API baru"),
    ("token_revoked", "token API dicabut"),
)


@app.command("history")
def history_cmd(
    ctx: typer.Context,
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Riwayat perubahan daftar pegawai: siapa, kapan, dari berkas apa, apa yang berubah."""
    from app.staff import staff_history

    engine = open_engine(ctx)
    with handled():
        rows = staff_history(engine)
    if format == "json":
        print_json(rows)
        return
    from app.timefmt import long_time, short_time

    when = long_time if wide else short_time
    for row in rows:
        diff = row["diff"]
        row["what"] = "; ".join(
            _listed(label, diff[key]) for key, label in _CHANGES if diff.get(key)
        )
        row["changed_at"] = when(row["changed_at"])
        row["actor_name"] = row["actor_name"] or "(pemasangan pertama)"
    columns = [("changed_at", "Waktu"), ("actor_name", "Oleh"), ("action", "Tindakan")]
    columns += [("source", "Berkas"), ("what", "Perubahan")]
    print_table(rows, columns, title=f"{len(rows)} perubahan daftar pegawai", wide=wide)


def _listed(label: str, nips: Any) -> str:
    """A change's people: named when few, counted when many (JSON has them all)."""
    names = list(nips)
    return f"{label}: {', '.join(names)}" if len(names) <= 5 else f"{label}: {len(names)} pegawai"


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    institution: str | None = filter_option("--institution"),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Daftar pegawai."""
    from storage import repository
    from storage.transactions import reading

    engine = open_engine(ctx)
    with handled(), reading(engine) as conn:
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
    columns += [("roles", "Peran"), ("active", "Aktif")]
    print_table(rows, columns, title=f"{len(rows)} pegawai", no_wrap=("nip", "unit"), wide=wide)


@app.command("schema")
def schema_cmd() -> None:
    """JSON Schema berkas daftar pegawai (untuk editor YAML)."""
    from app.staff_file import StaffFile

    schema = StaffFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    typer.echo(json.dumps(schema, ensure_ascii=False, indent=2))
