"""What `alur serve` hands to uvicorn: the app built from environment variables, so that
every worker process (uvicorn imports the factory by name) builds the same app.

- `ALUR_WEB_DATABASE_URL`: the database (set by `alur serve` from its settings);
- `ALUR_WEB_SECURE_COOKIES=1`: cookies are Secure even when the request reached alur as
  plain HTTP (HTTPS ends at a reverse proxy);
- `ALUR_WEB_SSO_HEADER`: the header a trusted reverse proxy sets to the signed-in NIP
  (single sign-on; off when unset: never enable it unless only the proxy reaches alur);
- `ALUR_WEB_IDLE_MINUTES`: idle expiry of a session (default 30).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from app.signin import SessionPolicy
from web.auth import WebSettings

__all__ = ["ENV_DATABASE", "app_from_environment", "settings_from_environment"]

ENV_DATABASE = "ALUR_WEB_DATABASE_URL"


def settings_from_environment(environ: dict[str, str] | None = None) -> WebSettings:
    env = os.environ if environ is None else environ
    idle = int(env.get("ALUR_WEB_IDLE_MINUTES", "30"))
    return WebSettings(
        policy=SessionPolicy(idle=timedelta(minutes=idle)),
        secure_cookies=env.get("ALUR_WEB_SECURE_COOKIES", "") in ("1", "true", "ya"),
        sso_header=env.get("ALUR_WEB_SSO_HEADER") or None,
    )


def app_from_environment(create_app: Callable[..., Any]) -> Any:
    return create_app(os.environ[ENV_DATABASE], settings=settings_from_environment())
