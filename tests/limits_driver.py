"""Build many workspaces, each in a forked child with a time and a memory bound.

Run as ``python tests/limits_driver.py CPU_SECONDS MEMORY_MB WARM WORKSPACE...``; builds WARM
first in the parent (so every library is imported once, and shared by the children), then
prints one JSON
line per workspace: its build exit status (None when stopped at the time bound), the
exit status of ``check`` when the build failed, processor seconds, peak memory (MB) and
the last lines of what it said. The parent imports movebook once, so a case costs a fork,
not a Python start-up; each child gets its own limits: processor time (RLIMIT_CPU, so a
busy shared machine does not make a case fail: only work counts) and address space
(RLIMIT_AS). Wall time is bounded too, at ten times the processor time, as a last resort.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout

os.environ["MOVEBOOK_WORKERS"] = "1"  # render in the child itself: its memory is what is measured

from builder.cli import main  # noqa: E402


def _child(ws: str, cpu_seconds: float, memory_mb: int, report: str) -> None:
    os.setpgid(0, 0)
    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    cpu = int(cpu_seconds + resource.getrusage(resource.RUSAGE_SELF).ru_utime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    said = io.StringIO()
    result = {"build": None, "check": None}
    try:
        with redirect_stdout(said), redirect_stderr(said):
            result["build"] = main(["-C", ws, "build"])
            if result["build"] != 0:  # a failed build must be a failed check too (a passed build planned all)
                result["check"] = main(["-C", ws, "check"])
    except BaseException as exc:  # noqa: BLE001 - reported, not raised
        said.write(f"\n{type(exc).__name__}: {exc}")
    result["said"] = said.getvalue()[-3000:]
    with open(report, "w") as fh:
        json.dump(result, fh)
    os._exit(0)


def run_case(ws: str, cpu_seconds: float, memory_mb: int) -> dict:
    fd, report = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            _child(ws, cpu_seconds, memory_mb, report)
        finally:
            os._exit(70)
    stopped = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() - t0 > 10 * cpu_seconds:
            stopped = True
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.02)
    try:
        with open(report) as fh:
            result = json.load(fh)
    except (OSError, ValueError):
        result = {"build": None, "check": None, "said": ""}
    os.unlink(report)
    if stopped or os.WIFSIGNALED(status):
        result["build"] = None  # stopped: out of processor time (SIGXCPU), or at the wall-time bound
    result.update(ws=ws, seconds=round(time.perf_counter() - t0, 2), cpu=round(usage.ru_utime + usage.ru_stime, 2),
                  peak_mb=round(usage.ru_maxrss / 1024))
    return result


if __name__ == "__main__":
    import shutil
    from pathlib import Path

    limit_s, limit_mb, warm = float(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    warm_out = Path(tempfile.mkdtemp(prefix="warm-"))
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        main(["-C", str(warm), "build", "--out", str(warm_out)])
    for ws in sys.argv[4:]:
        # the pictures are the same in every case: start from the prepared ones, the text is what is tried
        shutil.copytree(warm_out / ".cache" / "images", Path(ws) / "output" / ".cache" / "images", dirs_exist_ok=True)
        print(json.dumps(run_case(ws, limit_s, limit_mb)), flush=True)
    shutil.rmtree(warm_out, ignore_errors=True)
