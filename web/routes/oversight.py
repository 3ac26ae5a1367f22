"""Pengawasan: the supervisors' page and its exports (xlsx, csv)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from app.signin import Session
from reports.dashboard import dashboard, dashboard_csv, dashboard_workbook
from web.auth import active, clock_now, engine_of
from web.render import page

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/pengawasan")
def oversight_page(request: Request, session: Session = Depends(active)) -> Response:
    data = dashboard(engine_of(request), session.person.nip, clock_now(request))
    return page(request, "pengawasan.html", **data)


@router.get("/pengawasan/pengawasan.xlsx")
def oversight_xlsx(request: Request, session: Session = Depends(active)) -> Response:
    body = dashboard_workbook(engine_of(request), session.person.nip, clock_now(request))
    return Response(
        body,
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="pengawasan.xlsx"'},
    )


@router.get("/pengawasan/terlambat.csv")
def oversight_csv(request: Request, session: Session = Depends(active)) -> Response:
    body = dashboard_csv(engine_of(request), session.person.nip, clock_now(request))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="terlambat.csv"'},
    )
