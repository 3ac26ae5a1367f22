"""`case list` on the demo's cases, on an 80-column terminal: whole words, nothing cut short
that `--wide` does not show in full."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

import app.output as output
from app.timefmt import short_time
from cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("demo") / "demo"
    made = runner.invoke(app, ["demo", "--out", str(folder), "--weeks", "3", "--seed", "7"])
    assert made.exit_code == 0, made.output
    return ["--db", f"sqlite:///{folder / 'alur.db'}"]


def _screen(monkeypatch, width: int) -> io.StringIO:
    buffer = io.StringIO()
    monkeypatch.setattr(output, "_CONSOLE", [Console(file=buffer, width=width, soft_wrap=True)])
    return buffer


def _cases(db: list[str]) -> list[dict]:
    listed = runner.invoke(app, [*db, "case", "list", "--all", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    return json.loads(listed.output)


def _words(cases: list[dict]) -> set[str]:
    texts = ["permohonan Nomor Tahap Dipegang Tenggat -"]
    for case in cases:
        texts += [case["ref"], case["state_label"], case["holder"] or "-"]
        texts += [case["sla_status_label"], short_time(case["deadline"])]
    return {word for text in texts for word in text.split()}


def _cells(lines: list[str]) -> list[str]:
    return [cell for line in lines if "│" in line for cell in line.split("│")]


def test_every_line_fits_and_no_word_is_broken_mid_word(demo_db, monkeypatch):
    cases = _cases(demo_db)
    assert len(cases) > 50
    screen = _screen(monkeypatch, 80)
    result = runner.invoke(app, [*demo_db, "case", "list", "--all"])
    assert result.exit_code == 0, result.output
    lines = screen.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    words = _words(cases)
    for token in (w for cell in _cells(lines) for w in cell.split()):
        if token.endswith("…"):  # shortened between words, or a word wider than its column
            assert any(word.startswith(token[:-1]) for word in words), token
        else:
            assert token in words, f"{token!r} is a fragment of a word"


def test_the_step_and_the_holder_keep_room_for_words(demo_db, monkeypatch):
    screen = _screen(monkeypatch, 80)
    runner.invoke(app, [*demo_db, "case", "list", "--all"])
    header = next(line for line in screen.getvalue().splitlines() if "Tahap" in line)
    widths = {name.split()[0]: len(name) - 2 for name in header.split("┃")[1:-1]}
    assert widths["Tahap"] >= 14 and widths["Dipegang"] >= 13, header


def test_wide_keeps_every_step_and_holder_in_full(demo_db, monkeypatch):
    cases = _cases(demo_db)
    screen = _screen(monkeypatch, 80)
    runner.invoke(app, [*demo_db, "case", "list", "--all", "--wide"])
    text = screen.getvalue()
    for case in cases:
        assert case["state_label"] in text and (case["holder"] or "-") in text
        assert case["sla_status_label"] in text
