"""`alur db …`: the database schema and backups; `open_engine` for every other command.

Only `alur db upgrade` creates a database. Every other command refuses a SQLite file that
does not exist (exit 2), so a typo in `--db` or a command run from another folder never opens
a new, empty database that staff would read as lost cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.cli import group
from app.database import open_database, parse_database_url, sqlite_file
from app.errors import DatabaseMissing
from app.output import fail, handled
from app.settings import Settings, hide_password, load_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

app = group("Basis data: buat/perbarui skema, cadangkan.")


def settings_of(ctx: typer.Context) -> Settings:
    """The settings in force for this invocation (`--db`, environment, settings file)."""
    with handled():
        return load_settings((ctx.find_root().obj or {}).get("db"))


def open_engine(ctx: typer.Context, *, create: bool = False) -> Engine:
    """The Engine for this invocation, its schema migrated; only `create` makes a new file."""
    settings = settings_of(ctx)
    with handled():
        engine = open_database(
            settings.database_url, create=create, make_folder=settings.database_is_default()
        )
    ctx.call_on_close(engine.dispose)  # no pooled connection outlives the command
    return engine


@app.command("upgrade")
def upgrade_cmd(ctx: typer.Context) -> None:
    """Buat atau perbarui skema basis data (migrasi Alembic)."""
    engine = open_engine(ctx, create=True)
    where = hide_password(engine.url.render_as_string(hide_password=False))
    typer.echo(f"skema basis data mutakhir ({engine.url.get_backend_name()}: {where})")
    engine.dispose()


@app.command("backup")
def backup_cmd(
    ctx: typer.Context,
    target: Path = typer.Argument(..., metavar="BERKAS", help="Berkas cadangan baru."),
) -> None:
    """Cadangkan basis data SQLite saat sedang dipakai (PostgreSQL: pakai pg_dump)."""
    from app.backup import backup_sqlite

    settings = settings_of(ctx)
    with handled():
        path = sqlite_file(parse_database_url(settings.database_url))
        if path is None:
            fail("alur db backup hanya untuk SQLite; untuk PostgreSQL pakai pg_dump (lihat README)")
        if not path.exists():
            raise DatabaseMissing(str(path))
        pages = backup_sqlite(path, target)
    typer.echo(f"cadangan {path} tersimpan di {target} ({pages} halaman)")
