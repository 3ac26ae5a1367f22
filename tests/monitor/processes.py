"""Real `alur scheduler run` processes for the tests, and an injected clock they all read.

The clock is a file named by `ALUR_CLOCK_FILE` (see `monitor.scheduler`): the test writes an
instant, every job of every process reads it. A process's output (its log) is read line by
line by a thread; the tests wait on those lines, bounded, never by sleeping.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from monitor.scheduler import CLOCK_FILE_ENV

ROOT = Path(__file__).resolve().parents[2]
SENT = re.compile(r"kirim: (\d+) terkirim")


class Clock:
    """The instant every scheduler process of a test reads."""

    def __init__(self, path: Path, at: datetime) -> None:
        self.path = path
        self.set(at)

    def set(self, at: datetime) -> None:
        partial = self.path.with_suffix(".tmp")
        partial.write_text(at.isoformat(), encoding="utf-8")
        partial.replace(self.path)  # a reader sees the old instant or the new, never half


class Scheduler:
    """One `alur scheduler run` process against `url`, with `env` added to the environment
    (and reading `clock`; None: the system clock)."""

    def __init__(self, url: str, clock: Clock | None, env: dict[str, str]) -> None:
        environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
        if clock is not None:
            environment[CLOCK_FILE_ENV] = str(clock.path)
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "cli.py"), "--db", url, "scheduler", "run"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.sent = 0  # messages this process reported sent
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def next_line(self, deadline: float) -> str:
        """The next line the process prints, waiting at most until `deadline` (monotonic)."""
        try:
            line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            raise AssertionError(f"no progress in time; printed so far: {self.seen}") from None
        assert line is not None, f"the scheduler ended: {self.seen}"
        self._take(line)
        return line

    def _take(self, line: str) -> None:
        self.seen.append(line)
        found = SENT.search(line)
        if found:
            self.sent += int(found.group(1))

    def drain(self) -> None:
        """Read, without waiting, every line printed so far (a later wait sees only new ones)."""
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return
            if line is None:
                self.lines.put(None)  # keep the end for `next_line` to report
                return
            self._take(line)

    def wait_for(self, text: str, times: int = 1, timeout: float = 30) -> None:
        """Until the process has printed `times` more lines containing `text`."""
        deadline = time.monotonic() + timeout
        while times > 0:
            if text in self.next_line(deadline):
                times -= 1

    def wait_sent(self, total: int, timeout: float = 30) -> None:
        """Until the process has reported `total` messages sent since it started."""
        deadline = time.monotonic() + timeout
        while self.sent < total:
            self.next_line(deadline)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Send `sig` (SIGTERM: a clean stop; SIGKILL: killed where it stands); its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=30)
        finally:
            self._reader.join(timeout=10)
            self.drain()  # its last words
            assert self.process.stdout is not None
            self.process.stdout.close()

    def close(self) -> None:
        """Kill the process if a test left it running (after a failed assertion)."""
        if self.process.poll() is None:
            self.stop(signal.SIGKILL)
