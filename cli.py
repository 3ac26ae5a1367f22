"""The `alur` command line: parses, calls one function, prints.

Sub-command groups live in `app/cli_*.py`; this module only assembles them.
"""

from __future__ import annotations

import os
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
    workflows: str | None = typer.Option(
        None,
        "--workflows",
        metavar="DIR",
        help="Folder workflow kantor untuk perintah ini (menggantikan ALUR_WORKFLOWS_PATH).",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Tampilkan versi."
    ),
) -> None:
    ctx.obj = {"db": db}
    from app.definitions import use_search_path
    from workflows.search_path import from_environment

    use_search_path(
        from_environment(os.environ, workflows), lambda line: typer.echo(line, err=True)
    )


# Sub-command groups, one module each under app/.
from app import cli_audit, cli_cases, cli_db, cli_sla, cli_staff, cli_workflows  # noqa: E402

SUBCOMMANDS: list[tuple[str, typer.Typer]] = [
    ("workflows", cli_workflows.app),
    ("staff", cli_staff.app),
    ("case", cli_cases.app),
    ("db", cli_db.app),
    ("sla", cli_sla.app),
    ("audit", cli_audit.app),
]
for _name, _group in SUBCOMMANDS:
    app.add_typer(_group, name=_name)
app.command("queue")(cli_cases.queue)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
