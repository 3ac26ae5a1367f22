"""`alur case …` and `alur queue` as staff use them: exit codes and the lines they read."""

from __future__ import annotations

import json

import pytest
from engine_support import PBJ_ITEMS
from freezegun import freeze_time
from typer.testing import CliRunner

from app.staff_sample import sample_entries
from cli import app

PBJ = "pekalongan-pbj-penerbitan-pembayaran"


def _nip(role: str) -> str:
    return next(
        e["nip"]
        for e in sample_entries()["pekalongan"]
        if e["unit"] == "PBJ" and role in e["roles"]
    )


@pytest.fixture
def alur(tmp_path):
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'alur.db'}"

    def run(*args: str):
        return runner.invoke(app, ["--db", db, *args])

    assert run("db", "upgrade").exit_code == 0
    assert run("staff", "load", "--sample").exit_code == 0
    return run


@freeze_time("2026-11-18T03:00:00Z")  # Wednesday 10.00 WIB
def test_a_case_through_the_counter(alur):
    petugas, verifikator = _nip("petugas"), _nip("verifikator")
    opened = alur(
        "case", "open", PBJ, "--applicant", "Dinas PU", "--variant", "barang", "--as", petugas
    )
    assert opened.exit_code == 0, opened.output
    ref = opened.output.strip()
    assert ref == "PKL-PBJ-2026-000001"
    assert alur("case", "advance", ref, "serahkan_ke_verifikator", "--as", petugas).exit_code == 0
    shown = json.loads(alur("case", "show", ref, "--as", verifikator, "--format", "json").output)
    assert shown["state"] == "verifikasi" and shown["version"] == 2
    assert shown["due"] == "2026-11-24T15:45:00+07:00"  # 4 hari kerja after Wednesday
    assert shown["sla_status"] == "on_track"
    assert shown["allowed_triggers"] == ["kembalikan_tidak_lengkap"]  # nothing ticked yet
    (blocked,) = shown["blocked"]
    assert blocked["trigger"] == "nyatakan_lengkap"
    assert blocked["reason"].startswith("persyaratan wajib belum lengkap: rup, hps")
    text = alur("case", "show", ref, "--as", verifikator).output
    assert "Bisa dilakukan sekarang: kembalikan_tidak_lengkap" in text
    assert "Terhalang: nyatakan_lengkap — persyaratan wajib belum lengkap: rup" in text
    assert {"id", "text", "done"} <= set(shown["checklist"][0])
    queue = alur("queue", "--as", verifikator, "--format", "json")
    assert [c["ref"] for c in json.loads(queue.output)] == [ref]
    text = alur("case", "show", ref)
    assert "Tenggat: Selasa, 24 Nov 2026 15.45 WIB" in text.output
    assert "Status: sesuai jadwal" in text.output
    assert "Diterima: Rabu, 18 Nov 2026 10.00 WIB" in text.output
    history = json.loads(alur("case", "history", ref, "--format", "json").output)
    assert [e["to_state"] for e in history] == ["berkas_diterima", "verifikasi"]


@freeze_time("2026-11-18T03:00:00Z")
def test_refusals_have_exit_codes_and_write_nothing(alur):
    petugas, kabag = _nip("petugas"), _nip("kabag")
    ref = alur("case", "open", PBJ, "--applicant", "X", "--variant", "barang", "--as", petugas)
    ref = ref.output.strip()
    cases = [
        (["case", "advance", ref, "terbang", "--as", petugas], 2, "langkah 'terbang' tidak ada"),
        (["case", "advance", ref, "serahkan_ke_verifikator", "--as", kabag], 3, "tidak memegang"),
        (["case", "advance", ref, "serahkan_ke_verifikator", "--as", "000"], 2, "tidak terdaftar"),
        (["case", "advance", "PKL-PBJ-2026-999999", "x", "--as", petugas], 2, "tidak ditemukan"),
        (
            [
                "case",
                "advance",
                ref,
                "serahkan_ke_verifikator",
                "--as",
                petugas,
                "--at",
                "2026-11-18",
            ],
            2,
            "zona waktu",
        ),
        (
            [
                "case",
                "advance",
                ref,
                "serahkan_ke_verifikator",
                "--as",
                petugas,
                "--expect-version",
                "7",
            ],
            4,
            "sudah berubah",
        ),
        (["case", "check", ref, "tidak-ada", "--as", petugas], 2, "persyaratan 'tidak-ada'"),
        (["case", "open", "tidak-ada", "--applicant", "X", "--as", petugas], 2, "tidak-ada"),
        (["case", "list", "--status", "aneh"], 2, "aneh"),
    ]
    for args, code, message in cases:
        result = alur(*args)
        assert result.exit_code == code, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    shown = json.loads(alur("case", "show", ref, "--format", "json").output)
    assert shown["version"] == 1 and shown["state"] == "berkas_diterima"
    assert len(json.loads(alur("case", "history", ref, "--format", "json").output)) == 1


@freeze_time("2026-11-18T03:00:00Z")
def test_a_send_back_needs_its_reason_in_the_note(alur):
    petugas, verifikator = _nip("petugas"), _nip("verifikator")
    ref = alur("case", "open", PBJ, "--applicant", "X", "--variant", "barang", "--as", petugas)
    ref = ref.output.strip()
    assert alur("case", "advance", ref, "serahkan_ke_verifikator", "--as", petugas).exit_code == 0
    back = ["case", "advance", ref, "kembalikan_tidak_lengkap", "--as", verifikator]
    for note in ([], ["--note", "   "]):
        refused = alur(*back, *note)
        assert refused.exit_code == 2, refused.output
        assert refused.output.startswith(f"galat: permohonan {ref}: alasan pengembalian wajib")
        assert "mengembalikan berkas kepada pemohon" in refused.output
    assert json.loads(alur("case", "show", ref, "--format", "json").output)["version"] == 2
    taken = alur(*back, "--note", "Berkas belum lengkap: HPS belum dilampirkan")
    assert taken.exit_code == 0, taken.output
    history = json.loads(alur("case", "history", ref, "--format", "json").output)
    assert history[-1]["note"] == "Berkas belum lengkap: HPS belum dilampirkan"


def test_unreachable_database_is_a_clear_error(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["--db", f"sqlite:///{tmp_path}/nope/x.db", "staff", "list"])
    assert result.exit_code == 2
    assert "basis data tidak ditemukan" in result.output
    result = runner.invoke(app, ["--db", f"sqlite:///{tmp_path}/nope/x.db", "db", "upgrade"])
    assert result.exit_code == 2
    assert "tidak dapat dibuka" in result.output
    url = "postgresql+psycopg://postgres@127.0.0.1:1/none"
    result = runner.invoke(app, ["--db", url, "staff", "list"])
    assert result.exit_code == 2
    assert "tidak dapat dibuka" in result.output


def _refs(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [c["ref"] for c in json.loads(result.output)]


@freeze_time("2026-11-18T03:00:00Z")
def test_case_list_for_supervisors(alur):
    petugas, verifikator, kabag = _nip("petugas"), _nip("verifikator"), _nip("kabag")
    opening = ["case", "open", PBJ, "--variant", "barang", "--as", petugas]
    first = alur(*opening, "--applicant", "Dinas PUPR").output.strip()
    second = alur(*opening, "--applicant", "Budi", "--org", "Dinas Kesehatan").output.strip()
    steps = [
        (["serahkan_ke_verifikator"], petugas),
        (["nyatakan_lengkap"], verifikator),
        (["terbitkan_rekomendasi"], kabag),
        (["ambil_dokumen"], petugas),
    ]
    for trigger, nip in steps:
        if trigger == ["nyatakan_lengkap"]:  # the verifikator ticks the file in his step
            assert alur("case", "check", first, *PBJ_ITEMS, "--as", verifikator).exit_code == 0
        result = alur("case", "advance", first, *trigger, "--as", nip)
        assert result.exit_code == 0, result.output
    listing = ["case", "list", "--format", "json"]
    assert _refs(alur(*listing)) == [second]  # open cases by default
    assert _refs(alur(*listing, "--closed")) == [first]
    assert sorted(_refs(alur(*listing, "--all"))) == [first, second]
    assert _refs(alur(*listing, "--institution", "pekalongan", "--unit", "PBJ")) == [second]
    assert _refs(alur(*listing, "--institution", "ppu")) == []
    assert _refs(alur(*listing, "--holder", petugas)) == [second]
    assert _refs(alur(*listing, "--holder", verifikator)) == []
    assert _refs(alur(*listing, "--all", "--applicant", "pupr")) == [first]
    assert _refs(alur(*listing, "--applicant", "KESEHATAN")) == [second]
    assert _refs(alur(*listing, "--status", "belum-berjalan")) == [second]
    assert _refs(alur(*listing, "--status", "berisiko")) == []
    both = alur("case", "list", "--open", "--closed")
    assert both.exit_code == 2 and "pilih satu" in both.output
    table = alur("case", "list", "--all")
    assert "belum berjalan" in table.output and "not_started" not in table.output
