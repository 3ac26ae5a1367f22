"""The SLA clock: start, pause, resume, reset, stop and status (calendar pekalongan-a)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sla import (
    Clock,
    ClockStateError,
    Duration,
    NaiveDatetimeError,
    State,
    format_service_time,
    load_calendar,
    parse_duration,
    status,
)

A = load_calendar("pekalongan-a")
WIB = ZoneInfo("Asia/Jakarta")
ONE_DAY = parse_duration("1 hari kerja")
assert ONE_DAY is not None


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def _clock(start: str = "2026-03-10T10:00", duration: Duration = ONE_DAY) -> Clock:
    return Clock.start(A, _at(start), duration)


def test_start() -> None:
    clock = _clock()
    assert clock == Clock(_at("2026-03-10T10:00"), _at("2026-03-11T15:45"))
    assert clock.paused_total == timedelta(0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        clock.due_at = _at("2026-03-12T15:45")  # type: ignore[misc]


# Clock started Tuesday 10 March 10.00, 1 hari kerja, due Wednesday 11 March 15.45;
# 12 h of service time from start to deadline.
@pytest.mark.parametrize(
    ("at", "state", "described"),
    [
        ("2026-03-10T11:00", State.ON_TRACK, "sisa 1 hari kerja 3 jam 45 menit"),
        ("2026-03-11T07:30", State.ON_TRACK, "sisa 1 hari kerja"),  # Wednesday ahead, whole
        ("2026-03-11T11:00", State.ON_TRACK, "sisa 3 jam 45 menit"),  # 8.25 of 12 h used
        ("2026-03-11T13:30", State.AT_RISK, "sisa 2 jam 15 menit"),  # 9.75 of 12 h: >= 75%
        ("2026-03-11T15:45", State.AT_RISK, "sisa 0 menit"),  # at the deadline: not late
        ("2026-03-11T20:00", State.BREACHED, "terlambat, tenggat sudah lewat"),  # no service time
        ("2026-03-12T10:00", State.BREACHED, "terlambat 2 jam 30 menit"),
        ("2026-03-12T15:45", State.BREACHED, "terlambat 1 hari kerja"),
        ("2026-03-16T08:00", State.BREACHED, "terlambat 2 hari kerja 30 menit"),  # Thu + Fri
        ("2026-03-26T09:15", State.BREACHED, "terlambat 5 hari kerja 1 jam 45 menit"),  # Nyepi
    ],
)
def test_status(at: str, state: State, described: str) -> None:
    result = status(A, _clock(), _at(at))
    assert result.state is state
    assert result.describe() == described
    assert result.budget == timedelta(hours=12)


def test_late_and_remaining_fields() -> None:
    late = status(A, _clock(), _at("2026-03-16T08:00"))
    assert (late.late_working_days, late.late_service_time) == (2, timedelta(minutes=30))
    assert (late.remaining_working_days, late.remaining_service_time) == (0, timedelta(0))
    early = status(A, _clock(), _at("2026-03-10T11:00"))
    assert early.remaining_working_days == 1
    assert early.remaining_service_time == timedelta(hours=3, minutes=45)
    assert early.elapsed == timedelta(hours=1)


def test_at_risk_threshold() -> None:
    at = _at("2026-03-11T08:30")  # 5.75 of 12 h used
    assert status(A, _clock(), at).state is State.ON_TRACK
    assert status(A, _clock(), at, at_risk=0.4).state is State.AT_RISK


def test_start_after_hours_counts_from_next_opening() -> None:
    clock = _clock("2026-03-13T14:00")  # Friday after closing: S' = Monday 07.30
    assert clock.due_at == _at("2026-03-17T15:45")
    result = status(A, clock, _at("2026-03-14T10:00"))
    assert result.elapsed == timedelta(0)
    assert result.describe() == "sisa 2 hari kerja"


def test_pause_and_resume_move_the_deadline() -> None:
    paused = _clock().pause(A, _at("2026-03-10T14:00"))
    assert paused.paused_at == _at("2026-03-10T14:00")
    while_paused = status(A, paused, _at("2026-03-13T10:00"))  # measured at the pause
    assert while_paused.state is State.ON_TRACK
    assert while_paused.describe() == "sisa 1 hari kerja 1 jam 45 menit (dijeda)"
    # Paused 1.75 h on Tuesday + 7.25 h Wednesday + 2.5 h Thursday = 11.5 h of service time.
    resumed = paused.resume(A, _at("2026-03-12T10:00"))
    assert resumed.paused_at is None
    assert resumed.paused_total == timedelta(hours=11, minutes=30)
    assert resumed.due_at == _at("2026-03-16T08:15")  # Wed 15.45 + 11.5 h of service time
    after = status(A, resumed, _at("2026-03-12T10:00"))
    assert (after.elapsed, after.budget) == (timedelta(hours=3), timedelta(hours=12))


def test_pause_outside_hours_costs_nothing() -> None:
    clock = _clock()
    resumed = clock.pause(A, _at("2026-03-10T16:00")).resume(A, _at("2026-03-11T07:00"))
    assert resumed.due_at == clock.due_at
    assert resumed.paused_total == timedelta(0)


def test_stop() -> None:
    on_time = _clock().stop(_at("2026-03-11T15:00"))
    assert status(A, on_time, _at("2026-04-30T10:00")).describe() == "tepat waktu"
    late = _clock().stop(_at("2026-03-12T10:00"))
    result = status(A, late, _at("2026-04-30T10:00"))
    assert result.state is State.BREACHED
    assert result.describe() == "terlambat 2 jam 30 menit"
    assert result.stopped


def test_stopped_while_paused_is_measured_at_the_pause() -> None:
    clock = _clock().pause(A, _at("2026-03-10T14:00")).stop(_at("2026-03-20T10:00"))
    assert status(A, clock, _at("2026-04-30T10:00")).state is State.ON_TRACK


def test_reset_restarts_the_clock() -> None:
    clock = _clock().pause(A, _at("2026-03-10T14:00"))
    fresh = clock.reset(A, _at("2026-03-12T10:00"), ONE_DAY)
    assert fresh == Clock(_at("2026-03-12T10:00"), _at("2026-03-13T11:00"))
    jam = parse_duration("2 jam")
    assert jam is not None
    assert fresh.reset(A, _at("2026-03-12T10:00"), jam).due_at == _at("2026-03-12T12:00")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda c: c.resume(A, _at("2026-03-10T12:00")), "tidak sedang dijeda"),
        (lambda c: c.pause(A, _at("2026-03-10T12:00")).pause(A, _at("2026-03-10T13:00")), "dijeda"),
        (lambda c: c.stop(_at("2026-03-10T12:00")).pause(A, _at("2026-03-10T13:00")), "berhenti"),
        (lambda c: c.stop(_at("2026-03-10T12:00")).stop(_at("2026-03-10T13:00")), "berhenti"),
        (lambda c: c.pause(A, _at("2026-03-10T09:00")), "sebelum"),
        (
            lambda c: c.pause(A, _at("2026-03-10T12:00")).resume(A, _at("2026-03-10T11:00")),
            "sebelum",
        ),
    ],
)
def test_wrong_state(make: object, message: str) -> None:
    with pytest.raises(ClockStateError, match=message):
        make(_clock())  # type: ignore[operator]


@pytest.mark.parametrize(
    "call",
    [
        lambda: Clock.start(A, datetime(2026, 3, 10, 10), ONE_DAY),
        lambda: _clock().pause(A, datetime(2026, 3, 10, 11)),
        lambda: _clock().stop(datetime(2026, 3, 10, 11)),
        lambda: status(A, _clock(), datetime(2026, 3, 10, 11)),
    ],
)
def test_naive_datetimes_are_refused(call: object) -> None:
    with pytest.raises(NaiveDatetimeError) as info:
        call()  # type: ignore[operator]
    assert info.value.argument in ("at", "start")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(0), "0 menit"),
        (timedelta(seconds=20), "kurang dari 1 menit"),
        (timedelta(minutes=45), "45 menit"),
        (timedelta(hours=2), "2 jam"),
        (timedelta(hours=27, minutes=5, seconds=59), "27 jam 5 menit"),
    ],
)
def test_format_service_time(value: timedelta, text: str) -> None:
    assert format_service_time(value) == text
