"""Help pages in Bahasa Indonesia, the command-line library's own words included.

typer builds a help page from a few words of its own: the `Usage:` prefix, the `Options`,
`Arguments` and `Commands` headings, `[OPTIONS]` and `COMMAND [ARGS]...` in the usage line,
`[default: …]` and `[required]` after a parameter's help, a type such as `<str>` beside it,
and `Show this message and exit.` for `--help`. alur's help is plain text (typer's rich help
would cost 0.1 s of start-up to import rich), so every page passes through the library's
help formatter; the usage-line placeholders are `typer.Typer` parameters (`OPTIONS_METAVAR`,
`SUBCOMMAND_METAVAR`, given by `app.cli.group` and `cli.py`), and the rest is said here:

- `HelpFormatter` (the command-line library's hook, `Context.formatter_class`) writes the
  usage prefix and the headings in Bahasa Indonesia, and in each parameter's line the type
  and the bracketed `default`/`required`/`env var` notes the library adds;
- `indonesian_help(root)` gives every command of the tree that formatter and the help
  option's text. Like `app.cli.coercion.lighten` it runs on each invocation, before parsing.

`tests/cli/test_help_pages.py` walks every command's `--help` and says when a new typer adds
a word this module does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import typer

try:  # typer >= 0.29 vendors click
    from typer._click import HelpFormatter as _LibraryFormatter
except ImportError:  # pragma: no cover - typer with click as a separate package
    from click import HelpFormatter as _LibraryFormatter  # type: ignore[assignment]

__all__ = [
    "HELP_OPTION_TEXT",
    "OPTIONS_METAVAR",
    "SUBCOMMAND_METAVAR",
    "HelpFormatter",
    "indonesian_help",
]

OPTIONS_METAVAR = "[OPSI]"
SUBCOMMAND_METAVAR = "PERINTAH [ARGUMEN]..."
HELP_OPTION_TEXT = "Tampilkan bantuan ini lalu keluar."
USAGE_PREFIX = "Penggunaan: "

_HEADINGS = {"Options": "Opsi", "Arguments": "Argumen", "Commands": "Perintah"}
# The type the library shows beside a parameter, e.g. `--port <int range>`.
_TYPES = {
    "str": "teks",
    "int": "bilangan",
    "int range": "bilangan",
    "float": "angka",
    "float range": "angka",
    "datetime": "waktu",
    "list[str]": "teks",
    "list[Path]": "path",
    "uuid": "uuid",
}
# The notes the library puts in brackets at the end of a parameter's help.
_NOTES = (
    (re.compile(r"^default: (.*)$", re.S), r"bawaan: \1"),
    (re.compile(r"^required$"), "wajib"),
    (re.compile(r"^env var: (.*)$", re.S), r"variabel lingkungan: \1"),
    (re.compile(r"^\(dynamic\)$"), "(dinamis)"),
)
_TYPE = re.compile(r"<([^<>|]+)>")
_BRACKET = re.compile(r"\[([^\[\]]*)\]$")


def _note(part: str) -> str | None:
    for pattern, said in _NOTES:
        match = pattern.match(part)
        if match:
            return match.expand(said)
    return None


def _help(text: str) -> str:
    """A parameter's help with the library's bracketed notes in Bahasa Indonesia."""
    bracket = _BRACKET.search(text)
    if bracket is None:
        return text
    parts = bracket[1].split("; ")
    said = [_note(part) for part in parts]
    if all(note is None for note in said):
        return text  # a bracket of alur's own words, not the library's notes
    notes = "; ".join(
        note if note is not None else part for note, part in zip(said, parts, strict=True)
    )
    return f"{text[: bracket.start()]}[{notes}]"


def _term(term: str) -> str:
    return _TYPE.sub(lambda match: f"<{_TYPES.get(match[1], match[1])}>", term)


class HelpFormatter(_LibraryFormatter):
    """The library's help formatter, writing its own words in Bahasa Indonesia."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        said = [(_term(term), _help(text)) for term, text in rows]
        super().write_dl(said, col_max, col_spacing)


class _Context(typer.Context):
    formatter_class = HelpFormatter


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def _say_help_option(command: Any) -> None:
    """The `--help` option is made when a command first parses; word it then."""
    made = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    command.get_help_option = get_help_option


def indonesian_help(root: Any) -> None:
    """Give every command under `root` the Indonesian help formatter and `--help` text."""
    for command in _commands(root):
        if command.context_class is _Context:
            continue  # already done by an earlier invocation in this process
        command.context_class = _Context
        _say_help_option(command)
