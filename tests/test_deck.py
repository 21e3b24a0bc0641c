"""The rendered deck, read back with python-pptx: what a presenter and a screen reader get."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu

from builder.build.targets import TARGETS

TARGET = TARGETS["deck"]
from builder.images.stage import ImageStage
from builder.source.loader import Loader, Workspace
from factory import CYRILLIC, GREEK, TRICKY, copy_default_workspace, make_stress_workspace

EMU_PER_PT = 12700


def load(program: Path):
    loader = Loader(Workspace(program.parent.parent))
    p = loader.load(program)
    assert p is not None, loader.report.errors
    return p


def render_deck(program: Path, cache: Path) -> tuple[object, bytes]:
    """Load, prepare the deck's images and render: (Program, pptx bytes)."""
    p = load(program)
    plan = TARGET.plan(p)
    res = TARGET.render(plan, ImageStage(cache, workers=1).prepare(plan.image_requests()))
    assert res.summary.startswith("deck.pptx ")
    return p, res.files["deck.pptx"]


def set_aspect(program: Path, aspect: str) -> None:
    text = program.read_text(encoding="utf-8")
    text = re.sub(r'aspect: "[^"]*"', f'aspect: "{aspect}"', text)
    program.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def stress(tmp_path_factory):
    root = tmp_path_factory.mktemp("stress")
    program = make_stress_workspace(root)
    p, data = render_deck(program, root / "cache")
    return p, data, Presentation(io.BytesIO(data))


@pytest.fixture(scope="module")
def stress43(tmp_path_factory):
    root = tmp_path_factory.mktemp("stress43")
    program = make_stress_workspace(root)
    set_aspect(program, "4:3")
    p, data = render_deck(program, root / "cache")
    return p, data, Presentation(io.BytesIO(data))


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    root = tmp_path_factory.mktemp("default")
    program = copy_default_workspace(root)
    p, data = render_deck(program, root / "cache")
    return p, data, Presentation(io.BytesIO(data))


def _title(slide) -> str:
    title = slide.shapes.title
    return title.text_frame.text if title is not None else ""


def _slide_text(slide) -> str:
    return " ".join(" ".join(sh.text_frame.text.split()) for sh in slide.shapes if sh.has_text_frame)


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


DECKS = ["stress", "stress43", "default"]


@pytest.fixture(params=DECKS)
def deck(request):
    return request.getfixturevalue(request.param)


def test_aspect(stress, stress43):
    prs = stress[2]
    assert (prs.slide_width, prs.slide_height) == (Emu(12191695), Emu(6858000))
    prs = stress43[2]
    assert (prs.slide_width, prs.slide_height) == (Emu(9144000), Emu(6858000))
    # the size's name, where PowerPoint shows one, is the deck's own: a wide deck is no "screen4x3"
    size = lambda p: p.part._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz")  # noqa: E731
    assert size(stress[2]).get("type") is None
    assert size(stress43[2]).get("type") == "screen4x3"


def test_each_movement_has_a_titled_slide_with_notes(deck):
    p, _, prs = deck
    titles = [_title(s) for s in prs.slides]
    for m in p.movements:
        # The main slide; extreme content (the stress test's 85-character name on 4:3) may continue it.
        assert m.name in titles or any(t.startswith(m.name + " (1/") for t in titles)
        for s in prs.slides:
            if _title(s) == m.name or _title(s).startswith(m.name + " ("):
                assert _notes(s).strip(), m.name


def test_every_step_on_a_slide_or_in_the_notes_and_teaching_notes_in_notes(deck):
    from builder.model.markdown import plain, plain_inline

    p, _, prs = deck
    slides_text = " ".join(_slide_text(s) for s in prs.slides)
    notes = "\n".join(_notes(s) for s in prs.slides)
    for m in p.movements:
        for step in m.all_steps:
            text = plain_inline(step.text)
            assert text in slides_text or text in notes, text
            assert text in notes, text
        if m.teaching_notes:
            assert plain(m.teaching_notes) in notes
        for c in m.cautions:
            assert plain_inline(c.text) in notes


def test_pictures_have_the_models_alt_text(deck):
    """Every picture, placeholder pictures too, carries the model's alt text (never a file name)."""
    p, _, prs = deck
    pool = [p.cover_image] + [s.image for s in p.intro] + [i for m in p.movements for i in m.images]
    alts = {i.alt for i in pool if i is not None} | {f"QR code: the video of {m.name}" for m in p.movements}
    names = {i.path.name for i in p.images}
    n = 0
    for s in prs.slides:
        for sh in s.shapes:
            if sh._element.tag.endswith("}pic"):
                descr = sh._element.nvPicPr.cNvPr.get("descr")
                assert descr in alts, descr
                assert descr not in names
                n += 1
    assert n >= len(p.movements)


def test_no_text_below_20pt_and_nothing_outside_the_slide(deck):
    _, _, prs = deck
    W, H = prs.slide_width, prs.slide_height
    for i, s in enumerate(prs.slides, 1):
        for sh in s.shapes:
            assert sh.left >= 0 and sh.top >= 0 and sh.left + sh.width <= W and sh.top + sh.height <= H, (i, sh.name)
            if sh.has_text_frame and sh.text_frame.text:
                assert sh.text_frame.auto_size == 0 or sh.text_frame.auto_size is None or int(sh.text_frame.auto_size) == 0
                assert sh.text_frame.word_wrap is True
                for para in sh.text_frame.paragraphs:
                    for r in para.runs:
                        assert r.font.size is not None and r.font.size.pt >= 20, (i, r.text)
                        assert r.font.name == "Arial"


def test_no_shrink_flags_anywhere(stress):
    data = stress[1]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("ppt/slides/slide"):
                xml = z.read(name).decode()
                assert "normAutofit" not in xml and "spAutoFit" not in xml
                assert "noAutofit" in xml


def test_tricky_text_appears_literally(stress):
    _, _, prs = stress
    text = " ".join(_slide_text(s) for s in prs.slides)
    for s in (TRICKY, GREEK, CYRILLIC):
        assert s in text
    notes = "\n".join(_notes(s) for s in prs.slides)
    assert "🙂" in notes


def test_core_properties_and_accent(stress):
    p, data, prs = stress
    cp = prs.core_properties
    assert cp.title == p.title and cp.language == "el"
    assert cp.author.startswith("Dr. Maria")
    assert cp.created is not None and cp.created.year >= 2000 and cp.modified == cp.created
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/slide"))
    assert p.theme.accent.lstrip("#").upper() in xml


def test_two_builds_give_identical_bytes(stress, tmp_path):
    p, data, _ = stress
    plan = TARGET.plan(p)
    images = ImageStage(tmp_path / "cache", workers=1).prepare(plan.image_requests())
    assert TARGET.render(plan, images).files["deck.pptx"] == data


def test_video_qr_code_opens_the_video_and_the_address_is_in_the_notes(stress, default):
    for p, _, prs in (stress, default):
        for m in p.movements:
            if not m.video:
                continue
            first = next(s for s in prs.slides if _title(s).startswith(m.name))
            codes = [sh for sh in first.shapes if sh.shape_type == 13 and sh.name == "qr"]
            assert len(codes) == 1
            assert codes[0].click_action.hyperlink.address == m.video
            assert codes[0].width >= Emu(int(3.0 / 2.54 * 914400))  # at least 3 cm on the slide
            assert m.video in _notes(first)


def test_user_template_is_used_by_placeholder_type(tmp_path):
    root = tmp_path / "ws"
    program = make_stress_workspace(root)
    tpl = Presentation()
    tpl.slides.add_slide(tpl.slide_layouts[0]).shapes.title.text = "Sample slide to be dropped"
    (root / "templates").mkdir()
    tpl.save(root / "templates" / "studio.pptx")
    program.write_text(program.read_text(encoding="utf-8").replace('deck:\n  aspect: "16:9"', 'deck:\n  aspect: "16:9"\n  template: templates/studio.pptx'), encoding="utf-8")
    p, data = render_deck(program, tmp_path / "cache")
    assert p.deck.template is not None
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width == Emu(9144000)  # the template's own size
    text = " ".join(_slide_text(s) for s in prs.slides)
    assert "Sample slide to be dropped" not in text
    layouts = {s.slide_layout.name for s in prs.slides}
    assert {"Title Only", "Title and Content", "Two Content"} <= layouts  # a picture beside its text, not above a caption
    for s in prs.slides:
        for sh in s.shapes:
            assert sh.left + sh.width <= prs.slide_width and sh.top + sh.height <= prs.slide_height
            if sh.is_placeholder and sh.has_text_frame:
                assert sh.text_frame.text  # no empty "Click to add" placeholders left


def test_links_use_the_accent_colour_through_the_theme(stress):
    """Renderers draw hyperlinks in the theme's hlink colour: it is the accent, not default blue."""
    p, data, _ = stress
    theme = zipfile.ZipFile(io.BytesIO(data)).read("ppt/theme/theme1.xml").decode()
    accent = p.theme.accent.lstrip("#").upper()
    assert re.search(rf'<a:hlink><a:srgbClr val="{accent}"/></a:hlink>', theme)
    assert re.search(rf'<a:folHlink><a:srgbClr val="{accent}"/></a:folHlink>', theme)
    assert "0000FF" not in re.search(r"<a:hlink>.*?</a:hlink>", theme).group(0)


def test_very_long_title_and_author_fit_the_core_properties(tmp_path):
    from pptx import Presentation

    from builder.source.loader import Loader, Workspace

    (tmp_path / "content").mkdir()
    (tmp_path / "images").mkdir()
    long_title = "Word " * 70
    f = tmp_path / "content" / "p.yaml"
    f.write_text(f"title: {long_title}\nauthor: {'Name ' * 60}\nmovements:\n  - id: a\n    name: A\n    steps: [x]\n")
    program = Loader(Workspace(tmp_path)).load(f)
    data = TARGET.render(TARGET.plan(program), {}).files["deck.pptx"]
    (tmp_path / "d.pptx").write_bytes(data)
    deck = Presentation(str(tmp_path / "d.pptx"))
    assert len(deck.core_properties.title) <= 255 and deck.core_properties.title.endswith("…")
    slide_text = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    assert " ".join(long_title.split()) in " ".join(slide_text.split()), "the full title is on the slides"


# ----------------------------------------------------------------------------- a user's template

GERMAN_LAYOUTS = ["Titelfolie", "Titel und Inhalt", "Abschnittsüberschrift", "Zwei Inhalte", "Vergleich",
                  "Nur Titel", "Leer", "Inhalt mit Überschrift", "Bild mit Überschrift", "Titel und vertikaler Text",
                  "Vertikaler Titel und Text"]


def make_german_template(path: Path, background: str = "F1E9DA", dark: bool = False) -> Path:
    """A 16:9 template as a German PowerPoint saves it: translated layout names, a coloured master background.

    ``dark``: a dark theme, its text colour (dk1) white, as a template for a dark background has it.
    """
    tpl = Presentation()
    scale = 12192000 / tpl.slide_width
    tpl.slide_width = Emu(12192000)
    # Layouts first (their inherited positions are read from the master before it is scaled).
    for container in list(tpl.slide_layouts) + [tpl.slide_master]:
        for ph in container.placeholders:
            box = (ph.left, ph.top, ph.width, ph.height)
            if None not in box:  # all four: python-pptx writes 0 for the ones not set
                ph.left, ph.top = Emu(round(box[0] * scale)), Emu(box[1])
                ph.width, ph.height = Emu(round(box[2] * scale)), Emu(box[3])
    for layout, name in zip(tpl.slide_layouts, GERMAN_LAYOUTS):
        layout.name = name
    fill = tpl.slide_master.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor.from_string(background)
    tpl.slides.add_slide(tpl.slide_layouts[0]).shapes.title.text = "Beispielfolie"
    if dark:
        from lxml import etree
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.oxml.ns import qn

        part = tpl.slide_master.part.part_related_by(RT.THEME)
        root = etree.fromstring(part.blob)
        for tag, val in (("a:dk1", "FFFFFF"), ("a:lt1", "000000")):
            el = next(root.iter(qn(tag)))
            for child in list(el):
                el.remove(child)
            etree.SubElement(el, qn("a:srgbClr"), {"val": val})
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(path)
    return path


def use_template(program: Path, rel: str = "templates/studio.pptx") -> None:
    text = program.read_text(encoding="utf-8")
    text = re.sub(r'(deck:\n  aspect: "[^"]*")', rf"\1\n  template: {rel}", text)
    program.write_text(text, encoding="utf-8")


def test_german_template_title_slide_uses_its_placeholders(tmp_path):
    from pptx.enum.shapes import PP_PLACEHOLDER

    root = tmp_path / "ws"
    program = make_stress_workspace(root)
    make_german_template(root / "templates" / "studio.pptx")
    use_template(program)
    p, data = render_deck(program, tmp_path / "cache")
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width == Emu(12192000)
    first = prs.slides[0]
    assert first.slide_layout.name == "Titelfolie"
    kinds = {sh.placeholder_format.type: sh.text_frame.text for sh in first.placeholders}
    title = kinds.get(PP_PLACEHOLDER.CENTER_TITLE, kinds.get(PP_PLACEHOLDER.TITLE))
    assert title == p.title
    assert p.subtitle.split()[0] in kinds[PP_PLACEHOLDER.SUBTITLE]
    for sh in first.placeholders:
        assert int(sh.text_frame.auto_size or 0) == 0
        heading = sh.placeholder_format.type in (PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.TITLE)
        for para in sh.text_frame.paragraphs:
            for r in para.runs:  # the template's theme fonts: headings in its major font, the rest in its minor
                assert r.font.name == ("+mj-lt" if heading else "+mn-lt") and r.font.size.pt >= 20
    assert "Nur Titel" in {s.slide_layout.name for s in prs.slides}
    text = " ".join(_slide_text(s) for s in prs.slides)
    assert "Beispielfolie" not in text


# ----------------------------------------------------------------------------- placeholders, numbers, outline

def test_every_slide_has_a_real_title_and_all_but_the_first_a_slide_number(deck):
    from pptx.enum.shapes import PP_PLACEHOLDER

    _, data, prs = deck
    for k, s in enumerate(prs.slides, start=1):
        assert s.shapes.title is not None and s.shapes.title.text_frame.text.strip(), k
        numbers = [sh for sh in s.placeholders if sh.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER]
        if k == 1:
            assert not numbers
        else:
            assert len(numbers) == 1 and numbers[0].text_frame.text == str(k), k
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        slide2 = z.read("ppt/slides/slide2.xml").decode()
    assert re.search(r'<a:fld id="\{[0-9A-F-]+\}" type="slidenum">', slide2)


def test_the_outline_holds_every_step(default):
    """PowerPoint's outline view shows titles and body placeholders: the cues or steps are in a body placeholder."""
    from builder.model.markdown import plain_inline
    from pptx.enum.shapes import PP_PLACEHOLDER

    p, _, prs = default
    outline = " ".join(" ".join(sh.text_frame.text.split()) for s in prs.slides for sh in s.placeholders
                       if sh.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT))
    for m in p.movements:  # the cues when a movement has them (the room reads those), else every step
        for line in m.cues or [s.text for s in m.all_steps]:
            assert " ".join(plain_inline(line).split()) in outline


def test_movement_pictures_sit_in_the_layouts_picture_placeholder(default):
    p, _, prs = default
    for s in prs.slides:
        if s.slide_layout.name == "Picture with Caption":
            pics = [sh for sh in s.placeholders if sh._element.tag.endswith("}pic")]
            assert len(pics) == 1, _title(s)
            assert pics[0]._element.nvPicPr.cNvPr.get("descr") in {i.alt for m in p.movements for i in m.images}


# ----------------------------------------------------------------------------- schema-valid decks

@pytest.fixture(scope="module")
def validator():
    audit = pytest.importorskip("openxml_audit", reason="openxml-audit validates decks against the OOXML schema")
    return audit.OpenXmlValidator(max_errors=20)


def _assert_valid(validator, data: bytes, tmp_path: Path, name: str) -> None:
    f = tmp_path / f"{name}.pptx"
    f.write_bytes(data)
    result = validator.validate(str(f))
    assert result.is_valid, [(e.description, getattr(e, "part_uri", ""), getattr(e, "path", "")) for e in list(result.errors)[:10]]


@pytest.mark.parametrize("name", DECKS)
def test_decks_are_schema_valid(validator, request, tmp_path, name):
    _, data, _ = request.getfixturevalue(name)
    _assert_valid(validator, data, tmp_path, name)


def test_template_decks_are_schema_valid(validator, tmp_path):
    for background, dark in (("F1E9DA", False), ("101418", True)):
        root = tmp_path / ("dark" if dark else "light")
        program = copy_default_workspace(root)
        make_german_template(root / "templates" / "studio.pptx", background=background, dark=dark)
        use_template(program)
        _, data = render_deck(program, root / "cache")
        _assert_valid(validator, data, tmp_path, root.name)


def test_a_dark_template_brings_its_own_text_colour(tmp_path):
    """On a template the deck leaves text to the template's theme (light on a dark background); only labels
    (list numbers, headings inside the text) take a colour: the template's accent, readable on its background."""
    root = tmp_path / "ws"
    program = copy_default_workspace(root)
    make_german_template(root / "templates" / "studio.pptx", background="101418", dark=True)
    use_template(program)
    _, data = render_deck(program, root / "cache")
    coloured = set()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                xml = z.read(name).decode()
                for rpr, text in re.findall(r"<a:rPr[^>]*>(.*?)</a:rPr>(?:<a:t>([^<]*)</a:t>)?", xml):
                    found = re.search(r'<a:solidFill><a:srgbClr val="([0-9A-F]{6})"/>', rpr)
                    if found:
                        coloured.add(found.group(1))
        theme = z.read("ppt/theme/theme1.xml").decode()
    assert '<a:dk1><a:srgbClr val="FFFFFF"/>' in theme.replace("\n", "")  # the test template's own light text
    assert coloured == {"4F81BD"}, coloured  # its accent1, which reads on #101418 (4.6:1)


# ----------------------------------------------------------------------------- languages

def test_right_to_left_paragraphs_are_marked_and_kept_in_logical_order(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "images").mkdir()
    arabic = "ضع يدك العليا على خصرك"
    hebrew = "הרם את הראש לאט"
    f = tmp_path / "content" / "p.yaml"
    f.write_text(f"title: Mixed\nlanguage: en\nmovements:\n  - id: a\n    name: A\n    steps: ['{arabic}', '{hebrew}', 'Lift it.']\n",
                 encoding="utf-8")
    program = Loader(Workspace(tmp_path)).load(f)
    data = TARGET.render(TARGET.plan(program), {}).files["deck.pptx"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    for text, lang in ((arabic, "ar"), (hebrew, "he")):
        para = re.search(r"<a:p><a:pPr([^>]*)>(?:(?!</a:p>).)*" + re.escape(text), xml)
        assert para and 'rtl="1"' in para.group(1) and 'algn="r"' in para.group(1), text
        assert re.search(rf'<a:rPr lang="{lang}"[^>]*>(?:(?!</a:r>).)*<a:cs typeface="Arial"/>(?:(?!</a:r>).)*{re.escape(text)}', xml)
    left = re.search(r"<a:p><a:pPr([^>]*)>(?:(?!</a:p>).)*Lift it\.", xml)
    assert 'rtl="1"' not in left.group(1)
    # a step's number: a tab to the hanging indent, and right to left a no-break space before it,
    # so a reader that does not honour the tab stop there still keeps the number apart
    numbers = re.findall(r"<a:t>(\d+\.[^<]*)</a:t>(?:(?!</a:p>).)*?(" + "|".join(map(re.escape, (arabic, hebrew, "Lift it."))) + ")", xml)
    assert {text: number for number, text in numbers} == {arabic: "1.\u00a0\t", hebrew: "2.\u00a0\t", "Lift it.": "3.\t"}


def test_right_to_left_lines_of_the_speaker_notes_are_marked(tmp_path, validator):
    """In the notes pane too, a Hebrew or Arabic line reads right to left ("1. ..." included);
    an English line stays left to right."""
    (tmp_path / "content").mkdir()
    (tmp_path / "images").mkdir()
    hebrew = "הרם את הראש לאט"
    f = tmp_path / "content" / "p.yaml"
    f.write_text("title: Mixed\nlanguage: en\nmovements:\n" + "".join(
        f"  - id: {k}\n    name: {k.upper()}\n    steps: ['{hebrew}', 'Lift it.']\n" for k in ("a", "b")), encoding="utf-8")
    program = Loader(Workspace(tmp_path)).load(f)
    data = TARGET.render(TARGET.plan(program), {}).files["deck.pptx"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]
        found = 0
        for n in names:
            xml = z.read(n).decode()
            for ppr, text in re.findall(r"<a:p>(<a:pPr[^>]*/>)?<a:r><a:t>([^<]*)</a:t>", xml):
                if hebrew in text:
                    found += 1
                    assert text.startswith("1. ") and 'rtl="1"' in ppr and 'algn="r"' in ppr, (n, text)
                elif "Lift it." in text:
                    assert 'rtl="1"' not in ppr
    assert found == 2  # both movements' notes (the first notes slide and one copied from it)
    _assert_valid(validator, data, tmp_path, "rtl-notes")


def test_a_kept_slide_that_no_longer_fits_its_pictures_is_made_again_and_kept_anew(tmp_path, monkeypatch):
    """A kept slide whose pictures' bytes are not the ones it names is not used: the slide is
    made again, and what is kept is replaced, so the next build writes it from the cache again."""
    from builder.build.reuse import UnitStore
    from builder.layout import reuse
    from builder.render.pptx import xml as pptx_xml

    program = copy_default_workspace(tmp_path / "ws")
    plan = TARGETS["deck"].plan(load(program))
    images = ImageStage(tmp_path / "cache", workers=1).prepare(plan.image_requests())
    units = tmp_path / "units"

    def render(counted: dict | None = None, spoil: bool = False) -> bytes:
        store = UnitStore(units)
        if spoil:  # kept as though its pictures had other bytes
            record = pptx_xml.slide_record
            monkeypatch.setattr(pptx_xml, "slide_record", lambda *a: (lambda r: r and (r[0], tuple(
                (rid, t, kind, "0" * 40 if kind == "image" else ref) for rid, t, kind, ref in r[1]), r[2]))(record(*a)))
        replay = pptx_xml.replay_slide
        if counted is not None:
            monkeypatch.setattr(pptx_xml, "replay_slide", lambda *a: counted.__setitem__(
                "kept", counted["kept"] + (done := replay(*a))) or done)
        with reuse.keeping(store):
            data = TARGETS["deck"].render(plan, images).files["deck.pptx"]
        monkeypatch.undo()
        store.save()
        return data

    fresh = render(spoil=True)
    second, third = {"kept": 0}, {"kept": 0}
    assert render(second) == fresh
    assert render(third) == fresh
    pictured = sum(1 for sp in plan.slides if any(type(s).__name__ in ("Picture", "QRCode") for s in sp.shapes))
    assert pictured > 2
    assert third["kept"] - second["kept"] >= pictured - 1, (second, third)  # (the first slide with notes is always made)


@pytest.mark.parametrize("extra", [2, 5])
def test_every_picture_of_a_movement_is_in_the_deck_with_its_caption(tmp_path, extra):
    """Beyond the two pictures its step slides show, a movement's pictures follow on slides of
    their own, all of them in order, side by side (evened out), each with its caption under
    it; the titles' counter counts those slides too."""
    prog = copy_default_workspace(tmp_path / "ws")
    mv = prog.parent / "movements" / "side-bend.yaml"
    more = "".join(f"  - file: washrag.png\n    caption: Picture {k} of the side bend\n" for k in range(2, 2 + extra))
    text = mv.read_text(encoding="utf-8").replace("\nparts:\n", "\n" + more + "parts:\n", 1)
    mv.write_text(text, encoding="utf-8")
    p, data = render_deck(prog, tmp_path / "cache")
    m = next(m for m in p.movements if m.id == "side-bend")
    assert len(m.images) == 1 + extra
    prs = Presentation(io.BytesIO(data))
    titles = [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in prs.slides]
    mine = [k for k, t in enumerate(titles) if t.startswith("Side Bend")]
    n = len(mine)
    assert [titles[k] for k in mine] == [f"Side Bend ({i}/{n})" for i in range(1, n + 1)]
    captions = []
    shown = []
    for k in mine:
        slide = prs.slides[k]
        pics = [s for s in slide.shapes if s.shape_type == 13]
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Picture ")]
        captions += texts
        if texts:
            shown.append(len(pics))
            for s in slide.shapes:  # nothing off the slide
                assert 0 <= s.left and s.left + s.width <= prs.slide_width and 0 <= s.top and s.top + s.height <= prs.slide_height
    assert captions == [f"Picture {k} of the side bend" for k in range(2, 2 + extra)]
    assert sum(shown) == 1 + extra  # the first picture (it has no caption) is there too: every picture, once
    assert max(shown) - min(shown) <= 1


def test_relationship_items_are_written_as_python_pptx_writes_them():
    """The .rels items are written as text: the same bytes as python-pptx's own, whatever the
    links hold (characters XML must escape, other scripts, a no-break space)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from builder.render.pptx.deck import package_bytes
    from builder.render.pptx.xml import rels_xml

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    for url in ("https://example.com/a?b=1&c=<2>\"'é", "https://例え.jp/パス",
                "mailto:a@b.example?subject=Hi there&body=x>y", "https://a.example/%20x#part"):
        slide.part.relate_to(url, RT.HYPERLINK, is_external=True)
    other = prs.slides.add_slide(prs.slide_layouts[6])  # a no-break space: python-pptx writes this one
    other.part.relate_to("https://a.example/\u00a0x", RT.HYPERLINK, is_external=True)
    package = prs.part.package
    every = [package._rels] + [p._rels for p in package.iter_parts() if p._rels]
    assert len(every) > 5
    relative: dict = {}
    for rels in every:
        assert rels_xml(rels, relative) == rels.xml
    with zipfile.ZipFile(io.BytesIO(package_bytes(prs))) as z:
        assert z.read("ppt/slides/_rels/slide1.xml.rels") == slide.part._rels.xml
