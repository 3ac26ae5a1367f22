"""The shipped table of Indonesia's holidays says what the `holidays` package says."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sla.holiday_table import FIRST_YEAR, LAST_YEAR, from_package, shipped_holidays


@pytest.mark.parametrize("categories", [("public", "government"), ("public",)])
def test_every_shipped_year_matches_the_package(categories):
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        assert shipped_holidays("ID", categories, year) == from_package("ID", categories, year), (
            year
        )


def test_outside_the_table_the_package_answers():
    assert shipped_holidays("ID", ("public", "government"), LAST_YEAR + 1) is None
    assert shipped_holidays("MY", ("public",), 2026) is None


def test_a_calendar_of_the_shipped_years_does_not_import_the_package():
    code = (
        "import sys\nfrom datetime import date\nfrom sla import load_calendar\n"
        "c = load_calendar('pekalongan-a')\nassert not c.is_working_day(date(2026, 3, 20))\n"
        "print('holidays' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
