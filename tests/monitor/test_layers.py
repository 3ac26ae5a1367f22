"""Imports run one way: `monitor` may import the layers below it; none of them imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", ["app", "storage", "engine", "sla", "workflows"])
def test_nothing_below_imports_monitor(package):
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / package).rglob("*.py") if "monitor" in _imports(p)
    ]
    assert offenders == []


def test_monitor_modules_stay_small():
    sizes = {p.name: len(p.read_text().splitlines()) for p in (ROOT / "monitor").rglob("*.py")}
    assert max(sizes.values()) < 400, sizes
