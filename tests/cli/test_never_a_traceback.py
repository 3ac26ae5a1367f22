"""Whatever staff type, the command line answers with one line and a documented exit code.

Commands run through the test runner with generated arguments, files and environment: bad
database URLs, corrupted and missing databases, binary and unreadable files, odd text. The
properties: no traceback, an exit code from the README's table, and nothing written when a
command is refused.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from app.errors import ExitCode
from cli import app

runner = CliRunner()
DOCUMENTED = {ExitCode.OK, ExitCode.BAD_INPUT, ExitCode.NOT_PERMITTED, ExitCode.CONFLICT}
DOCUMENTED |= {ExitCode.DATABASE_FAILED}
PBJ = "pekalongan-pbj-penerbitan-pembayaran"

_WORKDIR = Path(tempfile.mkdtemp(prefix="alur-prop-"))
_GOOD_DB = _WORKDIR / "alur.db"


def _good_db() -> Path:
    if not _GOOD_DB.exists():
        url = ["--db", str(_GOOD_DB)]
        assert runner.invoke(app, [*url, "db", "upgrade"]).exit_code == 0
        assert runner.invoke(app, [*url, "staff", "load", "--sample"]).exit_code == 0
    return _GOOD_DB


def _contents() -> tuple[int, ...]:
    """What staff could see change: rows of every table and the cases' version counters."""
    if not _GOOD_DB.exists():
        return ()
    with closing(sqlite3.connect(_GOOD_DB)) as conn:
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("cases", "events", "staff", "case_checks", "definitions")
        ]
        return (*counts, conn.execute("SELECT coalesce(sum(rev), 0) FROM cases").fetchone()[0])


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
words = st.sampled_from(
    [
        "",
        " ",
        "x",
        "PKL-PBJ-2026-000001",
        PBJ,
        "--as",
        "--db",
        "--format",
        "json",
        "--at",
        "2026-13-45",
        "berisiko",
        "aneh",
        "-1",
        "0",
        "--wide",
        "--all",
        "--closed",
        "\x00",
        "é",
    ]
)
commands = st.sampled_from(
    [
        ["case", "list"],
        ["case", "show"],
        ["case", "open"],
        ["case", "advance"],
        ["case", "check"],
        ["case", "history"],
        ["case", "uncheck"],
        ["case", "cancel"],
        ["case", "assign"],
        ["case", "lapse"],
        ["queue"],
        ["staff", "list"],
        ["staff", "load"],
        ["staff", "history"],
        ["staff", "deactivate"],
        ["staff", "schema"],
        ["audit", "verify"],
        ["workflows", "new"],
        ["workflows", "show"],
        ["workflows", "diagram"],
        ["workflows", "validate"],
        ["sla", "due"],
        ["sla", "status"],
        ["sla", "calendar"],
        ["config"],
        ["db", "backup"],
        ["monitor", "sweep"],
        ["outbox", "list"],
        ["outbox", "show"],
        ["outbox", "retry"],
        ["nope"],
        [],
    ]
)
databases = st.sampled_from(
    [
        "good",
        "missing",
        "corrupt",
        "mysql://x",
        "foo://bar",
        "not a url at all",
        "sqlite://",
        "postgresql+psycopg://u:p@127.0.0.1:1/none",
        "binary",
    ]
)


def _database(kind: str, folder: Path) -> str:
    if kind == "good":
        return str(_good_db())
    if kind == "missing":
        return str(folder / "tidak-ada.db")
    if kind in ("corrupt", "binary"):
        path = folder / f"{kind}.db"
        path.write_bytes(bytes(range(256)) * 20 if kind == "binary" else b"rusak" * 1000)
        return str(path)
    return kind


def _file_argument(folder: Path, content: bytes) -> str:
    path = folder / "masukan.yaml"
    path.write_bytes(content)
    return str(path)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=commands,
    args=st.lists(st.one_of(words, text), max_size=5),
    database=databases,
    via_env=st.booleans(),
    content=st.one_of(st.binary(max_size=200), text.map(str.encode)),
    with_file=st.booleans(),
)
def test_any_command_gives_one_line_and_a_documented_code(
    command, args, database, via_env, content, with_file
):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = _database(database, folder)
        extra = [_file_argument(folder, content)] if with_file else []
        env = {"ALUR_CONFIG": str(folder / "absent.toml"), "ALUR_USER": None}
        argv = [*command, *args, *extra]
        if via_env:
            env["ALUR_DATABASE_URL"] = url
        else:
            argv = ["--db", url, *argv]
        before = _contents()
        with contextlib.chdir(folder):  # what a command writes in its folder stays in the test's
            result = runner.invoke(app, argv, env=env)
        output = result.output
        assert "Traceback" not in output, (argv, output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (argv, output)
        assert result.exit_code in DOCUMENTED, (argv, result.exit_code, output)
        if result.exit_code != 0:
            assert output.splitlines()[-1].startswith("galat: ") or "Penggunaan:" in output, output
            assert _contents() == before, argv
        assert not (folder / "tidak-ada.db").exists()


def _binary_file(folder: Path) -> str:
    path = folder / "biner.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    return str(path)


def test_binary_files_are_refused_in_one_line(tmp_path):
    binary = _binary_file(tmp_path)
    start = ["--start", "2026-03-17T14:00:00+07:00", "--sla", "1 jam"]
    for args in (
        ["--db", str(_good_db()), "staff", "load", binary],
        ["workflows", "validate", binary],
        ["sla", "due", "--calendar", binary, *start],
        ["--db", binary, "case", "list"],
    ):
        result = runner.invoke(app, args, env={"ALUR_CONFIG": str(tmp_path / "absent.toml")})
        assert result.exit_code in (2, 5), (args, result.output)
        assert result.output.splitlines()[-1].startswith("galat: "), (args, result.output)
        assert "Traceback" not in result.output
