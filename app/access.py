"""What a signed-in staff member may see: cases and reports of their own institution.

The command line trusts `--as` and shows any case; the web and API faces, where people are
authenticated, show a person only their institution's cases. Another institution's case
is refused as not found (`UnknownCase`), so that its existence is not leaked.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from engine.case import Actor
from engine.errors import NotPermitted
from storage.errors import UnknownCase
from storage.schema import cases
from storage.transactions import reading

__all__ = ["ReportRefused", "report_institution", "require_case_visible"]


class ReportRefused(NotPermitted):
    def __init__(self, nip: str, institution: str) -> None:
        super().__init__(f"pegawai {nip} tidak dapat melihat laporan instansi {institution}")


def require_case_visible(engine: Engine, ref: str, actor: Actor) -> None:
    """UnknownCase unless case `ref` exists in `actor`'s institution."""
    with reading(engine) as conn:
        found = conn.execute(
            select(cases.c.institution).where(cases.c.ref == ref)
        ).scalar_one_or_none()
    if found is None or found != actor.institution:
        raise UnknownCase(ref)


def report_institution(actor: Actor, asked: str | None) -> str:
    """The institution a report for `actor` covers: their own (asking for another: refused)."""
    if asked is not None and asked != actor.institution:
        raise ReportRefused(actor.nip, asked)
    return actor.institution
