"""`alur workflows …`: list, show, validate, schema, diagram."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from app.cli import group
from app.cli.options import filter_option
from app.output import TableFormat, TextFormat, fail, handled, print_json, print_table

if TYPE_CHECKING:  # imported inside the commands, so that `alur --help` stays fast
    from engine.definition import Definition
    from workflows.loader import LoadedDefinition
    from workflows.search_path import WorkflowFile

app = group("Alur layanan (workflow) dari Standar Pelayanan.")


def _parsed(d: Definition, text: str) -> dict[str, Any] | None:
    from sla import load_calendar, parse_duration

    duration = parse_duration(text, load_calendar(d.sla.calendar).plain_hari)
    if duration is None:
        return None
    return {
        "value": duration.value,
        "unit": duration.unit.value,
        "calendar_days": duration.calendar_days,
        "assumed": duration.assumed,
        "reading": duration.reading,
        "condition": duration.condition,
        "describe": duration.describe(),
    }


def _sla_parsed(d: Definition) -> Any:
    if d.sla.variants:
        return {"variants": {k: _parsed(d, v) for k, v in d.sla.variants.items()}}
    return _parsed(d, d.sla.text) or "none"


def _row(item: LoadedDefinition) -> dict[str, Any]:
    d = item.definition
    return {
        "id": d.id,
        "institution": d.institution,
        "unit": d.unit,
        "name": d.name,
        "sla": d.sla.text,
        "sla_parsed": _sla_parsed(d),
        "calendar": d.sla.calendar,
        "states": len(d.states),
        "origin": item.origin,
        "file": item.path,
    }


def _step_cell(d: Definition, text: str) -> str:
    parsed = _parsed(d, text)
    return f"{text} ({parsed['describe']})" if parsed else text


def _sla_cell(value: Any) -> str:
    if value == "none":
        return "tidak ditetapkan"
    if isinstance(value, dict) and "variants" in value:
        return "; ".join(
            f"{k}: {v['describe'] if v else '-'}" for k, v in value["variants"].items()
        )
    return str(value["describe"])


_WIDE_HELP = "Tampilkan semua kolom (tanpa memotong untuk layar 80 kolom)."


@app.command("list")
def list_cmd(
    institution: str | None = filter_option("--institution", help="pekalongan, ppu, pasuruan, …"),
    format: TableFormat = typer.Option(TableFormat.table, "--format"),
    wide: bool = typer.Option(False, "--wide", help=_WIDE_HELP),
) -> None:
    """Daftar layanan: satu baris per Jenis Pelayanan, dengan asal berkasnya."""
    from app.definitions import catalogue

    with handled():
        rows = [_row(i) for i in catalogue().loaded]
    rows = [r for r in rows if institution is None or r["institution"] == institution]
    if format == "json":
        print_json(rows)
        return
    columns = [("id", "id"), ("name", "Jenis Pelayanan"), ("sla_parsed", "Waktu")]
    if wide:
        columns[1:1] = [("unit", "Bagian")]
        columns += [("calendar", "Kalender"), ("states", "Tahap"), ("origin", "Asal")]
    print_table(
        rows,
        columns,
        title=f"{len(rows)} layanan",
        formatters={"sla_parsed": _sla_cell},
        no_wrap=("id",),
        wide=wide,
    )


@app.command("show")
def show_cmd(
    workflow_id: str = typer.Argument(..., metavar="LAYANAN"),
    format: TextFormat = typer.Option(TextFormat.text, "--format"),
) -> None:
    """Seluruh definisi satu layanan."""
    from app.definitions import shipped_by_id

    with handled():
        d = shipped_by_id(workflow_id).definition
    if format == "json":
        print_json(d.model_dump(mode="json", by_alias=True))
        return
    typer.echo(f"{d.name}  [{d.id} v{d.version}]")
    typer.echo(f"{d.unit} ({d.institution})")
    typer.echo(f"Sumber: {d.source.decree}; {d.source.section}")
    typer.echo(
        f"Waktu penyelesaian: {d.sla.text} ({_sla_cell(_sla_parsed(d))}), kalender {d.sla.calendar}"
    )
    typer.echo(f"Produk: {d.product}    Biaya: {d.fee}")
    typer.echo("Persyaratan:")
    for r in d.requirements:
        only = f" (hanya: {', '.join(r.variants)})" if r.variants else ""
        typer.echo(f"  - [{r.id}] {r.text}{only}")
    typer.echo("Tahap:")
    for name, s in d.states.items():
        who = f" — {d.roles[s.role].label}" if s.role else f" — {s.outcome}"
        step = f" [waktu tahap: {_step_cell(d, s.sla)}]" if s.sla else ""
        typer.echo(f"  {name}: {s.label}{who}{step}")
    typer.echo("Langkah:")
    for t in d.transitions:
        typer.echo(f"  {t.trigger}: {', '.join(t.source)} -> {t.dest} ({t.role})")
    typer.echo(f"Pengawasan internal: {d.supervisor}")
    if d.notes:
        typer.echo("Catatan penafsiran:")
    for note in d.notes:
        typer.echo(f"  - {note}")


def _files_to_check(paths: list[Path]) -> list[WorkflowFile]:
    """The files named (a folder: its workflow files), or every file on the search path."""
    from app.definitions import current_search_path
    from workflows.search_path import ALL_SHIPPED, WorkflowFile, workflow_files

    search = current_search_path()
    if not paths:
        return workflow_files(search)
    files: list[WorkflowFile] = []
    for path in paths:
        if path.is_dir():
            one = replace(search, workflow_dirs=(path,), disabled=frozenset({ALL_SHIPPED}))
            files += workflow_files(one)
        else:
            files.append(WorkflowFile(path, str(path.parent)))
    return files


@app.command("validate")
def validate_cmd(paths: list[Path] = typer.Argument(None, metavar="BERKAS|FOLDER")) -> None:
    """Periksa berkas workflow (tanpa argumen: semua di jalur pencarian, termasuk bawaan)."""
    from app.definitions import current_search_path
    from workflows.errors import DuplicateWorkflow, WorkflowError
    from workflows.loader import load_file

    files = _files_to_check(paths or [])
    calendar_dirs = current_search_path().calendar_dirs
    problems: list[str] = []  # one line per bad file
    first_of: dict[str, str] = {}
    for entry in files:
        try:
            item = load_file(entry.path, calendar_dirs=calendar_dirs, origin=entry.origin)
        except WorkflowError as exc:
            problems.append(str(exc))
            continue
        first = first_of.setdefault(item.definition.id, item.path)
        if first != item.path:
            problems.append(str(DuplicateWorkflow(item.definition.id, first, item.path)))
    for line in problems:
        typer.echo(line, err=True)
    if problems:
        fail(f"{len(problems)} berkas bermasalah dari {len(files)}")
    typer.echo(f"{len(files)} berkas valid")


@app.command("new")
def new_cmd(
    institution: str = typer.Option(..., help="Instansi, mis. kec-contoh."),
    unit: str = typer.Option(..., help="Kode unit, mis. PEM."),
    name: str = typer.Option(..., help="Nama Jenis Pelayanan seperti dalam keputusan."),
    dir: Path | None = typer.Option(
        None, "--dir", help="Folder kantor (bawaan: folder pertama ALUR_WORKFLOWS_PATH)."
    ),
) -> None:
    """Tulis kerangka berkas workflow berkomentar (tidak menimpa berkas yang ada)."""
    from app.definitions import current_search_path
    from app.workflow_skeleton import write_skeleton

    folders = current_search_path().workflow_dirs
    folder = dir or (folders[0] if folders else None)
    if folder is None:
        fail("berikan --dir FOLDER atau atur ALUR_WORKFLOWS_PATH")
    with handled():
        path = write_skeleton(folder, institution, unit, name)
    typer.echo(str(path))


@app.command("schema")
def schema_cmd() -> None:
    """JSON Schema format workflow (untuk editor YAML)."""
    from engine.definition import Definition

    schema = Definition.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "alur workflow definition"
    typer.echo(json.dumps(schema, ensure_ascii=False, indent=2))


def _describe(d: Definition) -> Any:
    def describe(text: str) -> str:
        parsed = _parsed(d, text)
        return str(parsed["describe"]) if parsed else f"{text} (tanpa komitmen waktu)"

    return describe


@app.command("diagram")
def diagram_cmd(
    workflow_id: str = typer.Argument(..., metavar="LAYANAN"),
    format: str = typer.Option("mermaid", "--format"),
) -> None:
    """Diagram mermaid stateDiagram-v2 (tampil di GitHub)."""
    from app.definitions import shipped_by_id
    from app.diagram import mermaid

    if format != "mermaid":
        fail(f"format {format!r} tidak dikenal (hanya: mermaid)")
    with handled():
        d = shipped_by_id(workflow_id).definition
        lines = mermaid(d, _describe(d))
    typer.echo("\n".join(lines))
