"""Every shipped workflow file loads, and its shared Machine is built once.

No exact counts here: files are still being added (the lead checks the totals).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import engine.machine as machine_module
from engine.definition import Outcome
from engine.machine import machine_for
from workflows.loader import SHIPPED_DIR, LoadedDefinition, load_all, load_file, shipped_files

INSTITUTIONS = ("pekalongan", "ppu", "pasuruan")


@pytest.fixture(scope="module")
def shipped() -> list[LoadedDefinition]:
    return load_all()


def test_shipped_files_are_found_per_institution() -> None:
    files = shipped_files()
    assert files == sorted(files)
    folders = {p.parent.name for p in files}
    assert folders <= set(INSTITUTIONS)
    for institution in INSTITUTIONS:
        assert (SHIPPED_DIR / institution).is_dir()
        assert any(p.parent.name == institution for p in files), institution


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_shipped_file_loads(path: Path) -> None:
    item = load_file(path)
    assert item.path == f"workflows/{path.parent.name}/{path.name}"
    d = item.definition
    assert any(d.states[s].outcome is Outcome.SELESAI for s in d.terminal_states()), (
        f"{item.path}: no terminal state with outcome selesai"
    )


def test_load_all_succeeds_with_unique_ids(shipped: list[LoadedDefinition]) -> None:
    assert len(shipped) == len(shipped_files())
    ids = Counter(item.definition.id for item in shipped)
    assert [i for i, n in ids.items() if n > 1] == []
    paths = [item.path for item in shipped]
    assert len(set(paths)) == len(paths)
    assert len({item.digest for item in shipped}) == len(shipped)


def test_every_shipped_workflow_can_finish(shipped: list[LoadedDefinition]) -> None:
    for item in shipped:
        d = item.definition
        outcomes = {d.states[s].outcome for s in d.terminal_states()}
        assert Outcome.SELESAI in outcomes, item.path
        assert d.initial in d.states, item.path


def test_machines_are_built_once_and_shared(
    shipped: list[LoadedDefinition], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(machine_module, "_MACHINES", {})
    built: list[str] = []
    real_build = machine_module._build

    def counting_build(definition):
        built.append(definition.id)
        return real_build(definition)

    monkeypatch.setattr(machine_module, "_build", counting_build)
    for item in shipped:
        d = item.definition
        first = machine_for(d, item.digest)
        assert machine_for(d, item.digest) is first, item.path
        assert set(first.states) == set(d.states), item.path
        assert set(first.events) == {t.trigger for t in d.transitions}, item.path
    assert sorted(built) == sorted(item.definition.id for item in shipped)


def test_a_changed_digest_gets_its_own_machine(
    shipped: list[LoadedDefinition], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(machine_module, "_MACHINES", {})
    item = shipped[0]
    machine = machine_for(item.definition, item.digest)
    other = machine_for(item.definition, "0" * 64)
    assert other is not machine
    assert machine_for(item.definition, item.digest) is machine
