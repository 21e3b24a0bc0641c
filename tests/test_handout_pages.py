"""How a handout uses its pages: the default program and a client's two movements on one page
at a readable size, no card broken over a page it would fit whole on the next, no page left
with a few lines, pages evened out, labels that fit in every shipped language, and the exact
line counting the planner chooses with."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import pytest

import factory
import handout_factory as hf
from builder.compose.labels import labels_for
from builder.errors import Report
from builder.layout import handout
from builder.layout import text as tx
from builder.layout.handout import Options, flow, measure, program_sheets
from builder.layout.handout.planner import SheetPlanner
from builder.layout.handout.style import Geometry, LARGE_BODY_PT, MIN_PT
from builder.layout.page import Picture, Rule, TextRun
from builder.source.clients import ClientLoader
from builder.source.loader import Loader, Workspace


def load(path: Path):
    loader = Loader(Workspace(path.parent.parent))
    program = loader.load(path)
    assert program is not None, loader.report.errors
    return program


def default_program(tmp: Path, **changes):
    path = factory.copy_default_workspace(tmp / "ws")
    text = path.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return load(path)


def runs(plan) -> list[TextRun]:
    return [it for pg in plan.document.pages for it in pg.items if isinstance(it, TextRun)]


def body_runs(page) -> list[TextRun]:
    """The text between the header's rule and the footer's."""
    rules = sorted(it.y1 for it in page.items if isinstance(it, Rule))
    return [it for it in page.items if isinstance(it, TextRun) and rules[0] < it.y < rules[-1]]


def planned(program):
    """Each sheet's planner, its choice and its body pages (lists of slabs), as drawn."""
    opts = Options.of(program)
    geo = Geometry.of(opts.page_size, opts.large_print)
    out = []
    for sheet in program_sheets(program):
        sp = SheetPlanner(sheet, opts, geo)
        choice = sp.choose()
        out.append((sp, choice, sp.paginate(choice.body, choice.layout, True)))
    return out


def rooms(pages):
    """Every room of the pages (a page, or a column of one) as (page number, slabs)."""
    for k, page in enumerate(pages):
        yield k, [s for s in page if not isinstance(s, flow.ColumnsSlab)]
        for s in page:
            if isinstance(s, flow.ColumnsSlab):
                for column in s.columns:
                    yield k, list(column)


def cards(slabs) -> list:
    out = []
    for s in slabs:
        if isinstance(s, flow.RowSlab):
            out += list(s.cards)
        elif isinstance(s, flow.ColumnsSlab):
            out += [c for column in s.columns for c in cards(list(column))]
    return out


# --------------------------------------------------------------------------- one page


@pytest.mark.parametrize("page_size", ["A4", "letter"])
def test_the_default_program_is_one_page_at_a_readable_size(tmp_path, page_size):
    """Four movements with cues and four long program-wide cautions: one page, the cues at
    10 pt or more, nothing under 9.5 pt, every picture there."""
    program = default_program(tmp_path, **{"  page_size: A4": f"  page_size: {page_size}"})
    plan = handout.plan(program)
    (page,) = plan.document.pages
    sizes = [r.size for r in runs(plan)]
    assert min(sizes) >= MIN_PT - 0.01
    cue = program.sequences[0].movements[0].cues[0].split()[0]
    assert min(r.size for r in body_runs(page) if r.text.startswith(cue)) >= 10.0
    assert len([it for it in page.items if isinstance(it, Picture)]) == 4


def _client_program(tmp: Path, row: str):
    path = factory.copy_default_workspace(tmp / "ws")
    (path.parent / "clients.csv").write_text(
        "id,client,program,movements,date,language,large_print,note\n" + row + "\n", encoding="utf-8")
    w = Workspace(path.parent.parent)
    loader = Loader(w, Report(), base=path.parent.parent)
    (got,) = ClientLoader(loader, {path.stem: loader.load(path)}).load_all()
    return got.program


def test_a_client_handout_of_two_movements_is_one_page_at_12_pt_with_large_pictures(tmp_path):
    program = _client_program(tmp_path, "jo-bloggs,Jo Bloggs,reverse-hip-pain,washrag;arch-and-curl,"
                                        "2026-12-02,en,no,Gently does it.")
    plan = handout.plan(program)
    (page,) = plan.document.pages
    cues = {c.split()[0] for m in program.sequences[0].movements for c in m.cues}
    assert {r.size for r in body_runs(page) if (r.text.split() or [""])[0] in cues} == {12.0}
    pictures = [it for it in page.items if isinstance(it, Picture)]
    assert len(pictures) == 2 and all(p.w >= page.width * 0.3 for p in pictures)
    footer_rule = min(it.y1 for it in page.items if isinstance(it, Rule))
    lowest = min(r.y for r in body_runs(page))
    assert lowest - footer_rule < page.height * 0.1, "the page is used down to its footer"


def test_a_short_large_print_client_handout_is_one_page_at_16_pt(tmp_path):
    program = load(hf.workspace(tmp_path / "ws", 2, cues=True, large_print=True))
    plan = handout.plan(program)
    assert len(plan.document.pages) == 1
    sizes = [r.size for r in runs(plan)]
    assert max(set(sizes), key=sizes.count) == LARGE_BODY_PT and min(sizes) >= 12.0 - 0.01


def test_a_long_large_print_client_handout_keeps_each_card_whole_on_its_page(tmp_path):
    """Maria's two movements at 16 pt, with the teacher's note, a personal line and the program's
    cautions, are more than an A4 page holds: each movement is whole on its own page."""
    program = _client_program(tmp_path, 'maria-lopez,Maria López,reverse-hip-pain,arch-and-flatten;side-bend,'
                                        '2026-12-01,es,yes,"Start with the lower part of Side Bend only. '
                                        'Call me if your hip aches at night."')
    ((sp, choice, pages),) = planned(program)
    assert choice.body == LARGE_BODY_PT and len(pages) == 2
    assert [[c.number for c in cards(p)] for p in pages] == [[1], [2]]
    assert all(c.whole for p in pages for c in cards(p))


# --------------------------------------------------------------------------- breaking and evening pages


ROUTINES = [  # (movements, cues, steps, large print, page size)
    (2, True, 3, False, "A4"), (3, True, 3, True, "A4"), (4, True, 3, True, "A4"), (5, False, 4, False, "letter"),
    (6, True, 3, True, "A4"), (7, True, 3, False, "A4"), (9, True, 3, True, "A4"), (10, False, 4, False, "letter"),
    (14, True, 3, True, "A4"), (14, False, 4, False, "letter"),
]


@pytest.fixture(scope="module")
def routines(tmp_path_factory):
    out = {}
    for n, cues, steps, large, size in ROUTINES:
        root = tmp_path_factory.mktemp(f"r{n}")
        program = load(hf.workspace(root, n, cues=cues, steps=steps, large_print=large, page_size=size))
        out[(n, cues, steps, large, size)] = planned(program)[0]
    return out


def test_no_card_is_broken_that_fits_whole_on_a_page(routines):
    for key, (sp, choice, pages) in routines.items():
        typ = sp.type_at(choice.body)
        for card in cards([s for p in pages for s in p]):
            if card.first and not card.whole:
                whole = sp.body.card(card.number - sp.sheet.first_number, typ, choice.layout, True)
                assert whole.height > sp.room(1), (key, card.number)


def test_no_page_or_column_holds_a_piece_of_fewer_than_three_lines(routines):
    for key, (sp, choice, pages) in routines.items():
        for k, slabs in rooms(pages):
            for card in cards(slabs):
                if not card.first:  # a card's tail: its lines after the "Name, continued" heading
                    assert sum(s.n for s in card.col.sets[1:]) >= 3, (key, k, card.number)
            for s in slabs:
                if isinstance(s, flow.TextSlab) and not s.first:
                    assert sum(t.n for t in s.col.sets) >= 3, (key, k)


@pytest.mark.parametrize("n,steps,large", [(4, 25, False), (6, 12, True)])
def test_a_paragraph_broken_between_pages_keeps_two_lines_on_each_side(tmp_path, n, steps, large):
    """A step broken at a page or column break leaves at least two of its lines on each side
    (never "move the left arm slowly," at the foot and "breathing in as you go." overleaf)."""
    from builder.layout.handout.column import Set

    program = load(hf.workspace(tmp_path, n, cues=False, steps=steps, large_print=large))
    pieces = 0
    for sp, choice, pages in planned(program):
        key = len(pages)
        for k, slabs in rooms(pages):
            sets = [t for c in cards(slabs) for t in c.col.sets]
            sets += [t for s in slabs if isinstance(s, flow.TextSlab) for t in s.col.sets]
            for t in sets:
                total = Set.of(t.para, t.width, False).n
                pieces += 1
                if t.n < total:
                    assert t.n >= 2 and (t.start >= 2 if t.start else total - t.n >= 2), (key, k, t.start, t.n, total)
    assert pieces > steps * n // 2, "the movements' steps did not reach the pages"


LONG_STEP = ("Now, keeping the pelvis heavy and the lower back resting on the floor, slide the heel of your right "
             "foot slowly away from you along the mat until the leg is nearly straight; pause, notice whether the "
             "lower back wants to lift, and if it does, bend the knee a little until it settles again.")


@pytest.mark.parametrize("n,steps,large", [(4, 25, False), (6, 12, True), (10, 12, True), (7, 6, False), (9, 6, True)])
def test_a_step_of_a_few_lines_is_never_broken_between_pages_or_columns(tmp_path, n, steps, large):
    """A client reads a step as one instruction: one of up to eight lines moves on whole rather
    than end a page with "…bend the" and go on overleaf (a longer one may still break)."""
    from builder.layout.handout.column import WHOLE_STEP_LINES, Set

    path = hf.workspace(tmp_path, n, cues=False, steps=steps, large_print=large)
    path.write_text(path.read_text(encoding="utf-8").replace(hf.STEPS[2], LONG_STEP), encoding="utf-8")
    program = load(path)
    steps_seen = 0
    for sp, choice, pages in planned(program):
        for k, slabs in rooms(pages):
            for t in [t for c in cards(slabs) for t in c.col.sets if t.para.marker]:
                steps_seen += 1
                total = Set.of(t.para, t.width, False).n
                assert t.n == total or total > WHOLE_STEP_LINES, (k, t.start, t.n, total)
    assert steps_seen >= steps * n


def test_a_card_never_leaves_its_picture_on_one_page_and_all_its_steps_overleaf(tmp_path):
    """In newspaper columns, a card at a page's foot that the next page's columns hold goes
    there whole and runs on from column to column: never its picture, name and dose on one page
    and every step overleaf."""

    def pieces(page):
        out = []
        for s in page:
            out += [c for col in s.columns for c in cards(list(col))] if isinstance(s, flow.ColumnsSlab) else cards([s])
        return out

    program = load(hf.workspace(tmp_path, 10, cues=False, steps=12, large_print=True, page_size="letter"))
    for sp, choice, pages in planned(program):
        for k in range(len(pages) - 1):
            later = pieces(pages[k + 1])
            for c in pieces(pages[k]):
                if c.first and not c.whole and any(d.number == c.number and not d.first for d in later):
                    assert any(t.para.marker for t in c.col.sets), (k, c.number)
    assert len(pages) > 2


def test_pages_are_evened_out(routines):
    """No routine ends on a page of a few lines: the emptiest page holds at least half of what
    the fullest does, and no page is without a movement when another holds four."""
    for key, (sp, choice, pages) in routines.items():
        used = [flow.used(p) for p in pages]
        assert min(used) >= 0.5 * max(used), (key, [round(u) for u in used])
        counts = [len([c for c in cards(p) if c.first]) for p in pages]
        assert min(counts) >= 1 or max(counts) < 4, (key, counts)
    # four movements in large print take two pages: two and two, not three and one
    sp, choice, pages = routines[(4, True, 3, True, "A4")]
    assert [len(cards(p)) for p in pages] == [2, 2]


@pytest.mark.parametrize("n,steps,size", [(5, 5, "A4"), (7, 5, "letter"), (11, 8, "A4"), (13, 5, "letter")])
def test_the_routine_s_ending_never_stands_alone_on_its_last_page(tmp_path, n, steps, size):
    """FINISH and the cautions after the movements do not start a page with nothing else on it
    (in large print they did, for these routines): the last card, or its last lines, comes over
    with them, and no card is broken for it where moving it whole will do."""
    program = load(hf.workspace(tmp_path, n, cues=False, steps=steps, large_print=True, page_size=size))
    ((sp, choice, pages),) = planned(program)
    assert len(pages) > 1
    last = [s for _, slabs in rooms(pages[-1:]) for s in slabs]
    assert any(isinstance(s, flow.RowSlab) for s in last), [type(s).__name__ for s in last]
    assert any(getattr(s, "ending", False) for s in last)
    if not choice.layout.flow:  # cards in rows: none broken for it (down columns cards run on anyway)
        assert choice.broken == 0, choice


def test_a_routine_of_several_pages_keeps_11_pt_and_fills_its_pages(routines):
    sp, choice, pages = routines[(14, False, 4, False, "letter")]
    assert len(pages) >= 2 and choice.body >= 11.0
    assert statistics.mean(flow.used(p) / sp.room(k) for k, p in enumerate(pages)) > 0.6


# --------------------------------------------------------------------------- labels in every language


@pytest.mark.parametrize("language", ["de", "fr", "ja", "nl"])
def test_translated_labels_fit_and_the_sheet_stays_one_page(tmp_path, language):
    """BEGIN and FINISH in the teacher's language stand clear of the note beside them (Dutch
    AFSLUITING is long); a caution's title ends with the language's own full stop."""
    program = default_program(tmp_path, **{"language: en": f"language: {language}"})
    plan = handout.plan(program)
    (page,) = plan.document.pages
    Lx = labels_for(program)
    body = body_runs(page)
    for key, note in (("begin", program.sequences[0].opening), ("finish", program.sequences[0].closing)):
        (label,) = [r for r in body if r.text == Lx(key).upper()]
        first_word = note.split()[0]
        (text,) = [r for r in body if r.text.startswith(first_word) and -1.0 < label.y - r.y < 40.0]
        if abs(text.y - label.y) < 1.0:  # beside the label (a note across the page) ...
            assert label.x + label.width + 6.0 <= text.x, (key, label.text)
        else:  # ... or under it (a note in a column)
            assert text.y < label.y - label.size and abs(text.x - label.x) < 1.0, (key, label.text)
    title = Lx("handout_caution_title", title=program.cautions[0].title)
    joined = "".join(r.text for r in body)
    assert title in joined


# --------------------------------------------------------------------------- counting lines


TEXTS = [
    "Breathe out, let go, then flatten your back and keep the arch small and easy.",
    "Слегка поверните голову — ΕΛΛΗΝΙΚΑ κείμενο  with  spaces ",
    "ゆっくりと膝を右に倒し、頭を左に向けます。呼吸を止めないでください。",
    "שכבו על הגב, הברכיים כפופות, ונשמו לאט 12 פעמים.",
    "استلقِ على ظهرك واثنِ ركبتيك ببطء شديد",
    "x" * 300 + " short word " + "y" * 50,
    "ผ่อนคลายกล้ามเนื้อหลังอย่างช้าๆ แล้วหายใจออก",
    "e\u0301te\u0301 well-known  co-operation a-b " * 3,
    "",
]


def test_counted_lines_are_the_lines_the_text_engine_makes():
    rnd = random.Random(7)
    for text in TEXTS:
        for bold in (False, True):
            spans = (tx.Span("Lead ", bold=True), tx.Span(text, bold=bold, italic=not bold))
            for _ in range(60):
                size, width = rnd.choice([9.5, 10.5, 12.0, 16.0]), rnd.uniform(15, 520)
                assert measure.count(spans, size, width) == len(tx.wrap(spans, size, width)), (text[:20], size, width)
