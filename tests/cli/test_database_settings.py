"""Where the database is, and what happens when it is missing, wrong or broken."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from app.output import database_reason
from app.settings import hide_password, load_settings
from cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("ALUR_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("ALUR_DATABASE_URL", raising=False)


def test_a_missing_sqlite_file_is_never_created_by_a_command(tmp_path):
    typo = tmp_path / "alur.bd"
    for args in (["case", "list"], ["staff", "list"], ["queue", "--as", "1"]):
        result = runner.invoke(app, ["--db", str(typo), *args])
        assert result.exit_code == 2
        assert result.output == (
            f"galat: basis data tidak ditemukan: {typo}; buat dengan 'alur db upgrade'\n"
        )
    assert not typo.exists()


def test_only_db_upgrade_creates_it(tmp_path):
    path = tmp_path / "alur.db"
    assert runner.invoke(app, ["--db", str(path), "db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["--db", str(path), "case", "list", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output) == []


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("mysql://x", "jenis basis data tidak didukung"),
        ("foo://bar", "jenis basis data tidak didukung"),
        ("sqlite://", "sebutkan berkas SQLite"),
        ("not a url at all", "basis data tidak ditemukan"),
    ],
)
def test_bad_urls_are_one_line_and_exit_2(tmp_path, url, said):
    result = runner.invoke(app, ["--db", url, "case", "list"])
    assert result.exit_code == 2
    assert said in result.output and result.output.count("\n") == 1
    result = runner.invoke(app, ["case", "list"], env={"ALUR_DATABASE_URL": url})
    assert result.exit_code == 2 and said in result.output


def test_a_corrupted_file_is_a_database_failure(tmp_path):
    path = tmp_path / "alur.db"
    path.write_bytes(b"this is not SQLite" * 300)
    result = runner.invoke(app, ["--db", str(path), "case", "list"])
    assert result.exit_code == 5
    assert result.output == (
        "galat: basis data gagal: berkas ini bukan basis data atau sudah rusak; "
        "tidak ada yang tercatat\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_read_only_database_is_a_database_failure(tmp_path):
    path = tmp_path / "alur.db"
    assert runner.invoke(app, ["--db", str(path), "db", "upgrade"]).exit_code == 0
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        result = runner.invoke(app, ["--db", str(path), "staff", "load", "--sample"])
    finally:
        tmp_path.chmod(0o755)
    assert result.exit_code == 5
    assert result.output.startswith("galat: ") and result.output.count("\n") == 1
    assert "hanya dapat dibaca" in result.output


def test_settings_file_then_environment_then_flag(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('database_url = "data/kantor.db"\n')
    monkeypatch.setenv("ALUR_CONFIG", str(config))
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'kantor.db'}"
    assert settings.sources["database_url"] == f"berkas {config}"
    monkeypatch.setenv("ALUR_DATABASE_URL", "postgresql+psycopg://u:rahasia@h/db")
    assert load_settings().sources["database_url"] == "ALUR_DATABASE_URL"
    assert load_settings("x.db").sources["database_url"] == "--db"
    shown = runner.invoke(app, ["config"])
    assert shown.exit_code == 0
    assert "postgresql+psycopg://u:***@h/db" in shown.output and "rahasia" not in shown.output


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("database_url = ", "bukan TOML"),
        ('databse_url = "x.db"', "kunci tidak dikenal: databse_url"),
        ("database_url = 3", "harus berupa teks"),
    ],
)
def test_a_bad_settings_file_is_bad_input(tmp_path, monkeypatch, text, said):
    config = tmp_path / "config.toml"
    config.write_text(text)
    monkeypatch.setenv("ALUR_CONFIG", str(config))
    result = runner.invoke(app, ["case", "list"])
    assert result.exit_code == 2 and said in result.output
    assert result.output.startswith("galat: berkas pengaturan")


def test_hide_password():
    assert (
        hide_password("postgresql+psycopg://u:p@h:5432/d") == "postgresql+psycopg://u:***@h:5432/d"
    )
    assert hide_password("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    assert hide_password("sqlite:////tmp/a:b@c.db") == "sqlite:////tmp/a:b@c.db"
    assert (
        hide_password("postgresql+psycopg://u@h/d?sslmode=require&password=s3kr1t")
        == "postgresql+psycopg://u@h/d?sslmode=require&password=***"
    )


def test_a_password_in_the_query_is_never_printed():
    url = "postgresql+psycopg://u@127.0.0.1:1/none?password=s3kr1t"
    for args in (["config"], ["case", "list"]):
        result = runner.invoke(app, ["--db", url, *args])
        assert "s3kr1t" not in result.output, result.output
        assert "password=***" in result.output, result.output


def test_backup_is_a_working_copy(tmp_path):
    path, copy = tmp_path / "alur.db", tmp_path / "cadangan.db"
    runner.invoke(app, ["--db", str(path), "db", "upgrade"])
    assert runner.invoke(app, ["--db", str(path), "staff", "load", "--sample"]).exit_code == 0
    result = runner.invoke(app, ["--db", str(path), "db", "backup", str(copy)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] > 0
    again = runner.invoke(app, ["--db", str(path), "db", "backup", str(copy)])
    assert again.exit_code == 2 and "sudah ada" in again.output


def test_help_and_version_import_no_database_or_table_library():
    code = (
        "import sys, cli; "
        "heavy = [m for m in ('sqlalchemy', 'pydantic', 'rich', 'holidays', 'alembic') "
        "if m in sys.modules]; print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("driver_says", "staff_read"),
    [
        ("attempt to write a readonly database", "hanya dapat dibaca"),
        ("file is not a database", "bukan basis data"),
        ("database or disk is full", "disk penuh"),
        ("connection failed: Connection refused\n\tIs the server running?", "menolak sambungan"),
        ('FATAL:  database "x" does not exist', "tidak ada di server"),
        ("something new\nsecond line", "something new"),
    ],
)
def test_database_messages_staff_read(driver_says, staff_read):
    assert staff_read in database_reason(driver_says)
    assert "\n" not in database_reason(driver_says)
