"""Errors of the monitoring package.

AppError (app.errors)
├── PolicyInvalid      an escalation policy file cannot be read or breaks a rule (2)
├── MonitorSettingsInvalid  a monitoring setting has a bad value (2)
└── OutboxNotFound     no outbox message has that number (2)
"""

from __future__ import annotations

from app.errors import AppError, NotFound

__all__ = ["MonitorSettingsInvalid", "OutboxNotFound", "PolicyInvalid"]


class PolicyInvalid(AppError):
    def __init__(self, path: str, problems: list[str]) -> None:
        self.path, self.problems = path, problems
        count = f"{len(problems)} masalah" if len(problems) > 1 else "1 masalah"
        super().__init__(f"kebijakan eskalasi {path}: {count}: {'; '.join(problems)}")


class MonitorSettingsInvalid(AppError):
    def __init__(self, key: str, value: str, reason: str) -> None:
        self.key, self.value = key, value
        super().__init__(f"pengaturan {key} = {value!r}: {reason}")


class OutboxNotFound(NotFound):
    def __init__(self, ident: str) -> None:
        self.ident = ident
        super().__init__(f"pesan outbox {ident} tidak ditemukan")
