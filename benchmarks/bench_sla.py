"""Benchmark of the SLA clock: deadlines per second, and a comparison with `businesstimedelta`.

Run as a plain script: `python benchmarks/bench_sla.py`. Prints the figures; not part of pytest.

- 100,000 random (start, SLA) pairs over the shipped calendars, jam and hari kerja units;
- the same kind of jam inputs on calendar pekalongan-a through `businesstimedelta` (on a
  smaller sample; per-item rates compared), with a check that both give the same deadlines;
- creating a calendar and filling its tables over a 10-year range.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from importlib import resources

import businesstimedelta
import pytz

from sla import Calendar, Duration, Unit, due, load_calendar, parse_duration, shipped_calendar_names
from sla.calendar_file import parse_calendar

N = 100_000
N_PEER = 1_000
REPEAT = 3
FIRST = datetime.fromisoformat("2026-01-01T00:00:00+07:00")
SPAN_MINUTES = 2 * 365 * 24 * 60  # starts over 2026-2027


def _rate(label: str, count: int, run: Callable[[], object]) -> float:
    """Items per second, the best of `REPEAT` runs (the machine may be shared)."""
    elapsed = float("inf")
    for _ in range(REPEAT):
        started = time.perf_counter()
        run()
        elapsed = min(elapsed, time.perf_counter() - started)
    rate = count / elapsed
    print(f"{label:<52} {count:>7} in {elapsed:7.3f} s = {rate:>12,.0f} /s")
    return rate


def _inputs(rng: random.Random, texts: list[str]) -> list[tuple[Calendar, datetime, Duration]]:
    calendars = [load_calendar(name) for name in shipped_calendar_names()]
    rows = []
    for _ in range(N):
        start = FIRST + timedelta(minutes=rng.randrange(SPAN_MINUTES))
        duration = parse_duration(rng.choice(texts))
        assert duration is not None
        rows.append((rng.choice(calendars), start, duration))
    return rows


def _warm(rows: list[tuple[Calendar, datetime, Duration]]) -> None:
    for calendar, start, duration in rows[:2_000]:
        due(calendar, start, duration)
    for calendar in {row[0] for row in rows}:
        for year in range(2026, 2030):
            calendar.is_working_day(date(year, 1, 1))


def _ours(rows: list[tuple[Calendar, datetime, Duration]]) -> list[datetime]:
    return [due(calendar, start, duration) for calendar, start, duration in rows]


def _peer_rules(calendar: Calendar) -> businesstimedelta.Rules:
    """`businesstimedelta` rules equivalent to pekalongan-a, with its holidays."""
    tz = pytz.timezone(calendar.tz.key)
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(4 * 366)]
    closed = {d for d in days if calendar.holiday_name(d)}
    return businesstimedelta.Rules(
        [
            businesstimedelta.WorkDayRule(
                clock_time(7, 30), clock_time(15, 45), [0, 1, 2, 3], tz=tz
            ),
            businesstimedelta.WorkDayRule(clock_time(7, 30), clock_time(11, 0), [4], tz=tz),
            businesstimedelta.LunchTimeRule(clock_time(12), clock_time(13), [0, 1, 2, 3], tz=tz),
            businesstimedelta.HolidayRule(closed, tz=tz),
        ]
    )


def _compare_with_peer(rng: random.Random) -> tuple[float, float]:
    calendar = load_calendar("pekalongan-a")
    rows = [
        (FIRST + timedelta(minutes=rng.randrange(SPAN_MINUTES)), rng.randint(1, 60))
        for _ in range(N)
    ]
    durations = [Duration(hours, Unit.JAM, f"{hours} jam") for _, hours in rows]
    ours_rate = _rate(
        "sla, jam, pekalongan-a",
        N,
        lambda: [due(calendar, s, d) for (s, _), d in zip(rows, durations, strict=True)],
    )
    rules = _peer_rules(calendar)
    sample = rows[:N_PEER]
    peer_rate = _rate(
        "businesstimedelta, jam, pekalongan-a",
        N_PEER,
        lambda: [s + businesstimedelta.BusinessTimeDelta(rules, hours=h) for s, h in sample],
    )
    peer = [s + businesstimedelta.BusinessTimeDelta(rules, hours=h) for s, h in sample]
    same = sum(
        p == due(calendar, s, d) for p, (s, _), d in zip(peer, sample, durations, strict=False)
    )
    print(f"deadlines equal to businesstimedelta's: {same} of {N_PEER}")
    return ours_rate, peer_rate


def _ten_years() -> None:
    text = resources.files("sla.calendars").joinpath("pekalongan-a.yaml").read_text("utf-8")
    started = time.perf_counter()
    calendar = parse_calendar(text, "pekalongan-a.yaml", "pekalongan-a")
    created = time.perf_counter() - started
    start = datetime(2026, 1, 1, tzinfo=calendar.tz)
    calendar.service_time_between(start, datetime(2035, 12, 31, 23, tzinfo=calendar.tz))
    filled = time.perf_counter() - started
    print(f"calendar created (lazy): {created * 1000:.1f} ms")
    print(f"calendar created and filled for 2026-2035: {filled * 1000:.1f} ms")


def main() -> None:
    rng = random.Random(20260317)
    jam = _inputs(
        rng, [f"{h} jam" for h in range(1, 61)] + [f"{m} menit" for m in (15, 30, 45, 60)]
    )
    hari = _inputs(rng, [f"{n} hari kerja" for n in range(1, 31)])
    _warm(jam)
    _warm(hari)
    _rate("sla, jam/menit, shipped calendars", N, lambda: _ours(jam))
    _rate("sla, hari kerja, shipped calendars", N, lambda: _ours(hari))
    ours, peer = _compare_with_peer(rng)
    print(f"speed-up over businesstimedelta (per item): {ours / peer:,.0f}x")
    _ten_years()


if __name__ == "__main__":
    main()
