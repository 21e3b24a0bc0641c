"""Class handouts: real builds of the default content, the stress workspace and routines of
4 to 30 movements, checked as a reader would (every cue or step there, sizes, bounds, pages,
fonts, QR codes, pictures), and the planner's choices for routines of any length."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

import factory
import handout_factory as hf
from builder import theme
from builder.build.targets import TARGETS
from builder.compose.facts import dose, level_word, short_url, stop_first
from builder.compose.labels import ENGLISH_LABELS as L
from builder.layout.handout import Entry, Options, pieces, plan_sheets, program_sheets
from builder.layout.handout.style import LARGE_BODY_PT, MARGIN_X_MM, MIN_PT
from builder.layout.page import Picture, TextRun
from builder.model.markdown import plain_inline
from builder.source.loader import Loader, Workspace

pdfplumber = pytest.importorskip("pdfplumber")


def load(path: Path):
    loader = Loader(Workspace(path.parent.parent))
    program = loader.load(path)
    assert program is not None, loader.report.errors
    return program


def build(program, tmp: Path):
    from builder.images.stage import ImageStage

    plan = TARGETS["handout"].plan(program)
    result = TARGETS["handout"].render(plan, ImageStage(tmp / "cache").prepare(plan.image_requests()))
    out = tmp / "handout.pdf"
    out.write_bytes(result.files["handout.pdf"])
    return plan, out, result


def squash(s: str) -> str:
    """Text without any whitespace (lines break at spaces, so this compares across line ends)."""
    return "".join(s.split())


def page_texts(pdf: Path, flow: bool = False) -> list[str]:
    """Each page's text, top to bottom, or with ``flow`` in the order it is drawn (a card at a time)."""
    return list(_page_texts(str(pdf), pdf.stat().st_mtime_ns, flow))


@functools.lru_cache(maxsize=64)
def _page_texts(pdf: str, mtime: int, flow: bool) -> tuple[str, ...]:
    with pdfplumber.open(pdf) as doc:
        return tuple(p.extract_text(use_text_flow=flow) or "" for p in doc.pages)


# --------------------------------------------------------------------------- workspaces


def _built(tmp_path_factory, name, path_of):
    tmp = tmp_path_factory.mktemp(name)
    program = load(path_of(tmp / "ws"))
    plan, pdf, result = build(program, tmp)
    return program, plan, pdf


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    return _built(tmp_path_factory, "default", factory.copy_default_workspace)


@pytest.fixture(scope="module")
def stress(tmp_path_factory):
    return _built(tmp_path_factory, "stress", factory.make_stress_workspace)


@pytest.fixture(scope="module")
def r4(tmp_path_factory):
    return _built(tmp_path_factory, "r4", lambda p: hf.workspace(p, 4, cues=True))


@pytest.fixture(scope="module")
def r12(tmp_path_factory):
    return _built(tmp_path_factory, "r12", lambda p: hf.workspace(p, 12, cues=False, steps=4, page_size="letter"))


@pytest.fixture(scope="module")
def r24(tmp_path_factory):
    return _built(tmp_path_factory, "r24", lambda p: hf.workspace(p, 24, cues=True, page_size="letter"))


@pytest.fixture(scope="module")
def r30(tmp_path_factory):
    return _built(tmp_path_factory, "r30", lambda p: hf.workspace(p, 30, cues=True, website=True))


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return _built(tmp_path_factory, "large", lambda p: hf.workspace(p, 6, cues=True, large_print=True))


ALL = ["default", "stress", "r4", "r12", "r24", "r30", "large"]


# --------------------------------------------------------------------------- what a reader finds


def body_text(plan, pdf: Path, first: int, n: int, sheet) -> str:
    """The text of a routine's pages between their header and footer rules in the order it is drawn
    (a card at a time), squashed, with the
    "Name, continued" headings of movements broken over a page taken out (so a paragraph broken
    over a page reads on)."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for k in range(first, first + n):
            page, planned = doc.pages[k], plan.document.pages[k]
            rules = sorted(it.y1 for it in planned.items if type(it).__name__ == "Rule")
            top, bottom = page.height - rules[-1], page.height - (rules[0] if len(rules) > 1 else 0)
            out.append(squash(page.crop((0, top, page.width, bottom)).extract_text(use_text_flow=True) or ""))
    text = "".join(out)
    for i, e in enumerate(sheet.entries):
        for name in (plain_inline(e.movement.name), L("movement_number", number=sheet.first_number + i)):
            text = text.replace(squash(L("handout_continued", name=name)), "")
    return text


@pytest.mark.parametrize("which", ALL)
def test_every_movement_cues_or_steps_dose_and_summary_are_on_its_routines_pages(request, which):
    program, plan, pdf = request.getfixturevalue(which)
    sheets = program_sheets(program)
    assert [key for key, _, _ in plan.parts] == [s.key for s in sheets]
    for sheet, (key, first, n) in zip(sheets, plan.parts):
        text = body_text(plan, pdf, first, n, sheet)
        for e in sheet.entries:
            m = e.movement
            for line in (m.cues or [s.text for s in m.all_steps]):
                assert squash(plain_inline(line)) in text, (key, m.id, line[:60])
            for f in dose(m, L):
                assert squash(plain_inline(f.value)) in text, (key, m.id, f.value)
            if m.summary:
                assert squash(plain_inline(m.summary)) in text, (key, m.id)


@pytest.mark.parametrize("which", ALL)
def test_no_text_under_the_floor_and_everything_inside_the_page(request, which):
    _, plan, pdf = request.getfixturevalue(which)
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == len(plan.document.pages)
        for page in doc.pages:
            assert page.chars
            for ch in page.chars:
                assert ch["size"] >= MIN_PT - 0.01, (ch["text"], ch["size"])
                assert 0 <= ch["x0"] and ch["x1"] <= page.width + 0.01, ch["text"]
                assert 0 <= ch["top"] and ch["bottom"] <= page.height + 0.01, ch["text"]
            for im in page.images:
                assert 0 <= im["x0"] and im["x1"] <= page.width + 0.01
                assert 0 <= im["top"] and im["bottom"] <= page.height + 0.01


def test_the_dose_is_bold(default):
    _, _, pdf = default
    with pdfplumber.open(pdf) as doc:
        words = [w for p in doc.pages for w in p.extract_words(extra_attrs=["fontname"])]
    dose_words = [w for w in words if w["text"] == "slowly"]
    assert dose_words and any("Bold" in w["fontname"] for w in dose_words)


def test_large_print_sets_the_movements_at_16_pt(large):
    program, plan, pdf = large
    assert program.booklet.large_print
    with pdfplumber.open(pdf) as doc:
        sizes = [round(ch["size"], 1) for p in doc.pages for ch in p.chars]
    assert max(set(sizes), key=sizes.count) >= LARGE_BODY_PT
    assert min(sizes) >= 12.0 - 0.01


def test_stop_cautions_come_before_the_movements_and_the_others_after(default):
    program, plan, pdf = default
    texts = [squash(t) for t in page_texts(pdf, flow=True)]  # in the order drawn: columns one after the other
    stop, others = stop_first(program.cautions)
    assert stop and others
    first = texts[0]
    name = squash(program.sequences[0].movements[0].name)
    for c in stop:
        assert first.index(squash(c.text)) < first.index(name)
    last = texts[plan.parts[0][1] + plan.parts[0][2] - 1]
    last_movement = program.sequences[0].movements[-1]
    final = squash(last_movement.cues[-1] if last_movement.cues else last_movement.steps[-1].text)  # as printed
    for level, cs in others:
        for c in cs:
            assert last.index(final) < last.index(squash(c.text))
            assert squash(level_word(level, L)) in last


def test_a_short_routine_uses_its_one_page(r4):
    """Four movements use the page: the text at 11 pt or more, pictures large enough to read
    (45 mm, see test_handout_design), the body well down the page."""
    program, plan, pdf = r4
    (page,) = plan.document.pages
    runs = [it for it in page.items if isinstance(it, TextRun)]
    assert max(r.size for r in runs) >= 20  # the title
    assert sorted(r.size for r in runs)[len(runs) // 2] >= 11.0
    pictures = [it for it in page.items if isinstance(it, Picture)]
    assert len(pictures) == 4
    footer_rule = min(it.y1 for it in page.items if type(it).__name__ == "Rule")
    lowest = min(r.y for r in runs if r.y > footer_rule)
    assert lowest - footer_rule < page.height * 0.2, "the body stops well above the footer"


def test_a_routine_name_too_long_for_the_running_header_is_cut_there_not_replaced(r24, tmp_path):
    """A routine name longer than the running header's two lines is cut at a word with an
    ellipsis there ("The complete eight-movement…, continued"), so the client still knows which
    sheet it is; never a "Routine 1" the first page does not show."""
    from dataclasses import replace as dc_replace

    program = r24[0]
    long = "The complete eight-movement morning programme for stiff hips and a guarded back, in full"
    program = dc_replace(program, sequences=(dc_replace(program.sequences[0], name=long),) + program.sequences[1:])
    _, pdf, _ = build(program, tmp_path)
    texts = page_texts(pdf, flow=True)
    assert len(texts) >= 2
    for t in texts[1:]:
        assert squash("The complete eight") in squash(t) and squash(L("routine_number", number=1)) not in squash(t), t[:200]


@pytest.mark.parametrize("which", ["r12", "r24", "r30"])
def test_a_long_routine_continues_with_a_running_header_and_the_numbers_running_on(request, which):
    program, plan, pdf = request.getfixturevalue(which)
    seq = program.sequences[0]
    texts = page_texts(pdf, flow=True)
    assert len(texts) >= 2
    cont = squash(L("handout_continued", name=seq.name))
    assert cont not in squash(texts[0])
    for t in texts[1:]:
        assert cont in squash(t)
    # every movement once, in order, numbered 1..n across the pages
    joined = squash(" ".join(texts))
    pos = [joined.index(squash(m.name)) for m in seq.movements]
    assert pos == sorted(pos)
    badges = [int(it.text) for pg in plan.document.pages for it in pg.items
              if isinstance(it, TextRun) and it.text.isdigit() and it.colour == theme.PAPER]
    assert badges == list(range(1, len(seq.movements) + 1))


def test_thirty_movements_build_and_keep_their_text_readable(r30):
    program, plan, pdf = r30
    assert len(program.sequences[0].movements) == 30
    assert 2 <= len(plan.document.pages) <= 6
    body = [it.size for pg in plan.document.pages for it in pg.items if isinstance(it, TextRun)]
    assert sorted(body)[len(body) // 2] >= 11.0  # a routine of several pages keeps its text at 11 pt or more


def test_letter_and_a4(stress, default):
    with pdfplumber.open(stress[2]) as doc:
        assert {(round(p.width), round(p.height)) for p in doc.pages} == {(612, 792)}
    with pdfplumber.open(default[2]) as doc:
        assert {(round(p.width), round(p.height)) for p in doc.pages} == {(595, 842)}


def test_the_stress_text_arrives_exactly(stress):
    _, _, pdf = stress
    text = squash(" ".join(page_texts(pdf, flow=True)))  # in the order drawn: columns side by side not interleaved
    for lit in ("Daily routine & <morning> {one}", factory.TRICKY, factory.GREEK, factory.CYRILLIC,
                "Once a day — 100% optional", "example.org/programmes/hip", "Upper part <with> & {braces}"):
        assert squash(lit) in text, lit
    assert "**" not in text


# --------------------------------------------------------------------------- the PDF as a file


@pytest.mark.parametrize("which", ["stress", "r12"])
def test_pictures_placed_between_150_and_400_ppi_undistorted(request, which):
    _, _, pdf = request.getfixturevalue(which)
    with pdfplumber.open(pdf) as doc:
        images = [im for p in doc.pages for im in p.images]
    assert images
    for im in images:
        w_px, h_px = im["srcsize"]
        assert 149.5 <= w_px / (im["width"] / 72) <= 400.5
        assert abs(w_px / h_px - im["width"] / im["height"]) < 0.03


def test_a_picture_with_too_few_pixels_is_placed_smaller_and_said(tmp_path):
    path = hf.workspace(tmp_path / "ws", 2, cues=True)
    factory._photo(120, 80).save(tmp_path / "ws" / "images" / "photo.jpg")
    plan, pdf, result = build(load(path), tmp_path)
    assert [n.key for n in result.notes] == ["low_resolution"]
    with pdfplumber.open(pdf) as doc:
        for im in doc.pages[0].images:
            assert im["srcsize"][0] / (im["width"] / 72) >= 149.5


def test_check_and_build_say_where_a_picture_with_too_few_pixels_is_named(tmp_path, capsys):
    """The note about a picture placed smaller starts at the line that names the picture, and
    `check` (which renders nothing) says what `build` says."""
    from builder.cli import main

    path = hf.workspace(tmp_path / "ws", 2, cues=True)
    factory._photo(120, 80).save(tmp_path / "ws" / "images" / "photo.jpg")
    said = {}
    for command in ("check", "build"):
        assert main(["-C", str(tmp_path / "ws"), command]) == 0
        out = capsys.readouterr().out
        said[command] = sorted(line for line in out.splitlines() if "too few pixels" in line)
    assert said["check"] and said["check"] == said["build"]
    assert all(re.match(r"\S+\.yaml:\d+:\d+: (booklet|deck|handout): the picture photo\.jpg ", line) for line in said["check"]), said
    # every output that places it smaller says so, the booklet too
    assert {re.search(r": (\w+): the picture", line).group(1) for line in said["check"]} == {"booklet", "deck", "handout"}, said


def test_outline_metadata_and_fonts(stress):
    from pypdf import PdfReader

    program, plan, pdf = stress
    reader = PdfReader(pdf)
    assert [o.title for o in reader.outline] == [p.label for p in plan.document.pages]
    assert len(reader.outline) == len(reader.pages)
    assert program.title in reader.metadata.title
    assert reader.metadata.author.startswith("Dr. Maria")
    assert reader.trailer["/Root"].get("/Lang") == "el"
    if shutil.which("pdffonts"):
        rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows and all(r.split()[-5] == "yes" for r in rows)


@pytest.mark.parametrize("which", ["stress", "r30"])
def test_qpdf_finds_nothing_wrong(request, which):
    if not shutil.which("qpdf"):
        pytest.skip("qpdf is not installed")
    _, _, pdf = request.getfixturevalue(which)
    r = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "No syntax or stream encoding errors" in r.stdout


def _qr_texts(pdf: Path, tmp: Path) -> list[str]:
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip("pdftoppm or zbarimg is not installed")
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp / "p")], check=True)
    return [subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout.strip()
            for png in sorted(tmp.glob("p*.png"))]


def test_every_page_has_a_readable_qr_code(stress, r4, tmp_path):
    program, plan, pdf = stress
    (tmp_path / "a").mkdir()
    assert _qr_texts(pdf, tmp_path / "a") == [program.contact.website] * len(plan.document.pages)
    (tmp_path / "b").mkdir()
    assert _qr_texts(r4[2], tmp_path / "b") == ["https://example.org/videos/m1"]  # no website: the first video


def test_qr_code_at_least_22_mm(stress):
    from builder.layout.page import QRCode

    codes = [it for pg in stress[1].document.pages for it in pg.items if isinstance(it, QRCode)]
    assert codes and all(c.size >= theme.pt(theme.QR_MIN_MM) for c in codes)


def test_identical_inputs_give_identical_bytes(stress, tmp_path):
    program, _, pdf = stress
    assert build(program, tmp_path)[1].read_bytes() == pdf.read_bytes()


# --------------------------------------------------------------------------- other programs


def test_a_program_without_sequences_gets_every_movement_in_teaching_order(tmp_path):
    path = hf.workspace(tmp_path / "ws", 40, cues=True)
    path.write_text(re.sub(r"sequences:.*?(?=booklet:)", "", path.read_text(), flags=re.S))
    program = load(path)
    assert program.sequences == ()
    plan, pdf, _ = build(program, tmp_path)
    texts = page_texts(pdf, flow=True)
    assert len(texts) >= 2 and L("all_movements") in " ".join(texts[0].split())
    joined = squash(" ".join(texts))
    pos = [joined.index(squash(m.name) + squash(m.summary)) for m in program.movements]
    assert pos == sorted(pos)


def test_a_program_with_no_movements_still_gets_a_page(tmp_path):
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "p.yaml"
    path.write_text("title: Empty\ncontact: {email: a@example.org}\ncautions: [Take care.]\n"
                    "movements: [{id: a, name: A, steps: [One.]}]\n")
    plan, pdf, _ = build(replace(load(path), movements=()), tmp_path)  # the format needs one; the planner does not
    text = " ".join(page_texts(pdf))
    assert "Empty" in text and "Take care." in text and "a@example.org" in text


def test_markdown_is_rendered_and_pictureless_movements_are_a_numbered_list(tmp_path):
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "p.yaml"
    path.write_text(
        "title: Tiny\nmovements:\n"
        "  - {id: a, name: 'Only **one** thing', steps: ['Do it *slowly*.'], repeat: '**3** times'}\n"
        "  - {id: b, name: Another, steps: [Rest.], video: 'https://example.org/v/b'}\n"
    )
    plan, pdf, _ = build(load(path), tmp_path)
    with pdfplumber.open(pdf) as doc:
        text = doc.pages[0].extract_text()
        assert not doc.pages[0].images
    assert "Only one thing" in text and "**" not in text and "3 times" in text and "*" not in text


def test_the_logo_is_on_every_page(tmp_path):
    path = hf.workspace(tmp_path / "ws", 20, cues=True)
    factory._photo(600, 200).save(tmp_path / "ws" / "images" / "logo.png")
    path.write_text("logo: logo.png\n" + path.read_text())
    plan, pdf, _ = build(load(path), tmp_path)
    logo = tmp_path / "ws" / "images" / "logo.png"
    pages = plan.document.pages
    assert len(pages) >= 2
    for page in pages:
        assert sum(1 for it in page.items if isinstance(it, Picture) and it.request.source == logo) == 1


def test_a_client_sheet_shows_its_note_its_own_dose_and_a_personal_line(default, tmp_path):
    """The planner takes a client's selection as it is: movements with their own dose, a line
    for one of them, a note and a worded byline (the client features build on this)."""
    program, _, _ = default
    sheet = program_sheets(program)[0]
    a, b = program.movements[0], program.movements[2]
    sheet = replace(sheet, entries=(Entry(replace(a, repeat="3 times, very slowly")),
                                    Entry(b, note="Lower part only for now.")),
                    note="Start gently and call me if your hip aches at night.", byline="Prepared for Maria López")
    plan = plan_sheets([sheet], Options.of(program, large_print=True))
    text = squash(" ".join(it.text for pg in plan.document.pages for it in pg.items if isinstance(it, TextRun)))
    for lit in ("3 times, very slowly", "Lower part only for now.", "Start gently and call me", "Prepared for Maria López"):
        assert squash(lit) in text
    sizes = [it.size for pg in plan.document.pages for it in pg.items if isinstance(it, TextRun)]
    assert min(sizes) >= 12.0 - 0.01 and max(set(sizes), key=sizes.count) >= LARGE_BODY_PT


def test_a_long_website_prints_beside_its_qr_code(tmp_path):
    path = hf.workspace(tmp_path / "ws", 4, cues=True)
    url = "https://example.org/" + "a" * 470
    path.write_text(path.read_text().replace("  email: hello@example.org", f"  email: hello@example.org\n  website: {url}"))
    plan, pdf, _ = build(load(path), tmp_path)
    assert squash(short_url(url)) in squash(" ".join(page_texts(pdf)))


def test_a_right_to_left_program_is_mirrored(tmp_path):
    """Hebrew: pictures and numbers on the right, the text set from the right, a caution led by an
    English label still reading right to left."""
    hf.write_images(tmp_path / "images")
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "p.yaml"
    path.write_text(
        "title: תנועה עדינה לגב\nlanguage: he\ncontact: {email: dana@example.org}\n"
        "cautions: [{text: עצרו מיד אם יש כאב חד., level: stop}]\n"
        "movements:\n"
        "  - {id: a, name: קשת והשטחה, image: photo.jpg, steps: [שכבו על הגב], cues: [שכבו על הגב, נשפו לאט]}\n"
        "  - {id: b, name: תמדד الظهر, image: wide.png, steps: [استلقِ على ظهرك., عد إلى الوضع الأول.]}\n"
        "sequences: [{id: s, name: שגרה יומית, movements: [a, b]}]\n", encoding="utf-8")
    program = load(path)
    plan, pdf, _ = build(program, tmp_path)
    page = plan.document.pages[0]
    pictures = [it for it in page.items if isinstance(it, Picture)]
    right = page.width - theme.pt(MARGIN_X_MM)
    assert pictures and all(abs(p.x + p.w - right) < 1.0 for p in pictures)  # flush with the right margin
    runs = [it for it in page.items if isinstance(it, TextRun) and "ורצע" in it.text]  # drawn in visual order
    assert runs and max(r.x + r.width for r in runs) > page.width * 0.8  # the stop caution reads from the right
    text = squash(" ".join(page_texts(pdf)))
    assert squash("שכבו על הגב") in text or squash("בגה לע ובכש") in text


def test_routines_planned_side_by_side_join_into_the_same_handout(tmp_path, monkeypatch):
    """A build plans each routine's sheet on its own (in workers) and joins them: the pages,
    their anchors numbered through the document and the outline pointing at each routine's
    first page, the same as planning the handout whole."""
    from builder.build import workers

    monkeypatch.setenv("MOVEBOOK_WORKERS", "2")
    program = load(hf.workspace(tmp_path / "ws", 12, cues=False, steps=6, sequences=3))
    whole = plan_sheets(program_sheets(program), Options.of(program))
    assert TARGETS["handout"].pieces(program) == pieces(program) == 3
    assert TARGETS["handout"].pieces(replace(program, sequences=())) == pieces(replace(program, sequences=())) == 1
    ((joined, problems),) = workers.plan_all([(program, "handout")])
    assert problems == [] and joined == whole
    pages = whole.document.pages
    assert [p.anchors for p in pages] == [(f"h{k}",) for k in range(len(pages))]
    assert len(pages) > 3  # some routine continues on a second page
    firsts = [f"h{first}" for _, first, _ in whole.parts]
    assert [e.anchor for e in whole.document.outline if e.anchor in firsts] == firsts
    assert {e.anchor for e in whole.document.outline} <= {a for p in pages for a in p.anchors}


def test_a_card_takes_the_booklet_s_picture_of_its_photo_when_that_is_at_most_half_again_as_large():
    """A PDF places a picture by its box, so a card's picture need not be made for it alone: it
    shares the booklet's variant of the same photo when that is no more than 1.5 times its own
    size (one resize fewer per photo, and it prints sharper); a larger one it does not take."""
    from builder.build.pipeline import _picture_sharing
    from builder.images.request import _target_size
    from builder.layout.handout.style import PICTURE_OVERSAMPLE

    program = load(factory.REPO / "content" / "reverse-hip-pain.yaml")
    todo = [(program, name, "") for name in ("booklet", "handout")]
    requests = {(program.name, name): TARGETS[name].plan(program).image_requests() for _, name, _ in todo}
    sizes = {i.path: (i.width_px, i.height_px) for i in program.images}
    booklet_map, handout_map = _picture_sharing(todo, requests, sizes, None)
    cards = list(handout_map)
    assert cards and all(r.oversample == PICTURE_OVERSAMPLE for r in cards)
    shared = 0
    for r in cards:
        got = handout_map[r]
        want = _target_size(*sizes[r.source], r.max_w_px, r.max_h_px)
        have = _target_size(*sizes[r.source], got.max_w_px, got.max_h_px)
        if got != r:
            shared += 1
            assert got in booklet_map and got.oversample == 1.0
            assert want[0] <= have[0] <= want[0] * PICTURE_OVERSAMPLE
        else:  # what the booklet has of this photo is too large (or too small) to share
            assert not any(s == r.source and want[0] <= _target_size(*sizes[s], w, h)[0] <= want[0] * PICTURE_OVERSAMPLE
                           for s, w, h in ((b.source, b.max_w_px, b.max_h_px) for b in booklet_map))
    assert shared >= 1
