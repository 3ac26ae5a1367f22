"""Errors raised by the SLA package.

Every error builds its own one-line message (in Bahasa Indonesia, because the command line
shows it to office staff) from the values it is given, so callers never format messages.

    SlaError(Exception)
    ├── CalendarError(file, key, value, reason, also=())   a calendar file is unreadable or invalid
    ├── UnknownCalendarError(name, known)                  no shipped calendar has that name
    ├── DurationError(text, reason=None)                   SLA text that cannot be read
    ├── NaiveDatetimeError(argument, value)                a datetime without a time zone
    └── ClockStateError(action, reason)                    pause/resume/stop in the wrong state
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "CalendarError",
    "CalendarProblem",
    "ClockStateError",
    "DurationError",
    "NaiveDatetimeError",
    "SlaError",
    "UnknownCalendarError",
]


class SlaError(Exception):
    """Base of every error raised by `sla`."""


class CalendarProblem(NamedTuple):
    """One problem found in a calendar file: where (`key`), what (`value`) and why."""

    key: str
    value: object
    reason: str

    def __str__(self) -> str:
        if self.key:
            return f"{self.key} = {self.value!r}: {self.reason}"
        return self.reason


class CalendarError(SlaError):
    """A calendar file cannot be read or is invalid; names the file, the key and the value.

    All problems found in one file are carried in `problems` (the first one is `key`,
    `value`, `reason`); the message lists them all on one line.
    """

    def __init__(
        self,
        file: str | Path,
        key: str,
        value: object,
        reason: str,
        also: Sequence[CalendarProblem] = (),
    ) -> None:
        self.file = str(file)
        self.key = key
        self.value = value
        self.reason = reason
        self.problems: tuple[CalendarProblem, ...] = (CalendarProblem(key, value, reason), *also)
        super().__init__(self._message())

    @classmethod
    def of(cls, file: str | Path, problems: Sequence[CalendarProblem]) -> CalendarError:
        """One error carrying all `problems` (at least one) of `file`."""
        first, *rest = problems
        return cls(file, first.key, first.value, first.reason, rest)

    def _message(self) -> str:
        if len(self.problems) == 1:
            return f"kalender {self.file}: {self.problems[0]}"
        listed = "; ".join(str(p) for p in self.problems)
        return f"kalender {self.file}: {len(self.problems)} masalah: {listed}"


class UnknownCalendarError(SlaError):
    """No shipped calendar has this name; the message lists the known names."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = list(known)
        super().__init__(
            f"kalender tidak dikenal: {name!r}; yang tersedia: {', '.join(self.known)}"
        )


class DurationError(SlaError):
    """SLA text that cannot be read as a duration; quotes the text."""

    def __init__(self, text: str, reason: str | None = None) -> None:
        self.text = text
        self.reason = reason
        detail = f" ({reason})" if reason else ""
        super().__init__(f"standar waktu tidak dapat dibaca: {text!r}{detail}")


class NaiveDatetimeError(SlaError):
    """A datetime without a time zone was passed; names the argument."""

    def __init__(self, argument: str, value: datetime) -> None:
        self.argument = argument
        self.value = value
        super().__init__(
            f"{argument}: waktu tanpa zona waktu tidak diterima ({value.isoformat()}); "
            "sertakan offset, mis. +07:00"
        )


class ClockStateError(SlaError):
    """A clock operation that does not fit the clock's state (e.g. resuming a running clock)."""

    def __init__(self, action: str, reason: str) -> None:
        self.action = action
        self.reason = reason
        super().__init__(f"{action}: {reason}")
