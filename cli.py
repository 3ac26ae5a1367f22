"""The `alur` command line: parses, calls one function, prints.

Sub-command groups live in `app/cli/`; this module only assembles them. It stays light:
`alur --help` and `alur --version` import no database, model or table library.
"""

from __future__ import annotations

import os

import typer

from app.cli import audit as cli_audit
from app.cli import cases as cli_cases
from app.cli import config as cli_config
from app.cli import db as cli_db
from app.cli import demo as cli_demo
from app.cli import passwd as cli_passwd
from app.cli import report as cli_report
from app.cli import serve as cli_serve
from app.cli import sla as cli_sla
from app.cli import staff as cli_staff
from app.cli import tokens as cli_tokens
from app.cli import workflows as cli_workflows
from app.cli.helptext import OPTIONS_METAVAR, SUBCOMMAND_METAVAR
from app.cli.usage import AlurGroup
from monitor import commands as cli_monitor

app = typer.Typer(
    name="alur",
    help="alur: alur pelayanan (Standar Pelayanan) sebagai workflow, dengan jam SLA hari kerja.",
    cls=AlurGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar=SUBCOMMAND_METAVAR,
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("alur")
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
        None,
        "--db",
        help="URL basis data atau path berkas SQLite (bawaan: ALUR_DATABASE_URL, "
        "berkas pengaturan, atau alur.db di folder data pengguna; lihat: alur config).",
    ),
    workflows: str | None = typer.Option(
        None,
        "--workflows",
        metavar="FOLDER",
        help="Folder workflow kantor untuk perintah ini (menggantikan ALUR_WORKFLOWS_PATH).",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Tampilkan versi."
    ),
) -> None:
    ctx.obj = {"db": db}
    from app.search_state import use_search_path

    search = None  # None: the environment's folders, read when a definition is needed
    if workflows is not None:
        from workflows.search_path import from_environment

        search = from_environment(os.environ, workflows)
    use_search_path(search, lambda line: typer.echo(line, err=True))


SUBCOMMANDS: list[tuple[str, typer.Typer]] = [
    ("workflows", cli_workflows.app),
    ("staff", cli_staff.app),
    ("token", cli_tokens.app),
    ("case", cli_cases.app),
    ("db", cli_db.app),
    ("sla", cli_sla.app),
    ("audit", cli_audit.app),
    ("report", cli_report.app),
    ("monitor", cli_monitor.monitor_app),
    ("outbox", cli_monitor.outbox_app),
    ("scheduler", cli_monitor.scheduler_app),
]
for _name, _group in SUBCOMMANDS:
    app.add_typer(_group, name=_name)
app.command("queue")(cli_cases.queue)
app.command("config")(cli_config.config_cmd)
app.command("demo")(cli_demo.demo_cmd)
app.command("serve")(cli_serve.serve_cmd)
cli_staff.app.command("passwd")(cli_passwd.passwd_cmd)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
