"""The `alur` command line: parses, calls one function, prints.

Sub-command groups live in `app/cli/`; this module only assembles them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version

import typer

app = typer.Typer(
    name="alur",
    help="alur: alur pelayanan (Standar Pelayanan) sebagai workflow, dengan jam SLA hari kerja.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version() -> str:
    try:
        return _dist_version("alur")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0+unknown"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"alur {_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", help="URL basis data (default: ALUR_DATABASE_URL, atau berkas alur.db)."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Tampilkan versi."
    ),
) -> None:
    ctx.obj = {"db": db}


# Sub-command groups, one module each under app/cli/.
from app.cli import cases as cli_cases  # noqa: E402
from app.cli import db as cli_db  # noqa: E402
from app.cli import sla as cli_sla  # noqa: E402
from app.cli import staff as cli_staff  # noqa: E402
from app.cli import workflows as cli_workflows  # noqa: E402

SUBCOMMANDS: list[tuple[str, typer.Typer]] = [
    ("workflows", cli_workflows.app),
    ("staff", cli_staff.app),
    ("case", cli_cases.app),
    ("db", cli_db.app),
    ("sla", cli_sla.app),
]
for _name, _group in SUBCOMMANDS:
    app.add_typer(_group, name=_name)
app.command("queue")(cli_cases.queue)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
