"""The deck planner: pure plan objects, no python-pptx. Measuring, wrapping, splitting, geometry."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from builder.compose.facts import about, level_word, short_url, whole_minutes
from builder.compose.labels import ENGLISH_LABELS

from builder.layout import deck as dp
from builder.source.loader import Loader, Workspace
from factory import CYRILLIC, GREEK, LONG_NAME, TRICKY, copy_default_workspace, make_stress_workspace


def _load(program: Path):
    loader = Loader(Workspace(program.parent.parent))
    p = loader.load(program)
    assert p is not None, loader.report.errors
    return p


@pytest.fixture(scope="module")
def stress(tmp_path_factory):
    return _load(make_stress_workspace(tmp_path_factory.mktemp("stress")))


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    return _load(copy_default_workspace(tmp_path_factory.mktemp("default")))


def _texts(slide) -> list[dp.TextBox]:
    return [s for s in slide.shapes if isinstance(s, dp.TextBox)]


def _line_texts(spans, size, width):
    return ["".join(p.text for t in line for p in t.pieces) for line in dp.wrap(spans, size, width)]


# ----------------------------------------------------------------------------- measuring

def test_wrap_keeps_every_line_inside_the_width():
    text = "Slowly lift the top foot; let the hip slide up toward the ribs. " * 5
    for size in (20, 26, 40):
        for line in dp.wrap((dp.Span(text),), size, 300):
            w = sum(t.width(size) for t in line) + dp.text_width_pt(" ", size) * (len(line) - 1)
            assert w <= 300


def test_wrap_breaks_over_long_words_and_loses_nothing():
    word = "Pandiculation" * 12
    spans = (dp.Span("a " + word + " b"),)
    lines = dp.wrap(spans, 26, 200)
    assert len(lines) > 3
    assert dp._spans_of(lines)[0].text == "a " + word + " b"
    for line in lines:
        assert sum(t.width(26) for t in line) <= 200


def test_wrap_may_break_after_a_hyphen_between_letters():
    assert _line_texts((dp.Span("Full-Body"),), 40, dp.text_width_pt("Body", 40) + 10) == ["Full-", "Body"]
    # "-5" is not a break opportunity
    assert len(dp.wrap((dp.Span("a -5"),), 20, 1000)) == 1


def test_split_paragraph_round_trips_its_text():
    p = dp.para([dp.Span("one two three four five six seven eight nine ten " * 4, bold=True)], 26, dp.inch(4))
    a, b = dp.split_para(p, dp.inch(4), 2)
    assert a.lines == 2 and b.lines == p.lines - 2
    assert a.text + " " + b.text == p.text.strip()


def test_styled_runs_survive_measuring():
    spans = dp.runs_of("Keep **this** and *that* " + TRICKY)
    assert [s.bold for s in spans][:2] == [False, True]
    assert "".join(s.text for s in spans).endswith(TRICKY)


def test_minutes():
    # one way of stating a time in every output: whole minutes, rounded half up, at least 1
    assert whole_minutes(16.5, ENGLISH_LABELS) == "17 min"
    assert whole_minutes(16.4, ENGLISH_LABELS) == "16 min"
    assert whole_minutes(0.5, ENGLISH_LABELS) == "1 min"
    assert whole_minutes(4, ENGLISH_LABELS) == "4 min"


# ----------------------------------------------------------------------------- whole plans

@pytest.mark.parametrize("aspect,width_in", [("16:9", 13.333), ("4:3", 10.0)])
def test_geometry_and_nothing_outside_the_slide_or_below_20pt(stress, aspect, width_in):
    plan = dp.plan_deck(stress, dp.Geometry.for_aspect(aspect))
    assert plan.width == dp.inch(width_in) and plan.height == dp.inch(7.5)
    for slide in plan.slides:
        for s in slide.shapes:
            assert 0 <= s.x and s.x + s.w <= plan.width, (slide.title, s)
            assert 0 <= s.y and s.y + s.h <= plan.height, (slide.title, s)
            if isinstance(s, dp.TextBox):
                assert s.h >= dp.box_height_emu(s.paras), (slide.title, s.text)
                for p in s.paras:
                    assert p.size_pt >= dp.MIN_PT, (slide.title, p.text)
                    assert p.spans, slide.title


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_text_boxes_never_overlap(stress, aspect):
    plan = dp.plan_deck(stress, dp.Geometry.for_aspect(aspect))
    for slide in plan.slides:
        boxes = [s for s in slide.shapes if isinstance(s, (dp.TextBox, dp.Picture))]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap = min(a.x + a.w, b.x + b.w) > max(a.x, b.x) and min(a.y + a.h, b.y + b.h) > max(a.y, b.y)
                assert not overlap, (slide.title, getattr(a, "text", a.role), getattr(b, "text", b.role))


def test_slide_order_and_kinds(default):
    plan = dp.plan_deck(default)
    kinds = [s.kind for s in plan.slides]
    assert kinds[0] == "title" and kinds[1] == "agenda" and kinds[-1] == "closing"
    assert "cautions" in kinds and "sequence" in kinds
    for m in default.movements:
        titles = [s.title for s in plan.slides if s.kind == "movement"]
        assert m.name in titles


def test_long_movement_continues_with_counters_and_step_numbers(stress):
    plan = dp.plan_deck(stress)
    long = stress.movements[0]
    steps = [s for s in plan.slides if s.kind == "steps" and s.title.startswith(LONG_NAME)]
    assert len(steps) > 3
    n = len(steps)
    assert [s.title for s in steps] == [f"{LONG_NAME} ({i}/{n})" for i in range(1, n + 1)]
    numbers = [int(b.text.rstrip(".")) for s in steps for b in _texts(s) if b.role == "step-number"]
    assert numbers == list(range(1, len(long.all_steps) + 1))
    # Breath cues sit beside their steps.
    labels = [b.text for s in steps for b in _texts(s) if b.role == "breath"]
    assert labels.count("breathe out") == sum(1 for st in long.all_steps if st.breath == "out")


def test_each_part_on_its_own_slides_with_its_repeat(stress):
    plan = dp.plan_deck(stress)
    side = stress.movements[1]
    slides = [s for s in plan.slides if s.kind == "steps" and s.title.startswith("Side Bend")]
    subs = [b.text for s in slides for b in _texts(s) if b.role == "subtitle"]
    for part in side.parts:
        assert any(t.startswith(dp.markdown.plain_inline(part.name)) and part.repeat in t for t in subs)
    assert any(t == f"Repeat {side.repeat}" for t in subs)


def test_every_step_on_a_slide_and_in_the_notes(stress):
    plan = dp.plan_deck(stress)
    for m in stress.movements:
        slides = [s for s in plan.slides if s.kind in ("movement", "steps") and s.title.startswith(m.name)]
        shown = " ".join(b.text for s in slides for b in _texts(s) if b.role == "step")
        shown = " ".join(shown.split())
        notes = "\n".join(s.notes for s in slides)
        for step in m.all_steps:
            text = dp.markdown.plain_inline(step.text)
            assert text in shown, text
            assert text in notes, text
        if m.teaching_notes:
            # on the main slide and the first steps slide; continuation slides do not repeat them
            steps = [s for s in slides if s.kind == "steps"]
            assert dp.markdown.plain(m.teaching_notes) in slides[0].notes and dp.markdown.plain(m.teaching_notes) in steps[0].notes
            assert all(dp.markdown.plain(m.teaching_notes) not in s.notes and "(continued)" in s.notes for s in steps[1:])


def test_tricky_text_is_kept_literally(stress):
    plan = dp.plan_deck(stress)
    everything = " ".join(" ".join(b.text.split()) for s in plan.slides for b in _texts(s))
    for s in (TRICKY, GREEK, CYRILLIC):
        assert s in everything


def test_agenda_has_durations_and_total(default):
    plan = dp.plan_deck(default)
    agenda = [s for s in plan.slides if s.kind == "agenda"]
    times = [b.text for s in agenda for b in _texts(s) if b.role == "agenda-time"]
    for m in default.movements:
        assert m.duration in times
    assert about(default.duration_minutes, ENGLISH_LABELS) in times  # as the booklet and handout say it


def test_cautions_carry_a_word_not_only_a_colour(stress):
    plan = dp.plan_deck(stress)
    slides = [s for s in plan.slides if s.kind == "cautions"]
    words = [b.text for s in slides for b in _texts(s) if b.role == "caution-level"]
    assert any("STOP" in w for w in words) and any("CAUTION" in w for w in words) and any("GOOD TO KNOW" in w for w in words)


def test_many_movements_make_sequence_continuations(stress):
    many = replace(stress.sequences[0], movements=stress.sequences[0].movements * 5)
    prog = replace(stress, sequences=(many,))
    plan = dp.plan_deck(prog)
    seq = [s for s in plan.slides if s.kind == "sequence"]
    assert len(seq) > 1
    names = [b.text for s in seq for b in _texts(s) if b.role == "thumbnail-name"]
    assert [int(re.match(r"\d+", n).group()) for n in names] == list(range(1, 21))


def test_template_title_box_is_measured(stress):
    geo = dp.Geometry(dp.inch(10), dp.inch(7.5), title_box=(dp.inch(0.5), dp.inch(0.3), dp.inch(9), dp.inch(1.25)), template=True)
    plan = dp.plan_deck(stress, geo)
    for slide in plan.slides:
        for b in _texts(slide):
            if b.placeholder:
                need = dp.pt_emu(b.paras[0].height_pt) + b.insets[1] + b.insets[3]
                assert b.h >= need and b.paras[0].size_pt >= 20
    assert plan.background is None


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_titles_are_not_in_the_renderers_grey_zone(stress, default, aspect):
    """A title planned on two lines that a renderer could set on one leaves a gap above its rule."""
    for prog in (stress, default):
        plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
        for sl in plan.slides:
            for box in _texts(sl):
                if box.role == "title":
                    p = box.paras[0]
                    if p.size_pt > dp.TITLE_SIZES[-1]:
                        assert not dp._ambiguous(p, dp.inner_w(box.w)), sl.title


def test_one_line_title_gets_a_one_line_box(default):
    plan = dp.plan_deck(default, dp.Geometry.for_aspect("16:9"))
    sl = next(s for s in plan.slides if s.title.startswith("Tight hips"))
    title = next(b for b in _texts(sl) if b.role == "title")
    assert title.paras[0].lines == 1
    assert title.h == dp.box_height_emu(title.paras)


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_thumbnail_names_never_break_inside_a_word(stress, aspect):
    plan = dp.plan_deck(stress, dp.Geometry.for_aspect(aspect))
    seq = [s for s in plan.slides if s.kind == "sequence"]
    assert seq
    for sl in seq:
        for box in _texts(sl):
            if box.role == "thumbnail-name":
                p = box.paras[0]
                assert not dp._breaks_word(p.spans, p.size_pt, dp.emu_pt(dp.inner_w(box.w))), p.text
    # the long-named routine still fits one slide
    assert len([s for s in seq if s.title.startswith("Daily routine")]) == 1


def test_template_content_lines_up_with_its_title_and_stays_above_its_footer(default):
    """Body text starts where the title placeholder's text starts (0.1 in inset vs ours) and ends above the body placeholder's bottom."""
    title_box = (dp.inch(0.6), dp.inch(0.4), dp.inch(12.1), dp.inch(1.2))
    geo = dp.Geometry(dp.inch(13.333), dp.inch(7.5), title_box=title_box, content_bottom=dp.inch(6.7), template=True)
    plan = dp.plan_deck(default, geo)
    text_left = title_box[0] + dp.inch(0.1)
    for sl in plan.slides:
        for sh in sl.shapes:
            if sl.kind != "title":
                assert sh.y + sh.h <= dp.inch(6.7), (sl.title, sh.role)
            if isinstance(sh, dp.TextBox) and sh.role in ("body", "agenda-head", "closing"):
                assert sh.x + sh.insets[0] == text_left, (sl.title, sh.role)


def test_closing_continuation_is_balanced(default):
    plan = dp.plan_deck(default, dp.Geometry.for_aspect("4:3"))
    closing = [s for s in plan.slides if s.kind == "closing"]
    body = [next(b for b in _texts(s) if b.role == "closing") for s in closing]
    assert len(body[-1].paras) >= 2  # not one lonely disclaimer paragraph


# ----------------------------------------------------------------------------- video links

LONG_URLS = [
    "https://example.org/videos/arch-and-flatten",  # the default content's: broke mid-word on 4:3
    "https://example.org/videos/long-movement-name/part-two?t=45",  # wider than any column: its own line
    "https://example.org/videos/long-movement-name/part-two?chapter=3&t=45",  # on 4:3 too wide even at 20 pt
    "https://example.org/" + "very-long-path-segment/" * 6 + "end",  # wider than the slide even at 20 pt
]


def _link_lines(plan, name):
    """(box, line width pt, box inner width pt, link pieces on the line) for every line holding a link."""
    out = []
    for sl in plan.slides:
        if not sl.title.startswith(name):
            continue
        for box in _texts(sl):
            for p in box.paras:
                if not any(s.link for s in p.spans):
                    continue
                width = dp.emu_pt(dp.inner_w(box.w) - p.indent_emu)
                for line in dp.wrap(p.spans, p.size_pt, width):
                    links = [pc for t in line for pc in t.pieces if pc.link]
                    if links:
                        w = sum(t.width(p.size_pt) for t in line) + sum(
                            dp.text_width_pt(" ", p.size_pt) for t in line[1:] if t.space)
                        out.append((box, w, width, links))
    return out


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
@pytest.mark.parametrize("url", LONG_URLS)
def test_video_link_is_never_broken_and_fits_its_box(stress, aspect, url):
    m = replace(stress.movements[0], video=url)
    prog = replace(stress, movements=(m,) + stress.movements[1:])
    plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
    shown = short_url(url)
    lines = _link_lines(plan, m.name)
    too_wide = dp.text_width_pt(shown, dp.MIN_PT) > dp.emu_pt(dp.inner_w(plan.width - 2 * dp.inch(dp.MARGIN_X_IN))) * dp.WIDTH_SAFETY
    if too_wide:
        # Shown as plain text, not a hyperlink run that a renderer would push past the box.
        assert lines == []
        text = " ".join(b.text for sl in plan.slides if sl.title.startswith(m.name) for b in _texts(sl))
        assert shown in text
        assert any(url in sl.notes for sl in plan.slides if sl.title.startswith(m.name))
        return
    assert len(lines) == 1, lines  # one line holds the whole link
    box, w, width, links = lines[0]
    assert "".join(pc.text for pc in links) == shown
    assert w <= width, (box.role, w, width)
    for p in box.paras:
        assert p.size_pt >= dp.MIN_PT


def test_link_is_one_unbreakable_unit():
    span = dp.Span("example.org/videos/arch-and-flatten", link="https://example.org/videos/arch-and-flatten")
    toks = dp._tokens((dp.Span("Video"), dp.Span("   "), span))
    assert [("".join(p.text for p in t.pieces)) for t in toks] == ["Video", "example.org/videos/arch-and-flatten"]
    # plain text still breaks after a hyphen between letters
    assert len(dp._tokens((replace(span, link=None),))) == 3


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_default_video_links_stay_whole(default, aspect):
    """4:3 broke "example.org/videos/arch-an|d-flatten" inside the link."""
    plan = dp.plan_deck(default, dp.Geometry.for_aspect(aspect))
    for m in default.movements:
        if m.video:
            lines = _link_lines(plan, m.name)
            assert len(lines) == 1, m.name
            box, w, width, links = lines[0]
            assert "".join(pc.text for pc in links) == short_url(m.video)
            assert w <= width, m.name


# ----------------------------------------------------------------------------- invariants over generated programs

_WORDS = "gentle hip release lower back ease knee drops pelvic clock side bend arch flatten somatic".split()


def _gen_name(rng) -> str:
    k = rng.random()
    if k < 0.3:
        return rng.choice(_WORDS).title()
    if k < 0.55:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 16))).title()
    if k < 0.8:
        return ("Pandiculation" * 20)[: rng.randint(20, 160)]  # one unbreakable word, up to 160 letters
    return " ".join(("Supercalifragilistic" * 5)[: rng.randint(10, 60)] for _ in range(rng.randint(1, 4)))


def _gen_sequence_name(rng) -> str:
    k = rng.random()
    if k < 0.3:
        return "Daily"
    if k < 0.7:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 30)))
    return ("Routine" * 20)[: rng.randint(30, 120)] + " " + " ".join(rng.choice(_WORDS) for _ in range(8))


def _generated_programs(base, n: int, seed: int):
    import random

    rng = random.Random(seed)
    ms = list(base.movements)
    for _ in range(n):
        pool = [replace(ms[i % len(ms)], id=f"m{i}", name=_gen_name(rng)) for i in range(rng.randint(1, 8))]
        seq = replace(base.sequences[0], name=_gen_sequence_name(rng),
                      movements=tuple(rng.choice(pool) for _ in range(rng.randint(1, 30))))
        yield replace(base, movements=tuple(pool), sequences=(seq,))


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_generated_programs_every_shape_inside_the_slide_and_no_text_below_20pt(default, aspect):
    """Long words, long names, 1-30 movements per sequence: every planned shape lies on the slide."""
    geo = dp.Geometry.for_aspect(aspect)
    for n, prog in enumerate(_generated_programs(default, 14, seed=11 if aspect == "16:9" else 12)):
        plan = dp.plan_deck(prog, geo)
        for slide in plan.slides:
            for s in slide.shapes:
                where = (n, slide.kind, slide.title[:40], s.role)
                assert 0 <= s.x and s.x + s.w <= plan.width, where
                assert 0 <= s.y and s.y + s.h <= plan.height, where
                if isinstance(s, dp.TextBox):
                    assert s.h >= dp.box_height_emu(s.paras), where
                    assert all(p.size_pt >= dp.MIN_PT and p.spans for p in s.paras), where
        # Every movement of the sequence is shown, in order, and its whole name is there.
        names = [b.text for sl in plan.slides if sl.kind == "sequence" for b in _texts(sl) if b.role == "thumbnail-name"]
        joined = "".join("".join(t.split()) for t in names)
        expect = "".join(f"{k}{m.name}".replace(" ", "") for k, m in enumerate(prog.sequences[0].movements, start=1))
        assert joined == expect, n


def test_unbreakable_120_letter_name_in_a_long_named_sequence_stays_on_the_slide(default):
    """The review finding: a 120-letter single-word name put its thumbnail name below the slide."""
    word = ("Pandiculation" * 10)[:120]
    ms = list(default.movements)
    m0 = replace(ms[0], name=word)
    seq = replace(default.sequences[0], name=" ".join(["Morning and evening routine for the hips and the lower back"] * 3),
                  movements=(m0, ms[1], m0, ms[2], m0))
    prog = replace(default, movements=(m0,) + tuple(ms[1:]), sequences=(seq,))
    for aspect in ("16:9", "4:3"):
        plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
        for sl in plan.slides:
            if sl.kind == "sequence":
                for s in sl.shapes:
                    assert s.y + s.h <= plan.height - dp.inch(dp.MARGIN_BOTTOM_IN), (aspect, sl.title, s.role)


def test_a_movements_cautions_are_on_a_slide_before_its_steps(default):
    plan = dp.plan_deck(default)
    for m in (m for m in default.movements if m.cautions):
        kinds = [(s.kind, s.title) for s in plan.slides if s.title.startswith(m.name)]
        care = [i for i, (k, t) in enumerate(kinds) if k == "cautions"]
        first_steps = next(i for i, (k, _) in enumerate(kinds) if k == "steps")
        assert care and max(care) < first_steps, kinds
        shown = " ".join(" ".join(b.text.split()) for s in plan.slides if s.kind == "cautions" and s.title.startswith(m.name)
                         for b in _texts(s))
        for c in m.cautions:
            assert " ".join(dp.markdown.plain_inline(c.text).split()) in shown


def test_an_agenda_slide_that_continues_a_section_repeats_its_heading(stress):
    agenda = [s for s in dp.plan_deck(stress).slides if s.kind == "agenda"]
    assert len(agenda) > 1
    for s in agenda[1:]:
        roles = [b.role for b in _texts(s) if b.role != "title"]
        assert roles[0] == "agenda-head", f"{s.title} starts with an item, not its section heading"
    assert any("(CONTINUED)" in b.text.upper() for s in agenda[1:] for b in _texts(s) if b.role == "agenda-head")
