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
from app.errors import DatabaseMissing, DatabaseUrlInvalid
from app.output import database_reason, fail, handled
from app.settings import Settings, hide_password, load_settings

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine

app = group("Basis data: buat/perbarui skema, cadangkan.")

_SUPPORTED = "pakai sqlite:///BERKAS atau postgresql+psycopg://PENGGUNA@HOST/NAMA"


def settings_of(ctx: typer.Context) -> Settings:
    """The settings in force for this invocation (`--db`, environment, settings file)."""
    with handled():
        return load_settings((ctx.find_root().obj or {}).get("db"))


def parse_database_url(url: str) -> URL:
    """The URL, if it names a database alur can use (SQLite file or PostgreSQL)."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlInvalid(hide_password(url), f"bukan URL basis data; {_SUPPORTED}") from exc
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise DatabaseUrlInvalid(
            hide_password(url), f"jenis basis data tidak didukung; {_SUPPORTED}"
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise DatabaseUrlInvalid(hide_password(url), "sebutkan berkas SQLite: sqlite:///BERKAS")
    return parsed


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL."""
    return Path(url.database or "") if url.get_backend_name() == "sqlite" else None


def _connect(settings: Settings, create: bool) -> Engine:
    from storage.db import connect
    from storage.errors import DatabaseUnavailable

    url = parse_database_url(settings.database_url)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        if not create:
            raise DatabaseMissing(str(path))
        if settings.database_is_default():  # the per-user data folder may not exist yet
            path.parent.mkdir(parents=True, exist_ok=True)
    if path is not None and path.is_dir():
        raise DatabaseUrlInvalid(str(path), "ini sebuah folder, bukan berkas")
    try:
        engine = connect(url.render_as_string(hide_password=False), migrate=False)
    except DatabaseUnavailable as exc:
        raise DatabaseUnavailable(exc.url, database_reason(exc.reason)) from exc
    from app.schema_version import ensure_current

    ensure_current(engine)
    return engine


def open_engine(ctx: typer.Context, *, create: bool = False) -> Engine:
    """The Engine for this invocation, its schema migrated; only `create` makes a new file."""
    settings = settings_of(ctx)
    with handled():
        engine = _connect(settings, create)
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
