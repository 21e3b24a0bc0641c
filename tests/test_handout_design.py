"""The handout as a designed exercise sheet: cautions and dose at least the body's size, the
body at 11 pt where the routine's pages hold it, pictures large enough to read the position,
large print without empty columns or a closing note broken apart, the client's notes where they
belong, and the same card for every movement. Plan-level (the planner is pure), so fast."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

import factory
import handout_factory as hf
from builder.layout import handout
from builder.layout.page import Rule, TextRun
from builder.source.loader import Loader, Workspace


def load(path: Path):
    loader = Loader(Workspace(path.parent.parent))
    program = loader.load(path)
    assert program is not None, loader.report.errors
    return program


def body_runs(page) -> list[TextRun]:
    rules = sorted(it.y1 for it in page.items if isinstance(it, Rule))
    return [it for it in page.items if isinstance(it, TextRun) and rules[0] < it.y < rules[-1]]


def body_size(plan) -> float:
    sizes = [r.size for pg in plan.document.pages for r in body_runs(pg)]
    return statistics.mode(sizes)


def words_of(text: str) -> set[str]:
    return {w for w in text.split() if len(w) > 3}


@pytest.fixture(scope="module")
def default_program(tmp_path_factory):
    return load(factory.copy_default_workspace(tmp_path_factory.mktemp("d") / "ws"))


@pytest.mark.parametrize("large", [False, True])
def test_cautions_are_set_at_least_at_the_body_size(tmp_path, large):
    path = factory.copy_default_workspace(tmp_path / "ws")
    if large:
        path.write_text(path.read_text(encoding="utf-8").replace("booklet:\n", "booklet:\n  large_print: true\n"),
                        encoding="utf-8")
    program = load(path)
    assert program.booklet.large_print == large
    plan = handout.plan(program)
    body = body_size(plan)
    assert body >= (16.0 if large else 9.5)
    texts = [" ".join(c.text.split()) for c in program.cautions]
    runs = [r for pg in plan.document.pages for r in body_runs(pg)
            if len(r.text.strip()) > 12 and any(r.text.strip() in t for t in texts)]
    assert runs
    assert min(r.size for r in runs) >= body - 0.01


def _large_default(tmp: Path):
    path = factory.copy_default_workspace(tmp / "ws")
    path.write_text(path.read_text(encoding="utf-8").replace("booklet:\n", "booklet:\n  large_print: true\n"),
                    encoding="utf-8")
    return load(path)


def test_large_print_leaves_no_column_empty_and_keeps_the_closing_note_whole(tmp_path):
    from builder.layout.handout import flow
    from builder.layout.handout.style import Geometry
    from builder.layout.handout.planner import SheetPlanner
    from builder.layout.handout import Options, program_sheets

    program = _large_default(tmp_path)
    opts = Options.of(program)
    (sheet,) = program_sheets(program)
    sp = SheetPlanner(sheet, opts, Geometry.of(opts.page_size, opts.large_print))
    choice = sp.choose()
    pages = sp.paginate(choice.body, choice.layout, False)
    assert sum(flow.hollow(p) for p in pages) == 0
    plan = handout.plan(program)
    closing = " ".join(program.sequences[0].closing.split())
    def of_closing(r):
        return len(r.text.strip()) > 12 and r.text.strip() in closing
    holding = [k for k, pg in enumerate(plan.document.pages) if any(of_closing(r) for r in body_runs(pg))]
    assert len(holding) == 1, "the FINISH note on one page"
    (pg,) = [plan.document.pages[k] for k in holding]
    xs = {round(r.x) for r in body_runs(pg) if of_closing(r)}
    lefts = sorted(xs)
    assert lefts[-1] - lefts[0] < pg.width / 3, "the FINISH note in one column"


def test_a_routines_pictures_are_one_size_on_every_page(tmp_path):
    """The same picture is placed at the same size wherever it is in the routine (no page's
    pictures grown alone into its spare room)."""
    from builder.layout.page import Picture

    for program in (_large_default(tmp_path / "a"), load(hf.workspace(tmp_path / "b", 6, cues=True, large_print=True))):
        plan = handout.plan(program)
        seen: dict = {}
        for pg in plan.document.pages:
            for it in pg.items:
                if isinstance(it, Picture) and "logo" not in str(it.request.source):
                    seen.setdefault(it.request.source, set()).add((round(it.w, 1), round(it.h, 1)))
        assert seen and all(len(v) == 1 for v in seen.values()), seen


def test_a_client_sheet_keeps_the_notes_with_what_they_are_about_and_its_blocks_together(default_program):
    """The teacher's note to the client is the first thing under the title; a movement's personal
    line is in that movement's card, after its dose and before its cues; a page with room to
    spare keeps its blocks at their natural gaps (nothing floats apart)."""
    from dataclasses import replace

    from builder.layout.handout import Entry, Options, plan_sheets, program_sheets
    from builder.layout.handout.style import Geometry, Type

    program = default_program
    sheet = program_sheets(program)[0]
    a, b = program.movements[0], program.movements[2]
    line = "Lower part only for now."
    sheet = replace(sheet, entries=(Entry(a), Entry(b, note=line)),
                    note="Start gently and call me if your hip aches at night.", byline="Prepared for Maria López")
    opts = Options.of(program, large_print=True)
    plan = plan_sheets([sheet], opts)
    pages = plan.document.pages
    first = sorted(body_runs(pages[0]), key=lambda r: -r.y)
    assert first[0].text.startswith("Start gently")
    runs = [(k, r) for k, pg in enumerate(pages) for r in body_runs(pg)]

    def where(text):
        (got,) = [(k, -r.y) for k, r in runs if r.text.strip().startswith(text)]
        return got

    note, cue, dose = where("Lower part only"), where(b.cues[0].split(",")[0]), where(b.repeat.split(";")[0])
    assert dose < note < cue
    # no page spreads its blocks: the gaps between its text lines never exceed a few lines
    typ = Type(16.0, Geometry.of(opts.page_size, True), opts.accent)
    from builder.layout.page import Box, Picture

    for pg in pages:
        rules = sorted(it.y1 for it in pg.items if isinstance(it, Rule))
        spans = [(r.y - r.size * 0.3, r.y + r.size) for r in body_runs(pg)]
        spans += [(it.y, it.y + it.h) for it in pg.items if isinstance(it, (Box, Picture)) and rules[0] < it.y < rules[-1]]
        spans.sort(key=lambda s: -s[1])
        low, gaps = spans[0][0], []
        for lo, hi in spans[1:]:
            if hi < low:
                gaps.append(low - hi)
            low = min(low, lo)
        assert max(gaps, default=0.0) < typ.leading * 2.2, gaps


def test_a_right_to_left_program_sets_english_lines_flush_right_and_unmirrored(tmp_path):
    """A Hebrew program whose words are English: each line reads in its own direction (the
    words and their full stops where English puts them) and is set flush right, its bullet on
    the right, like the Hebrew lines of the same page."""
    path = factory.copy_default_workspace(tmp_path / "ws")
    path.write_text(path.read_text(encoding="utf-8").replace("language: en", "language: he"), encoding="utf-8")
    program = load(path)
    plan = handout.plan(program)
    (page,) = plan.document.pages
    runs = body_runs(page)
    for m in program.sequences[0].movements:
        got = [r for r in runs if r.text in m.cues]
        assert len(got) == len(m.cues), "every cue on one line, in reading order"
        rights = {round(r.x + r.width, 1) for r in got}
        assert len(rights) == 1 and len({round(r.x, 1) for r in got}) > 1, "flush right"
        bullets = [r for r in runs if r.text == "•" and any(abs(r.y - g.y) < 0.5 for g in got)]
        assert bullets and all(b.x > max(rights) for b in bullets), "the bullet on the right"
    closing = [r for r in runs if r.text.rstrip().endswith("movement.")]
    assert closing, "the full stop after the English word, not before it"


@pytest.mark.parametrize("n,page_size", [(4, "A4"), (4, "letter")])
def test_a_short_routines_pictures_are_large_enough_to_read_at_11_pt(tmp_path, n, page_size):
    """Up to eight movements: each picture at least 45 mm on its longer side (as good as: half a grid column
    on A4 is 44.75 mm), the body at 11 pt or more, every picture the same size."""
    from builder.layout.page import Picture
    from builder import theme

    program = load(hf.workspace(tmp_path / "ws", n, cues=False, steps=3, page_size=page_size))
    plan = handout.plan(program)
    pics = [it for pg in plan.document.pages for it in pg.items if isinstance(it, Picture)]
    assert len(pics) == n
    assert min(max(p.w, p.h) for p in pics) >= theme.pt(44.5), [round(p.w / theme.pt(1), 1) for p in pics]
    assert body_size(plan) >= 11.0


def test_a_card_without_a_picture_beside_cards_with_one_shows_its_number_not_an_empty_picture_box(tmp_path):
    """Cards with the picture beside the text: a movement without a picture has its number
    badge with its name right beside it, not a picture-wide gap where no picture is."""
    from builder.layout.page import Box

    path = factory.copy_default_workspace(tmp_path / "ws")
    washrag = path.parent / "movements" / "washrag.yaml"
    text = washrag.read_text(encoding="utf-8")
    washrag.write_text(text[:text.index("images:")] + text[text.index("steps:"):], encoding="utf-8")
    program = load(path)
    plan = handout.plan(program)
    page = plan.document.pages[0]
    name = next(r for r in page.items if isinstance(r, TextRun) and r.text.startswith("Washrag"))
    badge = max((b for b in page.items if isinstance(b, Box) and b.radius  # the number's pill
                 and b.y + b.h >= name.y - 2 and b.y <= name.y + 30 and b.x < name.x), key=lambda b: b.x)
    assert name.x - (badge.x + badge.w) < 20, (name.x, badge.x + badge.w)
    from builder.layout.page import Picture

    other = next(r for r in page.items if isinstance(r, TextRun) and r.text.startswith("Side Bend"))
    picture = max((p for p in page.items if isinstance(p, Picture) and p.x < other.x), key=lambda p: p.x)
    assert other.x - picture.x > 40  # beside a picture, a name starts a picture's width in
