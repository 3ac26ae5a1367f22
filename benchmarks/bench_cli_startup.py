"""Start-up time of the `alur` command, as a person at a terminal sees it.

Run as a plain script: `python benchmarks/bench_cli_startup.py [--runs 10]`. Not part of pytest.

Each command runs `--runs` times in a fresh subprocess (the `alur` script installed next to
this Python) against a throw-away SQLite database in a temporary folder; the script prints
the median and the fastest wall-clock time of each, and the median CPU time (user + system)
of the child, which a busy machine disturbs less than the wall clock. `case advance` steps a
different case each run, so every run does the same work. The workflow definition cache
(`ALUR_CACHE_DIR`) is a temporary folder, filled by the set-up commands, as it would be after
a person's first command.
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


def _run(args: list[str], env: dict[str, str], cwd: str) -> str:
    done = subprocess.run(
        [ALUR, *args], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"alur {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(args: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run."""
    cpu, started = _cpu(), time.perf_counter()
    _run(args, env, cwd)
    return time.perf_counter() - started, _cpu() - cpu


def _petugas(env: dict[str, str], cwd: str) -> str:
    staff = json.loads(_run(["staff", "list", "--format", "json"], env, cwd))
    return next(
        s["nip"]
        for s in staff
        if s["institution"] == "pekalongan" and s["unit"] == "PBJ" and "petugas" in s["roles"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "ALUR_DATABASE_URL": f"sqlite:///{folder}/alur.db"}
        env["ALUR_CONFIG"] = str(Path(folder) / "absent.toml")
        env["ALUR_CACHE_DIR"] = str(Path(folder) / "cache")
        _run(["db", "upgrade"], env, folder)
        _run(["staff", "load", "--sample"], env, folder)
        nip = _petugas(env, folder)
        opening = ["case", "open", PBJ, "--applicant", "Dinas PU", "--variant", "barang"]
        refs = [_run([*opening, "--as", nip], env, folder).strip() for _ in range(runs)]
        commands: dict[str, list[list[str]]] = {
            "--help": [["--help"]] * runs,
            "--version": [["--version"]] * runs,
            "case show": [["case", "show", refs[0]]] * runs,
            "case advance": [
                ["case", "advance", ref, "serahkan_ke_verifikator", "--as", nip] for ref in refs
            ],
            "workflows list": [["workflows", "list"]] * runs,
        }
        print(f"{'command':<16} {'median':>8} {'fastest':>8} {'cpu':>8} {'target':>8}")
        for name, invocations in commands.items():
            runs_ = [_timed(args, env, folder) for args in invocations]
            wall = [w for w, _ in runs_]
            cpu = statistics.median(c for _, c in runs_)
            median, fastest = statistics.median(wall), min(wall)
            line = f"{name:<16} {median:>7.3f}s {fastest:>7.3f}s {cpu:>7.3f}s"
            print(f"{line} {TARGETS[name]:>7.2f}s")


if __name__ == "__main__":
    main()
