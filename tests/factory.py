"""Test workspaces and images made on the fly: every image kind a phone or print shop produces,
long names, 25-step movements, parts, non-Latin text and markup-like characters."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent

# Text that must reach every output exactly as typed.
TRICKY = 'Keep <b>this</b> & that {braces} at 100% — "quoted" \'single\' <tag> a < b > c &amp;'
GREEK = "Αναπνοή: ήρεμα και αργά"
CYRILLIC = "Дыхание: спокойно и медленно"
CJK = "呼吸：慢慢地放松全身"  # printed in a fallback font where the machine has one
ACCENTS = "Crème brûlée, naïve café, Ærøskøbing, Łódź"
LONG_NAME = "Supine Pelvic Clock with Alternating Knee Drops and Full-Body Pandiculation Sequence"


def _photo(w: int, h: int, seed: int = 0, mode: str = "RGB") -> Image.Image:
    """A photo-like picture: a gradient, shapes, and a red marker in the top-left corner."""
    img = Image.new("RGB", (w, h), (200, 210, 220))
    d = ImageDraw.Draw(img)
    for y in range(0, h, 4):
        c = int(120 + 100 * y / h)
        d.rectangle([0, y, w, y + 4], fill=(c, (c + seed * 20) % 255, 255 - c))
    d.ellipse([w // 3, h // 3, 2 * w // 3, 2 * h // 3], fill=(60, 120, 90))
    d.rectangle([0, 0, w // 6, h // 6], fill=(220, 20, 20))
    return img.convert(mode) if mode != "RGB" else img


def write_image_kinds(folder: Path) -> dict[str, str]:
    """Write one image of every kind into ``folder``; returns kind -> file name."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    # A landscape photo stored as portrait pixels with EXIF orientation 6 (rotate 90 CW on display).
    stored = _photo(600, 900, 1).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(folder / "rotated.jpg", quality=85, exif=exif.tobytes())
    names["rotated"] = "rotated.jpg"
    _photo(800, 600, 2).convert("CMYK").save(folder / "cmyk.jpg", quality=85)
    names["cmyk"] = "cmyk.jpg"
    rgba = _photo(700, 500, 3).convert("RGBA")
    mask = Image.new("L", rgba.size, 0)
    ImageDraw.Draw(mask).ellipse([0, 0, *rgba.size], fill=255)
    rgba.putalpha(mask)
    rgba.save(folder / "alpha.png")
    names["rgba"] = "alpha.png"
    _photo(640, 480, 4).convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(folder / "palette.png")
    names["palette"] = "palette.png"
    grey16 = Image.linear_gradient("L").resize((512, 384)).point(lambda v: v * 257, "I").convert("I;16")
    grey16.save(folder / "grey16.png")
    names["grey16"] = "grey16.png"
    _photo(900, 600, 5).save(folder / "photo.webp", quality=80)
    names["webp"] = "photo.webp"
    (folder / "sub").mkdir(exist_ok=True)
    _photo(1200, 800, 6).save(folder / "sub" / "big.jpg", quality=90)
    names["subfolder"] = "sub/big.jpg"
    return names


def truncated_jpeg(path: Path) -> None:
    buf = io.BytesIO()
    _photo(400, 300).save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def bomb_png(path: Path, w: int = 60000, h: int = 60000) -> None:
    """A tiny PNG whose header claims a huge size (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))


def _q(s: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def stress_program(images: dict[str, str], steps: int = 25) -> str:
    plain = "let the knee drift toward the floor, then return it with the same care, noticing the ribs, the waist and the breath"
    special = {3: TRICKY, 5: ACCENTS, 7: GREEK, 9: CYRILLIC, 11: CJK}
    step_lines = "\n".join(
        f"      - text: {_q(f'Step {i + 1}: slowly ' + special.get(i, plain))}"
        + ("\n        breath: out" if i % 3 == 0 else "\n        breath: in" if i % 3 == 1 else "")
        for i in range(steps)
    )
    return f"""title: {_q('Reverse Hip Pain & Lower-Back Ease: a Twelve-Week Somatic Home-Practice Programme for Every Body')}
subtitle: {_q(TRICKY)}
author: {_q('Dr. Maria-Konstantina Papadopoulou-Ivanova, Certified Hanna Somatic Educator')}
organisation: {_q('Σωματική Αγωγή — Школа движения & Friends')}
contact:
  email: hello@example.org
  phone: "+30 210 000 0000"
  website: https://example.org/programmes/hip
  address: {_q('12 Οδός Ερμού, 105 63 Αθήνα')}
edition: "Third edition, 2026"
language: el
cover_image: {images['rotated']}
disclaimer: {_q('Not medical advice. ' + TRICKY + ' ' + GREEK)}
intro:
  - heading: {_q('Why strengthening alone may not help {really} & <why>')}
    text: |
      Paragraph one with **bold**, *italic* and {TRICKY}.

      - first point {GREEK}
      - second point {CYRILLIC}
      - third point 50% <i>not italic</i>

      {ACCENTS}. """ + "A long paragraph that keeps going. " * 40 + f"""
    image: {images['rgba']}
    notes: Ask who has been told to "just strengthen". {TRICKY}
  - heading: {_q(GREEK)}
    text: {_q(CYRILLIC + ' ' + GREEK)}
cautions:
  - id: go-slowly
    title: Go slowly
    text: {_q('Do every movement slowly, gently and with awareness. ' + TRICKY)}
    level: caution
  - id: stop-if-pain
    title: {_q('Stop & rest')}
    text: Stop at once if a movement causes sharp pain.
    level: stop
  - id: notice
    text: Rest afterwards and notice.
    level: info
  - {_q('Never force a movement {ever}.')}
movements:
  - id: long-one
    name: {_q(LONG_NAME)}
    summary: {_q('A very long summary that wraps over several lines ' * 3 + TRICKY)}
    why: {_q('Because ' + ACCENTS)}
    targets: [waist, hips, {_q('ребра')}]
    position: {_q('Lie on your back, knees bent, feet flat. ' + GREEK)}
    images:
      - file: {images['rotated']}
        caption: Starting position
        alt: {_q('A person lying on their back & relaxed')}
      - {images['cmyk']}
      - file: {images['palette']}
        caption: {_q('Palette <png>')}
    steps:
{step_lines}
    repeat: {_q('6 times slowly, then change sides & rest')}
    sides: both
    afterwards: {_q('Roll onto your back and notice. ' + CYRILLIC)}
    cautions: [go-slowly, stop-if-pain, {_q('Only as far as is comfortable: <never> force & {push}.')}]
    teaching_notes: {_q('Watch for pulling with the arm. ' + TRICKY + ' 🙂 emoji in notes')}
    video: https://example.org/videos/long-one?x=1&y=2
    duration: 12 min
  - id: parts-one
    name: Side Bend
    summary: Teaches the waist muscles to let go.
    position: Lie on your right side.
    image:
      file: {images['grey16']}
      alt: A greyscale gradient
    parts:
      - name: Lower part
        steps:
          - Put your top hand at your waist.
          - text: Slowly lift the top foot; let the hip slide up toward the ribs.
            breath: out
        repeat: 3 times, slowly
      - name: {_q('Upper part <with> & {braces}')}
        steps:
          - text: Reach over and hold the lower ear.
            breath: in
          - text: Lift the head slowly.
            breath: out
        repeat: 3 times, slowly
    steps:
      - Both together, six times.
    repeat: 6 times slowly
    sides: both
    afterwards: Roll onto your back and notice the difference between sides.
    cautions: [go-slowly, Only go as far as is comfortable.]
    teaching_notes: Watch the shoulders.
    duration: 90 s
  - id: webp-one
    name: {_q(GREEK)}
    summary: {_q(CYRILLIC)}
    image: {images['webp']}
    steps: [{_q(GREEK)}, {_q(CYRILLIC)}, {_q(ACCENTS)}]
    sides: left
    duration: 3 min
  - id: sub-one
    name: {_q('Arch & Curl {v2} 100%')}
    image: {images['subfolder']}
    steps: [Lift the head., Lower it.]
    sides: right
sequences:
  - id: daily
    name: {_q('Daily routine & <morning> {one}')}
    movements: [long-one, parts-one, webp-one, sub-one]
    how_often: {_q('Once a day — 100% optional')}
    opening: {_q('Lie on your back. ' + GREEK)}
    closing: {_q('Lie quietly & notice. ' + CYRILLIC)}
  - id: short
    name: Short
    movements: [parts-one]
    how_often: Twice a week
booklet:
  page_size: A5
  practice_log_days: 21
deck:
  aspect: "16:9"
handout:
  page_size: letter
theme:
  accent: "#8a3b12"
"""


def make_stress_workspace(root: Path, steps: int = 25) -> Path:
    """A workspace that exercises the whole format; returns the program file."""
    images = write_image_kinds(root / "images")
    (root / "content").mkdir(parents=True, exist_ok=True)
    program = root / "content" / "stress.yaml"
    program.write_text(stress_program(images, steps), encoding="utf-8")
    return program


def edit(program_file: Path, *pairs: tuple[str, str]) -> Path:
    """Replace, once each, ``old`` by ``new`` in a file (each ``old`` must be there); returns the file."""
    text = program_file.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    program_file.write_text(text, encoding="utf-8")
    return program_file


def copy_default_workspace(root: Path) -> Path:
    """A copy of the repository's default content and images; returns the program file."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "images", root / "images")
    return root / "content" / "reverse-hip-pain.yaml"
