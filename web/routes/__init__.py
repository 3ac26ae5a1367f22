"""The pages, one module per area; `ROUTERS` in the order `create_app` mounts them."""

from __future__ import annotations

from web.routes import admin, cases, oversight, session, work

__all__ = ["ROUTERS"]

ROUTERS = [session.router, work.router, cases.router, oversight.router, admin.router]
