"""The shipped workflow definitions: all of them for lists, or one by id without the rest.

Finding one service must not cost validating all 91 files: `index()` maps each workflow id to
its file by reading only the top-level `id:` line of each file (no YAML parsing, no
validation), and `shipped_by_id` then loads and validates that one file. Anything the quick
index cannot vouch for (an id written twice, a file whose `id:` line it cannot read, a file
that turns out to declare another id) falls back to loading every file, so the answer and
its errors are always those of `load_all`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from workflows.errors import UnknownWorkflow
from workflows.loader import LoadedDefinition, load_all, load_file, shipped_files

__all__ = ["index", "shipped", "shipped_by_id"]

_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([A-Za-z0-9._-]+)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


@lru_cache(maxsize=1)
def shipped() -> tuple[LoadedDefinition, ...]:
    return tuple(load_all())


@lru_cache(maxsize=1)
def index() -> dict[str, str] | None:
    """Workflow id -> file path, from each file's `id:` line; None if that is not conclusive."""
    found: dict[str, str] = {}
    for path in shipped_files():
        try:
            ids = _ID_LINE.findall(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None
        if len(ids) != 1 or ids[0] in found:
            return None
        found[ids[0]] = str(path)
    return found


def shipped_by_id(workflow_id: str) -> LoadedDefinition:
    """The shipped definition `workflow_id`, validated; UnknownWorkflow if there is none."""
    paths = index()
    if paths is not None and shipped.cache_info().currsize == 0:
        if workflow_id not in paths:
            raise UnknownWorkflow(workflow_id)
        item = _load_one(paths[workflow_id])
        if item.definition.id == workflow_id:
            return item
    for item in shipped():
        if item.definition.id == workflow_id:
            return item
    raise UnknownWorkflow(workflow_id)


@lru_cache(maxsize=16)
def _load_one(path: str) -> LoadedDefinition:
    return load_file(path)
