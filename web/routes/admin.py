"""Admin: the staff directory (add, change roles, deactivate, reset a password), the
outbox with retry, the workflows and calendars in use. Every action is refused by the use
case itself unless the person holds the `admin` role of the institution concerned.

Every action answers with a redirect to the admin page (POST/redirect/GET), so reloading
the page never repeats it. A reset password is carried to that page in a short-lived
cookie for /admin only, sealed with the admin's session (a cookie of another session is
ignored), and shown once: the page that shows it deletes the cookie and is not cached.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, Form, Request, Response

from app.accounts import directory, require_admin, reset_password
from app.pages import workflows_in_use
from app.signin import Session
from app.staff import deactivate_staff, save_staff_member
from monitor.admin import admin_outbox, admin_retry
from web.auth import active, clock_now, engine_of, set_cookie
from web.render import page, redirect

router = APIRouter()

TEMPORARY = "alur_sandi_sementara"  # the cookie carrying a reset password to /admin once
_TEMPORARY_SECONDS = 300  # long enough for the redirect, not for a forgotten tab


def _seal(session: Session, target: str, password: str) -> str:
    text = f"{target}\n{password}"
    mac = hmac.new(session.csrf.encode(), text.encode(), hashlib.sha256).hexdigest()
    return f"{quote(text)}.{mac}"


def _unseal(session: Session, value: str | None) -> dict[str, str] | None:
    """The reset password a cookie of this session carries, or None."""
    quoted, _, mac = (value or "").rpartition(".")
    text = unquote(quoted)
    expected = hmac.new(session.csrf.encode(), text.encode(), hashlib.sha256).hexdigest()
    if not quoted or not hmac.compare_digest(mac, expected):
        return None
    target, _, password = text.partition("\n")
    return {"nip": target, "password": password}


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
    carried = request.cookies.get(TEMPORARY)
    temporary = _unseal(session, carried)
    response = _admin(request, session.person.nip, temporary)
    if carried is not None:
        response.delete_cookie(TEMPORARY, path="/admin")
    if temporary is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


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
    temporary = reset_password(engine_of(request), target, session.person.nip, clock_now(request))
    response = redirect(request, "/admin")
    sealed = _seal(session, target, temporary)
    set_cookie(request, response, TEMPORARY, sealed, path="/admin", max_age=_TEMPORARY_SECONDS)
    return response


@router.post("/admin/outbox/{ident}/ulang")
def retry(request: Request, ident: int, session: Session = Depends(active)) -> Response:
    admin_retry(engine_of(request), ident, session.person.nip, clock_now(request))
    return redirect(request, "/admin", f"Pesan {ident} dijadwalkan untuk dikirim ulang")
