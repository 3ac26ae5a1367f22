"""Per-staff API tokens: how another system acts as a staff member through the HTTP API.

A token is ``alur_`` and 32 random bytes (URL-safe base64), shown once when issued; only
its SHA-256 digest is stored (a plain digest is enough for a secret that cannot be guessed
or looked up). A token acts as the staff member it belongs to, with their roles, and stops
working when it is revoked or when that person is deactivated.

Who may issue or revoke a token: the person for themself, or the `admin` of the person's
institution. Each issue and revocation is a row of the staff history (`staff_changes`,
actions ``terbitkan_token`` and ``cabut_token``), like every other change to who may act.

TokenError tree (each an `engine.errors` class, so the faces map them as usual):

    BadInput
    └── UnknownToken         no token has this number
    NotPermitted
    ├── TokenRefused         the token presented is unknown, revoked, or its owner inactive
    └── TokenChangeRefused   the acting person may not issue or revoke this token
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, or_, select, update

from app.staff import (
    ADMIN_ROLE,
    UnknownStaff,
    active_actor,
    actor_for,
    office_zone,
    record_change,
)
from engine.case import Actor
from engine.errors import BadInput, NotPermitted, StaffInactive
from engine.limits import checked_name
from storage import repository
from storage.schema import api_tokens, staff
from storage.transactions import reading, writing

__all__ = [
    "LAST_USED_EVERY",
    "TOKEN_MAX",
    "TOKEN_PREFIX",
    "IssuedToken",
    "TokenChangeRefused",
    "TokenRefused",
    "UnknownToken",
    "authenticate",
    "issue_token",
    "list_tokens",
    "revoke_token",
]

TOKEN_PREFIX = "alur_"
TOKEN_MAX = 200  # longer than any token issued; a longer one is refused before hashing
LAST_USED_EVERY = timedelta(minutes=1)
"""`last_used_at` is written at most this often per token, so that reading through the API
does not take SQLite's write lock on every request."""


class UnknownToken(BadInput):
    def __init__(self, token_id: int) -> None:
        self.token_id = token_id
        super().__init__(f"token API nomor {token_id} tidak ada (lihat: alur token list)")


class TokenRefused(NotPermitted):
    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(f"token API ditolak: {why}")


class TokenChangeRefused(NotPermitted):
    def __init__(self, why: str) -> None:
        super().__init__(f"perubahan token API ditolak: {why}")


@dataclass(frozen=True)
class IssuedToken:
    """A new token: `token` is its only plaintext copy, shown once."""

    id: int
    token: str
    nip: str
    label: str
    created_at: datetime


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _may_manage(actor: Actor, owner: Any) -> None:
    """The person themself, or the admin of the owner's institution."""
    if actor.nip == owner.nip:
        return
    if ADMIN_ROLE in actor.roles and actor.institution == owner.institution:
        return
    raise TokenChangeRefused(
        f"pegawai {actor.nip} bukan pemilik token dan tidak memegang peran 'admin' "
        f"di {owner.institution}"
    )


def _owner(conn: Connection, nip: str) -> Any:
    row = repository.staff_by_nip(conn, nip)
    if row is None:
        raise UnknownStaff(nip)
    return row


def issue_token(engine: Engine, owner_nip: str, label: str, nip: str, now: datetime) -> IssuedToken:
    """A new token for `owner_nip`, issued by `nip` (themself, or their institution's admin)."""
    label = checked_name(label, "label token")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with writing(engine) as conn:
        actor = actor_for(conn, nip)
        owner = _owner(conn, owner_nip)
        _may_manage(actor, owner)
        active_actor(owner)  # no token for a deactivated person
        token_id = conn.execute(
            insert(api_tokens)
            .values(
                staff_nip=owner.nip,
                label=label,
                digest=digest_of(token),
                created_at=now,
                created_by=actor.nip,
            )
            .returning(api_tokens.c.id)
        ).scalar_one()
        diff = {"token_issued": [owner.nip], "token": {"id": token_id, "label": label}}
        record_change(conn, actor, now, "terbitkan_token", diff)
    return IssuedToken(token_id, token, owner.nip, label, now)


def _listed(token: Mapping[str, Any], tz: Any) -> dict[str, Any]:
    """A token for people (never its digest), its times in the owner's office zone."""

    def local(value: datetime | None) -> str | None:
        return value.astimezone(tz).isoformat(timespec="seconds") if value else None

    return {
        "id": token["id"],
        "nip": token["staff_nip"],
        "label": token["label"],
        "created_at": local(token["created_at"]),
        "created_by": token["created_by"],
        "last_used_at": local(token["last_used_at"]),
        "revoked_at": local(token["revoked_at"]),
        "active": token["revoked_at"] is None,
    }


def list_tokens(engine: Engine, nip: str, owner_nip: str | None = None) -> list[dict[str, Any]]:
    """The tokens of `owner_nip` (default: `nip` themself), never their plaintext."""
    with reading(engine) as conn:
        actor = actor_for(conn, nip)
        owner = _owner(conn, owner_nip or nip)
        _may_manage(actor, owner)
        rows = conn.execute(
            select(api_tokens).where(api_tokens.c.staff_nip == owner.nip).order_by(api_tokens.c.id)
        ).all()
    tz = office_zone(owner.institution)
    return [_listed(dict(r._mapping), tz) for r in rows]


def revoke_token(engine: Engine, token_id: int, nip: str, now: datetime) -> dict[str, Any]:
    """Revoke token `token_id` as `nip` (its owner, or their institution's admin)."""
    with writing(engine) as conn:
        actor = actor_for(conn, nip)
        row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).one_or_none()
        if row is None:
            raise UnknownToken(token_id)
        owner = _owner(conn, row.staff_nip)
        _may_manage(actor, owner)
        if row.revoked_at is not None:
            raise TokenChangeRefused(f"token nomor {token_id} sudah dicabut")
        conn.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id)
            .values(revoked_at=now, revoked_by=actor.nip)
        )
        diff = {"token_revoked": [row.staff_nip], "token": {"id": token_id, "label": row.label}}
        record_change(conn, actor, now, "cabut_token", diff)
    return _listed({**row._mapping, "revoked_at": now}, office_zone(owner.institution))


def authenticate(engine: Engine, token: str, now: datetime) -> Actor:
    """The staff member a presented token acts as; TokenRefused for an unknown or revoked
    token, or one whose owner was deactivated."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > TOKEN_MAX:
        raise TokenRefused("bukan token alur")
    query = (
        select(api_tokens.c.id, api_tokens.c.revoked_at, api_tokens.c.last_used_at, staff)
        .join(staff, staff.c.nip == api_tokens.c.staff_nip)
        .where(api_tokens.c.digest == digest_of(token))
    )
    with reading(engine) as conn:
        row = conn.execute(query).one_or_none()
    if row is None or row.revoked_at is not None:
        raise TokenRefused("token tidak dikenal atau sudah dicabut")
    try:
        actor = active_actor(row)
    except StaffInactive:
        raise TokenRefused(f"pegawai {row.nip} sudah nonaktif") from None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
        _mark_used(engine, row.id, now)
    return actor


def _mark_used(engine: Engine, token_id: int, now: datetime) -> None:
    """Record the use; a concurrent request that already recorded it writes nothing."""
    stale = or_(
        api_tokens.c.last_used_at.is_(None), api_tokens.c.last_used_at <= now - LAST_USED_EVERY
    )
    with writing(engine) as conn:
        conn.execute(
            update(api_tokens).where(api_tokens.c.id == token_id, stale).values(last_used_at=now)
        )
