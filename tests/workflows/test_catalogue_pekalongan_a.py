"""Kota Pekalongan, Sekretariat Daerah (part A): each workflow's commitment as the decree writes it.

Keputusan Sekretaris Daerah Kota Pekalongan Nomor 060/15 Tahun 2022, Lampiran: Bagian
Perekonomian dan SDA, Organisasi, Pemerintahan, Umum, and Pengadaan Barang/Jasa dan
Administrasi Pembangunan.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_support import definition, parsed

import workflows
from engine.definition import Definition


def _definition(workflow_id: str) -> Definition:
    return definition("pekalongan", workflow_id)


_parsed = parsed


DIRECTORY = Path(workflows.__file__).parent / "pekalongan"


CATALOGUE = [
    ("pekalongan-perek-konsultasi-dbhcht", "1 hari kerja", (1, "hari_kerja")),
    ("pekalongan-org-konsultasi-lkjip-pk", "1 (satu) hari kerja", (1, "hari_kerja")),
    ("pekalongan-org-konsultasi-sop", "1 (satu) hari kerja", (1, "hari_kerja")),
    ("pekalongan-org-konsultasi-standar-pelayanan", "1 (satu) hari kerja", (1, "hari_kerja")),
    ("pekalongan-org-konsultasi-anjab-abk", "1 (satu) hari kerja", (1, "hari_kerja")),
    ("pekalongan-pem-konsultasi-lkpj", "1 hari kerja", (1, "hari_kerja")),
    ("pekalongan-pem-konsultasi-laporan-spm", "1 hari kerja", (1, "hari_kerja")),
    ("pekalongan-pem-konsultasi-lppd", "1 hari kerja", (1, "hari_kerja")),
    ("pekalongan-pem-konsultasi-naskah-kerja-sama", "1 hari kerja", (1, "hari_kerja")),
    ("pekalongan-pem-laporan-monografi", "7 (tujuh) hari kerja", (7, "hari_kerja")),
    ("pekalongan-pem-sarasehan-k3", "2 (dua) hari kerja", (2, "hari_kerja")),
    ("pekalongan-pem-lomba-kelurahan-terbersih", "7 (tujuh) hari kerja", (7, "hari_kerja")),
    ("pekalongan-umum-pinjam-ruangan", "1 hari kerja", (1, "hari_kerja")),
    ("pekalongan-umum-pinjam-kendaraan-dinas", "1 hari kerja", (1, "hari_kerja")),
    (
        "pekalongan-pbj-proses-utama-pengadaan",
        "30 hari kalender (22 hari kerja)",
        (22, "hari_kerja"),
    ),
    ("pekalongan-pbj-penerbitan-pembayaran", "4 hari kerja", (4, "hari_kerja")),
    ("pekalongan-pbj-registrasi-verifikasi-penyedia", "1 hari kerja", (1, "hari_kerja")),
    ("pekalongan-pbj-penyusunan-rup", "1 hari kerja", (1, "hari_kerja")),
]

VARIANTS = [
    (
        "pekalongan-pbj-proses-utama-pengadaan",
        "pengadaan-langsung",
        "8 hari kalender (6 hari kerja)",
        (6, "hari_kerja"),
    ),
    (
        "pekalongan-pbj-proses-utama-pengadaan",
        "seleksi",
        "60 hari kalender (44 hari kerja)",
        (44, "hari_kerja"),
    ),
    (
        "pekalongan-pbj-proses-utama-pengadaan",
        "tender",
        "30 hari kalender (22 hari kerja)",
        (22, "hari_kerja"),
    ),
    (
        "pekalongan-pbj-proses-utama-pengadaan",
        "tender-cepat",
        "8 hari kalender (6 hari kerja)",
        (6, "hari_kerja"),
    ),
]


@pytest.mark.parametrize(("workflow_id", "sla_text", "expected"), CATALOGUE)
def test_commitment(workflow_id, sla_text, expected):
    definition = _definition(workflow_id)
    assert definition.sla.text == sla_text
    assert _parsed(definition, definition.sla.text) == expected


@pytest.mark.parametrize(("workflow_id", "variant_id", "sla_text", "expected"), VARIANTS)
def test_variant_commitment(workflow_id, variant_id, sla_text, expected):
    definition = _definition(workflow_id)
    assert definition.sla.variants.get(variant_id) == sla_text
    assert definition.sla_text(variant_id) == sla_text
    assert _parsed(definition, sla_text) == expected
