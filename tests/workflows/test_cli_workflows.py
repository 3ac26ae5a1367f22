"""`alur workflows list|show|validate|schema|diagram` through the typer app.

typer's CliRunner (typer >= 0.2x vendors click) keeps stdout and stderr apart:
`result.stdout` / `result.stderr`; there is no `mix_stderr` argument any more.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import app.cli.workflows as cli_workflows
import workflows.loader as loader
from app.definitions import shipped
from cli import app
from engine.definition import Definition
from workflows.loader import load_file

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid.yaml"
INVALID = FIXTURES / "invalid.yaml"
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
ROW_KEYS = {"id", "institution", "unit", "name", "sla", "sla_parsed", "calendar", "states"}

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["workflows", *args])


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    result = run("list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- list --------------------------------------------------------------------


def test_list_json_rows(rows: list[dict]) -> None:
    assert isinstance(rows, list) and rows
    for row in rows:
        assert ROW_KEYS <= set(row), row
        assert isinstance(row["states"], int) and row["states"] >= 2
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    # the same definitions the CLI loaded (cached: no second load of every file)
    assert sorted(ids) == sorted(i.definition.id for i in shipped())
    assert len(ids) == len(loader.shipped_files())


def test_list_json_row_of_a_known_service(rows: list[dict]) -> None:
    (row,) = [r for r in rows if r["id"] == PBJ]
    assert row["institution"] == "pekalongan"
    assert row["name"] == "Layanan Penerbitan Pembayaran"
    assert row["sla"] == "4 hari kerja"
    assert row["calendar"] == "pekalongan-a"
    assert row["states"] == 7
    assert row["sla_parsed"]["value"] == 4
    assert row["sla_parsed"]["unit"] == "hari_kerja"
    assert row["sla_parsed"]["assumed"] is False


def test_list_sla_parsed_shapes(rows: list[dict]) -> None:
    for row in rows:
        parsed = row["sla_parsed"]
        if parsed == "none":
            continue
        assert isinstance(parsed, dict), row["id"]
        if "variants" in parsed:
            assert all(v is None or "describe" in v for v in parsed["variants"].values())
        else:
            assert {"value", "unit", "calendar_days", "assumed", "describe"} <= set(parsed)


def test_list_filters_by_institution(rows: list[dict]) -> None:
    result = run("list", "--institution", "pasuruan", "--format", "json")
    assert result.exit_code == 0, result.stderr
    filtered = json.loads(result.stdout)
    assert filtered
    assert {r["institution"] for r in filtered} == {"pasuruan"}
    assert filtered == [r for r in rows if r["institution"] == "pasuruan"]


def test_list_unknown_institution_is_empty() -> None:
    result = run("list", "--institution", "atlantis", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_list_table(rows: list[dict]) -> None:
    result = run("list")
    assert result.exit_code == 0, result.stderr
    shortest = min(rows, key=lambda r: len(r["name"]))["name"]
    assert shortest in result.stdout
    assert f"{len(rows)} layanan" in result.stdout
    assert "Jenis Pelayanan" in result.stdout


def test_list_table_filtered() -> None:
    result = run("list", "--institution", "pekalongan")
    assert result.exit_code == 0, result.stderr
    assert "Penerbitan Pembayaran" in result.stdout
    assert "pasuruan-" not in result.stdout


# --- show --------------------------------------------------------------------


def test_show_json_round_trips() -> None:
    result = run("show", PBJ, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == PBJ
    assert "from" in data["transitions"][0] and "to" in data["transitions"][0]
    loaded = load_file(loader.SHIPPED_DIR / "pekalongan" / "penerbitan-pembayaran.yaml")
    assert Definition.model_validate(data) == loaded.definition


def test_show_text() -> None:
    result = run("show", PBJ)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"Layanan Penerbitan Pembayaran  [{PBJ} v1]")
    assert "4 hari kerja" in out and "pekalongan-a" in out
    for heading in ("Persyaratan:", "Tahap:", "Langkah:"):
        assert heading in out
    assert "serahkan_kembali: dikembalikan_untuk_dilengkapi, dikembalikan_untuk_diperbaiki" in out


@pytest.mark.parametrize("extra", [[], ["--format", "json"]])
def test_show_unknown_id(extra: list[str]) -> None:
    result = run("show", "tidak-ada-layanan", *extra)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "'tidak-ada-layanan'" in lines[0]
    assert "tidak dikenal" in lines[0]


# --- validate ----------------------------------------------------------------


def test_validate_shipped() -> None:
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"{len(loader.shipped_files())} berkas valid"
    assert result.stderr == ""


def test_validate_a_valid_file() -> None:
    result = run("validate", str(VALID))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "1 berkas valid"


def test_validate_a_malformed_file_lists_every_problem() -> None:
    result = run("validate", str(INVALID), str(VALID))
    assert result.exit_code == 2
    err = result.stderr
    assert "tests/workflows/fixtures/invalid.yaml: 3 problems: " in err
    text = INVALID.read_text(encoding="utf-8")
    for needle, field in [
        ("guards: [sudah_bayar]", "transitions.3.guards"),
        ("role: sekda", "transitions.4.role"),
        ("text: 4 hari krja", "sla.text"),
    ]:
        line = next(i for i, s in enumerate(text.splitlines(), 1) if needle in s)
        assert f"line {line} {field}: " in err
    assert "'4 hari krja'" in err
    assert "1 berkas bermasalah dari 2" in err
    assert "valid.yaml" not in err.replace("invalid.yaml", "")


def test_validate_lists_problems_of_every_file(tmp_path: Path) -> None:
    other = tmp_path / "kalender.yaml"
    other.write_text(
        VALID.read_text(encoding="utf-8").replace("calendar: pekalongan-a", "calendar: tidak-ada"),
        encoding="utf-8",
    )
    missing = tmp_path / "tidak-ada.yaml"
    result = run("validate", str(INVALID), str(other), str(missing))
    assert result.exit_code == 2
    err = result.stderr
    assert "invalid.yaml: 3 problems" in err
    assert f"{other}: 1 problem: line " in err and "sla.calendar" in err
    assert f"{missing}: 1 problem: cannot read" in err
    assert "3 berkas bermasalah dari 3" in err


def test_validate_paths_refuses_duplicate_ids(tmp_path: Path) -> None:
    copy = tmp_path / "salinan.yaml"
    copy.write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("validate", str(VALID), str(copy))
    assert result.exit_code == 2
    assert "test-uji-layanan-minimal" in result.stderr


def _shipped_files_are(monkeypatch: pytest.MonkeyPatch, files: list[Path]) -> None:
    monkeypatch.setattr(loader, "shipped_files", lambda: list(files))
    monkeypatch.setattr(cli_workflows, "shipped_files", lambda: list(files))


def test_validate_shipped_reports_duplicate_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "salinan.yaml"
    copy.write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    _shipped_files_are(monkeypatch, [VALID, copy])
    result = run("validate")
    assert result.exit_code == 2
    assert f"{copy}: id 'test-uji-layanan-minimal' is already declared in " in result.stderr


def test_validate_shipped_reports_duplicates_next_to_an_invalid_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "salinan.yaml"
    copy.write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    _shipped_files_are(monkeypatch, [INVALID, VALID, copy])
    result = run("validate")
    assert result.exit_code == 2
    assert "invalid.yaml: 3 problems" in result.stderr
    assert "is already declared in" in result.stderr


# --- schema ------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict:
    result = run("schema")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_schema_is_json_with_the_top_level_fields(schema: dict) -> None:
    assert schema["type"] == "object"
    assert {"states", "transitions", "sla", "roles", "initial", "id"} <= set(schema["properties"])
    assert {"states", "transitions", "sla"} <= set(schema["required"])
    assert schema["additionalProperties"] is False  # unknown keys are refused
    assert schema["$schema"].startswith("https://json-schema.org/")


def test_schema_uses_the_yaml_names(schema: dict) -> None:
    transition = schema["$defs"]["Transition"]
    assert {"from", "to", "trigger", "role"} <= set(transition["properties"])
    assert "source" not in transition["properties"]


def test_schema_accepts_the_valid_fixture(schema: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["warna"] = "biru"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# --- diagram -----------------------------------------------------------------

EDGE = re.compile(r"^\s+(\w+) --> (\w+): (\w+) \[")


def test_diagram_mermaid() -> None:
    result = run("diagram", PBJ)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "stateDiagram-v2"
    d = load_file(loader.SHIPPED_DIR / "pekalongan" / "penerbitan-pembayaran.yaml").definition
    assert f"    [*] --> {d.initial}" in lines
    edges = [m.groups() for m in map(EDGE.match, lines) if m]
    expected = [(s, t.dest, t.trigger) for t in d.transitions for s in t.source]
    assert edges == expected
    assert len(edges) == 8  # serahkan_kembali leaves two states
    assert "    selesai --> [*]" in lines
    for name in d.states:
        assert any(line.startswith(f"    {name}: ") for line in lines), name


def test_diagram_unknown_id_and_format() -> None:
    unknown = run("diagram", "tidak-ada-layanan")
    assert unknown.exit_code == 2
    assert "'tidak-ada-layanan'" in unknown.stderr
    bad_format = run("diagram", PBJ, "--format", "dot")
    assert bad_format.exit_code == 2
    assert "'dot'" in bad_format.stderr
    assert bad_format.stdout == ""


def test_validate_shipped_counts_each_bad_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _shipped_files_are(monkeypatch, [INVALID, VALID])
    result = run("validate")
    assert result.exit_code == 2
    assert result.stderr.count("invalid.yaml: 3 problems") == 1
    assert "galat: 1 berkas bermasalah dari 2" in result.stderr
