"""The deck planner: pure plan objects, no python-pptx. What a room sees on each slide, and the notes."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from builder.compose.facts import about, short_url, whole_minutes
from builder.compose.labels import ENGLISH_LABELS
from builder.layout import deck as dp
from builder.model.markdown import plain, plain_inline
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


@pytest.fixture(scope="module")
def default_steps(default):
    """The default program without its cues: its slides teach the steps themselves."""
    return replace(default, movements=tuple(replace(m, cues=()) for m in default.movements))


def _texts(slide) -> list[dp.TextBox]:
    return [s for s in slide.shapes if isinstance(s, dp.TextBox)]


def _pictures(slide) -> list[dp.Picture]:
    return [s for s in slide.shapes if isinstance(s, dp.Picture)]


def _body(slide) -> list[dp.Para]:
    return [p for b in _texts(slide) if b.role == "body" for p in b.paras]


def _movement_slides(plan, m):
    return [s for s in plan.slides if s.kind == "movement" and (s.title == m.name or s.title.startswith(m.name + " ("))]


def _line_texts(spans, size, width):
    return ["".join(p.text for t in line for p in t.pieces) for line in dp.wrap(spans, size, width)]


def _photo_library(default, n: int = 12):
    """The default program with ``n`` movements illustrated by 4:3 photos (some sideways, 3:4), like a photo library."""
    ms = []
    for k in range(n):
        m = default.movements[k % len(default.movements)]
        w, h = (4000, 3000) if k % 5 else (3000, 4000)
        img = replace(m.images[0], width_px=w, height_px=h)
        ms.append(replace(m, id=f"m{k}", name=f"{m.name} {k + 1}", images=(img,)))
    return replace(default, movements=tuple(ms), sequences=(replace(default.sequences[0], movements=tuple(ms[:8])),))


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
    assert dp.spans_of(lines)[0].text == "a " + word + " b"
    for line in lines:
        assert sum(t.width(26) for t in line) <= 200


def test_wrap_may_break_after_a_hyphen_between_letters():
    assert _line_texts((dp.Span("Full-Body"),), 40, dp.text_width_pt("Body", 40) + 10) == ["Full-", "Body"]
    assert len(dp.wrap((dp.Span("a -5"),), 20, 1000)) == 1  # "-5" is not a break opportunity


def test_split_paragraph_round_trips_its_text():
    p = dp.para([dp.Span("one two three four five six seven eight nine ten " * 4, bold=True)], 26, dp.inch(4))
    a, b = dp.split_para(p, dp.inch(4), 2)
    assert a.lines == 2 and b.lines == p.lines - 2
    assert a.text + " " + b.text == p.text.strip()
    # the second part wraps as the lines it was cut from
    a2, b2 = dp.split_para(b, dp.inch(4), 1)
    assert a2.text + " " + b2.text == b.text


def test_split_of_a_long_word_keeps_every_character():
    p = dp.para([dp.Span("x" * 3000)], 24, dp.inch(4))
    a, b = dp.split_para(p, dp.inch(4), 5)
    assert a.text + b.text == "x" * 3000 and a.lines == 5


def test_a_step_taller_than_a_slide_keeps_its_number_on_the_next_slide(default_steps):
    """A 160-word step is split between slides; its part on the next slide still shows the step's
    number and starts with "…", so the room knows which step goes on; every word is there."""
    m = default_steps.movements[0]
    long = " ".join(["Notice how the floor holds you, and let the movement be slow enough to feel every small change."] * 9)
    part = m.stages[0]
    steps = (replace(part.steps[0], text=long, breath=None),) + part.steps[1:]
    m2 = replace(m, parts=tuple(replace(p, steps=steps) if p is part else p for p in m.parts)) if m.parts \
        else replace(m, steps=steps)
    plan = dp.plan_deck(replace(default_steps, movements=(m2,) + default_steps.movements[1:]))
    pieces = [p for s in _movement_slides(plan, m2) for p in _body(s) if long[:40] in p.text or
              (p.text.startswith(dp.CONTINUES) and p.text[1:] in long)]
    assert len(pieces) >= 2, [p.text[:30] for p in pieces]
    assert {p.number for p in pieces} == {1}
    assert all(p.text.startswith(dp.CONTINUES) for p in pieces[1:]) and not pieces[0].text.startswith(dp.CONTINUES)
    assert " ".join(p.text.removeprefix(dp.CONTINUES) for p in pieces) == long


def test_styled_runs_survive_measuring():
    spans = dp.runs_of("Keep **this** and *that* " + TRICKY)
    assert [s.bold for s in spans][:2] == [False, True]
    assert "".join(s.text for s in spans).endswith(TRICKY)


def test_minutes():
    # one way of stating a time in every output: whole minutes, rounded half up, at least 1
    assert whole_minutes(16.5, ENGLISH_LABELS) == "17 min"
    assert whole_minutes(16.4, ENGLISH_LABELS) == "16 min"
    assert whole_minutes(0.5, ENGLISH_LABELS) == "1 min"


# ----------------------------------------------------------------------------- every slide

@pytest.mark.parametrize("aspect,width_in", [("16:9", 13.333), ("4:3", 10.0)])
def test_geometry_and_nothing_outside_the_slide_or_below_20pt(stress, default, aspect, width_in):
    for prog in (stress, default):
        plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
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
def test_shapes_never_overlap(stress, default, aspect):
    for prog in (stress, default):
        plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
        for slide in plan.slides:
            boxes = [s for s in slide.shapes if isinstance(s, (dp.TextBox, dp.QRCode))]
            boxes += [dp.Rect(*p.placed(), "#000000", p.role) for p in _pictures(slide)]
            for i, a in enumerate(boxes):
                for b in boxes[i + 1:]:
                    overlap = min(a.x + a.w, b.x + b.w) > max(a.x, b.x) and min(a.y + a.h, b.y + b.h) > max(a.y, b.y)
                    assert not overlap, (slide.title, a.role, b.role)


def test_every_slide_has_a_title_placeholder_and_all_but_the_cover_a_number(stress, default):
    for prog in (stress, default):
        plan = dp.plan_deck(prog)
        for k, slide in enumerate(plan.slides, start=1):
            titles = [b for b in _texts(slide) if b.placeholder == "title"]
            assert len(titles) == 1 and titles[0].text.strip(), slide.title
            numbers = [sp for b in _texts(slide) if b.role == "slide-number" for p in b.paras for sp in p.spans]
            if slide.layout == "cover":
                assert not numbers
            else:
                assert [(sp.field, sp.text) for sp in numbers] == [("slidenum", str(k))]


def test_slide_order_and_layouts(default):
    plan = dp.plan_deck(default)
    kinds = [s.kind for s in plan.slides]
    assert kinds[0] == "title" and kinds[1] == "agenda" and kinds[-1] == "closing"
    assert kinds.index("cautions") < kinds.index("movement") < kinds.index("routine")
    assert kinds.count("cautions") <= 2
    assert {s.layout for s in plan.slides if s.kind == "movement"} == {"picture"}
    assert set(plan.layouts) == {"cover", "title_only", "content", "picture", "closing"}
    # python-pptx's default template: Title Slide, Title Only, Title and Content, Picture with Caption
    assert {r: plan.layouts[r].index for r in plan.layouts} == {"cover": 0, "title_only": 5, "content": 1, "picture": 8,
                                                                 "closing": 1}


def test_the_default_template_is_described_as_python_pptx_has_it():
    from pptx import Presentation

    from builder.layout.template import DEFAULT_TEMPLATE

    prs = Presentation()
    assert len(DEFAULT_TEMPLATE.layouts) == len(prs.slide_layouts)
    for lay, real in zip(DEFAULT_TEMPLATE.layouts, prs.slide_layouts):
        assert lay.name == real.name
        found = [(ph._element.xpath("./*[1]/p:nvPr/p:ph")[0].get("type", "obj"), ph.placeholder_format.idx,
                  (ph.left, ph.top, ph.width, ph.height)) for ph in real.placeholders]
        assert [(p.type, p.idx, p.box) for p in lay.placeholders] == found


# ----------------------------------------------------------------------------- movements

def test_every_movement_slide_shows_its_picture_at_about_half_the_slide(default):
    for prog in (default, _photo_library(default)):
        plan = dp.plan_deck(prog, dp.Geometry.for_aspect("16:9"))
        for m in prog.movements:
            slides = _movement_slides(plan, m)
            assert slides, m.name
            for sl in slides:
                pics = [p for p in _pictures(sl) if p.image in m.images]
                assert pics, sl.title
                area = sum(p.placed()[2] * p.placed()[3] for p in pics)
                assert area >= 0.35 * plan.width * plan.height, (sl.title, area / (plan.width * plan.height))


def test_on_4_3_the_picture_keeps_half_the_slide_width(default):
    plan = dp.plan_deck(default, dp.Geometry.for_aspect("4:3"))
    for m in default.movements:
        for sl in _movement_slides(plan, m):
            (pic,) = [p for p in _pictures(sl) if p.image in m.images]
            assert pic.placed()[2] >= 0.45 * plan.width, sl.title


def test_two_pictures_start_and_finish_shown_together(default):
    m = default.movements[0]
    finish = replace(m.images[0], path=m.images[0].path.with_name("finish.png"), alt="Finish position")
    prog = replace(default, movements=(replace(m, images=(m.images[0], finish)),))
    plan = dp.plan_deck(prog)
    for sl in _movement_slides(plan, prog.movements[0]):
        assert {p.image.alt for p in _pictures(sl)} == {m.images[0].alt, "Finish position"}, sl.title


def test_the_starting_position_is_taught_first_then_every_step(default_steps, stress):
    for prog in (default_steps, stress):
        plan = dp.plan_deck(prog)
        for m in prog.movements:
            slides = _movement_slides(plan, m)
            body = [p for sl in slides for p in _body(sl)]
            texts = [" ".join(p.text.split()) for p in body]
            if m.position:
                first_step = next(i for i, p in enumerate(body) if p.number is not None)
                label = texts.index(ENGLISH_LABELS("starting_position"))
                assert label < first_step, m.name
                assert " ".join(plain(m.position).split())[:40] in " ".join(texts[label:first_step])
            shown = " ".join(texts)
            for step in m.all_steps:
                assert " ".join(plain_inline(step.text).split()) in shown, step.text


def test_no_lonely_step_and_no_list_broken_after_its_first_item(default_steps, stress):
    """Every slide shows at least two steps of a part, and the first two together.

    A slide shows one step of a part only when that step could share a slide with neither
    its neighbours before nor those after (all three groups alone fill a slide's column).
    """
    for prog in (default_steps, _photo_library(default_steps)):
        for aspect in ("16:9", "4:3"):
            plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
            for m in prog.movements:
                for k, stage in enumerate(m.stages):
                    if len(stage.steps) < 2:
                        continue
                    groups = []  # (step numbers, their paragraphs, the column height) per slide
                    for sl in _movement_slides(plan, m):
                        paras = [p for p in _body(sl) if p.number is not None and _stage_of(m, p) == k]
                        if paras:
                            body = next(b for b in _texts(sl) if b.role == "body")
                            below = [b.y for b in _texts(sl) if b.role in ("movement-cautions", "video-caption") and b.x >= body.x]
                            below += [q.y for q in sl.shapes if isinstance(q, dp.QRCode) and q.x >= body.x]
                            room = min(below, default=plan.height - dp.inch(dp.MARGIN_BOTTOM_IN)) - body.y
                            groups.append(([p.number for p in paras], list(body.paras), room))
                    assert 2 in groups[0][0], (aspect, m.name, [g[0] for g in groups])
                    assert len(groups[-1][0]) >= 2, (aspect, m.name, [g[0] for g in groups])
                    for i, (nums, paras, room) in enumerate(groups):
                        if len(nums) == 1:
                            for j in (i - 1, i + 1):
                                both = paras + [p for p in groups[j][1] if p.number is not None]
                                assert dp.box_height_emu(both) > room, (aspect, m.name, [g[0] for g in groups])


def test_a_list_never_breaks_after_its_first_item_even_when_its_steps_are_long(stress):
    for aspect in ("16:9", "4:3"):
        plan = dp.plan_deck(stress, dp.Geometry.for_aspect(aspect))
        for m in stress.movements:
            per_slide = [[p.number for p in _body(sl) if p.number is not None] for sl in _movement_slides(plan, m)]
            per_slide = [n for n in per_slide if n]
            if len(m.all_steps) >= 2:
                assert len(per_slide[0]) >= 2 and len(per_slide[-1]) >= 2, (aspect, m.name, per_slide)
            assert sum(len(n) == 1 for n in per_slide) <= 1, (aspect, m.name, per_slide)


def _stage_of(m, p: dp.Para) -> int:
    text = " ".join(p.text.split())
    for k, stage in enumerate(m.stages):
        if p.number <= len(stage.steps) and text.startswith(" ".join(plain_inline(stage.steps[p.number - 1].text).split())):
            return k
    return -1


def test_cues_replace_the_steps_on_the_slides_not_in_the_notes(default):
    m = replace(default.movements[2], cues=("Knees stacked, head resting on your arm", "Exhale, lift head and foot together",
                                            "Lower slowly on the inhale"))
    plan = dp.plan_deck(replace(default, movements=(m,)))
    slides = _movement_slides(plan, m)
    assert len(slides) <= 2  # the starting position, then the cues
    body = [p for sl in slides for p in _body(sl)]
    texts = [" ".join(p.text.split()) for p in body]
    assert texts.index(ENGLISH_LABELS("starting_position")) < texts.index(m.cues[0])  # taught first
    assert [p.text for p in body if p.bullet] == list(m.cues)
    assert not any(p.number for p in body)
    for step in m.all_steps:
        assert plain_inline(step.text) in slides[0].notes


def test_own_cautions_on_every_movement_slide_program_cautions_once_at_the_start(default):
    plan = dp.plan_deck(default)
    program_texts = [" ".join(plain_inline(c.text).split()) for c in default.cautions]
    shown_first = " ".join(" ".join(b.text.split()) for s in plan.slides if s.kind == "cautions" for b in _texts(s))
    for t in program_texts:
        assert t in shown_first
    for m in default.movements:
        own = [c for c in m.cautions if c not in default.cautions]
        for sl in _movement_slides(plan, m):
            text = " ".join(" ".join(b.text.split()) for b in _texts(sl))
            for c in own:
                assert " ".join(plain_inline(c.text).split()) in text, sl.title
            for t in program_texts:
                assert t not in text, sl.title
        # a STOP of the program's the movement names is in view while it is taught, by its title
        everything = " ".join(" ".join(b.text.split()) for sl in _movement_slides(plan, m) for b in _texts(sl))
        for c in m.cautions:
            if c in default.cautions and c.level == "stop" and c.title:
                assert c.title in everything and ENGLISH_LABELS("before_we_begin") in everything, m.name


LONG_CAUTION = (
    "Twisting movements put a particular load on the discs of the lower back and on the hip joints, especially when "
    "the knees are lowered all the way to the floor. If you have had spinal surgery within the last twelve months, if "
    "you have been diagnosed with a herniated or bulging disc, or if you have an artificial hip, keep this movement "
    "very small: lower the knees only a few centimetres to each side, keep a cushion under the outside knee, and stop "
    "at once if you feel pins and needles, numbness, or pain travelling down a leg. Check with your surgeon or "
    "physiotherapist before you add this movement to your daily routine, and tell your teacher before class so that "
    "they can offer an alternative.")


def test_a_long_caution_with_the_steps_breaks_between_sentences_with_its_title(default):
    """A movement's own caution too long for a panel goes with the steps: it moves to the next
    slide whole or breaks where a sentence (or clause) ends, its level and title with its text."""
    from builder.model import Caution

    title = "If you have had spinal surgery, a disc injury or an artificial hip"
    long = Caution(text=LONG_CAUTION, level="stop", title=title)
    m = next(x for x in default.movements if x.id == "washrag")
    m = replace(m, cautions=(long, *m.cautions))
    plan = dp.plan_deck(replace(default, movements=tuple(m if x.id == m.id else x for x in default.movements)))
    bodies = [" ".join(" ".join(p.text.split()) for p in _body(sl)) for sl in _movement_slides(plan, m)]
    holding = [k for k, b in enumerate(bodies) if any(w in b for w in (title, "Twisting movements", "lower the knees",
                                                                          "they can offer an alternative"))]
    assert holding, bodies
    first = bodies[holding[0]]
    assert title in first and "Twisting movements" in first, "the level and title apart from the caution's text"
    assert "".join(bodies).count("Twisting movements") == 1
    assert len(holding) >= 2, "the caution fits one slide here: the test needs a longer one"
    for k in holding[1:]:
        before = bodies[k - 1]
        assert before.rstrip().endswith((".", ":", ";", "!", "?")), f"broken mid-sentence: …{before[-60:]}"
        # a slide the caution goes on to says what it is again
        assert bodies[k].startswith("\u25A0 " + ENGLISH_LABELS("continued", title="Stop")), bodies[k][:60]


def test_video_qr_code_on_the_first_slide_at_least_3_cm(default):
    plan = dp.plan_deck(default)
    for m in default.movements:
        slides = _movement_slides(plan, m)
        codes = [[s for s in sl.shapes if isinstance(s, dp.QRCode)] for sl in slides]
        assert [c.data for c in codes[0]] == [m.video]
        assert codes[0][0].w / dp.EMU_PER_INCH * 2.54 >= 3.0
        assert all(not c for c in codes[1:])


def test_notes_carry_the_whole_script_and_each_continuation_its_own(default, default_steps, stress):
    """The first slide's notes hold the whole script; a continuation slide's notes hold the
    script of what it shows (its steps with their breath, its cues and the steps they stand
    for), not the movement's introduction and teaching notes again."""
    from builder.compose.labels import labels_for
    from builder.compose.facts import breath_word
    continued = 0
    for prog in (default, default_steps, stress):
        L = labels_for(prog)
        plan = dp.plan_deck(prog)
        for m in prog.movements:
            slides = _movement_slides(plan, m)
            first = slides[0].notes
            for step in m.all_steps:
                assert plain_inline(step.text) in first
            if m.teaching_notes:
                assert plain(m.teaching_notes) in first
            for c in m.cautions:
                assert plain_inline(c.text) in first
            if m.duration:
                assert m.duration in first
            for sl in slides[1:]:
                continued += 1
                shown = " ".join(p.text for p in _body(sl))
                assert sl.notes.startswith(L("note_continued_here", title=m.name))
                if m.summary:
                    assert plain(m.summary) not in sl.notes
                if m.teaching_notes:
                    assert plain(m.teaching_notes) not in sl.notes
                for cue in m.cues:
                    if plain_inline(cue) in shown:
                        assert plain_inline(cue) in sl.notes
                        assert all(plain_inline(s.text) in sl.notes for s in m.all_steps)
                for stage in m.stages:
                    for step in stage.steps:
                        text = plain_inline(step.text)
                        if not m.cues and text[:30] in shown:  # the step is taught on this slide
                            line = text + (f" ({breath_word(step.breath, L)})" if step.breath else "")
                            assert line in sl.notes, (m.name, sl.title, text)
                assert len(sl.notes) < len(first)
    assert continued >= 3


def test_starting_position_is_taught_whole_on_the_first_slide(default, default_steps, stress):
    """Never a remnant "Starting position (continued)" with a sentence of it on the next slide."""
    from builder.compose.labels import labels_for
    for prog in (default, default_steps, stress):
        L = labels_for(prog)
        remnant = L("continued", title=L("starting_position"))
        plan = dp.plan_deck(prog)
        for m in prog.movements:
            if not m.position:
                continue
            slides = _movement_slides(plan, m)
            first = " ".join(p.text for p in _body(slides[0]))
            last_words = plain(m.position).split()[-3:]
            assert " ".join(last_words) in " ".join(first.split()), (m.name, first)
            for sl in slides[1:]:
                assert all(p.text != remnant for p in _body(sl)), (m.name, sl.title)
            assert all(p.size_pt >= 20 for p in _body(slides[0]) if p.text in plain(m.position))


def test_long_movement_continues_with_counters(stress):
    plan = dp.plan_deck(stress)
    slides = [s for s in plan.slides if s.kind == "movement" and s.title.startswith(LONG_NAME)]
    n = len(slides)
    assert n > 3
    assert [s.title for s in slides] == [f"{LONG_NAME} ({i}/{n})" for i in range(1, n + 1)]
    numbers = [p.number for s in slides for p in _body(s) if p.number is not None]
    assert numbers == list(range(1, len(stress.movements[0].all_steps) + 1))
    breath = [p.text for s in slides for p in _body(s) if "(breathe out)" in p.text]
    assert len(breath) == sum(1 for st in stress.movements[0].all_steps if st.breath == "out")


def test_each_part_has_its_heading_with_its_repeat(stress):
    plan = dp.plan_deck(stress)
    side = stress.movements[1]
    heads = [" ".join(p.text.split()) for s in _movement_slides(plan, side) for p in _body(s) if p.number is None]
    for part in side.parts:
        assert any(t.startswith(plain_inline(part.name)) and part.repeat in t for t in heads), heads
    assert any(t.startswith(f"Repeat {side.repeat}") for t in heads)
    assert "Steps" in heads  # the plain steps after the parts have a heading of their own


# ----------------------------------------------------------------------------- other slides

def test_agenda_has_times_and_at_most_two_slides_at_any_size(default):
    plan = dp.plan_deck(default)
    agenda = [s for s in plan.slides if s.kind == "agenda"]
    assert len(agenda) == 1
    text = " ".join(b.text for s in agenda for b in _texts(s))
    assert about(default.duration_minutes, ENGLISH_LABELS) in text
    for m in default.movements:
        assert m.name in text
    # the column of times never reads as adding up: each time once (a routine's, which repeats
    # the movements, under its name), the movements' time being the total
    times = [b.text for s in agenda for b in _texts(s) if b.role == "agenda-time"]
    assert times == [about(default.duration_minutes, ENGLISH_LABELS)]
    for q in default.sequences:
        assert f"{' '.join(q.how_often.split())} · {about(q.duration_minutes, ENGLISH_LABELS)}" in text
    # the notes say the movements' total under the movements, before any routine (whose time
    # repeats theirs), so the presenter does not read the two as adding up
    lines = agenda[0].notes.splitlines()
    total = next(k for k, line in enumerate(lines) if line.startswith("Total movement time"))
    assert total == max(k for k, line in enumerate(lines) if any(line == f"- {m.name}" or line.startswith(f"- {m.name}:")
                                                                 for m in default.movements)) + 1
    big = replace(default, movements=default.movements * 80, sequences=default.sequences * 12)
    big_plan = dp.plan_deck(big)
    assert len([s for s in big_plan.slides if s.kind == "agenda"]) <= 2
    text = " ".join(b.text for s in big_plan.slides if s.kind == "agenda" for b in _texts(s))
    assert "320 movements" in text and "12 routines" in text


def test_intro_shows_slide_points_or_at_most_about_100_words(default, stress):
    plan = dp.plan_deck(default)
    for s in default.intro:
        slides = [sl for sl in plan.slides if sl.kind == "intro" and sl.title.startswith(plain_inline(s.heading))]
        assert len(slides) == 1 and s.slide
        assert [p.text for p in _body(slides[0])] == [plain_inline(t) for t in s.slide]
        assert plain(s.text) in slides[0].notes  # the full text is in the notes
    no_points = replace(default, intro=tuple(replace(s, slide=()) for s in default.intro))
    for sl in dp.plan_deck(no_points).slides:
        if sl.kind == "intro":
            words = sum(len(p.text.split()) for p in _body(sl))
            assert words <= 100, (sl.title, words)
    for sl in dp.plan_deck(stress).slides:
        if sl.kind == "intro":
            assert sum(len(p.text.split()) for p in _body(sl)) <= 200, sl.title


def test_intro_text_breaks_between_paragraphs_and_fills_its_slides(default):
    """Intro text without slide points: whole paragraphs a slide (none cut mid-way), a short
    list whole with the sentence leading into it, never a slide of one sentence."""
    from builder.model import markdown
    from builder.model.markdown import BulletList, Paragraph
    no_points = replace(default, intro=tuple(replace(s, slide=()) for s in default.intro))
    plan = dp.plan_deck(no_points)
    squash = lambda t: " ".join(t.split())
    for s in no_points.intro:
        slides = [sl for sl in plan.slides if sl.kind == "intro" and sl.title.startswith(plain_inline(s.heading))]
        shown = [[squash(p.text) for p in _body(sl)] for sl in slides]
        blocks = markdown.blocks(s.text)
        for b in blocks:
            if isinstance(b, Paragraph):
                text = squash("".join(r.text for r in b.runs))
                assert any(text in page for page in shown), (s.heading, text)  # whole on one slide
            elif isinstance(b, BulletList) and len(b.items) <= 6:
                texts = [squash("".join(r.text for r in item)) for item in b.items]
                assert any(all(t in page for t in texts) for page in shown), (s.heading, texts)
        for page in shown:
            sentences = sum(len(re.findall(r"[.!?:](?:\s|$)", t)) for t in page)
            assert sentences >= 2, (s.heading, page)
        for sl, page in zip(slides[1:], shown[1:]):  # a continuation slide's notes: the text it shows, to read
            assert all(t in squash(sl.notes) for t in page), (sl.title, sl.notes)


def test_routine_shows_thumbnails_with_dose_opening_and_closing(default):
    plan = dp.plan_deck(default)
    q = default.sequences[0]
    slides = [s for s in plan.slides if s.kind == "routine"]
    assert len(slides) == 1
    thumbs = [p for s in slides for p in _pictures(s) if p.role == "thumbnail"]
    assert len(thumbs) == len(q.movements)
    text = " ".join(" ".join(b.text.split()) for s in slides for b in _texts(s))
    for m in q.movements:
        assert m.name in text and " ".join(m.repeat.split()) in text
    assert " ".join(q.opening.split())[:60] in text and " ".join(q.closing.split())[:60] in text


def test_many_movements_make_routine_continuations_in_order(stress):
    many = replace(stress.sequences[0], movements=stress.sequences[0].movements * 5)
    plan = dp.plan_deck(replace(stress, sequences=(many,)))
    seq = [s for s in plan.slides if s.kind == "routine"]
    assert len(seq) > 1
    names = [b.paras[0].text for s in seq for b in _texts(s) if b.role == "thumbnail-name"]
    assert [int(re.match(r"\d+", n).group()) for n in names] == list(range(1, 21))


@pytest.mark.parametrize("count", [5, 7, 10, 11, 12, 13, 20, 30])
def test_a_routine_s_thumbnails_are_shared_out_evenly_by_slide_and_by_row(default, count):
    """Rows of thumbnails on a slide as even as they can be, never a lone movement on a row (13
    as 4 3 3 3, not 4 4 4 1); over several slides the movements shared out evenly, the first
    slide (below how to begin) holding at most one more than the others (ten as 5 | 5 rather than 4 | 6,
    eleven on 4:3 as 3 | 4 | 4 rather than 3 | 6 | 2); five movements with how to begin and
    finish on a 4:3 slide stay on one slide, in one row, rather than 3 and 2 over two slides."""
    q = default.sequences[0]
    many = replace(q, movements=(q.movements * 8)[:count], opening="Lie on your back and notice.", closing="Rest a minute.")
    program = replace(default, sequences=(many,))
    for geo in (None, dp.Geometry(dp.inch(10), dp.inch(7.5), aspect="4:3")):
        plan = dp.plan_deck(program, geo) if geo else dp.plan_deck(program)
        slides = [s for s in plan.slides if s.kind == "routine"]
        by_slide = []
        for sl in slides:
            tops: dict[int, int] = {}
            for p in _pictures(sl):
                if p.role == "thumbnail":
                    tops[p.y] = tops.get(p.y, 0) + 1
            by_slide.append([tops[y] for y in sorted(tops)])
        assert sum(map(sum, by_slide)) == count
        for rows in by_slide:
            assert max(rows) - min(rows) <= 1 and (min(rows) > 1 or len(rows) == 1), (geo, by_slide)
        per_slide = [sum(rows) for rows in by_slide]
        later = per_slide[1:] or per_slide
        assert max(later) - min(later) <= 1 and per_slide[0] <= max(later) + 1, (geo, by_slide)
        if count <= 5:
            assert len(slides) == 1, (geo, by_slide)


@pytest.mark.parametrize("count", [1, 2])
def test_a_routine_of_one_or_two_movements_shows_them_large(default, count):
    """A routine of one or two movements has its slide to itself: its pictures are large (more
    than a third of the slide's height), not 2-inch stamps on an empty slide."""
    q = default.sequences[0]
    program = replace(default, sequences=(replace(q, movements=q.movements[:count], opening=None, closing=None),))
    plan = dp.plan_deck(program)
    (slide,) = [s for s in plan.slides if s.kind == "routine"]
    thumbs = [p for p in _pictures(slide) if p.role == "thumbnail"]
    assert len(thumbs) == count
    assert all(p.h > plan.height / 3 for p in thumbs), [p.h / plan.height for p in thumbs]


def test_a_wide_picture_alone_in_its_column_sits_in_its_middle_not_as_a_strip_at_its_top(default_steps):
    """A panorama beside the steps, with no video code or caution under it: centred in the
    picture column (at the height of the steps), not a thin strip along the slide's top."""
    m = default_steps.movements[0]
    wide = replace(m.images[0], width_px=4000, height_px=1000)
    m2 = replace(m, images=(wide,), video=None, cautions=())
    plan = dp.plan_deck(replace(default_steps, movements=(m2,) + default_steps.movements[1:]))
    slides = _movement_slides(plan, m2)
    assert slides
    for sl in slides:
        (pic,) = [p for p in _pictures(sl) if p.role == "photo"]
        x, y, w, h = pic.placed()
        assert h < pic.h / 2  # a strip in a tall column
        assert abs((y + h / 2) - (pic.y + pic.h / 2)) < pic.h * 0.05, (y, h, pic.y, pic.h)


@pytest.mark.parametrize("language", ["he", "en"])
def test_a_right_to_left_deck_s_cover_is_the_mirror_image(default, language):
    """In Hebrew or Arabic the cover reads from the right: the accent bar and the title on the
    right, the cover picture on the left, the title set flush right (in English the other way)."""
    plan = dp.plan_deck(replace(default, language=language))
    cover = plan.slides[0]
    (bar,) = [s for s in cover.shapes if isinstance(s, dp.Rect) and s.role == "bar"]
    (pic,) = [s for s in _pictures(cover) if s.role == "cover"]
    title = next(b for b in _texts(cover) if b.role == "title")
    rtl = language == "he"
    assert (bar.x > plan.width / 2) == rtl and (title.x > pic.x) == rtl
    assert title.paras[0].align == ("right" if rtl else "left")
    assert 0 <= pic.x and pic.x + pic.w <= plan.width and 0 <= title.x and title.x + title.w <= plan.width


def test_tricky_text_is_kept_literally(stress):
    plan = dp.plan_deck(stress)
    everything = " ".join(" ".join(b.text.split()) for s in plan.slides for b in _texts(s))
    for s in (TRICKY, GREEK, CYRILLIC):
        assert s in everything


def test_cautions_carry_a_word_not_only_a_colour(stress):
    plan = dp.plan_deck(stress)
    words = " ".join(b.text for s in plan.slides if s.kind == "cautions" for b in _texts(s))
    assert "STOP" in words and "CAUTION" in words and "GOOD TO KNOW" in words


# ----------------------------------------------------------------------------- templates

def test_template_title_box_is_measured(stress):
    geo = dp.Geometry(dp.inch(10), dp.inch(7.5), title_box=(dp.inch(0.5), dp.inch(0.3), dp.inch(9), dp.inch(1.25)), template=True,
                      aspect="4:3")
    plan = dp.plan_deck(stress, geo)
    for slide in plan.slides:
        for b in _texts(slide):
            if b.placeholder == "title":
                assert b.h >= dp.box_height_emu(b.paras) and b.paras[0].size_pt >= 20
    assert plan.background is None
    # a template brings its own text colours (light on a dark background): no text is coloured by the deck
    for slide in plan.slides:
        for b in _texts(slide):
            for p in b.paras:
                assert p.colour is None and all(s.colour is None for s in p.spans), (slide.title, b.role, p.text[:30])


def test_template_content_lines_up_with_its_title_and_stays_above_its_footer(default):
    title_box = (dp.inch(0.6), dp.inch(0.4), dp.inch(12.1), dp.inch(1.2))
    geo = dp.Geometry(dp.inch(13.333), dp.inch(7.5), title_box=title_box, content_bottom=dp.inch(6.7), template=True)
    plan = dp.plan_deck(default, geo)
    text_left = title_box[0] + dp.inch(0.1)
    for sl in plan.slides:
        for sh in sl.shapes:
            if sl.kind != "title" and getattr(sh, "role", "") != "slide-number":
                assert sh.y + sh.h <= dp.inch(6.7), (sl.title, sh.role)
        for b in _texts(sl):
            if b.role == "body" and sl.kind in ("intro", "cautions", "closing"):
                assert b.x + b.insets[0] == text_left, (sl.title, b.role)


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_titles_are_not_in_the_renderers_grey_zone(stress, default, aspect):
    """A title planned on two lines that a renderer could set on one leaves a gap above its rule."""
    for prog in (stress, default):
        plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
        for sl in plan.slides:
            for box in _texts(sl):
                if box.role == "title" and sl.layout != "cover":
                    p = box.paras[0]
                    if p.size_pt > dp.TITLE_SIZES[-1]:
                        assert not dp.ambiguous(p, dp.inner_w(box.w)), sl.title


def test_one_line_title_gets_a_one_line_box(default):
    plan = dp.plan_deck(default, dp.Geometry.for_aspect("16:9"))
    sl = next(s for s in plan.slides if s.title.startswith("Tight hips"))
    title = next(b for b in _texts(sl) if b.role == "title")
    assert title.paras[0].lines == 1
    assert title.h == dp.box_height_emu(title.paras)


# ----------------------------------------------------------------------------- video links

LONG_URLS = [
    "https://example.org/videos/arch-and-flatten",
    "https://example.org/videos/long-movement-name/part-two?t=45",
    "https://example.org/videos/long-movement-name/part-two?chapter=3&t=45",
    "https://example.org/" + "very-long-path-segment/" * 6 + "end",
]


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
@pytest.mark.parametrize("url", LONG_URLS)
def test_video_link_is_never_broken_inside_a_hyperlink_and_fits(stress, aspect, url):
    m = replace(stress.movements[0], video=url)
    prog = replace(stress, movements=(m,) + stress.movements[1:])
    plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
    slides = _movement_slides(plan, m)
    assert [s.data for s in slides[0].shapes if isinstance(s, dp.QRCode)] == [url]
    assert url in slides[0].notes
    for sl in slides:
        for box in _texts(sl):
            for p in box.paras:
                if any(s.link for s in p.spans):
                    lines = dp.wrap(p.spans, p.size_pt, dp.emu_pt(dp.inner_w(box.w) - p.indent_emu))
                    holding = [ln for ln in lines if any(pc.link for t in ln for pc in t.pieces)]
                    assert len(holding) == 1
                    w = sum(t.width(p.size_pt) for t in holding[0])
                    assert w <= dp.emu_pt(dp.inner_w(box.w)), (box.role, w)
                    assert "".join(pc.text for t in holding[0] for pc in t.pieces if pc.link) == short_url(url)


def test_link_is_one_unbreakable_unit():
    span = dp.Span("example.org/videos/arch-and-flatten", link="https://example.org/videos/arch-and-flatten")
    toks = dp.tokens((dp.Span("Video"), dp.Span("   "), span))
    assert [t.text for t in toks] == ["Video", "example.org/videos/arch-and-flatten"]
    assert len(dp.tokens((replace(span, link=None),))) == 3  # plain text still breaks after a hyphen between letters


# ----------------------------------------------------------------------------- generated programs

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


def _generated_programs(base, n: int, seed: int):
    import random

    rng = random.Random(seed)
    ms = list(base.movements)
    for _ in range(n):
        pool = [replace(ms[i % len(ms)], id=f"m{i}", name=_gen_name(rng)) for i in range(rng.randint(1, 8))]
        seq = replace(base.sequences[0], name=" ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 30))),
                      movements=tuple(rng.choice(pool) for _ in range(rng.randint(1, 30))))
        yield replace(base, movements=tuple(pool), sequences=(seq,))


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_generated_programs_every_shape_inside_the_slide_and_no_text_below_20pt(default, aspect):
    geo = dp.Geometry.for_aspect(aspect)
    for n, prog in enumerate(_generated_programs(default, 10, seed=11 if aspect == "16:9" else 12)):
        plan = dp.plan_deck(prog, geo)
        for slide in plan.slides:
            for s in slide.shapes:
                where = (n, slide.kind, slide.title[:40], s.role)
                assert 0 <= s.x and s.x + s.w <= plan.width, where
                assert 0 <= s.y and s.y + s.h <= plan.height, where
                if isinstance(s, dp.TextBox):
                    assert s.h >= dp.box_height_emu(s.paras), where
                    assert all(p.size_pt >= dp.MIN_PT and p.spans for p in s.paras), where
        # every movement of the routine is shown, in order, its whole name there (maybe continued on the next slide)
        cells = "".join("".join(b.text.split()) for sl in plan.slides if sl.kind == "routine" for b in _texts(sl)
                        if b.role == "thumbnail-name")
        at = 0
        for k, m in enumerate(prog.sequences[0].movements, start=1):
            name = f"{k}{m.name}".replace(" ", "")
            found = cells.find(name[:12], at)
            assert found >= 0, (n, k)
            at = found + 1


def test_a_name_s_italics_show_on_its_slides_as_in_the_booklet(default):
    """A movement's name is text like any other: `*gently*` in it is italic in the slide title,
    the routine slide and the agenda, never printed with its asterisks."""
    m = replace(default.movements[0], name="Arch and Flatten *gently*")
    program = replace(default, movements=(m,) + default.movements[1:],
                      sequences=(replace(default.sequences[0], movements=(m,) + default.sequences[0].movements[1:]),))
    plan = dp.plan_deck(program)
    shown = [sp for s in plan.slides for b in _texts(s) for p in b.paras for sp in p.spans]
    assert not [sp.text for sp in shown if "*gently*" in sp.text]
    italic = [s.kind for s in plan.slides for b in _texts(s) for p in b.paras for sp in p.spans
              if sp.text == "gently" and sp.italic]
    assert "movement" in italic and "routine" in italic, italic
    # an odd asterisk in one name never pairs with one in the next
    odd = (replace(default.movements[0], name="Lift *one"), replace(default.movements[1], name="two* Lower"))
    plan = dp.plan_deck(replace(default, movements=odd + default.movements[2:]))
    agenda = [sp for s in plan.slides if s.kind == "agenda" for b in _texts(s) for p in b.paras for sp in p.spans]
    assert not [sp.text for sp in agenda if sp.italic], [sp.text for sp in agenda if sp.italic]
    assert any("Lift *one" in sp.text for sp in agenda)


def test_a_picture_with_few_pixels_is_shown_smaller_not_blown_up_and_the_build_says_so(default):
    """A 200 x 150 picture is not stretched over half the slide: it is shown at most at 64 ppi
    (each pixel two by two on a projector), in the middle of its box, and the plan names it for a
    console note; a phone photo fills its box as before."""
    from builder.layout.deck.units import EMU_PER_INCH, MIN_SLIDE_PPI

    m = default.movements[0]
    tiny = replace(m.images[0], width_px=200, height_px=150)
    program = replace(default, movements=(replace(m, images=(tiny,)),) + default.movements[1:])
    plan = dp.plan_deck(program)
    shown = [p for p in plan.pictures() if p.image == tiny and p.role != "thumbnail"]
    assert shown
    for p in shown:
        x, y, w, h = p.placed()
        assert w <= 200 / MIN_SLIDE_PPI * EMU_PER_INCH + 1 and w < p.w
        assert p.x <= x and x + w <= p.x + p.w and p.y <= y and y + h <= p.y + p.h
    assert [dict(n)["picture"] for n in plan.low_resolution] == [tiny.name]
    big = [p for p in dp.plan_deck(default).pictures() if p.image == m.images[0] and p.role != "thumbnail"]
    assert all(max(p.placed()[2] / p.w, p.placed()[3] / p.h) > 0.99 for p in big)
    # a small logo keeps to the corner it is set in; a picture of unknown size is not held back
    logo = dp.Picture(dp.inch(10), dp.inch(0.3), dp.inch(3), dp.inch(1), replace(tiny, width_px=100, height_px=40),
                      "logo", valign="top", halign="right")
    x, y, w, h = logo.placed()
    assert w < logo.w and x + w == logo.x + logo.w and y == logo.y
    unknown = replace(logo, image=replace(tiny, width_px=0, height_px=0))
    assert unknown.placed()[2] > 0 and unknown.low_resolution() is None


def test_a_part_over_several_slides_is_split_evenly(default_steps, stress):
    """A part's steps over several slides: no slide holds two or more of them fewer than the
    slide before it (25 steps as 2, 5, 5, 5, 4, 4 after the starting position, not 2, 5, 5, 5, 5, 3)."""
    split = 0
    for prog in (default_steps, _photo_library(default_steps), stress):
        for aspect in ("16:9", "4:3"):
            plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
            for m in prog.movements:
                for k in range(len(m.stages)):
                    counts = [len({p.number for p in _body(sl) if p.number is not None and _stage_of(m, p) == k})
                              for sl in _movement_slides(plan, m)]
                    counts = [c for c in counts if c]
                    split += len(counts) > 2
                    for a, b in zip(counts, counts[1:]):
                        assert a - b <= 1, (aspect, m.name, k, counts)
    assert split, "no part went over three slides or more: the test shows nothing"


def test_every_title_takes_the_lines_it_was_planned_on_with_its_counter(stress, default):
    """A title is planned with its counter (" (2/4)"): the lines its box was sized for are the
    lines the title as shown takes, so it never runs into its rule and the text below."""
    checked = 0
    for prog in (stress, default, _photo_library(default, 30)):
        for aspect in ("16:9", "4:3"):
            plan = dp.plan_deck(prog, dp.Geometry.for_aspect(aspect))
            for s in plan.slides:
                for b in _texts(s):
                    if b.role == "title":
                        p = b.paras[0]
                        shown = len(dp.wrap(p.spans, p.size_pt, dp.emu_pt(dp.inner_w(b.w) - p.indent_emu), p.face))
                        assert shown <= p.lines, (aspect, s.title, p.size_pt, p.lines, shown)
                        checked += "/" in s.title
    assert checked > 10
