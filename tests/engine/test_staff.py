"""The staff directory: loading, listing, refusing bad files, covering every role."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from app.definitions import shipped
from app.staff import SAMPLES_DIR, StaffFileInvalid, _parse
from app.staff_sample import sample_entries
from cli import app
from engine.case import Actor, acting_role, holds

runner = CliRunner()


def test_samples_let_someone_fire_every_transition_of_every_workflow():
    expected = sample_entries()
    staff = [e for entries in expected.values() for e in entries]
    on_disk = {
        p.stem: [e.model_dump(exclude_defaults=True) for e in _parse(p)]
        for p in SAMPLES_DIR.glob("*.yaml")
    }
    assert sorted(on_disk) == ["pasuruan", "pekalongan", "ppu"]
    assert on_disk == expected, "app/staff_samples is stale: run python -m app.staff_sample"
    actors = [
        Actor(e["nip"], e["name"], e["institution"], e["unit"], frozenset(e["roles"]))
        for e in staff
    ]
    for item in shipped():
        d = item.definition
        for t in d.transitions:
            role = acting_role(d, t.role)
            assert any(holds(d, a, role) for a in actors), f"{d.id}: nobody holds {role}"


def test_staff_load_sample_and_list_json(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert runner.invoke(app, ["--db", db, "db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "staff", "load", "--sample"])
    assert result.exit_code == 0, result.output
    assert "pegawai ditambahkan" in result.output
    result = runner.invoke(
        app, ["--db", db, "staff", "list", "--institution", "ppu", "--format", "json"]
    )
    rows = json.loads(result.output)
    assert rows and {tuple(sorted(r)) for r in rows} == {
        ("active", "institution", "name", "nip", "roles", "unit")
    }
    assert {r["institution"] for r in rows} == {"ppu"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "staff: [{nip: '1', name: A, institution: x, unit: PBJ, roles: [petugas]}]",
            "entri ke-1 \\(baris 1\\): NIP '1' harus 18 angka",
        ),
        (
            "staff: [{nip: X1, nip_kind: lain, name: A, institution: ppu, unit: PBJ, roles: []}]",
            "roles harus daftar",
        ),
        ("staff: [{nip: '123', name: A, institution: x, unit: PBJ, roles: [a], umur: 3}]", "umur"),
        ("staff: [\n  {nip: '123'", "YAML tidak valid"),
    ],
)
def test_bad_staff_files_are_refused_whole(tmp_path, text, fragment):
    path = tmp_path / "staff.yaml"
    path.write_text(text)
    with pytest.raises(StaffFileInvalid, match=fragment):
        _parse(path)
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert runner.invoke(app, ["--db", db, "db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "staff", "load", str(path)])
    assert result.exit_code == 2
    assert (
        json.loads(runner.invoke(app, ["--db", db, "staff", "list", "--format", "json"]).output)
        == []
    )
