"""Working-time SLA clock for Indonesian public services.

Calendars (opening hours, holidays, dated overrides) are YAML data; durations are read from the
decrees' own wording; deadlines, pauses and status are pure functions of the instants passed in.
This package imports nothing from the rest of the project.
"""

from sla.calendar import Calendar, HolidaySource, Override
from sla.calendar_file import (
    forget_registered_calendars,
    load_calendar,
    parse_calendar,
    register_calendar,
    registered_calendar_names,
    shipped_calendar_names,
)
from sla.clock import Clock, SlaStatus, State, format_service_time, status
from sla.deadline import Rule, due
from sla.duration import Duration, Unit, parse_duration, service_time
from sla.errors import (
    CalendarError,
    CalendarProblem,
    ClockStateError,
    DurationError,
    NaiveDatetimeError,
    SlaError,
    UnknownCalendarError,
)

__all__ = [
    "Calendar",
    "CalendarError",
    "CalendarProblem",
    "Clock",
    "ClockStateError",
    "Duration",
    "DurationError",
    "HolidaySource",
    "NaiveDatetimeError",
    "Override",
    "Rule",
    "SlaError",
    "SlaStatus",
    "State",
    "Unit",
    "UnknownCalendarError",
    "due",
    "forget_registered_calendars",
    "format_service_time",
    "load_calendar",
    "parse_calendar",
    "parse_duration",
    "register_calendar",
    "registered_calendar_names",
    "service_time",
    "shipped_calendar_names",
    "status",
]
