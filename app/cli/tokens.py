"""`alur token …`: per-staff API tokens for the HTTP API (issue, list, revoke).

The use cases (`app.tokens`) decide who may: the person for themself, or the admin of
their institution. They and SQLAlchemy are imported inside each command, so `--help` stays
fast.
"""

from __future__ import annotations

import typer

from app.cli import group
from app.cli.cases import _nip  # the acting person: --as, else ALUR_USER
from app.cli.db import open_engine
from app.cli.options import filter_option
from app.output import WIDE_HELP, TableFormat, handled, now, print_json, print_table

app = group("Token API per pegawai (untuk sistem lain yang memakai /api/v1).")

AS_HELP = "NIP pegawai yang bertindak: pemilik token, atau admin instansinya (atau ALUR_USER)."


@app.command("issue")
def issue_cmd(
    ctx: typer.Context,
    nip: str = typer.Argument(..., metavar="NIP", help="Pemilik token."),
    label: str = typer.Option(..., "--label", help="Untuk apa token ini (mis. nama sistem)."),
    as_: str | None = filter_option("--as", help=AS_HELP),
) -> None:
    """Terbitkan token API; token hanya ditampilkan sekali ini."""
    acting = _nip(as_)
    engine = open_engine(ctx)
    with handled():
        from app.tokens import issue_token

        issued = issue_token(engine, nip, label, acting, now())
    typer.echo(issued.token)
    typer.echo(
        f"token nomor {issued.id} untuk pegawai {issued.nip} ({issued.label}); simpan sekarang: "
        "token ini tidak dapat ditampilkan lagi",
        err=True,
    )


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    nip: str | None = typer.Argument(None, metavar="NIP", help="Pemilik (bawaan: Anda)."),
    as_: str | None = filter_option("--as", help=AS_HELP),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=WIDE_HELP),
) -> None:
    """Daftar token API seorang pegawai (tanpa isi tokennya)."""
    acting = _nip(as_)
    engine = open_engine(ctx)
    with handled():
        from app.tokens import list_tokens

        rows = list_tokens(engine, acting, nip)
    if format == "json":
        print_json(rows)
        return
    from app.timefmt import long_time, short_time

    when = long_time if wide else short_time
    shown = [{**r, **{k: when(r[k]) for k in _TIMES}} for r in rows]
    columns = [("id", "No"), ("label", "Label"), ("created_at", "Dibuat")]
    columns += [("last_used_at", "Terakhir dipakai"), ("revoked_at", "Dicabut")]
    title = f"{len(rows)} token API pegawai {nip or acting}"
    print_table(shown, columns, title=title, wide=wide)


_TIMES = ("created_at", "last_used_at", "revoked_at")


@app.command("revoke")
def revoke_cmd(
    ctx: typer.Context,
    token_id: int = typer.Argument(
        ..., metavar="NOMOR", help="Nomor token (lihat: alur token list)."
    ),
    as_: str | None = filter_option("--as", help=AS_HELP),
) -> None:
    """Cabut token API: sejak itu tidak dapat dipakai lagi."""
    acting = _nip(as_)
    engine = open_engine(ctx)
    with handled():
        from app.tokens import revoke_token

        row = revoke_token(engine, token_id, acting, now())
    typer.echo(f"token nomor {row['id']} ({row['label']}) milik pegawai {row['nip']} dicabut")
