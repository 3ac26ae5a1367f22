"""The shipped workflow definitions: all of them for lists, or one by id without the rest.

Finding one service must not cost validating all 91 files: `index()` maps each workflow id to
its file by reading only the top-level `id:` line of each file (no YAML parsing, no
validation), and `shipped_by_id` then loads and validates that one file. Anything the quick
index cannot vouch for (an id written twice, a file whose `id:` line it cannot read, a file
that turns out to declare another id) falls back to loading every file, so the answer and
its errors are always those of `load_all`. Validated definitions are remembered between
runs by file digest (`app.definition_cache`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.definition_cache import CachedLoader
from workflows.errors import DuplicateWorkflow, UnknownWorkflow
from workflows.loader import LoadedDefinition, shipped_files

__all__ = ["index", "shipped", "shipped_by_id"]

_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([A-Za-z0-9._-]+)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


@lru_cache(maxsize=1)
def shipped() -> tuple[LoadedDefinition, ...]:
    """Every shipped definition, as `workflows.loader.load_all` gives them."""
    loader = CachedLoader()
    loaded: list[LoadedDefinition] = []
    seen: dict[str, str] = {}
    try:
        for path in shipped_files():
            item = loader.load(path)
            first = seen.setdefault(item.definition.id, item.path)
            if first != item.path:
                raise DuplicateWorkflow(item.definition.id, first, item.path)
            loaded.append(item)
    finally:
        loader.save()
    return tuple(loaded)


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
    loader = CachedLoader()
    try:
        return loader.load(path)
    finally:
        loader.save()
