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
    for sh in slide.shapes:
        if sh.name == "title" or (sh.is_placeholder and sh.has_text_frame):
            return sh.text_frame.text
    return ""


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
    p, _, prs = deck
    pool = [p.cover_image] + [s.image for s in p.intro] + [i for m in p.movements for i in m.images]
    alts = {i.alt for i in pool if i is not None}
    names = {i.path.name for i in p.images}
    n = 0
    for s in prs.slides:
        for sh in s.shapes:
            if sh.shape_type == 13:  # PICTURE
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


def test_video_short_link_shown(stress):
    _, _, prs = stress
    text = " ".join(_slide_text(s) for s in prs.slides)
    assert "example.org/videos/long-one?x=1&y=2" in text
    assert "https://example.org/videos" not in text


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
    assert "Title Only" in layouts
    for s in prs.slides:
        for sh in s.shapes:
            assert sh.left + sh.width <= prs.slide_width and sh.top + sh.height <= prs.slide_height
            if sh.is_placeholder:
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


def make_german_template(path: Path, background: str = "F1E9DA") -> Path:
    """A 16:9 template as a German PowerPoint saves it: translated layout names, a coloured master background."""
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
        for para in sh.text_frame.paragraphs:
            for r in para.runs:
                assert r.font.name == "Arial" and r.font.size.pt >= 20
    assert "Nur Titel" in {s.slide_layout.name for s in prs.slides}
    text = " ".join(_slide_text(s) for s in prs.slides)
    assert "Beispielfolie" not in text
