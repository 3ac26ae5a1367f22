"""Text options without pydantic: typer's own coercion, minus its start-up cost.

typer (0.29 and later) turns every parameter's value into its Python type through a pydantic
`TypeAdapter`, built when the command runs, for every parameter of that command, even those
left at `None`: importing pydantic and building the adapters costs about 0.1 s on a command
that needs no pydantic otherwise, and 0.02-0.03 s on one that does. Most of alur's parameters
are text (a reference, a trigger, a NIP), and text needs no validation library.
`lighten(group)` gives each parameter of the command tree (and each command's `--help`
flag, made when the command first parses) a coercion that

- returns `None` (or an empty tuple) for a value not given, as typer does, before anything else;
- turns a value of a `str` (or `list[str]`) parameter into text as typer does, and passes a
  flag's `True`/`False` through;
- matches an `Enum` or `Literal` parameter's value to its choices with typer's own function,
  and refuses a value that is none of them with the message typer gives;
- and for anything else (a number, a path, a list of choices) builds typer's own
  coercion on first use and hands the value to it, so its checks and messages are unchanged.

With a typer that has no such machinery (older versions, which coerce through click without
pydantic) `lighten` does nothing. It reaches into typer's private modules (`typer._coercion`,
`typer._param_types`); `tests/cli/test_startup_imports.py` and the command-line tests say
when a new typer changes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

try:
    from typer._click.exceptions import BadParameter
    from typer._click.utils import _escape_control_characters
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import choice_coercion_annotation, coerce_cli_choice
except ImportError:  # pragma: no cover - a typer without pydantic coercion
    RuntimeParam = None  # type: ignore[assignment,misc]

__all__ = ["lighten"]


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _Light(RuntimeParam):
        """Coercion of one parameter: text and defaults here, the rest by typer."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation = self.annotation
            if annotation is str:
                return _text(value)
            if annotation is bool and isinstance(value, bool):
                return value
            if annotation == list[str] and isinstance(value, (list, tuple)):
                return [_text(item) for item in value]
            choice = choice_coercion_annotation(annotation, self.parameter_info)
            if choice is not None and not isinstance(value, (list, tuple)):
                return _choice(value, choice, ctx, param)
            # typer's own coercion, built now that a value needs it
            param._runtime_param = build_runtime_param(param.type_descriptor)
            return param._runtime_param.coerce(value, param=param, ctx=ctx)


def _choice(value: Any, choice: tuple[Any, bool], ctx: Any, param: Any) -> Any:
    """One of an `Enum`'s or `Literal`'s values, matched and refused as typer does."""
    choices, case_sensitive = choice
    try:
        return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
    except ValueError as exc:  # typer says it through pydantic: "Value error, …"
        message = _escape_control_characters(f"Value error, {exc}")
        raise BadParameter(message, ctx=ctx, param=param) from exc


def _commands(command: Any) -> Any:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def _lighten_param(param: Any) -> None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", 0) is not None:
        return
    if descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None:
        return  # files and custom parsers: typer's own path from the start
    param._runtime_param = _Light(
        parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
    )


def _lighten_help(command: Any) -> None:
    """The `--help` option is made when a command first parses; lighten it then."""
    made = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None:
            _lighten_param(option)
        return option

    command.get_help_option = get_help_option


def lighten(root: Any) -> None:
    """Give every parameter under `root` the light coercion (see the module's text)."""
    if RuntimeParam is None:
        return  # pragma: no cover
    for command in _commands(root):
        for param in command.params:
            _lighten_param(param)
        _lighten_help(command)
