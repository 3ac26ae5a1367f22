"""Durations as the decrees write them: "7 (tujuh) hari kerja", "30 Menit", "1 Bulan"...

`parse_duration` finds the one quantity in the text (digits, Indonesian number words, or
digits followed by the words in parentheses) and its unit; words around it ("paling lama",
"kurang lebih", "(sesuai kebutuhan)") are ignored. "8 hari kalender (6 hari kerja)" is read
as 6 hari kerja with the 8 calendar days kept alongside. A bare "hari" is read by the
calendar's `plain_hari` setting and marked `assumed`.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
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

    def describe(self) -> str:
        """The duration in Bahasa Indonesia, e.g. "14 hari (dibaca sebagai hari kerja)"."""
        words = self.unit.value.replace("_", " ")
        if self.assumed:
            return f"{self.value} hari (dibaca sebagai {words})"
        if self.calendar_days is not None:
            return f"{self.value} {words} ({self.calendar_days} hari kalender)"
        return f"{self.value} {words}"


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
    r"\s*(?P<unit>menit|jam|hari\s+kerja|hari\s+kalender|hari|bulan)\b(?:\s+(?P<next>[a-z]+))?"
)
_NONE_PHRASES = (
    "tidak ditetapkan",
    "belum ditetapkan",
    "tidak ditentukan",
    "tidak ada",
    "tidak diatur",
)
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


@functools.lru_cache(maxsize=4096)
def parse_duration(text: str, plain_hari: str = "kerja") -> Duration | None:
    """Read an SLA text; None means no commitment ("tidak ditetapkan standar waktu", "-")."""
    if plain_hari not in ("kerja", "kalender"):
        raise ValueError(f"plain_hari must be 'kerja' or 'kalender', not {plain_hari!r}")
    normal = " ".join(text.lower().split())
    found = [_quantity(match, text) for match in _QUANTITY.finditer(normal)]
    if not found:
        if normal.strip(" -–—.") == "" or any(p in normal for p in _NONE_PHRASES):
            return None
        raise DurationError(text)
    return _combine(found, text, plain_hari)


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


def _combine(found: list[tuple[int, str]], text: str, plain_hari: str) -> Duration:
    units = {unit: value for value, unit in found}
    if len(found) == 2 and units.keys() == {"hari kalender", "hari kerja"}:
        return Duration(units["hari kerja"], Unit.HARI_KERJA, text, False, units["hari kalender"])
    if len(found) != 1:
        raise DurationError(text, "lebih dari satu standar waktu")
    value, unit = found[0]
    if value <= 0:
        raise DurationError(text, "standar waktu harus lebih dari nol")
    if unit == "hari":
        return Duration(value, _UNITS[f"hari {plain_hari}"], text, assumed=True)
    return Duration(value, _UNITS[unit], text)
