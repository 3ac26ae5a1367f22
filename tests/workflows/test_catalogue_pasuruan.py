"""Kota Pasuruan, Sekretariat Daerah: each workflow's commitment as the decree writes it.

Keputusan Sekretaris Daerah Kota Pasuruan Nomor 167 Tahun 2024 tentang Standar Pelayanan di
Lingkungan Sekretariat Daerah Kota Pasuruan: the 18 services of diktum KETIGA, one file each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_support import definition, parsed, paths_by_id

import workflows
from engine.definition import Definition


def _definition(workflow_id: str) -> Definition:
    return definition("pasuruan", workflow_id)


_parsed = parsed


DIRECTORY = Path(workflows.__file__).parent / "pasuruan"


NONE = "tidak ditetapkan standar waktu"

CATALOGUE = [
    ("pasuruan-hukum-data-informasi", NONE, None),
    ("pasuruan-hukum-penyusunan-produk-hukum", NONE, None),
    ("pasuruan-kesra-hibah-uang", NONE, None),
    ("pasuruan-pem-data-informasi", "3 (tiga) hari", (3, "hari_kerja")),
    ("pasuruan-pem-konsultasi", "3 (tiga) hari", (3, "hari_kerja")),
    ("pasuruan-pem-audiensi", "3 (tiga) hari", (3, "hari_kerja")),
    ("pasuruan-pem-sosialisasi-kebijakan", "3 (tiga) hari", (3, "hari_kerja")),
    ("pasuruan-pem-fasilitasi-kerjasama-daerah", "3 (tiga) hari", (3, "hari_kerja")),
    ("pasuruan-pem-fasilitasi-administrasi-dprd", "3 (tiga) hari", (3, "hari_kerja")),
    ("pasuruan-ekon-data-informasi", "3 (tiga) hari", (3, "hari_kerja")),
    ("pasuruan-adpem-data-informasi", "3 (tiga) hari", (3, "hari_kerja")),
    ("pasuruan-pbj-registrasi-verifikasi-penyedia", "kurang lebih 60 menit", (60, "menit")),
    ("pasuruan-umum-peminjaman-tempat", "1 (satu) hari", (1, "hari_kerja")),
    ("pasuruan-umum-persuratan", "1 (satu) hari", (1, "hari_kerja")),
    ("pasuruan-prokopim-data-informasi", NONE, None),
    ("pasuruan-org-data-informasi", "3 (tiga) hari", (3, "hari_kerja")),
    (
        "pasuruan-org-perumusan-tugas-fungsi",
        "paling lambat 45 (empat puluh lima) hari kerja",
        (45, "hari_kerja"),
    ),
    ("pasuruan-org-penyusunan-lkjip", "3 (tiga) hari", (3, "hari_kerja")),
]

_BY_CHANNEL = [
    "pasuruan-pem-data-informasi",
    "pasuruan-pem-konsultasi",
    "pasuruan-pem-audiensi",
    "pasuruan-pem-sosialisasi-kebijakan",
    "pasuruan-pem-fasilitasi-administrasi-dprd",
    "pasuruan-ekon-data-informasi",
    "pasuruan-adpem-data-informasi",
    "pasuruan-org-data-informasi",
    "pasuruan-org-penyusunan-lkjip",
]

VARIANTS = [
    (workflow_id, variant_id, text, expected)
    for workflow_id in _BY_CHANNEL
    for variant_id, text, expected in [
        ("surat", "3 (tiga) hari", (3, "hari_kerja")),
        ("datang-langsung", "1 (satu) hari", (1, "hari_kerja")),
    ]
]

STEPS = [
    ("pasuruan-kesra-hibah-uang", "proposal_diajukan", "1 (satu) hari", (1, "hari_kerja")),
    ("pasuruan-kesra-hibah-uang", "disposisi_walikota", "7 (Tujuh) hari", (7, "hari_kerja")),
    ("pasuruan-kesra-hibah-uang", "evaluasi_kesra", "3 (tiga) hari", (3, "hari_kerja")),
    ("pasuruan-kesra-hibah-uang", "rekomendasi_sekda", "7 (Tujuh) hari", (7, "hari_kerja")),
]

CALENDARS = {workflow_id: "pasuruan-asn" for workflow_id, _, _ in CATALOGUE}
CALENDARS["pasuruan-pbj-registrasi-verifikasi-penyedia"] = "pasuruan-lpse"

DATA_DAN_INFORMASI = {
    "pasuruan-hukum-data-informasi": "HUKUM",
    "pasuruan-pem-data-informasi": "PEM",
    "pasuruan-ekon-data-informasi": "EKON",
    "pasuruan-adpem-data-informasi": "ADPEM",
    "pasuruan-prokopim-data-informasi": "PROKOPIM",
    "pasuruan-org-data-informasi": "ORG",
}


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


@pytest.mark.parametrize(("workflow_id", "state", "sla_text", "expected"), STEPS)
def test_step_commitment(workflow_id, state, sla_text, expected):
    definition = _definition(workflow_id)
    assert definition.states[state].sla == sla_text
    assert _parsed(definition, sla_text) == expected


@pytest.mark.parametrize(("workflow_id", "calendar"), sorted(CALENDARS.items()))
def test_calendar(workflow_id, calendar):
    assert _definition(workflow_id).sla.calendar == calendar


def test_every_service_has_one_file():
    files = sorted(DIRECTORY.glob("*.yaml"))
    assert len(files) == 18
    assert sorted(paths_by_id("pasuruan")) == sorted(workflow_id for workflow_id, _, _ in CATALOGUE)


def test_data_dan_informasi_services_are_told_apart_by_unit():
    definitions = {workflow_id: _definition(workflow_id) for workflow_id in DATA_DAN_INFORMASI}
    assert len({d.id for d in definitions.values()}) == len(DATA_DAN_INFORMASI)
    stems = set()
    for workflow_id, unit_code in DATA_DAN_INFORMASI.items():
        definition = definitions[workflow_id]
        assert definition.unit_code == unit_code
        assert workflow_id == f"pasuruan-{unit_code.lower()}-data-informasi"
        stems.add(paths_by_id("pasuruan")[workflow_id].stem)
        assert definition.name.startswith("Data dan Informasi Bagian ")
    assert len(stems) == len(DATA_DAN_INFORMASI)
    assert all(stem.startswith("data-informasi-") and stem != "data-informasi" for stem in stems)
