"""`alur sla …`: the one-line outputs and the exit codes are a contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli

runner = CliRunner()
START = "2026-03-17T14:00:00+07:00"


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, ["sla", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--start", START, "--sla", "4 hari kerja"], "2026-03-30T15:45:00+07:00"),
        (
            ["--start", START, "--sla", "4 hari kerja", "--rule", "same_time"],
            "2026-03-30T14:00:00+07:00",
        ),
        (["--start", "2026-03-17T08:45:00Z", "--sla", "30 Menit"], "2026-03-25T08:00:00+07:00"),
        (["--start", START, "--sla", "tidak ditetapkan standar waktu"], "tidak ditetapkan"),
    ],
)
def test_due_prints_one_line(args: list[str], line: str) -> None:
    code, out, err = _run("due", "--calendar", "pekalongan-a", *args)
    assert (code, out, err) == (0, line + "\n", "")


def test_due_with_wita_calendar_uses_its_offset() -> None:
    code, out, _ = _run("due", "--calendar", "ppu-asn", "--start", START, "--sla", "1 jam")
    assert (code, out) == (0, "2026-03-17T16:00:00+08:00\n")  # 15.00 WITA + 1 h


def test_due_with_calendar_file(tmp_path: Path) -> None:
    path = tmp_path / "kantor.yaml"
    path.write_text('timezone: Asia/Jayapura\nhours: {senin: ["08:00-16:00"]}\n', encoding="utf-8")
    code, out, _ = _run(
        "due", "--calendar", str(path), "--start", "2026-03-16T08:00+09:00", "--sla", "2 jam"
    )
    assert (code, out) == (0, "2026-03-16T10:00:00+09:00\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--calendar", "pekalongan-z"],
            "kalender tidak dikenal: 'pekalongan-z'; yang tersedia: pasuruan-asn",
        ),
        (["--calendar", "tidak/ada.yaml"], "kalender tidak/ada.yaml: berkas tidak dapat dibaca"),
        (
            ["--start", "2026-03-17T14:00:00"],
            "--start '2026-03-17T14:00:00' tidak memuat zona waktu",
        ),
        (["--start", "17/03/2026"], "--start '17/03/2026' bukan waktu ISO 8601"),
        (["--sla", "4 hari krja"], "standar waktu tidak dapat dibaca: '4 hari krja'"),
        (["--rule", "siang"], "--rule 'siang' tidak dikenal"),
    ],
)
def test_due_bad_input(args: list[str], message: str) -> None:
    options = {"--calendar": "pekalongan-a", "--start": START, "--sla": "4 hari kerja"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    code, out, err = _run("due", *[x for pair in options.items() for x in pair])
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err


def test_invalid_calendar_file(tmp_path: Path) -> None:
    path = tmp_path / "rusak.yaml"
    path.write_text('timezone: Asia/Jakarta\nhours: {senen: ["08:00-16:00"]}\n', encoding="utf-8")
    code, _, err = _run("due", "--calendar", str(path), "--start", START, "--sla", "1 jam")
    assert code == 2
    assert f"kalender {path}: hours.senen" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("at", "line"),
    [
        ("2026-04-01T10:00:00+07:00", "terlambat: terlambat 1 hari kerja 2 jam 30 menit"),
        ("2026-03-17T15:00:00+07:00", "sesuai jadwal: sisa 4 hari kerja 45 menit"),
        ("2026-03-30T10:00:00+07:00", "berisiko: sisa 4 jam 45 menit"),
    ],
)
def test_status(at: str, line: str) -> None:
    code, out, _ = _run(
        "status",
        "--calendar",
        "pekalongan-a",
        "--start",
        START,
        "--sla",
        "4 hari kerja",
        "--at",
        at,
    )
    assert code == 0
    assert out == f"{line} (tenggat Senin, 30 Mar 2026 15.45 WIB)\n"


def test_status_needs_an_aware_at() -> None:
    code, _, err = _run(
        "status",
        "--calendar",
        "pekalongan-a",
        "--start",
        START,
        "--sla",
        "1 jam",
        "--at",
        "2026-03-18",
    )
    assert code == 2
    assert "--at '2026-03-18' tidak memuat zona waktu" in err


def test_calendar_month() -> None:
    code, out, _ = _run("calendar", "--calendar", "pekalongan-a", "--month", "2026-03")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "Kalender pekalongan-a (Asia/Jakarta), Maret 2026"
    assert "2026-03-13 Jumat   07:30-11:00" in lines
    assert "2026-03-16 Senin   07:30-12:00, 13:00-15:45" in lines
    assert "2026-03-14 Sabtu   tutup" in lines
    assert "2026-03-19 Kamis   libur: Hari Suci Nyepi" in lines
    assert lines[-1] == "Hari kerja: 17"
    assert len(lines) == 33


@pytest.mark.parametrize("month", ["2026-13", "Maret", "2026-3"])
def test_calendar_bad_month(month: str) -> None:
    code, _, err = _run("calendar", "--calendar", "pekalongan-a", "--month", month)
    assert code == 2
    assert f"--month {month!r}" in err
