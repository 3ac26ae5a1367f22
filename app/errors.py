"""The exit codes of the `alur` command, and the errors of the command line's own wiring.

Every failure prints one line starting with ``galat:`` on stderr and ends with one of these
codes (the README's table is the same):

    0  OK                  done
    1  INTERNAL            a fault in alur itself (report it; ALUR_DEBUG=1 shows the trace)
    2  BAD_INPUT           bad input: usage, unknown case/service/staff, bad file, bad or
                           missing database URL or file, bad settings file
    3  NOT_PERMITTED       the person lacks the role, unit or a guard does not hold
    4  CONFLICT            the case changed since it was read: read again and retry
    5  DATABASE_FAILED     the database failed (corrupted, read-only, full, gone mid-way);
                           nothing was written
    6  OUTCOME_UNKNOWN     the connection broke while committing: the step may or may not be
                           recorded; read the case before retrying
    130 INTERRUPTED        stopped with Ctrl-C

AppError
├── SettingsInvalid       the settings file cannot be read or has a bad key or value (2)
├── DatabaseUrlInvalid    the database URL cannot be read or names an unsupported system (2)
├── DatabaseMissing       the SQLite file does not exist; only `alur db upgrade` creates it (2)
└── DatabaseBroken        the file is not a database, or the database refuses to work (5)
"""

from __future__ import annotations

from enum import IntEnum

__all__ = [
    "AppError",
    "DatabaseBroken",
    "DatabaseMissing",
    "DatabaseUrlInvalid",
    "ExitCode",
    "SettingsInvalid",
]


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    BAD_INPUT = 2
    NOT_PERMITTED = 3
    CONFLICT = 4
    DATABASE_FAILED = 5
    OUTCOME_UNKNOWN = 6
    INTERRUPTED = 130


class AppError(Exception):
    exit_code: int = ExitCode.BAD_INPUT


class NotFound(AppError):
    """Something named by the asker does not exist (or is not theirs to see): bad input on
    the command line, 404 on the web."""


class SettingsInvalid(AppError):
    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"berkas pengaturan {path}: {reason}")


class DatabaseUrlInvalid(AppError):
    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"URL basis data {url!r} tidak dapat dipakai: {reason}")


class DatabaseMissing(AppError):
    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"basis data tidak ditemukan: {path}; buat dengan 'alur db upgrade'")


class DatabaseBroken(AppError):
    exit_code = ExitCode.DATABASE_FAILED

    def __init__(self, where: str, reason: str) -> None:
        self.where, self.reason = where, reason
        super().__init__(f"basis data {where} gagal: {reason}; tidak ada yang tercatat")
