"""The sweep on both databases: fallbacks, the applicant's side, lapse, rescheduling."""

from __future__ import annotations

from conftest import PBJ, wib
from sqlalchemy import event, select, update

from app.cases import Applicant, advance_case, open_case
from monitor.messages import DIGEST_LIMIT
from monitor.sweep import PAYLOAD_LIMIT, sweep
from storage import repository
from storage.schema import alerts, cases, outbox, staff

NO_HPS = "Berkas belum lengkap: HPS belum dilampirkan"  # a send-back's reason
START = wib(2026, 3, 11, 10, 0)  # due Tue 17 Mar 15.45 (see test_scenario)


def _started(engine) -> str:
    ref = open_case(engine, PBJ, Applicant("Dinas PU"), "P1", START, variant="barang", at=START)
    advance_case(engine, ref, "serahkan_ke_verifikator", "P1", START, at=START)
    return ref


def _column(engine, column, ref):
    with engine.connect() as conn:
        return conn.execute(select(column).where(cases.c.ref == ref)).scalar()


def test_a_step_clears_the_schedule_and_alerts_never_move_the_version(engine):
    ref = _started(engine)
    sweep(engine, wib(2026, 3, 11, 11, 0))
    assert _column(engine, cases.c.next_alert_at, ref) == wib(2026, 3, 16, 15, 30)
    rev = _column(engine, cases.c.rev, ref)
    at = wib(2026, 3, 12, 9, 0)
    advance_case(engine, ref, "kembalikan_tidak_lengkap", "V1", at, at=at, note=NO_HPS)
    assert _column(engine, cases.c.next_alert_at, ref) is None  # not yet scheduled
    assert _column(engine, cases.c.rev, ref) == rev + 1
    assert sweep(engine, at).cases == 1


def test_a_level_with_nobody_falls_to_the_next_and_says_so(engine):
    ref = _started(engine)
    with engine.begin() as conn:
        conn.execute(update(staff).where(staff.c.nip.in_(["A1"])).values(active=False))
    report = sweep(engine, wib(2026, 3, 27, 7, 30))
    assert [(a["level"], a["recipients"]) for a in report.alerts] == [
        ("terlambat", ["V1", "K1"]),
        ("asisten", ["S1"]),
    ]
    with engine.connect() as conn:
        note = conn.execute(select(alerts.c.note).where(alerts.c.level == "asisten")).scalar()
    assert note == "tidak ada Asisten; diteruskan kepada Sekretaris Daerah"
    assert _column(engine, cases.c.outcome, ref) is None


def test_one_digest_per_person_most_late_first(engine):
    first = _started(engine)
    later = wib(2026, 3, 16, 9, 0)
    second = open_case(engine, PBJ, Applicant("Dinas B"), "P1", later, variant="barang", at=later)
    advance_case(engine, second, "serahkan_ke_verifikator", "P1", later, at=later)
    report = sweep(engine, wib(2026, 3, 30, 9, 0))
    to_kabag = [m for m in report.messages if m["recipient"] == "K1"]
    assert [m["cases"] for m in to_kabag] == [2]
    with engine.connect() as conn:
        payload = conn.execute(select(outbox.c.payload).where(outbox.c.id == to_kabag[0]["id"]))
        items = payload.scalar()["items"]
    assert [i["ref"] for i in items] == [first, second]


def test_waiting_on_the_applicant_chases_the_recorder_then_lapses(engine, monkeypatch):
    monkeypatch.setenv("ALUR_LAPSE_AFTER", "pekalongan=5 hari kerja")
    ref = _started(engine)
    back = wib(2026, 3, 12, 9, 0)
    advance_case(engine, ref, "kembalikan_tidak_lengkap", "V1", back, at=back, note=NO_HPS)
    assert sweep(engine, wib(2026, 3, 16, 9, 0)).alerts == []  # 2 working days: not yet
    chase = sweep(engine, wib(2026, 3, 25, 9, 0))  # 3 days (Fri 13, Mon 16, Tue 17) waited
    assert [(a["level"], a["recipients"]) for a in chase.alerts] == [("menunggu_pemohon", ["P1"])]
    assert chase.lapsed == []
    assert sweep(engine, wib(2026, 3, 26, 15, 0)).lapsed == []  # the limit is 15.45
    lapsed = sweep(engine, wib(2026, 3, 27, 7, 30))  # 5 days: Fri 13 .. Thu 26 15.45
    assert lapsed.lapsed == [ref]
    assert _column(engine, cases.c.outcome, ref) == "gugur"
    assert sweep(engine, wib(2026, 3, 30, 9, 0)).cases == 0  # closed cases are never swept


def test_a_step_commitment_alone_warns_only_the_step_holder(engine):
    # Hibah Uang (Kota Pasuruan): no commitment for the whole case, 1 hari for the first
    # step, held by the Sekretariat Daerah's letter desk (an institution-wide role)
    people = [
        ("PP1", "Petugas Kesra", "KESRA", ["petugas"]),
        ("PK1", "Kabag Kesra", "KESRA", ["kabag"]),
        ("PS1", "Sekretariat", "SETDA", ["sekretariat"]),
    ]
    with engine.begin() as conn:
        repository.upsert_staff(
            conn,
            [
                {"nip": n, "name": m, "institution": "pasuruan", "unit_code": u, "roles": r}
                for n, m, u, r in people
            ],
        )
    at = wib(2026, 11, 16, 9, 0)  # a Monday
    ref = open_case(
        engine,
        "pasuruan-kesra-hibah-uang",
        Applicant("Yayasan"),
        "PP1",
        at,
        variant="badan-lembaga",
        at=at,
    )
    assert sweep(engine, wib(2026, 11, 16, 10, 0)).alerts == []
    late = sweep(engine, wib(2026, 11, 18, 9, 0))
    assert [(a["level"], a["recipients"]) for a in late.alerts] == [("terlambat", ["PS1"])]
    with engine.connect() as conn:
        detail = conn.execute(select(alerts.c.detail)).scalar()
    assert detail.startswith("tahap ini terlambat")
    assert _column(engine, cases.c.ref, ref) == ref


def test_the_claim_searches_the_partial_index_never_the_whole_table(sqlite_engine):
    _started(sqlite_engine)
    seen: list[tuple[str, tuple]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("SELECT cases.id") and "next_alert_at" in statement:
            seen.append((statement, parameters))

    event.listen(sqlite_engine, "before_cursor_execute", capture)
    try:
        sweep(sqlite_engine, wib(2026, 3, 11, 11, 0))
        sweep(sqlite_engine, wib(2026, 3, 16, 15, 30))
    finally:
        event.remove(sqlite_engine, "before_cursor_execute", capture)
    assert len(seen) >= 3
    with sqlite_engine.connect() as conn:
        for statement, parameters in seen:
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            assert [step[-1].split(" (")[0] for step in plan] == [
                "SEARCH cases USING INDEX ix_cases_next_alert"
            ]


def test_a_case_whose_rules_cannot_be_read_never_stops_the_others(engine, monkeypatch):
    monkeypatch.setenv("ALUR_LAPSE_AFTER", "pekalongan=lama sekali")
    waiting = _started(engine)
    back = wib(2026, 3, 12, 9, 0)
    advance_case(engine, waiting, "kembalikan_tidak_lengkap", "V1", back, at=back, note=NO_HPS)
    late = _started(engine)
    report = sweep(engine, wib(2026, 3, 25, 9, 0))
    assert [p["ref"] for p in report.problems] == [waiting]
    assert "lama sekali" in report.problems[0]["reason"]
    assert [a["ref"] for a in report.alerts] == [late]
    assert _column(engine, cases.c.next_alert_at, waiting) == wib(2026, 3, 25, 10, 0)


def test_a_digest_of_more_cases_than_it_carries_counts_them_all(sqlite_engine):
    refs = sorted(_started(sqlite_engine) for _ in range(PAYLOAD_LIMIT + 1))
    report = sweep(sqlite_engine, wib(2026, 3, 25, 9, 0))
    to_kabag = next(m for m in report.messages if m["recipient"] == "K1")
    assert to_kabag["cases"] == PAYLOAD_LIMIT + 1
    with sqlite_engine.connect() as conn:
        row = conn.execute(select(outbox).where(outbox.c.id == to_kabag["id"])).one()
    assert row.payload["total"] == PAYLOAD_LIMIT + 1
    assert [i["ref"] for i in row.payload["items"]] == refs[:PAYLOAD_LIMIT]  # equally late
    assert len(row.alert_keys) == PAYLOAD_LIMIT + 1
    assert row.subject == f"[alur] {PAYLOAD_LIMIT + 1} permohonan perlu perhatian: terlambat"
    more = PAYLOAD_LIMIT + 1 - DIGEST_LIMIT
    assert f"... dan {more} permohonan lain" in row.body
