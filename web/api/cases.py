"""`/cases`: open, show, advance, tick, untick, assign, cancel, history.

Each endpoint calls the same use case as the command line (`app.cases`, `app.checklist`,
`app.lifecycle`, `app.queries`) as the token's owner; a case of another institution is
answered as not found before anything else (`app.access`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, status

from app.access import require_case_visible
from app.cases import Applicant, advance_case, open_case
from app.checklist import check_requirements, uncheck_requirements
from app.lifecycle import assign_case, cancel_case
from app.queries import case_history, case_summary
from web.api.deps import ActorDep, Clock, ClockDep, EngineDep, IdempotencyKey
from web.api.errors import ApiRoute
from web.api.models import (
    AdvanceRequest,
    AdvanceResult,
    AssignRequest,
    AssignResult,
    CancelRequest,
    CancelResult,
    CaseSummary,
    ChecklistRequest,
    ChecklistResult,
    HistoryEntry,
    OpenRequest,
)

__all__ = ["router"]

router = APIRouter(prefix="/cases", tags=["permohonan"], route_class=ApiRoute)

Ref = Annotated[
    str,
    Path(
        min_length=1,
        max_length=40,
        description="Nomor registrasi.",
        examples=["PKL-PBJ-2026-000001"],
    ),
]


def _summary(engine: Any, ref: str, clock: Clock, nip: str) -> dict[str, Any]:
    return case_summary(engine, ref, clock(), nip)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CaseSummary)
def open_(
    body: OpenRequest,
    actor: ActorDep,
    engine: EngineDep,
    clock: ClockDep,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    """Catat permohonan baru (berkas diterima); sama dengan `alur case open`."""
    applicant = Applicant(body.applicant, body.org, body.contact)
    at = body.at.replace(microsecond=0) if body.at else None
    ref = open_case(
        engine, body.service, applicant, actor.nip, clock, variant=body.variant, at=at,
        request_id=key,
    )  # fmt: skip
    return _summary(engine, ref, clock, actor.nip)


@router.get("/{ref}", response_model=CaseSummary)
def show(ref: Ref, actor: ActorDep, engine: EngineDep, clock: ClockDep) -> dict[str, Any]:
    """Keadaan satu permohonan: tahap, pemegang, tenggat, status, langkah yang dapat diambil."""
    require_case_visible(engine, ref, actor)
    return _summary(engine, ref, clock, actor.nip)


@router.post("/{ref}/advance", response_model=AdvanceResult)
def advance(
    ref: Ref, body: AdvanceRequest, actor: ActorDep, engine: EngineDep, clock: ClockDep,
    key: IdempotencyKey = None,
) -> dict[str, Any]:  # fmt: skip
    """Lanjutkan permohonan dengan satu langkah alur; sama dengan `alur case advance`."""
    require_case_visible(engine, ref, actor)
    at = body.at.replace(microsecond=0) if body.at else None
    state = advance_case(
        engine, ref, body.trigger, actor.nip, clock, note=body.note, at=at,
        expect_rev=body.expect_version, request_id=key,
    )  # fmt: skip
    return {"ref": ref, "state": state, "case": _summary(engine, ref, clock, actor.nip)}


@router.post("/{ref}/check", response_model=ChecklistResult)
def check(
    ref: Ref, body: ChecklistRequest, actor: ActorDep, engine: EngineDep, clock: ClockDep,
    key: IdempotencyKey = None,
) -> dict[str, Any]:  # fmt: skip
    """Centang persyaratan yang sudah diterima."""
    require_case_visible(engine, ref, actor)
    missing = check_requirements(
        engine, ref, body.requirements, actor.nip, clock, reason=body.reason, request_id=key
    )
    return {"ref": ref, "missing": missing}


@router.post("/{ref}/uncheck", response_model=ChecklistResult)
def uncheck(
    ref: Ref, body: ChecklistRequest, actor: ActorDep, engine: EngineDep, clock: ClockDep,
    key: IdempotencyKey = None,
) -> dict[str, Any]:  # fmt: skip
    """Hapus centang persyaratan (koreksi; alasan wajib)."""
    require_case_visible(engine, ref, actor)
    missing = uncheck_requirements(
        engine, ref, body.requirements, actor.nip, clock, reason=body.reason, request_id=key
    )
    return {"ref": ref, "missing": missing}


@router.post("/{ref}/assign", response_model=AssignResult)
def assign(
    ref: Ref, body: AssignRequest, actor: ActorDep, engine: EngineDep, clock: ClockDep,
    key: IdempotencyKey = None,
) -> dict[str, Any]:  # fmt: skip
    """Disposisi: serahkan permohonan kepada pegawai tertentu (Kabag, atau diri sendiri)."""
    require_case_visible(engine, ref, actor)
    name = assign_case(engine, ref, body.assignee, actor.nip, clock, request_id=key)
    return {"ref": ref, "assignee": body.assignee, "assignee_name": name}


@router.post("/{ref}/cancel", response_model=CancelResult)
def cancel(
    ref: Ref, body: CancelRequest, actor: ActorDep, engine: EngineDep, clock: ClockDep,
    key: IdempotencyKey = None,
) -> dict[str, Any]:  # fmt: skip
    """Batalkan permohonan, dengan alasan."""
    require_case_visible(engine, ref, actor)
    cancel_case(engine, ref, actor.nip, clock, reason=body.reason, request_id=key)
    return {"ref": ref, "outcome": "dibatalkan"}


@router.get("/{ref}/history", response_model=list[HistoryEntry])
def history(ref: Ref, actor: ActorDep, engine: EngineDep) -> list[dict[str, Any]]:
    """Log audit permohonan, berurutan, dengan peringatan SLA di antaranya."""
    require_case_visible(engine, ref, actor)
    return case_history(engine, ref)
