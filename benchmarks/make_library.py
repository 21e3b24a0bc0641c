"""Write a benchmark workspace: N distinct 12 MP phone-like photos and a program using them.

    python benchmarks/make_library.py DIR --movements 120 [--seed 0] [--jobs 4]

Writes ``DIR/images/photo-NNN.jpg`` (4000 x 3000 JPEGs of about 2-4 MB: smooth
gradients, shapes and sensor-like noise, so they compress like photos; every
fifth one is stored sideways with EXIF orientation 6, as phones do) and
``DIR/content/library.yaml`` with N movements and up to twelve sequences of eight.
Needs numpy and Pillow.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 4000, 3000
JPEG_QUALITY = 92

_POSITIONS = ["Lie on your back", "Lie on your right side", "Sit on a chair", "Stand with feet hip-width apart",
              "Kneel on all fours", "Lie on your front"]
_ACTIONS = ["Slowly lift", "Gently lower", "Let the weight roll toward", "Breathe into", "Slide", "Turn"]
_PARTS = ["the right knee", "the left hip", "your head", "the pelvis", "both shoulders", "the ribs",
          "your lower back", "the top foot"]
_ENDINGS = ["and pause.", "without forcing.", "as you exhale.", "then release completely.",
            "noticing what moves with it.", "only as far as is comfortable."]
_NAMES = ["Arch", "Curl", "Side Bend", "Washrag", "Pelvic Clock", "Hip Lift", "Cat", "Twist", "Reach",
          "Knee Drop", "Shoulder Roll", "Head Lift", "Rock", "Slide", "Open Book", "Flower"]


def make_photo(path: Path, seed: int, sideways: bool = False) -> int:
    """Write one photo-like 12 MP JPEG; returns its size in bytes."""
    rng = np.random.default_rng(seed)
    # Smooth light: a tiny random field blown up to full size.
    field = rng.integers(30, 226, size=(3, 4, 3), dtype=np.uint8)
    base = Image.fromarray(field, "RGB").resize((WIDTH // 4, HEIGHT // 4), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(base)
    r = random.Random(seed)
    for _ in range(r.randint(6, 14)):  # "objects": soft-edged shapes
        x, y = r.randrange(WIDTH // 4), r.randrange(HEIGHT // 4)
        w, h = r.randint(40, 500), r.randint(40, 400)
        colour = tuple(r.randrange(256) for _ in range(3))
        if r.random() < 0.5:
            draw.ellipse((x, y, x + w, y + h), fill=colour)
        else:
            draw.polygon([(x + r.randint(-200, 200), y + r.randint(-200, 200)) for _ in range(r.randint(3, 6))], fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(3)).resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    # Texture and sensor noise at full resolution (what makes a phone JPEG weigh megabytes).
    pixels = np.asarray(base, dtype=np.int16)
    lum = 5 + seed % 5  # 5..9: files of about 2.6 to 3.6 MB
    noise = rng.integers(-lum, lum + 1, size=(HEIGHT, WIDTH, 1), dtype=np.int16)
    noise = noise + rng.integers(-2, 3, size=(HEIGHT, WIDTH, 3), dtype=np.int16)
    img = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8), "RGB")
    exif = Image.Exif()
    exif[0x010F] = "BenchPhone"
    exif[0x0110] = "Model 12"
    if sideways:
        exif[0x0112] = 6
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=JPEG_QUALITY, subsampling=2, exif=exif.tobytes())
    return path.stat().st_size


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def library_yaml(n: int, seed: int = 0, videos: bool = False) -> str:
    """The program text for N movements named move-001 ... with photo-001.jpg ... (and with
    ``videos``, a video link on each, which the outputs print as QR codes)."""
    r = random.Random(seed)
    out = [
        "title: Benchmark Library",
        "subtitle: A large program for timing the build",
        "author: Bench Teacher",
        "contact:",
        "  email: bench@example.org",
        "  website: https://example.org",
        "language: en",
        "cautions:",
        "  - id: go-slowly",
        "    title: Go slowly",
        "    text: Do every movement slowly, gently and with awareness.",
        "  - Never force a movement.",
        "movements:",
    ]
    for i in range(1, n + 1):
        name = f"{r.choice(_NAMES)} {i}"
        out += [
            f"  - id: move-{i:03d}",
            f"    name: {_yaml_str(name)}",
            *([f"    video: https://videos.example.org/watch?v=move-{i:03d}"] if videos else []),
            f"    summary: {_yaml_str(f'Releases {r.choice(_PARTS)} so that {r.choice(_PARTS)} can move freely.')}",
            f"    position: {_yaml_str(r.choice(_POSITIONS) + ', arms resting by your sides.')}",
            "    image:",
            f"      file: photo-{i:03d}.jpg",
            f"      alt: {_yaml_str(f'A person doing the {name} movement')}",
            "    steps:",
        ]
        for _ in range(r.randint(4, 6)):
            out.append(f"      - {_yaml_str(f'{r.choice(_ACTIONS)} {r.choice(_PARTS)} {r.choice(_ENDINGS)}')}")
        out += [
            f"    repeat: {r.randint(3, 8)} times slowly",
            f"    sides: {r.choice(['both', 'left', 'right', 'none'])}",
            "    cautions:",
            "      - go-slowly" if i % 2 else "      - Only go as far as is comfortable.",
        ]
    seqs = [(f"routine-{k + 1:02d}", f"Routine {k + 1}", range(8 * k + 1, min(n, 8 * k + 8) + 1))
            for k in range(12)]  # twelve routines of eight, as a studio's week of classes
    seqs = [s for s in seqs if len(s[2])]
    if seqs:
        out.append("sequences:")
        for sid, sname, ids in seqs:
            out += [
                f"  - id: {sid}",
                f"    name: {sname}",
                f"    movements: [{', '.join(f'move-{i:03d}' for i in ids)}]",
                "    how_often: Once a day",
            ]
    out += ["booklet:", "  practice_log_days: 14", ""]
    return "\n".join(out)


def make_library(workspace: Path, n: int, seed: int = 0, jobs: int | None = None, videos: bool = False) -> list[Path]:
    """Write N photos and ``content/library.yaml`` under ``workspace``; returns the photo paths.

    Photos that already exist with the same name are kept (delete the folder to regenerate).
    """
    workspace = Path(workspace)
    (workspace / "content").mkdir(parents=True, exist_ok=True)
    (workspace / "images").mkdir(parents=True, exist_ok=True)
    paths = [workspace / "images" / f"photo-{i:03d}.jpg" for i in range(1, n + 1)]
    todo = [(p, seed * 100_003 + i, i % 5 == 0) for i, p in enumerate(paths, 1) if not p.is_file()]
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(todo) > 1:
        with cf.ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            list(pool.map(make_photo, *zip(*todo)))
    else:
        for args in todo:
            make_photo(*args)
    (workspace / "content" / "library.yaml").write_text(library_yaml(n, seed, videos), encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--movements", type=int, default=120, help="number of movements and photos (default 120)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    ap.add_argument("--videos", action="store_true", help="a video link (a QR code in the outputs) on each movement")
    a = ap.parse_args(argv)
    t = time.perf_counter()
    paths = make_library(a.workspace, a.movements, a.seed, a.jobs, a.videos)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} photos, {total / 1e6:.0f} MB, in {time.perf_counter() - t:.1f} s -> {a.workspace}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
