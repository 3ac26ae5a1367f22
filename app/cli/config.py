"""`alur config`: the settings in force and where each came from, passwords and secrets
hidden."""

from __future__ import annotations

import typer

from app.cli.db import settings_of
from app.output import TextFormat, print_json
from app.settings import SECRET_KEYS, hide_password


def config_cmd(
    ctx: typer.Context,
    format: TextFormat = typer.Option(TextFormat.text, "--format"),
) -> None:
    """Pengaturan yang berlaku dan asal tiap nilai (kata sandi disembunyikan)."""
    settings = settings_of(ctx)
    found = settings.config_file.is_file()
    values = {"database_url": hide_password(settings.database_url)}
    for key, value in settings.options.items():  # monitoring keys that are set
        values[key] = "***" if key in SECRET_KEYS else value
    if format == "json":
        print_json(
            {
                "config_file": str(settings.config_file),
                "config_file_exists": found,
                "settings": {
                    k: {"value": v, "source": settings.sources[k]} for k, v in values.items()
                },
            }
        )
        return
    state = "" if found else " (belum ada)"
    typer.echo(f"berkas pengaturan: {settings.config_file}{state}")
    for key, value in values.items():
        typer.echo(f"{key} = {value}    [{settings.sources[key]}]")
