"""The staff file's checks: NIPs as written on an SK, other identifiers, and the places and
roles the loaded workflows declare; every problem at once, with the entry's position."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.staff import StaffFileInvalid, _parse
from app.staff_file import nip_problem
from cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("198001012005011001", None),
        ("198002292005012001", None),  # 29 February 1980 existed
        ("19800101200501100", "harus 18 angka"),
        ("19800101200501100A", "harus 18 angka"),
        ("198013012005011001", "tanggal lahir 19801301 (angka 1-8) tidak valid"),
        ("198102292005011001", "tanggal lahir 19810229"),  # 1981 was not a leap year
        ("198001011990011001", "TMT 199001"),  # appointed at ten
        ("198001012005131001", "TMT 200513"),  # month 13
        ("198001012005013001", "angka ke-15 (jenis kelamin) harus 1 atau 2"),
    ],
)
def test_an_eighteen_digit_nip_is_checked(nip: str, problem: str | None) -> None:
    found = nip_problem(nip)
    assert (found is None) if problem is None else (found is not None and problem in found)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pegawai.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_nip_written_with_spaces_is_normalised(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "staff:\n"
        "  - nip: 19800101 200501 1 001\n"
        "    name: Siti Rahayu\n    institution: pekalongan\n    unit: PBJ\n"
        "    roles: [petugas]\n"
        "  - nip: PPPK-2023-0042\n    nip_kind: lain\n"
        "    name: Budi Santoso\n    institution: pekalongan\n    unit: PBJ\n"
        "    roles: [verifikator]\n",
    )
    assert [e.nip for e in _parse(path)] == ["198001012005011001", "PPPK-2023-0042"]


def test_every_problem_is_reported_at_once_with_its_position(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "staff:\n"
        "  - {nip: '198001012005011001', name: A, institution: jakarta, unit: PBJ, roles: [x]}\n"
        "  - {nip: '198001012005011002', name: B, institution: pekalongan,"
        " unit: Bagian Pengadaan Barang/Jasa dan Administrasi Pembangunan, roles: [petugas]}\n"
        "  - {nip: '198001012005011003', name: C, institution: pekalongan, unit: PBJ,"
        " roles: [superadmin]}\n"
        "  - {nip: '198001012005011003', name: D, institution: pekalongan, unit: PBJ,"
        " roles: [petugas], jabatan: Kasubag}\n",
    )
    with pytest.raises(StaffFileInvalid) as info:
        _parse(path)
    problems = info.value.problems
    assert problems[0].startswith("entri ke-1 (baris 2): instansi 'jakarta' tidak dikenal")
    assert problems[1] == (
        "entri ke-2 (baris 3): unit 'Bagian Pengadaan Barang/Jasa dan Administrasi Pembangunan' "
        "bukan kode unit "
        "pekalongan; tulis kodenya: PBJ"
    )
    assert problems[2].startswith(
        "entri ke-3 (baris 4): peran 'superadmin' tidak dideklarasikan workflow pekalongan PBJ"
    )
    assert problems[3] == "entri ke-4 (baris 5): kunci tidak dikenal: 'jabatan'"
    assert problems[4] == "NIP '198001012005011003' ditulis 2 kali"
    assert len(problems) == 5


def test_a_wrong_shape_is_named_in_words(tmp_path: Path) -> None:
    with pytest.raises(StaffFileInvalid, match="isi berkas harus satu kunci staff:"):
        _parse(write(tmp_path, "- nip: 1\n"))


def test_staff_schema_is_json_schema() -> None:
    result = runner.invoke(app, ["staff", "schema"])
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    entry = schema["$defs"]["StaffEntry"]
    assert {"nip", "nip_kind", "name", "institution", "unit", "roles"} == set(entry["properties"])
    assert entry["additionalProperties"] is False
