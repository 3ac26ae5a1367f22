"""Times and status words as staff read them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.timefmt import iso, long_time, short_time, status_code, status_word


@pytest.mark.parametrize(
    ("instant", "long", "short"),
    [
        ("2026-11-25T15:45:00+07:00", "Rabu, 25 Nov 2026 15.45 WIB", "25 Nov 15.45"),
        # seconds are cut, not rounded
        ("2026-03-02T08:05:59.999+08:00", "Senin, 2 Mar 2026 08.05 WITA", "2 Mar 08.05"),
        ("2026-08-17T07:00:00+09:00", "Senin, 17 Agu 2026 07.00 WIT", "17 Agu 07.00"),
        ("2026-12-31T23:59:00+00:00", "Kamis, 31 Des 2026 23.59 UTC+00:00", "31 Des 23.59"),
    ],
)
def test_times_on_screen(instant, long, short):
    assert long_time(instant) == long
    assert short_time(instant) == short
    assert long_time(datetime.fromisoformat(instant)) == long


def test_no_time_and_iso_without_microseconds():
    assert long_time(None) == short_time(None) == "-"
    assert iso(datetime(2026, 11, 25, 8, 45, 1, 123456, tzinfo=UTC)) == "2026-11-25T08:45:01+00:00"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("berisiko", "at_risk"),
        ("terlambat", "breached"),
        ("sesuai-jadwal", "on_track"),
        ("sesuai jadwal", "on_track"),
        ("at_risk", "at_risk"),  # the older English codes stay accepted
        ("on-track", "on_track"),
        ("Terlambat", "breached"),
        ("aneh", None),
    ],
)
def test_status_typed_by_staff(typed, code):
    assert status_code(typed) == code


def test_status_words_never_show_machine_codes():
    assert status_word("not_started") == "belum berjalan"
    assert status_word("none") == "tanpa standar waktu"
    assert status_word("at_risk", paused=True) == "dijeda (berisiko)"
