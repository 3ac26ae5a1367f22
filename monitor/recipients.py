"""Resolving a level's audience to named, active staff (the staff directory's roles)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from app.staff import actor_from_row
from engine.case import SUPERVISOR_ROLE, Actor, holds
from engine.definition import Definition
from monitor.policy import AUDIENCE_CHAIN, LEVEL_AUDIENCES, Level
from storage.schema import staff

__all__ = ["Directory", "resolve"]

_ROLE_OF = {"asisten": "asisten", "sekda": "sekda"}
_WORDS = {
    "pemegang": "pemegang berkas",
    "kabag": "Kabag",
    "asisten": "Asisten",
    "sekda": "Sekretaris Daerah",
    "pencatat": "petugas pencatat",
}


class Directory:
    """The active staff of each institution, read once per sweep transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._by_institution: dict[str, list[Actor]] = {}

    def of(self, institution: str) -> list[Actor]:
        if institution not in self._by_institution:
            rows = self._conn.execute(
                select(staff).where(staff.c.institution == institution, staff.c.active)
            ).all()
            self._by_institution[institution] = sorted(
                (actor_from_row(r) for r in rows), key=lambda a: a.nip
            )
        return self._by_institution[institution]


def _audience(d: Definition, row: Any, who: str, directory: Directory) -> list[Actor]:
    people = directory.of(d.institution)
    if who == "pemegang":
        if row.assignee_nip:
            named = [a for a in people if a.nip == row.assignee_nip]
            if named:
                return named
        role = row.acting_role
        return [a for a in people if role and holds(d, a, role)]
    if who == "pencatat":
        return [a for a in people if row.acting_role and holds(d, a, row.acting_role)]
    if who == "kabag":
        return [a for a in people if holds(d, a, SUPERVISOR_ROLE)]
    return [a for a in people if _ROLE_OF[who] in a.roles]


def resolve(
    d: Definition, row: Any, level: Level, holder_only: bool, directory: Directory
) -> tuple[list[Actor], str | None]:
    """The people a level reaches, and a note when it fell to the next audience."""
    wanted = ("pemegang",) if holder_only else LEVEL_AUDIENCES[level]
    found: dict[str, Actor] = {}
    for who in wanted:
        for actor in _audience(d, row, who, directory):
            found.setdefault(actor.nip, actor)
    if found:
        return list(found.values()), None
    last = wanted[-1]
    rest = AUDIENCE_CHAIN[AUDIENCE_CHAIN.index(last) + 1 :] if last in AUDIENCE_CHAIN else ()
    if last == "pencatat":
        rest = AUDIENCE_CHAIN[1:]
    missing = " dan ".join(_WORDS[w] for w in wanted)
    for who in rest:
        people = _audience(d, row, who, directory)
        if people:
            return people, f"tidak ada {missing}; diteruskan kepada {_WORDS[who]}"
    return [], f"tidak ada {missing} maupun atasan yang dapat menerima peringatan"
