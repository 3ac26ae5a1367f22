"""`alur workflows new`: a commented skeleton of one service, in the office's folder.

The skeleton is a valid workflow (so `alur workflows validate` passes at once) whose
comments say, in Bahasa Indonesia, which part of the Standar Pelayanan goes where.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from engine.errors import BadInput

__all__ = ["SkeletonExists", "skeleton", "slug", "write_skeleton"]


class SkeletonExists(BadInput):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} sudah ada; tidak ditimpa (pilih nama lain atau hapus dulu)")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "layanan"


def skeleton(institution: str, unit_code: str, name: str) -> str:
    code = (re.sub(r"[^A-Z]", "", institution.upper()) + "XX")[:5]
    service = slug(name)
    return _TEMPLATE.format(
        id=f"{slug(institution)}-{unit_code.lower()}-{service}",
        institution=slug(institution),
        code=code,
        unit_code=unit_code.upper(),
        name=name.replace('"', "'"),
    )


def write_skeleton(folder: Path, institution: str, unit_code: str, name: str) -> Path:
    """Write `<slug of name>.yaml` into `folder`; refuses to overwrite."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,9}", unit_code):
        raise BadInput(f"--unit {unit_code!r}: tulis kode unit 2-10 huruf/angka, mis. PEM")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug(name)}.yaml"
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(skeleton(institution, unit_code, name))
    except FileExistsError:
        raise SkeletonExists(path) from None
    return path


_TEMPLATE = """\
# Satu Jenis Pelayanan dari Standar Pelayanan. Panduan: docs/menyusun-alur-layanan.md
# Periksa dengan: alur workflows validate <berkas ini>
id: {id}
version: 1                      # naikkan bila isi layanan berubah
institution: {institution}
institution_code: {code}                # 2-5 huruf besar, awal nomor permohonan
unit: "GANTI: nama unit seperti dalam keputusan"
unit_code: {unit_code}
name: "{name}"
source:
  decree: "GANTI: judul dan nomor keputusan Standar Pelayanan"
  section: "GANTI: letak dalam lampiran"
product: "GANTI: Produk Pelayanan"
fee: "GANTI: Biaya/Tarif, mis. Tidak dipungut biaya"

# Persyaratan: satu butir per syarat
requirements:
  - {{id: surat-permohonan, text: Surat permohonan}}

# Peran: siapa yang memegang berkas pada tiap tahap
roles:
  pemohon: {{label: Pemohon, applicant: true, recorded_by: petugas}}
  petugas: {{label: Petugas Pelayanan}}
  kepala: {{label: "GANTI: pejabat yang menandatangani"}}

# Prosedur: tahap (states) dan langkah (transitions)
initial: diterima
states:
  diterima: {{label: Berkas diterima petugas, role: petugas}}
  diperiksa: {{label: Berkas diperiksa, role: kepala}}
  dikembalikan: {{label: Berkas dikembalikan kepada pemohon, role: pemohon}}
  selesai: {{label: Produk diserahkan kepada pemohon, outcome: selesai}}
transitions:
  - {{trigger: serahkan, from: diterima, to: diperiksa, role: petugas}}
  - {{trigger: kembalikan, from: diperiksa, to: dikembalikan, role: kepala}}
  - {{trigger: serahkan_kembali, from: dikembalikan, to: diperiksa, role: pemohon}}
  - {{trigger: selesaikan, from: diperiksa, to: selesai, role: kepala,
     guards: [requirements_complete]}}

# Waktu Penyelesaian, persis seperti tertulis; waktu per tahap: sla: pada tahapnya
sla:
  text: "tidak ditetapkan"      # GANTI, mis. "Proses 1 Minggu" atau "3 (tiga) hari kerja"
  calendar: pekalongan-a        # GANTI: kalender kantor, mis. kalender/kantor.yaml
  starts_in: diperiksa          # jam mulai saat berkas masuk tahap ini
  pauses_in: [dikembalikan]     # jam berhenti sementara selama berkas di pemohon

supervisor: "GANTI: Pengawasan Internal"
notes:
  - "Tulis di sini setiap tafsiran atas teks keputusan."
"""
