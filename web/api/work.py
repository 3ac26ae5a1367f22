"""`/worklist` and `/reports/…`: a person's work, and the reports a supervisor oversees
(`app.access.report_scope`: the same scope as the *Pengawasan* page)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.access import report_scope
from app.queries import worklist
from reports.breaches import breaches
from reports.compliance import compliance
from reports.period import report_period
from reports.workload import workload
from web.api.deps import ActingDep
from web.api.errors import ApiRoute
from web.api.models import Breaches, Compliance, WorklistItem, WorkloadRow

__all__ = ["router"]

router = APIRouter(route_class=ApiRoute)

Institution = Annotated[
    str | None,
    Query(max_length=40, description="Hanya instansi pemilik token (default: instansi itu)."),
]
Unit = Annotated[str | None, Query(max_length=10, description="Kode bagian, mis. PBJ.")]
Service = Annotated[str | None, Query(max_length=120, description="Id layanan.")]


@router.get("/worklist", response_model=list[WorklistItem], tags=["tugas"])
def get_worklist(
    who: ActingDep,
    limit: Annotated[
        int | None,
        Query(ge=1, le=10_000, description="Paling banyak sekian, yang paling mendesak."),
    ] = None,
) -> list[dict[str, Any]]:
    """Permohonan yang menunggu pemilik token: untuk saya, bagian saya, menunggu pemohon;
    paling mendesak dulu di tiap bagian (sama dengan `alur queue`)."""
    return worklist(who.engine, who.nip, who.clock(), limit=limit)


@router.get("/reports/breaches", response_model=Breaches, tags=["laporan"])
def get_breaches(
    who: ActingDep, institution: Institution = None, unit: Unit = None, service: Service = None
) -> dict[str, Any]:
    """Permohonan terbuka yang melewati tenggat, dan yang berisiko."""
    scope, unit = report_scope(who.engine, who.nip, institution, unit)
    return breaches(who.engine, who.clock(), institution=scope, unit=unit, service=service)


@router.get("/reports/compliance", response_model=Compliance, tags=["laporan"])
def get_compliance(
    who: ActingDep,
    quarter: Annotated[str | None, Query(max_length=10, examples=["2026Q1"])] = None,
    start: Annotated[
        str | None, Query(alias="from", max_length=10, examples=["2026-01-01"])
    ] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10, examples=["2026-03-31"])] = None,
    institution: Institution = None,
    unit: Unit = None,
    service: Service = None,
) -> dict[str, Any]:
    """Kepatuhan terhadap standar waktu dalam satu triwulan (`quarter`), atau dari `from`
    sampai `to` (tanggal TTTT-BB-HH, termasuk)."""
    scope, unit = report_scope(who.engine, who.nip, institution, unit)
    first, after = report_period(quarter, start, end)
    return compliance(who.engine, first, after, institution=scope, unit=unit, service=service)


@router.get("/reports/workload", response_model=list[WorkloadRow], tags=["laporan"])
def get_workload(
    who: ActingDep, institution: Institution = None, unit: Unit = None
) -> list[dict[str, Any]]:
    """Beban kerja: permohonan terbuka per pemegang (orang, atau peran bila belum disposisi)."""
    scope, unit = report_scope(who.engine, who.nip, institution, unit)
    return workload(who.engine, who.clock(), institution=scope, unit=unit)
