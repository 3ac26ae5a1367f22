"""Simulated weeks of office work, through the public use cases with an injected clock.

Berkas arrive at the counters of the three institutions at realistic times of day on
their own calendars; each case is then moved on by the staff holding its step (the
sample directory has one person per role), with ticks before a guarded step, some files
sent back as incomplete (with the reason staff must give), some cancelled, some given by
disposisi, and some left to lie until they are late. Everything goes through
`app.cases`, `app.checklist` and `app.lifecycle`, the same doors the command line and
the web use: no shortcut into the database. The same seed gives the same weeks.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements
from app.definitions import shipped
from app.lifecycle import assign_case, cancel_case
from engine.case import SUPERVISOR_ROLE, acting_role, openers
from engine.definition import Definition, RoleScope
from engine.errors import EngineError
from sla import load_calendar

__all__ = ["Simulation", "SimulationResult"]

_BACK_WORDS = ("kembali", "tolak", "perbaiki", "lengkapi")
_REASONS = [
    "Berkas belum lengkap: {item} belum dilampirkan",
    "Berkas perlu diperbaiki: {item} belum sesuai ketentuan",
]
_APPLICANTS = [
    "Dinas Pekerjaan Umum", "Dinas Kesehatan", "Dinas Pendidikan", "Yayasan Al Hikmah",
    "Kelurahan Sugihwaras", "Dinas Perhubungan", "BPBD", "Dinas Sosial", "Masjid Al Ikhlas",
    "Koperasi Sejahtera", "Dinas Kominfo", "RSUD", "Kecamatan Utara", "Paguyuban Batik",
]  # fmt: skip


@dataclass
class SimulationResult:
    opened: int = 0
    steps: int = 0
    cancelled: int = 0
    assigned: int = 0
    refused: int = 0
    refs: list[str] = field(default_factory=list)


@dataclass(order=True)
class _Due:
    at: datetime
    ref: str = field(compare=False)
    definition: Definition = field(compare=False)
    variant: str | None = field(compare=False)
    moves: int = field(default=0, compare=False)


class Simulation:
    """`run(start, weeks)` fills the database; `on_day(day_start)` is called at 08.00 WIB
    of each simulated day (the monitoring sweeps hook in there)."""

    def __init__(self, engine: Engine, staff: list[dict[str, Any]], seed: int = 7) -> None:
        self.engine, self.rng = engine, random.Random(seed)
        self.holders = {
            (s["institution"], s["unit"], r): s["nip"] for s in staff for r in s["roles"]
        }
        self.services = [i.definition for i in shipped()]
        self.result = SimulationResult()
        self.queue: list[_Due] = []

    def _holder(self, d: Definition, role: str) -> str | None:
        declared = d.roles.get(role)
        unit = "SETDA" if declared and declared.scope is RoleScope.INSTITUTION else d.unit_code
        return self.holders.get((d.institution, unit, role))

    def _later(self, d: Definition, at: datetime, slow: bool) -> datetime:
        calendar = load_calendar(d.sla.calendar)
        hours = self.rng.uniform(14, 40) if slow else self.rng.uniform(0.3, 5)
        return calendar.add_service_time(calendar.next_opening(at), timedelta(hours=hours))

    def _arrive(self, at: datetime) -> None:
        d = self.rng.choice(self.services)
        calendar = load_calendar(d.sla.calendar)
        local = at.astimezone(calendar.tz)
        if not calendar.is_working_day(local.date()):
            return
        when = calendar.next_opening(local.replace(hour=self.rng.randint(8, 13),
                                                   minute=self.rng.randint(0, 59)))  # fmt: skip
        opener = next((n for r in openers(d) if (n := self._holder(d, r))), None)
        if opener is None:
            return
        variant = self.rng.choice(d.variants.options).id if d.variants else None
        name = self.rng.choice(_APPLICANTS)
        ref = self._try(lambda: open_case(self.engine, d.id, Applicant(name), opener, when,
                                          variant=variant))  # fmt: skip
        if ref is None:
            return
        self.result.opened += 1
        self.result.refs.append(ref)
        heapq.heappush(self.queue, _Due(self._later(d, when, False), ref, d, variant))

    def _try(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except EngineError:
            self.result.refused += 1
            return None

    def _cancel(self, ref: str, holder: str, at: datetime) -> bool:
        cancel_case(self.engine, ref, holder, at, reason="pemohon menarik berkas")
        return True

    def _reason(self, d: Definition, variant: str | None) -> str:
        """Why a berkas goes back to the applicant, as a verifier writes it."""
        items = [r.text.split(" (")[0] for r in d.requirements_for(variant)]
        item = self.rng.choice(items) if items else "surat permohonan"
        return self.rng.choice(_REASONS).format(item=item)

    def _move(self, due: _Due, state: str) -> None:
        d, at = due.definition, due.at
        leaving = d.transitions_from(state)
        if not leaving or due.moves > 30:
            return
        if self.rng.random() < 0.02:  # the applicant withdraws
            holder = self._holder(d, SUPERVISOR_ROLE)
            if holder and self._try(lambda: self._cancel(due.ref, holder, at)):
                self.result.cancelled += 1
            return
        back = [t for t in leaving if any(w in t.trigger for w in _BACK_WORDS)]
        forward = [t for t in leaving if t not in back] or back
        pick = self.rng.choice(back if back and self.rng.random() < 0.15 else forward)
        nip = self._holder(d, acting_role(d, pick.role))
        if nip is None:
            return
        if pick.guards:
            items = [r.id for r in d.requirements_for(due.variant) if not r.optional]
            if items:
                self._try(lambda: check_requirements(self.engine, due.ref, items, nip, at))
        if self.rng.random() < 0.1:
            kabag = self._holder(d, SUPERVISOR_ROLE)
            if kabag and self._try(lambda: assign_case(self.engine, due.ref, nip, kabag, at)):
                self.result.assigned += 1
        note = self._reason(d, due.variant) if d.sends_back(pick.trigger) else None
        new = self._try(lambda: advance_case(self.engine, due.ref, pick.trigger, nip, at,
                                             note=note))  # fmt: skip
        if new is None:
            return
        self.result.steps += 1
        if d.states[new].outcome is None:
            due.moves += 1
            due.at = self._later(d, at, slow=self.rng.random() < 0.2)
            heapq.heappush(self.queue, due)

    def run(self, start: datetime, weeks: int, per_day: int,
            on_day: Callable[[datetime], None] | None = None) -> SimulationResult:  # fmt: skip
        """Simulate `weeks` from `start` (a Monday, 00.00), `per_day` arrivals a day."""
        from app.queries import case_summary

        end = start + timedelta(weeks=weeks)
        day = start
        while day < end:
            for _ in range(per_day):
                self._arrive(day)
            next_day = day + timedelta(days=1)
            while self.queue and self.queue[0].at < next_day:
                due = heapq.heappop(self.queue)
                state = case_summary(self.engine, due.ref, due.at)["state"]
                self._move(due, state)
            if on_day is not None:
                on_day(next_day.replace(hour=8))
            day = next_day
        return self.result
