"""`alur staff passwd NIP`: set a person's password for signing in to the web pages."""

from __future__ import annotations

import os
import sys

import typer

from app.cli.db import open_engine
from app.cli.options import filter_option
from app.output import fail, handled, now

HELP_AS = "NIP admin yang mengatur ulang sandi orang lain (atau ALUR_USER); tanpa ini: sendiri."


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt("Kata sandi baru", hide_input=True)
    if typer.prompt("Ulangi kata sandi baru", hide_input=True) != first:
        fail("kedua isian kata sandi tidak sama; tidak ada yang berubah")
    return str(first)


def passwd_cmd(
    ctx: typer.Context,
    nip: str = typer.Argument(..., metavar="NIP", help="NIP pegawai (spasi boleh)."),
    as_: str | None = filter_option("--as", help=HELP_AS),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Baca kata sandi dari satu baris masukan standar."
    ),
) -> None:
    """Atur kata sandi masuk halaman web. Admin yang mengatur ulang kata sandi orang lain
    membuatnya wajib diganti saat orang itu masuk pertama kali."""
    from app.accounts import set_password

    actor = as_ or os.environ.get("ALUR_USER") or nip
    password = _read_password(password_stdin)
    engine = open_engine(ctx)
    with handled():
        forced = set_password(engine, nip, password, actor, now())
    typer.echo(f"kata sandi pegawai {''.join(nip.split())} diatur")
    if forced:
        typer.echo("pegawai itu wajib menggantinya saat masuk pertama kali")
