"""Permohonan: the case page and its actions, a new case, and its tanda terima.

Every action is one use case called with the form's hidden `request_id`, so a double
submit acts once; each ends in a redirect back to the case with what happened."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request, Response

from app.cases import Applicant, advance_case
from app.checklist import check_requirements, uncheck_requirements
from app.lifecycle import assign_case, cancel_case
from app.pages import case_page, new_case_choices, open_at_counter, promised_completion
from app.signin import Session
from web.auth import active, clock_now, engine_of
from web.render import page, redirect

router = APIRouter()


def _back(request: Request, ref: str, message: str) -> Response:
    return redirect(request, f"/permohonan/{ref}", message)


@router.get("/permohonan/{ref}")
def case_view(request: Request, ref: str, session: Session = Depends(active)) -> Response:
    data = case_page(engine_of(request), ref, session.person.nip, clock_now(request))
    return page(request, "permohonan.html", **data)


@router.post("/permohonan/{ref}/langkah")
def step(
    request: Request,
    ref: str,
    trigger: str = Form(...),
    note: str = Form(""),
    request_id: str = Form(...),
    session: Session = Depends(active),
) -> Response:
    advance_case(
        engine_of(request),
        ref,
        trigger,
        session.person.nip,
        clock_now(request),
        note=note or None,
        request_id=request_id,
    )
    return _back(request, ref, "Langkah tercatat")


@router.post("/permohonan/{ref}/centang")
async def tick(
    request: Request,
    ref: str,
    request_id: str = Form(...),
    reason: str = Form(""),
    untick: str = Form(""),
    session: Session = Depends(active),
) -> Response:
    form = await request.form()
    ids = [str(v) for v in form.getlist("item")]
    engine, now, nip = engine_of(request), clock_now(request), session.person.nip
    if untick:
        missing = uncheck_requirements(
            engine, ref, ids, nip, now, reason=reason or None, request_id=request_id
        )
    else:
        missing = check_requirements(engine, ref, ids, nip, now, request_id=request_id)
    left = f"; belum lengkap: {len(missing)} persyaratan" if missing else "; persyaratan lengkap"
    return _back(request, ref, ("Centang dihapus" if untick else "Persyaratan dicentang") + left)


@router.post("/permohonan/{ref}/disposisi")
def assign(
    request: Request,
    ref: str,
    assignee: str = Form(...),
    request_id: str = Form(...),
    session: Session = Depends(active),
) -> Response:
    name = assign_case(
        engine_of(request),
        ref,
        assignee,
        session.person.nip,
        clock_now(request),
        request_id=request_id,
    )
    return _back(request, ref, f"Disposisi kepada {name} tercatat")


@router.post("/permohonan/{ref}/batal")
def cancel(
    request: Request,
    ref: str,
    reason: str = Form(""),
    request_id: str = Form(...),
    session: Session = Depends(active),
) -> Response:
    cancel_case(
        engine_of(request),
        ref,
        session.person.nip,
        clock_now(request),
        reason=reason,
        request_id=request_id,
    )
    return _back(request, ref, "Permohonan dibatalkan")


@router.get("/permohonan-baru")
def new_form(
    request: Request, layanan: str = "", variant: str = "", session: Session = Depends(active)
) -> Response:
    """Pick a service, then its form; the requirements shown are the chosen variant's (the
    first variant's until one is chosen; HTMX swaps them when the choice changes)."""
    services = new_case_choices(engine_of(request), session.person.nip)
    chosen = next((s for s in services if s["id"] == layanan), None)
    if chosen and chosen["variants"] and variant not in [v["id"] for v in chosen["variants"]]:
        variant = chosen["variants"][0]["id"]
    return page(request, "baru.html", services=services, chosen=chosen, variant=variant)


@router.post("/permohonan-baru")
async def new_submit(
    request: Request,
    service: str = Form(...),
    applicant: str = Form(""),
    org: str = Form(""),
    contact: str = Form(""),
    variant: str = Form(""),
    request_id: str = Form(...),
    session: Session = Depends(active),
) -> Response:
    form = await request.form()
    brought = [str(v) for v in form.getlist("item")]
    who = Applicant(applicant, org or None, contact or None)
    ref = open_at_counter(
        engine_of(request),
        service,
        who,
        session.person.nip,
        clock_now(request),
        variant=variant or None,
        brought=brought,
        request_id=request_id,
    )
    return redirect(request, f"/permohonan/{ref}/tanda-terima", f"Permohonan {ref} terdaftar")


@router.get("/permohonan/{ref}/tanda-terima")
def receipt(request: Request, ref: str, session: Session = Depends(active)) -> Response:
    engine, now, nip = engine_of(request), clock_now(request), session.person.nip
    data = case_page(engine, ref, nip, now)
    promised = promised_completion(engine, ref, nip, now)
    return page(request, "tanda_terima.html", promised=promised, **data)
