"""An office's own workflows and calendars, found on its search path, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.definitions import use_search_path
from cli import app
from sla import load_calendar
from workflows.catalogue import load_catalogue
from workflows.search_path import search_path

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid.yaml"
CALENDAR = """\
name: kecamatan-uji
timezone: Asia/Jakarta
hours:
  senin: ["08:00-16:15"]
  jumat: ["08:00-16:45"]
"""

runner = CliRunner()


@pytest.fixture(autouse=True)
def _environment_search_path(monkeypatch: pytest.MonkeyPatch):
    for name in ("ALUR_WORKFLOWS_PATH", "ALUR_CALENDARS_PATH", "ALUR_DISABLE_SHIPPED"):
        monkeypatch.delenv(name, raising=False)
    yield
    use_search_path(None)


def office_file(folder: Path, name: str, workflow_id: str, calendar: str = "pekalongan-a") -> Path:
    text = VALID.read_text(encoding="utf-8")
    text = text.replace("id: test-uji-layanan-minimal", f"id: {workflow_id}")
    text = text.replace("calendar: pekalongan-a", f"calendar: {calendar}")
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def listed(*args: str) -> tuple[list[dict], str]:
    result = runner.invoke(app, [*args, "workflows", "list", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_office_folder_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    office_file(tmp_path, "kecamatan-a/surat-pindah.yaml", "kec-a-surat-pindah")
    monkeypatch.setenv("ALUR_WORKFLOWS_PATH", str(tmp_path))
    rows, err = listed()
    (row,) = [r for r in rows if r["id"] == "kec-a-surat-pindah"]
    assert row["origin"] == str(tmp_path)
    assert row["file"] == str(tmp_path / "kecamatan-a" / "surat-pindah.yaml")
    assert {r["origin"] for r in rows} == {"bawaan", str(tmp_path)}
    assert err == ""


def test_workflows_option_replaces_the_environment_for_one_command(
    tmp_path: Path, monkeypatch
) -> None:
    office_file(tmp_path / "a", "x.yaml", "dari-env")
    office_file(tmp_path / "b", "y.yaml", "dari-opsi")
    monkeypatch.setenv("ALUR_WORKFLOWS_PATH", str(tmp_path / "a"))
    ids = {r["id"] for r in listed("--workflows", str(tmp_path / "b"))[0]}
    assert "dari-opsi" in ids and "dari-env" not in ids
    assert "dari-env" in {r["id"] for r in listed()[0]}


def test_shipped_institutions_can_be_turned_off(monkeypatch) -> None:
    monkeypatch.setenv("ALUR_DISABLE_SHIPPED", "pekalongan, ppu")
    assert {r["institution"] for r in listed()[0]} == {"pasuruan"}
    monkeypatch.setenv("ALUR_DISABLE_SHIPPED", "semua")
    assert listed()[0] == []


def test_a_bad_file_is_isolated_with_one_warning_line(tmp_path: Path, monkeypatch) -> None:
    office_file(tmp_path, "baik.yaml", "kec-baik")
    (tmp_path / "rusak.yaml").write_text("id: [\n", encoding="utf-8")
    office_file(tmp_path, "salinan.yaml", "pekalongan-pbj-penerbitan-pembayaran")
    monkeypatch.setenv("ALUR_WORKFLOWS_PATH", str(tmp_path))
    rows, err = listed()
    ids = [r["id"] for r in rows]
    assert "kec-baik" in ids and len(ids) == 92  # 91 shipped and the good one
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"peringatan: {tmp_path / 'rusak.yaml'}: 1 masalah, mis. baris ")
    assert lines[0].endswith("(layanan ini tidak dimuat)")
    assert "sudah dideklarasikan di workflows/pekalongan/" in lines[1]
    shown = runner.invoke(app, ["workflows", "show", "kec-baik"])
    assert shown.exit_code == 0 and "Layanan Uji Minimal" in shown.stdout


def test_validate_a_folder_names_each_bad_file(tmp_path: Path) -> None:
    office_file(tmp_path, "baik.yaml", "kec-baik")
    (tmp_path / "rusak.yaml").write_bytes(b"name: \xff\n")
    result = runner.invoke(app, ["workflows", "validate", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'rusak.yaml'}: 1 masalah: baris 1 berkas bukan teks UTF-8" in result.stderr
    assert "galat: 1 berkas bermasalah dari 2" in result.stderr


def test_missing_folder_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    rows, err = listed("--workflows", str(tmp_path / "tidak-ada"))
    assert len(rows) == 91
    assert err.strip() == (
        f"peringatan: {tmp_path / 'tidak-ada'}: 1 masalah, mis. folder workflow tidak "
        f"ditemukan; periksa: alur workflows validate {tmp_path / 'tidak-ada'} "
        "(layanan ini tidak dimuat)"
    )


def test_calendar_relative_to_the_workflow_file(tmp_path: Path) -> None:
    (tmp_path / "kalender").mkdir()
    (tmp_path / "kalender" / "kec.yaml").write_text(CALENDAR, encoding="utf-8")
    office_file(tmp_path, "pindah.yaml", "kec-pindah", calendar="kalender/kec.yaml")
    found = load_catalogue(search_path(str(tmp_path), disable_shipped="semua"))
    assert found.broken == ()
    (item,) = found.loaded
    assert item.definition.sla.calendar == "kecamatan-uji"  # known by name from now on
    assert load_calendar("kecamatan-uji").week[4] == (
        (8 * 60 * 60_000_000, 16 * 60 * 60_000_000 + 45 * 60_000_000),
    )


def test_calendar_on_the_calendar_path(tmp_path: Path) -> None:
    (tmp_path / "kal").mkdir()
    (tmp_path / "kal" / "kecamatan-jalur.yaml").write_text(
        CALENDAR.replace("kecamatan-uji", "kecamatan-jalur"), encoding="utf-8"
    )
    office_file(tmp_path / "wf", "pindah.yaml", "kec-jalur", calendar="kecamatan-jalur")
    sp = search_path(str(tmp_path / "wf"), str(tmp_path / "kal"), "semua")
    found = load_catalogue(sp)
    assert [i.definition.sla.calendar for i in found.loaded] == ["kecamatan-jalur"]
    without = load_catalogue(search_path(str(tmp_path / "wf"), None, "semua"))
    (error,) = without.broken
    assert "kalender tidak dikenal: 'kecamatan-jalur'" in str(error)


def test_a_calendar_file_must_be_relative(tmp_path: Path) -> None:
    office_file(tmp_path, "pindah.yaml", "kec-abs", calendar="/etc/kalender.yaml")
    (error,) = load_catalogue(search_path(str(tmp_path), disable_shipped="semua")).broken
    assert "sla.calendar" in str(error)


def test_new_writes_a_valid_skeleton_and_never_overwrites(tmp_path: Path) -> None:
    args = ["workflows", "new", "--institution", "kec-contoh", "--unit", "PEM"]
    args += ["--name", "Surat Keterangan Pindah", "--dir", str(tmp_path)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    path = tmp_path / "surat-keterangan-pindah.yaml"
    assert first.stdout.strip() == str(path)
    assert "# Persyaratan: satu butir per syarat" in path.read_text(encoding="utf-8")
    assert runner.invoke(app, ["workflows", "validate", str(path)]).exit_code == 0
    path.write_text("# diubah\n", encoding="utf-8")
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert "sudah ada; tidak ditimpa" in again.stderr
    assert path.read_text(encoding="utf-8") == "# diubah\n"


def test_diagram_says_what_counts(tmp_path: Path) -> None:
    path = office_file(tmp_path, "uji.yaml", "kec-diagram")
    text = path.read_text(encoding="utf-8").replace(
        "    label: Verifikator memeriksa kelengkapan\n",
        "    label: Verifikator memeriksa kelengkapan\n    sla: 15 menit\n",
    )
    path.write_text(text.replace("text: 4 hari kerja", "text: 4 hari kerja jika berkas lengkap"))
    result = runner.invoke(
        app, ["--workflows", str(tmp_path), "workflows", "diagram", "kec-diagram"]
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "    %% Layanan Uji Minimal: 4 hari kerja, jika berkas lengkap"
    assert any(
        line.startswith("    verifikasi: ") and line.endswith("<br/>waktu tahap 15 menit")
        for line in lines
    )
    assert (
        "    verifikasi --> selesai: setujui [Verifikator] — persyaratan wajib lengkap"
    ) in lines
    assert (
        "    dikembalikan --> verifikasi: serahkan_kembali [Pemohon] — jam SLA mulai ulang" in lines
    )
    assert (
        "    note right of verifikasi : jam SLA mulai di sini (4 hari kerja, jika berkas lengkap)"
        in lines
    )
    assert "    note right of dikembalikan : jam SLA berhenti sementara" in lines
    assert "    note right of selesai : jam SLA berhenti" in lines
