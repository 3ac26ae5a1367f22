"""The outbox as an institution's admin sees it on the web: their institution's messages,
and a retry of one of them. Another institution's message is unknown to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from app.accounts import require_admin
from monitor.errors import OutboxNotFound
from monitor.outbox import list_messages, retry_message, show_message

__all__ = ["admin_outbox", "admin_retry"]


def admin_outbox(engine: Engine, nip: str, limit: int = 100) -> list[dict[str, Any]]:
    who = require_admin(engine, nip)
    return list_messages(engine, limit=limit, institution=who.institution)


def admin_retry(engine: Engine, ident: int, nip: str, now: datetime) -> str:
    who = require_admin(engine, nip)
    if show_message(engine, ident)["institution"] != who.institution:
        raise OutboxNotFound(str(ident))
    return retry_message(engine, ident, now)
