"""The pages and the HTTP API are one app: the API answers under /api/v1 of the same
server with a token, refuses a session cookie in place of a token, and its document lists
the API alone."""

from __future__ import annotations

from app.tokens import issue_token
from tests.web.conftest import START
from tests.web.support import PBJ, sample_nip


def test_the_api_is_served_beside_the_pages(web_app, visitor, password):
    petugas = sample_nip("pekalongan", "PBJ", "petugas")
    token = issue_token(web_app.state.engine, petugas, "loket", petugas, START).token
    bearer = {"Authorization": f"Bearer {token}"}

    opened = visitor.client.post(
        "/api/v1/cases",
        json={"service": PBJ, "applicant": "Dinas PUPR", "variant": "barang"},
        headers=bearer,
    )
    assert opened.status_code == 201, opened.text
    listed = visitor.client.get("/api/v1/worklist", headers=bearer)
    assert opened.json()["ref"] in listed.text

    # a signed-in page session is no API credential, and the API never redirects to sign in
    assert visitor.sign_in(petugas, password).status_code == 303
    refused = visitor.client.get("/api/v1/worklist")
    assert refused.status_code == 401 and "token" in refused.json()["detail"]


def test_the_document_describes_the_api_alone(visitor):
    document = visitor.client.get("/api/v1/openapi.json").json()
    assert document["paths"] and all(p.startswith("/api/v1/") for p in document["paths"])
    assert visitor.client.get("/openapi.json").status_code == 404
