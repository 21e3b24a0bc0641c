"""Client booklets at clinic scale: 200 clients of 6 movements each, from a 120-photo library.

    python benchmarks/clients.py                      # makes the library in a temporary folder
    python benchmarks/clients.py --keep /tmp/lib120   # reuse (or make once) a library there

Prints, for `movebook build --clients`:
  cold      no output/ at all (every picture processed, every client rendered)
  warm      the picture cache kept, every client's outputs deleted (every client rendered again)
  no change everything up to date
with the wall time and the peak memory of the build and its worker processes together
(resident memory of the whole process tree, sampled while it runs).
Targets (issue 16): cold < 60 s, warm < 30 s on 2 cores, peak < 600 MB.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_library import make_library  # noqa: E402
from run import run_build, warm_bytecode  # noqa: E402

FIRST = ["Maria", "Jo", "Sam", "Alex", "Noor", "Kenji", "Ana", "Lee", "Ruth", "Omar", "Ines", "Tom"]
LAST = ["López", "Bloggs", "Okafor", "Schmidt", "Tanaka", "Silva", "Novak", "Haddad", "Berg", "Moreau"]


def write_clients(ws: Path, n: int, per: int, seed: int = 0) -> None:
    """Write ``n`` clients, half as YAML files and half as rows of clients.csv."""
    import yaml

    program = yaml.safe_load((ws / "content" / "library.yaml").read_text(encoding="utf-8"))
    ids = [m["id"] if isinstance(m, dict) else m for m in program["movements"]]
    rng = random.Random(seed)
    folder = ws / "content" / "clients"
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["id,client,program,movements,date,follow_up,language,large_print,note"]
    for k in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        chosen = rng.sample(ids, per)
        cid = f"client-{k:03d}"
        if k % 2:
            rows.append(f'{cid},{name},library,{";".join(chosen)},2026-12-01,2026-12-15,en,{"yes" if k % 5 == 0 else "no"},'
                        f'"Practise gently, {name.split()[0]}."')
            continue
        lines = [f"client: {name}", "program: library", "date: 2026-12-01", "follow_up: 2026-12-15",
                 f"note: Practise gently, {name.split()[0]}.", "movements:"]
        for j, mid in enumerate(chosen):
            lines.append(f"  - id: {mid}" + ("\n    repeat: 3 times, slowly\n    note: Take your time." if j == 0 else ""))
        if k % 5 == 0:
            lines.append("large_print: true")
        (folder / f"{cid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (ws / "content" / "clients.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--movements", type=int, default=120)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--per-client", type=int, default=6)
    ap.add_argument("--keep", type=Path, help="library folder to make once and reuse")
    args = ap.parse_args()

    tmp = None
    lib = args.keep
    if lib is None:
        tmp = Path(tempfile.mkdtemp(prefix="movebook-clients-"))
        lib = tmp / "lib"
    if not (lib / "content" / "library.yaml").exists():
        print(f"making a {args.movements}-photo library in {lib} ...", flush=True)
        make_library(lib, args.movements)
    ws = Path(tempfile.mkdtemp(prefix="movebook-clinic-"))
    try:
        shutil.copytree(lib / "content", ws / "content")
        (ws / "images").symlink_to((lib / "images").resolve())
        write_clients(ws, args.clients, args.per_client)
        print(f"{args.clients} clients x {args.per_client} movements, {args.movements}-photo library", flush=True)
        rows = []
        warm_bytecode()
        dt, mb, out = run_build(ws, "--clients")
        rows.append(("cold (no output/)", dt, mb))
        for folder in (ws / "output" / "library" / "clients").iterdir():
            shutil.rmtree(folder)
        dt, mb, out = run_build(ws, "--clients")
        rows.append(("warm (picture cache kept, outputs deleted)", dt, mb))
        dt, mb, out = run_build(ws, "--clients")
        rows.append(("no change", dt, mb))
        print(out.strip().splitlines()[0] if out.strip() else "")
        print(f"{'build':45} {'time':>8} {'peak':>9}")
        for what, dt, mb in rows:
            print(f"{what:45} {dt:7.1f}s {mb:7.0f}MB")
        print("targets: cold < 60 s, warm < 30 s, peak < 600 MB (2 cores)")
    finally:
        shutil.rmtree(ws, ignore_errors=True)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
