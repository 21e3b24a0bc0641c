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
    t0 = time.process_time()  # this process's own work: a stalled shared machine is not a slow loader
    program = loader.load(f)  # must not raise
    assert time.process_time() - t0 < 2.0, "loading took too long"
    if program is None:
        assert loader.report.errors, "a program that did not load must say why"
        lines = data.count(b"\n") + data.count(b"\r") + 2
        for e in loader.report.errors:
            assert e.loc.file == "content/p.yaml" and 1 <= e.loc.line <= lines and e.message
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


# ---- every text field from 1 to 20,000 characters, every list at its limit ------------------
#
# Each case is the workspace `movebook new` makes with one field (or list) pushed to a length,
# built (every output) and, when the build fails, checked, in a forked child with a processor
# time and an address-space bound (tests/limits_driver.py). A case passes when the build works,
# or when build and check both report content errors at a line; never a hang, a memory blow-up
# or an internal error. Lengths 1 and 80 go through every field at once; the long lengths
# through a representative set of fields, one field a case.

import json as _json
import re as _re
import shutil as _shutil
import subprocess as _subprocess
import sys as _sys

import pytest
import yaml as _yaml

CPU_SECONDS = 10
"""Processor time one case may take (build and check together); a normal case takes 1-5 s."""
MEMORY_MB = 1200
"""Address space of one case, libraries included (they take about 300 MB before any work)."""

_STARTER = Path(__file__).resolve().parent.parent / "builder" / "starter"

FIELDS = {
    "title": ("title",), "subtitle": ("subtitle",), "author": ("author",), "organisation": ("organisation",),
    "edition": ("edition",), "disclaimer": ("disclaimer",), "contact.address": ("contact", "address"),
    "intro.heading": ("intro", 0, "heading"), "intro.text": ("intro", 0, "text"), "intro.notes": ("intro", 0, "notes"),
    "intro.slide": ("intro", 0, "slide", 0), "caution.title": ("cautions", 0, "title"),
    "caution.text": ("cautions", 0, "text"), "movement.name": ("movements", 1, "name"),
    "movement.summary": ("movements", 1, "summary"), "movement.why": ("movements", 1, "why"),
    "movement.position": ("movements", 1, "position"), "movement.target": ("movements", 1, "targets", 0),
    "step.text": ("movements", 1, "steps", 0, "text"), "movement.repeat": ("movements", 1, "repeat"),
    "movement.afterwards": ("movements", 1, "afterwards"), "movement.teaching_notes": ("movements", 1, "teaching_notes"),
    "movement.duration": ("movements", 1, "duration"), "image.caption": ("movements", 1, "image", "caption"),
    "image.alt": ("movements", 1, "image", "alt"), "sequence.name": ("sequences", 0, "name"),
    "sequence.how_often": ("sequences", 0, "how_often"), "sequence.opening": ("sequences", 0, "opening"),
    "sequence.closing": ("sequences", 0, "closing"),
}
SHORT_LIMITS = {"movement.cue": (("movements", 1, "cues", 0), 80), "label": (("labels", "routine"), 200)}


def _words(n: int) -> str:
    base = "Breathe out and let the knee drift slowly toward the floor, then come back. "
    return (base * (n // len(base) + 1))[:n].rstrip() or "B"


def _one_word(n: int) -> str:
    return ("Pandiculation" * (n // 13 + 1))[:n]


def _base() -> dict:
    data = _yaml.safe_load((_STARTER / "content" / "my-program.yaml").read_text(encoding="utf-8"))
    mv = data["movements"][1]
    mv.update(afterwards="Rest.", why="Because.", targets=["waist"], cues=["Slowly"])
    mv["image"]["caption"] = "Start"
    data["intro"][0].update(slide=["One point"], notes="Ask the room.")
    data["labels"] = {"routine": "Routine"}
    return data


def _set(data: dict, path: tuple, value) -> None:
    node = data
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


def _all_fields(n: int):
    def edit(data):
        for path in FIELDS.values():
            _set(data, path, _words(n))
        for path, limit in SHORT_LIMITS.values():
            _set(data, path, _words(min(n, limit)))
    return edit


def _field(name: str, text: str):
    return lambda data: _set(data, FIELDS[name], text)


def _list(path: tuple, items: list):
    return lambda data: _set(data, path, items)


CASES = {
    "every field at 1 character": _all_fields(1),
    "every field at 80 characters": _all_fields(80),
    **{f"{f} at 1,000": _field(f, _words(1000)) for f in (
        "movement.repeat", "movement.summary", "movement.position", "sequence.name", "caution.title")},
    **{f"{f} at 2,500": _field(f, _words(2500)) for f in (
        "title", "author", "intro.heading", "intro.slide", "caution.text", "movement.name",
        "step.text", "image.caption", "sequence.name", "sequence.how_often")},
    **{f"{f} at 20,000": _field(f, _words(20000)) for f in (
        "title", "disclaimer", "intro.text", "step.text", "movement.teaching_notes", "sequence.opening")},
    **{f"{f} as one 2,500-character word": _field(f, _one_word(2500)) for f in ("intro.heading", "step.text")},
    "6 cues of 80 characters": _list(("movements", 1, "cues"), [_words(80)] * 6),
    "a label of 200 characters": _list(("labels", "routine"), _words(200)),
    "500 steps": _list(("movements", 1, "steps"), [f"Step {i}: lift slowly." for i in range(500)]),
    "500 targets": _list(("movements", 1, "targets"), [f"muscle {i}" for i in range(500)]),
    "500 slide points": _list(("intro", 0, "slide"), [f"Point {i}" for i in range(500)]),
    "500 program cautions": _list(("cautions",), [{"text": f"Caution {i}."} for i in range(498)]
                                  + [{"id": "go-slowly", "text": "Go slowly."}, {"id": "never-force", "text": "Never."}]),
}

def _write_case(root: Path, edit) -> Path:
    _shutil.copytree(_STARTER, root)
    data = _base()
    if edit:
        edit(data)
    (root / "content" / "my-program.yaml").write_text(_yaml.safe_dump(data, allow_unicode=True, width=10**9, sort_keys=False),
                                                      encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def limit_outcomes(tmp_path_factory):
    """Every case, run once, two drivers side by side (one per core): {case: result}."""
    base = tmp_path_factory.mktemp("limits")
    warm = _write_case(base / "warm", None)
    dirs = {str(_write_case(base / f"case-{i}", edit)): name for i, (name, edit) in enumerate(CASES.items())}
    names = list(dirs)
    # the costly cases first, spread over both drivers
    driver = Path(__file__).with_name("limits_driver.py")
    procs = [_subprocess.Popen([_sys.executable, str(driver), str(CPU_SECONDS), str(MEMORY_MB), str(warm), *part],
                               stdout=_subprocess.PIPE, text=True) for part in (names[0::2], names[1::2])]
    results = {}
    for p in procs:
        out, _ = p.communicate(timeout=60 * 20)
        for line in out.splitlines():
            r = _json.loads(line)
            results[dirs[r["ws"]]] = r
    return results


_AT_A_LINE = _re.compile(r"^\S+\.ya?ml:\d+:\d+: ", _re.M)


def _params():
    for name in CASES:
        yield pytest.param(name, id=name)


@pytest.mark.parametrize("case", _params())
def test_long_text_builds_or_is_a_content_error_in_bounded_time_and_memory(limit_outcomes, case):
    r = limit_outcomes[case]
    said = r["said"]
    figures = f"{r['cpu']} s of processor time, {r['peak_mb']} MB"
    assert r["build"] is not None, f"did not finish within {CPU_SECONDS} s of processor time ({figures})\n{said[-800:]}"
    assert r["build"] in (0, 1), f"build exit {r['build']} ({figures}):\n{said[-1500:]}"
    assert "internal error" not in said and "Traceback" not in said, said[-1500:]
    if r["build"] == 1:
        assert r["check"] == 1, f"build reported content errors but check said {r['check']}:\n{said[-1500:]}"
        assert _AT_A_LINE.search(said), f"the errors must name a file and line:\n{said[-1500:]}"
