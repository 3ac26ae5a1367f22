"""Start-up time of the `alur` command, as a person at a terminal sees it.

Run as a plain script: `python benchmarks/bench_cli_startup.py [--runs 10]`. Not part of pytest.

Each command runs `--runs` times in a fresh subprocess (the `alur` script installed next to
this Python) against a throw-away SQLite database in a temporary folder; the script prints
the median and the fastest wall-clock time of each, and the median CPU time (user + system)
of the child, which a busy machine disturbs less than the wall clock. `--against BIN` names
the folder of another installation's `alur` (e.g. a copy of an older commit in its own
virtual environment): each run of a command is then followed by the same run of that one,
on the same database, and the ratios of the medians are printed. `case advance` steps a
different case each run, so every run does the same work. The workflow definition cache
(`ALUR_CACHE_DIR`) is a temporary folder, filled by the set-up commands, as it would be after
a person's first command.

Python's compiled bytecode is allowed too, as in any installation (pip compiles it when it
installs a package; an editable install writes it at the first run): a `PYTHONDONTWRITEBYTECODE`
in the environment is dropped for the commands, so alur's own modules are compiled once by the
set-up commands, not at every run (about 60 modules, 0.05-0.1 s). `--no-bytecode` keeps the
variable, to measure a checkout that may not write its `__pycache__`; bytecode already written
is still used, so remove alur's `__pycache__` folders first.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ALUR = str(Path(sys.executable).parent / "alur")
PBJ = "pekalongan-pbj-penerbitan-pembayaran"
TARGETS = {
    "--help": 0.25,
    "--version": 0.25,
    "case show": 0.5,
    "case advance": 0.6,
    "workflows list": 1.0,
}


def _run(args: list[str], env: dict[str, str], cwd: str, alur: str = ALUR) -> str:
    done = subprocess.run(
        [alur, *args], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"alur {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(args: list[str], env: dict[str, str], cwd: str, alur: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run."""
    cpu, started = _cpu(), time.perf_counter()
    _run(args, env, cwd, alur)
    return time.perf_counter() - started, _cpu() - cpu


def _petugas(env: dict[str, str], cwd: str) -> str:
    staff = json.loads(_run(["staff", "list", "--format", "json"], env, cwd))
    return next(
        s["nip"]
        for s in staff
        if s["institution"] == "pekalongan" and s["unit"] == "PBJ" and "petugas" in s["roles"]
    )


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Median wall, fastest wall, median CPU."""
    wall = [w for w, _ in runs]
    return statistics.median(wall), min(wall), statistics.median(c for _, c in runs)


def _commands(env: dict[str, str], folder: str, runs: int) -> dict[str, list[list[str]]]:
    """Each command's invocations, two for each run (this `alur`'s, then the other's)."""
    _run(["db", "upgrade"], env, folder)
    _run(["staff", "load", "--sample"], env, folder)
    nip = _petugas(env, folder)
    opening = ["case", "open", PBJ, "--applicant", "Dinas PU", "--variant", "barang"]
    refs = [_run([*opening, "--as", nip], env, folder).strip() for _ in range(2 * runs)]
    same = {
        "--help": ["--help"],
        "--version": ["--version"],
        "case show": ["case", "show", refs[0]],
        "workflows list": ["workflows", "list"],
    }
    commands = {name: [args] * (2 * runs) for name, args in same.items()}
    commands["case advance"] = [
        ["case", "advance", ref, "serahkan_ke_verifikator", "--as", nip] for ref in refs
    ]
    order = ("--help", "--version", "case show", "case advance", "workflows list")
    return {name: commands[name] for name in order}


def _line(name: str, mine: list[tuple[float, float]], theirs: list[tuple[float, float]]) -> str:
    median, fastest, cpu = _medians(mine)
    line = f"{name:<16} {median:>7.3f}s {fastest:>7.3f}s {cpu:>7.3f}s {TARGETS[name]:>7.2f}s"
    if theirs:
        o_median, o_fastest, o_cpu = _medians(theirs)
        line += f"  {o_median:>12.3f}s {o_fastest:>7.3f}s {o_cpu:>7.3f}s"
        line += f" {median / o_median:>6.2f}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--against", metavar="BIN", help="folder of another `alur` to compare")
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE")
    options = parser.parse_args()
    runs, other = options.runs, options.against and str(Path(options.against) / "alur")
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "ALUR_DATABASE_URL": f"sqlite:///{folder}/alur.db"}
        if not options.no_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["ALUR_CONFIG"] = str(Path(folder) / "absent.toml")
        env["ALUR_CACHE_DIR"] = str(Path(folder) / "cache")
        commands = _commands(env, folder, runs)
        if other:  # its definition cache and bytecode, as after a first command
            _run(["workflows", "list"], env, folder, other)
        header = f"{'command':<16} {'median':>8} {'fastest':>8} {'cpu':>8} {'target':>8}"
        print(header + ("  other: median  fastest      cpu   ratio" if other else ""))
        for name, invocations in commands.items():
            mine, theirs = [], []
            for i in range(runs):
                mine.append(_timed(invocations[2 * i], env, folder, ALUR))
                if other:
                    theirs.append(_timed(invocations[2 * i + 1], env, folder, other))
            print(_line(name, mine, theirs), flush=True)


if __name__ == "__main__":
    main()
