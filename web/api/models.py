"""The API's request and response bodies: the OpenAPI document is built from these.

Responses mirror the dicts of the use cases (`app.queries`, `reports`), which are also the
command line's `--format json`; times are ISO 8601 in the office's own zone. Statuses are
codes (`on_track`, `at_risk`, `breached`, `not_started`, `none`) beside their words.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from engine.limits import NAME_MAX, NOTE_MAX

__all__ = [
    "AdvanceRequest",
    "AdvanceResult",
    "AssignRequest",
    "AssignResult",
    "BreachItem",
    "Breaches",
    "CancelRequest",
    "CancelResult",
    "CaseSummary",
    "ChecklistRequest",
    "ChecklistResult",
    "Compliance",
    "Error",
    "HistoryEntry",
    "OpenRequest",
    "WorklistItem",
    "WorkloadRow",
]

Name = Field(min_length=1, max_length=NAME_MAX)
Note = Field(None, max_length=NOTE_MAX)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Error(BaseModel):
    """Every refusal: one line in Bahasa Indonesia naming what and where."""

    detail: str = Field(examples=["permohonan 'PKL-PBJ-2026-000009' tidak ditemukan"])


class OpenRequest(_Request):
    service: str = Field(
        min_length=1, max_length=120, examples=["pekalongan-pbj-penerbitan-pembayaran"]
    )
    applicant: str = Name
    org: str | None = Field(None, max_length=NAME_MAX)
    contact: str | None = Field(None, max_length=NAME_MAX)
    variant: str | None = Field(None, max_length=120, examples=["barang"])
    at: AwareDatetime | None = Field(None, description="When the berkas was received.")


class AdvanceRequest(_Request):
    trigger: str = Field(min_length=1, max_length=60, examples=["serahkan_ke_verifikator"])
    note: str | None = Field(
        None,
        max_length=NOTE_MAX,
        description="Required, the reason, when the step sends the berkas back to the applicant.",
    )
    at: AwareDatetime | None = Field(None, description="When the step happened on paper.")
    expect_version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Refused (409) if the case's version differs."
    )


class ChecklistRequest(_Request):
    requirements: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field(
        min_length=1, max_length=100, examples=[["rup", "hps"]]
    )
    reason: str | None = Note


class AssignRequest(_Request):
    assignee: str = Field(min_length=1, max_length=40, description="NIP of the recipient.")


class CancelRequest(_Request):
    reason: str = Field(min_length=1, max_length=NOTE_MAX)


class ChecklistItem(BaseModel):
    id: str
    text: str
    done: bool
    optional: bool


class Blocked(BaseModel):
    trigger: str
    reason: str


class CaseSummary(BaseModel):
    """One case as staff read it: where it is, who holds it, its deadline and status, the
    steps the token's owner may take now and those blocked (with why), its checklist."""

    ref: str
    service: str
    service_name: str
    institution: str
    unit: str
    state: str
    state_label: str
    role: str | None
    role_label: str | None
    assignee: str | None
    holder: str | None
    waiting_on_applicant: bool
    outcome: str | None
    version: int
    workflow_version: int
    variant: str | None
    applicant: str
    org: str | None
    received_at: str
    sla: str
    due: str | None
    step_due: str | None
    deadline: str | None
    deadline_of: str
    case_status: str
    step_status: str | None
    step_detail: str | None
    paused: bool
    sla_status: str
    sla_status_label: str
    sla_detail: str
    as_of: str | None = None
    allowed_triggers: list[str] = []
    blocked: list[Blocked] = []
    checklist: list[ChecklistItem] = []


class WorklistItem(CaseSummary):
    section: Literal["untuk_saya", "bagian_saya", "menunggu_pemohon"]


class AdvanceResult(BaseModel):
    ref: str
    state: str = Field(description="The state the step moved the case to.")
    case: CaseSummary


class ChecklistResult(BaseModel):
    ref: str
    missing: list[str] = Field(description="Required items still not ticked.")


class AssignResult(BaseModel):
    ref: str
    assignee: str
    assignee_name: str


class CancelResult(BaseModel):
    ref: str
    outcome: Literal["dibatalkan"] = "dibatalkan"


class HistoryEntry(BaseModel):
    """An event of the audit chain (`seq`, `hash`), or an SLA alert between them."""

    seq: int | None
    kind: str
    workflow: str
    workflow_version: int
    from_state: str | None
    to_state: str
    trigger: str
    actor_nip: str
    actor_name: str
    role: str
    note: str | None
    items: list[str] | None
    effective_at: str | None
    recorded_at: str | None
    backdated: bool
    request_id: str | None
    hash: str | None


class BreachItem(BaseModel):
    ref: str
    institution: str
    unit: str
    unit_name: str
    service: str
    service_name: str
    applicant: str
    state: str
    state_label: str
    holder: str | None
    assignee: str | None
    deadline: str | None
    deadline_of: str
    status: str
    detail: str
    late_days: int
    late_seconds: int
    escalation: str | None = None
    backdated: bool = False


class Breaches(BaseModel):
    as_of: str
    late: list[BreachItem]
    at_risk: list[BreachItem]


class ServiceCompliance(BaseModel):
    service: str
    service_name: str
    institution: str
    unit: str
    unit_name: str
    commitment: str | None
    received: int
    completed: int
    on_time: int | None
    on_time_pct: float | None
    median_days: float | None
    p90_days: float | None
    paused_hours: float
    cancelled: int
    lapsed: int
    open_breaches_at_end: int
    distribution: dict[str, int] = Field(description="Completed cases by working days taken.")


class UnitCompliance(BaseModel):
    institution: str
    unit: str
    unit_name: str
    received: int
    completed: int
    on_time: int
    measured: int
    cancelled: int
    lapsed: int
    open_breaches_at_end: int
    on_time_pct: float | None


class MonthCounts(BaseModel):
    month: str
    received: int
    completed: int
    on_time: int


class WeekBreaches(BaseModel):
    week: str
    breaches: int


class Compliance(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    services: list[ServiceCompliance]
    without_commitment: list[ServiceCompliance]
    units: list[UnitCompliance]
    months: list[MonthCounts]
    weeks: list[WeekBreaches]


class WorkloadRow(BaseModel):
    institution: str
    unit: str
    holder: str
    nip: str | None
    unassigned: bool
    open: int
    at_risk: int
    late: int
