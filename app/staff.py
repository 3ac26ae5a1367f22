"""The staff directory: who may act, in which institution, unit and roles.

A staff file is YAML: a list under `staff:` of entries with `nip`, `name`,
`institution`, `unit` (the unit code, e.g. PBJ; `SETDA` for officials above
the Bagian such as the Sekda), and `roles`; its format and checks are in
`app.staff_file` (JSON Schema: `alur staff schema`). The shipped samples in
`app/staff_samples/` give one person per role of every workflow, and one
`admin` per institution.

Changes to the directory are audited: every load and every deactivation is a
row of `staff_changes` (who, when, the files' digest, what changed), which the
database refuses to update or delete. Loading needs a person holding the
`admin` role in every institution the change touches, except into an empty
directory (the first installation). People are deactivated, never deleted, so
that their past events keep their names.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from app.definitions import shipped
from engine.case import Actor
from engine.errors import BadInput, NotPermitted, StaffInactive
from storage import repository
from storage.schema import staff, staff_changes
from storage.transactions import reading, writing

if TYPE_CHECKING:  # the file checks and YAML are imported by a load, not by every step
    from app.staff_file import StaffEntry

__all__ = [
    "ADMIN_ROLE",
    "SAMPLES_DIR",
    "StaffChangeRefused",
    "StaffFileInvalid",
    "UnknownStaff",
    "active_actor",
    "actor_for",
    "actor_from_row",
    "deactivate_staff",
    "load_staff_file",
    "load_staff_files",
    "office_zone",
    "record_change",
    "save_staff_member",
    "staff_history",
]

ADMIN_ROLE = "admin"

SAMPLES_DIR = Path(__file__).parent / "staff_samples"


class UnknownStaff(BadInput):
    def __init__(self, nip: str) -> None:
        self.nip = nip
        super().__init__(f"pegawai dengan NIP {nip!r} tidak terdaftar (lihat: alur staff list)")


class StaffChangeRefused(NotPermitted):
    def __init__(self, why: str) -> None:
        super().__init__(f"perubahan daftar pegawai ditolak: {why}")


class StaffFileInvalid(BadInput):
    def __init__(self, path: str, problems: list[str]) -> None:
        self.path, self.problems = path, problems
        super().__init__(f"{path}: {len(problems)} masalah: " + "; ".join(problems))


def _parse(path: Path) -> list[StaffEntry]:
    """The file's entries, after every check of `app.staff_file` (all problems at once)."""
    from app.staff_file import StaffEntry, check_staff, entry_lines, known_units, normalise_nip
    from workflows.safe_yaml import YamlRefused, decode, read_yaml

    try:
        node, data = read_yaml(decode(path.read_bytes()))
    except OSError as exc:
        raise StaffFileInvalid(str(path), [f"tidak dapat dibaca: {exc.strerror}"]) from exc
    except YamlRefused as exc:
        where = f"baris {exc.line}: " if exc.line else ""
        raise StaffFileInvalid(str(path), [f"YAML tidak valid: {where}{exc.message}"]) from None
    known = known_units(item.definition for item in shipped())
    problems = check_staff(data, entry_lines(node), known)
    if problems:
        raise StaffFileInvalid(str(path), problems)
    return [
        StaffEntry.model_validate({**e, "nip": normalise_nip(str(e["nip"]))}) for e in data["staff"]
    ]


def _rows(entries: list[StaffEntry]) -> list[dict[str, Any]]:
    return [
        {
            "nip": e.nip,
            "name": e.name,
            "institution": e.institution,
            "unit_code": e.unit,
            "roles": sorted(set(e.roles)),
        }
        for e in entries
    ]


_FIELDS = ("name", "institution", "unit_code", "roles")


def _diff(existing: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    added, changed = [], {}
    for row in rows:
        old = existing.get(row["nip"])
        if old is None:
            added.append(row["nip"])
            continue
        fields = {f: [old[f], row[f]] for f in _FIELDS if old[f] != row[f]}
        if fields:
            changed[row["nip"]] = fields
    return {"added": added, "changed": changed}


def _require_admin(conn: Connection, nip: str | None, institutions: set[str]) -> Actor | None:
    """The acting admin, or None for the first load into an empty directory."""
    if conn.execute(select(func.count()).select_from(staff)).scalar_one() == 0:
        return None
    if nip is None:
        raise StaffChangeRefused("sebutkan pegawai ber-peran admin yang memuat: --as NIP")
    actor = actor_for(conn, nip)
    lacking = sorted(
        i for i in institutions if actor.institution != i or ADMIN_ROLE not in actor.roles
    )
    if lacking:
        raise StaffChangeRefused(
            f"pegawai {nip} tidak memegang peran 'admin' di {', '.join(lacking)}"
        )
    return actor


def record_change(
    conn: Connection, actor: Actor | None, now: datetime, action: str, diff: dict[str, Any],
    source: str | None = None, digest: str | None = None,
) -> None:  # fmt: skip
    """One row of the staff history (`staff_changes`), in the caller's transaction."""
    conn.execute(
        insert(staff_changes).values(
            changed_at=now,
            actor_nip=actor.nip if actor else None,
            actor_name=actor.name if actor else None,
            action=action,
            source=source,
            digest=digest,
            diff=diff,
        )
    )


def load_staff_files(
    engine: Engine, paths: Sequence[Path], nip: str | None, now: datetime
) -> dict[str, Any]:
    """Insert or update every entry of the files (all or nothing), as admin `nip`;
    returns the difference recorded in the staff history."""
    entries = [e for path in paths for e in _parse(path)]
    nips = [e.nip for e in entries]
    duplicates = sorted(n for n, count in Counter(nips).items() if count > 1)
    if duplicates:
        raise StaffFileInvalid(", ".join(map(str, paths)), [f"NIP ganda: {', '.join(duplicates)}"])
    rows = _rows(entries)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()
    with writing(engine) as conn:
        existing = {r.nip: r._asdict() for r in repository.list_staff(conn)}
        touched = {r["institution"] for r in rows}
        touched |= {existing[n]["institution"] for n in nips if n in existing}
        actor = _require_admin(conn, nip, touched)
        diff = _diff(existing, rows)
        repository.upsert_staff(conn, rows)
        source = ", ".join(p.name for p in paths)
        record_change(conn, actor, now, "muat", diff, source, digest)
    return diff


def load_staff_file(
    engine: Engine, path: Path, nip: str | None = None, now: datetime | None = None
) -> int:
    """`load_staff_files` for one file; returns the number of entries."""
    load_staff_files(engine, [path], nip, now or datetime.now(UTC))
    return len(_parse(path))


def deactivate_staff(engine: Engine, target: str, nip: str, now: datetime) -> None:
    """Deactivate `target` as admin `nip`: they can no longer act; their past stays."""
    with writing(engine) as conn:
        row = repository.staff_by_nip(conn, target)
        if row is None:
            raise UnknownStaff(target)
        actor = _require_admin(conn, nip, {row.institution})
        if target == nip:
            raise StaffChangeRefused("pegawai tidak dapat menonaktifkan dirinya sendiri")
        if not row.active:
            raise StaffChangeRefused(f"pegawai {target} sudah nonaktif")
        conn.execute(update(staff).where(staff.c.nip == target).values(active=False))
        record_change(conn, actor, now, "nonaktifkan", {"deactivated": [target]})


def save_staff_member(
    engine: Engine, entry: dict[str, Any], nip: str, now: datetime
) -> dict[str, Any]:
    """Add or update one person (name, unit, roles) as admin `nip`, checked like a staff
    file's entry; recorded in the staff history as a load from the admin page."""
    from app.staff_file import StaffEntry, check_staff, known_units, normalise_nip

    entry = {**entry, "nip": normalise_nip(str(entry.get("nip", "")))}
    known = known_units(item.definition for item in shipped())
    problems = check_staff({"staff": [entry]}, {}, known)
    if problems:
        raise StaffFileInvalid("pegawai", problems)
    rows = _rows([StaffEntry.model_validate(entry)])
    with writing(engine) as conn:
        existing = {r.nip: r._asdict() for r in repository.list_staff(conn)}
        touched = {rows[0]["institution"]}
        if entry["nip"] in existing:
            touched.add(existing[entry["nip"]]["institution"])
        actor = _require_admin(conn, nip, touched)
        diff = _diff(existing, rows)
        repository.upsert_staff(conn, rows)
        record_change(conn, actor, now, "muat", diff, "halaman admin")
    return diff


def office_zone(institution: str | None) -> Any:
    """The time zone of the institution's offices (its workflows' calendar); WIB when
    unknown (the first installation has no acting person)."""
    from zoneinfo import ZoneInfo

    from app.definitions import shipped
    from sla import load_calendar

    for item in shipped():
        if item.definition.institution == institution:
            return load_calendar(item.definition.sla.calendar).tz
    return ZoneInfo("Asia/Jakarta")


def staff_history(engine: Engine) -> list[dict[str, Any]]:
    """Every change to the directory, its time in the zone of the acting admin's office."""
    with reading(engine) as conn:
        rows = conn.execute(select(staff_changes).order_by(staff_changes.c.id)).all()
        where = dict(conn.execute(select(staff.c.nip, staff.c.institution)).all())
    return [
        {
            "id": r.id,
            "changed_at": r.changed_at.astimezone(office_zone(where.get(r.actor_nip))).isoformat(
                timespec="seconds"
            ),
            "actor_nip": r.actor_nip,
            "actor_name": r.actor_name,
            "action": r.action,
            "source": r.source,
            "digest": r.digest,
            "diff": r.diff,
        }
        for r in rows
    ]


def actor_for(conn: Connection, nip: str) -> Actor:
    row = repository.staff_by_nip(conn, nip)
    if row is None:
        raise UnknownStaff(nip)
    return active_actor(row)


def active_actor(row: Any) -> Actor:
    """The engine's Actor for an active staff row; StaffInactive for a deactivated one."""
    if not row.active:
        raise StaffInactive(row.nip)
    return actor_from_row(row)


def actor_from_row(row: Any) -> Actor:
    """The engine's Actor from a staff row (anything with the staff columns)."""
    return Actor(row.nip, row.name, row.institution, row.unit_code, frozenset(row.roles))
