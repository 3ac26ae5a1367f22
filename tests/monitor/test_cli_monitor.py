"""`alur monitor sweep`, `alur outbox …`, `alur case history` with alerts, `alur config`."""

from __future__ import annotations

import json

from conftest import PBJ, wib
from typer.testing import CliRunner

from app.cases import Applicant, advance_case, open_case
from cli import app

runner = CliRunner()


def _late_case(engine) -> str:
    start = wib(2026, 3, 11, 10, 0)
    ref = open_case(engine, PBJ, Applicant("Dinas PU"), "P1", start, variant="barang", at=start)
    advance_case(engine, ref, "serahkan_ke_verifikator", "P1", start, at=start)
    return ref


def _alur(url: str, *args: str, env: dict | None = None):
    return runner.invoke(app, ["--db", url, *args], env=env)


def test_sweep_prints_what_it_queued_then_the_outbox_shows_it(sqlite_engine, tmp_path):
    ref = _late_case(sqlite_engine)
    url = str(sqlite_engine.url)
    result = _alur(url, "monitor", "sweep", "--at", "2026-03-25T09:00:00+07:00")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "sapuan Rabu, 25 Mar 2026 09.00 WIB: 1 permohonan diperiksa, 1 peringatan, "
        "2 pesan diantrekan, 0 gugur, 0 ditunda (di luar jam layanan)"
    )
    assert lines[1:] == [
        "  pesan #1 kepada Budi Verifikator (V1) lewat file: 1 permohonan",
        "  pesan #2 kepada Dewi Kabag (K1) lewat file: 1 permohonan",
    ]
    again = _alur(url, "monitor", "sweep", "--at", "2026-03-25T10:00:00+07:00", "--format", "json")
    assert json.loads(again.output)["messages"] == []  # not due again before tomorrow
    pending = _alur(url, "outbox", "list", "--status", "pending", "--format", "json")
    listed = json.loads(pending.output)
    assert [m["id"] for m in listed] == [2, 1]
    shown = _alur(url, "outbox", "show", "1")
    assert shown.exit_code == 0
    assert "subjek: [alur] 1 permohonan perlu perhatian: terlambat" in shown.output
    assert f"Nomor permohonan: {ref}" in shown.output
    history = json.loads(_alur(url, "case", "history", ref, "--format", "json").output)
    assert history[-1]["kind"] == "peringatan" and history[-1]["trigger"] == "terlambat"


def test_bad_input_is_one_line_with_exit_2(sqlite_engine, tmp_path):
    url = str(sqlite_engine.url)
    bad_at = _alur(url, "monitor", "sweep", "--at", "kemarin")
    assert (bad_at.exit_code, bad_at.output.count("\n")) == (2, 1)
    assert bad_at.output.startswith("galat: --at 'kemarin' bukan waktu ISO 8601")
    missing = _alur(url, "outbox", "show", "99")
    assert (missing.exit_code, missing.output) == (2, "galat: pesan outbox 99 tidak ditemukan\n")
    assert _alur(url, "outbox", "retry", "x").exit_code == 2
    policies = tmp_path / "kebijakan"
    policies.mkdir()
    (policies / "pekalongan.yaml").write_text("institution: pekalongan\nsekda_after: 1\n")
    _late_case(sqlite_engine)
    broken = _alur(
        url,
        "monitor",
        "sweep",
        "--at",
        "2026-03-25T09:00:00+07:00",
        env={"ALUR_MONITOR_POLICIES": str(policies)},
    )
    assert broken.exit_code == 2
    assert broken.output == (
        f"galat: kebijakan eskalasi {policies / 'pekalongan.yaml'}: 1 masalah: "
        "sekda_after: tidak boleh kurang dari asisten_after\n"
    )
    bad_port = _alur(url, "monitor", "sweep", env={"ALUR_SMTP_PORT": "dua lima"})
    assert bad_port.output == "galat: pengaturan smtp_port = 'dua lima': harus bilangan bulat\n"


def test_config_never_prints_secrets(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('smtp_host = "surel.kantor"\nsmtp_port = 587\nsmtp_password = "rahasia"\n')
    env = {"ALUR_CONFIG": str(config), "ALUR_WEBHOOK_SECRET": "rahasia-juga"}
    result = runner.invoke(app, ["config"], env=env)
    assert result.exit_code == 0, result.output
    assert "rahasia" not in result.output
    assert "smtp_password = ***" in result.output and "smtp_port = 587" in result.output
    assert "webhook_secret = ***    [ALUR_WEBHOOK_SECRET]" in result.output
