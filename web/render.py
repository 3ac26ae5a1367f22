"""Rendering pages: one Jinja2 environment with autoescape, Indonesian date filters, and a
one-shot message carried over a redirect in a cookie."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app.timefmt import long_time, short_time, status_word
from web.auth import set_cookie
from web.diagram import diagram_svg

__all__ = ["FLASH", "page", "redirect", "templates"]

FLASH = "alur_pesan"
_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _day(value: Any) -> str:
    """`Rabu, 25 Nov 2026`: a promised date, without the hour."""
    text = long_time(value)
    return text.rsplit(" ", 2)[0] if value is not None else text


def _hours(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 3600:.1f} jam"


_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(long=long_time, short=short_time, status=status_word, day=_day, hours=_hours,
                    diagram_svg=diagram_svg)  # fmt: skip
_env.globals["new_request_id"] = lambda: uuid.uuid4().hex
templates = Jinja2Templates(env=_env)


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The template `name` with the request's session, CSRF token and one-shot message."""
    session = getattr(request.state, "session", None)
    flash = request.cookies.get(FLASH)
    context = {
        "session": session,
        "who": session.person if session else None,
        "csrf": session.csrf if session else context.pop("csrf", ""),
        "flash": unquote(flash) if flash else None,
        "error": context.pop("error", None),
        **context,
    }
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    if flash:
        response.delete_cookie(FLASH, path="/")
    return response


def redirect(request: Request, url: str, message: str | None = None) -> RedirectResponse:
    """303 See Other to `url`, with a message shown once on the next page."""
    response = RedirectResponse(url, status_code=303)
    if message:
        set_cookie(request, response, FLASH, quote(message))
    return response
