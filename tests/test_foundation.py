"""The package installs, answers --version, and CI runs what the README says."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from app.config import database_url
from app.settings import default_database_file
from cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_version_and_help():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(r"alur \d+\.\d+\.\d+\S*\n", result.output)
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Penggunaan" in result.output
    assert "queue" in result.output


def test_database_url_precedence(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALUR_DATABASE_URL", raising=False)
    monkeypatch.setenv("ALUR_CONFIG", str(tmp_path / "absent.toml"))
    assert database_url() == f"sqlite:///{default_database_file()}"
    monkeypatch.setenv("ALUR_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert database_url() == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash)?\n(.+?)\n```", quick)


def test_readme_quick_start_is_two_single_line_commands():
    commands = _readme_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci.splitlines()


def test_db_url_fixture_gives_a_working_isolated_database(db_url):
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE probe (x INTEGER)"))
        conn.execute(sa.text("INSERT INTO probe VALUES (1)"))
        assert conn.execute(sa.text("SELECT count(*) FROM probe")).scalar() == 1
    engine.dispose()
