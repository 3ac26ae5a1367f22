"""Tugas (the worklist) and Cari (search)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse

from app.pages import search_cases
from app.queries import worklist_sections
from app.signin import Session
from web.auth import active, clock_now, engine_of
from web.render import page

router = APIRouter()

SECTION_TITLES = {
    "untuk_saya": "Untuk saya",
    "bagian_saya": "Bagian saya",
    "menunggu_pemohon": "Menunggu pemohon",
}


@router.get("/")
async def home(session: Session = Depends(active)) -> Response:
    return RedirectResponse("/tugas", status_code=303)


@router.get("/tugas")
def worklist_page(request: Request, session: Session = Depends(active)) -> Response:
    sections = worklist_sections(engine_of(request), session.person.nip, clock_now(request))
    return page(request, "tugas.html", sections=sections, titles=SECTION_TITLES)


@router.get("/cari")
def search_page(request: Request, q: str = "", session: Session = Depends(active)) -> Response:
    found = search_cases(engine_of(request), session.person.nip, clock_now(request), q[:200])
    return page(request, "cari.html", q=q, found=found)
