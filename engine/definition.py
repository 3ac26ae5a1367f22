"""A workflow definition: one service's Standar Pelayanan as data.

A definition is immutable and shared by every case that runs on it. It is the
*spec*; a case (see `engine.case`) only names the definition's id and version.

The YAML files under `workflows/` are validated against these models (unknown
keys are refused). The graph checks that need more than one field at a time
(reachability, declared roles, guards) live in `engine.checks`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=120)]
CalendarRef = Annotated[
    str,
    StringConstraints(
        pattern=r"^([a-z0-9][a-z0-9-]*|[A-Za-z0-9_.][A-Za-z0-9_./-]*\.ya?ml)$", max_length=200
    ),
]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]

__all__ = [
    "GUARDS",
    "GUARD_LABELS",
    "ComplaintChannel",
    "Complaints",
    "Definition",
    "Outcome",
    "Requirement",
    "Role",
    "RoleScope",
    "Sla",
    "Source",
    "State",
    "Transition",
    "Variant",
    "Variants",
]

GUARDS: dict[str, str] = {
    "requirements_complete": "persyaratan wajib belum lengkap",
}
"""The fixed guard vocabulary: name -> what staff read when it does not hold.

The phrase is followed by what is missing, e.g. ``persyaratan wajib belum
lengkap: rup, hps``. `requirements_complete` holds when every required item
for the case's variant is ticked; optional items are never missing.
"""

GUARD_LABELS: dict[str, str] = {
    "requirements_complete": "persyaratan wajib lengkap",
}
"""What each guard requires, as a diagram's edge says it."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(_Model):
    """Where in which decree the service is written."""

    decree: str = Field(description="Decree title and number, as written.")
    section: str = Field(description="Where in the decree (Lampiran, Bagian, page).")
    url: str | None = None


class Variant(_Model):
    id: Slug
    label: str


class Variants(_Model):
    """One dimension along which a service differs (procurement method, channel, work type)."""

    label: str = Field(description="What the variants are, e.g. 'Metode Pengadaan'.")
    options: list[Variant] = Field(min_length=2)


class Requirement(_Model):
    """One Persyaratan item; `variants` limits it to some sub-types (default: all)."""

    id: Slug
    text: str
    variants: list[Slug] | None = None
    optional: bool = False


class RoleScope(StrEnum):
    UNIT = "unit"  # held by staff of the service's own Bagian
    INSTITUTION = "institution"  # held anywhere in the institution (Sekda, Asisten, Walikota)


class Role(_Model):
    label: str
    scope: RoleScope = RoleScope.UNIT
    applicant: bool = Field(
        False, description="The applicant's side (pemohon, PD): steps recorded on its behalf."
    )
    recorded_by: Name | None = Field(
        None, description="For an applicant role: the staff role that records its steps."
    )


class Outcome(StrEnum):
    SELESAI = "selesai"
    DITOLAK = "ditolak"
    DIBATALKAN = "dibatalkan"
    GUGUR = "gugur"  # waited on the applicant longer than `sla.lapse_after`


class State(_Model):
    label: str = Field(
        description=(
            "The step the case waits for here and who takes it (not the step that led here),"
            " in Bahasa Indonesia."
        )
    )
    role: Name | None = Field(None, description="Who must act next; none for terminal states.")
    outcome: Outcome | None = Field(None, description="Set on terminal states only.")
    sla: str | None = Field(None, description="A step commitment where the decree gives one.")


_STATE_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "maxLength": 60}
_ONE_OR_MANY_STATES = {
    "anyOf": [_STATE_NAME, {"type": "array", "items": _STATE_NAME, "minItems": 1}],
    "description": "One state, or a list of states.",
}


class Transition(_Model):
    trigger: Name
    source: Annotated[list[Name], WithJsonSchema(_ONE_OR_MANY_STATES)] = Field(alias="from")
    dest: Name = Field(alias="to")
    role: Name
    label: str | None = None
    guards: list[str] = Field(default_factory=list)
    distinct_from: list[Name] = Field(
        default_factory=list,
        description="Four-eyes: triggers whose last actor on the case may not fire this one.",
    )
    sends_back: bool | None = Field(
        None,
        description="Whether the step returns the berkas to the applicant to be completed or "
        "corrected, which needs a reason. Default: read from the structure (into a state of "
        "sla.pauses_in, from which the case can come back to where it was).",
    )

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @property
    def title(self) -> str:
        """The step as staff read it: its label, or its trigger where the file gives none."""
        return self.label or self.trigger


class Sla(_Model):
    """The completion commitment and how the clock runs over the steps."""

    text: str = Field(description="As written in the decree; 'tidak ditetapkan' = no commitment.")
    calendar: CalendarRef = Field(
        description="A calendar's name (shipped or on the calendar path), or a .yaml file "
        "relative to the workflow file."
    )
    rule: str = Field("end_of_day", pattern=r"^(end_of_day|same_time)$")
    starts_in: Name | None = Field(None, description="Entering this state starts the clock.")
    pauses_in: list[Name] = Field(default_factory=list)
    resets_on: list[Name] = Field(default_factory=list, description="Triggers restarting it.")
    stops_in: list[Name] = Field(default_factory=list, description="Default: terminal states.")
    variants: dict[Slug, str] = Field(default_factory=dict, description="Per-variant text.")
    at_risk: float = Field(0.75, gt=0, lt=1)
    lapse_after: str | None = Field(
        None,
        description="A case waiting on the applicant longer than this (e.g. '14 hari kerja') "
        "is closed as gugur; default: never.",
    )


class ComplaintChannel(_Model):
    kind: str = Field(description="telepon, email, website, sms, whatsapp, kotak saran, langsung…")
    value: str


class Complaints(_Model):
    channels: list[ComplaintChannel] = Field(default_factory=list)
    officer: str | None = Field(None, description="Pejabat pengaduan, as written.")
    escalation: list[str] = Field(
        default_factory=list, description="Who handles it, in order (petugas -> Kabag -> ...)."
    )


class Definition(_Model):
    """One Jenis Pelayanan."""

    id: Slug
    version: int = Field(ge=1)
    institution: Slug
    institution_code: str = Field(pattern=r"^[A-Z]{2,5}$")
    unit: str
    unit_code: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,9}$")
    name: str
    source: Source
    legal_basis: list[str] = Field(default_factory=list)
    product: str
    fee: str
    variants: Variants | None = None
    requirements: list[Requirement] = Field(default_factory=list)
    opened_by: list[Name] | None = Field(
        None,
        description="Staff roles that may open a case; default: the initial step's role and "
        "the front desk (petugas).",
    )
    requirements_checked_by: list[Name] = Field(
        default_factory=list,
        description="Roles that may tick Persyaratan at any step, besides the current step's.",
    )
    roles: dict[Name, Role]
    initial: Name
    states: dict[Name, State]
    transitions: list[Transition] = Field(min_length=1)
    sla: Sla
    supervisor: str
    complaints: Complaints = Complaints()  # frozen, so one shared default is safe
    notes: list[str] = Field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    def terminal_states(self) -> list[str]:
        return [name for name, state in self.states.items() if state.outcome is not None]

    @cached_property
    def stop_states(self) -> frozenset[str]:
        """States whose entry stops the SLA clock: `sla.stops_in` and every terminal state."""
        return frozenset(self.sla.stops_in) | frozenset(self.terminal_states())

    def sends_back(self, trigger: str) -> bool:
        """Whether `trigger` sends the berkas back to the applicant to be completed or
        corrected, a step that needs a reason (staff must say what is missing or wrong).

        Declared on the transition (`sends_back: true` or `false`) where the structure does
        not say it; otherwise read from the structure, not from the trigger's name: the step
        leads from a state where the clock runs into one where it pauses (`sla.pauses_in`:
        the berkas is with the applicant), and from there the case can come back to the
        state it was sent from (the berkas returns). Not a send-back: a step that only waits
        on the applicant and goes on (e.g. signing an NPHD), nor the applicant's own
        resubmission, which leaves a paused state.
        """
        return trigger in self.send_back_triggers

    @cached_property
    def send_back_triggers(self) -> frozenset[str]:
        """The triggers of `sends_back`, worked out once per definition."""
        paused = frozenset(self.sla.pauses_in)
        declared = {t.trigger: t.sends_back for t in self.transitions if t.sends_back is not None}
        found = {
            t.trigger
            for t in self.transitions
            if t.dest in paused
            and not paused.issuperset(t.source)
            and not self._reachable_from(t.dest).isdisjoint(t.source)
        }
        found |= {trigger for trigger, sends in declared.items() if sends}
        return frozenset(found - {trigger for trigger, sends in declared.items() if not sends})

    def _reachable_from(self, state: str) -> set[str]:
        """Every state some path of transitions leads to from `state`."""
        seen, todo = {state}, [state]
        while todo:
            for t in self.transitions_from(todo.pop()):
                if t.dest not in seen:
                    seen.add(t.dest)
                    todo.append(t.dest)
        return seen

    def transitions_from(self, state: str) -> list[Transition]:
        return self.transitions_by_source.get(state, [])

    @cached_property
    def transitions_by_source(self) -> dict[str, list[Transition]]:
        """The transitions leaving each state, in file order (asked on every step)."""
        by_source: dict[str, list[Transition]] = {}
        for t in self.transitions:
            for state in dict.fromkeys(t.source):
                by_source.setdefault(state, []).append(t)
        return by_source

    def requirements_for(self, variant: str | None) -> list[Requirement]:
        return [
            r
            for r in self.requirements
            if r.variants is None or variant is None or variant in r.variants
        ]

    def sla_text(self, variant: str | None) -> str:
        if variant is not None and variant in self.sla.variants:
            return self.sla.variants[variant]
        return self.sla.text
