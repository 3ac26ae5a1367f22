"""Kabupaten Penajam Paser Utara, Sekretariat Daerah (part A): each workflow's commitment.

Keputusan Sekretaris Daerah Kabupaten Penajam Paser Utara Nomor 000.8.3.2/26/2024, Lampiran,
Lembar Kerja Standar Pelayanan: Bagian Pemerintahan, Organisasi, Umum, Hukum, and Ekonomi dan
Sumber Daya Alam (16 services). A bare "hari" is read as hari kerja (the ppu-asn default).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_support import definition, parsed

import workflows
from engine.definition import Definition


def _definition(workflow_id: str) -> Definition:
    return definition("ppu", workflow_id)


_parsed = parsed


DIRECTORY = Path(workflows.__file__).parent / "ppu"


CATALOGUE = [
    ("ppu-pem-fasilitasi-kerja-sama", "14 hari kerja", (14, "hari_kerja")),
    ("ppu-pem-penegasan-batas-desa-kelurahan", "1 Bulan", (1, "bulan")),
    ("ppu-org-pengajuan-inovasi-pelayanan-publik", "45 jam", (45, "jam")),
    ("ppu-org-konsultasi-pelayanan-publik-tatalaksana", "1 jam (sesuai kebutuhan)", (1, "jam")),
    ("ppu-org-konsultasi-pengembangan-kinerja", "1 jam (sesuai kebutuhan)", (1, "jam")),
    ("ppu-org-konsultasi-anjab-kelembagaan", "1 jam (sesuai kebutuhan)", (1, "jam")),
    ("ppu-umum-peminjaman-ruangan", "30 Menit", (30, "menit")),
    ("ppu-umum-pengantar-cuti-pns", "30 Menit", (30, "menit")),
    ("ppu-umum-pengantar-kenaikan-pangkat", "45 menit", (45, "menit")),
    ("ppu-umum-penomoran-stempel-surat-keluar", "15 Menit", (15, "menit")),
    ("ppu-umum-distribusi-surat-disposisi", "30 Menit", (30, "menit")),
    ("ppu-hukum-penerbitan-perda", "3 bulan", (3, "bulan")),
    ("ppu-hukum-penerbitan-perbup", "3 bulan", (3, "bulan")),
    ("ppu-hukum-penerbitan-sk-bupati", "1 bulan", (1, "bulan")),
    ("ppu-ekon-rekomendasi-kebijakan-bumd", "7 Hari Kerja", (7, "hari_kerja")),
    ("ppu-ekon-persetujuan-bupati-pembinaan-bumd", "3 hari", (3, "hari_kerja")),
]


@pytest.mark.parametrize(("workflow_id", "sla_text", "expected"), CATALOGUE)
def test_commitment(workflow_id, sla_text, expected):
    definition = _definition(workflow_id)
    assert definition.sla.text == sla_text
    assert definition.sla.calendar == "ppu-asn"
    assert _parsed(definition, definition.sla.text) == expected
