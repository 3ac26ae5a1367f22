"""Triggers that make the audit tables append-only in the database itself.

`events` and `staff_changes` accept INSERT only: UPDATE and DELETE (and, on
PostgreSQL, TRUNCATE) are refused by a trigger, whoever connects. Migration
0004 installs them. SQLite drops a table's triggers with the table, so a later
migration that recreates one of these tables (Alembic's batch mode does) must
call `install` again, and must not recreate `cases` (which `events` reference without a
cascade): use plain ALTER TABLE there.
"""

from __future__ import annotations

from sqlalchemy import Connection

from storage.schema import APPEND_ONLY

__all__ = ["drop", "install"]

_MESSAGE = "hanya boleh ditambah: mengubah atau menghapus catatan audit ditolak"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION alur_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'tabel %%: {_MESSAGE}', TG_TABLE_NAME USING ERRCODE = '42501';
END $$
"""


def _statements(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION alur_append_only()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION alur_append_only()",
        ]
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'tabel {table}: {_MESSAGE}'); END"
        for verb in ("UPDATE", "DELETE")
    ]


def _names(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [f"{table}_append_only", f"{table}_no_truncate"]
    return [f"{table}_no_update", f"{table}_no_delete"]


def install(conn: Connection) -> None:
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.exec_driver_sql(_PG_FUNCTION)
    for table in APPEND_ONLY:
        for statement in _statements(dialect, table):
            conn.exec_driver_sql(statement)


def drop(conn: Connection) -> None:
    """Remove the triggers (for a migration that must rewrite these tables, and for tests)."""
    dialect = conn.dialect.name
    for table in APPEND_ONLY:
        for name in _names(dialect, table):
            on = f" ON {table}" if dialect == "postgresql" else ""
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{on}")
