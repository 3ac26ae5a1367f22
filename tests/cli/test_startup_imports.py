"""Commands load only what they use: start-up time is most of what staff wait for."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def _loaded(args: list[str]) -> dict[str, Any]:
    """Run `alur ARGS` in a fresh interpreter: its exit code (`code`), and which of the
    heavy modules it imported."""
    code = (
        "import json, sys, cli\n"
        f"sys.argv = ['alur', *{args!r}]\n"
        "code = 0\ntry:\n    cli.main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "names = ('sqlalchemy', 'sqlalchemy.dialects.postgresql', 'typer._adapters', 'yaml')\n"
        "print(json.dumps({'code': code, **{m: m in sys.modules for m in names}}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_listing_services_needs_no_database_library():
    loaded = _loaded(["workflows", "list", "--format", "json"])
    assert loaded["code"] == 0
    assert not loaded["sqlalchemy"]


def test_case_commands_on_sqlite_load_neither_postgres_nor_typers_validation(tmp_path):
    db = str(tmp_path / "alur.db")
    assert runner.invoke(app, ["--db", db, "db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["--db", db, "staff", "load", "--sample"]).exit_code == 0
    nip = next(
        s["nip"]
        for s in json.loads(
            runner.invoke(app, ["--db", db, "staff", "list", "--format", "json"]).output
        )
        if s["unit"] == "PBJ" and "petugas" in s["roles"] and s["institution"] == "pekalongan"
    )
    service = "pekalongan-pbj-penerbitan-pembayaran"
    opening = ["case", "open", service, "--applicant", "Dinas PU", "--variant", "barang"]
    ref = runner.invoke(app, ["--db", db, *opening, "--as", nip]).output.strip()
    for args in (
        ["case", "show", ref, "--format", "json"],
        ["case", "advance", ref, "serahkan_ke_verifikator", "--as", nip],
        [*opening, "--as", nip],
    ):
        loaded = _loaded(["--db", db, *args])
        assert loaded["code"] == 0, args
        assert loaded["sqlalchemy"], args
        assert not loaded["sqlalchemy.dialects.postgresql"], args
        assert not loaded["typer._adapters"], args


def test_numbers_still_checked_by_the_command_line_library(tmp_path):
    db = str(tmp_path / "alur.db")
    assert runner.invoke(app, ["--db", db, "db", "upgrade"]).exit_code == 0
    args = ["--db", db, "case", "advance", "X", "t", "--as", "1", "--expect-version", "dua"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--expect-version" in result.output and "bilangan bulat" in result.output
