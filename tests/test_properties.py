"""Property tests: any input either loads or gives content errors, never another exception or a hang."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from builder.source.loader import Loader, Workspace

VALID = """title: Reverse Hip Pain
subtitle: Somatic movements
author: Jane Doe
contact:
  email: hello@example.org
  website: https://example.org
language: en
disclaimer: Not medical advice.
cover_image: cover.png
intro:
  - heading: Why
    text: |
      Paragraph with **bold**.
      - a point
cautions:
  - id: go-slowly
    text: Go slowly.
    level: caution
  - Never force.
movements:
  - id: side-bend
    name: Side Bend
    summary: Lets the waist let go.
    image:
      file: side.png
      alt: Lying on the side
    parts:
      - name: Lower part
        steps:
          - Lift the top foot.
          - text: Lower it.
            breath: in
        repeat: 3 times
    steps: [Both together.]
    sides: both
    cautions: [go-slowly, Only as far as comfortable.]
    video: https://example.org/v
    duration: 4 min
sequences:
  - id: daily
    name: Daily
    movements: [side-bend]
booklet:
  page_size: A5
  practice_log_days: 14
deck:
  aspect: "16:9"
theme:
  accent: "#2f6f6a"
"""

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _load(root: Path, data: bytes):
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "images").mkdir(exist_ok=True)
    for name in ("cover.png", "side.png"):
        if not (root / "images" / name).exists():
            Image.new("RGB", (40, 30), "white").save(root / "images" / name)
    f = root / "content" / "p.yaml"
    f.write_bytes(data)
    loader = Loader(Workspace(root), base=root)
    t0 = time.perf_counter()
    program = loader.load(f)  # must not raise
    assert time.perf_counter() - t0 < 2.0, "loading took too long"
    if program is None:
        assert loader.report.errors, "a program that did not load must say why"
        for e in loader.report.errors:
            assert e.loc.file == "content/p.yaml" and e.loc.line >= 1 and e.message
    return program


def test_the_valid_program_loads(tmp_path):
    assert _load(tmp_path, VALID.encode()) is not None


yaml_chars = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,? \n\t") + ["  ", "\n  ", "- ", ": ", "&a ", "*a", "!!python/object "])
# Double-quoted YAML escapes reach any code point, controls and lone surrogates included.
escapes = st.sampled_from(['"\\x07"', '"\\x00"', '"\\e"', '"\\ud800"', '"\\u202e"', '"\\x85"', '"\\t"', '"\\U0001F642"', "''", '""'])


@FAST
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300) | st.lists(yaml_chars | st.text(max_size=5), max_size=60).map("".join))
def test_any_text_loads_or_gives_content_errors(tmp_path_factory, text):
    _load(tmp_path_factory.mktemp("w"), text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=200))
def test_any_bytes_load_or_give_content_errors(tmp_path_factory, data):
    _load(tmp_path_factory.mktemp("w"), data)


@st.composite
def mutated(draw):
    lines = VALID.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "indent", "dedent", "punct", "dup", "swap", "escape"]))
        if kind == "delete":
            del lines[i]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i].lstrip()
        elif kind == "punct":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(yaml_chars) + lines[i][pos:]
        elif kind == "dup":
            lines.insert(i, lines[i])
        elif kind == "escape" and ": " in lines[i]:
            key, _, _ = lines[i].partition(": ")
            lines[i] = f"{key}: {draw(escapes)}"
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        if not lines:
            break
    return "\n".join(lines) + "\n"


@FAST
@given(mutated())
def test_mutated_programs_load_or_give_content_errors(tmp_path_factory, text):
    _load(tmp_path_factory.mktemp("w"), text.encode())
