"""`alur demo`: the first thing to run on a fresh machine."""

from __future__ import annotations

from pathlib import Path

import typer

from app.output import fail, handled


def demo_cmd(
    out: Path = typer.Option(
        Path("alur-demo"),
        "--out",
        metavar="FOLDER",
        help="Folder baru untuk basis data dan laporan demo.",
    ),
    weeks: int = typer.Option(8, "--weeks", min=1, max=26, help="Minggu kerja yang disimulasikan."),
    seed: int = typer.Option(7, "--seed", help="Benih acak: benih sama, hasil sama."),
) -> None:
    """Demo: basis data baru berisi beberapa minggu kerja tiga instansi, lalu laporannya."""
    from demo.run import make_demo

    if out.exists() and any(out.iterdir()):
        fail(f"folder {out} sudah berisi berkas; demo hanya membuat folder baru")
    with handled():
        run = make_demo(out, weeks, seed)
    r, late = run.result, run.breaches["late"]
    typer.echo(f"Demo alur: {weeks} minggu kerja mulai Senin, 2 Mar 2026 (termasuk cuti bersama "
               "Idul Fitri), tiga instansi")  # fmt: skip
    typer.echo(f"  {r.opened} permohonan dibuka, {r.steps} langkah, {r.assigned} disposisi, "
               f"{r.cancelled} dibatalkan")  # fmt: skip
    typer.echo(f"  {len(late)} permohonan terlambat dan {len(run.breaches['at_risk'])} berisiko "
               f"pada akhir simulasi")  # fmt: skip
    for unit in run.compliance["units"][:6]:
        pct = "-" if unit["on_time_pct"] is None else f"{unit['on_time_pct']:g}%"
        typer.echo(f"  {unit['institution']:<10} {unit['unit']:<9} diterima {unit['received']:>3}, "
                   f"selesai {unit['completed']:>3}, tepat waktu {pct}")  # fmt: skip
    db = f"sqlite:///{run.database.resolve()}"
    at = f"--at {run.end.isoformat()}"
    typer.echo(
        f"  {run.alerts} peringatan dan eskalasi, {run.sent} pesan terkirim ke {run.messages}"
    )
    typer.echo(f"Basis data: {run.database}")
    typer.echo(f"Laporan: {run.html} (buka di peramban), {run.xlsx}")
    typer.echo("Coba berikutnya:")
    typer.echo(f"  alur --db {db} report breaches {at}")
    typer.echo(f"  alur --db {db} report compliance --quarter 2026Q1")
    typer.echo(f"  alur --db {db} case list --all")
    typer.echo(f"  alur --db {db} serve    (halaman web: http://127.0.0.1:8000/)")
    typer.echo(f"Kata sandi demo semua pegawai contoh (hanya basis data demo ini): {run.password}")
    typer.echo(f"  mis. masuk dengan NIP dari: alur --db {db} staff list --institution pekalongan")
    if late:
        typer.echo(f"  alur --db {db} report case {late[0]['ref']} {at}")
        typer.echo(f"  alur --db {db} case show {late[0]['ref']} --at {run.end.isoformat()}")
