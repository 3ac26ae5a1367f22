"""Reads for the web pages, each for one signed-in person, authorization included.

A person sees the cases of their own institution only: another institution's case is
`UnknownCase` to them (the web answers 404), so nothing about it leaks. Each function
returns plain dicts built from `app.queries`, like the command line's JSON.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from app.access import visible_case
from app.cases import OPEN_TRIGGER, Applicant, open_case
from app.checklist import check_requirements, may_tick
from app.clockwork import commitment
from app.definitions import definition_for_case, shipped, shipped_by_id
from app.queries import case_history, case_list, case_summary
from app.staff import actor_for
from app.staff_file import normalise_nip
from engine.case import SUPERVISOR_ROLE, Actor, holds, openers
from engine.definition import Definition
from sla import due
from storage import repository
from storage.errors import UnknownCase
from storage.transactions import reading

__all__ = [
    "case_page",
    "new_case_choices",
    "open_at_counter",
    "promised_completion",
    "search_cases",
    "workflows_in_use",
]


def _visible(conn: Any, ref: str, nip: str) -> tuple[Any, Definition, Actor]:
    actor = actor_for(conn, normalise_nip(nip))
    row = visible_case(conn, ref, actor)
    d, _ = definition_for_case(conn, row.definition_pk)
    return row, d, actor


def _diagram(d: Definition, current: str) -> list[dict[str, Any]]:
    """The workflow's steps in the decree's order, each with its way out; `current` marked."""
    return [
        {
            "name": name,
            "label": s.label,
            "who": d.roles[s.role].label if s.role else "selesai",
            "current": name == current,
            "final": s.outcome is not None,
            "out": [
                {
                    "trigger": t.trigger,
                    "label": t.title,
                    "dest": t.dest,
                    "to": d.states[t.dest].label,
                    "role": d.roles[t.role].label,
                }
                for t in d.transitions
                if name in t.source
            ],
        }
        for name, s in d.states.items()
    ]


def _colleagues(conn: Any, row: Any, d: Definition, actor: Actor) -> list[dict[str, str]]:
    """Whom this person may give the case to now: anyone holding the step's role, for the
    Kabag; only themselves (taking it), for one who holds the role."""
    role = row.acting_role
    if row.outcome is not None or not role:
        return []
    supervisor = holds(d, actor, SUPERVISOR_ROLE)
    people = []
    for r in repository.list_staff(conn, d.institution):
        target = Actor(r.nip, r.name, r.institution, r.unit_code, frozenset(r.roles))
        if r.active and holds(d, target, role) and (supervisor or r.nip == actor.nip):
            people.append({"nip": r.nip, "name": r.name})
    return people


def _trigger_info(d: Definition) -> dict[str, dict[str, Any]]:
    """Per trigger: its label, and whether it sends the berkas back to the applicant for
    completion (`Definition.sends_back`), for which the page asks a reason: the step is
    refused without one."""
    info = {OPEN_TRIGGER: {"label": "Berkas diterima, permohonan dibuka", "sends_back": False}}
    for t in d.transitions:
        info[t.trigger] = {"label": t.title, "sends_back": d.sends_back(t.trigger)}
    return info


def case_page(engine: Engine, ref: str, nip: str, now: datetime) -> dict[str, Any]:
    """Everything the case page shows to `nip`: the case, what they may do now and what
    is blocked (why), whom they may give it to, its history with alerts, its diagram."""
    with reading(engine) as conn:
        row, d, actor = _visible(conn, ref, nip)
        colleagues = _colleagues(conn, row, d, actor)
    summary = case_summary(engine, ref, now, actor.nip)
    may_cancel = row.outcome is None and any(
        holds(d, actor, r) for r in (row.acting_role, SUPERVISOR_ROLE) if r
    )
    return {
        "case": summary,
        "triggers": _trigger_info(d),
        "colleagues": colleagues,
        "may_cancel": may_cancel,
        "may_check": may_tick(d, row, actor),
        "history": case_history(engine, ref),
        "diagram": _diagram(d, row.state),
        "variant_label": _variant_label(d, row.variant),
        "contact": row.applicant_contact,
        "product": d.product,
        "commitment": d.sla_text(row.variant),
    }


def _variant_label(d: Definition, variant: str | None) -> str | None:
    if d.variants is None or variant is None:
        return None
    return next((o.label for o in d.variants.options if o.id == variant), variant)


def new_case_choices(engine: Engine, nip: str) -> list[dict[str, Any]]:
    """The services this person may open a case of (their unit's), with variants and
    requirements."""
    with reading(engine) as conn:
        actor = actor_for(conn, normalise_nip(nip))
    result = []
    for item in shipped():
        d = item.definition
        if not any(holds(d, actor, role) for role in openers(d)):
            continue
        variants = (
            [{"id": o.id, "label": o.label} for o in d.variants.options] if d.variants else []
        )
        result.append(
            {
                "id": d.id,
                "name": d.name,
                "unit": d.unit_code,
                "commitment": d.sla.text,
                "variant_label": d.variants.label if d.variants else None,
                "variants": variants,
                "requirements": [
                    {
                        "id": r.id,
                        "text": r.text,
                        "variants": r.variants or [],
                        "optional": r.optional,
                    }
                    for r in d.requirements
                ],
            }
        )
    return sorted(result, key=lambda s: (s["unit"], s["name"]))


def promised_completion(engine: Engine, ref: str, nip: str, now: datetime) -> datetime | None:
    """When the office promises the product: the case's deadline once its clock runs, else
    the commitment counted from `now` (a file complete at the counter)."""
    with reading(engine) as conn:
        row, d, _ = _visible(conn, ref, nip)
    if row.clock_due_at is not None:
        calendar, _ = commitment(d, row.variant)
        return row.clock_due_at.astimezone(calendar.tz)
    calendar, duration = commitment(d, row.variant)
    if duration is None:
        return None
    return due(calendar, now, duration, d.sla.rule)


def search_cases(engine: Engine, nip: str, now: datetime, text: str) -> list[dict[str, Any]]:
    """Cases of the person's institution whose reference is `text`, or whose applicant or
    organisation contains it; open and closed."""
    text = text.strip()
    if not text:
        return []
    with reading(engine) as conn:
        actor = actor_for(conn, normalise_nip(nip))
        try:
            row, _, _ = _visible(conn, text.upper(), actor.nip)
        except UnknownCase:
            row = None
    if row is not None:
        return [case_summary(engine, row.ref, now)]
    return case_list(engine, now, institution=actor.institution, applicant=text)[:200]


def workflows_in_use(institution: str) -> list[dict[str, Any]]:
    """The institution's workflows: service, unit, version, commitment and calendar."""
    from sla import load_calendar

    rows = []
    for item in shipped():
        d = item.definition
        if d.institution == institution:
            calendar = load_calendar(d.sla.calendar)
            rows.append(
                {
                    "id": d.id,
                    "name": d.name,
                    "unit": d.unit_code,
                    "version": d.version,
                    "commitment": d.sla.text,
                    "calendar": calendar.name,
                    "zone": str(calendar.tz),
                }
            )
    return sorted(rows, key=lambda r: (r["unit"], r["name"]))


def open_at_counter(
    engine: Engine,
    service: str,
    applicant: Applicant,
    nip: str,
    now: datetime,
    *,
    variant: str | None,
    brought: list[str],
    request_id: str,
) -> str:
    """Open a case and tick the requirements already brought (those of its variant)."""
    ref = open_case(engine, service, applicant, nip, now, variant=variant, request_id=request_id)
    d = shipped_by_id(service).definition
    own = {r.id for r in d.requirements_for(variant)}
    ticked = [i for i in brought if i in own]
    if ticked:
        check_requirements(engine, ref, ticked, nip, now, request_id=f"{request_id}:centang")
    return ref
