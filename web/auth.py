"""Who is asking: the session cookie, the CSRF token, the optional single sign-on header.

Every page's router depends on `signed_in` (and most on `active`), so the check runs
for every page and never for the HTTP API under /api/v1, which authenticates itself by
bearer token. Unsafe methods (POST…) must carry the session's CSRF token, in the form
field `csrf` or the `X-CSRF-Token` header (HTMX); the sign-in form, before any session,
uses a double-submit cookie instead.

Cookies are HttpOnly and SameSite=Lax, and Secure when the request came over HTTPS or
the settings say the server sits behind one (`secure_cookies`).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import Depends, Request, Response
from sqlalchemy import Engine

from app.signin import Session, SessionEnded, SessionPolicy, current_session, sign_in_trusted
from app.staff_file import normalise_nip

__all__ = [
    "COOKIE",
    "CsrfRefused",
    "PasswordChangeRequired",
    "SignInRequired",
    "WebSettings",
    "active",
    "check_csrf",
    "clock_now",
    "engine_of",
    "set_cookie",
    "signed_in",
]

COOKIE = "alur_sesi"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class WebSettings:
    policy: SessionPolicy = field(default_factory=SessionPolicy)
    secure_cookies: bool = False  # Secure even on plain HTTP (TLS ends at a proxy)
    sso_header: str | None = None  # a header set by a trusted reverse proxy: the NIP


class SignInRequired(Exception):
    """No live session: back to the sign-in page, saying why when there was one."""

    def __init__(self, why: str | None) -> None:
        self.why = why
        super().__init__(why or "silakan masuk")


class PasswordChangeRequired(Exception):
    """An admin reset the password: the person must choose their own first."""


class CsrfRefused(Exception):
    def __init__(self) -> None:
        super().__init__(
            "formulir ditolak: token keamanan (CSRF) tidak ada atau salah; muat ulang halaman"
        )


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


def clock_now(request: Request) -> datetime:
    return request.app.state.clock()


def settings_of(request: Request) -> WebSettings:
    return request.app.state.web_settings


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


def set_cookie(
    request: Request,
    response: Response,
    name: str,
    value: str,
    *,
    path: str = "/",
    max_age: int | None = None,
) -> None:
    secure = request.url.scheme == "https" or settings_of(request).secure_cookies
    response.set_cookie(
        name, value, httponly=True, samesite="lax", secure=secure, path=path, max_age=max_age
    )


async def check_csrf(request: Request, expected: str) -> None:
    """CsrfRefused unless the form field or header carries `expected`."""
    given: Any = request.headers.get("x-csrf-token")
    if given is None:
        given = (await request.form()).get("csrf")
    if not isinstance(given, str) or not hmac.compare_digest(given, expected):
        raise CsrfRefused()


def _vouched(request: Request) -> str | None:
    """The NIP a trusted reverse proxy's header names, when single sign-on is enabled."""
    header = settings_of(request).sso_header
    value = request.headers.get(header) if header else None
    return normalise_nip(value) if value else None


async def signed_in(request: Request) -> Session:
    """The live session of the request (SignInRequired otherwise); CSRF checked on every
    unsafe method. With single sign-on, the proxy's person gets a session of their own
    whenever the cookie has none for them."""
    engine, now, policy = engine_of(request), clock_now(request), settings_of(request).policy
    token, session, why = request.cookies.get(COOKIE), None, None
    if token:
        try:
            session = current_session(engine, token, now, policy)
        except SessionEnded as exc:
            why = exc.why
    vouched = _vouched(request)
    if vouched and (session is None or session.person.nip != vouched):
        token = sign_in_trusted(engine, vouched, client_address(request), now).token
        request.state.new_session = token
        session = current_session(engine, token, now, policy)
    if session is None:
        raise SignInRequired(why)
    request.state.session = session
    if request.method not in SAFE_METHODS:
        await check_csrf(request, session.csrf)
    return session


async def active(session: Session = Depends(signed_in)) -> Session:
    """A session whose person need not change their password first."""
    if session.must_change:
        raise PasswordChangeRequired()
    return session
