"""The worklist and the supervisors' reports through the API: the same numbers as the
command line, for the token owner's own institution only."""

from __future__ import annotations

from tests.web import api_support

api = api_support.api  # the fixture


def _handed_over(api, count: int) -> list[str]:
    refs = [api.open_case(applicant=f"PD {i}") for i in range(count)]
    for ref in refs:
        api.call("POST", f"/cases/{ref}/advance", "petugas",
                 json={"trigger": "serahkan_ke_verifikator"})  # fmt: skip
    return refs


def test_the_worklist_by_section_most_urgent_first(api):
    first, second, third = _handed_over(api, 3)
    api.call("POST", f"/cases/{second}/assign", "kabag", json={"assignee": "verifikator"})
    rows = api.call("GET", "/worklist", "verifikator").json()
    assert [(r["ref"], r["section"]) for r in rows] == [
        (second, "untuk_saya"), (first, "bagian_saya"), (third, "bagian_saya"),
    ]  # fmt: skip
    assert api.call("GET", "/worklist", "petugas").json() == []
    limited = api.call("GET", "/worklist?limit=2", "verifikator").json()
    assert [r["ref"] for r in limited] == [second, first]
    assert api.call("GET", "/worklist?limit=0", "verifikator").status_code == 422


def test_breaches_workload_and_compliance(api):
    late, = _handed_over(api, 1)  # fmt: skip
    api.clock.advance(days=14)
    data = api.call("GET", "/reports/breaches", "kabag").json()
    assert [i["ref"] for i in data["late"]] == [late]
    assert data["late"][0]["detail"].startswith("terlambat ")
    load = api.call("GET", "/reports/workload?unit=PBJ", "kabag").json()
    assert [(r["holder"], r["open"], r["late"]) for r in load] == [("Verifikator", 1, 1)]
    quarter = api.call("GET", "/reports/compliance?quarter=2026Q4", "kabag").json()
    assert quarter["from"] == "2026-10-01T00:00:00+07:00"
    assert [(s["service"], s["received"]) for s in quarter["services"]] == [(api_support.PBJ, 1)]
    days = api.call("GET", "/reports/compliance?from=2026-11-01&to=2026-11-30", "kabag").json()
    assert days["to"] == "2026-12-01T00:00:00+07:00"  # the last day counts
    assert days["services"] == quarter["services"]


def test_a_report_period_must_be_readable(api):
    for query, said in [
        ("", "sebutkan quarter (mis. 2026Q1) atau from dan to"),
        ("?quarter=2026Q5", "quarter '2026Q5' bukan triwulan (contoh: 2026Q1)"),
        ("?from=2026-12-01&to=2026-11-01", "to sebelum from"),
        ("?from=kemarin&to=2026-11-01", "from dan to berupa tanggal TTTT-BB-HH"),
    ]:
        response = api.call("GET", f"/reports/compliance{query}", "kabag")
        assert response.status_code == 422
        assert said in response.json()["detail"]


def test_another_institutions_reports_are_refused(api):
    _handed_over(api, 1)
    theirs = api.call("GET", "/reports/breaches?institution=pekalongan", "luar")
    assert theirs.status_code == 403
    assert theirs.json() == {
        "detail": "pegawai luar tidak dapat melihat laporan instansi pekalongan"
    }
    own = api.call("GET", "/reports/workload", "luar").json()
    assert own == []  # ppu has no cases: pekalongan's are not counted


def test_reports_are_for_supervisors_and_a_kabag_sees_their_unit(api):
    _handed_over(api, 1)
    refused = api.call("GET", "/reports/breaches", "petugas")
    assert refused.status_code == 403 and "bukan pengawas" in refused.json()["detail"]
    other_unit = api.call("GET", "/reports/workload?unit=UMUM", "kabag")
    assert other_unit.status_code == 403
    assert "pekalongan bagian UMUM" in other_unit.json()["detail"]
    admin = api.call("GET", "/reports/workload", "admin").json()  # the institution's whole
    assert [(r["unit"], r["open"]) for r in admin] == [("PBJ", 1)]
