"""Filling the derived columns of stored cases (`app.clockwork.DERIVED_COLUMNS`).

Every write of a case computes them in its own transaction; this recomputes them for cases
stored before they existed (migration 0009), a chunk of cases at a time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from app.clockwork import DERIVED_COLUMNS, ClockFields, derived_columns
from app.definitions import definition_for_case
from storage.schema import cases

__all__ = ["fill_derived_columns"]

_READ = ("id", "definition_pk", "variant", "step_due_at", "last_event_at", "outcome")
_CLOCK = tuple(ClockFields().columns())


def _values(conn: Connection, row: Any) -> dict[str, Any]:
    d, _ = definition_for_case(conn, row.definition_pk)
    fields = ClockFields.from_row(row)
    derived = derived_columns(d, row.variant, fields, row.step_due_at, row.last_event_at,
                              row.outcome)  # fmt: skip
    return {"case_id": row.id, **derived}


def fill_derived_columns(conn: Connection, chunk: int = 5_000) -> int:
    """Recompute the derived columns of every case; the number of cases written."""
    columns = [cases.c[name] for name in (*_READ, *_CLOCK)]
    write = (
        update(cases)
        .where(cases.c.id == bindparam("case_id"))
        .values({name: bindparam(name, type_=cases.c[name].type) for name in DERIVED_COLUMNS})
    )
    done, last = 0, None
    while True:
        query = select(*columns).order_by(cases.c.id).limit(chunk)
        if last is not None:
            query = query.where(cases.c.id > last)
        rows = list(conn.execute(query))
        if not rows:
            return done
        conn.execute(write, [_values(conn, row) for row in rows])
        done, last = done + len(rows), rows[-1].id
