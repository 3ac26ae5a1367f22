"""Reading a YAML file that nobody checked, within fixed bounds of time and memory.

A workflow file comes from an office folder, so it is read defensively:

- its size is bounded (`MAX_BYTES`) before any parsing;
- bytes that are not UTF-8 are named as such, with the line where they are;
- aliases (``*name``, and so ``<<: *name`` merges) are refused before anything
  is built: an alias bomb ("billion laughs") is rejected at its first alias;
- nesting is bounded (`MAX_DEPTH`) by a scan of the parser's events, which keeps
  no stack of its own, so 50,000 brackets cannot exhaust the recursion limit;
- a key written twice in one mapping is refused.

libyaml's parser is used when PyYAML was built with it (the pure-Python one
reads about 100 KB a second). Every refusal is a `YamlRefused` carrying the
1-based line and a message in Bahasa Indonesia.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_BYTES", "MAX_DEPTH", "YamlRefused", "decode", "read_yaml"]

MAX_BYTES = 512 * 1024
"""The largest workflow file read: 30 times the largest shipped file."""
MAX_DEPTH = 32
"""The deepest nesting of mappings and lists; shipped files need 5."""

_TOO_DEEP = f"susunan terlalu dalam (lebih dari {MAX_DEPTH} tingkat)"
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class YamlRefused(Exception):
    """The text is not read: `line` (1-based, or None) and why, in Bahasa Indonesia."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(message)


class _StrictLoader(_Base):
    """A safe loader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise YamlRefused(key_node.start_mark.line + 1, f"kunci {key!r} ditulis dua kali")
            seen.add(key)
        return dict(super().construct_mapping(node, deep=deep))


def decode(raw: bytes, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or `YamlRefused` when it is too large or not UTF-8."""
    _check_size(len(raw), max_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlRefused(
            line,
            f"berkas bukan teks UTF-8 (bait ke-{exc.start + 1}); simpan ulang sebagai UTF-8",
        ) from None


def read_yaml(text: str, max_bytes: int = MAX_BYTES) -> tuple[yaml.Node | None, Any]:
    """The composed node tree (for line numbers) and the data built from it."""
    _check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    try:
        _scan(text)
        loader = _StrictLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = str(getattr(exc, "problem", None) or exc)
        if "nesting depth" in problem:  # libyaml's own bound, met while scanning ahead
            raise YamlRefused(line, _TOO_DEEP) from None
        raise YamlRefused(line, f"sintaks YAML: {problem}") from None
    return node, data


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise YamlRefused(
            None,
            f"berkas terlalu besar ({size:,} bait; batas {max_bytes:,} bait)".replace(",", "."),
        )


def _scan(text: str) -> None:
    """Refuse aliases and deep nesting from the event stream, before building anything."""
    depth = 0
    for event in yaml.parse(text, Loader=_Base):
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(
                mark.line + 1,
                f"alias YAML *{event.anchor} tidak diizinkan; tulis isinya langsung",
            )
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlRefused(mark.line + 1, _TOO_DEEP)
        elif isinstance(event, _CLOSE):
            depth -= 1
