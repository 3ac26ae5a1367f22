"""Reading workflow YAML files into checked definitions.

`load_file` validates one file and reports every problem together, each with
the YAML line and the field it is about:

    workflows/pekalongan/x.yaml: 2 problems: line 14 states.kabag: no transition
    leaves this state; line 31 sla.text: "4 hari krja" is not a duration

`load_all` loads every shipped file (or the given ones) and refuses duplicate ids.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from engine.checks import Problem, check_definition
from engine.definition import Definition
from sla import DurationError, SlaError, load_calendar, parse_duration
from workflows.errors import DefinitionInvalid, DuplicateWorkflow, FileProblem

__all__ = ["SHIPPED_DIR", "LoadedDefinition", "load_all", "load_file", "load_text", "shipped_files"]

SHIPPED_DIR = Path(__file__).parent


@dataclass(frozen=True)
class LoadedDefinition:
    definition: Definition
    path: str
    digest: str  # sha256 of the file's bytes: a changed file is a new definition


def shipped_files() -> list[Path]:
    return sorted(p for p in SHIPPED_DIR.glob("*/*.yaml"))


def load_file(path: Path | str) -> LoadedDefinition:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DefinitionInvalid(
            path, [FileProblem(None, "", f"cannot read: {exc.strerror}")]
        ) from exc
    return load_text(text, _display(path))


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_text(text: str, name: str) -> LoadedDefinition:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DefinitionInvalid(name, [FileProblem(line, "", f"YAML syntax: {problem}")]) from exc
    lines = _line_index(node)
    if not isinstance(data, dict):
        raise DefinitionInvalid(name, [FileProblem(1, "", "a workflow file must be a mapping")])
    field_problems: list[FileProblem] = []
    try:
        definition = Definition.model_validate(data)
    except ValidationError as exc:
        field_problems = [_from_pydantic(err, lines) for err in exc.errors()]
        pruned = _despite_unknown_keys(data, exc)
        if pruned is None:  # the fields themselves are wrong: nothing more to check
            raise DefinitionInvalid(name, field_problems) from exc
        definition = pruned
    problems = field_problems + [
        _located(p, lines) for p in [*check_definition(definition), *_check_sla(definition)]
    ]
    if problems:
        raise DefinitionInvalid(name, problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedDefinition(definition, name, digest)


def load_all(paths: list[Path] | None = None) -> list[LoadedDefinition]:
    """Load every file; all files' problems are collected before raising the first file's."""
    loaded: list[LoadedDefinition] = []
    seen: dict[str, str] = {}
    for path in paths if paths is not None else shipped_files():
        item = load_file(path)
        first = seen.get(item.definition.id)
        if first is not None:
            raise DuplicateWorkflow(item.definition.id, first, item.path)
        seen[item.definition.id] = item.path
        loaded.append(item)
    return loaded


def _despite_unknown_keys(data: dict[str, Any], exc: ValidationError) -> Definition | None:
    """The definition read without its unknown keys, when those are its only field
    problems, so that the checks of the whole workflow can report alongside them."""
    errors = exc.errors()
    if any(err["type"] != "extra_forbidden" for err in errors):
        return None
    pruned = copy.deepcopy(data)
    for err in errors:
        *parents, key = err["loc"]
        holder: Any = pruned
        for step in parents:
            holder = holder[step]
        holder.pop(key, None)
    try:
        return Definition.model_validate(pruned)
    except ValidationError:
        return None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(SHIPPED_DIR.parent))
    except ValueError:
        return str(path)


def _check_sla(d: Definition) -> list[Problem]:
    problems = []
    plain_hari = "kerja"
    try:
        plain_hari = load_calendar(d.sla.calendar).plain_hari
    except SlaError as exc:
        problems.append(Problem(("sla", "calendar"), str(exc)))
    texts: list[tuple[tuple[str | int, ...], str]] = [(("sla", "text"), d.sla.text)]
    texts += [(("sla", "variants", k), v) for k, v in d.sla.variants.items()]
    texts += [(("states", k, "sla"), s.sla) for k, s in d.states.items() if s.sla]
    for path, text in texts:
        try:
            parse_duration(text, plain_hari)
        except DurationError as exc:
            problems.append(Problem(path, str(exc)))
    return problems


def _line_index(node: yaml.Node | None) -> dict[tuple[str | int, ...], int]:
    """Map each field path to the 1-based line where it is written."""
    index: dict[tuple[str | int, ...], int] = {}

    def walk(n: yaml.Node, path: tuple[str | int, ...]) -> None:
        index.setdefault(path, n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                index[(*path, key.value)] = key.start_mark.line + 1
                walk(value, (*path, key.value))
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, (*path, i))

    if node is not None:
        walk(node, ())
    return index


def _line_for(path: tuple[Any, ...], lines: dict[tuple[str | int, ...], int]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _dotted(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path)


def _from_pydantic(err: Any, lines: dict[tuple[str | int, ...], int]) -> FileProblem:
    loc = tuple(err["loc"])
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    elif err["type"] == "missing":
        message = "required key is missing"
    return FileProblem(_line_for(loc, lines), _dotted(loc), message)


def _located(problem: Problem, lines: dict[tuple[str | int, ...], int]) -> FileProblem:
    return FileProblem(_line_for(problem.path, lines), _dotted(problem.path), problem.message)
