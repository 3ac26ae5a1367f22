"""`alur staff passwd`: one's own password, an admin's reset, refusals."""

from __future__ import annotations

from datetime import UTC, datetime

from typer.testing import CliRunner

from app.accounts import set_password
from app.signin import sign_in
from cli import app
from storage.db import connect
from tests.web.support import sample_nip

PETUGAS = sample_nip("pekalongan", "PBJ", "petugas")
ADMIN = sample_nip("pekalongan", None, "admin")
PPU_ADMIN = sample_nip("ppu", None, "admin")
runner = CliRunner()
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def _passwd(url: str, *args: str, password: str) -> object:
    return runner.invoke(app, ["--db", url, "staff", "passwd", *args, "--password-stdin"],
                         input=password + "\n")  # fmt: skip


def test_own_password_then_an_admins_reset_that_must_be_changed(web_db):
    url = web_db[0]
    own = _passwd(url, PETUGAS, password="sandi-saya-sendiri")
    assert own.exit_code == 0 and "diatur" in own.output and "wajib" not in own.output
    reset = _passwd(url, PETUGAS, "--as", ADMIN, password="sementara-12345")
    assert reset.exit_code == 0 and "wajib menggantinya" in reset.output
    engine = connect(url)
    assert sign_in(engine, PETUGAS, "sementara-12345", "127.0.0.1", NOW).must_change
    engine.dispose()


def test_refusals_are_one_line_with_the_exit_code(web_db):
    url = web_db[0]
    short = _passwd(url, PETUGAS, password="pendek")
    assert short.exit_code == 2 and "panjang harus 10-200 karakter" in short.output
    other = _passwd(url, PETUGAS, "--as", PPU_ADMIN, password="sandi-orang-lain")
    assert other.exit_code == 3 and "hanya admin pekalongan" in other.output
    not_admin = _passwd(url, ADMIN, "--as", PETUGAS, password="sandi-orang-lain")
    assert not_admin.exit_code == 3


def test_a_password_is_never_stored_as_typed(web_db):
    engine = connect(web_db[0])
    set_password(engine, PETUGAS, "sandi-rahasia-sekali", PETUGAS, NOW)
    with engine.connect() as conn:
        dump = "\n".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM credentials"))
        dump += "\n".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM staff_changes"))
    engine.dispose()
    assert "sandi-rahasia-sekali" not in dump and "$argon2id$" in dump
