"""Durations as the decrees write them: "7 (tujuh) hari kerja", "30 Menit", "1 Minggu"...

`parse_duration` finds the one quantity in the text (digits, Indonesian number words, or
digits followed by the words in parentheses) and its unit; words around it ("paling lama",
"kurang lebih", "(sesuai kebutuhan)") are ignored. Readings that interpret the text are
marked `assumed` and say so in `reading`:

- "8 hari kalender (6 hari kerja)": 6 hari kerja, the 8 calendar days kept alongside;
- a bare "hari": read by the calendar's `plain_hari` setting;
- "minggu": 1 minggu = 5 hari kerja on a calendar whose bare hari is kerja (an office's
  week is its five working days, and holidays push it as they push any hari kerja), else
  7 hari kalender;
- a range ("10 - 60 menit", "1-3 hari", "10 s.d. 60 menit"): its upper bound;
- several quantities of which one is marked "maksimal" / "paling lama" / "paling lambat" /
  "selambat-lambatnya": that one (the decree's own upper bound; not an assumption).

A condition ("jika berkas telah lengkap ...", "apabila ...") is cut off before reading and
kept as text in `condition`; `describe()` shows it. Any other text with several times is
refused, explaining that times of steps are written as step commitments.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum

from sla.errors import DurationError

__all__ = ["Duration", "Unit", "parse_duration", "service_time", "words_to_number"]


class Unit(StrEnum):
    MENIT = "menit"
    JAM = "jam"
    HARI_KERJA = "hari_kerja"
    HARI_KALENDER = "hari_kalender"
    BULAN = "bulan"


@dataclass(frozen=True)
class Duration:
    """A service-time commitment read from a decree's text."""

    value: int
    unit: Unit
    text: str
    assumed: bool = False
    """True when a bare "hari" was read by the calendar's `plain_hari` setting."""
    calendar_days: int | None = None
    """The calendar-day figure of "8 hari kalender (6 hari kerja)", kept but not measured."""
    reading: str | None = None
    """How the text was read where it is not plain, e.g. "batas atas dari 10 - 60 menit"."""
    condition: str | None = None
    """The condition written beside the time ("jika berkas telah lengkap ..."), as written."""

    def describe(self) -> str:
        """The duration in Bahasa Indonesia, e.g. "14 hari (dibaca sebagai hari kerja)"."""
        words = self.unit.value.replace("_", " ")
        if self.reading:
            text = f"{self.value} {words} ({self.reading})"
        elif self.assumed:
            text = f"{self.value} hari (dibaca sebagai {words})"
        elif self.calendar_days is not None:
            text = f"{self.value} {words} ({self.calendar_days} hari kalender)"
        else:
            text = f"{self.value} {words}"
        return f"{text}, {self.condition}" if self.condition else text


def service_time(duration: Duration) -> timedelta:
    """The open service time of a menit or jam duration."""
    if duration.unit is Unit.MENIT:
        return timedelta(minutes=duration.value)
    if duration.unit is Unit.JAM:
        return timedelta(hours=duration.value)
    raise DurationError(duration.text, f"{duration.describe()} bukan satuan menit/jam")


_ONES = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_SE = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_SCALES = {"puluh": 10, "ratus": 100}
_WORD = "|".join([*_ONES, *_SE, "belas", *_SCALES])
_WORDS = rf"(?:{_WORD})(?:\s+(?:{_WORD}))*"
_QUANTITY = re.compile(
    rf"(?<![\w.,])(?:(?P<num>\d+)\s*(?:\(\s*(?P<paren>{_WORDS})\s*\))?|\b(?P<words>{_WORDS}))"
    r"\s*(?P<unit>menit|jam|hari\s+kerja|hari\s+kalender|hari|minggu|bulan)\b"
    r"(?:\s+(?P<next>[a-z]+))?"
)
_RANGE_BEFORE = re.compile(
    r"(?<![\w.,])(?P<low>\d+)\s*(?:\(\s*[a-z ]+\s*\))?\s*"
    r"(?:-|–|—|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*$"
)
_UPPER_BEFORE = re.compile(
    r"(?:maksimal|maksimum|paling\s+lama|paling\s+lambat|selambat-lambatnya)\s*$"
)
_CONDITION = re.compile(
    r"[,;(]?\s*\b(?:jika|apabila|bila|asalkan|sepanjang|dengan\s+catatan)\b", re.IGNORECASE
)
_NONE_PHRASES = (
    "tidak ditetapkan",
    "belum ditetapkan",
    "tidak ditentukan",
    "tidak ada",
    "tidak diatur",
)
_WEEK = {"kerja": 5, "kalender": 7}
"""Days in a minggu, by how the calendar reads a bare hari (see the module docstring)."""
_UNITS = {"menit": Unit.MENIT, "jam": Unit.JAM, "hari kalender": Unit.HARI_KALENDER}
_UNITS |= {"hari kerja": Unit.HARI_KERJA, "bulan": Unit.BULAN}


def words_to_number(words: str) -> int | None:
    """The value of Indonesian number words ("empat puluh lima" -> 45), None if not a number."""
    total, ones = 0, None
    for token in words.lower().split():
        if token in _ONES and ones is None:
            ones = _ONES[token]
        elif token in _SE and ones is None:
            total += _SE[token]
        elif token == "belas" and ones is not None:
            total, ones = total + 10 + ones, None
        elif token in _SCALES and ones is not None:
            total, ones = total + ones * _SCALES[token], None
        else:
            return None
    total += ones or 0
    return total or None


@dataclass(frozen=True)
class _Found:
    value: int
    unit: str
    low: int | None = None  # the lower bound of a range ("10 - 60 menit")
    upper: bool = False  # marked as the upper bound ("maksimal 14 hari kerja")


@functools.lru_cache(maxsize=4096)
def parse_duration(text: str, plain_hari: str = "kerja") -> Duration | None:
    """Read an SLA text; None means no commitment ("tidak ditetapkan standar waktu", "-")."""
    if plain_hari not in ("kerja", "kalender"):
        raise ValueError(f"plain_hari must be 'kerja' or 'kalender', not {plain_hari!r}")
    body, condition = _split_condition(text)
    normal = " ".join(body.lower().split())
    found = [_found(match, normal, text) for match in _QUANTITY.finditer(normal)]
    if not found:
        if normal.strip(" -–—.") == "" or any(p in normal for p in _NONE_PHRASES):
            return None
        raise DurationError(text)
    duration = _combine(found, text, plain_hari)
    return replace(duration, condition=condition) if condition else duration


def _split_condition(text: str) -> tuple[str, str | None]:
    """The text before a condition ("jika ...", "apabila ..."), and the condition as written."""
    match = _CONDITION.search(text)
    if match is None:
        return text, None
    condition = " ".join(text[match.start() :].strip(" ,;(").rstrip(" .)").split())
    return text[: match.start()], condition


def _found(match: re.Match[str], normal: str, text: str) -> _Found:
    value, unit = _quantity(match, text)
    before = normal[: match.start()]
    low = _RANGE_BEFORE.search(before) if match["num"] else None
    if low is not None and not 0 < int(low["low"]) < value:
        raise DurationError(text, f"rentang {low['low']}-{value} tidak naik")
    upper = _UPPER_BEFORE.search(before) is not None
    return _Found(value, unit, int(low["low"]) if low else None, upper)


def _quantity(match: re.Match[str], text: str) -> tuple[int, str]:
    unit = " ".join(match["unit"].split())
    if unit == "hari" and match["next"] and _misspelt_day_kind(match["next"]):
        raise DurationError(text, f"satuan tidak dikenal: 'hari {match['next']}'")
    if match["words"]:
        value = words_to_number(match["words"])
        if value is None:
            raise DurationError(text, f"bilangan tidak dikenal: {match['words']!r}")
        return value, unit
    value = int(match["num"])
    if match["paren"] and words_to_number(match["paren"]) != value:
        raise DurationError(text, f"angka {value} tidak cocok dengan ({match['paren']})")
    return value, unit


def _misspelt_day_kind(word: str) -> bool:
    """True for a word after "hari" that looks like a misspelt "kerja" or "kalender"."""
    return bool(difflib.get_close_matches(word, ["kerja", "kalender"], n=1, cutoff=0.75))


def _combine(found: list[_Found], text: str, plain_hari: str) -> Duration:
    units = {f.unit: f.value for f in found}
    if len(found) == 2 and units.keys() == {"hari kalender", "hari kerja"}:
        return Duration(units["hari kerja"], Unit.HARI_KERJA, text, False, units["hari kalender"])
    marked = [f for f in found if f.upper]
    if len(found) > 1 and len(marked) == 1:
        found = marked  # "1 (satu) hari maksimal 14 (empat belas) hari kerja"
    if len(found) != 1:
        raise DurationError(text, _several_times(found))
    one = found[0]
    if one.value <= 0:
        raise DurationError(text, "standar waktu harus lebih dari nol")
    duration = _one(one.value, one.unit, text, plain_hari)
    if one.low is not None:
        reading = f"batas atas dari {one.low}-{one.value} {one.unit}"
        if one.unit == "hari":
            reading += f", dibaca sebagai hari {plain_hari}"
        return replace(duration, assumed=True, reading=reading)
    return duration


def _one(value: int, unit: str, text: str, plain_hari: str) -> Duration:
    if unit == "hari":
        return Duration(value, _UNITS[f"hari {plain_hari}"], text, assumed=True)
    if unit == "minggu":
        days = value * _WEEK[plain_hari]
        reading = f"{value} minggu dibaca sebagai {days} hari {plain_hari}"
        return Duration(days, _UNITS[f"hari {plain_hari}"], text, True, reading=reading)
    return Duration(value, _UNITS[unit], text)


def _several_times(found: list[_Found]) -> str:
    listed = ", ".join(f"{f.value} {f.unit}" for f in found)
    return (
        f"lebih dari satu standar waktu ({listed}): jika itu waktu tiap tahap, tulis "
        "masing-masing sebagai sla: pada tahapnya di states, dan di sla.text hanya waktu "
        "seluruh layanan; jika salah satunya batas atas, tulis 'maksimal' di depannya"
    )
