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
