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
from web.api.deps import Acting, ActingDep, IdempotencyKey
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
        min_length=1, max_length=40, description="Nomor registrasi.",
        examples=["PKL-PBJ-2026-000001"],
    ),
]  # fmt: skip


def _summary(who: Acting, ref: str) -> dict[str, Any]:
    return case_summary(who.engine, ref, who.clock(), who.nip)


def _visible(who: Acting, ref: str) -> None:
    require_case_visible(who.engine, ref, who.actor)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CaseSummary)
def open_(body: OpenRequest, who: ActingDep, key: IdempotencyKey = None) -> dict[str, Any]:
    """Catat permohonan baru (berkas diterima); sama dengan `alur case open`."""
    applicant = Applicant(body.applicant, body.org, body.contact)
    at = body.at.replace(microsecond=0) if body.at else None
    ref = open_case(
        who.engine, body.service, applicant, who.nip, who.clock, variant=body.variant, at=at,
        request_id=key,
    )  # fmt: skip
    return _summary(who, ref)


@router.get("/{ref}", response_model=CaseSummary)
def show(ref: Ref, who: ActingDep) -> dict[str, Any]:
    """Keadaan satu permohonan: tahap, pemegang, tenggat, status, langkah yang dapat diambil."""
    _visible(who, ref)
    return _summary(who, ref)


@router.post("/{ref}/advance", response_model=AdvanceResult)
def advance(
    ref: Ref, body: AdvanceRequest, who: ActingDep, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Lanjutkan permohonan dengan satu langkah alur; sama dengan `alur case advance`."""
    _visible(who, ref)
    at = body.at.replace(microsecond=0) if body.at else None
    state = advance_case(
        who.engine, ref, body.trigger, who.nip, who.clock, note=body.note, at=at,
        expect_rev=body.expect_version, request_id=key,
    )  # fmt: skip
    return {"ref": ref, "state": state, "case": _summary(who, ref)}


def _tick(use: Any, ref: str, body: ChecklistRequest, who: Acting, key: str | None) -> dict:
    _visible(who, ref)
    missing = use(who.engine, ref, body.requirements, who.nip, who.clock, reason=body.reason,
                  request_id=key)  # fmt: skip
    return {"ref": ref, "missing": missing}


@router.post("/{ref}/check", response_model=ChecklistResult)
def check(
    ref: Ref, body: ChecklistRequest, who: ActingDep, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Centang persyaratan yang sudah diterima."""
    return _tick(check_requirements, ref, body, who, key)


@router.post("/{ref}/uncheck", response_model=ChecklistResult)
def uncheck(
    ref: Ref, body: ChecklistRequest, who: ActingDep, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Hapus centang persyaratan (koreksi; alasan wajib)."""
    return _tick(uncheck_requirements, ref, body, who, key)


@router.post("/{ref}/assign", response_model=AssignResult)
def assign(
    ref: Ref, body: AssignRequest, who: ActingDep, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Disposisi: serahkan permohonan kepada pegawai tertentu (Kabag, atau diri sendiri)."""
    _visible(who, ref)
    name = assign_case(who.engine, ref, body.assignee, who.nip, who.clock, request_id=key)
    return {"ref": ref, "assignee": body.assignee, "assignee_name": name}


@router.post("/{ref}/cancel", response_model=CancelResult)
def cancel(
    ref: Ref, body: CancelRequest, who: ActingDep, key: IdempotencyKey = None
) -> dict[str, Any]:
    """Batalkan permohonan, dengan alasan."""
    _visible(who, ref)
    cancel_case(who.engine, ref, who.nip, who.clock, reason=body.reason, request_id=key)
    return {"ref": ref, "outcome": "dibatalkan"}


@router.get("/{ref}/history", response_model=list[HistoryEntry])
def history(ref: Ref, who: ActingDep) -> list[dict[str, Any]]:
    """Log audit permohonan, berurutan, dengan peringatan SLA di antaranya."""
    _visible(who, ref)
    return case_history(who.engine, ref)
