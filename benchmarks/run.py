"""Build speed and size at library scale.

    python benchmarks/run.py --movements 120          # the target library: 120 distinct 12 MP photos
    python benchmarks/run.py --movements 10 --keep /tmp/lib

Generates a workspace (benchmarks/make_library.py), then prints: cold build time (no
output/, so no cache), warm rebuild time after a one-line text edit, peak memory of each
build, booklet.pdf and deck.pptx sizes (total and per photo), and the range of ppi at which
photos are placed in the PDFs (from `pdfimages -list`).
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
        "print(f'@@ {dt:.3f} {max(me, kids) / 1024:.1f} {code}')\n"
    )
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", script, str(ws), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    """Peak of the summed memory of the build and its worker processes, sampled every 250 ms (shared pages of forked workers count once per process: an over-estimate)."""
    if not os.path.isdir("/proc"):
        return 0.0
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, _tree_rss_mb(child.pid))
        time.sleep(0.25)
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--movements", type=int, default=120)
    ap.add_argument("--keep", metavar="DIR", help="make the workspace here and keep it")
    args = ap.parse_args()

    ws = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="movebook-bench-"))
    ws.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if not (ws / "content" / "library.yaml").exists():
        make_library(ws, args.movements)
    print(f"workspace: {ws} ({args.movements} movements, made in {time.perf_counter() - t0:.0f} s)")
    photos = sorted((ws / "images").glob("photo-*"))
    mb = sum(p.stat().st_size for p in photos) / 1e6
    print(f"photos: {len(photos)}, {mb:.0f} MB in all")

    shutil.rmtree(ws / "output", ignore_errors=True)
    cold, cold_peak, out = run_build(ws)
    program = ws / "content" / "library.yaml"
    text = program.read_text()
    program.write_text(text.replace("title: ", "title: Edited ", 1))
    warm, warm_peak, out2 = run_build(ws)
    program.write_text(text)

    outdir = ws / "output" / "library"
    booklet, deck = outdir / "booklet.pdf", outdir / "deck.pptx"
    n = max(len(photos), 1)
    print(f"cold build (no output/):       {cold:6.1f} s   peak memory {cold_peak:6.0f} MB (all processes together)")
    print(f"warm build (one-line edit):    {warm:6.1f} s   peak memory {warm_peak:6.0f} MB (all processes together)")
    for f in (booklet, outdir / "booklet-print.pdf", deck, outdir / "handout.pdf"):
        if f.exists():
            size = f.stat().st_size
            print(f"{f.name:<18} {size / 1e6:8.1f} MB   {size / 1e3 / n:6.0f} KB per photo")
    for f in (booklet, outdir / "handout.pdf"):
        ppi = placed_ppi(f)
        if ppi:
            print(f"{f.name:<18} photos placed at {ppi[0]:.0f}-{ppi[1]:.0f} ppi ({ppi[2]} placements)")
    summary = [x for x in out.splitlines() if x.startswith(("library:", "done"))]
    print("build said: " + " | ".join(summary))
    if not args.keep:
        shutil.rmtree(ws, ignore_errors=True)


if __name__ == "__main__":
    main()
