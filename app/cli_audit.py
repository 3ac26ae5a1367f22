"""`alur audit …`: check that the audit log has not been changed."""

from __future__ import annotations

import typer

from app.audit import verify_chains
from app.cli_db import open_engine
from app.output import TextFormat, handled, print_json

app = typer.Typer(help="Log audit: periksa keutuhannya.", no_args_is_help=True)


@app.command("verify")
def verify_cmd(
    ctx: typer.Context,
    case: str | None = typer.Option(None, "--case", metavar="REF", help="Hanya permohonan ini."),
    format: TextFormat = typer.Option(TextFormat.text, "--format"),
) -> None:
    """Hitung ulang rantai hash setiap permohonan; exit 1 bila ada yang rusak."""
    engine = open_engine(ctx)
    with handled():
        report = verify_chains(engine, case)
    if format == "json":
        print_json(report)
    else:
        for item in report["broken"]:
            typer.echo(f"RUSAK {item['ref']} peristiwa #{item['seq']}: {item['reason']}")
        verdict = "rusak" if report["broken"] else "utuh"
        typer.echo(
            f"{report['cases']} permohonan, {report['events']} peristiwa diperiksa: "
            f"{len(report['broken'])} rantai {verdict}"
            if report["broken"]
            else f"{report['cases']} permohonan, {report['events']} peristiwa diperiksa: "
            "semua rantai utuh"
        )
    if report["broken"]:
        raise typer.Exit(1)
