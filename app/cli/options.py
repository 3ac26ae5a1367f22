"""Options that choose what a command works on, refused when given empty.

An empty or blank filter (`--unit ""`, `--institution "  "`) would match every case or none,
and an empty `--as` would quietly fall back to `ALUR_USER`: both are bad input, said in one
line naming the option (exit 2) while the command line is read, before anything is opened or
written. Not every text option is such a choice: an empty `--note` on a step means "no note"
(and a step that sends the berkas back then refuses it with its own message), an empty
`--reason` or `--label` is refused by the rule that checks that text, so those keep their
behaviour and do not use this.
"""

from __future__ import annotations

from typing import Any

import typer

from app.output import fail

__all__ = ["filter_option", "not_blank"]


def not_blank(param: typer.CallbackParam, value: str | None) -> str | None:
    """An option's callback: an empty or blank value is refused, naming the option."""
    if value is not None and not value.strip():
        fail(f"{param.opts[0]}: tidak boleh kosong")
    return value


def filter_option(*names: str, help: str | None = None, metavar: str | None = None) -> Any:
    """An optional text option that narrows what a command works on (a filter, a period,
    the acting person): absent means "all" or "the default", empty is refused."""
    return typer.Option(None, *names, help=help, metavar=metavar, callback=not_blank)
