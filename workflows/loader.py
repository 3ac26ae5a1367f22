"""Reading workflow YAML files into checked definitions.

`load_file` validates one file and reports every problem together, each with
the YAML line and the field it is about:

    workflows/pekalongan/x.yaml: 2 masalah: baris 14 states.kabag: tidak ada langkah
    yang keluar dari tahap ini; baris 31 sla.text: standar waktu tidak dapat dibaca: ...

A file is read within bounds (`workflows.safe_yaml`): size, nesting, no aliases,
UTF-8 only. Messages are in Bahasa Indonesia, for the staff who write the files.

`load_all` loads every shipped file (or the given ones) and refuses duplicate ids.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from engine.checks import Problem, check_definition
from engine.definition import Definition
from sla import DurationError, SlaError, parse_duration
from workflows.calendars import resolve_calendar
from workflows.errors import DefinitionInvalid, DuplicateWorkflow, FileProblem
from workflows.messages import indonesian
from workflows.safe_yaml import MAX_BYTES, YamlRefused, decode, read_yaml

__all__ = [
    "SHIPPED_DIR",
    "SHIPPED_ORIGIN",
    "LoadedDefinition",
    "load_all",
    "load_file",
    "load_text",
    "shipped_files",
]

SHIPPED_DIR = Path(__file__).parent
SHIPPED_ORIGIN = "bawaan"
"""The origin of a definition shipped with alur (others name their office folder)."""


@dataclass(frozen=True)
class LoadedDefinition:
    definition: Definition
    path: str
    digest: str  # sha256 of the file's bytes: a changed file is a new definition
    origin: str = SHIPPED_ORIGIN


def shipped_files() -> list[Path]:
    return sorted(p for p in SHIPPED_DIR.glob("*/*.yaml"))


def load_file(
    path: Path | str, *, calendar_dirs: Sequence[Path] = (), origin: str = SHIPPED_ORIGIN
) -> LoadedDefinition:
    """Load one file; a calendar named as a file is found relative to it."""
    path = Path(path)
    name = _display(path)
    try:
        raw = _read_bounded(path)
        text = decode(raw)
    except OSError as exc:
        raise DefinitionInvalid(
            name, [FileProblem(None, "", f"tidak dapat dibaca: {exc.strerror}")]
        ) from None
    except YamlRefused as exc:
        raise DefinitionInvalid(name, [FileProblem(exc.line, "", exc.message)]) from None
    return load_text(text, name, base_dir=path.parent, calendar_dirs=calendar_dirs, origin=origin)


def _read_bounded(path: Path) -> bytes:
    """At most one byte more than the size limit: a huge file is never read whole."""
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def load_text(
    text: str,
    name: str,
    *,
    base_dir: Path | None = None,
    calendar_dirs: Sequence[Path] = (),
    origin: str = SHIPPED_ORIGIN,
    max_bytes: int = MAX_BYTES,
) -> LoadedDefinition:
    try:
        node, data = read_yaml(text, max_bytes)
    except YamlRefused as exc:
        raise DefinitionInvalid(name, [FileProblem(exc.line, "", exc.message)]) from None
    lines = _line_index(node)
    if not isinstance(data, dict):
        raise DefinitionInvalid(name, [FileProblem(1, "", "isi berkas workflow harus mapping")])
    field_problems: list[FileProblem] = []
    try:
        definition = Definition.model_validate(data)
    except ValidationError as exc:
        field_problems = [_from_pydantic(err, lines) for err in exc.errors()]
        pruned = _despite_unknown_keys(data, exc)
        if pruned is None:  # the fields themselves are wrong: nothing more to check
            raise DefinitionInvalid(name, field_problems) from None
        definition = pruned
    definition, sla_problems = _check_sla(definition, base_dir, calendar_dirs)
    problems = field_problems + [
        _located(p, lines) for p in [*check_definition(definition), *sla_problems]
    ]
    if problems:
        raise DefinitionInvalid(name, problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedDefinition(definition, name, digest, origin)


def load_all(paths: list[Path] | None = None) -> list[LoadedDefinition]:
    """Load every file; the first bad file's problems are raised."""
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


def _check_sla(
    d: Definition, base_dir: Path | None, calendar_dirs: Sequence[Path]
) -> tuple[Definition, list[Problem]]:
    """The definition naming its calendar by name, and the problems of its commitments."""
    problems = []
    plain_hari = "kerja"
    try:
        name, calendar = resolve_calendar(d.sla.calendar, base_dir, calendar_dirs)
        plain_hari = calendar.plain_hari
        if name != d.sla.calendar:
            d = d.model_copy(update={"sla": d.sla.model_copy(update={"calendar": name})})
    except SlaError as exc:
        problems.append(Problem(("sla", "calendar"), str(exc)))
    texts: list[tuple[tuple[str | int, ...], str]] = [(("sla", "text"), d.sla.text)]
    texts += [(("sla", "variants", k), v) for k, v in d.sla.variants.items()]
    texts += [(("states", k, "sla"), s.sla) for k, s in d.states.items() if s.sla]
    if d.sla.lapse_after:
        texts.append((("sla", "lapse_after"), d.sla.lapse_after))
    for path, text in texts:
        try:
            parse_duration(text, plain_hari)
        except DurationError as exc:
            problems.append(Problem(path, str(exc)))
    return d, problems


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


_FLOW_COMMA_HINT = (
    "; jika ini sisa teks sesudah koma di dalam {…}, beri tanda kutip pada teks itu, "
    'mis. label: "Periksa, lalu teruskan"'
)


def _from_pydantic(err: Any, lines: dict[tuple[str | int, ...], int]) -> FileProblem:
    loc = tuple(err["loc"])
    message = indonesian(err)
    if err["type"] == "extra_forbidden":
        key = loc[-1] if loc else ""
        if err.get("input") is None and isinstance(key, str) and " " in key.strip():
            message += _FLOW_COMMA_HINT  # `{label: Periksa, lalu teruskan}` in one line
    return FileProblem(_line_for(loc, lines), _dotted(loc), message)


def _located(problem: Problem, lines: dict[tuple[str | int, ...], int]) -> FileProblem:
    return FileProblem(_line_for(problem.path, lines), _dotted(problem.path), problem.message)
