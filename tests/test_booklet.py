"""The home-practice booklet: its plan, and real builds of the default content and of stress
workspaces, checked as a reader and a printer would (every word, fonts, bookmarks, sizes,
bounds, photo resolution, the QR code, the print version)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from builder.build.targets import TARGETS

import factory
from factory import edit
from builder.compose.facts import short_url
from builder.compose.labels import ENGLISH_LABELS
from builder import fonts, theme
from builder.layout import booklet as booklet_plan
from builder.render.pdf import booklet
from builder.images.stage import ImageStage
from builder.source.loader import Loader, Workspace
from builder.model.markdown import plain, plain_inline
from builder.model import BookletOptions, Image, Movement, Program, Sequence

pdfplumber = pytest.importorskip("pdfplumber")
pypdf = pytest.importorskip("pypdf")

MM = theme.PT_PER_MM


# --------------------------------------------------------------------------- helpers


def load(program_file: Path):
    return Loader(Workspace(program_file.parent.parent)).load(program_file)


def render(program, cache: Path):
    plan = TARGETS["booklet"].plan(program)
    return TARGETS["booklet"].render(plan, ImageStage(cache).prepare(plan.image_requests()))


def norm(s: str) -> str:
    return " ".join(s.split())


class Built:
    """One rendered booklet with lazily extracted facts."""

    def __init__(self, program, result):
        self.program = program
        self.result = result
        self.pdf = result.files["booklet.pdf"]
        self.print_pdf = result.files["booklet-print.pdf"]
        self._plumber = None
        self._text = None

    @property
    def plumber(self):
        if self._plumber is None:
            self._plumber = pdfplumber.open(io.BytesIO(self.pdf))
        return self._plumber

    @property
    def text(self) -> str:
        """All text inside the frames (running footers left out), whitespace normalised."""
        if self._text is None:
            g = booklet_plan.geometry(self.program)
            parts = []
            for page in self.plumber.pages:
                body = page.crop((0, 0, page.width, page.height - g.margin_bottom + 4))
                parts.append(body.extract_text() or "")
            self._text = norm(" ".join(parts))
        return self._text

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.result.files.items():
            (folder / name).write_bytes(data)
        return folder / "booklet.pdf"


def build(tmp_path_factory, name: str, make, *edits) -> Built:
    root = tmp_path_factory.mktemp(name)
    program_file = make(root / "ws")
    if edits:
        edit(program_file, *edits)
    program = load(program_file)
    return Built(program, render(program, root / "cache"))


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    return build(tmp_path_factory, "default", factory.copy_default_workspace)


@pytest.fixture(scope="module")
def stress(tmp_path_factory):
    return build(tmp_path_factory, "stress", factory.make_stress_workspace)


LONG_INTRO = "A long paragraph, written slowly & carefully {ok} 100%. " * 75  # > 4000 characters


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """Large print on half-letter, a portrait photo beside its steps, a 4000-character intro."""
    return build(
        tmp_path_factory, "large", factory.make_stress_workspace,
        ("page_size: A5", "page_size: half-letter\n  large_print: true"),
        ("image: sub/big.jpg", "image: rotated.jpg"),
        ("      Paragraph one with", f"      {LONG_INTRO}\n\n      Paragraph one with"),
    )


@pytest.fixture(scope="module")
def letter(tmp_path_factory):
    """Letter pages, no practice log, a 40-step movement."""
    return build(
        tmp_path_factory, "letter", lambda root: factory.make_stress_workspace(root, steps=40),
        ("page_size: A5", "page_size: letter"),
        ("practice_log_days: 21", "practice_log_days: 0"),
    )


@pytest.fixture(scope="module")
def a4(tmp_path_factory):
    return build(tmp_path_factory, "a4", factory.make_stress_workspace, ("page_size: A5", "page_size: A4"))


ALL = ["default", "stress", "large", "letter", "a4"]


@pytest.fixture(params=ALL)
def any_build(request):
    return request.getfixturevalue(request.param)


def program_texts(p: Program) -> list[str]:
    """Every reader-facing string the booklet must carry, as plain text."""
    out = [p.title]
    for s in (p.subtitle, p.author, p.organisation, p.edition):
        if s:
            out.append(s)
    out += list(p.contact.lines())
    for block in plain(p.disclaimer).split("\n"):
        out.append(block.lstrip("- "))
    for c in p.cautions:
        out.append(c.text)
        if c.title:
            out.append(c.title)
    for sec in p.intro:
        out.append(sec.heading)
        out += [b.lstrip("- ") for b in plain(sec.text).split("\n") if b.strip()]
    for m in p.movements:
        out += [m.name] + [s.text for s in m.all_steps] + [c.text for c in m.cautions]
        out += [st.name for st in m.stages if st.name] + [st.repeat for st in m.stages if st.repeat]
        for s in (m.summary, m.position, m.why, m.afterwards, m.repeat):
            if s:
                out += [b.lstrip("- ") for b in plain(s).split("\n") if b.strip()]
        out += [i.caption for i in m.images if i.caption]
    for s in p.sequences:
        out += [s.name] + [x for x in (s.how_often, s.opening, s.closing) if x]
    return [norm(plain_inline(x)) for x in out if x and x.strip()]


# --------------------------------------------------------------------------- plan (no PDF)


def _program(**booklet_kw) -> Program:
    return Program(name="p", source=Path("/x/content/p.yaml"), workspace=Path("/x"), title="T",
                   booklet=BookletOptions(**booklet_kw))


@pytest.mark.parametrize("size", ["A5", "A4", "letter", "half-letter"])
def test_geometry_follows_page_size_and_large_print(size):
    g = booklet_plan.geometry(_program(page_size=size))
    w, h = theme.PAGE_SIZES_MM[size]
    assert (round(g.page_w / MM, 1), round(g.page_h / MM, 1)) == (w, h)
    assert 11 <= g.body_pt <= 12 and g.frame_w > 0 and g.frame_h > 0
    big = booklet_plan.geometry(_program(page_size=size, large_print=True))
    assert big.body_pt >= 16


def _steps_and_pictures(bplan, unit):
    """(page numbers with the movement's steps, page number of its first picture)."""
    steps, first_pic = {}, None
    for n in bplan.units()[unit]:
        for tag in bplan.pages[n - 1].blocks:
            if tag[:1] == ("picture",):
                first_pic = first_pic or n
                for st in (tag[2] if len(tag) > 2 else ()):
                    steps.setdefault(st, []).append(n)
            if tag[:1] == ("step",):
                steps.setdefault(tag, []).append(n)
    return steps, first_pic


def opening(n: int) -> int:
    """The opening a page lies in: pages 2k and 2k+1 face each other."""
    return n // 2


def check_openings(bplan, program):
    """Every movement that fits on two pages starts on a left-hand page and has its first picture
    and all its steps on one opening; no step is split across pages."""
    units = bplan.units()
    checked = 0
    for m in program.movements:
        pages = units[f"movement:{m.id}"]
        steps, pic = _steps_and_pictures(bplan, f"movement:{m.id}")
        assert all(len(on) == 1 for on in steps.values()), (m.id, {k: v for k, v in steps.items() if len(v) > 1})
        assert len(steps) == len(m.all_steps), m.id
        if len(pages) <= 2:
            if len(pages) == 2:
                assert pages[0] % 2 == 0, (m.id, pages)
            want = {opening(n) for on in steps.values() for n in on} | ({opening(pic)} if pic else set())
            assert len(want) <= 1, (m.id, pages, pic, steps)
            checked += 1
    return checked


def test_plan_pages_are_decided_by_the_planner(stress):
    bplan = booklet_plan.plan(stress.program)
    assert len(bplan.pages) % 4 == 0
    units = bplan.units()
    assert units["cover"] == (1,) and units["back"] == (len(bplan.pages),)
    for m in stress.program.movements:
        assert f"movement:{m.id}" in units
    # furniture is apart from the body: page numbers only on numbered pages
    assert not bplan.pages[0].furniture and not bplan.pages[-1].furniture
    assert all(p.furniture for p in bplan.pages[2:-1])


def test_plan_log_and_padding():
    L = ENGLISH_LABELS
    assert booklet_plan.log_plan(_program(practice_log_days=0), booklet_plan.geometry(_program()), L) is None
    lp = booklet_plan.log_plan(_program(practice_log_days=21), booklet_plan.geometry(_program()), L)
    assert lp.days == 21 and lp.columns == ("Practised",)


def test_image_requests_are_300_ppi_boxes_for_every_placement(stress):
    from builder.layout.page import Picture as PicItem

    plan = TARGETS["booklet"].plan(stress.program)
    reqs = plan.image_requests()
    assert len(reqs) == len(set(reqs))
    used = {i.path for i in stress.program.images}
    assert {r.source for r in reqs} == used  # cover, intro, movement photos (thumbnails reuse them)
    for page in plan.pages:
        for it in page.body:
            if isinstance(it, PicItem):
                assert it.request in reqs
                assert it.request.max_w_px == pytest.approx(it.w / 72 * 300, abs=1)


# --------------------------------------------------------------------------- real builds


@pytest.mark.parametrize("name", ALL)
def test_every_word_of_the_teacher_is_printed(request, name):
    b = request.getfixturevalue(name)
    joined = re.sub(r"(?<=\w)- (?=\w)", "-", b.text)  # a line broken after a hyphen reads as one word
    missing = [t for t in program_texts(b.program) if t not in b.text and t not in joined]
    assert not missing, missing[:5]


def test_markup_like_and_non_latin_text_is_literal(stress):
    for s in (factory.TRICKY, factory.GREEK, factory.CYRILLIC, factory.ACCENTS, "<b>this</b>", "{braces}", "&amp;"):
        assert norm(s) in stress.text


def test_summary_and_print_instructions(default):
    n = len(pypdf.PdfReader(io.BytesIO(default.pdf)).pages)
    assert default.result.summary == f"booklet.pdf {n} pages, booklet-print.pdf {n // 4} sheets"
    from builder.build.messages import say

    assert any("flip on the short edge" in say(note) for note in default.result.notes)


def test_page_size_and_a_page_count_for_folding(any_build):
    reader = pypdf.PdfReader(io.BytesIO(any_build.pdf))
    want = theme.page_size_pt(any_build.program.booklet.page_size)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(want, abs=0.5)
    assert len(reader.pages) % 4 == 0


def test_print_version_sheets(any_build):
    n = len(pypdf.PdfReader(io.BytesIO(any_build.pdf)).pages)
    reader = pypdf.PdfReader(io.BytesIO(any_build.print_pdf))
    assert len(reader.pages) == -(-n // 4) * 2
    sheet = theme.page_size_pt(theme.PRINT_SHEET[any_build.program.booklet.page_size], landscape=True)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(sheet, abs=0.5)


def test_print_version_puts_the_covers_on_the_outside(default):
    with pdfplumber.open(io.BytesIO(default.print_pdf)) as pdf:
        outside = pdf.pages[0]
        mid = outside.width / 2
        left = norm(outside.crop((0, 0, mid, outside.height)).extract_text())
        right = norm(outside.crop((mid, 0, outside.width, outside.height)).extract_text())
    assert "hello@example.org" in left  # back cover
    assert default.program.title in right  # front cover


def test_metadata(any_build):
    reader = pypdf.PdfReader(io.BytesIO(any_build.pdf))
    meta = reader.metadata
    p = any_build.program
    assert meta.title == plain_inline(p.title)
    assert meta.author == p.author
    assert meta.subject
    assert reader.trailer["/Root"]["/Lang"] == p.language


def test_bookmarks_for_every_part(any_build):
    reader = pypdf.PdfReader(io.BytesIO(any_build.pdf))

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    found = list(titles(reader.outline))
    p = any_build.program
    want = ["Contents", "Movements", "Notes"] + [plain_inline(s.heading) for s in p.intro]
    want += [plain_inline(m.name) for m in p.movements] + [plain_inline(s.name) for s in p.sequences]
    want += ["Before you begin"] if p.cautions else []
    want += ["Practice log"] if p.booklet.practice_log_days else []
    assert not [w for w in want if w not in found]


def test_contents_page_has_real_page_numbers(default):
    pages = default.plumber.pages
    contents = pages[2].extract_text()
    assert "Contents" in contents
    # each movement's line ends with the page that carries its title
    for m in default.program.movements:
        number = int(re.search(re.escape(m.name) + r"\s*\.*\s*(\d+)\n", contents).group(1))
        lines = pages[number - 1].extract_text().split("\n")
        assert any(line.startswith(m.name) for line in lines), (m.name, number)


def test_routine_refers_to_the_movement_pages(default):
    reader = pypdf.PdfReader(io.BytesIO(default.pdf))
    texts = [p.extract_text() for p in reader.pages]
    routine = next(t for t in texts if "ROUTINE" in t and "Daily hip release" in t)
    number = int(re.search(r"Washrag.*?page (\d+)", routine, re.S).group(1))
    assert "MOVEMENT 4" in texts[number - 1]


def test_no_log_page_when_days_is_zero(letter, stress):
    assert "Practice log" not in letter.text
    assert "Practice log" in stress.text and " 21 " in stress.text


def test_nothing_outside_the_page_and_nothing_tiny(any_build):
    for page in any_build.plumber.pages:
        w, h = page.width, page.height
        for c in page.chars:
            assert -0.5 <= c["x0"] and c["x1"] <= w + 0.5 and -0.5 <= c["top"] and c["bottom"] <= h + 0.5, c["text"]
            assert c["size"] >= theme.MIN_PRINT_PT - 0.01, (c["text"], c["size"])
        for im in page.images:
            assert -0.5 <= im["x0"] and im["x1"] <= w + 0.5 and -0.5 <= im["top"] and im["bottom"] <= h + 0.5


def test_photos_are_placed_at_150_to_400_ppi_and_undistorted(any_build):
    seen = 0
    for page in any_build.plumber.pages:
        for im in page.images:
            sw, sh = im["srcsize"]
            ppi_w = sw / (im["width"] / 72)
            ppi_h = sh / (im["height"] / 72)
            assert 150 <= ppi_w <= 400, ppi_w
            assert ppi_w == pytest.approx(ppi_h, rel=0.03)  # aspect kept
            seen += 1
    assert seen >= len(any_build.program.images)


def test_body_text_size(default, large):
    def body_size(b):
        sizes = Counter(round(c["size"], 1) for p in b.plumber.pages for c in p.chars)
        return sizes.most_common(1)[0][0]

    assert 11 <= body_size(default) <= 12
    assert body_size(large) >= 16


def test_large_print_movements_start_on_new_pages(large):
    starts = 0
    for page in large.plumber.pages:
        words = sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"]))
        labels = [i for i, w in enumerate(words) if w["text"] == "MOVEMENT"]
        for i in labels:
            assert i == 0, "a movement starts below other text"
            starts += 1
    assert starts == len(large.program.movements)


def test_a_movement_title_is_never_alone_at_a_page_bottom(any_build):
    g = booklet_plan.geometry(any_build.program)
    for page in any_build.plumber.pages:
        words = page.extract_words()
        for i, w in enumerate(words):
            if w["text"] == "MOVEMENT" and i + 1 < len(words) and words[i + 1]["text"].isdigit():
                # at least a third of the frame is left below the label
                assert page.height - w["bottom"] - g.margin_bottom > g.frame_h / 3


def test_output_is_reproducible(default, tmp_path):
    again = render(default.program, tmp_path / "cache")
    assert again.files["booklet.pdf"] == default.pdf
    assert again.files["booklet-print.pdf"] == default.print_pdf


def test_a_routine_of_many_movements_continues_on_the_next_page(tmp_path):
    program_file = factory.make_stress_workspace(tmp_path / "ws")
    ids = "[" + ", ".join(["parts-one", "webp-one", "sub-one", "long-one"] * 8) + "]"
    edit(program_file, ("movements: [parts-one]", f"movements: {ids}"))
    b = Built(load(program_file), render(load(program_file), tmp_path / "cache"))
    assert b.text.count("Arch & Curl {v2} 100%") >= 9


# --------------------------------------------------------------------------- external tools


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed (CI installs poppler-utils, qpdf and zbar-tools)")
    return path


def test_fonts_are_embedded_and_subset(any_build, tmp_path):
    pdffonts = _tool("pdffonts")
    for name in ("booklet.pdf", "booklet-print.pdf"):
        path = any_build.write(tmp_path) .parent / name
        out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
        assert rows
        for row in rows:
            # subsets of the bundled family, or of a fallback font for characters it lacks
            allowed = ("NotoSans",) + tuple(name for name, _ in fonts.fallback_files())
            assert "+" in row[0] and row[0].split("+", 1)[1].startswith(allowed), row
            emb, sub = row[-5], row[-4]
            assert (emb, sub) == ("yes", "yes"), row


def test_qpdf_check_is_clean(any_build, tmp_path):
    qpdf = _tool("qpdf")
    folder = any_build.write(tmp_path).parent
    for name in ("booklet.pdf", "booklet-print.pdf"):
        res = subprocess.run([qpdf, "--check", str(folder / name)], capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr
        assert "No syntax or stream encoding errors" in res.stdout


@pytest.mark.parametrize("name", ["default", "stress"])
def test_qr_code_decodes_to_the_video_link(request, name, tmp_path):
    pdftoppm, zbarimg = _tool("pdftoppm"), _tool("zbarimg")
    b = request.getfixturevalue(name)
    movement = next(m for m in b.program.movements if m.video)
    short = short_url(movement.video)
    reader = pypdf.PdfReader(io.BytesIO(b.pdf))
    number = next(i for i, p in enumerate(reader.pages, 1) if short in norm(p.extract_text()))
    path = b.write(tmp_path)
    subprocess.run([pdftoppm, "-r", "300", "-f", str(number), "-l", str(number), "-png", "-singlefile", str(path),
                    str(tmp_path / "qr")], check=True)
    res = subprocess.run([zbarimg, "--raw", "-q", str(tmp_path / "qr.png")], capture_output=True, text=True)
    assert movement.video in res.stdout.split("\n")
    # and the printed code is at least theme.QR_MIN_MM wide
    with pdfplumber.open(io.BytesIO(b.pdf)) as pdf:
        rects = pdf.pages[number - 1].rects
    white = [r for r in rects if r["width"] == pytest.approx(r["height"]) and r["width"] >= theme.pt(theme.QR_MIN_MM) - 0.1]
    assert white


def _line_art(mode: str, colours: int = 256):
    from PIL import Image as PILImage, ImageDraw

    im = PILImage.new("RGB", (120, 80), "white")
    d = ImageDraw.Draw(im)
    d.ellipse((10, 10, 70, 70), fill=(40, 110, 100))
    d.line((0, 79, 119, 0), fill=(200, 30, 30), width=3)
    d.rectangle((80, 20, 110, 60), fill=(230, 240, 240))
    return im.quantize(colours) if mode == "P" else im.convert(mode)


@pytest.mark.parametrize("kind", ["palette-256", "palette-16", "palette-2", "rgb", "grey"])
def test_an_opaque_png_goes_into_the_pdf_as_it_is_and_prints_the_same(tmp_path, kind):
    """A prepared PNG (line art: a palette, of 8, 4 or 1 bits a pixel as Pillow writes it) is
    embedded with its own compressed rows, not decoded and compressed again; poppler prints
    it exactly as it prints reportlab's conversion."""
    from PIL import Image as PILImage, ImageChops
    from reportlab.pdfgen import canvas as rl_canvas

    from builder.render.pdf import kit

    pdftoppm = _tool("pdftoppm")
    mode, colours = {"palette-256": ("P", 256), "palette-16": ("P", 16), "palette-2": ("P", 2),
                     "rgb": ("RGB", 0), "grey": ("L", 0)}[kind]
    path = tmp_path / "art.png"
    _line_art(mode, colours).save(path)
    assert kit._png_parts(str(path)) is not None

    def printed(as_it_is: bool) -> PILImage.Image:
        buf = io.BytesIO()
        c = rl_canvas.Canvas(buf, pagesize=(120, 80), invariant=1)
        if as_it_is:
            with kit.images_made_once():
                c.drawImage(kit.LocationFree(str(path)), 0, 0, 120, 80)
                c.showPage()
                c.save()
        else:
            c.drawImage(str(path), 0, 0, 120, 80)
            c.showPage()
            c.save()
        pdf = tmp_path / f"{as_it_is}.pdf"
        pdf.write_bytes(buf.getvalue())
        if as_it_is:
            assert b"/Predictor 15" in buf.getvalue()
        subprocess.run([pdftoppm, "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / f"{as_it_is}")], check=True)
        return PILImage.open(tmp_path / f"{as_it_is}.png").convert("RGB")

    assert ImageChops.difference(printed(True), printed(False)).getbbox() is None


def test_a_png_with_transparency_is_left_to_reportlab(tmp_path):
    from builder.render.pdf import kit

    rgba = _line_art("RGB").convert("RGBA")
    rgba.save(tmp_path / "rgba.png")
    keyed = _line_art("P", 16)
    keyed.info["transparency"] = 0
    keyed.save(tmp_path / "keyed.png", transparency=0)
    assert kit._png_parts(str(tmp_path / "rgba.png")) is None
    assert kit._png_parts(str(tmp_path / "keyed.png")) is None
    (tmp_path / "cut.png").write_bytes((tmp_path / "rgba.png").read_bytes()[:40])
    assert kit._png_parts(str(tmp_path / "cut.png")) is None


# --------------------------------------------------------------------------- visual QA


def test_a_practice_log_that_nearly_fits_stays_on_one_page(stress):
    """21 days on A5: the rows close up a little rather than spill a few onto a page of their own."""
    pages = [p for p in stress.plumber.pages if "How did it feel?" in (p.extract_text() or "")]
    text = norm(pages[0].extract_text())
    assert all(f" {d} " in f" {text} " for d in range(1, 22))
    # a padding page may carry the log on, from the day after the last
    for page in pages[1:]:
        assert " 22 " in f" {norm(page.extract_text())} " and " 1 " not in f" {norm(page.extract_text())} "


def test_routine_facts_never_leave_a_dangling_separator(any_build):
    """"How often ... · Time about N min" either fits one line or puts one fact on each line."""
    for page in any_build.plumber.pages:
        for line in (page.extract_text() or "").split("\n"):
            line = norm(line)
            assert not line.endswith("·"), line
            assert not line.startswith("·"), line
            assert line not in ("min", "about"), line


def test_captions_of_a_picture_row_start_on_one_line(stress):
    """A portrait and a landscape photo side by side: the pictures stand on one line, so their
    captions do too (not one caption under each picture's own bottom)."""
    page = next(p for p in stress.plumber.pages if "Palette <png>" in (p.extract_text() or ""))
    italic = [w for w in page.extract_words(extra_attrs=["fontname"]) if "Italic" in w["fontname"]]
    tops = {w["text"]: w["top"] for w in italic if w["text"] in ("Starting", "Palette")}
    assert set(tops) == {"Starting", "Palette"}
    assert tops["Starting"] == pytest.approx(tops["Palette"], abs=0.5)


# --------------------------------------------------------------------------- many routines, long contact text


def _with_sequences(n: int, **booklet_kw) -> Program:
    m = Movement(id="a", name="A", steps=())
    seqs = tuple(Sequence(id=f"s{i}", name=f"Routine number {i + 1}", movements=(m,)) for i in range(n))
    p = _program(**booklet_kw)
    return Program(**{**p.__dict__, "movements": (m,), "sequences": seqs})


@pytest.mark.parametrize("name", ["سلسلتك", "Hüftlockerung", "Morgenroutine", "朝のヒップリリース体操",
                                  "ท่าบริหารสะโพกตอนเช้า"])
def test_a_log_column_named_by_its_routine_never_breaks_a_word(name):
    """A routine's name over its log column is set whole-word (an Arabic word broken in two
    loses its joined letters): a column as wide as its longest word (in Japanese or Thai, which
    have no spaces, the text's own break points), else numbered columns with the names in a
    key above the table. A few routines on an A4 page keep their names over their columns."""
    from builder.layout import text as tx

    m = Movement(id="a", name="A", steps=())
    named = 0
    for n, size, large in [(2, "A4", False), (3, "A4", False), (2, "A5", False), (3, "A5", True), (4, "A5", True)]:
        seqs = tuple(Sequence(id=f"s{i}", name=name, movements=(m,)) for i in range(n))
        base = _program(page_size=size, large_print=large, practice_log_days=14)
        p = Program(**{**base.__dict__, "movements": (m,), "sequences": seqs})
        g = booklet_plan.geometry(p)
        lp = booklet_plan.log_plan(p, g, ENGLISH_LABELS)
        if not lp.keyed:
            named += 1
            cuts = [0, *tx.break_opportunities(name), len(name)]
            widest = max(tx.wrap([tx.Span(name[a:b].strip(), bold=True)], g.small_pt, 1e6)[0].width
                         for a, b in zip(cuts, cuts[1:]) if name[a:b].strip())
            assert lp.tick_col_w >= widest, (n, size, large, lp.tick_col_w, widest)
    assert named >= 1, "no case kept the names over the columns"


@pytest.mark.parametrize("size", ["A5", "A4", "letter", "half-letter"])
@pytest.mark.parametrize("large", [False, True])
def test_log_plan_keeps_every_column_legible_for_1_to_40_routines(size, large):
    for n in range(1, 41):
        p = _with_sequences(n, page_size=size, large_print=large, practice_log_days=14)
        g = booklet_plan.geometry(p)
        lp = booklet_plan.log_plan(p, g, ENGLISH_LABELS)
        tables = lp.tables
        assert sorted(i for t in tables for i in t) == list(range(n))  # a box per routine, every day
        assert max(len(t) for t in tables) - min(len(t) for t in tables) <= 1
        for t in tables:
            feel = g.frame_w - booklet_plan.log_fixed_w(g) - lp.tick_col_w * len(t)
            assert feel >= g.frame_w * booklet_plan.LOG_FEEL_FRAC - 0.01, (n, size, large)
        box = min(lp.tick_col_w * 0.55, lp.row_h * 0.5, theme.pt(4.2) * g.scale)
        assert box >= theme.pt(4.0), (n, size, large)
        assert lp.keyed or n == 1 or lp.tick_col_w >= theme.pt(booklet_plan.LOG_TICK_NAMED_MM)


def test_a_log_key_with_a_long_routine_name_gives_each_name_its_own_line(tmp_path):
    """Numbered log columns: a name too long for a column head starts its own line in the key,
    so the next number never sits in the middle of a line."""
    from builder.images.stage import ImageStage as Stage

    m = Movement(id="a", name="A", steps=())
    names = ["The complete eight-movement morning programme for stiff hips and a guarded back", "Quick three"]
    seqs = tuple(Sequence(id=f"s{i}", name=n, movements=(m,)) for i, n in enumerate(names))
    p = _program(practice_log_days=14)
    p = Program(**{**p.__dict__, "movements": (m,), "sequences": seqs})
    plan = TARGETS["booklet"].plan(p)
    pdf, _ = booklet.render_pdf(plan, Stage(tmp_path).prepare(plan.image_requests()))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        lines = [ln for pg in doc.pages for ln in (pg.extract_text() or "").splitlines()]
    assert any(ln.startswith("1 The complete") for ln in lines)
    assert any(ln.startswith("2 Quick three") for ln in lines), [ln for ln in lines if "Quick" in ln]


def test_a_log_over_several_tables_has_rows_of_one_height(tmp_path):
    """Each later table of a log with many routines takes the room of its own page: its rows are
    as tall as the first table's, not squeezed as if the tables before it were on its page."""
    from builder.images.stage import ImageStage as Stage

    m = Movement(id="a", name="A", steps=())
    seqs = tuple(Sequence(id=f"s{i}", name=f"Routine number {i + 1} for the evening with a longer name", movements=(m,))
                 for i in range(15))
    p = _program(practice_log_days=7)
    p = Program(**{**p.__dict__, "movements": (m,), "sequences": seqs})
    plan = TARGETS["booklet"].plan(p)
    pdf, _ = booklet.render_pdf(plan, Stage(tmp_path).prepare(plan.image_requests()))
    pitches = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            if "How did it feel?" not in (page.extract_text() or ""):
                continue
            days = {w["text"]: w["top"] for w in page.extract_words() if w["x0"] < 60 and w["text"] in ("1", "2")}
            pitches.append(days["2"] - days["1"])
    assert len(pitches) >= 3 and max(pitches) - min(pitches) < 1.0, pitches


def test_log_with_sixteen_routines_in_large_print_splits_into_tables(tmp_path):
    p = _with_sequences(16, page_size="A5", large_print=True, practice_log_days=14)
    from builder.images.stage import ImageStage as Stage

    plan = TARGETS["booklet"].plan(p)
    pdf, n = booklet.render_pdf(plan, Stage(tmp_path).prepare(plan.image_requests()))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [norm(pg.extract_text() or "") for pg in doc.pages]
        sizes = {round(c["size"], 1) for pg in doc.pages for c in pg.chars}
    log = [t for t in pages if "How did it feel?" in t]
    assert 2 <= len(log) <= 10
    assert all("How did it feel?" in t for t in pages if " of 6)" in t), "a table's heading left on a page of its own"
    joined = " ".join(log)
    for i in range(1, 17):
        assert f"Routine number {i}" in joined
    assert "Routines 13–16" in joined or "Routines 15–16" in joined or "Routine 16" in joined
    assert min(sizes) >= theme.MIN_PRINT_PT


@pytest.mark.parametrize("field,value", [
    ("address", "\n".join(f"Line {i} of a long address, Some Street" for i in range(40))),
    ("address", "Wordy " * 600),
    ("website", "https://example.org/" + "a" * 480),
])
def test_huge_contact_text_flows_instead_of_crashing(tmp_path, field, value):
    from builder.images.stage import ImageStage as Stage
    from builder.model import Contact

    p = _program(page_size="A5", large_print=True)
    p = Program(**{**p.__dict__, "contact": Contact(**{field: value}), "author": "Wordy " * 500,
                   "organisation": "x" * 3000})
    plan = TARGETS["booklet"].plan(p)
    pdf, n = booklet.render_pdf(plan, Stage(tmp_path).prepare(plan.image_requests()))
    assert n % 4 == 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = norm(" ".join(pg.extract_text() or "" for pg in doc.pages))
        sizes = {round(c["size"], 1) for pg in doc.pages for c in pg.chars}
    assert norm(value).split()[-1][-20:] in text.replace(" ", "") or norm(value)[-20:] in text
    assert min(sizes) >= theme.MIN_PRINT_PT


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_padding_to_four_pages_uses_pages_that_help(tmp_path, count):
    """The booklet is a multiple of four pages with the back cover last; the pages added to get
    there are more practice log and notes, never more than two notes pages in a row."""
    from builder.model import Step

    moves = tuple(Movement(id=f"m{i}", name=f"Movement {i}", steps=(Step(text="Step " * 150),) * (i + 1))
                  for i in range(count))
    p = _program(large_print=True)
    p = Program(**{**p.__dict__, "movements": moves, "author": "Back Cover Author"})
    bplan = booklet_plan.plan(p)
    pdf, n = booklet.render_pdf(bplan, {})
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert n == len(reader.pages) and n % 4 == 0
    texts = [page.extract_text() or "" for page in reader.pages]
    assert "Back Cover Author" in texts[-1]
    units = [pg.unit for pg in bplan.pages]
    run = 0
    for u in units[units.index("notes"):-1]:
        run = run + 1 if u == "notes" else 0
        assert run <= 2, units


@pytest.mark.parametrize("shapes", [[(1600, 1000), (1600, 1000)], [(700, 1200)]], ids=["grid", "beside"])
def test_a_caption_longer_than_a_page_flows_on(tmp_path, shapes):
    """Pictures side by side (a table row) or beside the steps cannot split: a huge caption must not crash."""
    from builder.model import Step

    images = []
    for i, (w, h) in enumerate(shapes):
        path = tmp_path / f"p{i}.jpg"
        factory._photo(w, h, seed=i).save(path)
        images.append(Image(path=path, name=path.name, alt="a", caption=f"Caption {i} " + "word " * 2500 + "END",
                            width_px=w, height_px=h))
    p = _program()
    p = Program(**{**p.__dict__, "movements": (Movement(id="a", name="A", images=tuple(images),
                                                         steps=(Step(text="Lie down."),)),)})
    result = render(p, tmp_path / "cache")
    text = norm(" ".join(page.extract_text() or "" for page in pdfplumber.open(io.BytesIO(result.files["booklet.pdf"])).pages))
    assert text.count("END") == len(shapes) and "Lie down." in text


def test_every_page_starts_at_the_top_of_its_frame(any_build):
    """No space between blocks is kept at the top of a page: each page's first thing sits at the top margin."""
    g = booklet_plan.geometry(any_build.program)
    for n, page in enumerate(any_build.plumber.pages[1:-1], start=2):
        # footers and the cover band lie outside the frame; only what is inside counts
        tops = [o["top"] for o in page.chars + page.images + page.rects
                if g.margin_top - 1 <= o["top"] <= page.height - g.margin_bottom]
        if tops:
            assert min(tops) <= g.margin_top + 16, f"page {n} starts {min(tops) - g.margin_top:.0f} pt below the top margin"


# --------------------------------------------------------------------------- one movement, one opening; type that reads


@pytest.mark.parametrize("name", ALL)
def test_a_movement_that_fits_an_opening_has_its_picture_and_steps_on_it(request, name):
    b = request.getfixturevalue(name)
    assert check_openings(booklet_plan.plan(b.program), b.program) >= 1


def test_the_printed_steps_lie_on_the_pages_the_plan_says(default):
    """The plan's opening check, seen in the PDF: each step's words are on its movement's opening."""
    bplan = booklet_plan.plan(default.program)
    texts = [norm(p.extract_text() or "") for p in default.plumber.pages]
    fits = 0
    for m in default.program.movements:
        pages = bplan.units()[f"movement:{m.id}"]
        if len(pages) > 2:
            continue
        fits += 1
        for step in m.all_steps:
            words = norm(plain_inline(step.text))[:40]
            found = [n for n in pages if words in texts[n - 1]]
            assert len(found) == 1 and opening(found[0]) == opening(pages[0]), (m.name, words, pages)
    assert fits >= 2


def test_hardly_anything_a_client_reads_is_under_9_5_pt(any_build):
    chars = [c for p in any_build.plumber.pages for c in p.chars if c["text"].strip()]
    small = [c for c in chars if c["size"] < theme.BOOKLET_READ_MIN_PT - 0.01]
    assert len(small) < 0.02 * len(chars), Counter(round(c["size"], 1) for c in small)


def test_cautions_and_dose_are_at_least_body_size(default):
    body = default.program.booklet and booklet_plan.geometry(default.program).body_pt
    for page in default.plumber.pages:
        words = page.extract_words(extra_attrs=["size"])
        for i, w in enumerate(words):
            if w["text"] in ("CAUTION", "STOP", "REPEAT", "SIDES"):
                assert w["size"] >= body - 0.01, w


def test_a_program_caution_a_movement_repeats_is_named_not_repeated(default):
    p = default.program
    shared = [c for c in p.cautions if c.title]
    texts = [norm(pg.extract_text() or "") for pg in default.plumber.pages]
    bplan = booklet_plan.plan(p)
    before = bplan.anchor_pages["before"]
    for m in p.movements:
        pages = bplan.units()[f"movement:{m.id}"]
        words = " ".join(texts[n - 1] for n in pages)
        for c in m.cautions:
            if c in shared:
                assert norm(plain_inline(c.text)) not in words
                assert plain_inline(c.title) in words and f"page {before}" in words
            else:
                assert norm(plain_inline(c.text))[:40] in words


def test_cover_without_a_picture_names_what_is_inside(tmp_path):
    p = _program()
    p = Program(**{**p.__dict__, "movements": (Movement(id="a", name="Alpha move"), Movement(id="b", name="Beta move"))})
    bplan = booklet_plan.plan(p)
    cover = " ".join(it.text for it in bplan.pages[0].body if hasattr(it, "text"))
    assert "Alpha move" in cover and "Beta move" in cover and "IN THIS BOOKLET" in cover


# --------------------------------------------------------------------------- the print version


def _cm_shifts(pdf: bytes) -> list[list[float]]:
    """The x translation of each page placed on each sheet side of an imposed PDF."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        data = page.get_contents().get_data().decode()
        out.append([float(x) for x in re.findall(r"1 0 0 1 (-?[\d.]+) -?[\d.]+ cm", data)])
    return out


def test_creep_moves_inner_sheets_toward_the_fold(tmp_path):
    """A saddle stitch of more than 8 sheets: sheet k's pages sit k x paper thickness nearer the fold,
    measured on the imposed sheets."""
    from builder.model import Step

    moves = tuple(Movement(id=f"m{i}", name=f"Movement {i}", steps=(Step(text="Step " * 300),) * 3) for i in range(9))
    p = _program(paper_thickness_mm=0.2, binding="saddle")
    p = Program(**{**p.__dict__, "movements": moves})
    bplan = booklet_plan.plan(p)
    pr = bplan.printing
    assert pr.binding == "saddle" and pr.sheets > 8
    pdf, n = booklet.render_pdf(bplan, {})
    shifts = _cm_shifts(booklet.render_print(bplan, pdf))
    page_w = bplan.geometry.page_w
    sheet_w = theme.page_size_pt("A4", landscape=True)[0]
    x0 = (sheet_w - 2 * page_w) / 2
    step = theme.pt(0.2)
    for side, xs in enumerate(shifts):
        k = side // 2
        assert xs[0] == pytest.approx(x0 + k * step, abs=0.01)
        assert xs[-1] == pytest.approx(x0 + page_w - k * step, abs=0.01)
    assert any("print_creep" == note.key for note in booklet.render(bplan, {}).notes)


def test_a_long_booklet_is_split_into_signatures_with_a_warning():
    from builder.layout.booklet.printing import print_plan

    pr = print_plan(_program(), 164)
    assert pr.binding == "signatures" and sum(pr.signatures) == 164
    assert all(s % 4 == 0 and s // 4 <= 10 for s in pr.signatures)
    keys = [k for k, _ in pr.notes]
    assert "print_too_many_sheets" in keys and "print_signatures" in keys
    assert print_plan(_program(binding="perfect"), 164).binding == "perfect"
    assert print_plan(_program(binding="saddle"), 164).binding == "saddle"


@pytest.mark.parametrize("size,paper,smaller", [("A4", "A3", "A5"), ("letter", "tabloid", "half-letter")])
def test_paper_larger_than_home_printers_is_told(size, paper, smaller):
    from builder.build.messages import say
    from builder.build.targets import Note
    from builder.layout.booklet.printing import print_plan

    pr = print_plan(_program(page_size=size), 24)
    big = [Note(k, v) for k, v in pr.notes if k == "print_big_paper"]
    assert big and paper in say(big[0]) and f"page_size: {smaller}" in say(big[0])
    assert not [k for k, _ in print_plan(_program(page_size="A5"), 24).notes if k == "print_big_paper"]


def test_an_edition_plans_a_variant_of_the_booklet(default):
    """The planner's entry point takes an edition (a client's booklet is one): the movements it
    keeps, its own print size; a routine that needs a left-out movement is left out too."""
    p = default.program
    keep = (p.movements[0].id, p.movements[2].id)
    bplan = booklet_plan.plan(p, booklet_plan.Edition(movements=keep, large_print=True))
    units = bplan.units()
    assert [u for u in units if u.startswith("movement:")] == [f"movement:{i}" for i in keep]
    assert not [u for u in units if u.startswith("routine:")]
    assert bplan.geometry.body_pt >= 16 and len(bplan.pages) % 4 == 0
