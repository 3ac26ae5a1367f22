"""Masuk (sign-in), keluar (sign-out) and the password change page."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Form, Request, Response

from app.accounts import PasswordRefused, change_own_password
from app.signin import Session, SignInFailed, SignInThrottled, sign_in, sign_out
from web.auth import (
    COOKIE,
    CsrfRefused,
    check_csrf,
    client_address,
    clock_now,
    engine_of,
    set_cookie,
    settings_of,
    signed_in,
)
from web.render import page, redirect

router = APIRouter()
SIGN_IN_CSRF = "alur_masuk"


def _sign_in_page(request: Request, status: int = 200, **context: object) -> Response:
    token = secrets.token_urlsafe(24)
    response = page(
        request,
        "masuk.html",
        status_code=status,
        csrf=token,
        message=request.query_params.get("pesan"),
        **context,
    )
    set_cookie(request, response, SIGN_IN_CSRF, token)
    return response


@router.get("/masuk")
async def sign_in_form(request: Request) -> Response:
    return _sign_in_page(request, nip="")


@router.post("/masuk")
async def sign_in_submit(
    request: Request, nip: str = Form(""), password: str = Form("")
) -> Response:
    expected = request.cookies.get(SIGN_IN_CSRF)
    if not expected:
        raise CsrfRefused()
    await check_csrf(request, expected)
    try:
        new = sign_in(
            engine_of(request),
            nip,
            password,
            client_address(request),
            clock_now(request),
            settings_of(request).policy,
        )
    except SignInThrottled as exc:
        return _sign_in_page(request, 429, nip=nip, error=str(exc))
    except SignInFailed as exc:
        return _sign_in_page(request, 401, nip=nip, error=str(exc))
    response = redirect(request, "/kata-sandi" if new.must_change else "/tugas")
    set_cookie(request, response, COOKIE, new.token)
    response.delete_cookie(SIGN_IN_CSRF, path="/")
    return response


@router.post("/keluar")
async def sign_out_submit(request: Request, session: Session = Depends(signed_in)) -> Response:
    sign_out(engine_of(request), request.cookies.get(COOKIE, ""), clock_now(request))
    response = redirect(request, "/masuk?pesan=Anda+sudah+keluar")
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/kata-sandi")
async def password_form(request: Request, session: Session = Depends(signed_in)) -> Response:
    return page(request, "kata_sandi.html", forced=session.must_change)


@router.post("/kata-sandi")
async def password_submit(
    request: Request,
    session: Session = Depends(signed_in),
    old: str = Form(""),
    new: str = Form(""),
    again: str = Form(""),
) -> Response:
    try:
        if new != again:
            raise PasswordRefused("kedua isian kata sandi baru tidak sama")
        change_own_password(engine_of(request), session.person.nip, old, new, clock_now(request))
    except PasswordRefused as exc:
        return page(
            request, "kata_sandi.html", status_code=400, forced=session.must_change, error=str(exc)
        )
    return redirect(request, "/tugas", "Kata sandi sudah diganti")
