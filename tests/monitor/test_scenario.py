"""One permohonan from on track to the Asisten, across a weekend and the cuti bersama of
Nyepi and Idul Fitri 2026 (18-24 March), swept at chosen instants (the clock is injected).

PBJ, 4 hari kerja on calendar pekalongan-a (Mon-Thu 07.30-15.45 with a break 12.00-13.00,
Fri 07.30-11.00). Started Wed 11 Mar 10.00: 30 h of service time, due Tue 17 Mar 15.45.
"""

from __future__ import annotations

from conftest import PBJ, wib
from sqlalchemy import select, update

from app.cases import Applicant, advance_case, open_case
from app.queries import case_history
from monitor.sweep import sweep
from storage.schema import alerts, cases, outbox


def _start(engine) -> str:
    at = wib(2026, 3, 11, 10, 0)
    ref = open_case(engine, PBJ, Applicant("Dinas PU"), "P1", at, variant="barang", at=at)
    advance_case(engine, ref, "serahkan_ke_verifikator", "P1", at, at=at)
    return ref


def _next_alert(engine, ref):
    with engine.connect() as conn:
        return conn.execute(select(cases.c.next_alert_at).where(cases.c.ref == ref)).scalar()


def _sent(report) -> list[tuple[str, int]]:
    return sorted((m["recipient"], m["cases"]) for m in report.messages)


def _body(engine, message_id: int) -> str:
    with engine.connect() as conn:
        return conn.execute(select(outbox.c.body).where(outbox.c.id == message_id)).scalar()


def test_on_track_at_risk_late_and_escalated_across_cuti_bersama(sqlite_engine):
    engine = sqlite_engine
    ref = _start(engine)
    quiet = sweep(engine, wib(2026, 3, 11, 11, 0))
    assert (quiet.cases, quiet.alerts, quiet.messages) == (1, [], [])
    # 75% of 30 h is 22 h 30 min: Wed 4h45 + Thu 7h15 + Fri 3h30 + Mon 7h00
    assert _next_alert(engine, ref) == wib(2026, 3, 16, 15, 30)
    assert sweep(engine, wib(2026, 3, 16, 15, 29)).cases == 0  # not due yet: not even read

    at_risk = sweep(engine, wib(2026, 3, 16, 15, 30))
    assert [(a["level"], a["recipients"]) for a in at_risk.alerts] == [("berisiko", ["V1"])]
    assert _sent(at_risk) == [("V1", 1)]
    assert sweep(engine, wib(2026, 3, 16, 15, 40)).alerts == []  # once per working day
    assert _next_alert(engine, ref) == wib(2026, 3, 17, 7, 30)
    assert [a["level"] for a in sweep(engine, wib(2026, 3, 17, 7, 30)).alerts] == ["berisiko"]

    night = sweep(engine, wib(2026, 3, 17, 20, 0))  # late since 15.45, but 20.00: nobody told
    assert (night.deferred, night.alerts, night.messages) == (1, [], [])
    assert _next_alert(engine, ref) == wib(2026, 3, 25, 7, 30)  # after Nyepi and Idul Fitri

    with engine.begin() as conn:  # as if the case changed: due again on Sunday
        conn.execute(update(cases).where(cases.c.ref == ref).values(next_alert_at=None))
    sunday = sweep(engine, wib(2026, 3, 22, 10, 0))
    assert (sunday.deferred, sunday.messages) == (1, [])

    late = sweep(engine, wib(2026, 3, 25, 7, 30))
    assert [(a["level"], a["recipients"]) for a in late.alerts] == [("terlambat", ["V1", "K1"])]
    assert _sent(late) == [("K1", 1), ("V1", 1)]
    # more than 2 working days late: from Thu 26 Mar 15.45 (Wed 25 and Thu 26 wholly late)
    assert [a["level"] for a in sweep(engine, wib(2026, 3, 26, 15, 0)).alerts] == ["terlambat"]
    friday = sweep(engine, wib(2026, 3, 27, 7, 30))
    assert [a["level"] for a in friday.alerts] == ["terlambat", "asisten"]
    to_asisten = next(m for m in friday.messages if m["recipient"] == "A1")
    assert _body(engine, to_asisten["id"]) == (
        "Yth. Agus Asisten,\n\n"
        "Satu permohonan perlu perhatian Anda:\n\n"
        "1. Eskalasi kepada Asisten: Layanan Penerbitan Pembayaran\n"
        f"   Nomor permohonan: {ref}\n"
        "   Pemohon: Dinas PU\n"
        "   Tahap: Verifikator memverifikasi kelengkapan persyaratan\n"
        "   Pemegang berkas: Verifikator\n"
        "   Tenggat permohonan: Selasa, 17 Mar 2026 15.45 WIB\n"
        "   Keadaan: terlambat 2 hari kerja\n"
        f"   Buka berkas: alur case show {ref}\n\n"
        "Pesan ini dikirim otomatis oleh alur pada jam layanan kantor; tidak perlu dibalas.\n"
    )
    after_short_friday = sweep(engine, wib(2026, 3, 27, 11, 30))  # Friday closes at 11.00
    assert after_short_friday.messages == []
    assert _next_alert(engine, ref) == wib(2026, 3, 30, 7, 30)
    with engine.connect() as conn:
        kinds = conn.execute(select(alerts.c.kind, alerts.c.level).order_by(alerts.c.id)).all()
        rev = conn.execute(select(cases.c.rev).where(cases.c.ref == ref)).scalar()
    assert [k for k, _ in kinds].count("eskalasi") == 1
    assert rev == 2  # opened, one step: alerts never move the version counter
    history = case_history(engine, ref)  # alerts shown between the events, never chained
    assert [(e["kind"], e["trigger"]) for e in history[2:]] == [
        ("peringatan", "berisiko"),
        ("peringatan", "berisiko"),
        ("peringatan", "terlambat"),
        ("peringatan", "terlambat"),
        ("peringatan", "terlambat"),
        ("eskalasi", "asisten"),
    ]
    assert history[-1]["note"] == "terlambat 2 hari kerja; kepada Agus Asisten"
    assert history[-1]["seq"] is None and history[-1]["hash"] is None
