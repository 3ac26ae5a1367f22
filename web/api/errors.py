"""Every refusal of the API as an HTTP status and `{"detail": "<one Indonesian line>"}`.

The one place errors are mapped: `ApiRoute` wraps every endpoint of the router, so the
mapping travels with the router into whatever app mounts it. The statuses follow the
command line's exit codes (`app.errors.ExitCode`):

    401  no token, or one unknown, revoked, or of a deactivated person (WWW-Authenticate)
    422  bad input (exit code 2): a body or parameter out of its bounds, an unknown
         service, trigger, requirement or staff member, an idempotency key reused
    403  not permitted (3): the role, unit, a guard, a closed case, another institution's
         report
    404  no such case, or another institution's (never told apart)
    409  conflict (4): the case changed since it was read, or SQLite's write lock was busy
    503  the database failed or cannot be reached (5); nothing was written
    504  the outcome is unknown (6): retry with the same Idempotency-Key

Anything else is a fault of alur and propagates (the server logs it, the client gets a
bare 500 without a trace).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from app.refusals import refusal
from app.tokens import TokenRefused
from web.api.models import Error

__all__ = ["ERROR_RESPONSES", "ApiRoute", "NotAuthenticated", "error_response"]

BEARER = "Bearer"


class NotAuthenticated(Exception):
    """The request carries no `Authorization: Bearer` token."""


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Error, "description": text}
    for status, text in [
        (401, "Tanpa token, atau token tidak dikenal, dicabut, atau milik pegawai nonaktif."),
        (403, "Tidak diizinkan: peran, bagian, syarat langkah, atau instansi lain."),
        (404, "Permohonan tidak ditemukan (juga milik instansi lain)."),
        (409, "Permohonan berubah sejak dibaca, atau basis data sedang sibuk: coba lagi."),
        (422, "Masukan tidak valid."),
        (503, "Basis data gagal; tidak ada yang tercatat."),
        (504, "Hasil tidak pasti: ulangi dengan Idempotency-Key yang sama."),
    ]
}
"""The refusals every endpoint may answer, for the OpenAPI document."""


def _validation_detail(exc: RequestValidationError) -> str:
    """The first problem of a request that does not fit the document, in one line."""
    problems = []
    for error in exc.errors()[:3]:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        problems.append(f"{where or 'isi permintaan'}: {_said(error)}")
    return "masukan tidak valid: " + "; ".join(problems)


_WORDS = {
    "missing": "wajib diisi",
    "extra_forbidden": "tidak dikenal",
    "string_too_short": "terlalu pendek",
    "string_too_long": "terlalu panjang",
    "string_type": "harus berupa teks",
    "int_parsing": "harus berupa bilangan bulat",
    "int_type": "harus berupa bilangan bulat",
    "list_type": "harus berupa daftar",
    "too_short": "terlalu sedikit isinya",
    "too_long": "terlalu banyak isinya",
    "timezone_aware": "harus memuat zona waktu (mis. +07:00)",
    "json_invalid": "bukan JSON yang valid",
    "model_attributes_type": "harus berupa objek JSON",
    "dict_type": "harus berupa objek JSON",
}


def _said(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind in _WORDS:
        return _WORDS[kind]
    if kind.startswith(("datetime", "date")):
        return "bukan waktu ISO 8601 (contoh: 2026-03-17T14:00:00+07:00)"
    if kind.startswith(("greater_than", "less_than")):
        return "di luar batas"
    return "tidak valid"


def error_response(status: int, detail: str) -> JSONResponse:
    headers = {"WWW-Authenticate": BEARER} if status == 401 else None
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _mapped(exc: Exception) -> JSONResponse | None:
    if isinstance(exc, NotAuthenticated):
        return error_response(401, "sertakan token API: Authorization: Bearer <token>")
    if isinstance(exc, TokenRefused):
        response = error_response(401, str(exc))
        response.headers["WWW-Authenticate"] = f'{BEARER} error="invalid_token"'
        return response
    if isinstance(exc, RequestValidationError):
        return error_response(422, _validation_detail(exc))
    if isinstance(exc, HTTPException) and exc.status_code == 400:  # a body FastAPI cannot read
        return error_response(422, "masukan tidak valid: isi permintaan bukan JSON UTF-8")
    found = refusal(exc)
    return error_response(*found) if found is not None else None


class ApiRoute(APIRoute):
    """A route whose refusals are answered by `_mapped`, wherever the router is mounted."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:  # mapped to a status below, or re-raised as is
                response = _mapped(exc)
                if response is None:
                    raise
                return response

        return answer
