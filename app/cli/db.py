"""`alur db …`: the database schema."""

from __future__ import annotations

import typer
from sqlalchemy import Engine

from app.config import database_url
from app.output import handled
from storage.db import connect

app = typer.Typer(help="Basis data.", no_args_is_help=True)


def open_engine(ctx: typer.Context) -> Engine:
    """The Engine for this invocation (`--db`, ALUR_DATABASE_URL or alur.db), migrated."""
    root = ctx.find_root()
    url = database_url((root.obj or {}).get("db"))
    with handled():
        return connect(url)


@app.command("upgrade")
def upgrade_cmd(ctx: typer.Context) -> None:
    """Buat atau perbarui skema basis data (migrasi Alembic)."""
    engine = open_engine(ctx)
    typer.echo(f"skema basis data mutakhir ({engine.url.get_backend_name()})")
    engine.dispose()
