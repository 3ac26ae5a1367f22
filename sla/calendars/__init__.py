"""Calendars shipped with the package, one YAML file per distinct service-hours pattern."""
