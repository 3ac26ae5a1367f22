"""The root command group: usage errors in Bahasa Indonesia, one line, never a traceback.

The command-line library's own messages ("No such option", "Missing argument", "Invalid value
for …") are rebuilt from the data its exceptions carry. Whatever else escapes a command
becomes one line with exit code 1 (a fault in alur; `ALUR_DEBUG=1` lets the trace through).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from app.cli.coercion import lighten
from app.cli.helptext import indonesian_help
from app.errors import ExitCode

try:  # typer >= 0.29 vendors click
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover - typer with click as a separate package
    from click import exceptions as click_exc  # type: ignore[no-redef]

__all__ = ["AlurGroup", "usage_message"]

# Messages of the library's value checks, as (pattern, Bahasa Indonesia template).
_VALUE_MESSAGES = (
    (re.compile(r"valid integer"), "harus bilangan bulat"),
    (re.compile(r"valid number|valid float"), "harus angka"),
    (
        re.compile(r"(?:Value error, )?(.+?) is not one of (.+?)\.?$"),
        r"\1 bukan salah satu dari \2",
    ),
    (re.compile(r"does not exist"), "tidak ada"),
    (re.compile(r"is a directory"), "adalah folder, bukan berkas"),
    (re.compile(r"is not readable"), "tidak dapat dibaca"),
)


def _value_message(message: str) -> str:
    for pattern, said in _VALUE_MESSAGES:
        match = pattern.search(message)
        if match:
            return match.expand(said)
    return "nilai tidak sah"


def _hint(exc: Any) -> str:
    param = getattr(exc, "param", None)
    if getattr(exc, "param_hint", None):
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(repr(h) for h in hint)
    return str(param.get_error_hint()) if param is not None else ""


def usage_message(exc: Exception) -> str:
    """One line in Bahasa Indonesia for a usage error of the command-line library."""
    if isinstance(exc, click_exc.NoSuchOption):
        maybe = sorted(exc.possibilities or ())
        extra = f" (mungkin: {', '.join(maybe)})" if maybe else ""
        return f"opsi {exc.option_name} tidak dikenal{extra}"
    if isinstance(exc, click_exc.MissingParameter):
        kind = str(exc.param_type or getattr(exc.param, "param_type_name", "parameter"))
        kind = {"argument": "argumen", "option": "opsi"}.get(kind, kind)
        return f"{kind} {_hint(exc)} wajib diisi"
    if isinstance(exc, click_exc.BadParameter):
        return f"nilai untuk {_hint(exc)} tidak sah: {_value_message(exc.message)}"
    if isinstance(exc, click_exc.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"opsi {exc.option_name} memerlukan nilai"
        if "does not take a value" in exc.message:
            return f"opsi {exc.option_name} tidak menerima nilai"
        return f"opsi {exc.option_name} tidak dipakai dengan benar"
    return _general_message(str(getattr(exc, "message", exc)))


def _general_message(message: str) -> str:
    command = re.match(r"No such command '(.*)'\.(?: Did you mean (.+)\?)?", message, re.S)
    if command:
        maybe = f" (mungkin: {command[2]})" if command[2] else ""
        return f"perintah {command[1]!r} tidak dikenal{maybe}"
    extra = re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)$", message, re.S)
    if extra:
        return f"argumen berlebih: {extra[1]}"
    if message.startswith("Missing command"):
        return "sebutkan perintahnya (lihat --help)"
    return "perintah tidak dapat dibaca (lihat --help)"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class AlurGroup(TyperGroup):
    """The `alur` group: its own error lines, the same under `main()` and a test runner."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = self._run(args, prog_name, complete_var, extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(
        self, args: Sequence[str] | None, prog_name: str | None, complete_var: Any, extra: Any
    ) -> int:
        lighten(self)
        indonesian_help(self)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_exc.NoArgsIsHelpError as exc:
            typer.echo(exc.format_message())
            return ExitCode.BAD_INPUT
        except click_exc.UsageError as exc:
            return _error(usage_message(exc), ExitCode.BAD_INPUT)
        except click_exc.ClickException as exc:
            return _error(f"berkas tidak dapat dibuka: {exc.message}", ExitCode.BAD_INPUT)
        except (typer.Abort, KeyboardInterrupt):
            return _error("dihentikan", ExitCode.INTERRUPTED)
        except Exception as exc:  # a fault of alur itself: one line, unless debugging
            if os.environ.get("ALUR_DEBUG"):
                raise
            return _error(
                f"kesalahan internal alur ({type(exc).__name__}: {exc}); mohon laporkan",
                ExitCode.INTERNAL,
            )
        return result if isinstance(result, int) else ExitCode.OK


def _error(message: str, code: int) -> int:
    typer.echo(f"galat: {_one_line(message)}", err=True)
    return int(code)
