"""Reading and validating calendar YAML files, and the shipped calendars.

A file is checked as a whole: every problem found (unknown weekday, bad time, close before open,
overlapping intervals, unknown time zone, unknown holiday category, bad date, unknown key) is
collected and reported in one `CalendarError` naming the file, the key and the value.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from sla.calendar import Calendar, HolidaySource, Override, PlainHari
from sla.errors import CalendarError, CalendarProblem, UnknownCalendarError
from sla.holiday_table import supported_categories
from sla.year_table import DayHours, WeekHours

__all__ = [
    "WEEKDAYS",
    "forget_registered_calendars",
    "load_calendar",
    "parse_calendar",
    "register_calendar",
    "registered_calendar_names",
    "shipped_calendar_names",
]

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
_TOP_KEYS = {"name", "timezone", "description", "plain_hari", "hours", "holidays", "overrides"}
_HOLIDAY_KEYS = {"country", "categories", "extra", "remove"}
_OVERRIDE_KEYS = {"from", "to", "hours"}
_INTERVAL = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$")
_US_PER_MINUTE = 60_000_000
_MAX_BYTES = 256 * 1024
_MAX_DEPTH = 16


class _NoAliasLoader(yaml.SafeLoader):
    """Calendar files are small: aliases (which can multiply a file's size) and nesting
    deeper than a calendar needs are refused before anything is built."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "alias YAML tidak diizinkan", mark)
        if self._depth >= _MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, "susunan terlalu dalam", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Problems(list[CalendarProblem]):
    def add(self, key: str, value: object, reason: str) -> None:
        self.append(CalendarProblem(key, value, reason))


def shipped_calendar_names() -> list[str]:
    """Names of the calendars shipped with the package, sorted."""
    folder = resources.files("sla.calendars")
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


_REGISTERED: dict[str, tuple[Calendar, str]] = {}
"""Calendars an office brought (name -> calendar, the file it was read from)."""


def register_calendar(name: str, calendar: Calendar, source: str) -> None:
    """Make `load_calendar(name)` return `calendar`, read from `source`.

    An office's calendar found on its calendar path replaces a shipped calendar of the
    same name; registering a name again replaces it (the file was edited or moved). Two
    files of one catalogue giving the same name are caught by the catalogue.
    """
    _REGISTERED[name] = (calendar, source)


def registered_calendar_names() -> dict[str, str]:
    """Registered calendar names and the file each was read from."""
    return {name: source for name, (_, source) in _REGISTERED.items()}


def forget_registered_calendars() -> None:
    """Drop every registered calendar (the office's folders changed)."""
    _REGISTERED.clear()


def load_calendar(name_or_path: str | Path) -> Calendar:
    """A registered or shipped calendar by name (cached), or one read from a YAML file path."""
    if isinstance(name_or_path, Path) or _looks_like_path(name_or_path):
        path = Path(name_or_path)
        return parse_calendar(_read(path), str(path), path.stem)
    registered = _REGISTERED.get(name_or_path)
    if registered is not None:
        return registered[0]
    return _load_shipped(name_or_path)


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))


@functools.cache
def _load_shipped(name: str) -> Calendar:
    known = shipped_calendar_names()
    if name not in known:
        raise UnknownCalendarError(name, known)
    resource = resources.files("sla.calendars").joinpath(f"{name}.yaml")
    return parse_calendar(resource.read_text(encoding="utf-8"), f"{name}.yaml", name)


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = f"berkas tidak dapat dibaca ({exc.strerror or exc.__class__.__name__})"
        raise CalendarError(path, "", str(path), reason) from None
    if len(raw) > _MAX_BYTES:
        reason = f"berkas terlalu besar ({len(raw)} bait; batas {_MAX_BYTES} bait)"
        raise CalendarError(path, "", str(path), reason)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CalendarError(path, "", str(path), "berkas bukan teks UTF-8") from None


def parse_calendar(text: str, file: str, default_name: str) -> Calendar:
    """Build a `Calendar` from YAML `text`; `file` names the source in error messages."""
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (baris {line + 1})" if line is not None else ""
        problem = getattr(exc, "problem", None)
        detail = f": {problem}" if problem else ""
        raise CalendarError(file, "", "", f"YAML tidak valid{where}{detail}") from None
    if not isinstance(data, dict):
        raise CalendarError(file, "", type(data).__name__, "isi berkas harus berupa mapping")
    problems = _Problems()
    calendar = _build(data, default_name, problems)
    if problems or calendar is None:
        raise CalendarError.of(file, problems)
    return calendar


def _build(data: dict[str, Any], default_name: str, problems: _Problems) -> Calendar | None:
    _unknown_keys(data, _TOP_KEYS, "", problems)
    name = str(data.get("name") or default_name)
    tz = _timezone(data.get("timezone"), problems)
    plain = data.get("plain_hari", "kerja")
    if plain not in ("kerja", "kalender"):
        problems.add("plain_hari", plain, "harus 'kerja' atau 'kalender'")
    week = _week(data.get("hours"), problems)
    source = _holiday_source(data.get("holidays", {}), problems)
    overrides = _overrides(data.get("overrides") or [], problems)
    if problems or tz is None:
        return None
    description = str(data.get("description") or "").strip()
    return Calendar(name, tz, week, source, overrides, description, cast(PlainHari, plain))


def _unknown_keys(data: Mapping[Any, Any], allowed: set[str], prefix: str, p: _Problems) -> None:
    for key in data:
        if key not in allowed:
            p.add(f"{prefix}{key}", data[key], f"kunci tidak dikenal; yang sah: {sorted(allowed)}")


def _timezone(value: object, problems: _Problems) -> ZoneInfo | None:
    if not isinstance(value, str) or not value:
        problems.add("timezone", value, "zona waktu wajib diisi, mis. Asia/Jakarta")
        return None
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add("timezone", value, "zona waktu tidak dikenal")
        return None


def _week(value: object, problems: _Problems) -> WeekHours:
    hours = _weekday_hours(value, "hours", problems)
    if not value:
        problems.add("hours", value, "jam layanan wajib diisi untuk minimal satu hari")
    return tuple(hours.get(i, ()) for i in range(7))


def _weekday_hours(value: object, key: str, problems: _Problems) -> dict[int, DayHours]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(key, value, "harus berupa mapping hari -> daftar jam, mis. senin: [...]")
        return {}
    result: dict[int, DayHours] = {}
    for day, intervals in value.items():
        if day not in WEEKDAYS:
            problems.add(f"{key}.{day}", intervals, f"hari tidak dikenal; yang sah: {WEEKDAYS}")
            continue
        result[WEEKDAYS.index(day)] = _day_hours(intervals, f"{key}.{day}", problems)
    return result


def _day_hours(value: object, key: str, problems: _Problems) -> DayHours:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(key, value, 'harus berupa daftar, mis. ["07:30-12:00", "13:00-15:45"]')
        return ()
    parsed = [(i, _interval(item, f"{key}[{i}]", problems)) for i, item in enumerate(value)]
    ordered = sorted((iv, i) for i, iv in parsed if iv is not None)
    for (prev, _), (cur, i) in itertools.pairwise(ordered):
        if cur[0] < prev[1]:
            problems.add(f"{key}[{i}]", value[i], "tumpang tindih dengan interval lain")
    return tuple(iv for iv, _ in ordered)


def _interval(value: object, key: str, problems: _Problems) -> tuple[int, int] | None:
    match = _INTERVAL.match(value) if isinstance(value, str) else None
    if match is None:
        problems.add(key, value, 'format jam salah; tulis "HH:MM-HH:MM", mis. "07:30-12:00"')
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if not (h1 < 24 and m1 < 60 and m2 < 60 and (h2 < 24 or (h2 == 24 and m2 == 0))):
        problems.add(key, value, "jam tidak valid (00:00 sampai 24:00)")
        return None
    start, end = (h1 * 60 + m1) * _US_PER_MINUTE, (h2 * 60 + m2) * _US_PER_MINUTE
    if end <= start:
        problems.add(key, value, "jam tutup harus sesudah jam buka")
        return None
    return start, end


def _date(value: object, key: str, problems: _Problems) -> date | None:
    if isinstance(value, date) and value.__class__ is date:
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.add(key, value, "tanggal tidak valid; tulis YYYY-MM-DD")
        return None


def _holiday_source(value: object, problems: _Problems) -> HolidaySource:
    if not isinstance(value, dict):
        problems.add("holidays", value, "harus berupa mapping (country, categories, extra, remove)")
        return HolidaySource()
    _unknown_keys(value, _HOLIDAY_KEYS, "holidays.", problems)
    country = value.get("country", "ID")
    categories = _categories(country, value.get("categories", ["public", "government"]), problems)
    extra: dict[date, str] = {}
    for raw, name in (value.get("extra") or {}).items():
        day = _date(raw, "holidays.extra", problems)
        if day is not None:
            extra[day] = str(name)
    remove = [_date(raw, "holidays.remove", problems) for raw in value.get("remove") or []]
    return HolidaySource(country, categories, extra, frozenset(d for d in remove if d is not None))


def _supported_categories(country: str) -> tuple[str, ...] | None:
    """The holiday categories of `country`; None if `holidays` does not know it. (Asking for
    one country is cheap; listing every supported country costs 0.1 s.)"""
    shipped = supported_categories(country)
    if shipped is not None:
        return shipped
    import holidays

    try:
        return tuple(holidays.country_holidays(country).supported_categories)
    except NotImplementedError:
        return None


def _categories(country: object, value: object, problems: _Problems) -> tuple[str, ...]:
    if country is None:
        return ()
    known = _supported_categories(country) if isinstance(country, str) else None
    if known is None:
        problems.add("holidays.country", country, "kode negara tidak dikenal (mis. ID)")
        return ()
    if not isinstance(value, list):
        problems.add("holidays.categories", value, "harus berupa daftar, mis. [public]")
        return ()
    for category in value:
        if category not in known:
            problems.add("holidays.categories", category, f"kategori tidak dikenal: {known}")
    return tuple(c for c in value if c in known)


def _overrides(value: object, problems: _Problems) -> tuple[Override, ...]:
    if not isinstance(value, list):
        problems.add("overrides", value, "harus berupa daftar perubahan jam bertanggal")
        return ()
    result = []
    for i, item in enumerate(value):
        key = f"overrides[{i}]"
        if not isinstance(item, dict):
            problems.add(key, item, "harus berupa mapping (from, to, hours)")
            continue
        _unknown_keys(item, _OVERRIDE_KEYS, f"{key}.", problems)
        start = _date(item.get("from"), f"{key}.from", problems)
        end = _date(item.get("to"), f"{key}.to", problems)
        hours = _weekday_hours(item.get("hours"), f"{key}.hours", problems)
        if start and end and end < start:
            problems.add(f"{key}.to", item.get("to"), "tanggal akhir sebelum tanggal awal")
        elif start and end:
            result.append(Override(start, end, hours))
    return tuple(result)
