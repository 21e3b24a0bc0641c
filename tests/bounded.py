"""Run movebook in its own process with a time and a memory bound, and measure what it took."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


@dataclass
class Outcome:
    code: int | None        # exit status; None when it was stopped at the time bound
    seconds: float
    peak_mb: float          # the largest resident size of the process and of its workers
    err: str
    out: str

    @property
    def hung(self) -> bool:
        return self.code is None


def run_bounded(args: list[str], seconds: float, memory_mb: int | None = None, env: dict | None = None,
                script: str | None = None) -> Outcome:
    """``python -m builder ARGS`` (or ``python -c SCRIPT ARGS``), stopped after ``seconds``.

    ``memory_mb`` caps the address space of the process and its workers (RLIMIT_AS), so a run
    whose memory grows without bound ends with a MemoryError instead of eating the machine.
    """

    def limits():
        os.setsid()  # its own process group: a stop reaches the workers too
        if memory_mb:
            cap = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    cmd = [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "builder", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, preexec_fn=limits, env={**os.environ, **(env or {})})
        code = None
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - t0 > seconds:
                os.killpg(p.pid, signal.SIGKILL)
                _, status, usage = os.wait4(p.pid, 0)
                break
            time.sleep(0.02)
        p.returncode = code if code is not None else -9  # reaped here: keep Popen from waiting again
        took = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return Outcome(code, took, usage.ru_maxrss / 1024, err.read().decode(errors="replace"),
                       out.read().decode(errors="replace"))
