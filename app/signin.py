"""Signing in and out, server-side sessions, and throttling of failed attempts.

- A session's secret is 32 random bytes sent only in its cookie; the database keeps its
  SHA-256 (`sessions.id_hash`), so a copy of the database signs nobody in. Each session
  has its own CSRF token, checked by the web face on every unsafe request.
- A session ends when signed out, after `idle` without a request (default 30 minutes),
  `absolute` after sign-in whatever the use (default 12 hours), or when the person is
  deactivated. `last_seen_at` is written at most once a minute, not on every request.
- Throttling counts failed attempts in the database (so it holds across workers): at
  `max_per_nip` failures for one NIP (default 5), or `max_per_address` from one client
  address (default 20: an office often reaches the server through one address), within
  `window` (15 minutes), further attempts are refused before the password is checked.
  A successful sign-in clears the NIP's count.
- A failed attempt never says whether the NIP exists.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, select, update

from app.accounts import Person, check_password
from app.staff_file import normalise_nip
from engine.errors import BadInput, NotPermitted
from storage.schema import credentials, sessions, signin_failures, staff
from storage.transactions import reading, writing

__all__ = [
    "NewSession",
    "Session",
    "SessionEnded",
    "SessionPolicy",
    "SignInFailed",
    "SignInThrottled",
    "current_session",
    "sign_in",
    "sign_in_trusted",
    "sign_out",
]

_TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)
    max_per_nip: int = 5
    max_per_address: int = 20
    window: timedelta = timedelta(minutes=15)


class SignInFailed(BadInput):
    def __init__(self) -> None:
        super().__init__("NIP atau kata sandi salah")


class SignInThrottled(NotPermitted):
    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        super().__init__(
            f"terlalu banyak percobaan masuk yang gagal; coba lagi dalam {minutes} menit"
        )


class SessionEnded(NotPermitted):
    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(why)


@dataclass(frozen=True)
class NewSession:
    token: str  # the cookie's value; never stored
    csrf: str
    must_change: bool


@dataclass(frozen=True)
class Session:
    person: Person
    csrf: str
    must_change: bool


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _throttle(engine: Engine, nip: str, address: str, now: datetime, p: SessionPolicy) -> None:
    since = now - p.window
    with reading(engine) as conn:
        by_nip, first_nip = conn.execute(
            select(func.count(), func.min(signin_failures.c.at)).where(
                signin_failures.c.nip == nip, signin_failures.c.at > since
            )
        ).one()
        by_address, first_address = conn.execute(
            select(func.count(), func.min(signin_failures.c.at)).where(
                signin_failures.c.address == address, signin_failures.c.at > since
            )
        ).one()
    for count, limit, first in (
        (by_nip, p.max_per_nip, first_nip),
        (by_address, p.max_per_address, first_address),
    ):
        if count >= limit:
            left = first + p.window - now
            raise SignInThrottled(max(1, -(-int(left.total_seconds()) // 60)))


def _open_session(
    engine: Engine, nip: str, address: str, method: str, must_change: bool, now: datetime
) -> NewSession:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with writing(engine) as conn:
        conn.execute(delete(signin_failures).where(signin_failures.c.nip == nip))
        conn.execute(
            insert(sessions).values(
                id_hash=_digest(token),
                nip=nip,
                csrf=csrf,
                address=address[:64],
                method=method,
                created_at=now,
                last_seen_at=now,
            )
        )
    return NewSession(token, csrf, must_change)


def sign_in(
    engine: Engine,
    nip_text: str,
    password: str,
    address: str,
    now: datetime,
    policy: SessionPolicy | None = None,
) -> NewSession:
    """A new session for the person whose NIP (spaces allowed) and password these are;
    SignInThrottled after too many failures, SignInFailed for a wrong pair."""
    p = policy or SessionPolicy()
    nip = normalise_nip(nip_text)[:40]
    _throttle(engine, nip, address, now, p)
    with reading(engine) as conn:
        known = check_password(conn, nip, password) if nip else None
        active = conn.execute(select(staff.c.active).where(staff.c.nip == nip)).scalar()
    if known is None or not active:
        with writing(engine) as conn:
            conn.execute(insert(signin_failures).values(nip=nip, address=address[:64], at=now))
        raise SignInFailed()
    return _open_session(engine, nip, address, "sandi", bool(known.must_change), now)


def sign_in_trusted(engine: Engine, nip_text: str, address: str, now: datetime) -> NewSession:
    """A session for a person a trusted reverse proxy vouches for (single sign-on)."""
    nip = normalise_nip(nip_text)[:40]
    with reading(engine) as conn:
        active = conn.execute(select(staff.c.active).where(staff.c.nip == nip)).scalar()
    if not active:
        raise SignInFailed()
    return _open_session(engine, nip, address, "sso", False, now)


def _row(engine: Engine, token: str) -> Any:
    query = (
        select(
            sessions,
            staff.c.name,
            staff.c.institution,
            staff.c.unit_code,
            staff.c.roles,
            staff.c.active,
            credentials.c.must_change,
        )
        .join(staff, staff.c.nip == sessions.c.nip)
        .outerjoin(
            credentials, and_(credentials.c.nip == sessions.c.nip, sessions.c.method == "sandi")
        )
        .where(sessions.c.id_hash == _digest(token))
    )
    with reading(engine) as conn:
        return conn.execute(query).one_or_none()


def _end(engine: Engine, token: str, now: datetime) -> None:
    with writing(engine) as conn:
        conn.execute(
            update(sessions)
            .where(sessions.c.id_hash == _digest(token), sessions.c.ended_at.is_(None))
            .values(ended_at=now)
        )


def current_session(
    engine: Engine, token: str, now: datetime, policy: SessionPolicy | None = None
) -> Session:
    """The live session of this cookie value; SessionEnded saying why otherwise."""
    p = policy or SessionPolicy()
    row = _row(engine, token) if token else None
    if row is None or row.ended_at is not None:
        raise SessionEnded("sesi tidak ditemukan atau sudah keluar; silakan masuk")
    why = None
    if not row.active:
        why = "pegawai dinonaktifkan"
    elif now - row.created_at > p.absolute:
        why = "sesi sudah terlalu lama; silakan masuk lagi"
    elif now - row.last_seen_at > p.idle:
        why = f"sesi berakhir setelah {int(p.idle.total_seconds() // 60)} menit tanpa kegiatan"
    if why:
        _end(engine, token, now)
        raise SessionEnded(why)
    if now - row.last_seen_at >= _TOUCH_EVERY:
        with writing(engine) as conn:
            conn.execute(
                update(sessions).where(sessions.c.id_hash == row.id_hash).values(last_seen_at=now)
            )
    who = Person(row.nip, row.name, row.institution, row.unit_code, frozenset(row.roles))
    return Session(who, row.csrf, bool(row.must_change))


def sign_out(engine: Engine, token: str, now: datetime) -> None:
    """End the session of this cookie value (nothing when there is none)."""
    _end(engine, token, now)
