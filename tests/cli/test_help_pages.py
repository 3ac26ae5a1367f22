"""Every `--help` page reads in Bahasa Indonesia, the command-line library's own words too."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer.main
from typer.testing import CliRunner

from cli import app

runner = CliRunner()

# What the command-line library writes on a help page unless told otherwise.
ENGLISH = (
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Show this message and exit.",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "default",
    "required]",
    "env var",
    "<str>",
    "<int",
    "<list[",
    "completion",
)

# Placeholders alur's help pages once showed in English, before the decrees' words.
OLD_PLACEHOLDERS = re.compile(r"\b(?:REF|TRIGGER|SERVICE_ID|REQUIREMENT_ID|ID|DIR|ISO(?! 8601))\b")
# The placeholders a parameter may show: the decrees' words (NIP is Indonesian already).
PLACEHOLDERS = {"NOMOR", "LANGKAH", "LAYANAN", "BUTIR", "NIP", "BERKAS", "FOLDER", "WAKTU"}


def _paths(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*path, name))


ROOT = typer.main.get_command(app)
COMMANDS = list(_paths(ROOT))


def _command(path: tuple[str, ...]) -> typer.core.TyperCommand:
    command = ROOT
    for name in path:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "alur")
def test_help_page_has_no_english_of_the_library(path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    found = [word for word in ENGLISH if word in result.output]
    assert not found, result.output
    assert result.output.startswith(f"Penggunaan: {' '.join(('alur', *path))} [OPSI]")
    assert "Tampilkan bantuan ini lalu keluar." in result.output


def test_the_library_texts_are_said_in_bahasa_indonesia():
    group = runner.invoke(app, ["case", "--help"]).output
    assert "Penggunaan: alur case [OPSI] PERINTAH [ARGUMEN]..." in group
    assert "\nOpsi:\n" in group and "\nPerintah:\n" in group
    advance = runner.invoke(app, ["case", "advance", "--help"]).output
    assert "\nArgumen:\n" in advance
    assert "NOMOR <teks>" in advance and "[wajib]" in advance
    assert "--expect-version <bilangan>" in advance
    serve = runner.invoke(app, ["serve", "--help"]).output
    assert "[bawaan: 8000; 1<=x<=65535]" in serve
    listing = runner.invoke(app, ["case", "list", "--help"]).output
    assert "--format <table|json>" in listing and "[bawaan: table]" in listing


def test_running_a_group_without_a_command_shows_the_same_page():
    result = runner.invoke(app, ["case"])
    assert result.exit_code == 2
    assert result.output.startswith("Penggunaan: alur case [OPSI] PERINTAH [ARGUMEN]...")


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "alur")
def test_placeholders_are_in_the_decrees_words(path):
    output = runner.invoke(app, [*path, "--help"]).output
    assert not OLD_PLACEHOLDERS.search(output), output
    for param in _command(path).params:
        shown = param.metavar if param.param_type_name == "argument" else param.metavar or None
        if param.param_type_name == "argument" or shown is not None:
            assert shown in PLACEHOLDERS | {"BERKAS|FOLDER"}, (param.name, shown)


def test_the_usage_line_names_a_case_and_a_step():
    # typer (0.29) marks a required argument with braces in the usage line: {NOMOR}
    advance = runner.invoke(app, ["case", "advance", "--help"]).output
    usage = advance.splitlines()[0].replace("{", "").replace("}", "")
    assert usage == "Penggunaan: alur case advance [OPSI] NOMOR LANGKAH"
    assert "  LANGKAH <teks>  [wajib]" in advance
    check = runner.invoke(app, ["case", "check", "--help"]).output
    assert check.splitlines()[0].replace("{", "").replace("}", "").endswith("NOMOR BUTIR...")
    missing = runner.invoke(app, ["case", "advance", "X"])
    assert missing.exit_code == 2
    assert "argumen 'LANGKAH' wajib diisi" in missing.output
