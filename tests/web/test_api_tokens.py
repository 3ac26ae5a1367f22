"""`alur token …` and the tokens' rules: shown once, stored as a digest, issued and revoked
by the person or their institution's admin, every change in the staff history."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select
from typer.testing import CliRunner

from app.tokens import authenticate
from cli import app
from storage.db import connect
from storage.schema import api_tokens
from tests.web import api_support


@pytest.fixture
def alur(sqlite_url):
    api_support.staffed_engine(sqlite_url).dispose()
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, ["--db", sqlite_url, *args])

    return run


@freeze_time("2026-11-18T03:00:00Z")
def test_a_token_is_shown_once_and_stored_as_its_digest(alur, sqlite_url):
    issued = alur("token", "issue", "petugas", "--label", "SiCantik", "--as", "petugas")
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip()
    assert token.startswith("alur_") and len(token) >= 45
    assert "tidak dapat ditampilkan lagi" in issued.stderr
    engine = connect(sqlite_url)
    with engine.connect() as conn:
        stored = conn.execute(select(api_tokens)).one()
    assert token not in str(tuple(stored)) and stored.label == "SiCantik"
    assert authenticate(engine, token, datetime.now(UTC)).nip == "petugas"
    listed = alur("token", "list", "--as", "petugas", "--format", "json")
    assert token not in listed.output
    (row,) = json.loads(listed.output)
    assert row["label"] == "SiCantik" and row["created_at"] == "2026-11-18T10:00:00+07:00"
    assert row["last_used_at"] == "2026-11-18T10:00:00+07:00" and row["active"]
    table = alur("token", "list", "--as", "petugas")
    assert "SiCantik" in table.output and "18 Nov 10.00" in table.output
    engine.dispose()


def test_only_the_person_or_their_admin_manages_a_token(alur):
    refused = alur("token", "issue", "petugas", "--label", "x", "--as", "verifikator")
    assert refused.exit_code == 3
    assert "bukan pemilik token dan tidak memegang peran 'admin' di pekalongan" in refused.output
    other_admin = alur("token", "issue", "luar", "--label", "x", "--as", "admin")
    assert other_admin.exit_code == 3
    by_admin = alur("token", "issue", "petugas", "--label", "Loket", "--as", "admin")
    assert by_admin.exit_code == 0
    assert alur("token", "list", "petugas", "--as", "verifikator").exit_code == 3
    assert alur("token", "revoke", "1", "--as", "verifikator").exit_code == 3
    revoked = alur("token", "revoke", "1", "--as", "petugas")
    assert revoked.exit_code == 0
    assert revoked.output.strip() == "token nomor 1 (Loket) milik pegawai petugas dicabut"
    again = alur("token", "revoke", "1", "--as", "admin")
    assert again.exit_code == 3 and "sudah dicabut" in again.output
    unknown = alur("token", "revoke", "9", "--as", "admin")
    assert unknown.exit_code == 2 and "token API nomor 9 tidak ada" in unknown.output
    history = json.loads(alur("staff", "history", "--format", "json").output)
    assert [(h["action"], h["actor_nip"]) for h in history] == [
        ("terbitkan_token", "admin"), ("cabut_token", "petugas"),
    ]  # fmt: skip
    assert "token API dicabut: petugas" in alur("staff", "history").output


def test_acting_person_and_label_are_required(alur, monkeypatch):
    monkeypatch.delenv("ALUR_USER", raising=False)
    nobody = alur("token", "issue", "petugas", "--label", "x")
    assert nobody.exit_code == 2 and "--as NIP" in nobody.output
    blank = alur("token", "issue", "petugas", "--label", "  ", "--as", "petugas")
    assert blank.exit_code == 2 and "label token: tidak boleh kosong" in blank.output
    assert alur("token", "issue", "siapa", "--label", "x", "--as", "admin").exit_code == 2


def test_the_last_use_is_written_at_most_once_a_minute(sqlite_url):
    from app.tokens import issue_token

    engine = api_support.staffed_engine(sqlite_url)
    start = api_support.START
    token = issue_token(engine, "kabag", "uji", "kabag", start).token

    def last_used():
        with engine.connect() as conn:
            return conn.execute(select(api_tokens.c.last_used_at)).scalar_one()

    assert last_used() is None
    for seconds in (0, 30, 59):
        authenticate(engine, token, start + timedelta(seconds=seconds))
    assert last_used() == start
    authenticate(engine, token, start + timedelta(seconds=61))
    assert last_used() == start + timedelta(seconds=61)
    engine.dispose()
