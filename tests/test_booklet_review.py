"""The booklet as a design review reads it: right-to-left booklets, large print, page references,
label sizes. Plan-level checks (the planner is pure), a PDF only where the plan cannot say."""

from __future__ import annotations

from pathlib import Path

import pytest

import factory
from factory import edit
from builder.layout import booklet as booklet_plan
from builder.compose.labels import labels_for
from builder.layout.page import TextRun
from builder.source.loader import Loader, Workspace

HEBREW_STEP = "הניחו את היד העליונה (left hand) על המותניים, ונשמו 3 פעמים."


def load(program_file: Path):
    return Loader(Workspace(program_file.parent.parent)).load(program_file)


def default_program(tmp_path_factory, name: str, *pairs):
    f = factory.copy_default_workspace(tmp_path_factory.mktemp(name) / "ws")
    f = edit(f, *pairs)
    return f, load(f)


@pytest.fixture(scope="module")
def hebrew(tmp_path_factory):
    """The default program in Hebrew: English movements, one step in Hebrew with English in it."""
    f = factory.copy_default_workspace(tmp_path_factory.mktemp("he") / "ws")
    edit(f, ("language: en", "language: he"))
    edit(f.parent / "movements" / "side-bend.yaml",
         ("      - Keep your knees together", f"      - {HEBREW_STEP}\n      - Keep your knees together"))
    return load(f)


def runs(page):
    return [it for it in page.body if isinstance(it, TextRun)]


def drawn(text: str) -> str:
    """A label as the page draws it: a right-to-left text in visual order ("שאיפה" -> "הפיאש")."""
    from bidi.algorithm import get_display

    return get_display(text)


# --------------------------------------------------------------------------- right to left


def test_a_right_to_left_booklet_keeps_every_line_inside_the_frame(hebrew):
    bplan = booklet_plan.plan(hebrew)
    g = bplan.geometry
    assert g.rtl
    for n, page in enumerate(bplan.pages, 1):
        for r in runs(page):
            assert g.margin_x - 0.5 <= r.x and r.x + r.width <= g.page_w - g.margin_x + 0.5, (n, r.text)


def _lines(page):
    """The runs of a page grouped by baseline: {y: [runs left to right]}."""
    out: dict[float, list] = {}
    for r in runs(page):
        out.setdefault(round(r.y, 1), []).append(r)
    return {y: sorted(rs, key=lambda r: r.x) for y, rs in out.items()}


def test_in_a_right_to_left_booklet_english_steps_are_flush_right_and_read_in_order(hebrew):
    bplan = booklet_plan.plan(hebrew)
    g = bplan.geometry
    side_bend = next(m for m in hebrew.movements if m.id == "side-bend")
    found = 0
    for n in bplan.units()["movement:side-bend"]:
        for y, line in _lines(bplan.pages[n - 1]).items():
            text = "".join(r.text for r in line)
            if "Keep your knees together" in text:
                found += 1
                # the step number hangs at the right edge; the text ends just left of it
                assert line[-1].text.strip() == "3" and line[-1].x + line[-1].width > g.page_w - g.margin_x - 2
                assert text.index("Keep") < text.index("together")
                gap = line[-1].x - (line[-2].x + line[-2].width)
                assert gap < g.body_pt * 2.5, gap
            if "left hand" in text:
                found += 1
                # Hebrew in drawing order (reversed), the English words in reading order
                assert "(left hand)" in text and "המותניים"[::-1] in text
                assert text.index("המותניים"[::-1]) < text.index("(left hand)") < text.index("העליונה"[::-1])
    assert found >= 2 and side_bend


def test_a_breath_cue_in_a_right_to_left_booklet_leaves_the_first_line_inside_the_frame(hebrew):
    bplan = booklet_plan.plan(hebrew)
    g = bplan.geometry
    L = labels_for(hebrew)
    cues = {drawn(L("breath_in").upper()), drawn(L("breath_out").upper())}
    assert cues == {"הפיאש", "הפישנ"}  # the Hebrew labels, in drawing order
    seen = 0
    for m in hebrew.movements:
        for n in bplan.units()[f"movement:{m.id}"]:
            for y, line in _lines(bplan.pages[n - 1]).items():
                if any(r.text.strip() in cues for r in line):
                    seen += 1
                    assert min(r.x for r in line) >= g.margin_x - 0.5
                    # nothing overlaps: text, cue and number side by side
                    for a, b in zip(line, line[1:]):
                        assert a.x + a.width <= b.x + 0.5, (a.text, b.text)
    assert seen >= 3


def test_a_right_to_left_step_with_a_breath_cue_in_an_english_booklet_stays_inside_the_frame(tmp_path_factory):
    """A Hebrew step with a breath cue in an English booklet (a client's booklet in English from
    a Hebrew program): its first line sits between the cue and the frame's right edge, not
    shifted past the page edge by the cue's width (which cut the sentence's start off)."""
    f, program = default_program(tmp_path_factory, "he-in-en")
    edit(f.parent / "movements" / "arch-and-flatten.yaml",
         ("  - text: Breathe in and slowly arch", f"  - text: {HEBREW_STEP} Breathe in and slowly arch"))
    program = load(f)
    bplan = booklet_plan.plan(program)
    g = bplan.geometry
    assert not g.rtl
    seen = 0
    for n in bplan.units()["movement:arch-and-flatten"]:
        for y, line in _lines(bplan.pages[n - 1]).items():
            if any("המותניים"[::-1] in r.text for r in line):
                seen += 1
                assert max(r.x + r.width for r in line) <= g.page_w - g.margin_x + 0.5, [r.text for r in line]
                for a, b in zip(line, line[1:]):
                    assert a.x + a.width <= b.x + 0.5, (a.text, b.text)
    assert seen >= 1


def _log_heads(program):
    """The x of the "Day" heading and the x range of the "How did it feel?" heading, in pt."""
    L = labels_for(program)
    page = next(pg for pg in booklet_plan.plan(program).pages if ("log",) in pg.blocks)
    day = next(r for r in runs(page) if r.text == drawn(L("day")))
    feel = drawn(L("how_did_it_feel"))
    xs = [r.x for r in runs(page) if r.text == feel or r.text in feel.split()]
    assert xs, feel
    return day.x, min(xs), max(xs)


def test_a_right_to_left_practice_log_reads_from_the_right(hebrew, tmp_path_factory):
    """The practice log's columns run from the right in a right-to-left booklet (day first,
    "how did it feel" last, at the left), and from the left otherwise."""
    day, _, feel_right = _log_heads(hebrew)
    assert day > feel_right
    _, english = default_program(tmp_path_factory, "en-log")
    day, feel_left, _ = _log_heads(english)
    assert day < feel_left


def test_a_right_to_left_booklet_binds_on_the_right(hebrew):
    from builder.render.pdf.impose import bound_on_right, saddle_sides

    bplan = booklet_plan.plan(hebrew)
    g = bplan.geometry
    assert bplan.printing.rtl
    # page numbers at the outer edge: an even page is a right-hand page
    for n in (4, 5):
        num = [r for r in bplan.pages[n - 1].furniture if isinstance(r, TextRun) and r.text == str(n)][0]
        at_right = num.x > g.page_w / 2
        assert at_right == (n % 2 == 0), n
    # the print version: page 1 left of the fold on the outer sheet
    sides = bound_on_right(saddle_sides((8,)))
    assert [(a[0], b[0]) for a, b in sides][:2] == [(1, 8), (7, 2)]
    doc = bplan.document()
    assert doc.rtl


def test_a_left_to_right_booklet_is_bound_on_the_left(tmp_path_factory):
    _, p = default_program(tmp_path_factory, "en")
    bplan = booklet_plan.plan(p)
    assert not bplan.printing.rtl and not bplan.document().rtl


# --------------------------------------------------------------------------- large print


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    return default_program(tmp_path_factory, "default")[1]


def test_a_movement_longer_than_an_opening_keeps_half_its_steps_facing_its_picture(default):
    """Side Bend (14 steps in three parts) takes two openings: at least half its steps are on the
    first, facing its picture ("why it helps" goes after the steps if that is what it takes)."""
    from builder.compose import labels_for
    from builder.layout.booklet.blocks import Maker
    from builder.layout.booklet.geometry import Styles

    g = booklet_plan.plan(default).geometry
    st = Styles(g, default.theme.accent)
    m = next(x for x in default.movements if x.id == "side-bend")
    pages = booklet_plan.lay_movement(default, g, st, labels_for(default), Maker(g, st), lambda *k: 6, m, 3)
    facing = sum(1 for placed in pages[:2] for pl in placed if pl.block.tag[:1] == ("step",))
    assert len(pages) > 2 and 2 * facing >= sum(len(s.steps) for s in m.stages), (len(pages), facing)


def _movement_height(program, bplan, m) -> float:
    """The height of a movement's blocks laid end to end (points), at the smallest picture scale."""
    from builder.layout.booklet import PICTURE_SCALES, TIGHT
    from builder.layout.booklet.blocks import Maker
    from builder.layout.booklet.geometry import Styles
    from builder.layout.booklet.movement import MovementBlocks
    from builder.compose import labels_for

    g = bplan.geometry
    st = Styles(g, program.theme.accent)
    mb = MovementBlocks(program, g, st, labels_for(program), Maker(g, st), 1, lambda k: 6, PICTURE_SCALES[-1],
                        tight=TIGHT)
    blocks = mb.blocks(m)
    return sum(b.height + b.space_before for b in blocks)


@pytest.mark.parametrize("size", ["A5", "A4"])
def test_large_print_movements_take_no_more_pages_than_they_need(default, size):
    bplan = booklet_plan.plan(default, booklet_plan.Edition(large_print=True, page_size=size))
    g = bplan.geometry
    assert g.body_pt >= 16
    for m in default.movements:
        pages = bplan.units()[f"movement:{m.id}"]
        need = _movement_height(default, bplan, m) / g.frame_h
        assert len(pages) <= int(need) + 2, (m.id, pages, round(need, 2))


@pytest.mark.parametrize("size", ["A5", "A4"])
def test_a_cover_with_a_long_title_and_subtitle_in_large_print_stays_one_page(tmp_path_factory, size):
    """A long title and subtitle leave the cover picture little room: the picture shrinks (or is
    left out), never pushing the edition onto a page of its own behind the cover."""
    title = "Gentle Somatic Movements for Tight, Sore Hips and a Freer, Easier Lower Back at Home"
    subtitle = ("A home-practice booklet of slow, mindful movements to ease tight hips and a sore lower back, to do "
                "every morning and evening, at your own pace, for as long as you need them")
    f, program = default_program(tmp_path_factory, f"cover-{size}", ("title: Reverse Hip Pain", f"title: {title}"),
                                 ("organisation: Your Studio", "organisation: The Quiet Studio for Somatic Movement Education"),
                                 ("subtitle: Gentle somatic movements to ease tight, sore hips at home", f"subtitle: {subtitle}"))
    bplan = booklet_plan.plan(program, booklet_plan.Edition(large_print=True, page_size=size))
    g = bplan.geometry
    first, second = ("".join(r.text for r in runs(pg)) for pg in bplan.pages[:2])
    assert program.edition in first and not second.startswith(program.edition), second[:80]
    for r in runs(bplan.pages[0]):
        assert g.margin_bottom - 0.5 <= r.y <= g.page_h, r.text
    from builder.layout.page import Picture

    pictured = any(isinstance(it, Picture) and it.request.source == program.cover_image.path for it in bplan.pages[0].body)
    # a picture the words left no room for is not dropped silently: the build says so
    assert pictured == (bplan.notes == ()), bplan.notes


def test_a_large_print_movement_that_fits_an_opening_starts_on_a_left_page(default):
    bplan = booklet_plan.plan(default, booklet_plan.Edition(large_print=True, page_size="A4"))
    on_opening = 0
    for m in default.movements:
        pages = bplan.units()[f"movement:{m.id}"]
        assert pages[0] % 2 == 0 or len(pages) == 1, (m.id, pages)
        on_opening += len(pages) <= 2
    assert on_opening >= 3


@pytest.mark.parametrize("size", ["A5", "A4", None])
@pytest.mark.parametrize("large", [True, False])
def test_a_movement_never_ends_with_one_step_alone_on_its_page(default, size, large):
    bplan = booklet_plan.plan(default, booklet_plan.Edition(large_print=large, page_size=size))
    for m in default.movements:
        pages = bplan.units()[f"movement:{m.id}"]
        if len(pages) < 2:
            continue
        last = bplan.pages[pages[-1] - 1].blocks
        steps = [t for t in last if t[:1] == ("step",)]
        stage = m.stages[-1]
        if steps and len(stage.steps) > 2:
            assert len(steps) >= 2, (m.id, pages, last)


# --------------------------------------------------------------------------- a movement over several openings


def test_each_later_opening_of_a_movement_opens_with_its_name_and_picture(default):
    bplan = booklet_plan.plan(default, booklet_plan.Edition(large_print=True, page_size="A5"))
    heads = 0
    for m in default.movements:
        pages = bplan.units()[f"movement:{m.id}"]
        for k, n in enumerate(pages):
            tags = bplan.pages[n - 1].blocks
            opens = k > 0 and n % 2 == 0  # the left page of a later opening
            assert (tags[:1] == (("continued", m.id),)) == opens, (m.id, n, tags[:2])
            if opens:
                heads += 1
                page = bplan.pages[n - 1]
                texts = "".join(r.text for r in runs(page))
                assert f"{m.name}, continued" in texts
                assert any(getattr(it, "request", None) is not None for it in page.body)
    assert heads >= 3


def test_a_page_head_never_makes_pagination_lose_rows():
    from builder.layout.booklet.flow import Block, Row, paginate

    blocks = [Block([Row(10.0) for _ in range(7)], [False] + [True] * 6) for _ in range(9)]
    head = Block([Row(12.0)], tag=("continued",))
    pages = paginate(blocks, 100.0, lambda k: head if k % 2 == 0 else None)
    assert sum(len(p.block.rows) for page in pages for p in page if p.block is not head) == 63
    for k, page in enumerate(pages):
        assert (page[0].block is head) == (k > 0 and k % 2 == 0)
        assert max(p.top + p.block.height for p in page) <= 100.0 + 1e-6


# --------------------------------------------------------------------------- type sizes and the measure


@pytest.mark.parametrize("size", ["A5", "A4", "letter"])
def test_in_large_print_nothing_a_client_reads_is_under_16_pt(default, size):
    bplan = booklet_plan.plan(default, booklet_plan.Edition(large_print=True, page_size=size))
    small = {(round(r.size, 1), r.text) for page in bplan.pages[1:] for r in runs(page) if r.size < 16 - 0.01}
    assert not small, sorted(small)[:10]
    feet = [r.size for page in bplan.pages for r in page.furniture if isinstance(r, TextRun)]
    assert feet and min(feet) >= 12 - 0.01


@pytest.mark.parametrize("size", ["A5", "half-letter", "A4", "letter"])
def test_body_lines_are_not_too_long(default, size):
    """About 55-75 characters a full body line (steps are narrower: their number hangs beside)."""
    bplan = booklet_plan.plan(default, booklet_plan.Edition(page_size=size))
    g = bplan.geometry
    lengths = []
    for page in bplan.pages:
        for line in _lines(page).values():
            text = "".join(r.text for r in line if r.size == g.body_pt)
            # full body lines: from the frame's start edge to near its end
            if line[0].x <= g.margin_x + 30 and line[-1].x + line[-1].width >= g.page_w - g.margin_x - g.body_pt * 4:
                lengths.append(len(text))
    assert len(lengths) > 50
    mean = sum(lengths) / len(lengths)
    assert 45 <= mean <= 72 and max(lengths) <= 80, (mean, max(lengths))


# --------------------------------------------------------------------------- routine list and practice log


@pytest.mark.parametrize("count", [6, 8, 9, 11])
def test_a_routine_list_split_over_pages_is_split_evenly(tmp_path_factory, count):
    ids = ["arch-and-flatten", "arch-and-curl", "side-bend", "washrag"] * 3
    _, p = default_program(tmp_path_factory, f"routine{count}",
                           ("movements: [arch-and-flatten, arch-and-curl, side-bend, washrag]",
                            f"movements: [{', '.join(ids[:count])}]"))
    bplan = booklet_plan.plan(p)
    per_page = [sum(1 for t in page.blocks if t[:1] == ("routine-item",))
                for page in bplan.pages if any(t[:1] == ("routine-item",) for t in page.blocks)]
    assert sum(per_page) == count
    for a, b in zip(per_page, per_page[1:]):
        assert a - b <= 1, per_page


@pytest.mark.parametrize("count, large", [(12, True), (20, False), (30, False), (30, True)])
def test_how_to_begin_and_to_finish_share_a_page_with_a_movement_of_the_routine(tmp_path_factory, count, large):
    """A routine over several pages never leaves TO FINISH (or TO BEGIN) alone on a page: the
    last movement comes over with it (a 30-movement routine ended on a page of one line)."""
    ids = ["arch-and-flatten", "arch-and-curl", "side-bend", "washrag"] * 8
    _, p = default_program(tmp_path_factory, f"ends{count}{large}",
                           ("movements: [arch-and-flatten, arch-and-curl, side-bend, washrag]",
                            f"movements: [{', '.join(ids[:count])}]"))
    bplan = booklet_plan.plan(p, booklet_plan.Edition(large_print=large))
    L = labels_for(p)
    seen = 0
    for page in bplan.pages:
        texts = {r.text for r in runs(page)}
        for label in (L("to_begin").upper(), L("to_finish").upper()):
            if label in texts:
                seen += 1
                assert any(t[:1] == ("routine-item",) for t in page.blocks), (label, sorted(texts)[:5])
    assert seen == 2
    assert sum(1 for page in bplan.pages if any(t[:1] == ("routine-item",) for t in page.blocks)) > 1


@pytest.mark.parametrize("days", [15, 17, 21, 30, 45])
@pytest.mark.parametrize("large", [False, True])
def test_a_practice_log_split_over_pages_keeps_three_days_on_each_page(tmp_path_factory, days, large):
    _, p = default_program(tmp_path_factory, f"log{days}", ("practice_log_days: 14", f"practice_log_days: {days}"))
    bplan = booklet_plan.plan(p, booklet_plan.Edition(large_print=large))
    per_page = []
    for n in bplan.units()["log"]:
        page = bplan.pages[n - 1]
        if ("log",) in page.blocks:
            per_page.append(sum(1 for r in runs(page) if r.text.isdigit() and r.x < bplan.geometry.margin_x + 30))
    assert sum(per_page) >= days
    assert all(k >= 3 for k in per_page), per_page


@pytest.mark.parametrize("title", [
    "Reverse Hip Pain: gentle somatic movements for runners, cyclists, gardeners and everyone who sits all day at a desk",
    "Reverse Hip Pain: gentle somatic movements for runners, cyclists, walkers"])
def test_a_long_title_is_not_shortened_in_the_running_footer(tmp_path_factory, title):
    """A title too long for the footer line takes a second line above it, ending on the footer
    line, rather than being cut with an ellipsis; it stays inside the page's bottom margin; its
    two lines are about as long as each other (never one word alone on the second)."""
    _, p = default_program(tmp_path_factory, "long-title", ("title: Reverse Hip Pain", f"title: \"{title}\""))
    bplan = booklet_plan.plan(p)
    g = bplan.geometry
    footers = [page.furniture for page in bplan.pages if page.furniture and page.unit in ("contents", "intro")]
    assert footers
    for items in footers:
        lines = sorted((r for r in items if isinstance(r, TextRun) and not r.text.isdigit()), key=lambda r: -r.y)
        assert " ".join(r.text for r in lines).split() == title.split()
        assert "…" not in "".join(r.text for r in lines)
        assert min(r.y for r in lines) >= theme_pt(8) and max(r.y for r in lines) < g.margin_bottom - 2
        (number,) = [r for r in items if isinstance(r, TextRun) and r.text.isdigit()]
        assert number.y == pytest.approx(min(r.y for r in lines))  # the page number stays on the footer line
        by_line: dict[float, list] = {}
        for r in lines:
            by_line.setdefault(round(r.y, 1), []).append(r)
        widths = [max(r.x + r.width for r in rs) - min(r.x for r in rs) for rs in by_line.values()]
        assert len(widths) == 2 and min(widths) >= 0.6 * max(widths), widths  # two even lines, no word alone


def theme_pt(mm: float) -> float:
    from builder import theme

    return theme.pt(mm)


def test_a_short_practice_log_has_taller_rows_to_write_in_that_use_its_page(tmp_path_factory):
    """7 days on a page that holds 19: each day's row grows (up to 1.75 times) rather than
    leave two thirds of the page empty; 21 days keep the usual rows."""
    from builder.layout.booklet.back import ROW_GROWTH

    pitches = {}
    for days in (7, 21):
        _, p = default_program(tmp_path_factory, f"rows{days}", ("practice_log_days: 14", f"practice_log_days: {days}"))
        bplan = booklet_plan.plan(p)
        page = bplan.pages[bplan.units()["log"][0] - 1]
        ys = sorted((r.y for r in runs(page) if r.text.isdigit() and r.x < bplan.geometry.margin_x + 30), reverse=True)
        assert len(ys) == days
        pitches[days] = ys[0] - ys[1]
        last = ys[-1] - pitches[days]  # the last row's foot
        if days == 7:
            assert last < bplan.geometry.frame_top - bplan.geometry.frame_h * 0.6  # the table takes most of the page
    usual = booklet_plan.log_plan(p, bplan.geometry, labels_for(p), p.sequences).row_h
    assert pitches[21] <= usual + 0.5 and pitches[7] > usual * 1.3
    assert pitches[7] <= usual * ROW_GROWTH + 0.5


@pytest.mark.parametrize("days", [3, 7, 14])
def test_the_log_pages_that_pad_the_booklet_go_on_in_runs_of_its_own_length(tmp_path_factory, days):
    """A week's log padded out to the booklet's multiple of four: each further page carries
    whole weeks (days 8-21), not a page of 19 days that ends mid-week."""
    _, p = default_program(tmp_path_factory, f"short-log{days}", ("practice_log_days: 14", f"practice_log_days: {days}"))
    bplan = booklet_plan.plan(p)
    per_page = []
    for n in bplan.units()["log"]:
        page = bplan.pages[n - 1]
        if ("log",) in page.blocks:
            per_page.append([int(r.text) for r in runs(page) if r.text.isdigit() and r.x < bplan.geometry.margin_x + 30])
    assert len(per_page) >= 2, per_page  # the default program pads with more log
    assert per_page[0] == list(range(1, days + 1))
    for before, page in zip(per_page, per_page[1:]):
        assert page == list(range(before[-1] + 1, before[-1] + 1 + len(page))), per_page
        assert len(page) % days == 0 and len(page) >= days, per_page
    assert sum(map(len, per_page)) < 2 * days + 19 * (len(per_page) - 1), per_page  # not a page of days beyond the runs


# --------------------------------------------------------------------------- words


def _glance_heading(bplan) -> str:
    pages = bplan.units().get("glance", ())
    assert pages, "no page of routines at a glance"
    first = _lines(bplan.pages[pages[0] - 1])
    return "".join(r.text for r in first[max(first)])


def test_the_at_a_glance_heading_counts_the_routines(default, tmp_path_factory):
    assert _glance_heading(booklet_plan.plan(default)) == "Your routine at a glance"
    _, two = default_program(tmp_path_factory, "two-routines", ("sequences:\n", """sequences:
  - id: short
    name: Short routine
    movements: [arch-and-flatten, washrag]
"""))
    assert _glance_heading(booklet_plan.plan(two)) == "Your routines at a glance"


def test_every_line_of_the_booklet_lies_inside_its_frame(default):
    for edition in (booklet_plan.STOCK, booklet_plan.Edition(large_print=True),
                    booklet_plan.Edition(page_size="letter")):
        bplan = booklet_plan.plan(default, edition)
        g = bplan.geometry
        for n, page in enumerate(bplan.pages, 1):
            for r in runs(page):
                assert g.margin_x - 0.5 <= r.x and r.x + r.width <= g.page_w - g.margin_x + 0.5, (n, r.text)


def test_a_clients_own_dose_is_the_only_dose_printed(tmp_path):
    from builder.errors import Report
    from builder.source.clients import ClientLoader

    f = factory.copy_default_workspace(tmp_path / "ws")
    (f.parent / "clients").mkdir()
    (f.parent / "clients" / "maria.yaml").write_text(
        "client: Maria\nprogram: reverse-hip-pain\nmovements:\n  - arch-and-flatten\n"
        "  - id: side-bend\n    repeat: 3 times each side\n  - id: washrag\n", encoding="utf-8")
    w = Workspace(tmp_path / "ws")
    loader = Loader(w, Report(), base=tmp_path / "ws")
    programs = {p.stem: loader.load(p) for p in w.programs()}
    (got,) = ClientLoader(loader, programs).load_all()
    side = next(m for m in got.program.movements if m.id == "side-bend")
    program_side = next(m for m in programs["reverse-hip-pain"].movements if m.id == "side-bend")
    assert any(s.repeat for s in program_side.stages)  # the program gives each part its repeats
    assert side.repeat == "3 times each side" and not any(s.repeat for s in side.stages)
    assert [s.steps for s in side.stages] == [s.steps for s in program_side.stages]
    bplan = booklet_plan.plan(got.program)
    text = " ".join("".join(r.text for r in line) for n in bplan.units()["movement:side-bend"]
                    for line in _lines(bplan.pages[n - 1]).values())
    assert "3 times each side" in text and "Repeat:" not in text


# --------------------------------------------------------------------------- pictures on the grid


@pytest.mark.parametrize("large", [False, True])
def test_pictures_across_the_frame_take_the_grids_column_widths(default, large):
    from builder.layout.page import Picture

    bplan = booklet_plan.plan(default, booklet_plan.Edition(large_print=large))
    g = bplan.geometry
    gutter = g.unit * 2  # six columns across the frame
    col = (g.frame_w - 5 * gutter) / 6
    grid = [k * col + (k - 1) * gutter for k in range(2, 7)]
    widths = set()
    for m in default.movements:
        for n in bplan.units()[f"movement:{m.id}"]:
            for it in bplan.pages[n - 1].body:
                if isinstance(it, Picture) and it.w > g.frame_w * 0.3:
                    widths.add(round(it.w, 1))
                    assert any(abs(it.w - x) < 0.05 for x in grid), (m.id, it.w, grid)
                    assert abs(it.x - g.margin_x) < 0.05 or abs(it.x + it.w - (g.page_w - g.margin_x)) < 0.05
    assert widths


# --------------------------------------------------------------------------- page references


@pytest.mark.parametrize("edition", [booklet_plan.STOCK, booklet_plan.Edition(large_print=True),
                                     booklet_plan.Edition(page_size="letter"),
                                     booklet_plan.Edition(large_print=True, page_size="A4")])
def test_every_page_reference_names_the_page_the_thing_is_on(default, hebrew, edition):
    import re

    for program in (default, hebrew):
        bplan = booklet_plan.plan(program, edition)
        anchors = bplan.anchor_pages
        before = anchors["before"]
        L = labels_for(program)
        # a reference as the page draws it: the Hebrew one in visual order, the number at its left
        said = L("caution_see_page", titles="", section=L("before_you_begin"), page="000")
        said = said[said.index(L("before_you_begin")) - 1:].rstrip(".")  # “Before you begin”, page 000
        ref = re.escape(drawn(said)).replace("000", r"(\d+)")
        page_ref = re.escape(drawn(L("page_ref", page="000"))).replace("000", r"(\d+)")
        seen = 0
        # each program caution's page in "Before you begin" (which may take two pages)
        printed_on = {c.title: anchors[f"before-{k}"] for k, c in enumerate(program.cautions) if c.title}
        assert before == min(printed_on.values())
        cited = set()
        for page in bplan.pages:
            lines = [_lines(page)[y] for y in sorted(_lines(page), reverse=True)]
            for line in lines:
                text = "".join(r.text for r in sorted(line, key=lambda r: r.x))
                for m in re.finditer(ref, text):
                    seen += 1
                    assert int(m.group(1)) in printed_on.values()
                    cited.add(int(m.group(1)))
            if not bplan.geometry.rtl:  # the titles a reference follows are on the page it names
                flow = " ".join("".join(r.text for r in line) for line in lines)
                start = 0
                for m in re.finditer(ref, flow):
                    named = [t for t in printed_on if t in flow[start:m.start()]]
                    assert named and all(printed_on[t] == int(m.group(1)) for t in named), (named, m.group(0))
                    start = m.end()
        if program is default and edition == booklet_plan.STOCK:
            assert cited == {6, 7}, "the default's cautions are printed over pages 6 and 7, and both are cited"
        # the routine's list names each movement's first page
        for n in bplan.units()["routine:daily-hip-release"]:
            for line in _lines(bplan.pages[n - 1]).values():
                text = "".join(r.text for r in line)
                m = re.search(page_ref, text)
                if m and drawn(L("before_you_begin")) not in text:
                    seen += 1
                    assert "movement:" in bplan.pages[int(m.group(1)) - 1].unit
                    assert bplan.pages[int(m.group(1)) - 2].unit != bplan.pages[int(m.group(1)) - 1].unit
        assert seen >= 4


# --------------------------------------------------------------------------- prose in cautions

def test_a_caution_s_paragraphs_and_list_stay_apart_in_the_booklet_and_the_deck(tmp_path_factory):
    """A caution's text is prose like any other: its paragraphs start lines of their own and its
    list items are bullets, in the booklet (Before you begin, and a movement's own caution) and
    on the deck's slides; its title still leads its first paragraph."""
    from builder.build.targets import TARGETS

    text = ("    text: |-\n      Do every movement slowly and gently.\n\n      Second paragraph of the caution starts here.\n\n"
            "      - Bullet one of the caution\n      - Bullet two of the caution\n    level: caution\n")
    f, program = default_program(tmp_path_factory, "caution-prose", (
        "    text: >-\n      Do every movement slowly and gently, and pay attention to what you\n"
        "      feel. Speed and effort are not the goal; noticing is.\n    level: caution\n", text))
    f2 = f.parent / "movements" / "washrag.yaml"
    edit(f2, ("cautions:\n", "cautions:\n  - text: \"Own caution first part.\\n\\nOwn caution second part.\"\n    level: stop\n"))
    program = load(f)
    bplan = booklet_plan.plan(program)
    starts = [min(rs, key=lambda r: r.x).text for page in bplan.pages for rs in _lines(page).values()]
    for words in ("Second paragraph", "Bullet one", "Bullet two", "Own caution second"):
        assert any(s.startswith(words) for s in starts), words
    assert any(s.startswith("Slowly, gently, with awareness.") for s in starts)  # the title leads the first paragraph
    deck = TARGETS["deck"].plan(program)
    paras = ["".join(sp.text for sp in p.spans) for sl in deck.slides for sh in sl.shapes if hasattr(sh, "paras") for p in sh.paras]
    for words in ("Second paragraph", "Bullet one", "Bullet two", "Own caution second"):
        assert any(p.startswith(words) for p in paras), words


@pytest.mark.parametrize("short", [False, True])
def test_before_you_begin_in_large_print_runs_on_page_by_page_without_a_page_for_each_panel(tmp_path_factory, short):
    """A long "Before you begin" in large print: its heading, lead and first caution open its
    first page (no "continued" head above its own heading), and it takes no more pages than its
    panels need, rather than a page for the heading, the lead and each panel. ``short``: after
    one short introduction, with two cautions (the first kept with the last)."""
    long = ("    text: |-\n" + "".join(f"      Paragraph {k} of a long caution: stop if a movement hurts, and rest a "
                                      "while before you try it again, more gently and more slowly.\n\n" for k in range(3))
            + "      The end of it.\n    level: stop\n")
    f, program = default_program(tmp_path_factory, "long-before", (
        "    text: >-\n      Do every movement slowly and gently, and pay attention to what you\n"
        "      feel. Speed and effort are not the goal; noticing is.\n    level: caution\n", long))
    if short:
        text = f.read_text()
        cautions = text.index("\ncautions:")
        third = text.index("\n  - id:", text.index("\n  - id:", text.index("\n  - id:", cautions) + 1) + 1)
        f.write_text(text[:text.index("\nintro:")] + "\nintro:\n  - heading: How to use this booklet\n"
                     "    text: Practise slowly.\n" + text[cautions:third] + text[text.index("\nmovements:"):])
        edit(f.parent / "movements" / "side-bend.yaml", ("  - never-force\n", ""))
        edit(f.parent / "movements" / "washrag.yaml", ("  - rest-and-notice\n", ""))
        program = load(f)
    bplan = booklet_plan.plan(program, booklet_plan.Edition(large_print=True, page_size="A5"))
    L = labels_for(program)
    head, cont = L("before_you_begin"), L("handout_continued", name=L("before_you_begin"))
    texts = [[r.text for r in runs(page)] for page in bplan.pages]
    first = next(n for n in bplan.units()["intro"] if head in texts[n - 1]) - 1
    assert cont not in texts[first]
    assert any(t.startswith(L("before_you_begin_lead").split()[0]) for t in texts[first])
    assert "STOP" in texts[first] or "CAUTION" in texts[first]
    later = [n for n, t in enumerate(texts) if cont in t]
    assert later == list(range(first + 1, first + 1 + len(later)))
    assert len(later) <= (1 if short else 3), later  # what its panels need, one long: 2 (or 4) pages in all
    if short:  # the long panel goes on over the page, its later piece headed with its level word
        assert L("handout_continued", name="STOP") in texts[first + 1], texts[first + 1]
