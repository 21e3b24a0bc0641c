"""The booklet planner ends and makes pages for every text field at its documented limit
(20,000 characters) and every list at its limit (no internal error, no endless layout)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import factory
from builder.source.schema import MAX_ITEMS, MAX_TEXT_CHARS

REPO = Path(__file__).resolve().parent.parent

WORDS = "Slowly lift the knee and let it drift back down with care. "
LONG = (WORDS * (MAX_TEXT_CHARS // len(WORDS) + 1))[:MAX_TEXT_CHARS - 1].strip()
ONE_WORD = "x" * (MAX_TEXT_CHARS - 1)


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run(ws: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(ws)}
    return subprocess.run([sys.executable, "-m", "builder", "-C", str(ws), *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def workspace(tmp_path: Path, *pairs: tuple[str, str]) -> Path:
    program = factory.make_stress_workspace(tmp_path / "ws", steps=4)
    text = program.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    program.write_text(text, encoding="utf-8")
    return tmp_path / "ws"


CASES = {
    "sequence-name": [("name: Short\n", f"name: {q(LONG)}\n")],
    "intro-heading": [("  - heading: ", f"  - heading: {q(LONG)}\n    text: x\n  - heading: ")],
    "movement-name-one-word": [("    name: Side Bend\n", f"    name: {q(ONE_WORD)}\n")],
    "step-and-caption-and-caution": [
        ("          - Put your top hand at your waist.", f"          - {q(LONG)}"),
        ("        caption: Starting position", f"        caption: {q(LONG)}"),
        ("    text: Stop at once if a movement causes sharp pain.", f"    text: {q(LONG)}"),
    ],
    "title-summary-repeat-contact": [
        ("title: ", f"title: {q(LONG)}\nx_old_title: "),
        ("    summary: Teaches the waist muscles to let go.", f"    summary: {q(LONG)}"),
        ("    repeat: 6 times slowly\n", f"    repeat: {q(LONG)}\n"),
        ("  address: ", f"  address: {q(LONG)}\n  x_old: "),
    ],
}


def test_every_field_at_its_limit_builds(tmp_path):
    """All the long fields in one workspace (one build): the booklet makes its pages."""
    pairs = [(a, b.replace("\nx_old_title: ", "\n# ").replace("\n  x_old: ", "\n  # "))
             for case in CASES.values() for a, b in case]
    ws = workspace(tmp_path, *pairs)
    build = run(ws, "build", "--only", "booklet")
    assert build.returncode == 0, build.stderr[-2000:]
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO((ws / "output" / "stress" / "booklet.pdf").read_bytes()))
    assert len(reader.pages) % 4 == 0
    text = "".join(page.extract_text() or "" for page in reader.pages).replace("\n", " ")
    assert text.count("x") >= len(ONE_WORD)  # the one-word name, broken between its characters, in full


def test_lists_at_their_limit_build(tmp_path):
    """A routine of 500 movements and a movement of 500 steps."""
    ids = ", ".join(["sub-one"] * MAX_ITEMS)
    steps = "\n".join(f"      - Step {i} of the long list." for i in range(MAX_ITEMS))
    ws = workspace(tmp_path, ("    movements: [parts-one]\n", f"    movements: [{ids}]\n"),
                   ("    steps: [Lift the head., Lower it.]\n", f"    steps:\n{steps}\n"))
    build = run(ws, "build", "--only", "booklet", timeout=400)
    assert build.returncode == 0, build.stderr[-3000:]
