"""Imports flow one way: the clock and the engine know nothing of storage or the faces;
storage persists what the engine defines; only `app/` (and above it `monitor/`, `cli.py`)
wires them together. Read from the source with `ast`, so a lazy import counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("sla", "engine", "storage", "workflows", "app", "monitor", "reports")
ALLOWED = {
    "sla": {"sla"},
    "engine": {"engine"},
    "storage": {"storage"},
    "workflows": {"workflows", "engine", "sla"},
    "app": {"app", "engine", "storage", "workflows", "sla"},
    "monitor": {"monitor", "app", "engine", "storage", "workflows", "sla"},
    "reports": {"reports", "app", "engine", "storage", "workflows", "sla"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(PACKAGES)


@pytest.mark.parametrize("package", [p for p in PACKAGES if (ROOT / p).is_dir()])
def test_a_package_imports_only_the_layers_below_it(package):
    wrong = {
        str(path.relative_to(ROOT)): sorted(_imports(path) - ALLOWED[package])
        for path in (ROOT / package).rglob("*.py")
        if _imports(path) - ALLOWED[package]
    }
    assert wrong == {}
