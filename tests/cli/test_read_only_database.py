"""A SQLite database on read-only media (or in a folder alur may not write) can be read;
a change is refused as the database's failure (exit 5) in Bahasa Indonesia, nothing written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import app.database
from cli import app as cli_app

runner = CliRunner()
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
READ_ONLY = "basis data hanya dapat dibaca (tidak boleh ditulis); tidak ada yang tercatat"


def _database(folder: Path) -> tuple[Path, str]:
    """A database with the sample staff and one case; the NIP of a PBJ petugas."""
    path = folder / "alur.db"
    db = ["--db", str(path)]
    assert runner.invoke(cli_app, [*db, "db", "upgrade"]).exit_code == 0
    assert runner.invoke(cli_app, [*db, "staff", "load", "--sample"]).exit_code == 0
    staff = json.loads(runner.invoke(cli_app, [*db, "staff", "list", "--format", "json"]).output)
    nip = next(
        s["nip"]
        for s in staff
        if (s["institution"], s["unit"]) == ("pekalongan", "PBJ") and "petugas" in s["roles"]
    )
    opened = [*db, "case", "open", PBJ, "--applicant", "Dinas PUPR", "--variant", "barang"]
    assert runner.invoke(cli_app, [*opened, "--as", nip]).exit_code == 0
    return path, nip


def _digest(folder: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in folder.iterdir()}


def test_a_folder_alur_may_not_write_is_read_and_never_written(tmp_path, monkeypatch):
    path, nip = _database(tmp_path)
    before = _digest(tmp_path)
    real = os.access
    # the folder as read-only media shows it; root may write anything chmod forbids
    monkeypatch.setattr(
        app.database.os, "access", lambda p, mode: real(p, mode) and Path(p) != tmp_path
    )
    db = ["--db", str(path)]
    listed = runner.invoke(cli_app, [*db, "case", "list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [c["ref"] for c in json.loads(listed.output)] == ["PKL-PBJ-2026-000001"]
    opened = [*db, "case", "open", PBJ, "--applicant", "Dinas PUPR", "--variant", "barang"]
    refused = runner.invoke(cli_app, [*opened, "--as", nip])
    assert refused.exit_code == 5, refused.output
    assert refused.output.startswith("galat: basis data ")
    assert READ_ONLY in refused.output and refused.output.count("\n") == 1
    backup = runner.invoke(cli_app, [*db, "db", "backup", str(tmp_path.parent / "salinan.db")])
    assert backup.exit_code == 0, backup.output
    assert _digest(tmp_path) == before


def _read_only_mounts() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = "mount --bind / /mnt && mount -o remount,bind,ro /mnt"
    done = subprocess.run(["unshare", "-m", "sh", "-c", probe], capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.skipif(not _read_only_mounts(), reason="no private read-only bind mount here")
def test_read_only_media(tmp_path):
    source, mounted = tmp_path / "data", tmp_path / "media"
    source.mkdir()
    mounted.mkdir()
    path, nip = _database(source)
    alur = f"{sys.executable} -m cli --db {mounted / path.name}"
    script = f"""
        mount --bind {source} {mounted} && mount -o remount,bind,ro {mounted} || exit 99
        {alur} case list --format json > {tmp_path / "list.json"} || exit 10
        {alur} case open {PBJ} --applicant X --variant barang --as {nip} 2> {tmp_path / "err"}
        echo $? > {tmp_path / "code"}
        {alur} db backup {tmp_path / "salinan.db"} > /dev/null || exit 11
    """
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert len(json.loads((tmp_path / "list.json").read_text())) == 1
    assert (tmp_path / "code").read_text().strip() == "5"
    assert READ_ONLY in (tmp_path / "err").read_text()
    assert (tmp_path / "salinan.db").stat().st_size > 0
