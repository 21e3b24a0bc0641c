"""Build speed and size at library scale.

    python benchmarks/run.py --movements 120          # the target library: 120 distinct 12 MP photos
    python benchmarks/run.py --movements 10 --keep /tmp/lib
    python benchmarks/run.py --videos --keep /tmp/lib-videos  # each movement with a video link (a QR code)

Generates a workspace (benchmarks/make_library.py: 120 distinct 12 MP photos, 12 routines),
then prints, as the median of --runs runs each: the cold build time (no output/, so no
cache), the rebuild after a one-word edit in one movement's step, the rebuild with nothing
changed, and the peak memory of the build and its workers; then the sizes of booklet.pdf and
deck.pptx (total and per photo), the ppi at which photos are placed (`pdfimages -list`), and
the same times for the default program of this repository; and, for both, the rebuild after the
same edit under ``movebook watch`` (from saving the file to the rebuilt outputs).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_library import make_library  # noqa: E402


_BYTECODE = Path(tempfile.gettempdir()) / "movebook-bench-bytecode"


def child_env() -> dict[str, str]:
    """The builds' environment: Python's bytecode cache on, kept in a folder of its own.

    A normal install has its bytecode compiled; an editable install in an environment that
    sets PYTHONDONTWRITEBYTECODE (as CI machines often do) compiles movebook's modules again on
    every run, about half a second. The builds measured here keep their bytecode outside the
    install, so the figures are those of a normal install either way.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(_BYTECODE)
    return env


def warm_bytecode() -> None:
    """One build of the default program, not timed, so that the bytecode of movebook and its
    libraries is in the builds' cache before anything is measured (see :func:`child_env`)."""
    with tempfile.TemporaryDirectory(prefix="movebook-warm-") as tmp:
        shutil.copytree(HERE.parent / "content", Path(tmp) / "content")
        shutil.copytree(HERE.parent / "images", Path(tmp) / "images")
        run_build(Path(tmp))


def run_build(ws: Path, *extra: str) -> tuple[float, float, str]:
    """Time one build (``extra``: more arguments for ``movebook build``) and read the peak memory
    of it and its worker processes."""
    script = (
        "import resource, sys, time\n"
        "sys.argv = ['movebook', '-C', sys.argv[1], 'build', *sys.argv[2:]]\n"
        "t0 = time.perf_counter()\n"
        "from builder.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "dt = time.perf_counter() - t0\n"
        "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(f'@@ {dt:.3f} {max(me, kids) / 1024:.1f} {code}', flush=True)\n"
        "import os; os._exit(code)  # as the movebook command ends (builder.cli.entry)\n"
    )
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", script, str(ws), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=child_env())
    tree_peak = _sample_tree_peak(child)
    out, err = child.communicate()
    proc = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    wall = time.perf_counter() - t0
    line = next((x for x in proc.stdout.splitlines() if x.startswith("@@ ")), None)
    if proc.returncode != 0 or line is None or not line.endswith(" 0"):
        raise SystemExit(f"build failed:\n{proc.stdout}\n{proc.stderr}")
    _, _, peak, _ = line.split()
    return wall, max(float(peak), tree_peak), proc.stdout + proc.stderr


def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                pass
    family, grew = {root}, True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in family and pid not in family:
                family.add(pid)
                grew = True
    total = 0
    for pid in family:
        try:
            with open(f"/proc/{pid}/status") as fh:
                total += next(int(x.split()[1]) for x in fh if x.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def _sample_tree_peak(child: subprocess.Popen) -> float:
    """Peak of the summed memory of the build and its worker processes, sampled every 20 ms (shared pages of forked workers count once per process: an over-estimate)."""
    if not os.path.isdir("/proc"):
        return 0.0
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, _tree_rss_mb(child.pid))
        time.sleep(0.02)
    return peak


def placed_ppi(pdf: Path) -> tuple[float, float, int] | None:
    """(min, max, count) of the x/y ppi of every image placement, via poppler's pdfimages."""
    if not shutil.which("pdfimages") or not pdf.exists():
        return None
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout.splitlines()
    values = []
    for row in out[2:]:
        cols = row.split()
        if len(cols) >= 14 and cols[2] == "image":
            values += [float(cols[12]), float(cols[13])]
    if not values:
        return None
    return min(values), max(values), len(values) // 2


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


def _spread(xs: list[float]) -> str:
    return f"median {_median(xs):5.2f} s  (runs: {', '.join(f'{x:.2f}' for x in xs)})"


def measure(ws: Path, program: Path, runs: int, edit: tuple[str, str] | None) -> dict[str, list[float]]:
    """Cold builds (no ``output/``), rebuilds after a one-word edit (``edit``: the text replaced
    and its replacement, undone after each run, so every run edits the same word) and rebuilds
    with nothing changed: ``runs`` of each. Returns the times and the peaks (MB)."""
    times: dict[str, list[float]] = {"cold": [], "edit": [], "none": []}
    peaks: list[float] = []
    text = program.read_text()
    for _ in range(runs):
        shutil.rmtree(ws / "output", ignore_errors=True)
        wall, peak, _ = run_build(ws)
        times["cold"].append(wall)
        peaks.append(peak)
        if edit:
            program.write_text(text.replace(edit[0], edit[1], 1))
            wall, peak, _ = run_build(ws)
            times["edit"].append(wall)
            peaks.append(peak)
            program.write_text(text)
            run_build(ws)  # back to the original, so the next edit is one word again
        wall, peak, _ = run_build(ws)
        times["none"].append(wall)
        peaks.append(peak)
    times["peak"] = peaks
    return times


def measure_watch(ws: Path, program: Path, runs: int, edit: tuple[str, str]) -> dict[str, list[float]]:
    """Under ``movebook watch``: the time from saving the one-word edit to the end of the
    rebuild it starts (noticing the change included), and the build's own "done in" time."""
    import queue
    import signal
    import threading

    text = program.read_text()
    # Ctrl-C stops the watch: restored for it, since a benchmark started in the background of a
    # shell has SIGINT ignored, and the watch would inherit that and never stop
    proc = subprocess.Popen([sys.executable, "-m", "builder", "-C", str(ws), "watch"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=child_env(),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), x)) for x in proc.stdout], daemon=True).start()

    def until_watching() -> tuple[float, float]:
        took = 0.0
        while True:
            at, line = lines.get(timeout=600)
            if line.startswith("done in "):
                took = float(line.split()[2])
            if line.startswith("watching "):
                return at, took

    out: dict[str, list[float]] = {"saved": [], "build": []}
    try:
        until_watching()
        for _ in range(runs):
            t0 = time.perf_counter()
            program.write_text(text.replace(edit[0], edit[1], 1))
            at, took = until_watching()
            out["saved"].append(at - t0)
            out["build"].append(took)
            program.write_text(text)
            until_watching()
    finally:
        program.write_text(text)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
    return out


def _report(name: str, times: dict[str, list[float]]) -> None:
    print(f"{name}")
    print(f"  cold build (no output/):            {_spread(times['cold'])}")
    if times["edit"]:
        print(f"  rebuild after a one-word edit:      {_spread(times['edit'])}")
    print(f"  rebuild with nothing changed:       {_spread(times['none'])}")
    print(f"  peak memory (all processes):        {max(times['peak']):.0f} MB")
    if times.get("watch"):
        w = times["watch"]
        print("  under `movebook watch`, from saving a one-word edit to its rebuilt outputs:")
        print(f"                                      {_spread(w['saved'])}")
        print(f"    of which the build itself:        {_spread(w['build'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--movements", type=int, default=120)
    ap.add_argument("--keep", metavar="DIR", help="make the workspace here and keep it")
    ap.add_argument("--runs", type=int, default=3, help="runs of each figure (the median is shown)")
    ap.add_argument("--no-default", action="store_true", help="skip the default program's figures")
    ap.add_argument("--videos", action="store_true", help="give every movement a video link (printed as a QR code)")
    args = ap.parse_args()

    ws = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="movebook-bench-"))
    ws.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if not (ws / "content" / "library.yaml").exists():
        make_library(ws, args.movements, videos=args.videos)
    print(f"workspace: {ws} ({args.movements} movements, made in {time.perf_counter() - t0:.0f} s)")
    photos = sorted((ws / "images").glob("photo-*"))
    mb = sum(p.stat().st_size for p in photos) / 1e6
    print(f"photos: {len(photos)}, {mb:.0f} MB in all; {os.cpu_count()} cores; load average before: "
          f"{os.getloadavg()[0]:.1f}")

    warm_bytecode()
    program = ws / "content" / "library.yaml"
    text = program.read_text()
    # one word of one step of a movement in the middle of the library (and of one routine)
    mid = text.index(f"id: move-{min(args.movements, 50):03d}")
    step = text.index("      - ", text.index("    steps:", mid)) + len("      - ")
    word_at = text.index(" ", step + 2) + 1
    word = text[word_at:text.index(" ", word_at)]
    edit = (text[mid:word_at + len(word)], text[mid:word_at] + word + "s")
    times = measure(ws, program, args.runs, edit)
    times["watch"] = measure_watch(ws, program, args.runs, edit)
    videos = "video:" in (ws / "content" / "library.yaml").read_text(encoding="utf-8")  # as made, with or without
    _report(f"library of {args.movements} movements{' with a video link each' if videos else ''}", times)

    outdir = ws / "output" / "library"
    booklet, deck = outdir / "booklet.pdf", outdir / "deck.pptx"
    n = max(len(photos), 1)
    for f in (booklet, outdir / "booklet-print.pdf", deck):
        if f.exists():
            size = f.stat().st_size
            print(f"  {f.name:<18} {size / 1e6:8.1f} MB   {size / 1e3 / n:6.0f} KB per photo")
    for f in sorted(outdir.glob("handout*.pdf")):
        print(f"  {f.name:<28} {f.stat().st_size / 1e6:8.1f} MB")
    ppi = placed_ppi(booklet)
    if ppi:
        print(f"  booklet photos placed at {ppi[0]:.0f}-{ppi[1]:.0f} ppi ({ppi[2]} placements)")

    if not args.no_default:
        repo = HERE.parent
        with tempfile.TemporaryDirectory(prefix="movebook-default-") as tmp:
            dws = Path(tmp)
            shutil.copytree(repo / "content", dws / "content")
            shutil.copytree(repo / "images", dws / "images")
            _report("default program (content/ of this repository)", measure_default(dws, args.runs))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if not args.keep:
        shutil.rmtree(ws, ignore_errors=True)


def measure_default(ws: Path, runs: int) -> dict[str, list[float]]:
    """The default program's figures; the edit is one word of its first step."""
    files = sorted((ws / "content").glob("*.yaml")) + sorted((ws / "content").glob("movements/*.yaml"))
    program = next((f for f in files if "steps:" in f.read_text()), files[0])
    text = program.read_text()
    edit = None
    if "steps:" in text:
        step = text.index("- ", text.index("steps:")) + 2
        word_at = text.index(" ", step + 2) + 1
        word = text[word_at:text.index(" ", word_at)]
        edit = (text[:word_at + len(word)], text[:word_at] + word + "s")
    times = measure(ws, program, runs, edit)
    if edit:
        times["watch"] = measure_watch(ws, program, runs, edit)
    return times


if __name__ == "__main__":
    main()
