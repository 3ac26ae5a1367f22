"""Validated definitions remembered by file digest give the same definitions as the files."""

from __future__ import annotations

import json
import shutil

import pytest

from app.definition_cache import CachedLoader, cache_file
from workflows.loader import load_file, shipped_files


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALUR_CACHE_DIR", str(tmp_path / "cache"))


def _fresh(path):
    loader = CachedLoader()
    item = loader.load(path)
    loader.save()
    return item


def test_a_remembered_definition_equals_the_file(tmp_path):
    for path in shipped_files()[:5]:
        first, again = _fresh(path), _fresh(path)
        assert again == first == load_file(path)
    assert len(json.loads(cache_file().read_text())) == 5


def test_an_edited_file_is_read_again(tmp_path):
    path = tmp_path / "layanan.yaml"
    shutil.copy(shipped_files()[0], path)
    before = _fresh(path)
    path.write_text(path.read_text().replace("version: 1", "version: 2", 1))
    after = _fresh(path)
    assert (before.definition.version, after.definition.version) == (1, 2)
    assert before.digest != after.digest


def test_a_damaged_cache_is_ignored():
    cache_file().parent.mkdir(parents=True)
    cache_file().write_text("{not json")
    path = shipped_files()[0]
    assert _fresh(path) == load_file(path)
