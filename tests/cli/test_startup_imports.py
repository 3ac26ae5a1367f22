"""Commands load only what they use: start-up time is most of what staff wait for."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def _loaded(args: list[str]) -> dict[str, bool]:
    """Run `alur ARGS` in a fresh interpreter; which of the heavy modules it imported."""
    code = (
        "import json, sys, cli\n"
        f"sys.argv = ['alur', *{args!r}]\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "names = ('sqlalchemy', 'sqlalchemy.dialects.postgresql', 'typer._adapters', 'yaml')\n"
        "print(json.dumps({m: m in sys.modules for m in names}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_listing_services_needs_no_database_library():
    loaded = _loaded(["workflows", "list", "--format", "json"])
    assert not loaded["sqlalchemy"]


def test_a_case_command_on_sqlite_loads_neither_postgres_nor_typers_validation(tmp_path):
    db = str(tmp_path / "alur.db")
    assert runner.invoke(app, ["--db", db, "db", "upgrade"]).exit_code == 0
    loaded = _loaded(["--db", db, "case", "show", "PKL-PBJ-2026-000001", "--format", "json"])
    assert loaded["sqlalchemy"]  # it did reach the database
    assert not loaded["sqlalchemy.dialects.postgresql"]
    assert not loaded["typer._adapters"]


def test_numbers_still_checked_by_the_command_line_library(tmp_path):
    db = str(tmp_path / "alur.db")
    assert runner.invoke(app, ["--db", db, "db", "upgrade"]).exit_code == 0
    args = ["--db", db, "case", "advance", "X", "t", "--as", "1", "--expect-version", "dua"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--expect-version" in result.output and "bilangan bulat" in result.output
