"""Shared by the catalogue tests: find a shipped workflow by id, read a commitment."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

import workflows
from engine.definition import Definition
from sla import load_calendar, parse_duration
from workflows.loader import load_file


@cache
def paths_by_id(institution: str) -> dict[str, Path]:
    """Each file's id, read without checking (a broken neighbour fails its own tests only)."""
    paths = {}
    for path in sorted((Path(workflows.__file__).parent / institution).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            paths[data["id"]] = path
    return paths


def definition(institution: str, workflow_id: str) -> Definition:
    paths = paths_by_id(institution)
    assert workflow_id in paths, f"no workflow {workflow_id!r} in workflows/{institution}"
    return load_file(paths[workflow_id]).definition


def parsed(d: Definition, text: str) -> tuple[int, str] | None:
    """(value, unit) of a commitment as its calendar reads it; None: no commitment."""
    duration = parse_duration(text, load_calendar(d.sla.calendar).plain_hari)
    return None if duration is None else (duration.value, duration.unit.value)
