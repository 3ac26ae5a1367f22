"""The web application: `create_app` wires the database, the clock, the settings, the
static files, the pages' routers and how refusals are shown.

Refusals of the use cases become a page with one Indonesian line and the HTTP status of
`app.refusals` (under /api/ a JSON body instead). A fault of alur itself is a 500 page
without a trace.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from app.database import open_database
from app.refusals import REFUSALS, refusal
from web.api import router as api_router
from web.auth import (
    COOKIE,
    CsrfRefused,
    PasswordChangeRequired,
    SignInRequired,
    WebSettings,
    set_cookie,
)
from web.render import page
from web.routes import ROUTERS

__all__ = ["create_app", "create_app_from_environment"]

Clock = Callable[[], datetime]


def _system_clock() -> datetime:
    return datetime.now(UTC)


def _shown(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    return page(request, "galat.html", status_code=status, message=message)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        url = "/masuk" + (f"?pesan={quote(exc.why)}" if exc.why else "")
        if request.headers.get("hx-request"):  # HTMX: the whole page goes to sign in
            return Response(status_code=200, headers={"HX-Redirect": url})
        response = RedirectResponse(url, status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @app.exception_handler(PasswordChangeRequired)
    async def _change(request: Request, exc: PasswordChangeRequired) -> Response:
        return RedirectResponse("/kata-sandi", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, exc: CsrfRefused) -> Response:
        return _shown(request, 403, str(exc))

    async def _refused(request: Request, exc: Exception) -> Response:
        found = refusal(exc, bad_input=400)
        if found is None:
            return _shown(request, 500, "terjadi kesalahan di alur; laporkan ke admin")
        return _shown(request, *found)

    for kind in (*REFUSALS, Exception):  # Exception: a fault, shown without a trace
        app.add_exception_handler(kind, _refused)


def create_app(
    database_url: str, *, clock: Clock | None = None, settings: WebSettings | None = None
) -> FastAPI:
    """The ASGI app over the database at `database_url` (which must exist, schema current)."""
    app = FastAPI(
        title="alur",
        summary="API HTTP alur: permohonan, daftar tugas dan laporan pengawasan.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",  # the API's document; the pages are not in it
    )
    app.state.engine = open_database(database_url)
    app.state.clock = clock or _system_clock
    app.state.web_settings = settings or WebSettings()
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
    app.include_router(api_router, prefix="/api/v1")
    _handlers(app)

    @app.middleware("http")
    async def _new_session_cookie(
        request: Request, call_next: Callable[[Request], Awaitable[Any]]
    ) -> Any:
        response = await call_next(request)
        token = getattr(request.state, "new_session", None)
        if token:  # a single sign-on header opened a session: keep it in the cookie
            set_cookie(request, response, COOKIE, token)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app


def create_app_from_environment() -> FastAPI:
    """The factory `alur serve` gives uvicorn (each worker calls it): the database URL,
    the settings and, for tests only, a clock offset from the environment."""
    from web.serving import app_from_environment

    return app_from_environment(create_app)
