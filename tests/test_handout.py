"""Class handouts: real builds of the stress workspace, the default content and long sequences,
checked as a reader would (pages, sizes, names, fonts, bounds, QR codes)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from builder.build.targets import TARGETS
from builder.compose.facts import about, level_word, short_url, whole_minutes
from builder.compose.labels import ENGLISH_LABELS

import factory
from builder import theme
from builder.render.pdf import handout
from builder.errors import ContentError
from builder.model.markdown import plain_inline
from builder.source.loader import Loader, Workspace

pdfplumber = pytest.importorskip("pdfplumber")

SUMMARIES = [
    "Teaches your belly muscles to release, so the front of your trunk stops holding your hips tight.",
    "Helps the muscles of your lower back let go, easing their pull on your hips.",
    "Teaches your waist muscles to relax and lengthen, so both sides of your waist bend equally.",
    "A gentle whole-body twist that softens your back, waist, belly and hips and rounds off the series.",
]
NAMES = ["Arch and Flatten", "Arch and Curl", "Side Bend", "Washrag", "Hip Hike", "Knee Drop", "Pelvic Clock",
         "Back Lift"]


SHORT_SUMMARIES = ["Releases the belly.", "Eases the lower back.", "Frees the waist.", "A gentle twist."]


def many_program(n: int, images: dict[str, str], page_size: str = "letter", sequences: int = 1,
                 short: bool = False) -> str:
    """A program whose sequences each hold ``n`` movements with realistic names and summaries."""
    summaries = SHORT_SUMMARIES if short else SUMMARIES
    kinds = list(images.values())
    lines = [
        "title: Many Movements",
        "author: Jane Doe, Somatic Educator",
        "contact:",
        "  email: hello@example.org",
        "cautions:",
        "  - text: Do every movement slowly and gently.",
        "  - text: Stop at once if a movement causes sharp pain.",
        "    level: stop",
        "movements:",
    ]
    for i in range(n):
        lines += [
            f"  - id: m{i + 1}",
            f"    name: {NAMES[i % len(NAMES)]} {i // len(NAMES) + 1}",
            f"    summary: {summaries[i % len(summaries)]}",
            f"    image: {kinds[i % len(kinds)]}",
            "    steps: [Lie on your back., Breathe out and move slowly.]",
            "    repeat: 5 times, slowly",
            f"    sides: {'both' if i % 2 else 'none'}",
            f"    video: https://example.org/videos/m{i + 1}",
        ]
    lines.append("sequences:")
    for s in range(sequences):
        lines += [
            f"  - id: seq-{s}",
            f"    name: Routine {s + 1}",
            f"    movements: [{', '.join(f'm{i + 1}' for i in range(n))}]",
            "    how_often: Once a day",
            "    opening: Lie on your back and notice how your hips meet the floor.",
            "    closing: Lie quietly for a minute and notice how you feel.",
        ]
    lines += ["handout:", f"  page_size: {page_size}"]
    return "\n".join(lines) + "\n"


def make_many_workspace(root: Path, n: int, page_size: str = "letter", short: bool = False) -> Path:
    images = factory.write_image_kinds(root / "images")
    (root / "content").mkdir(parents=True, exist_ok=True)
    path = root / "content" / "many.yaml"
    path.write_text(many_program(n, images, page_size, short=short), encoding="utf-8")
    return path


def load(path: Path):
    loader = Loader(Workspace(path.parent.parent))
    program = loader.load(path)
    assert program is not None, loader.report.errors
    return program


def build(program, tmp: Path) -> Path:
    from builder.images.stage import ImageStage

    plan = TARGETS["handout"].plan(program)
    result = TARGETS["handout"].render(plan, ImageStage(tmp / "cache").prepare(plan.image_requests()))
    out = tmp / "handout.pdf"
    out.write_bytes(result.files["handout.pdf"])
    return out


def page_text(page) -> str:
    return " ".join(page.extract_text().split())


def flat(s: str) -> str:
    return " ".join(s.split())


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def stress(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stress")
    program = load(factory.make_stress_workspace(tmp / "ws"))
    return program, build(program, tmp)


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("default")
    path = factory.copy_default_workspace(tmp / "ws")
    loader = Loader(Workspace(tmp / "ws"))
    program = loader.load(path)
    if program is None:
        pytest.skip(f"the default content does not load yet: {loader.report.errors[0]}")
    return program, build(program, tmp)


@pytest.fixture(scope="module")
def twenty(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("twenty")
    program = load(make_many_workspace(tmp / "ws", 20))
    return program, build(program, tmp)


def outputs(request, names=("stress", "default", "twenty")):
    return [request.getfixturevalue(n) for n in names]


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize("which", ["stress", "default", "twenty"])
def test_one_page_per_sequence_with_every_movement(request, which):
    program, pdf = request.getfixturevalue(which)
    size = tuple(theme.pt(v) for v in theme.PAGE_SIZES_MM[program.handout.page_size])
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == max(1, len(program.sequences))
        for page, seq in zip(doc.pages, program.sequences):
            assert (page.width, page.height) == pytest.approx(size, abs=0.5)
            text = page_text(page)
            assert flat(seq.name) in text
            assert flat(program.title) in text
            # each movement's name (and summary) inside its own cell, in order
            (plan,) = [p for p in handout.plan(program) if p.name == seq.name]
            assert [c.movement.id for c in plan.cells] == [m.id for m in seq.movements]
            for cell in plan.cells:
                b = cell.box
                inside = page_text(page.crop((b.x - 1, page.height - b.top - 1, b.right + 1, page.height - b.y + 1)))
                assert str(cell.number) in inside.split(), inside  # the number badge
                assert flat(plain_inline(cell.movement.name)) in inside, cell.movement.name
                if cell.movement.summary:
                    assert flat(plain_inline(cell.movement.summary)) in inside
            for c in program.cautions:
                assert level_word(c.level, ENGLISH_LABELS) in text


def test_stress_text_arrives_exactly(stress):
    program, pdf = stress
    with pdfplumber.open(pdf) as doc:
        first = page_text(doc.pages[0])
    assert flat(factory.TRICKY) in first  # the first caution carries it, escaped and literal
    assert "Daily routine & <morning> {one}" in first
    assert factory.GREEK in first and factory.CYRILLIC in first
    assert "example.org/programmes/hip" in first  # the short link beside the QR code
    assert "Once a day — 100% optional" in first


def test_letter_and_a4(stress, default):
    with pdfplumber.open(stress[1]) as doc:
        assert (round(doc.pages[0].width), round(doc.pages[0].height)) == (612, 792)
    with pdfplumber.open(default[1]) as doc:
        assert (round(doc.pages[0].width), round(doc.pages[0].height)) == (595, 842)


@pytest.mark.parametrize("which", ["stress", "default", "twenty"])
def test_nothing_outside_the_page_and_nothing_tiny(request, which):
    _, pdf = request.getfixturevalue(which)
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                assert 0 <= ch["x0"] and ch["x1"] <= page.width, ch["text"]
                assert 0 <= ch["top"] and ch["bottom"] <= page.height, ch["text"]
                assert ch["size"] >= theme.MIN_PRINT_PT - 0.01, (ch["text"], ch["size"])
            for im in page.images:
                assert 0 <= im["x0"] and im["x1"] <= page.width
                assert 0 <= im["top"] and im["bottom"] <= page.height
            for r in page.rects:
                assert -0.5 <= r["x0"] and r["x1"] <= page.width + 0.5


@pytest.mark.parametrize("which", ["stress", "twenty"])
def test_thumbnails_between_150_and_400_ppi(request, which):
    program, pdf = request.getfixturevalue(which)
    with pdfplumber.open(pdf) as doc:
        for page, seq in zip(doc.pages, program.sequences):
            assert len(page.images) == sum(1 for m in seq.movements if m.images)
            for im in page.images:
                w_px, h_px = im["srcsize"]
                ppi = w_px / (im["width"] / 72)
                # a small source is placed smaller than its frame rather than below 150 ppi
                assert 149.5 <= ppi <= 400, ppi
                assert abs(w_px / h_px - im["width"] / im["height"]) < 0.05  # not distorted


def test_fonts_embedded(stress):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    out = subprocess.run(["pdffonts", str(stress[1])], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        cols = row.split()
        assert cols[-5] == "yes", row  # the "emb" column


def _qr_texts(pdf: Path, tmp: Path) -> list[str]:
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip("pdftoppm or zbarimg is not installed")
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp / "p")], check=True)
    found = []
    for png in sorted(tmp.glob("p*.png")):
        r = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
        found.append(r.stdout.strip())
    return found


def test_qr_decodes_to_the_website(stress, tmp_path):
    program, pdf = stress
    assert _qr_texts(pdf, tmp_path) == [program.contact.website] * len(program.sequences)


def test_qr_falls_back_to_the_first_video(twenty, tmp_path):
    program, pdf = twenty
    assert program.contact.website is None
    assert _qr_texts(pdf, tmp_path) == ["https://example.org/videos/m1"]


def test_qr_at_least_22_mm(stress):
    pages = handout.plan(stress[0])
    for p in pages:
        assert p.qr_box.w >= theme.pt(theme.QR_MIN_MM)


def test_identical_inputs_give_identical_bytes(stress, tmp_path):
    program, pdf = stress
    assert build(program, tmp_path).read_bytes() == pdf.read_bytes()


def test_metadata(stress):
    from pypdf import PdfReader

    reader = PdfReader(stress[1])
    meta = reader.metadata
    assert stress[0].title in meta.title
    assert meta.author.startswith("Dr. Maria")
    assert reader.trailer["/Root"].get("/Lang") == "el"


# --------------------------------------------------------------------------- density


def test_twenty_movements_fit_one_letter_page(twenty):
    program, pdf = twenty
    pages = handout.plan(program)
    assert len(pages) == 1 and len(pages[0].cells) == 20
    assert pages[0].body_pt >= theme.MIN_PRINT_PT


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 8, 9, 12, 16, 20, handout.MAX_MOVEMENTS])
def test_every_count_plans_inside_the_page(tmp_path, n):
    # realistic summaries up to 20 movements; the limit holds with short summaries
    program = load(make_many_workspace(tmp_path, n, page_size="letter", short=n > 20))
    (page,) = handout.plan(program)
    assert len(page.cells) == n
    cells = page.cells
    for c in cells:
        for b in (c.box, c.thumb):
            assert b.x >= 0 and b.right <= page.page_w + 0.01 and b.y >= 0 and b.top <= page.page_h
        assert c.text.h <= c.box.h + 0.01  # the text fits its cell
    # a strict grid: cells never overlap, and the grid ends above the cautions strip
    for a, b in zip(cells, cells[1:]):
        if a.box.y == b.box.y:
            assert a.box.right < b.box.x
    assert min(c.box.y for c in cells) > page.strip.box.top


def test_too_many_movements_is_a_content_error(tmp_path):
    program = load(make_many_workspace(tmp_path, handout.MAX_MOVEMENTS + 1))
    with pytest.raises(ContentError) as err:
        handout.plan(program)
    (problem,) = err.value.problems
    assert problem.path == "sequences[0]"
    assert f"{handout.MAX_MOVEMENTS + 1} movements do not fit on one handout page" in problem.message
    assert f"the limit is {handout.MAX_MOVEMENTS}" in problem.message
    assert problem.loc.file.endswith("many.yaml") and problem.loc.line > 0
    with pytest.raises(ContentError):  # the planner reports it, before anything is rendered
        TARGETS["handout"].plan(program)


def test_text_too_long_for_its_cell_is_an_error_not_a_cut(tmp_path):
    path = make_many_workspace(tmp_path, 20)
    text = path.read_text().replace(SUMMARIES[0], "A very long summary that goes on and on. " * 30, 1)
    path.write_text(text)
    with pytest.raises(ContentError) as err:
        handout.plan(load(path))
    assert "even at 7 pt" in err.value.problems[0].message


def test_a_program_without_sequences_gets_one_page_of_all_movements(tmp_path):
    path = make_many_workspace(tmp_path, 5)
    path.write_text(re.sub(r"sequences:.*?(?=handout:)", "", path.read_text(), flags=re.S))
    program = load(path)
    assert program.sequences == ()
    (page,) = handout.plan(program)
    assert [c.movement.id for c in page.cells] == [m.id for m in program.movements]
    assert page.name == program.title


def test_movements_without_pictures_are_a_numbered_list_with_markdown_rendered(tmp_path):
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "p.yaml"
    path.write_text(
        "title: Tiny\nmovements:\n"
        "  - {id: a, name: 'Only **one** thing', summary: 'Do it *slowly*.', steps: [Breathe.]}\n"
        "  - {id: b, name: Another, steps: [Rest.], video: 'https://example.org/v/b'}\n"
    )
    program = load(path)
    (page,) = handout.plan(program)
    assert page.style == "list" and page.qr_url == "https://example.org/v/b"
    pdf = build(program, tmp_path)
    with pdfplumber.open(pdf) as doc:
        text = page_text(doc.pages[0])
        assert "Only one thing" in text and "**" not in text
        assert not doc.pages[0].images


def test_repeat_and_sides_never_leave_a_dangling_separator(tmp_path):
    """On letter paper the Side Bend cell's "Each part as shown ... · Both sides" does not fit one
    line: each fact then gets its own line instead of a line that starts or ends with "·"."""
    path = factory.copy_default_workspace(tmp_path / "ws")
    path.write_text(path.read_text(encoding="utf-8").replace("page_size: A4", "page_size: letter"), encoding="utf-8")
    out = build(load(path), tmp_path)
    with pdfplumber.open(out) as pdf:
        lines = [" ".join(line.split()) for page in pdf.pages for line in page.extract_text().split("\n")]
    assert any("Both sides" in line for line in lines)
    assert not [line for line in lines if line.endswith("·") or line.startswith("·")]


@pytest.mark.parametrize("n", [30, 100])
def test_many_movements_without_sequences_span_several_pages(tmp_path, n):
    """The all-movements fallback is not held to one page: each page a page-full, the header repeated,
    the numbers running on, every movement once and in order."""
    path = make_many_workspace(tmp_path, n, short=True)
    path.write_text(re.sub(r"sequences:.*?(?=handout:)", "", path.read_text(), flags=re.S))
    program = load(path)
    pages = handout.plan(program)
    assert len(pages) >= 2
    assert [c.movement.id for p in pages for c in p.cells] == [m.id for m in program.movements]
    assert [c.number for p in pages for c in p.cells] == list(range(1, n + 1))
    assert all(len(p.cells) <= handout.MAX_MOVEMENTS for p in pages)
    assert max(len(p.cells) for p in pages) - min(len(p.cells) for p in pages) <= 1
    out = build(program, tmp_path)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == len(pages)
        for page in pdf.pages:
            text = page_text(page)
            assert "Many Movements" in text and "All movements, in the order they are taught" in text
            assert min(c["size"] for c in page.chars) >= theme.MIN_PRINT_PT - 0.01


def test_a_sequence_is_still_held_to_one_page(tmp_path):
    program = load(make_many_workspace(tmp_path, handout.MAX_MOVEMENTS + 1))
    with pytest.raises(ContentError) as err:
        handout.plan(program)
    assert err.value.problems[0].path == "sequences[0]"


def test_a_long_website_prints_beside_its_qr_code(tmp_path):
    path = make_many_workspace(tmp_path, 4)
    url = "https://example.org/" + "a" * 480
    path.write_text(path.read_text().replace("  email: hello@example.org", f"  email: hello@example.org\n  website: {url}"))
    program = load(path)
    out = build(program, tmp_path)
    with pdfplumber.open(out) as pdf:
        text = "".join(page_text(pdf.pages[0]).split())
    assert short_url(url) in text


def test_a_huge_address_shrinks_or_is_an_error_naming_the_field(tmp_path):
    path = make_many_workspace(tmp_path, 4)
    lines = "\n".join(f"    Line {i} of the address, Some Street" for i in range(40))
    path.write_text(path.read_text().replace("  email: hello@example.org",
                                             f"  email: hello@example.org\n  address: |\n{lines}"))
    program = load(path)
    out = build(program, tmp_path)  # 40 lines run into one paragraph at 7 pt: it fits
    with pdfplumber.open(out) as pdf:
        assert "Line 39 of the address" in page_text(pdf.pages[0])
    lines = "\n".join(f"    Line {i} of a much longer address, Some Street, Some Town" for i in range(150))
    path.write_text(re.sub(r"  address: \|\n(    .*\n)+", f"  address: |\n{lines}\n", path.read_text()))
    with pytest.raises(ContentError) as err:
        handout.plan(load(path))
    (problem,) = err.value.problems
    assert problem.path == "contact.address" and "at most" in problem.message


def test_a_movements_own_cautions_are_in_its_cell(default):
    """Cautions only one movement has are printed with it; the program's cautions are in the strip."""
    program, pdf = default
    with pdfplumber.open(pdf) as doc:
        # in drawing order: cells side by side would otherwise interleave line by line
        text = " ".join(" ".join((p.extract_text(use_text_flow=True) or "").split()) for p in doc.pages)
    own = [c for m in program.movements for c in m.cautions if c not in program.cautions]
    assert own
    for c in own:
        assert " ".join(c.text.split()) in text, c.text
