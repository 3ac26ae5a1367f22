"""Imports flow one way: the clock and the engine know nothing of storage or the faces;
storage persists what the engine defines; `app/` wires them together in use cases;
`monitor/` and `reports/` stand on `app/`; the command line's modules (`app/cli/`, a face)
may use all of them, and nothing else may use the face. Read from the source with `ast`,
so a lazy import counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("sla", "engine", "storage", "workflows", "app", "monitor", "reports", "demo", "web")
FACE = "app/cli"
ALLOWED = {
    FACE: {"app", "engine", "storage", "workflows", "sla", "monitor", "reports", "demo", "web"},
    "sla": {"sla"},
    "engine": {"engine"},
    "storage": {"storage"},
    "workflows": {"workflows", "engine", "sla"},
    "app": {"app", "engine", "storage", "workflows", "sla"},
    "monitor": {"monitor", "app", "engine", "storage", "workflows", "sla"},
    "reports": {"reports", "app", "engine", "storage", "workflows", "sla"},
    "demo": {"demo", "reports", "monitor", "app", "engine", "storage", "workflows", "sla"},
    # the web face: no "storage", so no SQL in a request handler
    "web": {"web", "app", "reports", "monitor", "engine", "workflows", "sla"},
}
FACES = ("web",)  # faces besides the command line: nothing below imports them


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(PACKAGES)


# Modules of the command line that live beside what they drive (monitoring's commands).
FACE_FILES = (ROOT / "monitor" / "commands.py",)
# Data migrations that compute stored values with the application's own rules, once.
DATA_MIGRATIONS = {ROOT / "storage/migrations/versions/0009_case_status_instants.py": {"app"}}


def _files(package: str) -> list[Path]:
    files = [f for f in (ROOT / package).rglob("*.py") if f not in FACE_FILES]
    if package == "app":  # the face is checked apart
        return [f for f in files if not f.is_relative_to(ROOT / FACE)]
    if package == FACE:
        return [*files, *FACE_FILES]
    return files


@pytest.mark.parametrize("package", [p for p in (*PACKAGES, FACE) if (ROOT / p).is_dir()])
def test_a_package_imports_only_the_layers_below_it(package):
    def beyond(path: Path) -> set[str]:
        return _imports(path) - ALLOWED[package] - DATA_MIGRATIONS.get(path, set())

    wrong = {str(path.relative_to(ROOT)): sorted(beyond(path)) for path in _files(package)
             if beyond(path)}  # fmt: skip
    assert wrong == {}


def test_nothing_below_the_face_imports_it():
    below = [f for p in PACKAGES if p not in FACES and (ROOT / p).is_dir() for f in _files(p)]
    assert [str(f.relative_to(ROOT)) for f in below if "app.cli" in f.read_text()] == []
    assert [str(f.relative_to(ROOT)) for f in below if set(FACES) & _imports(f)] == []


@pytest.mark.parametrize("package", [p for p in PACKAGES if (ROOT / p).is_dir()])
def test_modules_stay_small(package):
    sizes = {str(f.relative_to(ROOT)): len(f.read_text().splitlines()) for f in _files(package)}
    assert {name: n for name, n in sizes.items() if n >= 400} == {}
