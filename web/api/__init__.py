"""The HTTP API (mounted at /api/v1): cases, the worklist and reports, for other systems,
authenticated by per-staff bearer tokens (`app.tokens`), over the same use cases as the
command line. Refusals are mapped in one place, `web.api.errors`.

    from web.api import router
    app.include_router(router, prefix="/api/v1")

The app sets `app.state.engine` and `app.state.clock` (see `web.api.deps`).
"""

from __future__ import annotations

from fastapi import APIRouter

from web.api import cases, work
from web.api.errors import ERROR_RESPONSES, ApiRoute

__all__ = ["router"]

router = APIRouter(route_class=ApiRoute, responses=ERROR_RESPONSES)
router.include_router(cases.router)
router.include_router(work.router)
