"""Every `--help` page reads in Bahasa Indonesia, the command-line library's own words too."""

from __future__ import annotations

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


def _paths(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*path, name))


COMMANDS = list(_paths(typer.main.get_command(app)))


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
    assert "REF <teks>" in advance and "[wajib]" in advance
    assert "--expect-version <bilangan>" in advance
    serve = runner.invoke(app, ["serve", "--help"]).output
    assert "[bawaan: 8000; 1<=x<=65535]" in serve
    listing = runner.invoke(app, ["case", "list", "--help"]).output
    assert "--format <table|json>" in listing and "[bawaan: table]" in listing


def test_running_a_group_without_a_command_shows_the_same_page():
    result = runner.invoke(app, ["case"])
    assert result.exit_code == 2
    assert result.output.startswith("Penggunaan: alur case [OPSI] PERINTAH [ARGUMEN]...")
