"""A signed-in visitor over FastAPI's TestClient, and the sample staff by role."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import yaml
from fastapi.testclient import TestClient

from app.staff import SAMPLES_DIR

PBJ = "pekalongan-pbj-penerbitan-pembayaran"
_CSRF = re.compile(r'name="csrf" value="([^"]*)"')
_REQUEST = re.compile(r'name="request_id" value="([^"]*)"')


def sample_nip(institution: str, unit: str | None, role: str) -> str:
    staff = yaml.safe_load((SAMPLES_DIR / f"{institution}.yaml").read_text())["staff"]
    return next(str(s["nip"]) for s in staff if role in s["roles"] and unit in (None, s["unit"]))


@dataclass
class Clock:
    """The app's clock: a fixed instant that tests move forward."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Visitor:
    client: TestClient
    last: Any = field(default=None)

    def get(self, url: str, **kw: Any) -> Any:
        self.last = self.client.get(url, **kw)
        return self.last

    def csrf(self) -> str:
        found = _CSRF.search(self.last.text)
        assert found, "no form on the page"
        return found.group(1)

    def sign_in(self, nip: str, password: str) -> Any:
        self.get("/masuk")
        return self.client.post(
            "/masuk", data={"csrf": self.csrf(), "nip": nip, "password": password},
            follow_redirects=False,
        )  # fmt: skip

    def submit(self, url: str, data: dict[str, Any] | None = None, *, page: str | None = None,
               **kw: Any) -> Any:  # fmt: skip
        """POST `data` to `url` with the CSRF token (and a fresh request id) of `page`."""
        self.get(page or url)
        found = _REQUEST.search(self.last.text)
        form = {"csrf": self.csrf(), **({"request_id": found.group(1)} if found else {})}
        self.last = self.client.post(url, data={**form, **(data or {})}, **kw)
        return self.last
