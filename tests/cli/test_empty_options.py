"""An empty filter, period or acting person is bad input on every command, not "everything".

`--unit ""` would match every case or none, `--as ""` would quietly act as `ALUR_USER`:
each command refuses them in one line naming the option, exit 2, and writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from cli import app

runner = CliRunner()

# Options that choose what a command works on: who, where, which service, which period.
CHOOSING = {
    "--applicant",
    "--as",
    "--case",
    "--from",
    "--holder",
    "--institution",
    "--quarter",
    "--service",
    "--state",
    "--status",
    "--to",
    "--unit",
}


def _commands(
    command: object, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], object]]:
    subs = getattr(command, "commands", {})
    if not subs:
        yield path, command
    for name, sub in subs.items():
        yield from _commands(sub, (*path, name))


def _cases() -> list[tuple[tuple[str, ...], str, list[str]]]:
    found = []
    for path, command in _commands(typer.main.get_command(app)):
        params = command.params  # type: ignore[attr-defined]
        arguments = ["1" for p in params if p.param_type_name == "argument" and p.required]
        for param in params:
            if param.param_type_name != "option" or param.is_flag or param.required:
                continue
            for name in set(param.opts) & CHOOSING:
                if param.type_descriptor.annotation is not str:
                    continue  # a list of words (`outbox list --status`): "" is none of them
                found.append((path, name, arguments))
    return found


CASES = _cases()


def test_the_walk_finds_the_filters_of_every_group():
    seen = {(path[0], name) for path, name, _ in CASES}
    for expected in [
        ("case", "--unit"),
        ("report", "--unit"),
        ("report", "--institution"),
        ("report", "--quarter"),
        ("queue", "--as"),
        ("staff", "--institution"),
        ("workflows", "--institution"),
        ("audit", "--case"),
        ("token", "--as"),
    ]:
        assert expected in seen


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "alur.db"
    assert runner.invoke(app, ["--db", str(path), "db", "upgrade"]).exit_code == 0
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("value", ["", "   "])
@pytest.mark.parametrize(
    ("path", "option", "arguments"), CASES, ids=[f"{' '.join(p)} {o}" for p, o, _ in CASES]
)
def test_an_empty_choice_is_refused_naming_the_option(db, tmp_path, path, option, arguments, value):
    before = _digest(db)
    out = tmp_path / "laporan.out"
    extra = ["--out", str(out)] if path[-1] in {"html", "xlsx"} else []
    result = runner.invoke(app, ["--db", str(db), *path, option, value, *extra, *arguments])
    assert result.exit_code == 2, result.output
    assert result.output == f"galat: {option}: tidak boleh kosong\n"
    assert _digest(db) == before and not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_empty_note_still_means_no_note(db):
    # `--note ""` is not a choice: it reaches the step, which says the case is unknown
    result = runner.invoke(
        app, ["--db", str(db), "case", "advance", "--note", "", "--as", "1", "X-1", "lanjut"]
    )
    assert result.exit_code != 0
    assert "tidak boleh kosong" not in result.output
    assert "tidak ditemukan" in result.output
