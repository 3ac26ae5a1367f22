"""Kota Pekalongan, Sekretariat Daerah (part B): each workflow's commitment as the decree writes it.

Keputusan Sekretaris Daerah Kota Pekalongan Nomor 060/15 Tahun 2022, Lampiran: Bagian
Kesejahteraan Rakyat, Protokol dan Komunikasi Pimpinan, and Hukum (diktum KEDUA 19-40).
The Kesejahteraan Rakyat tables give no completion time; the per-step times of the Izin
Penyelenggaraan Kegiatan service come from the Bagian's web page.
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

NONE = "tidak ditetapkan standar waktu"


CATALOGUE = [
    ("pekalongan-kesra-insentif-guru-tpq-madin", NONE, None),
    ("pekalongan-kesra-honorarium-takmir-masjid-mushola", NONE, None),
    ("pekalongan-kesra-honorarium-lebe-pemulasaraan-jenazah", NONE, None),
    ("pekalongan-kesra-honorarium-ulama-kyai", NONE, None),
    ("pekalongan-kesra-hibah-bansos-keagamaan", NONE, None),
    ("pekalongan-kesra-klaim-santunan-kematian", NONE, None),
    ("pekalongan-kesra-bansos-beras", NONE, None),
    ("pekalongan-kesra-pendataan-santunan-kematian", NONE, None),
    ("pekalongan-kesra-izin-kegiatan-masa-pandemi", NONE, None),
    ("pekalongan-prokopim-cetak-spanduk-baliho-poster", "3 (tiga) hari kerja", (3, "hari_kerja")),
    ("pekalongan-prokopim-kerjasama-media", "3 (tiga) hari kerja", (3, "hari_kerja")),
    ("pekalongan-prokopim-dokumentasi-kegiatan", "3 (tiga) hari kerja", (3, "hari_kerja")),
    ("pekalongan-prokopim-fasilitasi-keprotokolan", "3 (tiga) hari kerja", (3, "hari_kerja")),
    ("pekalongan-prokopim-fasilitasi-piala", "5 (lima) hari kerja", (5, "hari_kerja")),
    ("pekalongan-prokopim-fasilitasi-plakat", "3 (tiga) hari kerja", (3, "hari_kerja")),
    ("pekalongan-prokopim-naskah-sambutan-walikota", "3 (tiga) hari kerja", (3, "hari_kerja")),
    ("pekalongan-hukum-informasi-hukum", "2 (dua) hari kerja", (2, "hari_kerja")),
    ("pekalongan-hukum-perpustakaan-jdih", "1 (satu) hari kerja", (1, "hari_kerja")),
    (
        "pekalongan-hukum-penerimaan-pendistribusian-dokumen",
        "1 (satu) hari kerja",
        (1, "hari_kerja"),
    ),
    ("pekalongan-hukum-peminjaman-dokumen", "1 (satu) hari kerja", (1, "hari_kerja")),
    ("pekalongan-hukum-bantuan-hukum-masyarakat-miskin", "1 (satu) hari kerja", (1, "hari_kerja")),
    (
        "pekalongan-hukum-penerbitan-perwal-sk-inwal",
        "17 (tujuh belas) hari kerja",
        (17, "hari_kerja"),
    ),
]

STEPS = [
    (
        "pekalongan-kesra-izin-kegiatan-masa-pandemi",
        "permohonan_di_walikota",
        "5 menit",
        (5, "menit"),
    ),
    (
        "pekalongan-kesra-izin-kegiatan-masa-pandemi",
        "penerimaan_disposisi",
        "30 menit",
        (30, "menit"),
    ),
    ("pekalongan-kesra-izin-kegiatan-masa-pandemi", "penyusunan_draft", "60 menit", (60, "menit")),
    ("pekalongan-kesra-izin-kegiatan-masa-pandemi", "koreksi_pptk", "30 menit", (30, "menit")),
    (
        "pekalongan-kesra-izin-kegiatan-masa-pandemi",
        "verifikasi_kabag",
        "1 hari",
        (1, "hari_kerja"),
    ),
    ("pekalongan-kesra-izin-kegiatan-masa-pandemi", "siap_diambil", "1 hari", (1, "hari_kerja")),
    ("pekalongan-hukum-peminjaman-dokumen", "dokumen_dipinjam", "3 hari", (3, "hari_kerja")),
]

CALENDARS = {workflow_id: "pekalongan-b" for workflow_id, _, _ in CATALOGUE}
CALENDARS |= {
    workflow_id: "pekalongan-c"
    for workflow_id, _, _ in CATALOGUE
    if workflow_id.startswith("pekalongan-kesra-")
    and workflow_id != "pekalongan-kesra-insentif-guru-tpq-madin"
}


@pytest.mark.parametrize(("workflow_id", "sla_text", "expected"), CATALOGUE)
def test_commitment(workflow_id, sla_text, expected):
    definition = _definition(workflow_id)
    assert definition.sla.text == sla_text
    assert _parsed(definition, definition.sla.text) == expected


@pytest.mark.parametrize(("workflow_id", "state", "sla_text", "expected"), STEPS)
def test_step_commitment(workflow_id, state, sla_text, expected):
    definition = _definition(workflow_id)
    assert definition.states[state].sla == sla_text
    assert _parsed(definition, sla_text) == expected


@pytest.mark.parametrize(("workflow_id", "calendar"), sorted(CALENDARS.items()))
def test_calendar(workflow_id, calendar):
    assert _definition(workflow_id).sla.calendar == calendar


def test_izin_kegiatan_steps_are_the_only_step_times_in_kesra():
    for workflow_id, _, _ in CATALOGUE:
        if not workflow_id.startswith("pekalongan-kesra-"):
            continue
        timed = {name for name, state in _definition(workflow_id).states.items() if state.sla}
        expected = {state for wid, state, _, _ in STEPS if wid == workflow_id}
        assert timed == expected
