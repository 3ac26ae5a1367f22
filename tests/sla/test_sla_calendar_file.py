"""Calendar files: each problem is reported with the file, the key and the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from sla import CalendarError, load_calendar

GOOD = """\
name: uji
timezone: Asia/Jakarta
hours:
  senin: ["07:30-12:00", "13:00-15:45"]
  jumat: ["07:30-11:00"]
holidays:
  country: ID
  categories: [public, government]
  extra: {"2026-04-01": "Hari Jadi Kota"}
  remove: []
overrides:
  - from: "2026-02-19"
    to: "2026-03-19"
    hours: {senin: ["08:00-15:00"]}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "uji.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path: Path) -> None:
    calendar = load_calendar(_write(tmp_path, GOOD))
    assert calendar.name == "uji"
    assert calendar.plain_hari == "kerja"


def test_path_given_as_text(tmp_path: Path) -> None:
    assert load_calendar(str(_write(tmp_path, GOOD))).name == "uji"


@pytest.mark.parametrize(
    ("old", "new", "key", "value"),
    [
        ("senin:", "senen:", "hours.senen", ["07:30-12:00", "13:00-15:45"]),  # unknown weekday
        ('"07:30-12:00", "13', '"7.3-12:00", "13', "hours.senin[0]", "7.3-12:00"),  # bad time
        ('"07:30-12:00", "13', '"07:30-25:00", "13', "hours.senin[0]", "07:30-25:00"),
        ('["07:30-11:00"]', '["11:00-07:30"]', "hours.jumat[0]", "11:00-07:30"),  # close < open
        ("13:00-15:45", "11:00-15:45", "hours.senin[1]", "11:00-15:45"),  # overlapping
        ("Asia/Jakarta", "Asia/Jakarte", "timezone", "Asia/Jakarte"),
        ("public, government", "public, cuti", "holidays.categories", "cuti"),
        ("country: ID", "country: XX", "holidays.country", "XX"),
        ("2026-04-01", "2026-04-31", "holidays.extra", "2026-04-31"),
        ("remove: []", "remove: [kemarin]", "holidays.remove", "kemarin"),
        ('from: "2026-02-19"', 'from: "19-02-2026"', "overrides[0].from", "19-02-2026"),
        ('to: "2026-03-19"', 'to: "2026-01-19"', "overrides[0].to", "2026-01-19"),  # before from
        ("hours: {senin", "hours: {ahad", "overrides[0].hours.ahad", ["08:00-15:00"]),
        ("name: uji", "name: uji\nplain_hari: kadang", "plain_hari", "kadang"),
        ("name: uji", "name: uji\nzona: WIB", "zona", "WIB"),  # unknown key
    ],
)
def test_bad_value_names_file_key_and_value(
    tmp_path: Path, old: str, new: str, key: str, value: object
) -> None:
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(CalendarError) as info:
        load_calendar(path)
    error = info.value
    assert (error.file, error.key, error.value) == (str(path), key, value)
    assert str(path) in str(error)
    assert key in str(error)
    assert "\n" not in str(error)


def test_all_problems_of_a_file_in_one_error(tmp_path: Path) -> None:
    text = GOOD.replace("Asia/Jakarta", "Mars/Olympus").replace("senin:", "senen:", 1)
    text = text.replace("public, government", "public, libur")
    with pytest.raises(CalendarError) as info:
        load_calendar(_write(tmp_path, text))
    keys = [problem.key for problem in info.value.problems]
    assert keys == ["timezone", "hours.senen", "holidays.categories"]
    assert "3 masalah" in str(info.value)


def test_missing_hours(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="hours"):
        load_calendar(_write(tmp_path, "timezone: Asia/Jakarta\n"))


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada.yaml"
    with pytest.raises(CalendarError) as info:
        load_calendar(missing)
    assert info.value.file == str(missing)
    assert "tidak dapat dibaca" in str(info.value)


def test_invalid_yaml(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="YAML tidak valid"):
        load_calendar(_write(tmp_path, "hours: [senin: ["))


def test_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="mapping"):
        load_calendar(_write(tmp_path, "- senin\n"))


def test_no_holidays_when_country_is_null(tmp_path: Path) -> None:
    text = GOOD.replace("country: ID", "country: null")
    calendar = load_calendar(_write(tmp_path, text))
    from datetime import date

    assert calendar.holiday_name(date(2026, 3, 19)) is None
    assert calendar.holiday_name(date(2026, 4, 1)) == "Hari Jadi Kota"
