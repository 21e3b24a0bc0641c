"""The handout at the content format's limits: every text field up to 20,000 characters and
lists up to 500 items give pages (text too long for a page runs on to the next), in bounded
time, with nothing dropped; and `movebook check` and `movebook build` agree on every
workspace the handout tests use."""

from __future__ import annotations

import contextlib
import re
import signal
from pathlib import Path

import pytest

import factory
import handout_factory as hf
from builder.cli import main
from builder.layout import handout
from builder.layout.handout.style import MIN_PT
from builder.compose.labels import ENGLISH_LABELS as L
from builder.layout.page import Rule, TextRun
from builder.model.markdown import plain_inline
from builder.source.loader import Loader, Workspace
from builder.source.schema import MAX_ITEMS, MAX_TEXT_CHARS

LONG = ("Slowly and gently move the knee toward the floor " * 500)[:MAX_TEXT_CHARS].strip()
WORD = "x" * MAX_TEXT_CHARS  # one unbroken word


@contextlib.contextmanager
def time_limit(seconds: int):
    """Fail (rather than hang) when the block takes longer than ``seconds``."""
    def stop(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def squash(s: str) -> str:
    return "".join(s.split())


def planned_text(plan, program=None) -> str:
    """The text the pages set between their header and footer rules, in order, without the
    "Name, continued" headings of movements broken over a page (so a broken paragraph reads on)."""
    out = []
    for pg in plan.document.pages:
        rules = sorted(it.y1 for it in pg.items if isinstance(it, Rule))
        top, bottom = rules[-1], (rules[0] if len(rules) > 1 else 0.0)
        out += [it.text for it in pg.items if isinstance(it, TextRun) and bottom < it.y < top]
    text = squash("".join(out))
    if program is not None:
        for k, m in enumerate(program.movements, 1):
            for name in (plain_inline(m.name), L("movement_number", number=k)):
                text = text.replace(squash(L("handout_continued", name=name)), "")
    return text


def all_text(plan) -> str:
    return squash("".join(it.text for pg in plan.document.pages for it in pg.items if isinstance(it, TextRun)))


EDITS = {
    # field: (the line to change in handout_factory.program, what it becomes)
    "step": ("      - Lie on your back with your knees bent", f"      - {LONG}\n      - Lie on your back with your knees bent"),
    "word": ("      - Lie on your back with your knees bent", f"      - {WORD}\n      - Lie on your back with your knees bent"),
    "caution": ("text: Stop at once if a movement causes sharp pain or dizziness.", f"text: {LONG}"),
    "address": ("  phone: 01234 567890", f"  phone: 01234 567890\n  address: {LONG}"),
    "sequence name": ("    name: Full-body stretch", f"    name: {LONG}"),
    "program title": ("title: Yoga for Stiff Backs", f"title: {LONG}"),
    "movement name": ("    name: Arch and Flatten 1", f"    name: {LONG}"),
    "summary": ("    summary: Teaches your belly", f"    summary: {LONG[:MAX_TEXT_CHARS - 200]} Teaches your belly"),
    "opening": ("    opening: Lie on your back", f"    opening: {LONG[:MAX_TEXT_CHARS - 200]} Lie on your back"),
    "author": ("author: Jane Doe, Yoga Teacher", f"author: {LONG}"),
}


@pytest.mark.parametrize("field", list(EDITS))
def test_a_20000_character_field_gives_pages_in_bounded_time(tmp_path, field):
    path = hf.workspace(tmp_path, 4, cues=False)
    old, new = EDITS[field]
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    loader = Loader(Workspace(tmp_path))
    program = loader.load(path)
    assert program is not None, loader.report.errors
    with time_limit(60):
        plan = handout.plan(program)
    pages = plan.document.pages
    got = planned_text(plan, program)
    if field in ("program title", "author"):  # in the header or footer, or moved into the body
        got = all_text(plan) + got
    assert len(pages) >= 2  # it runs on rather than fails
    expected = {"word": WORD, "opening": LONG[:MAX_TEXT_CHARS - 200], "summary": LONG[:MAX_TEXT_CHARS - 200]}
    assert squash(expected.get(field, LONG)) in got, "the long text is all there"
    for pg in pages:
        for it in pg.items:
            if isinstance(it, TextRun):
                assert it.size >= MIN_PT - 0.01
                assert 0 <= it.x and it.x + it.width <= pg.width + 0.01, it.text[:30]
                assert 0 <= it.y <= pg.height


@pytest.mark.parametrize("case", ["500 steps", "500 cautions", "500 movements"])
def test_lists_at_their_limit_give_pages_in_bounded_time(tmp_path, case):
    if case == "500 steps":
        path = hf.workspace(tmp_path, 2, cues=False, steps=MAX_ITEMS)
    elif case == "500 movements":
        path = hf.workspace(tmp_path, MAX_ITEMS, cues=True, steps=1)
    else:
        path = hf.workspace(tmp_path, 2, cues=True)
        text = path.read_text(encoding="utf-8")
        extra = "".join(f"  - Caution number {i} is here.\n" for i in range(MAX_ITEMS - 3))
        path.write_text(text.replace("movements:\n", extra + "movements:\n", 1), encoding="utf-8")
    loader = Loader(Workspace(tmp_path))
    program = loader.load(path)
    assert program is not None, loader.report.errors
    with time_limit(90):
        plan = handout.plan(program)
    got = planned_text(plan, program)
    if case == "500 steps":
        for m in program.movements:
            for i, s in enumerate(m.all_steps, 1):
                assert squash(s.text) in got
    elif case == "500 cautions":
        assert all(squash(c.text) in got for c in program.cautions)
    else:
        badges = [it.text for pg in plan.document.pages for it in pg.items if isinstance(it, TextRun)
                  and it.text.isdigit() and it.colour == "#ffffff"]
        assert badges == [str(i) for i in range(1, MAX_ITEMS + 1)]


# --------------------------------------------------------------------------- check and build agree


def _workspaces(root: Path) -> dict[str, Path]:
    out = {
        "default": factory.copy_default_workspace(root / "default").parent.parent,
        "stress": factory.make_stress_workspace(root / "stress").parent.parent,
    }
    for name, n, kw in [("4", 4, dict(cues=True)), ("30", 30, dict(cues=False, steps=2, page_size="letter")),
                        ("large", 6, dict(cues=True, large_print=True))]:
        out[name] = hf.workspace(root / name, n, **kw).parent.parent
    fallback = hf.workspace(root / "no-sequences", 30, cues=True)
    fallback.write_text(re.sub(r"sequences:.*?(?=booklet:)", "", fallback.read_text(), flags=re.S))
    out["no-sequences"] = fallback.parent.parent
    # a title too long for the header, a step longer than a page (shorter than the limits above:
    # `check` plans the deck too, which takes long over such texts)
    long = hf.workspace(root / "long-texts", 4, cues=False)
    long.write_text(long.read_text().replace("    name: Full-body stretch", f"    name: {LONG[:2000]}")
                    .replace("      - Lie on your back", f"      - {LONG[:6000]}\n      - Lie on your back", 1))
    out["long-texts"] = long.parent.parent
    return out


def test_check_and_build_agree_on_every_workspace(tmp_path, capsys):
    for name, ws in _workspaces(tmp_path / "ws").items():
        capsys.readouterr()
        checked = main(["-C", str(ws), "check"])
        said_check = capsys.readouterr()
        built = main(["-C", str(ws), "build", "--only", "handout"])
        said_build = capsys.readouterr()
        assert checked == built == 0, (name, said_check.err, said_build.err)
        assert list((ws / "output").glob("*/handout.pdf")), name
