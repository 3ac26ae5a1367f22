"""What a signed-in staff member may see: cases of their own institution, and the reports
a supervisor oversees (the same scope as the *Pengawasan* page: a Kabag their unit; an
Asisten, the Sekda or an admin their institution).

The command line trusts `--as` and shows any case; the web and API faces, where people are
authenticated, show a person only their institution's cases. Another institution's case
is refused as not found (`UnknownCase`), so that its existence is not leaked.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine

from app.accounts import oversight_scope
from engine.case import Actor
from engine.errors import NotPermitted
from storage import repository
from storage.errors import UnknownCase
from storage.transactions import reading

__all__ = ["ReportRefused", "report_scope", "require_case_visible", "visible_case"]


class ReportRefused(NotPermitted):
    def __init__(self, nip: str, institution: str) -> None:
        super().__init__(f"pegawai {nip} tidak dapat melihat laporan instansi {institution}")


def visible_case(conn: Connection, ref: str, actor: Actor) -> Any:
    """The row of case `ref` if it is in `actor`'s institution; UnknownCase otherwise
    (another institution's case reads exactly like one that does not exist)."""
    row = repository.case_by_ref(conn, ref)
    if row.institution != actor.institution:
        raise UnknownCase(ref)
    return row


def require_case_visible(engine: Engine, ref: str, actor: Actor) -> None:
    """UnknownCase unless case `ref` exists in `actor`'s institution."""
    with reading(engine) as conn:
        visible_case(conn, ref, actor)


def report_scope(
    engine: Engine, nip: str, institution: str | None, unit: str | None
) -> tuple[str, str | None]:
    """(institution, unit) a report asked by `nip` covers: what they oversee
    (`app.accounts.oversight_scope`; not a supervisor: NotPermitted); asking for another
    institution, or a Kabag for another unit, is refused."""
    scope = oversight_scope(engine, nip)
    own = str(scope["institution"])
    if institution is not None and institution != own:
        raise ReportRefused(nip, institution)
    if scope["unit"] is not None:
        if unit is not None and unit != scope["unit"]:
            raise ReportRefused(nip, f"{own} bagian {unit}")
        unit = scope["unit"]
    return own, unit
