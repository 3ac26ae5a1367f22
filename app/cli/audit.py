"""`alur audit …`: check that the audit log has not been changed."""

from __future__ import annotations

import typer

from app.cli import group
from app.cli.options import filter_option
from app.output import TextFormat, handled, print_json

app = group("Log audit: periksa keutuhannya.")


@app.command("verify")
def verify_cmd(
    ctx: typer.Context,
    case: str | None = filter_option("--case", metavar="NOMOR", help="Hanya permohonan ini."),
    format: TextFormat = typer.Option(TextFormat.text, "--format"),
) -> None:
    """Hitung ulang rantai hash setiap permohonan; exit 1 bila ada yang rusak."""
    from app.audit import verify_chains
    from app.cli.db import open_engine

    engine = open_engine(ctx)
    with handled():
        report = verify_chains(engine, case)
    broken = report["broken"]
    if format == "json":
        print_json(report)
    else:
        for item in broken:
            typer.echo(f"RUSAK {item['ref']} peristiwa #{item['seq']}: {item['reason']}")
        checked = f"{report['cases']} permohonan, {report['events']} peristiwa diperiksa"
        verdict = f"{len(broken)} rantai rusak" if broken else "semua rantai utuh"
        typer.echo(f"{checked}: {verdict}")
    if broken:
        raise typer.Exit(1)
