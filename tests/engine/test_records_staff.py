"""The staff directory changes only by an admin, and every change is on the record."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import yaml
from typer.testing import CliRunner

from app.cases import Applicant, advance_case, open_case
from app.queries import case_history
from app.staff import (
    StaffChangeRefused,
    deactivate_staff,
    load_staff_file,
    staff_history,
)
from cli import app
from engine.errors import StaffInactive

PBJ = "pekalongan-pbj-penerbitan-pembayaran"
PETUGAS, KABAG = "pekalongan-PBJ-petugas", "pekalongan-PBJ-kabag"
ADMIN = "pekalongan-admin"
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
runner = CliRunner()

EVIL = {
    "staff": [
        {
            "nip": "evil",
            "nip_kind": "lain",
            "name": "Satu Orang",
            "institution": "pekalongan",
            "unit": "PBJ",
            "roles": ["petugas", "verifikator", "kabag"],
        },
        {
            "nip": KABAG,
            "nip_kind": "lain",
            "name": "Kabag Lama",
            "institution": "pekalongan",
            "unit": "PBJ",
            "roles": ["petugas"],
        },
    ]
}


def _file(tmp_path, data) -> object:
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_loading_into_a_staffed_directory_needs_an_admin(engine, tmp_path):
    path = _file(tmp_path, EVIL)
    with pytest.raises(StaffChangeRefused, match="--as"):
        load_staff_file(engine, path, None, NOW)
    with pytest.raises(StaffChangeRefused, match="admin"):
        load_staff_file(engine, path, PETUGAS, NOW)
    with pytest.raises(StaffChangeRefused, match="admin"):
        load_staff_file(engine, path, "ppu-admin", NOW)  # an admin of another institution
    assert staff_history(engine) == []  # nothing changed


def test_an_admin_load_is_recorded_with_its_difference(engine, tmp_path):
    path = _file(tmp_path, EVIL)
    load_staff_file(engine, path, ADMIN, NOW)
    (last,) = staff_history(engine)
    assert last["actor_nip"] == ADMIN and last["source"] == "evil.yaml"
    assert len(last["digest"]) == 64
    assert last["diff"]["added"] == ["evil"]
    assert last["diff"]["changed"][KABAG]["roles"] == [["kabag"], ["petugas"]]


def test_a_deactivated_person_cannot_act_but_keeps_their_name_in_history(engine):
    ref = open_case(engine, PBJ, Applicant("Dinas"), PETUGAS, NOW, variant="barang")
    deactivate_staff(engine, PETUGAS, ADMIN, NOW)
    with pytest.raises(StaffInactive):
        advance_case(engine, ref, "serahkan_ke_verifikator", PETUGAS, NOW)
    assert case_history(engine, ref)[0]["actor_nip"] == PETUGAS
    assert staff_history(engine)[-1]["diff"] == {"deactivated": [PETUGAS]}
    with pytest.raises(StaffChangeRefused):
        deactivate_staff(engine, PETUGAS.replace("petugas", "all"), KABAG, NOW)  # not an admin


def test_the_first_load_into_an_empty_directory_needs_no_admin(sqlite_url, tmp_path):
    from storage.db import connect

    engine = connect(sqlite_url)
    load_staff_file(engine, _file(tmp_path, EVIL), None, NOW)
    (first,) = staff_history(engine)
    assert first["actor_nip"] is None and first["diff"]["added"] == ["evil", KABAG]
    engine.dispose()


def test_cli_staff_history_and_deactivate(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert runner.invoke(app, ["--db", db, "db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["--db", db, "staff", "load", "--sample"]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "staff", "list", "--format", "json"])
    admin = next(r["nip"] for r in json.loads(result.output) if "admin" in r["roles"]
                 and r["institution"] == "pekalongan")  # fmt: skip
    again = runner.invoke(app, ["--db", db, "staff", "load", "--sample"])
    assert again.exit_code == 3 and "--as" in again.output
    again = runner.invoke(app, ["--db", db, "staff", "load", "--sample", "--as", admin])
    assert again.exit_code == 3 and "ppu" in again.output  # the samples span three institutions
    result = runner.invoke(app, ["--db", db, "staff", "history", "--format", "json"])
    (entry,) = json.loads(result.output)
    assert (
        entry["action"] == "muat" and entry["source"] == "pasuruan.yaml, pekalongan.yaml, ppu.yaml"
    )


def test_staff_history_dates_a_change_in_the_admins_office_zone(engine):
    deactivate_staff(engine, "ppu-PBJ-petugas", "ppu-admin", NOW)  # PPU works in WITA
    (change,) = staff_history(engine)
    assert change["changed_at"] == "2026-11-20T11:00:00+08:00"
