"""A report's period: a quarter (``2026Q1``) or first and last day, as instants in WIB.

Days are counted in WIB (the offices' own days differ by at most an hour, WITA), from the
first day's 00.00 up to, not including, the day after the last.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from engine.errors import BadInput

__all__ = ["WIB", "BadPeriod", "report_period"]

WIB = ZoneInfo("Asia/Jakarta")


class BadPeriod(BadInput):
    def __init__(self, why: str) -> None:
        super().__init__(why)


def _quarter(text: str, name: str) -> tuple[date, date]:
    found = re.fullmatch(r"(\d{4})[Qq]([1-4])", text.strip())
    if not found:
        raise BadPeriod(f"{name} {text!r} bukan triwulan (contoh: 2026Q1)")
    year, q = int(found[1]), int(found[2])
    return date(year, 3 * q - 2, 1), date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)


def report_period(
    quarter: str | None,
    start: str | None,
    end: str | None,
    names: tuple[str, str, str] = ("quarter", "from", "to"),
) -> tuple[datetime, datetime]:
    """[first instant, instant after the period); `names` are the options as the user typed
    them (e.g. ``--quarter``), for the message of a refusal (BadPeriod)."""
    q_name, from_name, to_name = names
    if quarter:
        first, after = _quarter(quarter, q_name)
    elif start and end:
        try:
            first, last = date.fromisoformat(start), date.fromisoformat(end)
        except ValueError:
            raise BadPeriod(
                f"{from_name} dan {to_name} berupa tanggal TTTT-BB-HH (contoh: 2026-01-01)"
            ) from None
        if last == date.max:
            raise BadPeriod(f"{to_name} {end!r} di luar batas")
        after = date.fromordinal(last.toordinal() + 1)  # the last day is counted
    else:
        raise BadPeriod(f"sebutkan {q_name} (mis. 2026Q1) atau {from_name} dan {to_name}")
    if after <= first:
        raise BadPeriod(f"{to_name} sebelum {from_name}")
    return datetime.combine(first, time(0), WIB), datetime.combine(after, time(0), WIB)
