"""Times and SLA status words as staff read them, in Bahasa Indonesia.

On screen an instant reads `Rabu, 25 Nov 2026 15.45 WIB` (tables: `25 Nov 15.45`), in the
office's own zone: the instants the queries return already carry the office calendar's
offset, and the zone's name follows from it (WIB +07, WITA +08, WIT +09). JSON keeps
ISO 8601 with the offset, to the second (`iso`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

__all__ = [
    "STATUS_CODES",
    "STATUS_WORDS",
    "iso",
    "long_time",
    "short_time",
    "status_code",
    "status_word",
    "zone_name",
]

_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}

# The machine codes of a case's SLA status (JSON `sla_status`) and the words staff read.
STATUS_WORDS = {
    "on_track": "sesuai jadwal",
    "at_risk": "berisiko",
    "breached": "terlambat",
    "paused": "dijeda",
    "not_started": "belum berjalan",
    "none": "tanpa standar waktu",
}
# What `--status` accepts: the words (with - for spaces) and the older English codes.
STATUS_CODES = (
    {word.replace(" ", "-"): code for code, word in STATUS_WORDS.items()}
    | {code.replace("_", "-"): code for code in STATUS_WORDS}
    | {code: code for code in STATUS_WORDS}
)


def _instant(value: datetime | str) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def zone_name(value: datetime) -> str:
    """WIB, WITA or WIT from the instant's offset; `UTC+hh:mm` elsewhere."""
    offset = value.utcoffset() or timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest == 0 and hours in _ZONES:
        return _ZONES[hours]
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def long_time(value: datetime | str | None) -> str:
    """`Rabu, 25 Nov 2026 15.45 WIB`; `-` for no time."""
    if value is None:
        return "-"
    t = _instant(value)
    day = f"{_DAYS[t.weekday()]}, {t.day} {_MONTHS[t.month - 1]} {t.year}"
    return f"{day} {t:%H.%M} {zone_name(t)}"


def short_time(value: datetime | str | None) -> str:
    """`25 Nov 15.45`, for table cells; `-` for no time."""
    if value is None:
        return "-"
    t = _instant(value)
    return f"{t.day} {_MONTHS[t.month - 1]} {t:%H.%M}"


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the offset, whole seconds: `2026-11-25T15:45:00+07:00`."""
    return value.isoformat(timespec="seconds") if value is not None else None


def status_word(code: str | None, paused: bool = False) -> str:
    """The status as staff read it; a paused clock reads `dijeda`."""
    if paused and code in ("on_track", "at_risk", "breached"):
        return f"{STATUS_WORDS['paused']} ({STATUS_WORDS[code]})"
    return STATUS_WORDS.get(code or "none", str(code))


def status_code(value: str) -> str | None:
    """The machine code of a `--status` value (`berisiko`, `sesuai-jadwal`, `at_risk`…)."""
    return STATUS_CODES.get(value.strip().lower().replace(" ", "-"))
