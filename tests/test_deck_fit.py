"""Render the deck with LibreOffice and check that every character lies inside its own text box.

Each text box gets a unique text colour in a test copy of the deck (hyperlinks removed so
LibreOffice keeps that colour), so every character pdfplumber reads from the PDF maps to
exactly one shape; its box is compared with the shape's box in points. Shrink-on-overflow
is off in the deck itself, so LibreOffice lays the text out at the size written in the file.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor

from test_deck import render_deck, set_aspect
from factory import copy_default_workspace, make_stress_workspace

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber is needed to read the rendered PDF")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: .ci/run installs it")

EMU_PER_PT = 12700
TOLERANCE_PT = 1.5


def _colour(k: int) -> RGBColor:
    # Distinct, non-grey colours: k spread over the channels, starting away from black.
    return RGBColor(16 + (k * 37) % 224, 16 + (k * 91) % 224, 16 + (k * 53 + k // 224) % 224)


def _recolour(shape, c: RGBColor) -> None:
    """Every run of the shape (fields such as the slide number too) in colour ``c``."""
    from pptx.oxml.ns import qn
    from lxml import etree

    for rpr in shape._element.iter(qn("a:rPr")):
        for old in rpr.findall(qn("a:solidFill")):
            rpr.remove(old)
        fill = etree.SubElement(rpr, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), val=str(c))
        rpr.insert(0, fill)  # a:solidFill comes before the fonts in a:rPr


def _tag_shapes(data: bytes) -> tuple[bytes, list[dict]]:
    """A copy of the deck with one text colour per text box, and the boxes (points) by colour."""
    prs = Presentation(io.BytesIO(data))
    boxes: list[dict] = []
    seen: set[tuple[int, int, int]] = set()
    k = 0
    for page, slide in enumerate(prs.slides):
        for sh in slide.shapes:
            if not sh.has_text_frame or not sh.text_frame.text.strip():
                continue
            while True:
                k += 1
                c = _colour(k)
                if tuple(c) not in seen:
                    break
            seen.add(tuple(c))
            for p in sh.text_frame.paragraphs:
                for r in p.runs:
                    if r.hyperlink.address:
                        r.hyperlink.address = None
            _recolour(sh, c)
            boxes.append({
                "page": page, "colour": tuple(v / 255 for v in c), "name": sh.name, "text": sh.text_frame.text,
                "x0": sh.left / EMU_PER_PT, "x1": (sh.left + sh.width) / EMU_PER_PT,
                "top": sh.top / EMU_PER_PT, "bottom": (sh.top + sh.height) / EMU_PER_PT,
            })
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue(), boxes


def _to_pdf(pptx: Path, outdir: Path) -> Path:
    profile = outdir / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), str(pptx)], check=True, capture_output=True, timeout=120)
    return outdir / (pptx.stem + ".pdf")


def _check_fit(data: bytes, tmp: Path, least: int = 500) -> set[str]:
    """Every character inside its own text box; returns the names of the fonts the PDF shows them in."""
    tagged, boxes = _tag_shapes(data)
    src = tmp / "deck.pptx"
    src.write_bytes(tagged)
    pdf = _to_pdf(src, tmp)
    problems: list[str] = []
    with pdfplumber.open(pdf) as doc:
        n_pages = len(doc.pages)
        by_colour = {}
        for b in boxes:
            by_colour[(b["page"], tuple(round(v, 2) for v in b["colour"]))] = b
        checked = 0
        fonts = set()
        for page_no, page in enumerate(doc.pages):
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                fonts.add(ch["fontname"].split("+")[-1])
                colour = ch.get("non_stroking_color")
                if not colour or len(colour) != 3:
                    continue
                box = by_colour.get((page_no, tuple(round(v, 2) for v in colour)))
                if box is None:
                    if ch["text"] == "\u2022":  # bullets are drawn in the accent colour
                        continue
                    problems.append(f"slide {page_no + 1}: {ch['text']!r} at ({ch['x0']:.0f}, {ch['top']:.0f}) belongs to no text box")
                    continue
                checked += 1
                if (ch["x0"] < box["x0"] - TOLERANCE_PT or ch["x1"] > box["x1"] + TOLERANCE_PT
                        or ch["top"] < box["top"] - TOLERANCE_PT or ch["bottom"] > box["bottom"] + TOLERANCE_PT):
                    problems.append(
                        f"slide {page_no + 1}: {ch['text']!r} at x {ch['x0']:.1f}-{ch['x1']:.1f}, y {ch['top']:.1f}-{ch['bottom']:.1f} "
                        f"outside {box['name']} x {box['x0']:.1f}-{box['x1']:.1f}, y {box['top']:.1f}-{box['bottom']:.1f}: {box['text'][:60]!r}")
                    # Also catch characters off the slide altogether.
                if ch["x1"] > page.width + 0.5 or ch["bottom"] > page.height + 0.5:
                    problems.append(f"slide {page_no + 1}: {ch['text']!r} outside the slide")
    assert n_pages == len(Presentation(io.BytesIO(data)).slides)
    assert checked > least
    assert not problems, "\n".join(problems[:30])
    return fonts


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory):
    return tmp_path_factory.mktemp("fit")


def test_stress_deck_fits_16_9(workspaces):
    root = workspaces / "s169"
    _, data = render_deck(make_stress_workspace(root), root / "cache")
    _check_fit(data, root)


def test_stress_deck_fits_4_3(workspaces):
    root = workspaces / "s43"
    program = make_stress_workspace(root)
    set_aspect(program, "4:3")
    _, data = render_deck(program, root / "cache")
    _check_fit(data, root)


def test_default_deck_fits(workspaces):
    root = workspaces / "default"
    _, data = render_deck(copy_default_workspace(root), root / "cache")
    _check_fit(data, root)


@pytest.mark.parametrize("url", [
    "https://example.org/videos/long-movement-name/part-two?t=45",  # a link on its own line across the slide
    "https://example.org/videos/long-movement-name/part-two?chapter=3&t=45",  # plain text on 4:3 (too wide at 20 pt)
    "https://example.org/" + "very-long-path-segment/" * 6 + "end",  # wider than the slide: plain text
])
def test_long_video_link_fits_4_3(workspaces, url):
    root = workspaces / ("link" + str(len(url)))
    program = make_stress_workspace(root)
    text = program.read_text(encoding="utf-8")
    assert "video: https://example.org/videos/long-one?x=1&y=2" in text
    program.write_text(text.replace("video: https://example.org/videos/long-one?x=1&y=2", f"video: {url}"), encoding="utf-8")
    set_aspect(program, "4:3")
    _, data = render_deck(program, root / "cache")
    _check_fit(data, root)


def test_german_template_deck_fits(workspaces):
    """A user's 16:9 template (German layout names): title and subtitle in its placeholders, every character inside."""
    from test_deck import make_german_template, use_template

    root = workspaces / "tpl"
    program = make_stress_workspace(root)
    make_german_template(root / "templates" / "studio.pptx")
    use_template(program)
    _, data = render_deck(program, root / "cache")
    _check_fit(data, root)


def test_german_template_very_long_title_fits(workspaces):
    from test_deck import make_german_template, use_template

    root = workspaces / "tpl-long"
    program = make_stress_workspace(root)
    make_german_template(root / "templates" / "studio.pptx")
    use_template(program)
    text = program.read_text(encoding="utf-8")
    title = " ".join(["Gentle somatic movement for the whole body"] * 8)[:300]
    text, n = re.subn(r"(?m)^title: .*$", lambda _: f'title: "{title}"', text, count=1)
    assert n == 1
    program.write_text(text, encoding="utf-8")
    p, data = render_deck(program, root / "cache")
    assert len(p.title) == 300
    prs = Presentation(io.BytesIO(data))
    cover = " ".join(" ".join(sh.text_frame.text.split()) for s in list(prs.slides)[:3] for sh in s.shapes if sh.has_text_frame)
    assert p.title.split()[-1] in cover and p.title.split()[0] in cover
    _check_fit(data, root)


@pytest.mark.parametrize("name", ["many-layouts", "company-nl"])
def test_template_decks_fit(workspaces, name):
    """The default program on a template whose fonts have metric twins (Cambria, Calibri: measured with Caladea and
    Carlito, which LibreOffice shows them in) and on one whose font has none (Century Gothic: measured with a margin,
    shown here in another face): every character inside its box."""
    import templates as T
    from test_deck_template import use

    root = workspaces / f"tpl-{name}"
    program = copy_default_workspace(root)
    T.TEMPLATES[name](root / "templates" / "t.pptx")
    use(program)
    _, data = render_deck(program, root / "cache")
    fonts = _check_fit(data, root, least=300)
    if name == "many-layouts" and shutil.which("fc-match"):
        have = subprocess.run(["fc-match", "-f", "%{family}", "Calibri"], capture_output=True, text=True).stdout
        if "Carlito" in have:  # fonts-crosextra-carlito and -caladea installed: the template's fonts are shown
            assert any(f.startswith("Carlito") for f in fonts) and any(f.startswith("Caladea") for f in fonts), fonts


# ----------------------------------------------------------------------------- languages and the video QR code

MIXED = """title: "حركات لطيفة لتخفيف ألم الورك"
subtitle: "תנועות עדינות לכאב ירכיים"
language: ar
intro:
  - heading: "はじめに：ゆっくり動きましょう"
    text: "これは「テスト」です。ちょっと待ってください、ね。今日は（晴れ）です。体をゆっくり動かして、呼吸に注意を向けてください。痛みがあればすぐに止めてください。"
  - heading: "การเคลื่อนไหวอย่างนุ่มนวล"
    text: "สวัสดีครับ ยินดีต้อนรับ ค่อยๆ ยกเข่าขึ้นช้าๆ แล้วหายใจออก อย่าฝืนร่างกาย หยุดทันทีถ้ารู้สึกเจ็บ"
movements:
  - id: a
    name: "ثني الجانب"
    image: side-bend.png
    position: "استلقِ على جانبك الأيمن مع ثني الركبتين. ضع وسادة صغيرة تحت رأسك إذا احتجت."
    steps:
      - "ضع يدك العليا على خصرك، بين أسفل الضلوع وعظم الورك."
      - text: "خذ 5 أنفاس عميقة (3 مرات) ثم ارفع القدم العليا ببطء نحو السقف."
        breath: in
      - "שלום 123 עולם ABC: הרם את הראש לאט והורד אותו בחזרה."
      - "腰を持ち上げて、ゆっくりと下ろします。これを五回繰り返します。無理をしないでください。"
      - "ค่อยๆ ยกเข่าขึ้นช้าๆ แล้วหายใจออก อย่าฝืนร่างกาย หยุดทันทีถ้ารู้สึกเจ็บ"
    repeat: "5 مرات"
"""


def test_right_to_left_chinese_japanese_and_thai_deck_fits(workspaces):
    """Arabic (joined letter forms), Hebrew, Japanese (broken between characters) and Thai each stay inside their boxes."""
    root = workspaces / "mixed"
    (root / "content").mkdir(parents=True)
    (root / "images").mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "images" / "side-bend.png", root / "images")
    program = root / "content" / "mixed.yaml"
    program.write_text(MIXED, encoding="utf-8")
    _, data = render_deck(program, root / "cache")
    _check_fit(data, root, least=150)


ZBARIMG = shutil.which("zbarimg")


@pytest.mark.skipif(ZBARIMG is None or shutil.which("pdftoppm") is None, reason="zbarimg and pdftoppm read the rendered QR codes")
def test_video_qr_codes_scan_from_a_projected_slide(workspaces):
    """Every movement's QR code decodes from the slide rendered 960 pixels wide (a small projector)."""
    root = workspaces / "qr"
    program = copy_default_workspace(root)
    p, data = render_deck(program, root / "cache")
    deck = root / "deck.pptx"
    deck.write_bytes(data)
    pdf = _to_pdf(deck, root)
    prs = Presentation(io.BytesIO(data))
    firsts = {m.video: next(k for k, s in enumerate(prs.slides, start=1) if s.shapes.title.text_frame.text.startswith(m.name))
              for m in p.movements if m.video}
    assert firsts
    for url, k in firsts.items():
        png = root / f"slide{k}"
        subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", "-f", str(k), "-l", str(k), str(pdf), str(png)], check=True)
        out = subprocess.run([ZBARIMG, "-q", "--raw", str(png) + ".png"], capture_output=True, text=True)
        assert out.stdout.strip() == url, (k, out.stdout, out.stderr[-200:])
