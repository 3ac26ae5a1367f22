"""Signing in and out: passwords, throttling, expiry, CSRF, forced change, single sign-on."""

from __future__ import annotations

import pytest

from tests.web.support import sample_nip
from web.auth import WebSettings

PETUGAS = sample_nip("pekalongan", "PBJ", "petugas")
ADMIN = sample_nip("pekalongan", None, "admin")


def test_a_page_without_a_session_leads_to_the_sign_in_page(visitor):
    response = visitor.get("/tugas", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/masuk"


def test_the_nip_may_be_typed_with_spaces_as_on_an_sk(visitor, password):
    spaced = f"{PETUGAS[:8]} {PETUGAS[8:14]} {PETUGAS[14]} {PETUGAS[15:]}"
    response = visitor.sign_in(spaced, password)
    assert response.status_code == 303 and response.headers["location"] == "/tugas"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert "Tugas" in visitor.get("/tugas").text


def test_cookies_are_secure_when_the_settings_say_https_ends_at_a_proxy(web_db, clock):
    from fastapi.testclient import TestClient

    from tests.web.support import Visitor
    from web.app import create_app

    app = create_app(web_db[0], clock=clock, settings=WebSettings(secure_cookies=True))
    with TestClient(app) as client:  # plain HTTP reaching alur behind the proxy
        assert "Secure" in client.get("/masuk").headers["set-cookie"]
    with TestClient(app, base_url="https://alur.example") as client:
        response = Visitor(client).sign_in(PETUGAS, web_db[1])
    assert "Secure" in response.headers["set-cookie"]


def test_a_wrong_password_is_refused_without_saying_whether_the_nip_exists(visitor, password):
    wrong = visitor.sign_in(PETUGAS, "bukan-sandinya")
    unknown = visitor.sign_in("199999999999999999", password)
    assert wrong.status_code == unknown.status_code == 401
    assert "NIP atau kata sandi salah" in wrong.text and "NIP atau kata sandi salah" in unknown.text


def test_five_failures_throttle_the_nip_even_with_the_right_password(visitor, password, clock):
    for _ in range(5):
        assert visitor.sign_in(PETUGAS, "salah-salah-salah").status_code == 401
    refused = visitor.sign_in(PETUGAS, password)
    assert refused.status_code == 429
    assert "terlalu banyak percobaan masuk yang gagal; coba lagi dalam 15 menit" in refused.text
    clock.advance(minutes=15, seconds=1)
    assert visitor.sign_in(PETUGAS, password).status_code == 303


def test_the_sign_in_form_needs_its_csrf_token(visitor, password):
    visitor.get("/masuk")
    response = visitor.client.post("/masuk", data={"nip": PETUGAS, "password": password})
    assert response.status_code == 403
    assert "token keamanan (CSRF)" in response.text


def test_an_idle_session_ends_and_says_so(visitor, password, clock):
    visitor.sign_in(PETUGAS, password)
    clock.advance(minutes=29)
    assert visitor.get("/tugas").status_code == 200
    clock.advance(minutes=31)
    response = visitor.get("/tugas", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/masuk?")
    page = visitor.get(response.headers["location"])
    assert "sesi berakhir setelah 30 menit tanpa kegiatan" in page.text


def test_an_htmx_request_after_expiry_sends_the_whole_page_to_sign_in(visitor, password, clock):
    visitor.sign_in(PETUGAS, password)
    clock.advance(minutes=31)
    response = visitor.get("/cari?q=x", headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.headers["HX-Redirect"].startswith("/masuk?pesan=")


def test_a_session_ends_after_twelve_hours_however_busy(visitor, password, clock):
    visitor.sign_in(PETUGAS, password)
    for _ in range(25):
        clock.advance(minutes=29)
        visitor.get("/tugas")
    assert "sesi sudah terlalu lama" in visitor.last.text


@pytest.mark.parametrize("token", [None, "palsu"])
def test_a_form_without_the_right_csrf_token_is_refused(visitor, password, token):
    visitor.sign_in(PETUGAS, password)
    data = {"csrf": token} if token else {}
    response = visitor.client.post("/keluar", data=data)
    assert response.status_code == 403
    assert "formulir ditolak" in response.text
    assert visitor.get("/tugas").status_code == 200  # still signed in


def test_signing_out_ends_the_session_on_the_server(visitor, password):
    visitor.sign_in(PETUGAS, password)
    cookie = visitor.client.cookies.get("alur_sesi")
    visitor.submit("/keluar", page="/tugas", follow_redirects=False)
    visitor.client.cookies.set("alur_sesi", cookie)  # a copy of the old cookie
    assert visitor.get("/tugas", follow_redirects=False).status_code == 303


def test_a_reset_password_must_be_changed_at_first_sign_in(visitor, other_visitor, password):
    visitor.sign_in(ADMIN, password)
    shown = visitor.submit(f"/admin/pegawai/{PETUGAS}/sandi", page="/admin")
    temporary = shown.text.split("<code>")[1].split("</code>")[0]
    response = other_visitor.sign_in(PETUGAS, temporary)
    assert response.headers["location"] == "/kata-sandi"
    tugas = other_visitor.get("/tugas", follow_redirects=False)
    assert tugas.headers["location"] == "/kata-sandi"
    same = other_visitor.submit("/kata-sandi", {"old": temporary, "new": temporary,
                                                "again": temporary})  # fmt: skip
    assert same.status_code == 400 and "harus berbeda" in same.text
    done = other_visitor.submit("/kata-sandi", {"old": temporary, "new": "sandi-baru-saya",
                                                "again": "sandi-baru-saya"})  # fmt: skip
    assert "Kata sandi sudah diganti" in done.text
    assert other_visitor.get("/tugas").status_code == 200


def _temporary(page) -> str | None:
    found = page.text.split("<code>")
    return found[1].split("</code>")[0] if len(found) > 1 else None


def test_a_reset_is_done_once_and_its_password_shown_once(visitor, other_visitor, password):
    visitor.sign_in(ADMIN, password)
    posted = visitor.submit(f"/admin/pegawai/{PETUGAS}/sandi", page="/admin",
                            follow_redirects=False)  # fmt: skip
    assert posted.status_code == 303 and posted.headers["location"] == "/admin"
    assert "sementara-" not in posted.text  # the answer to the POST shows no password
    carried = visitor.client.cookies.get("alur_sandi_sementara")
    assert carried
    shown = visitor.get("/admin")
    temporary = _temporary(shown)
    assert temporary and temporary.startswith("sementara-") and PETUGAS in shown.text
    assert shown.headers["cache-control"] == "no-store"
    reloaded = visitor.get("/admin")  # a reload neither resets again nor shows it again
    assert reloaded.status_code == 200 and _temporary(reloaded) is None
    other_visitor.sign_in(ADMIN, password)  # the cookie is sealed to the admin's session
    other_visitor.client.cookies.set("alur_sandi_sementara", carried, path="/admin")
    assert _temporary(other_visitor.get("/admin")) is None
    assert other_visitor.sign_in(PETUGAS, temporary).headers["location"] == "/kata-sandi"


def test_a_trusted_proxy_header_signs_in_only_when_configured(web_db, clock):
    from fastapi.testclient import TestClient

    from web.app import create_app

    header = {"X-Remote-User": PETUGAS}
    plain = create_app(web_db[0], clock=clock)
    with TestClient(plain) as client:
        assert client.get("/tugas", headers=header, follow_redirects=False).status_code == 303
    sso = create_app(web_db[0], clock=clock, settings=WebSettings(sso_header="X-Remote-User"))
    with TestClient(sso) as client:
        assert client.get("/tugas", headers=header).status_code == 200
        assert client.get("/tugas").status_code == 200  # the session cookie it was given
        other = sample_nip("pekalongan", "PBJ", "verifikator")
        switched = client.get("/tugas", headers={"X-Remote-User": other})
        assert switched.status_code == 200 and other in switched.text  # not the old session


def test_twenty_failures_from_one_address_throttle_every_nip_from_it(visitor, password):
    for i in range(20):
        assert visitor.sign_in(f"1990010120200110{i:02d}", "salah-salah-salah").status_code == 401
    refused = visitor.sign_in(PETUGAS, password)
    assert refused.status_code == 429 and "terlalu banyak percobaan" in refused.text


@pytest.mark.postgres
def test_signing_in_and_the_worklist_on_postgresql(postgres_url, clock):
    from fastapi.testclient import TestClient

    from app.accounts import demo_passwords
    from app.staff import SAMPLES_DIR, load_staff_files
    from storage.db import connect
    from tests.web.support import Visitor
    from web.app import create_app

    engine = connect(postgres_url)
    load_staff_files(engine, sorted(SAMPLES_DIR.glob("*.yaml")), None, clock())
    password = demo_passwords(engine, clock())
    engine.dispose()
    app = create_app(postgres_url, clock=clock)
    with TestClient(app) as client:
        visitor = Visitor(client)
        for _ in range(5):
            assert visitor.sign_in(PETUGAS, "salah-salah-salah").status_code == 401
        assert visitor.sign_in(PETUGAS, password).status_code == 429
        clock.advance(minutes=16)
        assert visitor.sign_in(PETUGAS, password).status_code == 303
        assert "Bagian saya" in visitor.get("/tugas").text
    app.state.engine.dispose()
