"""Kabupaten Penajam Paser Utara, Sekretariat Daerah (part B): each workflow's commitment.

Keputusan Sekretaris Daerah Kabupaten Penajam Paser Utara Nomor 000.8.3.2/26/2024, Lampiran,
Lembar Kerja Standar Pelayanan: Bagian Kesejahteraan Rakyat, Pengadaan Barang dan Jasa, and
Protokol dan Komunikasi Pimpinan (17 services). A bare "hari" is read as hari kerja (the ppu-asn
default).
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
    ("ppu-kesra-beasiswa-prestasi", "14 Hari", (14, "hari_kerja")),
    ("ppu-kesra-beasiswa-paskibra", "2 Hari", (2, "hari_kerja")),
    ("ppu-kesra-beasiswa-tahfidz", "14 Hari", (14, "hari_kerja")),
    ("ppu-kesra-beasiswa-utusan-daerah", "30 Hari", (30, "hari_kerja")),
    ("ppu-kesra-hibah-keagamaan", "paling lama 30 (tiga puluh) hari", (30, "hari_kerja")),
    ("ppu-kesra-haji-pemerintah-daerah", "7 (Tujuh) Hari", (7, "hari_kerja")),
    ("ppu-kesra-penghargaan-pendidik-baca-tulis-alquran", "10 Hari", (10, "hari_kerja")),
    ("ppu-kesra-penghargaan-veteran", "10 Hari", (10, "hari_kerja")),
    ("ppu-kesra-surat-keterangan-bebas-narkoba", "1 Hari", (1, "hari_kerja")),
    ("ppu-pbj-etalase-e-katalog-lokal", "5 Hari", (5, "hari_kerja")),
    ("ppu-pbj-klarifikasi-pembuktian-luring", "1 hari", (1, "hari_kerja")),
    ("ppu-pbj-perencanaan-pengadaan", "1 hari", (1, "hari_kerja")),
    ("ppu-prokopim-dokumentasi-foto-video", "1 hari", (1, "hari_kerja")),
    ("ppu-prokopim-leaflet-profil-plakat-cinderamata", "15 Menit", (15, "menit")),
    ("ppu-prokopim-tamu-daerah", "30 Menit", (30, "menit")),
    ("ppu-prokopim-pidato-sambutan-bupati", "2 Jam", (2, "jam")),
    ("ppu-prokopim-mc", "15 Menit", (15, "menit")),
]


@pytest.mark.parametrize(("workflow_id", "sla_text", "expected"), CATALOGUE)
def test_commitment(workflow_id, sla_text, expected):
    definition = _definition(workflow_id)
    assert definition.sla.text == sla_text
    assert definition.sla.calendar == "ppu-asn"
    assert _parsed(definition, definition.sla.text) == expected
