"""Saddle-stitch imposition on synthetic PDFs whose pages carry their own number."""

from __future__ import annotations

import io

import pytest

from builder import theme
from builder.render.pdf import impose

pypdf = pytest.importorskip("pypdf")
pdfplumber = pytest.importorskip("pdfplumber")


def numbered_pdf(n: int, size=("A5",)) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    w, h = theme.page_size_pt(size[0])
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(w, h), invariant=1)
    for i in range(1, n + 1):
        c.setFont("Helvetica", 40)
        c.drawCentredString(w / 2, h / 2, f"P{i}")
        c.rect(1, 1, w - 2, h - 2)  # the page edge, to check the placement
        c.showPage()
    c.save()
    return buf.getvalue()


def sides(pdf: bytes) -> list[tuple[str, str]]:
    """(left, right) page labels of every sheet side ("" for a blank half)."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            mid = page.width / 2
            left = (page.crop((0, 0, mid, page.height)).extract_text() or "").strip()
            right = (page.crop((mid, 0, page.width, page.height)).extract_text() or "").strip()
            out.append((left, right))
    return out


def test_sheet_order_for_eight_pages():
    assert impose.sheet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert impose.sheet_order(4) == [(4, 1), (2, 3)]
    with pytest.raises(ValueError):
        impose.sheet_order(6)


def test_every_page_appears_once():
    for n in (4, 8, 12, 40):
        flat = [p for side in impose.sheet_order(n) for p in side]
        assert sorted(flat) == list(range(1, n + 1))
        # pages facing each other on a side add up to n + 1 (a fold)
        assert all(a + b == n + 1 for a, b in impose.sheet_order(n))


@pytest.mark.parametrize("n, sheets", [(1, 1), (4, 1), (5, 2), (8, 2), (9, 3), (24, 6)])
def test_pads_to_a_multiple_of_four(n, sheets):
    out = impose.impose(numbered_pdf(n), theme.page_size_pt("A4", landscape=True))
    assert len(pypdf.PdfReader(io.BytesIO(out)).pages) == sheets * 2


def test_pages_land_in_booklet_order_with_blanks_at_the_end():
    out = impose.impose(numbered_pdf(6), theme.page_size_pt("A4", landscape=True))
    assert sides(out) == [("", "P1"), ("P2", ""), ("P6", "P3"), ("P4", "P5")]


@pytest.mark.parametrize("page, sheet", [("A5", "A4"), ("half-letter", "letter"), ("A4", "A3"), ("letter", "tabloid")])
def test_sheet_is_the_real_paper_with_the_pair_centred(page, sheet):
    sheet_pt = theme.page_size_pt(sheet, landscape=True)
    out = impose.impose(numbered_pdf(4, (page,)), sheet_pt)
    reader = pypdf.PdfReader(io.BytesIO(out))
    for p in reader.pages:
        assert (float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(sheet_pt, abs=0.01)
    pw, ph = theme.page_size_pt(page)
    with pdfplumber.open(io.BytesIO(out)) as doc:
        rects = sorted(doc.pages[0].rects, key=lambda r: r["x0"])
    margin_x = (sheet_pt[0] - 2 * pw) / 2
    assert rects[0]["x0"] == pytest.approx(margin_x + 1, abs=0.5)
    assert rects[-1]["x1"] == pytest.approx(sheet_pt[0] - margin_x - 1, abs=0.5)
    assert rects[0]["top"] == pytest.approx((sheet_pt[1] - ph) / 2 + 1, abs=0.5)


def test_rotate_backs_for_long_edge_printers():
    out = impose.impose(numbered_pdf(8), theme.page_size_pt("A4", landscape=True), rotate_backs=True)
    rotations = [p.rotation for p in pypdf.PdfReader(io.BytesIO(out)).pages]
    assert rotations == [0, 180, 0, 180]


def test_pages_too_big_for_the_sheet_are_refused():
    with pytest.raises(ValueError, match="do not fit"):
        impose.impose(numbered_pdf(4, ("A4",)), theme.page_size_pt("A4", landscape=True))


def test_imposition_is_deterministic():
    pdf = numbered_pdf(5)
    sheet = theme.page_size_pt("A4", landscape=True)
    assert impose.impose(pdf, sheet) == impose.impose(pdf, sheet)
