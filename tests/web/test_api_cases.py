"""The HTTP API's case endpoints: the same use cases and refusals as the command line,
as the person the bearer token belongs to."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select

import web.api.cases
from app.staff import deactivate_staff
from app.tokens import revoke_token
from storage.errors import DatabaseBusy, OutcomeUnknown
from storage.schema import cases, events
from tests.web import api_support

api, api_on = api_support.api, api_support.api_on  # the fixtures

PBJ_ITEMS = ["rup", "hps", "kontrak-barang", "ba-pemeriksaan", "ba-serah-terima",
             "jaminan-garansi", "foto-dokumentasi"]  # fmt: skip


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_case_goes_from_the_counter_to_the_kabag(api):
    ref = api.open_case(org="Dinas PUPR Kota Pekalongan")
    assert ref == "PKL-PBJ-2026-000001"
    step = api.call("POST", f"/cases/{ref}/advance", "petugas",
                    json={"trigger": "serahkan_ke_verifikator", "note": "lengkap"})  # fmt: skip
    assert step.status_code == 200, step.text
    assert step.json()["state"] == "verifikasi"
    assert step.json()["case"]["version"] == 2
    ticked = api.call(
        "POST", f"/cases/{ref}/check", "verifikator", json={"requirements": PBJ_ITEMS}
    )
    assert ticked.json() == {"ref": ref, "missing": []}
    done = api.call("POST", f"/cases/{ref}/advance", "verifikator",
                    json={"trigger": "nyatakan_lengkap"})  # fmt: skip
    assert done.json()["case"]["state"] == "penelitian_kabag"
    shown = api.call("GET", f"/cases/{ref}", "kabag").json()
    assert shown["allowed_triggers"] == ["kembalikan_tidak_sesuai", "terbitkan_rekomendasi"]
    assert shown["received_at"] == "2026-11-18T10:00:00+07:00"  # the office's zone
    assert all(item["done"] for item in shown["checklist"])
    history = api.call("GET", f"/cases/{ref}/history", "kabag").json()
    assert [e["kind"] for e in history] == ["langkah", "langkah", "centang", "langkah"]
    assert history[1]["note"] == "lengkap" and history[1]["actor_nip"] == "petugas"


def test_without_a_token_the_api_answers_401_and_says_how(api):
    ref = api.open_case()
    for headers in ({}, {"Authorization": "Basic cGV0dWdhczp4"}, {"Authorization": "Bearer"}):
        response = api.client.get(f"/api/v1/cases/{ref}", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert response.json() == {"detail": "sertakan token API: Authorization: Bearer <token>"}


@pytest.mark.parametrize("token", ["alur_tebakan", "bukan-token", "alur_" + "x" * 500])
def test_an_unknown_token_is_refused(api, token):
    response = api.client.get("/api/v1/worklist", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.json()["detail"].startswith("token API ditolak: ")


def test_a_revoked_token_and_a_deactivated_person_are_refused(api):
    assert api.call("GET", "/worklist", "petugas").status_code == 200
    revoke_token(api.engine, 1, "petugas", api.clock())  # the petugas's own token
    refused = api.call("GET", "/worklist", "petugas")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "token API ditolak: token tidak dikenal atau sudah dicabut"
    deactivate_staff(api.engine, "verifikator", "admin", api.clock())
    gone = api.call("GET", "/worklist", "verifikator")
    assert gone.status_code == 401
    assert gone.json()["detail"] == "token API ditolak: pegawai verifikator sudah nonaktif"


def test_a_step_of_another_role_is_refused_with_the_reason(api):
    ref = api.open_case()
    response = api.call("POST", f"/cases/{ref}/advance", "verifikator",
                        json={"trigger": "serahkan_ke_verifikator"})  # fmt: skip
    assert response.status_code == 403
    assert response.json() == {
        "detail": f"permohonan {ref}: pegawai verifikator tidak memegang peran 'petugas' "
        "di pekalongan/PBJ"
    }
    assert _count(api.engine, events) == 1  # nothing written


def test_a_send_back_without_a_reason_is_refused(api):
    ref = api.open_case()
    api.call("POST", f"/cases/{ref}/advance", "petugas",
             json={"trigger": "serahkan_ke_verifikator"})  # fmt: skip
    written = _count(api.engine, events)
    for note in ({}, {"note": ""}, {"note": "  \n "}):
        refused = api.call("POST", f"/cases/{ref}/advance", "verifikator",
                           json={"trigger": "kembalikan_tidak_lengkap", **note})  # fmt: skip
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"].startswith(
            f"permohonan {ref}: alasan pengembalian wajib diisi: langkah"
        )
    assert _count(api.engine, events) == written  # nothing written
    back = {"trigger": "kembalikan_tidak_lengkap", "note": "HPS belum ada"}
    taken = api.call("POST", f"/cases/{ref}/advance", "verifikator", json=back)
    assert taken.status_code == 200 and taken.json()["state"] == "dikembalikan_untuk_dilengkapi"


def test_another_institutions_case_is_not_found_and_not_leaked(api_on):
    api = api_on
    ref = api.open_case()
    unknown = "PKL-PBJ-2026-000999"
    calls = [
        ("GET", "", None),
        ("GET", "/history", None),
        ("POST", "/advance", {"trigger": "serahkan_ke_verifikator"}),
        ("POST", "/check", {"requirements": ["rup"]}),
        ("POST", "/uncheck", {"requirements": ["rup"], "reason": "salah"}),
        ("POST", "/assign", {"assignee": "luar"}),
        ("POST", "/cancel", {"reason": "ditarik"}),
    ]
    for method, tail, body in calls:
        theirs = api.call(method, f"/cases/{ref}{tail}", "luar", json=body)
        missing = api.call(method, f"/cases/{unknown}{tail}", "luar", json=body)
        assert theirs.status_code == missing.status_code == 404, (tail, theirs.text)
        assert theirs.json()["detail"] == f"permohonan {ref!r} tidak ditemukan"
        assert missing.json()["detail"] == f"permohonan {unknown!r} tidak ditemukan"
    assert _count(api.engine, events) == 1


def test_a_retried_request_acts_once_and_answers_the_same(api_on):
    api = api_on
    key = {"Idempotency-Key": "loket-1-20261118-0001"}
    opening = {"service": api_support.PBJ, "applicant": "Dinas PU", "variant": "barang"}
    first = api.call("POST", "/cases", "petugas", headers=key, json=opening)
    api.clock.advance(minutes=1)
    again = api.call("POST", "/cases", "petugas", headers=key, json=opening)
    assert first.status_code == again.status_code == 201
    assert first.json()["ref"] == again.json()["ref"]
    assert _count(api.engine, cases) == 1
    ref = first.json()["ref"]
    step_key = {"Idempotency-Key": "langkah-1"}
    body = {"trigger": "serahkan_ke_verifikator"}
    one = api.call("POST", f"/cases/{ref}/advance", "petugas", headers=step_key, json=body)
    api.clock.advance(minutes=5)
    two = api.call("POST", f"/cases/{ref}/advance", "petugas", headers=step_key, json=body)
    assert one.status_code == two.status_code == 200
    assert one.json()["state"] == two.json()["state"] == "verifikasi"
    assert _count(api.engine, events) == 2
    reused = api.call("POST", f"/cases/{ref}/check", "verifikator", headers=step_key,
                      json={"requirements": ["rup"]})  # fmt: skip
    assert reused.status_code == 422
    assert "langkah-1" in reused.json()["detail"]


@pytest.mark.parametrize(
    ("path", "body", "headers", "said"),
    [
        ("/cases", {"service": "tidak-ada", "applicant": "A"}, {}, "tidak-ada"),
        ("/cases", {"service": api_support.PBJ, "applicant": "A\u200bB", "variant": "barang"},
         {}, "pemohon: memuat karakter kendali atau tak terlihat (U+200B)"),
        ("/cases", {"service": api_support.PBJ, "applicant": "A", "variant": "kapal"}, {},
         "varian 'kapal' tidak dikenal"),
        ("/cases", {"service": api_support.PBJ, "applicant": "A", "at": "2026-11-18T09:00:00"},
         {}, "at: harus memuat zona waktu"),
        ("/cases", {"service": api_support.PBJ, "applicant": "A", "warna": "merah"}, {},
         "warna: tidak dikenal"),
        ("/cases", {"applicant": "A"}, {}, "service: wajib diisi"),
        ("/cases", {"service": api_support.PBJ, "applicant": "A", "variant": "barang"},
         {"Idempotency-Key": "k" * 65}, "Idempotency-Key: terlalu panjang"),
    ],
)  # fmt: skip
def test_bad_input_is_one_indonesian_line(api, path, body, headers, said):
    response = api.call("POST", path, "petugas", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert said in response.json()["detail"]
    assert _count(api.engine, cases) == 0


@pytest.mark.parametrize("body", [b"{bukan json", b"\x12m\xff\x07"])  # the second: not UTF-8
def test_a_body_that_is_not_json_is_refused(api, body):
    response = api.call("POST", "/cases", "petugas", content=body,
                        headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"].startswith("masukan tidak valid: ")


def test_an_unknown_trigger_and_a_stale_version(api):
    ref = api.open_case()
    unknown = api.call("POST", f"/cases/{ref}/advance", "petugas", json={"trigger": "terbang"})
    assert unknown.status_code == 422
    assert "langkah 'terbang' tidak ada" in unknown.json()["detail"]
    stale = api.call("POST", f"/cases/{ref}/advance", "petugas",
                     json={"trigger": "serahkan_ke_verifikator", "expect_version": 7})  # fmt: skip
    assert stale.status_code == 409
    assert "sudah berubah sejak dibaca" in stale.json()["detail"]


def test_disposisi_untick_and_cancel(api):
    ref = api.open_case()
    api.call(
        "POST", f"/cases/{ref}/advance", "petugas", json={"trigger": "serahkan_ke_verifikator"}
    )
    given = api.call("POST", f"/cases/{ref}/assign", "kabag", json={"assignee": "verifikator"})
    assert given.json() == {"ref": ref, "assignee": "verifikator",
                            "assignee_name": "Pegawai verifikator"}  # fmt: skip
    not_kabag = api.call(
        "POST", f"/cases/{ref}/assign", "petugas", json={"assignee": "verifikator"}
    )
    assert not_kabag.status_code == 403
    api.call("POST", f"/cases/{ref}/check", "verifikator", json={"requirements": ["rup"]})
    no_reason = api.call(
        "POST", f"/cases/{ref}/uncheck", "verifikator", json={"requirements": ["rup"]}
    )
    assert no_reason.status_code == 422
    unticked = api.call("POST", f"/cases/{ref}/uncheck", "verifikator",
                        json={"requirements": ["rup"], "reason": "salah centang"})  # fmt: skip
    assert "rup" in unticked.json()["missing"]
    cancelled = api.call("POST", f"/cases/{ref}/cancel", "kabag", json={"reason": "ditarik PD"})
    assert cancelled.json() == {"ref": ref, "outcome": "dibatalkan"}
    closed = api.call("POST", f"/cases/{ref}/check", "verifikator", json={"requirements": ["rup"]})
    assert closed.status_code == 403
    assert api.call("GET", f"/cases/{ref}", "kabag").json()["outcome"] == "dibatalkan"


def test_a_failed_database_is_503_with_nothing_written(api, tmp_path):
    broken = tmp_path / "rusak.db"
    broken.write_bytes(b"ini bukan basis data " * 100)
    api.client.app.state.engine = create_engine(f"sqlite:///{broken}")
    response = api.call("GET", "/worklist", "petugas")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "basis data gagal: berkas ini bukan basis data atau sudah rusak; "
        "tidak ada yang tercatat"
    }  # the reason in staff's words, not the file's path


@pytest.mark.parametrize(
    ("failure", "status", "said"),
    [
        (DatabaseBusy("sqlite:////srv/alur.db"), 409, "basis data sedang sibuk, coba lagi"),
        (OutcomeUnknown("postgresql://db/alur", "server closed the connection", "k-1"), 504,
         "hasilnya tidak pasti; ulangi permintaan yang sama dengan Idempotency-Key yang sama"),
        (OutcomeUnknown("postgresql://db/alur", "server closed the connection"), 504,
         "periksa riwayat permohonan sebelum mengulang"),
    ],
)  # fmt: skip
def test_a_busy_database_and_an_unknown_outcome(api, monkeypatch, failure, status, said):
    """What a client reads when SQLite's lock stays taken, or PostgreSQL's connection breaks
    during COMMIT (made real in the engine's own tests; here, the answer)."""

    def fail(*args, **kwargs):
        raise failure

    monkeypatch.setattr(web.api.cases, "advance_case", fail)
    ref = api.open_case()
    response = api.call("POST", f"/cases/{ref}/advance", "petugas",
                        json={"trigger": "serahkan_ke_verifikator"})  # fmt: skip
    assert response.status_code == status
    assert said in response.json()["detail"]
    assert "/srv/" not in response.text and "postgresql://" not in response.text


def test_the_document_describes_the_token_and_every_refusal(api):
    document = api.client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["token"] == {
        "type": "http", "scheme": "bearer",
        "description": "Token API pegawai (alur token issue NIP --label …): "
        "Authorization: Bearer alur_…",
    }  # fmt: skip
    advance = document["paths"]["/api/v1/cases/{ref}/advance"]["post"]
    assert advance["security"] == [{"token": []}]
    assert {"200", "401", "403", "404", "409", "422", "503", "504"} <= set(advance["responses"])
    refused = advance["responses"]["422"]["content"]["application/json"]["schema"]
    assert refused == {"$ref": "#/components/schemas/Error"}
    key = next(p for p in advance["parameters"] if p["name"] == "Idempotency-Key")
    assert key["in"] == "header" and not key["required"]
