"""Validated workflow definitions kept between runs, keyed by the digest of each file.

Reading a workflow file is mostly YAML parsing in pure Python (about 30 ms a file, twice: the
loader also maps each field to its line), so listing 91 services cost seconds. A file that
passed every check once is remembered as its validated body (the same JSON a case's stored
definition is) under the sha256 of its bytes; the next run rebuilds the model from that body
without parsing YAML. Any change to a file changes its digest, and a new alur version starts
a new cache file, so a stale entry is never used. The cache lives in the per-user cache folder
(`ALUR_CACHE_DIR` overrides it); if it cannot be read or written alur simply reads the files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from engine.definition import Definition
from workflows.loader import LoadedDefinition, load_file

__all__ = ["CachedLoader", "cache_file"]

ENV_CACHE_DIR = "ALUR_CACHE_DIR"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("alur")
    except PackageNotFoundError:
        return "0+unknown"


def cache_file() -> Path:
    folder = os.environ.get(ENV_CACHE_DIR)
    if folder:
        base = Path(folder)
    else:
        from platformdirs import user_cache_path

        base = user_cache_path("alur", appauthor=False)
    return base / f"definitions-{_version()}.json"


class CachedLoader:
    """`load_file` with the digest cache; call `save()` once done to keep new entries."""

    def __init__(self) -> None:
        self.path = cache_file()
        self.entries: dict[str, Any] = self._read()
        self.dirty = False

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def load(self, path: Path | str) -> LoadedDefinition:
        try:
            raw = Path(path).read_bytes()
        except OSError:
            return load_file(path)  # reports the unreadable file as the loader does
        digest = hashlib.sha256(raw).hexdigest()
        entry = self.entries.get(digest)
        if isinstance(entry, dict):
            try:
                definition = Definition.model_validate(entry["body"])
                return LoadedDefinition(definition, entry["path"], digest)
            except (KeyError, ValueError):
                pass  # a damaged entry: read the file again
        item = load_file(path)
        if item.digest == digest:
            body = item.definition.model_dump(mode="json", by_alias=True)
            self.entries[digest] = {"path": item.path, "body": body}
            self.dirty = True
        return item

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.entries, handle, ensure_ascii=False)
            os.replace(name, self.path)
        except OSError:
            return  # the cache is only a shortcut
        self.dirty = False
