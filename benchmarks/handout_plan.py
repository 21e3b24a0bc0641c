"""How long the handout planner takes to choose a routine's type size and card layout.

    python benchmarks/handout_plan.py

Plans (no pictures processed, nothing drawn) the default program, a large-print routine of 2
movements (what a client's handout holds), and routines of 4, 30 and 500 movements with cues,
each in a fresh process (so the text engine's caches start cold, as in a build), and prints
the planning time (cold: the first plan; warm: the best of 3 more in that process) with the
pages and body size chosen. Target: the default well under a second.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

CHILD = r"""
import sys, time
sys.path[:0] = [{repo!r}, {tests!r}]
from pathlib import Path
import factory, handout_factory as hf
from builder.source.loader import Loader, Workspace
from builder.layout import handout

case, root = sys.argv[1], Path(sys.argv[2])
if case == "default":
    path = factory.copy_default_workspace(root)
else:
    n = int(case.split("-")[0])
    path = hf.workspace(root, n, cues=True, steps=2, large_print=case.endswith("large"))
loader = Loader(Workspace(path.parent.parent))
program = loader.load(path)
t = time.perf_counter()
plan = handout.plan(program)
cold = time.perf_counter() - t
warm = []
for _ in range(3):
    t = time.perf_counter()
    handout.plan(program)
    warm.append(time.perf_counter() - t)
runs = [it for pg in plan.document.pages for it in pg.items if type(it).__name__ == "TextRun"]
sizes = sorted(r.size for r in runs)
print(f"{{case:>12}}  cold {{cold * 1000:7.0f}} ms  warm {{min(warm) * 1000:7.0f}} ms  "
      f"{{len(plan.document.pages)}} page(s), median text {{sizes[len(sizes) // 2]}} pt")
"""


def main() -> None:
    code = CHILD.format(repo=str(REPO), tests=str(REPO / "tests"))
    for case in ("default", "2-large", "4", "30", "500"):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-c", code, case, str(Path(tmp) / "ws")], check=True)


if __name__ == "__main__":
    main()
