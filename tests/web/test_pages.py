"""Every page, as the people who use it: what they see, what they may do, what is refused."""

from __future__ import annotations

import re

import pytest

from app.cases import Applicant, open_case
from storage import repository
from tests.web.support import PBJ, sample_nip

PETUGAS = sample_nip("pekalongan", "PBJ", "petugas")
VERIFIKATOR = sample_nip("pekalongan", "PBJ", "verifikator")
KABAG = sample_nip("pekalongan", "PBJ", "kabag")
ADMIN = sample_nip("pekalongan", None, "admin")
PPU_PETUGAS = sample_nip("ppu", None, "petugas")
XSS = "<script>alert(1)</script>"


@pytest.fixture
def case_ref(web_app, clock) -> str:
    return open_case(web_app.state.engine, PBJ, Applicant(XSS, "Dinas PUPR"), PETUGAS, clock(),
                     variant="barang")  # fmt: skip


def _version(web_app, ref) -> int:
    with web_app.state.engine.connect() as conn:
        return int(repository.case_by_ref(conn, ref).rev)


def _signed_in(visitor, nip, password):
    assert visitor.sign_in(nip, password).status_code == 303
    return visitor


def test_tugas_shows_the_case_waiting_on_the_petugas_with_its_badge(visitor, password, case_ref):
    page = _signed_in(visitor, PETUGAS, password).get("/tugas").text
    assert "Untuk saya" in page and "Bagian saya" in page and "Menunggu pemohon" in page
    assert case_ref in page
    assert XSS not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_case_page_shows_everything_escaped(visitor, password, case_ref):
    page = _signed_in(visitor, PETUGAS, password).get(f"/permohonan/{case_ref}").text
    assert XSS not in page and "&lt;script&gt;" in page
    assert "Petugas penerima menyerahkan kelengkapan kepada verifikator" in page  # a button
    assert 'class="current' in page  # the diagram marks where the case is
    assert "Riwayat" in page and "Persyaratan" in page and "Dinas PUPR" in page


def test_another_institutions_case_is_not_found_not_forbidden(visitor, password, case_ref):
    response = _signed_in(visitor, PPU_PETUGAS, password).get(f"/permohonan/{case_ref}")
    assert response.status_code == 404
    assert "tidak ditemukan" in response.text and XSS.strip("<>") not in response.text
    assert visitor.get(f"/cari?q={case_ref}").text.count(case_ref) == 1  # only the search box


def test_a_step_is_taken_once_even_when_the_form_is_sent_twice(visitor, password, case_ref):
    _signed_in(visitor, PETUGAS, password)
    visitor.get(f"/permohonan/{case_ref}")
    form = re.search(r'action="/permohonan/[^"]+/langkah".*?name="request_id" value="([^"]+)"',
                     visitor.last.text, re.S)  # fmt: skip
    data = {"csrf": visitor.csrf(), "request_id": form.group(1),
            "trigger": "serahkan_ke_verifikator", "note": "lengkap di loket"}  # fmt: skip
    first = visitor.client.post(f"/permohonan/{case_ref}/langkah", data=data)
    again = visitor.client.post(f"/permohonan/{case_ref}/langkah", data=data)
    assert first.status_code == again.status_code == 200
    assert "Langkah tercatat" in again.text
    assert again.text.count("lengkap di loket") == 1  # one event in the history


def test_a_step_the_person_may_not_take_is_refused_with_the_reason(visitor, password, case_ref):
    _signed_in(visitor, VERIFIKATOR, password)
    response = visitor.submit(f"/permohonan/{case_ref}/langkah", {"trigger": "nyatakan_lengkap"},
                              page=f"/permohonan/{case_ref}")  # fmt: skip
    assert response.status_code in (400, 403)
    assert "permohonan" in response.text and "Tidak dapat diproses" in response.text


def test_a_send_back_needs_a_reason(visitor, password, case_ref, web_app, clock):
    from app.cases import advance_case

    advance_case(web_app.state.engine, case_ref, "serahkan_ke_verifikator", PETUGAS, clock())
    _signed_in(visitor, VERIFIKATOR, password)
    page, step = f"/permohonan/{case_ref}", f"/permohonan/{case_ref}/langkah"
    refused = visitor.submit(step, {"trigger": "kembalikan_tidak_lengkap", "note": " "}, page=page)
    assert refused.status_code == 400
    assert "alasan pengembalian wajib diisi" in refused.text
    assert _version(web_app, case_ref) == 2  # nothing written
    reason = "Berkas belum lengkap: HPS belum dilampirkan"
    taken = visitor.submit(step, {"trigger": "kembalikan_tidak_lengkap", "note": reason},
                           page=page)  # fmt: skip
    assert taken.status_code == 200 and "Langkah tercatat" in taken.text
    assert reason in taken.text and _version(web_app, case_ref) == 3


def test_unticking_needs_a_reason(visitor, password, case_ref):
    _signed_in(visitor, PETUGAS, password)
    url, page = f"/permohonan/{case_ref}/centang", f"/permohonan/{case_ref}"
    assert visitor.submit(url, {"item": ["rup"]}, page=page).status_code == 200
    refused = visitor.submit(url, {"item": ["rup"], "untick": "1"}, page=page)
    assert refused.status_code == 400 and "alasan" in refused.text
    done = visitor.submit(url, {"item": ["rup"], "untick": "1", "reason": "salah centang"},
                          page=page)  # fmt: skip
    assert "Centang dihapus" in done.text


def test_the_kabag_gives_a_case_to_a_colleague_and_may_cancel(visitor, password, case_ref):
    _signed_in(visitor, KABAG, password)
    page = visitor.get(f"/permohonan/{case_ref}").text
    assert "Disposisi" in page and PETUGAS in page
    done = visitor.submit(f"/permohonan/{case_ref}/disposisi", {"assignee": PETUGAS},
                          page=f"/permohonan/{case_ref}")  # fmt: skip
    assert "Disposisi kepada" in done.text
    refused = visitor.submit(f"/permohonan/{case_ref}/batal", {"reason": ""},
                             page=f"/permohonan/{case_ref}")  # fmt: skip
    assert refused.status_code == 400 and "alasan" in refused.text  # a form left blank
    done = visitor.submit(f"/permohonan/{case_ref}/batal", {"reason": "ditarik PD"},
                          page=f"/permohonan/{case_ref}")  # fmt: skip
    assert "Permohonan dibatalkan" in done.text


def test_a_new_case_prints_a_receipt_with_the_promised_day(visitor, password):
    _signed_in(visitor, PETUGAS, password)
    assert PBJ in visitor.get("/permohonan-baru").text
    receipt = visitor.submit("/permohonan-baru", {
        "service": PBJ, "variant": "barang", "applicant": "Dinas Kesehatan",
        "item": ["rup", "hps"]}, page=f"/permohonan-baru?layanan={PBJ}")  # fmt: skip
    assert "Tanda Terima Berkas" in receipt.text
    assert re.search(r"PKL-PBJ-2026-\d{6}", receipt.text)
    # 4 hari kerja counted from Monday 23 Nov 2026, 09.00 WIB
    assert "Jumat, 27 Nov 2026" in receipt.text
    assert receipt.text.count("✔") == 2


def test_search_finds_a_case_by_applicant_or_organisation(visitor, password, case_ref):
    _signed_in(visitor, VERIFIKATOR, password)
    assert case_ref in visitor.get("/cari?q=pupr").text
    assert case_ref in visitor.get("/cari?q=" + case_ref.lower()).text
    assert "Tidak ada permohonan yang cocok" in visitor.get("/cari?q=tidakada").text


def test_pengawasan_is_for_supervisors_only(visitor, other_visitor, password, case_ref, clock):
    refused = _signed_in(visitor, PETUGAS, password).get("/pengawasan")
    assert refused.status_code == 403 and "bukan pengawas" in refused.text
    assert "/pengawasan" not in visitor.get("/tugas").text  # not in the menu either
    page = _signed_in(other_visitor, KABAG, password).get("/pengawasan")
    assert page.status_code == 200
    assert "Terlambat sekarang" in page.text and "<svg" in page.text and "Beban kerja" in page.text
    xlsx = other_visitor.get("/pengawasan/pengawasan.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = other_visitor.get("/pengawasan/terlambat.csv")
    assert csv.status_code == 200 and "Nomor" in csv.text


def test_admin_is_for_the_admin_role_only(visitor, other_visitor, password):
    refused = _signed_in(visitor, KABAG, password).get("/admin")
    assert refused.status_code == 403 and "admin" in refused.text
    page = _signed_in(other_visitor, ADMIN, password).get("/admin")
    assert page.status_code == 200
    assert PETUGAS in page.text and PBJ in page.text and "Outbox" in page.text
    assert "pekalongan-a" in page.text  # the calendar in use


def test_the_admin_adds_changes_and_deactivates_staff(visitor, password):
    _signed_in(visitor, ADMIN, password)
    new = "199001012020011001"
    added = visitor.submit(
        "/admin/pegawai",
        {"nip": "19900101 202001 1 001", "name": "Sari Baru", "unit": "pbj", "roles": "petugas"},
        page="/admin",
    )
    assert f"Pegawai {new} ditambahkan" in added.text
    changed = visitor.submit(
        "/admin/pegawai",
        {"nip": new, "name": "Sari Baru", "unit": "PBJ", "roles": "petugas, verifikator"},
        page="/admin",
    )
    assert f"Pegawai {new} diperbarui" in changed.text
    bad = visitor.submit(
        "/admin/pegawai",
        {"nip": "123", "name": "X", "unit": "PBJ", "roles": "petugas"},
        page="/admin",
    )
    assert bad.status_code == 400 and "NIP" in bad.text
    gone = visitor.submit(f"/admin/pegawai/{new}/nonaktifkan", page="/admin")
    assert f"Pegawai {new} dinonaktifkan" in gone.text
    self_refused = visitor.submit(f"/admin/pegawai/{ADMIN}/nonaktifkan", page="/admin")
    assert self_refused.status_code == 403


def test_a_deactivated_person_is_signed_out(visitor, other_visitor, password):
    _signed_in(other_visitor, PETUGAS, password)
    _signed_in(visitor, ADMIN, password)
    visitor.submit(f"/admin/pegawai/{PETUGAS}/nonaktifkan", page="/admin")
    response = other_visitor.get("/tugas", follow_redirects=False)
    assert response.status_code == 303 and "/masuk" in response.headers["location"]


def test_retrying_an_outbox_message_that_does_not_exist_is_not_found(visitor, password):
    _signed_in(visitor, ADMIN, password)
    missing = visitor.submit("/admin/outbox/999999/ulang", page="/admin")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.text


def test_a_reason_is_asked_for_a_send_back_not_for_a_step_that_waits_on_the_applicant():
    from app.definitions import shipped_by_id
    from app.pages import _trigger_info

    hibah = _trigger_info(shipped_by_id("pasuruan-kesra-hibah-uang").definition)
    assert hibah["kembalikan_tidak_lengkap"]["sends_back"]  # resubmission restarts the clock
    assert not hibah["tandatangani_nphd"]["sends_back"]  # the applicant signs: no reason
    media = _trigger_info(shipped_by_id("pekalongan-prokopim-kerjasama-media").definition)
    assert not media["serahkan_spk"]["sends_back"]
