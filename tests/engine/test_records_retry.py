"""Writes that are safe to retry, time order, limits on input, and locks that end."""

from __future__ import annotations

import re
import socket
import sqlite3
import threading
import unicodedata
from datetime import UTC, datetime

import pytest
from engine_support import events_of, row_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import make_url

from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements
from app.queries import case_summary
from engine.errors import BadText, RequestReused
from engine.limits import NAME_MAX, checked_name, checked_note
from storage.db import connect
from storage.errors import DatabaseBusy, DatabaseUnavailable

PBJ = "pekalongan-pbj-penerbitan-pembayaran"
PETUGAS, VERIFIKATOR = "pekalongan-PBJ-petugas", "pekalongan-PBJ-verifikator"
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def _open(engine, **kw):
    return open_case(engine, PBJ, Applicant("Dinas"), PETUGAS, NOW, variant="barang", **kw)


# Idempotency ---------------------------------------------------------------------------


def test_repeating_a_step_with_its_key_returns_the_original_result(engine):
    ref = _open(engine)
    first = advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, request_id="k1")
    again = advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, request_id="k1")
    assert first == again == "verifikasi"
    assert [e.request_id for e in events_of(engine, ref)] == [None, "k1"]


def test_repeating_an_opening_with_its_key_opens_one_case(engine):
    assert _open(engine, request_id="o1") == _open(engine, request_id="o1")
    assert _open(engine) != _open(engine, request_id="o1")
    assert row_of(engine, _open(engine, request_id="o1")).rev == 1


def test_a_key_used_for_another_request_is_refused(engine):
    ref = _open(engine, request_id="same")
    with pytest.raises(RequestReused):
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, request_id="same")
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, request_id="s2")
    with pytest.raises(RequestReused):
        check_requirements(engine, ref, ["rup"], VERIFIKATOR, NOW, request_id="s2")
    assert len(events_of(engine, ref)) == 2


def test_repeating_a_tick_with_its_key_records_it_once(engine):
    ref = _open(engine)
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW)
    check_requirements(engine, ref, ["rup"], VERIFIKATOR, NOW, request_id="t1")
    check_requirements(engine, ref, ["rup"], VERIFIKATOR, NOW, request_id="t1")
    assert [e.kind for e in events_of(engine, ref)] == ["langkah", "langkah", "centang"]


# Time order ------------------------------------------------------------------------------


def test_the_recorded_time_is_read_while_the_write_lock_is_held(sqlite_engine, sqlite_url):
    """A clock read before waiting for the lock could stamp an event earlier than the
    one written before it; the use case reads its clock only once it holds the lock."""
    ref = _open(sqlite_engine)
    path = make_url(sqlite_url).database
    seen = []

    def clock() -> datetime:
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            seen.append("free")
        except sqlite3.OperationalError:
            seen.append("held")
        finally:
            probe.close()
        return NOW

    advance_case(sqlite_engine, ref, "serahkan_ke_verifikator", PETUGAS, clock)
    assert seen == ["held"]


# Input limits -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "kosong"),
        ("   ", "kosong"),
        ("x" * (NAME_MAX + 1), "paling banyak 200"),
        ("Dinas\nPU", "U+000A"),
        ("Dinas\u200bPU", "U+200B"),
        ("Dinas\x00PU", "U+0000"),
    ],
)
def test_bad_applicant_names_are_refused_alike_on_both_databases(engine, name, fragment):
    with pytest.raises(BadText, match=re.escape(fragment)):
        open_case(engine, PBJ, Applicant(name), PETUGAS, NOW, variant="barang")
    assert _open(engine).endswith("-000001")  # nothing half-written, no number used


def test_a_note_may_have_lines_but_no_nul(engine):
    ref = _open(engine)
    with pytest.raises(BadText, match="catatan"):
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, note="a\x00b")
    advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, note=" baris 1\nbaris 2 ")
    assert events_of(engine, ref)[-1].note == "baris 1\nbaris 2"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_an_accepted_name_is_trimmed_short_and_printable(text):
    try:
        name = checked_name(text, "pemohon")
    except BadText:
        return
    assert name == name.strip() and 0 < len(name) <= NAME_MAX
    refused = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
    assert not any(unicodedata.category(ch) in refused for ch in name)


@given(st.text(max_size=2500))
def test_an_accepted_note_has_no_nul_and_fits(text):
    try:
        note = checked_note(text, "catatan")
    except BadText:
        return
    assert note is None or ("\x00" not in note and len(note) <= 2000)


# Locks and timeouts -----------------------------------------------------------------------


def test_a_busy_sqlite_database_ends_with_one_line_and_reads_go_on(
    sqlite_engine, sqlite_url, monkeypatch
):
    ref = _open(sqlite_engine)
    monkeypatch.setenv("ALUR_SQLITE_BUSY_TIMEOUT", "0.2")
    engine = connect(sqlite_url, migrate=False)
    holder = sqlite3.connect(make_url(sqlite_url).database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy, match="sedang sibuk"):
            advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW)
        with pytest.raises(DatabaseBusy):
            _open(engine)
        assert case_summary(engine, ref, NOW)["state"] == "berkas_diterima"  # reads never wait
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()
    assert DatabaseBusy.exit_code == 4


def test_a_server_that_accepts_and_never_answers_ends_within_the_connect_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    thread.start()
    try:
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/test?connect_timeout=1"
        with pytest.raises(DatabaseUnavailable, match="tidak dapat dibuka"):
            connect(url)
    finally:
        for conn, _ in accepted:
            conn.close()
        listener.close()


# The outcome-unknown path ---------------------------------------------------------------


def test_a_lost_answer_to_the_write_is_outcome_unknown_and_the_retry_returns_it(
    pg_engine, postgres_url
):
    from tcp_proxy import Proxy
    from typer.testing import CliRunner

    from cli import app

    ref = _open(pg_engine)
    url = make_url(postgres_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        proxy.lose_reply_to(b"INSERT INTO events")
        args = ["--db", proxied, "case", "advance", ref, "serahkan_ke_verifikator"]
        args += ["--as", PETUGAS, "--request-id", "r-1"]
        result = CliRunner().invoke(app, args)
        assert proxy.tripped.is_set()
        assert result.exit_code == 6, result.output
        assert "tidak pasti" in result.output and "--request-id r-1" in result.output
        assert "tidak ada yang tercatat" not in result.output
        assert row_of(pg_engine, ref).state == "verifikasi"  # the write had committed
        result = CliRunner().invoke(app, args)  # the same request again, same key
        assert result.exit_code == 0, result.output
        assert "verifikasi" in result.output
        assert [e.request_id for e in events_of(pg_engine, ref)] == [None, "r-1"]
    finally:
        proxy.close()


@pytest.mark.parametrize("key", ["", "x" * 65, "baris\nbaru"])
def test_a_bad_request_key_is_refused_before_anything_is_written(engine, key):
    ref = _open(engine)
    with pytest.raises(BadText, match="kode permintaan"):
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW, request_id=key)
    with pytest.raises(BadText, match="kode permintaan"):
        open_case(engine, PBJ, Applicant("Dinas"), PETUGAS, NOW, variant="barang", request_id=key)
    assert len(events_of(engine, ref)) == 1 and _open(engine).endswith("-000002")
