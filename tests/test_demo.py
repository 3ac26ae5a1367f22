"""`alur demo` makes a fresh folder of simulated weeks whose figures agree with the reports."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def _demo(folder) -> str:
    result = runner.invoke(app, ["demo", "--out", str(folder), "--weeks", "2", "--seed", "3"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_demo_is_deterministic_and_agrees_with_the_reports(tmp_path):
    first = _demo(tmp_path / "a")
    assert _demo(tmp_path / "b").splitlines()[:4] == first.splitlines()[:4]  # same seed
    assert (tmp_path / "a" / "laporan.html").read_text(encoding="utf-8").startswith("<!doctype")
    assert (tmp_path / "a" / "laporan.xlsx").stat().st_size > 0
    opened, late = (int(n) for n in re.findall(r"(\d+) permohonan (?:dibuka|terlambat)", first))
    at = re.search(r"--at (\S+)", first)[1]
    db = ["--db", f"sqlite:///{tmp_path / 'a' / 'alur.db'}"]
    report = runner.invoke(app, [*db, "report", "breaches", "--at", at, "--format", "json"])
    assert len(json.loads(report.output)["late"]) == late
    listed = runner.invoke(app, [*db, "case", "list", "--all", "--format", "json"])
    assert len(json.loads(listed.output)) == opened > 0


def test_the_demo_never_touches_an_existing_folder(tmp_path):
    (tmp_path / "alur.db").write_text("data kantor")
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "folder baru" in result.output
    assert (tmp_path / "alur.db").read_text() == "data kantor"


def test_the_demo_gives_every_send_back_its_reason(tmp_path):
    import sqlalchemy as sa

    from app.definitions import shipped_by_id
    from storage.schema import events

    _demo(tmp_path)
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'alur.db'}")
    with engine.connect() as conn:
        rows = conn.execute(sa.select(events.c.workflow_id, events.c.trigger, events.c.note))
        sent_back = [
            note for workflow, trigger, note in rows
            if shipped_by_id(workflow).definition.sends_back(trigger)
        ]  # fmt: skip
    engine.dispose()
    assert sent_back  # the simulated weeks do send berkas back
    assert all(note and note.startswith("Berkas ") for note in sent_back)
