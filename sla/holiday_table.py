"""Indonesia's national holidays and cuti bersama, as shipped data.

Asking the `holidays` package for one country imports every country it knows (about 0.25
s, paid by every command that touches a calendar). So the holidays of Indonesia for the
years alur serves are computed once from that package, in its Bahasa Indonesia names, and
shipped in `sla/holidays_ID.json`; a calendar reads them from there and asks the package
only for another country, another set of categories or a year outside the table. A test
compares the table with the package for every year, so an upgrade of `holidays` that
changes a date is noticed. Regenerate with ``python -m sla.holiday_table``.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["FIRST_YEAR", "LAST_YEAR", "TABLE_FILE", "from_package", "shipped_holidays",
           "supported_categories"]  # fmt: skip

TABLE_FILE = Path(__file__).parent / "holidays_ID.json"
FIRST_YEAR, LAST_YEAR = 2000, 2045
_SHIPPED = (("public", "government"), ("public",))


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


def _key(categories: tuple[str, ...]) -> str:
    return ",".join(sorted(categories))


def shipped_holidays(
    country: str, categories: tuple[str, ...], year: int
) -> dict[date, str] | None:
    """The shipped holidays of `year`, or None where the table does not cover the question."""
    if country != "ID":
        return None
    found = _table().get("years", {}).get(_key(categories), {}).get(str(year))
    if found is None:
        return None
    return {date.fromisoformat(day): name for day, name in found.items()}


def supported_categories(country: str) -> tuple[str, ...] | None:
    """The categories the table knows for `country` (None: ask the package)."""
    if country != "ID" or "categories" not in _table():
        return None
    return tuple(_table()["categories"])


def from_package(country: str, categories: tuple[str, ...], year: int) -> dict[date, str]:
    """What the `holidays` package says, in Bahasa Indonesia where it speaks it."""
    import holidays

    cls = holidays.country_holidays(country)
    language = "id" if "id" in cls.supported_languages else None
    found = holidays.country_holidays(country, years=year, categories=categories, language=language)
    return {d: name for d, name in found.items() if d.year == year}


def _year(categories: tuple[str, ...], year: int) -> dict[str, str]:
    found = from_package("ID", categories, year)
    return {d.isoformat(): name for d, name in sorted(found.items())}


def _generate() -> dict[str, Any]:
    import holidays

    years = {
        _key(categories): {str(y): _year(categories, y) for y in range(FIRST_YEAR, LAST_YEAR + 1)}
        for categories in _SHIPPED
    }
    supported = sorted(holidays.country_holidays("ID").supported_categories)
    return {"country": "ID", "categories": supported, "years": years}


if __name__ == "__main__":
    text = json.dumps(_generate(), ensure_ascii=False, indent=0) + "\n"
    TABLE_FILE.write_text(text, encoding="utf-8")
    print(TABLE_FILE)
