"""`alur staff …`: the staff directory."""

from __future__ import annotations

from pathlib import Path

import typer

from app.cli import group
from app.cli.db import open_engine
from app.output import TableFormat, fail, handled, print_json, print_table

app = group("Daftar pegawai dan perannya.")


@app.command("load")
def load_cmd(
    ctx: typer.Context,
    file: Path | None = typer.Argument(None, help="Berkas YAML daftar pegawai."),
    sample: bool = typer.Option(False, "--sample", help="Muat contoh untuk tiap instansi."),
) -> None:
    """Muat (tambah atau perbarui) daftar pegawai."""
    from app.staff import SAMPLES_DIR, load_staff_file

    if (file is None) == (not sample):
        fail("berikan satu BERKAS atau --sample")
    files = sorted(SAMPLES_DIR.glob("*.yaml")) if sample else [file]
    engine = open_engine(ctx)
    total = 0
    with handled():
        for path in files:
            total += load_staff_file(engine, path)  # type: ignore[arg-type]
    typer.echo(f"{total} pegawai dimuat")


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    institution: str | None = typer.Option(None),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
) -> None:
    """Daftar pegawai."""
    from storage import repository

    engine = open_engine(ctx)
    with handled(), engine.connect() as conn:
        rows = [
            {
                "nip": r.nip,
                "name": r.name,
                "institution": r.institution,
                "unit": r.unit_code,
                "roles": list(r.roles),
            }
            for r in repository.list_staff(conn, institution)
        ]
    if format == "json":
        print_json(rows)
        return
    columns = [("nip", "NIP"), ("name", "Nama"), ("institution", "Instansi"), ("unit", "Bagian")]
    columns += [("roles", "Peran")]
    print_table(rows, columns, title=f"{len(rows)} pegawai", no_wrap=("nip", "unit"))
