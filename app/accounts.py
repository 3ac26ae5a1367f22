"""Staff passwords, and who may see what on the web pages.

A password is stored only as an Argon2id hash (argon2-cffi's defaults). A person sets
their own; an admin of their institution may reset it, and then the person must change it
at their next sign-in (`must_change`). Every set or reset is a row of the audited staff
history (`staff_changes`, action ``kata_sandi``) naming who did it; the hash itself is
never written there.

Sessions, sign-in and its throttling are in `app.signin`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, insert, select, update

from app.staff import ADMIN_ROLE, StaffChangeRefused, UnknownStaff, actor_for
from app.staff_file import normalise_nip
from engine.case import Actor
from engine.errors import BadInput, NotPermitted
from storage import repository
from storage.schema import credentials, staff, staff_changes
from storage.transactions import reading, writing

__all__ = [
    "PASSWORD_MIN",
    "SUPERVISOR_ROLES",
    "PasswordRefused",
    "Person",
    "change_own_password",
    "check_password",
    "demo_passwords",
    "directory",
    "is_supervisor",
    "oversight_scope",
    "person",
    "require_admin",
    "require_supervisor",
    "reset_password",
    "set_password",
]

PASSWORD_MIN, PASSWORD_MAX = 10, 200
SUPERVISOR_ROLES = frozenset({"kabag", "asisten", "sekda", ADMIN_ROLE})
"""Roles that see the supervisors' page (Pengawasan): the Kabag of a unit, the Asisten and
the Sekda above the Bagian, and the institution's admin."""

_hasher = PasswordHasher()


class PasswordRefused(BadInput):
    def __init__(self, why: str) -> None:
        super().__init__(f"kata sandi ditolak: {why}")


@dataclass(frozen=True)
class Person:
    """A signed-in person as the pages need them."""

    nip: str
    name: str
    institution: str
    unit: str
    roles: frozenset[str]

    @property
    def supervisor(self) -> bool:
        return is_supervisor(self)

    @property
    def admin(self) -> bool:
        return ADMIN_ROLE in self.roles


def is_supervisor(who: Actor | Person) -> bool:
    return bool(SUPERVISOR_ROLES & set(who.roles))


def person(engine: Engine, nip: str) -> Person:
    """The active staff member `nip` (UnknownStaff, StaffInactive otherwise)."""
    with reading(engine) as conn:
        a = actor_for(conn, normalise_nip(nip))
    return Person(a.nip, a.name, a.institution, a.unit_code, frozenset(a.roles))


def require_supervisor(engine: Engine, nip: str) -> Person:
    """The person, if they hold a supervisor's role (NotPermitted otherwise)."""
    who = person(engine, nip)
    if not who.supervisor:
        raise NotPermitted(
            f"pegawai {nip} bukan pengawas (perlu peran {', '.join(sorted(SUPERVISOR_ROLES))})"
        )
    return who


def require_admin(engine: Engine, nip: str) -> Person:
    """The person, if they hold the `admin` role (NotPermitted otherwise)."""
    who = person(engine, nip)
    if not who.admin:
        raise NotPermitted(f"pegawai {nip} tidak memegang peran 'admin'")
    return who


def _checked(password: str, nip: str) -> str:
    if not (PASSWORD_MIN <= len(password) <= PASSWORD_MAX):
        raise PasswordRefused(f"panjang harus {PASSWORD_MIN}-{PASSWORD_MAX} karakter")
    if normalise_nip(password) == nip or password.strip() != password:
        raise PasswordRefused("tidak boleh sama dengan NIP atau diawali/diakhiri spasi")
    if not password.isprintable():
        raise PasswordRefused("memuat karakter kendali")
    return password


def _store(
    conn: Connection, nip: str, hashed: str, must_change: bool, by: str | None, now: datetime
) -> None:
    values = {
        "password_hash": hashed,
        "must_change": must_change,
        "changed_at": now,
        "changed_by": by,
    }
    done = conn.execute(update(credentials).where(credentials.c.nip == nip).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(credentials).values(nip=nip, **values))


def _audit(conn: Connection, actor: Actor | None, now: datetime, target: str, reset: bool) -> None:
    conn.execute(
        insert(staff_changes).values(
            changed_at=now,
            actor_nip=actor.nip if actor else None,
            actor_name=actor.name if actor else None,
            action="kata_sandi",
            diff={"password": [target], "reset": reset},
        )
    )


def set_password(engine: Engine, target: str, password: str, nip: str, now: datetime) -> bool:
    """Set `target`'s password as `nip`: their own, or as an admin of target's institution
    (a reset: the person must change it at their next sign-in). Returns `must_change`."""
    target, nip = normalise_nip(target), normalise_nip(nip)
    _checked(password, target)
    hashed = _hasher.hash(password)
    with writing(engine) as conn:
        row = repository.staff_by_nip(conn, target)
        if row is None:
            raise UnknownStaff(target)
        actor = actor_for(conn, nip)
        reset = target != nip
        if reset and (ADMIN_ROLE not in actor.roles or actor.institution != row.institution):
            raise StaffChangeRefused(
                f"hanya admin {row.institution} yang dapat mengatur kata sandi pegawai {target}"
            )
        _store(conn, target, hashed, reset, nip, now)
        _audit(conn, actor, now, target, reset)
    return reset


def check_password(conn: Connection, nip: str, password: str) -> Any:
    """The credentials row if `password` is `nip`'s, else None (never says which failed)."""
    row = conn.execute(select(credentials).where(credentials.c.nip == nip)).one_or_none()
    if row is None:
        _hasher.hash(password)  # the same work as a known NIP: no timing difference
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return row


def change_own_password(engine: Engine, nip: str, old: str, new: str, now: datetime) -> None:
    """The person changes their password, giving the present one (clears `must_change`)."""
    nip = normalise_nip(nip)
    _checked(new, nip)
    if old == new:
        raise PasswordRefused("kata sandi baru harus berbeda dari yang lama")
    with reading(engine) as conn:
        known = check_password(conn, nip, old)
    if known is None:
        raise PasswordRefused("kata sandi lama salah")
    set_password(engine, nip, new, nip, now)


def demo_passwords(engine: Engine, now: datetime) -> str:
    """Give every active staff member of a demo database one new demo password; returns it.
    Recorded in the staff history without an acting person, like the first load."""
    password = "demo-" + secrets.token_urlsafe(8)
    hashed = _hasher.hash(password)
    with writing(engine) as conn:
        nips = conn.execute(select(staff.c.nip).where(staff.c.active)).scalars().all()
        if not nips:
            raise StaffChangeRefused("daftar pegawai kosong")
        for nip in nips:
            _store(conn, nip, hashed, False, None, now)
        conn.execute(
            insert(staff_changes).values(
                changed_at=now, action="kata_sandi", diff={"password": list(nips), "demo": True}
            )
        )
    return password


def oversight_scope(engine: Engine, nip: str) -> dict[str, str | None]:
    """What a supervisor oversees: a Kabag their unit, the others their institution."""
    who = require_supervisor(engine, nip)
    unit_only = who.roles & SUPERVISOR_ROLES == {"kabag"} and who.unit != "SETDA"
    return {"institution": who.institution, "unit": who.unit if unit_only else None}


def directory(engine: Engine, nip: str) -> list[dict[str, Any]]:
    """The admin's institution's staff, with whether each can sign in."""
    who = require_admin(engine, nip)
    with reading(engine) as conn:
        rows = repository.list_staff(conn, who.institution)
        creds = {r.nip: r for r in conn.execute(select(credentials)).all()}
    return [
        {
            "nip": r.nip,
            "name": r.name,
            "unit": r.unit_code,
            "roles": sorted(r.roles),
            "active": r.active,
            "password": r.nip in creds,
            "must_change": bool(creds[r.nip].must_change) if r.nip in creds else False,
        }
        for r in rows
    ]


def reset_password(engine: Engine, target: str, nip: str, now: datetime) -> str:
    """An admin gives `target` a new temporary password (returned, to hand over once); the
    person must change it at their next sign-in."""
    temporary = "sementara-" + secrets.token_urlsafe(6)
    set_password(engine, target, temporary, nip, now)
    return temporary
