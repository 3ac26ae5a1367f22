"""Admin: the staff directory (add, change roles, deactivate, reset a password), the
outbox with retry, the workflows and calendars in use. Every action is refused by the use
case itself unless the person holds the `admin` role of the institution concerned."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request, Response

from app.accounts import directory, require_admin, reset_password
from app.pages import workflows_in_use
from app.signin import Session
from app.staff import deactivate_staff, save_staff_member
from monitor.admin import admin_outbox, admin_retry
from web.auth import active, clock_now, engine_of
from web.render import page, redirect

router = APIRouter()


def _admin(request: Request, nip: str, temporary: dict[str, str] | None = None) -> Response:
    """The admin page; with `temporary`, a reset password shown this once."""
    engine = engine_of(request)
    who = require_admin(engine, nip)
    return page(
        request,
        "admin.html",
        staff=directory(engine, nip),
        outbox=admin_outbox(engine, nip),
        workflows=workflows_in_use(who.institution),
        temporary=temporary,
    )


@router.get("/admin")
def admin_page(request: Request, session: Session = Depends(active)) -> Response:
    return _admin(request, session.person.nip)


@router.post("/admin/pegawai")
def save_member(
    request: Request,
    nip: str = Form(""),
    name: str = Form(""),
    unit: str = Form(""),
    roles: str = Form(""),
    session: Session = Depends(active),
) -> Response:
    entry = {
        "nip": nip,
        "name": name.strip(),
        "institution": session.person.institution,
        "unit": unit.strip().upper(),
        "roles": roles.replace(",", " ").split(),
    }
    diff = save_staff_member(engine_of(request), entry, session.person.nip, clock_now(request))
    what = "ditambahkan" if diff["added"] else "diperbarui"
    saved = (diff["added"] or list(diff["changed"]) or [entry["nip"]])[0]
    return redirect(request, "/admin", f"Pegawai {saved} {what}")


@router.post("/admin/pegawai/{target}/nonaktifkan")
def deactivate(request: Request, target: str, session: Session = Depends(active)) -> Response:
    deactivate_staff(engine_of(request), target, session.person.nip, clock_now(request))
    return redirect(request, "/admin", f"Pegawai {target} dinonaktifkan")


@router.post("/admin/pegawai/{target}/sandi")
def reset(request: Request, target: str, session: Session = Depends(active)) -> Response:
    nip = session.person.nip
    temporary = reset_password(engine_of(request), target, nip, clock_now(request))
    return _admin(request, nip, {"nip": target, "password": temporary})


@router.post("/admin/outbox/{ident}/ulang")
def retry(request: Request, ident: int, session: Session = Depends(active)) -> Response:
    admin_retry(engine_of(request), ident, session.person.nip, clock_now(request))
    return redirect(request, "/admin", f"Pesan {ident} dijadwalkan untuk dikirim ulang")
