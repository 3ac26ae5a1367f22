"""`alur sla …`: deadlines, working-time calendars and SLA status from the command line.

Output is a stable contract: `due` prints exactly one line, the deadline in ISO 8601 with the
calendar's UTC offset, or `tidak ditetapkan` (exit 0) when the SLA text means no commitment.
Bad input prints one line on stderr and exits with code 2.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import typer

from app.cli import group
from app.output import fail, handled, parse_instant
from app.timefmt import long_time

if TYPE_CHECKING:
    from sla import Calendar, Duration, Rule

app = group("Jam SLA: tenggat waktu, kalender hari kerja dan status keterlambatan.")

NO_COMMITMENT = "tidak ditetapkan"
_WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_CALENDAR = typer.Option(..., "--calendar", help="Nama kalender bawaan atau path berkas YAML.")
_START = typer.Option(..., "--start", help="Mulai, ISO 8601 dengan offset: 2026-03-17T14:00+07:00")
_SLA = typer.Option(..., "--sla", help='Standar waktu seperti tertulis, mis. "4 hari kerja".')
_RULE = typer.Option("end_of_day", "--rule", help="Aturan hari kerja: end_of_day atau same_time.")


def _instant(value: str, option: str) -> datetime:
    parsed = parse_instant(value, option)
    assert parsed is not None
    return parsed


def _rule(value: str) -> Rule:
    from sla import Rule

    try:
        return Rule(value)
    except ValueError:
        fail(f"--rule {value!r} tidak dikenal; pilih: {', '.join(r.value for r in Rule)}")


def _inputs(
    calendar: str, start: str, sla: str, rule: str
) -> tuple[Calendar, datetime, Rule, Duration | None]:
    from sla import load_calendar, parse_duration

    loaded = load_calendar(calendar)
    begin = _instant(start, "--start")
    chosen = _rule(rule)
    return loaded, begin, chosen, parse_duration(sla, loaded.plain_hari)


@app.command("due")
def due_command(
    calendar: str = _CALENDAR, start: str = _START, sla: str = _SLA, rule: str = _RULE
) -> None:
    """Tenggat waktu: satu baris ISO 8601 dengan offset kalender."""
    from sla import due

    with handled():
        loaded, begin, chosen, duration = _inputs(calendar, start, sla, rule)
        if duration is None:
            typer.echo(NO_COMMITMENT)
            return
        typer.echo(due(loaded, begin, duration, chosen).isoformat())
        if duration.assumed or duration.condition:  # stdout stays one line for scripts
            typer.echo(f"dibaca: {duration.describe()}", err=True)


@app.command("status")
def status_command(
    calendar: str = _CALENDAR,
    start: str = _START,
    sla: str = _SLA,
    at: str = typer.Option(..., "--at", help="Saat yang dinilai, ISO 8601 dengan offset."),
    rule: str = _RULE,
) -> None:
    """Status SLA pada saat --at: sesuai jadwal, berisiko atau terlambat."""
    from sla import Clock, status

    with handled():
        loaded, begin, chosen, duration = _inputs(calendar, start, sla, rule)
        moment = _instant(at, "--at")
        if duration is None:
            typer.echo(NO_COMMITMENT)
            return
        result = status(loaded, Clock.start(loaded, begin, duration, chosen), moment)
        deadline = long_time(result.due_at)
        typer.echo(f"{result.state.label}: {result.describe()} (tenggat {deadline})")


@app.command("calendar")
def calendar_command(
    calendar: str = _CALENDAR,
    month: str = typer.Option(..., "--month", help="Bulan, YYYY-MM, mis. 2026-03."),
) -> None:
    """Hari kerja, jam layanan dan hari libur satu bulan."""
    from sla import load_calendar

    with handled():
        loaded = load_calendar(calendar)
        first = _month(month)
        typer.echo(
            f"Kalender {loaded.name} ({loaded.tz.key}), {_MONTHS[first.month - 1]} {first.year}"
        )
        day, working = first, 0
        while day.month == first.month:
            typer.echo(_day_line(loaded, day))
            working += loaded.is_working_day(day)
            day += timedelta(days=1)
        typer.echo(f"Hari kerja: {working}")


def _month(value: str) -> date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        fail(f"--month {value!r} bukan bulan YYYY-MM (contoh: 2026-03)")
    return date(int(match[1]), int(match[2]), 1)


def _day_line(calendar: Calendar, day: date) -> str:
    head = f"{day.isoformat()} {_WEEKDAYS[day.weekday()]:<7}"
    holiday = calendar.holiday_name(day)
    if holiday:
        return f"{head} libur: {holiday}"
    intervals = calendar.intervals_on(day)
    if not intervals:
        return f"{head} tutup"
    return head + " " + ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in intervals)
