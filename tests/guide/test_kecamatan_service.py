"""A kecamatan service encoded from its published wording, as docs/menyusun-alur-layanan.md
tells Bagian Organisasi staff to do it: a folder outside the package, its own calendar,
staff file and workflow, found through ALUR_WORKFLOWS_PATH and run through the CLI.

The decree's words: Surat Keterangan Pindah, "Proses 1 Minggu"; hours "Senin-Kamis
08:00-16:15, Jum'at 08:00-16:45". 1 minggu is read as 5 hari kerja (docs/sla.md), counted
from the day the Kasi receives the file (not counted) to that fifth working day's closing.
A file sent back to the applicant pauses the clock; its return adds the open service time
spent away to the deadline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.definitions import use_search_path
from cli import app

GUIDE_DIR = Path(__file__).parents[2] / "docs"

CALENDAR = """\
name: kecamatan-contoh
timezone: Asia/Jakarta
description: "Standar Pelayanan Kecamatan Contoh: Senin-Kamis 08:00-16:15, Jum'at 08:00-16:45"
plain_hari: kerja
hours:
  senin:  ["08:00-16:15"]
  selasa: ["08:00-16:15"]
  rabu:   ["08:00-16:15"]
  kamis:  ["08:00-16:15"]
  jumat:  ["08:00-16:45"]
"""

WORKFLOW = """\
id: kec-contoh-surat-keterangan-pindah
version: 1
institution: kec-contoh
institution_code: KCT
unit: Seksi Pemerintahan Kecamatan Contoh
unit_code: PEM
name: Surat Keterangan Pindah
source:
  decree: Keputusan Camat Contoh Nomor 1 Tahun 2026 tentang Standar Pelayanan
  section: Lampiran, Jenis Pelayanan "Surat Keterangan Pindah"
product: Surat Keterangan Pindah
fee: Tidak dipungut biaya
requirements:
  - {id: pengantar-rt-rw, text: Surat pengantar RT/RW}
  - {id: kk-asli, text: Kartu Keluarga asli}
roles:
  pemohon: {label: Pemohon, applicant: true, recorded_by: petugas}
  petugas: {label: Petugas Pelayanan}
  kasi: {label: Kasi Pemerintahan}
  camat: {label: Camat}
initial: diterima
states:
  diterima: {label: Berkas diterima petugas, role: petugas}
  verifikasi: {label: Kasi Pemerintahan memeriksa berkas, role: kasi}
  dikembalikan: {label: Berkas dikembalikan kepada pemohon, role: pemohon}
  tanda_tangan: {label: Camat menandatangani surat, role: camat}
  selesai: {label: Surat Keterangan Pindah diserahkan, outcome: selesai}
transitions:
  - {trigger: serahkan, from: diterima, to: verifikasi, role: petugas}
  - {trigger: kembalikan, from: verifikasi, to: dikembalikan, role: kasi}
  - {trigger: serahkan_kembali, from: dikembalikan, to: verifikasi, role: pemohon}
  - {trigger: ajukan_ttd, from: verifikasi, to: tanda_tangan, role: kasi,
     guards: [requirements_complete]}
  - {trigger: tandatangani, from: tanda_tangan, to: selesai, role: camat}
sla:
  text: Proses 1 Minggu
  calendar: kalender/kecamatan-contoh.yaml
  starts_in: verifikasi
  pauses_in: [dikembalikan]
supervisor: Camat Contoh
"""

NIPS = {
    "petugas": "198503142010011002",
    "kasi": "197911082005012003",
    "camat": "197001011995031001",
}
STAFF = "staff:\n" + "".join(
    f"  - nip: {nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}\n"  # written as on an SK
    f"    name: Pegawai {role}\n    institution: kec-contoh\n    unit: PEM\n"
    f"    roles: [{role}]\n"
    for role, nip in NIPS.items()
)


@pytest.fixture
def alur(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    office = tmp_path / "kantor" / "alur-layanan"
    (office / "kalender").mkdir(parents=True)
    (office / "kalender" / "kecamatan-contoh.yaml").write_text(CALENDAR, encoding="utf-8")
    (office / "surat-keterangan-pindah.yaml").write_text(WORKFLOW, encoding="utf-8")
    (tmp_path / "pegawai.yaml").write_text(STAFF, encoding="utf-8")
    monkeypatch.setenv("ALUR_WORKFLOWS_PATH", str(office))
    monkeypatch.setenv("ALUR_DISABLE_SHIPPED", "semua")
    monkeypatch.setenv("ALUR_BACKDATE_DAYS", "9999")  # the cases are dated in November 2026
    runner, db = CliRunner(), f"sqlite:///{tmp_path / 'alur.db'}"

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert run("workflows", "validate").strip() == "1 berkas valid"
    run("db", "upgrade")
    assert (
        run("staff", "load", str(tmp_path / "pegawai.yaml")).strip()
        == "3 pegawai ditambahkan, 0 diubah"
    )
    yield run
    use_search_path(None)


def test_the_guide_holds_the_same_example() -> None:
    guide = (GUIDE_DIR / "menyusun-alur-layanan.md").read_text(encoding="utf-8")
    for line in ["text: Proses 1 Minggu", "calendar: kalender/kecamatan-contoh.yaml"]:
        assert line in guide


@pytest.mark.parametrize(
    ("received", "sent_back", "returned", "due"),
    [
        # Mon 10:00: Tue, Wed, Thu, Fri, Mon counted -> Mon 9 Nov at closing
        ("2026-11-02T10:00", None, None, "2026-11-09T16:15:00+07:00"),
        # a Friday start ends on a Friday, which closes at 16:45
        ("2026-11-06T15:00", None, None, "2026-11-13T16:45:00+07:00"),
        # after Thursday's closing: starts Fri 08:00, Friday is day 0
        ("2026-11-05T17:00", None, None, "2026-11-13T16:45:00+07:00"),
        # away Tue 14:00 - Thu 10:00 = 2h15 + 8h15 + 2h00 = 12h30 of service time:
        # Mon 9 Nov 16:15 + 12h30 -> Tue 10 Nov (8h15) + Wed 11 Nov 08:00 + 4h15 = 12:15
        ("2026-11-02T10:00", "2026-11-03T14:00", "2026-11-05T10:00", "2026-11-11T12:15:00+07:00"),
        # sent back and returned while closed (Fri 17:00 - Mon 07:00): nothing added
        ("2026-11-02T10:00", "2026-11-06T17:00", "2026-11-09T07:00", "2026-11-09T16:15:00+07:00"),
    ],
)
def test_a_case_with_a_send_back_meets_the_hand_worked_deadline(
    alur, received: str, sent_back: str | None, returned: str | None, due: str
) -> None:
    petugas, kasi = NIPS["petugas"], NIPS["kasi"]
    at = lambda text: f"{text}:00+07:00"  # noqa: E731
    opened = alur(
        "case", "open", "kec-contoh-surat-keterangan-pindah", "--applicant", "Warga",
        "--at", at(received), "--as", petugas,
    )  # fmt: skip
    ref = opened.strip()
    alur("case", "advance", ref, "serahkan", "--at", at(received), "--as", petugas)
    if sent_back and returned:
        alur("case", "advance", ref, "kembalikan", "--at", at(sent_back), "--as", kasi,
             "--note", "Surat pengantar RT/RW belum dilampirkan")  # fmt: skip
        alur("case", "advance", ref, "serahkan_kembali", "--at", at(returned), "--as", petugas)
    shown = json.loads(alur("case", "show", ref, "--as", kasi, "--format", "json"))
    assert shown["state"] == "verifikasi"
    assert shown["due"] == due
    assert (
        shown["sla"] == "5 hari kerja (1 minggu dibaca sebagai 5 hari kerja)"
    )  # the reading shown
