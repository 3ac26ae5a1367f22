"""The HTTP API's case endpoints: the same use cases and refusals as the command line."""

from __future__ import annotations

import api_support

api = api_support.api  # the fixture

PBJ_ITEMS = ["rup", "hps", "kontrak-barang", "ba-pemeriksaan", "ba-serah-terima",
             "jaminan-garansi", "foto-dokumentasi"]  # fmt: skip


def test_a_case_goes_from_the_counter_to_the_kabag(api):
    ref = api.open_case()
    assert ref.startswith("PKL-PBJ-2026-")
    step = api.call("POST", f"/cases/{ref}/advance", "petugas",
                    json={"trigger": "serahkan_ke_verifikator", "note": "lengkap"})  # fmt: skip
    assert step.status_code == 200, step.text
    assert step.json()["state"] == "verifikasi"
    ticked = api.call(
        "POST", f"/cases/{ref}/check", "verifikator", json={"requirements": PBJ_ITEMS}
    )
    assert ticked.json() == {"ref": ref, "missing": []}
    done = api.call("POST", f"/cases/{ref}/advance", "verifikator",
                    json={"trigger": "nyatakan_lengkap"})  # fmt: skip
    assert done.json()["case"]["state"] == "penelitian_kabag"
    shown = api.call("GET", f"/cases/{ref}", "kabag").json()
    assert shown["allowed_triggers"] == ["kembalikan_tidak_sesuai", "terbitkan_rekomendasi"]
    assert shown["holder"] == "Kepala Bagian PBJ" or shown["role"] == "kabag"
    history = api.call("GET", f"/cases/{ref}/history", "kabag").json()
    assert [e["kind"] for e in history] == ["langkah", "langkah", "centang", "langkah"]
    assert history[1]["note"] == "lengkap" and history[1]["actor_nip"] == "petugas"
