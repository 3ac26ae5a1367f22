"""Schema changes go through Alembic: an old database with cases upgrades in place."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import column, create_engine, insert, inspect, select, table

from app.definitions import shipped_by_id
from storage.db import _config, connect
from storage.schema import cases, definitions, events

PBJ = "pekalongan-pbj-penerbitan-pembayaran"
NOW = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)


def _case(definition_pk: int, ref: str, state: str, role: str) -> dict:
    return {
        "ref": ref,
        "definition_pk": definition_pk,
        "workflow_id": PBJ,
        "institution": "pekalongan",
        "unit_code": "PBJ",
        "state": state,
        "role": role,
        "applicant_name": "Uji",
        "received_at": NOW,
        "rev": 1,
        "clock_paused_seconds": 0,
        "updated_at": NOW,
    }


def test_upgrade_from_0001_backfills_the_acting_role(db_url):
    old = create_engine(db_url)
    command.upgrade(_config(old), "0001")
    assert "acting_role" not in {c["name"] for c in inspect(old).get_columns("cases")}
    item = shipped_by_id(PBJ)
    body = item.definition.model_dump(mode="json", by_alias=True)
    old_cases = table(
        "cases", *[column(c.name, c.type) for c in cases.c if c.name != "acting_role"]
    )
    with old.begin() as conn:
        pk = conn.execute(
            insert(definitions)
            .values(
                workflow_id=PBJ,
                version=1,
                digest=item.digest,
                institution="pekalongan",
                body=body,
                stored_at=NOW,
            )
            .returning(definitions.c.pk)
        ).scalar_one()
        for values in [
            _case(pk, "A", "verifikasi", "verifikator"),
            _case(pk, "B", "dikembalikan_untuk_dilengkapi", "pemohon"),
        ]:
            conn.execute(insert(old_cases).values(**values))
        case_a = conn.execute(select(cases.c.id).where(cases.c.ref == "A")).scalar_one()
        for seq in (1, 2):
            conn.execute(
                insert(events).values(
                    case_id=case_a,
                    seq=seq,
                    workflow_id=PBJ,
                    workflow_version=1,
                    to_state="verifikasi",
                    trigger="t",
                    actor_nip="x",
                    actor_name="x",
                    role="petugas",
                    effective_at=NOW,
                    recorded_at=NOW,
                )
            )
    old.dispose()
    engine = connect(db_url)  # upgrades to head
    with engine.connect() as conn:
        acting = dict(conn.execute(select(cases.c.ref, cases.c.acting_role)).all())
        last = dict(conn.execute(select(cases.c.ref, cases.c.last_seq)).all())
    assert acting == {"A": "verifikator", "B": "petugas"}
    assert last == {"A": 2, "B": 0}  # B had no event at 0001 in this test
    command.downgrade(_config(engine), "0001")
    command.upgrade(_config(engine), "head")
    engine.dispose()


def test_upgrade_to_0004_turns_ticks_into_events_numbered_without_gaps(db_url):
    """Before 0004 a tick moved the version counter without an event: the history
    of case A reads 1, 2, 5 and its ticks live only in case_checks."""
    from storage.audit import find_break
    from storage.schema import case_checks

    old = create_engine(db_url)
    command.upgrade(_config(old), "0003")
    item = shipped_by_id(PBJ)
    body = item.definition.model_dump(mode="json", by_alias=True)
    old_cases = table(
        "cases",
        *[column(c.name, c.type) for c in cases.c if c.name not in ("last_hash",)],
    )
    old_events = table(
        "events",
        *[
            column(c.name, c.type)
            for c in events.c
            if c.name not in ("kind", "items", "request_id", "hash")
        ],
    )
    t = [NOW.replace(hour=h) for h in (1, 2, 3, 4)]
    with old.begin() as conn:
        pk = conn.execute(
            insert(definitions)
            .values(workflow_id=PBJ, version=1, digest=item.digest, institution="pekalongan",
                    body=body, stored_at=NOW)
            .returning(definitions.c.pk)
        ).scalar_one()  # fmt: skip
        values = _case(pk, "A", "penelitian_kabag", "kabag") | {"rev": 5, "last_seq": 5}
        conn.execute(insert(old_cases).values(**values, acting_role="kabag"))
        case_a = conn.execute(select(cases.c.id).where(cases.c.ref == "A")).scalar_one()
        for seq, trigger, state, at in [
            (1, "buka_permohonan", "berkas_diterima", t[0]),
            (2, "serahkan_ke_verifikator", "verifikasi", t[1]),
            (5, "nyatakan_lengkap", "penelitian_kabag", t[3]),
        ]:
            conn.execute(
                insert(old_events).values(
                    case_id=case_a, seq=seq, workflow_id=PBJ, workflow_version=1,
                    to_state=state, trigger=trigger, actor_nip="v", actor_name="V",
                    role="verifikator", effective_at=at, recorded_at=at,
                )
            )  # fmt: skip
        for requirement in ("rup", "hps"):
            conn.execute(
                insert(case_checks).values(
                    case_id=case_a, requirement_id=requirement, checked_by="v", checked_at=t[2]
                )
            )
    old.dispose()
    engine = connect(db_url)
    with engine.connect() as conn:
        row = conn.execute(select(cases).where(cases.c.ref == "A")).one()
        history = [dict(e) for e in conn.execute(select(events).order_by(events.c.seq)).mappings()]
    assert [(e["seq"], e["kind"], e["trigger"]) for e in history] == [
        (1, "langkah", "buka_permohonan"),
        (2, "langkah", "serahkan_ke_verifikator"),
        (3, "centang", "centang"),
        (4, "langkah", "nyatakan_lengkap"),
    ]
    assert history[2]["items"] == ["hps", "rup"] and history[2]["to_state"] == "verifikasi"
    assert row.rev == row.last_seq == 4
    assert find_break("A", history, row.last_seq, row.last_hash) is None
    engine.dispose()


def test_upgrade_to_0009_stores_when_each_case_goes_late(db_url):
    """Cases stored before 0009 get the instants their status changes at, and a completed
    case the service time it took, as a new write would store them."""
    from datetime import timedelta

    from app.clockwork import DERIVED_COLUMNS, ClockFields, derived_columns

    old = create_engine(db_url)
    command.upgrade(_config(old), "0006")
    item = shipped_by_id(PBJ)
    old_cases = table("cases", *[column(c.name, c.type) for c in cases.c
                                 if c.name not in DERIVED_COLUMNS])  # fmt: skip
    started, due = NOW - timedelta(days=9), NOW - timedelta(days=1)
    clock = {"clock_started_at": started, "clock_due_at": due, "variant": "barang"}
    with old.begin() as conn:
        pk = conn.execute(
            insert(definitions)
            .values(workflow_id=PBJ, version=1, digest=item.digest, institution="pekalongan",
                    body=item.definition.model_dump(mode="json", by_alias=True), stored_at=NOW)
            .returning(definitions.c.pk)
        ).scalar_one()  # fmt: skip
        conn.execute(insert(old_cases).values(**_case(pk, "A", "verifikasi", "verifikator"),
                                              **clock, last_event_at=started))  # fmt: skip
        conn.execute(insert(old_cases).values(**_case(pk, "B", "selesai", "pemohon"), **clock,
                                              clock_stopped_at=NOW, outcome="selesai"))  # fmt: skip
    old.dispose()
    engine = connect(db_url)
    with engine.connect() as conn:
        rows = {r.ref: r for r in conn.execute(select(cases))}
    for row in rows.values():
        expected = derived_columns(item.definition, "barang", ClockFields.from_row(row),
                                   row.step_due_at, row.last_event_at, row.outcome)  # fmt: skip
        assert {name: getattr(row, name) for name in DERIVED_COLUMNS} == expected
    assert rows["A"].late_at == due + timedelta(microseconds=1)
    assert rows["B"].service_days == 7 and rows["B"].late_at == due + timedelta(microseconds=1)
    engine.dispose()
