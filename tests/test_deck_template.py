"""The default program's deck on teachers' own templates (made in tests/templates.py).

Each template mimics a real case: the standard blank theme at 4:3 saved by a Spanish
PowerPoint, a 16:9 company template (Dutch layout names, Century Gothic, dark title and
section layouts, a narrow body first among the layouts with a title), a dark theme whose
accent and link colours are hard to read on it, and a file of many layouts with ties.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from pptx import Presentation

from builder import theme
from builder.build.targets import TARGETS
from builder.images.stage import ImageStage
from builder.layout import deck as dp
from builder.layout.template import AA, choose_layouts
from builder.model.markdown import plain_inline
from builder.source.loader import Loader, Workspace
from builder.source.template import read_template
from factory import copy_default_workspace
import templates as T

TARGET = TARGETS["deck"]


def use(program: Path, rel: str = "templates/t.pptx") -> None:
    text = program.read_text(encoding="utf-8")
    text, n = re.subn(r'(deck:\n  aspect: "[^"]*")', rf"\1\n  template: {rel}", text)
    assert n == 1
    program.write_text(text, encoding="utf-8")


def load(program: Path):
    loader = Loader(Workspace(program.parent.parent))
    p = loader.load(program)
    assert p is not None, loader.report.errors
    return p, loader.report.warnings


def without_cues(p):
    return replace(p, movements=tuple(replace(m, cues=()) for m in p.movements))


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The default program without a template: (with cues, steps only)."""
    root = tmp_path_factory.mktemp("plain")
    p, _ = load(copy_default_workspace(root))
    return p, without_cues(p)


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """name -> (program, its steps-only twin, warnings, the steps-only deck's bytes, the template file)."""
    out = {}
    for name, make in T.TEMPLATES.items():
        root = tmp_path_factory.mktemp(name)
        program = copy_default_workspace(root)
        tpl = make(root / "templates" / "t.pptx")
        use(program)
        p, warnings = load(program)
        steps = without_cues(p)
        plan = TARGET.plan(steps)
        data = TARGET.render(plan, ImageStage(root / "cache", workers=1).prepare(plan.image_requests())).files["deck.pptx"]
        out[name] = (p, steps, warnings, data, tpl)
    return out


NAMES = list(T.TEMPLATES)


# ----------------------------------------------------------------------------- layouts

EXPECTED = {  # role -> the layout a teacher would pick
    "blank-es-4x3": {"cover": "Diapositiva de título", "title_only": "Solo el título", "content": "Título y objetos",
                     "picture": "Dos objetos"},
    "company-nl": {"cover": "Titeldia", "title_only": "Alleen titel", "content": "Titel en object", "picture": "Twee objecten"},
    "dark": {"cover": "Title Slide", "title_only": "Title Only", "content": "Title and Content", "picture": "Two Content"},
    # ties: the light one of two equal text layouts (not the earlier dark one, not the title slide with as large a
    # body), the first of two equal picture layouts, a picture placeholder before two content placeholders
    "many-layouts": {"cover": "Title Slide", "title_only": "Title Only", "content": "Title and Content",
                     "picture": "Picture Left"},
}


@pytest.mark.parametrize("name", NAMES)
def test_each_kind_of_slide_gets_the_layout_that_offers_it_most(decks, name):
    p, _, _, data, _ = decks[name]
    choice = choose_layouts(p.deck.template_info)
    assert {role: c.layout.name for role, c in choice.roles.items() if role != "closing"} == EXPECTED[name]
    for role in ("title_only", "content", "picture", "closing"):  # never the title slide for content
        assert not {"ctrTitle", "subTitle"} & set(choice.roles[role].layout.types())
    prs = Presentation(io.BytesIO(data))
    used = {s.slide_layout.name for s in prs.slides}
    assert used == set(EXPECTED[name].values()), used


def test_debug_names_the_layout_of_each_kind_of_slide(tmp_path, capsys):
    from builder.cli import main

    program = copy_default_workspace(tmp_path)
    T.company_16x9(tmp_path / "templates" / "t.pptx")
    use(program)
    assert main(["--debug", "-C", str(tmp_path), "check"]) == 0
    err = capsys.readouterr().err
    for line in ("title slide: layout 1 “Titeldia”", "agenda: layout 6 “Alleen titel”",
                 "text only (intro, cautions, routines): layout 3 “Titel en object”",
                 "picture with text (movements, intro with a picture): layout 5 “Twee objecten”", "closing: layout 3"):
        assert line in err, err
    assert main(["-C", str(tmp_path), "check"]) == 0
    assert "layout 1" not in capsys.readouterr().err  # only with --debug


# ----------------------------------------------------------------------------- slides

def _movement_slides(plan, m):
    return [s for s in plan.slides if s.kind == "movement" and (s.title == m.name or s.title.startswith(m.name + " ("))]


def _paras(slide):
    return [p for b in slide.shapes if isinstance(b, dp.TextBox) and b.role == "body" for p in b.paras]


@pytest.mark.parametrize("name", NAMES)
def test_no_step_or_cue_is_split_across_slides_and_lists_split_evenly(decks, name):
    p, steps, _, _, _ = decks[name]
    for prog in (p, steps):
        plan = dp.plan_deck(prog)
        for m in prog.movements:
            slides = _movement_slides(plan, m)
            lines = m.cues or tuple(s.text for s in m.all_steps)
            for line in lines:  # each whole in one paragraph of one slide
                text = " ".join(plain_inline(line).split())
                assert any(text in " ".join(q.text.split()) for sl in slides for q in _paras(sl)), (name, m.name, text)
            for k, stage in enumerate(m.stages if not m.cues else ()):
                numbers = [[q.number for q in _paras(sl) if q.number is not None] for sl in slides]
                numbers = [n for n in numbers if n]
                if len(m.all_steps) >= 2:  # never broken after the first step, never one step alone at the end
                    assert len(numbers[0]) >= 2 and len(numbers[-1]) >= 2, (name, m.name, numbers)


@pytest.mark.parametrize("name", NAMES)
def test_slide_count_stays_within_half_again_the_deck_without_a_template(decks, plain, name):
    p, steps, _, _, _ = decks[name]
    for prog, base in zip((p, steps), plain):
        n, n0 = len(dp.plan_deck(prog).slides), len(dp.plan_deck(base).slides)
        assert n <= 1.5 * n0, (name, n, n0)


# ----------------------------------------------------------------------------- fonts

@pytest.mark.parametrize("name", NAMES)
def test_runs_use_the_templates_theme_fonts(decks, name):
    _, _, _, data, tpl = decks[name]
    info = read_template(tpl)
    prs = Presentation(io.BytesIO(data))
    seen = set()
    for s in prs.slides:
        for sh in s.shapes:
            if not sh.has_text_frame:
                continue
            title = sh.is_placeholder and sh.placeholder_format.type in (1, 3)  # TITLE, CENTER_TITLE
            for para in sh.text_frame.paragraphs:
                for r in para.runs:
                    assert r.font.name == ("+mj-lt" if title else "+mn-lt"), (name, sh.name, r.text)
                    seen.add(r.font.name)
    assert seen == {"+mj-lt", "+mn-lt"}
    out = read_template(_save(data, tpl.parent / "out.pptx"))
    assert (out.theme.major_font, out.theme.minor_font) == (info.theme.major_font, info.theme.minor_font)


def _save(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def test_a_font_without_metrics_is_measured_with_a_margin_and_named_once(decks):
    _, _, warnings, _, _ = decks["company-nl"]
    fonts = [w for w in warnings if "cannot be measured exactly" in w.message]
    assert len(fonts) == 1 and "`Century Gothic`" in fonts[0].message and "20% wider" in fonts[0].message
    loc = fonts[0].loc
    assert loc.file.endswith("reverse-hip-pain.yaml") and loc.line > 1 and loc.column > 1  # the `template:` line
    assert not [w for w in decks["many-layouts"][2] if "cannot be measured" in w.message]  # Cambria and Calibri have twins
    from builder.fonts import deck_face

    century, calibri = deck_face("Century Gothic"), deck_face("Calibri")
    assert calibri.known and calibri.measured_as == "Carlito" and deck_face("Cambria").measured_as == "Caladea"
    assert not century.known
    light = deck_face("Calibri Light")  # the headings of PowerPoint's own Office theme: its regular's twin, a little wider
    assert light.measured_as == "Carlito" and light.measured_closely and not century.measured_closely
    assert dp.text_width_pt(text := "Arch and Flatten", 36, face=light) == pytest.approx(1.03 * dp.text_width_pt(text, 36, face=calibri))
    text = "Lie on your back with your knees bent and your feet flat on the floor."
    assert dp.text_width_pt(text, 20, face=century) == pytest.approx(1.2 * dp.text_width_pt(text, 20))


# ----------------------------------------------------------------------------- colours

def _colour(rpr, layout, ph_colour) -> str:
    """The colour a run is drawn in: a link in the theme's link colour (as renderers draw links), else its own, else its placeholder's."""
    if rpr is not None and rpr.find("{*}hlinkClick") is not None:
        return layout.link_colour
    fill = rpr.find("{*}solidFill/{*}srgbClr") if rpr is not None else None
    if fill is not None:
        return "#" + fill.get("val").lower()
    return ph_colour


@pytest.mark.parametrize("name", NAMES)
def test_text_links_and_labels_meet_aa_contrast_against_their_background(decks, name):
    _, _, _, data, tpl = decks[name]
    out = read_template(_save(data, tpl.parent / f"{name}-contrast.pptx"))
    by_part = {"/" + lay.part: lay for lay in out.layouts}
    prs = Presentation(io.BytesIO(data))
    checked = 0
    for k, s in enumerate(prs.slides, start=1):
        lay = by_part[str(s.slide_layout.part.partname)]
        for sh in s.shapes:
            if not sh.has_text_frame:
                continue
            ph_colour, bg = lay.text_colour, lay.background
            if sh.is_placeholder:
                el = sh._element.find(".//{*}nvPr/{*}ph")
                kind, idx = el.get("type", "obj"), int(el.get("idx", "0"))
                ph = next((q for q in lay.placeholders if q.type == kind and (q.idx == idx or kind in ("title", "ctrTitle"))), None)
                if ph is not None:
                    ph_colour, bg = ph.colour, ph.fill or lay.background
            for para in sh.text_frame.paragraphs:
                for r in para.runs:
                    if not r.text.strip():
                        continue
                    c = _colour(r._r.find("{*}rPr"), lay, ph_colour)
                    ratio = theme.min_contrast(c, bg)
                    assert ratio >= AA, (name, k, sh.name, r.text[:30], c, bg, round(ratio, 2))
                    checked += 1
    assert checked > 200


def test_a_dark_theme_gets_readable_labels_and_links(decks):
    _, _, _, data, tpl = decks["dark"]
    theme_xml = zipfile.ZipFile(io.BytesIO(data)).read("ppt/theme/theme1.xml").decode()
    link = re.search(r'<a:hlink><a:srgbClr val="([0-9A-F]{6})"/></a:hlink>', theme_xml).group(1)
    assert link != "0563C1" and theme.contrast("#" + link, "#15191f") >= AA  # PowerPoint's blue is 3.1:1 on it
    assert '<a:accent1><a:srgbClr val="1F3864"/>' in theme_xml  # the theme itself is the teacher's
    labels = set(re.findall(r'<a:solidFill><a:srgbClr val="([0-9A-F]{6})"/></a:solidFill>',
                            " ".join(zipfile.ZipFile(io.BytesIO(data)).read(n).decode()
                                     for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("ppt/slides/slide"))))
    assert labels and all(theme.contrast("#" + c, "#15191f") >= AA for c in labels), labels
    assert theme.contrast("#1f3864", "#15191f") < 2  # its accent as it is would not read


# ----------------------------------------------------------------------------- validity

@pytest.fixture(scope="module")
def validator():
    audit = pytest.importorskip("openxml_audit", reason="openxml-audit validates decks against the OOXML schema")
    return audit.OpenXmlValidator(max_errors=20)


@pytest.mark.parametrize("name", NAMES)
def test_template_decks_are_schema_valid(decks, validator, tmp_path, name):
    data = decks[name][3]
    f = tmp_path / f"{name}.pptx"
    f.write_bytes(data)
    result = validator.validate(str(f))
    assert result.is_valid, [(e.description, getattr(e, "part_uri", "")) for e in list(result.errors)[:10]]


def test_a_templates_broken_parts_are_named_and_left_out(tmp_path, validator):
    program = copy_default_workspace(tmp_path)
    T.with_broken_parts(tmp_path / "templates" / "t.pptx")
    use(program)
    p, warnings = load(program)
    broken = [w.message for w in warnings if "fails validation" in w.message]
    assert any(T.BROKEN_LAYOUT in m and "the deck leaves it out" in m for m in broken), broken
    assert any("docProps/app.xml" in m for m in broken), broken
    plan = TARGET.plan(p)
    assert T.BROKEN_LAYOUT in plan.leave_out and "docProps/app.xml" in plan.leave_out
    data = TARGET.render(plan, ImageStage(tmp_path / "cache", workers=1).prepare(plan.image_requests())).files["deck.pptx"]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "docProps/app.xml" not in names
    assert "Broken Layout" not in {lay.name for lay in Presentation(io.BytesIO(data)).slide_layouts}
    assert len(Presentation(io.BytesIO(data)).slide_layouts) == 11
    f = tmp_path / "deck.pptx"
    f.write_bytes(data)
    result = validator.validate(str(f))
    assert result.is_valid, [(e.description, getattr(e, "part_uri", "")) for e in list(result.errors)[:10]]


def test_check_warns_about_a_broken_template_too(tmp_path, capsys):
    from builder.cli import main

    program = copy_default_workspace(tmp_path)
    T.with_broken_parts(tmp_path / "templates" / "t.pptx")
    use(program)
    assert main(["-C", str(tmp_path), "check"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"reverse-hip-pain\.yaml:\d+:\d+: deck\.template: the template `templates/t\.pptx` has a part that fails "
                     r"validation on its own: ppt/slideLayouts/slideLayout12\.xml", err), err


def test_a_rebuild_writes_the_unchanged_slides_as_the_last_build_did(tmp_path, monkeypatch, capsys):
    """After a one-step edit the deck's other slides are written from the markup the last build
    made (kept in the cache), and the file is byte for byte what a cold build gives, with a
    template; none is kept once the template file itself is replaced under the same name, and
    the deck remade alone, or built alone, is still the one a build of everything gives."""
    from builder.cli import main
    from builder.render.pptx import deck as deck_renderer, xml as pptx_xml

    monkeypatch.setenv("MOVEBOOK_WORKERS", "1")  # rendered here, so the slides written either way can be counted
    counts = {"kept": 0, "made": 0}
    replay, make = pptx_xml.replay_slide, deck_renderer._write_slide

    def counted_replay(*a, **k):
        done = replay(*a, **k)
        counts["kept"] += done
        return done

    def counted_make(*a, **k):
        counts["made"] += 1
        return make(*a, **k)

    monkeypatch.setattr(pptx_xml, "replay_slide", counted_replay)
    monkeypatch.setattr(deck_renderer, "_write_slide", counted_make)
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    program = copy_default_workspace(warm)
    T.company_16x9(warm / "templates" / "t.pptx")
    use(program)
    deck = Path("output") / "reverse-hip-pain" / "deck.pptx"

    def same_as_cold() -> None:
        shutil.rmtree(cold, ignore_errors=True)
        shutil.copytree(warm, cold, ignore=shutil.ignore_patterns("output"))
        assert main(["-C", str(cold), "build"]) == 0
        assert (warm / deck).read_bytes() == (cold / deck).read_bytes()

    assert main(["-C", str(warm), "build"]) == 0
    slides = counts["made"]
    assert counts["kept"] == 0 and slides > 5
    step = warm / "content" / "movements" / "side-bend.yaml"
    step.write_text(step.read_text(encoding="utf-8").replace("Keep your knees together", "Keep both knees together", 1),
                    encoding="utf-8")
    counts.update(kept=0, made=0)
    assert main(["-C", str(warm), "build"]) == 0
    assert counts["kept"] + counts["made"] == slides
    assert counts["kept"] >= slides - 4, counts  # the edited movement's slides, the first slide with notes
    same_as_cold()

    T.dark_variant(warm / "templates" / "t.pptx")  # the deck alone is remade: its pictures are still the booklet's
    counts.update(kept=0, made=0)
    assert main(["-C", str(warm), "build"]) == 0
    assert counts["kept"] == 0, "slides kept from another template"
    same_as_cold()

    alone = tmp_path / "alone"  # a deck built on its own is the deck built with the rest
    shutil.copytree(warm, alone, ignore=shutil.ignore_patterns("output"))
    assert main(["-C", str(alone), "build", "--only", "deck"]) == 0
    assert not (alone / "output" / "reverse-hip-pain" / "booklet.pdf").exists()
    assert (alone / deck).read_bytes() == (cold / deck).read_bytes()
    capsys.readouterr()


# ----------------------------------------------------------------------------- reading a template

def test_theme_fonts_colours_and_backgrounds_are_read_through_the_colour_map(tmp_path):
    tpl = T.make_template(tmp_path / "t.pptx", [
        T.Lay("Light", [T.Ph("title"), T.Ph("obj", colour="accent2")]),
        T.Lay("Dark", [T.Ph("title"), T.Ph("obj")], dark=True, background="bg2"),
        T.Lay("Tinted", [T.Ph("title", fill="FFEEDD"), T.Ph("obj", vertical=True)], background="FAFAFA"),
    ], major="Georgia", minor="Verdana", colours={"dk1": "111111", "lt1": "FEFEFE", "dk2": "223344", "accent2": "AA5500"})
    info = read_template(tpl)
    assert (info.theme.major_font, info.theme.minor_font) == ("Georgia", "Verdana")
    light, dark, tinted = info.layouts
    assert light.background == ("#fefefe",) and light.text_colour == "#111111" and not light.own_background
    assert light.placeholders[1].colour == "#aa5500"  # its own list style
    assert dark.background == ("#223344",) and dark.text_colour == "#fefefe" and dark.own_background  # bg2 -> dk2, tx1 -> lt1
    assert tinted.background == ("#fafafa",) and tinted.placeholders[0].fill == ("#ffeedd",)
    assert tinted.placeholders[1].vertical and not light.placeholders[1].vertical


def test_a_template_text_colour_too_faint_for_its_background_is_replaced(tmp_path):
    """A theme whose text colour (light grey) does not read on its white slides: the deck's text takes its best readable colour."""
    program = copy_default_workspace(tmp_path)
    T.make_template(tmp_path / "templates" / "t.pptx", T._standard(13.333, T.SPANISH), colours={"dk1": "AAAAAA"})
    use(program)
    p, _ = load(program)
    plan = dp.plan_deck(p)
    assert theme.contrast("#aaaaaa", "#ffffff") < 3
    for sl in plan.slides:
        for b in sl.shapes:
            if isinstance(b, dp.TextBox):
                for q in b.paras:
                    for s in q.spans:
                        colour = s.colour or q.colour
                        assert colour is not None and theme.contrast(colour, "#ffffff") >= AA, (sl.title, b.role, s.text)


def test_a_templates_verdict_is_remembered_by_its_content(tmp_path, monkeypatch):
    """Validating takes a second or two in a fresh process: the verdict is kept in the user's cache."""
    from builder.source import template as st

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(st, "_CHECKED", {})
    tpl = T.with_broken_parts(tmp_path / "t.pptx")
    first = st.template_problems(tpl)
    assert {b.part for b in first} == {T.BROKEN_LAYOUT, "docProps/app.xml"}
    assert (tmp_path / "cache" / "movebook" / "template-checks.json").is_file()
    monkeypatch.setattr(st, "_CHECKED", {})  # a new process: the file answers, nothing is validated again
    monkeypatch.setattr(st, "_problems", lambda path: pytest.fail("validated again"))
    assert st.template_problems(tpl) == first
    copy = tmp_path / "renamed.pptx"
    shutil.copy(tpl, copy)
    assert st.template_problems(copy) == first  # the same content under another name


ODD = {  # templates that offer no layout with a usable title and room below it
    "blank only": [T.Lay("Blank", T._foot(13.333))],
    "title slide only": [T.Lay("Title", [T.Ph("ctrTitle", (1, 2, 11, 1.5)), T.Ph("subTitle", (1, 3.6, 11, 1.5))])],
    "vertical title": [T.Lay("V", [T.Ph("title", (10.6, 0.3, 2.1, 6.4), vertical=True),
                                   T.Ph("body", (0.6, 0.3, 9.8, 6.4), vertical=True)])],
    "section header only": [T.Lay("S", [T.Ph("title", (0.6, 4.4, 12.1, 1.4)), T.Ph("body", (0.6, 2.9, 12.1, 1.5))])],
}


@pytest.mark.parametrize("name", list(ODD))
def test_a_template_without_a_usable_layout_still_gives_a_sound_deck(tmp_path, plain, name):
    """The deck places the titles and text itself where the template's layouts offer no room for them."""
    program = copy_default_workspace(tmp_path)
    T.make_template(tmp_path / "templates" / "t.pptx", ODD[name])
    use(program)
    p, _ = load(program)
    plan = dp.plan_deck(p)
    assert len(plan.slides) <= 1.5 * len(dp.plan_deck(plain[0]).slides)
    for sl in plan.slides:
        for sh in sl.shapes:
            assert sh.w > 0 and sh.h > 0 and sh.x >= 0 and sh.y >= 0, (name, sl.title, sh)
            assert sh.x + sh.w <= plan.width and sh.y + sh.h <= plan.height, (name, sl.title, getattr(sh, "role", ""))
