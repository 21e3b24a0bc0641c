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
from pathlib import Path


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
    """movebook with ``ARGS`` (or ``python -c SCRIPT ARGS``), stopped after ``seconds``.

    ``memory_mb`` caps the address space of the process and its workers (RLIMIT_AS), so a run
    whose memory grows without bound ends with a MemoryError instead of eating the machine.
    """

    def limits():
        os.setsid()  # its own process group: a stop reaches the workers too
        if memory_mb:
            cap = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    cmd = [sys.executable, "-c", script or _MOVEBOOK, *args]
    peak_file = tempfile.NamedTemporaryFile(delete=False)
    peak_file.close()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, preexec_fn=limits,
                             env={**os.environ, **(env or {}), "PEAK_FILE": peak_file.name})
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
        try:
            peak_kb = int(Path(peak_file.name).read_text() or 0)
        except (OSError, ValueError):
            peak_kb = 0
        if not peak_kb:  # stopped before it could say: what the kernel saw (counts the forked test process too)
            peak_kb = usage.ru_maxrss
        os.unlink(peak_file.name)
        return Outcome(code, took, peak_kb / 1024, err.read().decode(errors="replace"),
                       out.read().decode(errors="replace"))


# movebook, then its own peak: the high-water mark of its memory (which, unlike the kernel's
# figure for a forked child, does not count the test process it was forked from) and of its workers.
_MOVEBOOK = """
import os, resource, sys
from builder.cli import main
code = main(sys.argv[1:])
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(os.environ["PEAK_FILE"], "w").write(str(max(hwm, workers)))
sys.exit(code)
"""
