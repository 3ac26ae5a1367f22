"""The command line's sub-command groups, one module each; `cli.py` assembles them.

These modules are imported for every invocation, `--help` included, so at module level they
import only typer and light modules of alur; what a command needs (SQLAlchemy, the engine,
rich) is imported inside the command's function.
"""

from __future__ import annotations

import typer

from app.cli.helptext import OPTIONS_METAVAR, SUBCOMMAND_METAVAR

__all__ = ["group"]


def group(help: str) -> typer.Typer:
    """A sub-command group with plain help (rich would cost 0.1 s to import), its usage
    line in Bahasa Indonesia (see `app.cli.helptext`)."""
    return typer.Typer(
        help=help,
        no_args_is_help=True,
        rich_markup_mode=None,
        options_metavar=OPTIONS_METAVAR,
        subcommand_metavar=SUBCOMMAND_METAVAR,
    )
