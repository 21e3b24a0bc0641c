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


def test_signatures_are_folded_stacks_one_after_another():
    sides = impose.saddle_sides([8, 4])
    assert [(a[0], b[0]) for a, b in sides] == [(8, 1), (2, 7), (6, 3), (4, 5), (12, 9), (10, 11)]
    assert all(a[1] == b[1] == 0.0 for a, b in sides)


def test_creep_shifts_each_sheet_by_its_depth_in_the_stack():
    sides = impose.saddle_sides([40], creep_pt=0.5)  # 10 sheets: more than 8, so corrected
    assert [round(a[1], 3) for a, _ in sides] == [k * 0.5 for k in range(10) for _ in (0, 1)]
    assert all(a[1] == 0.0 for a, _ in impose.saddle_sides([32], creep_pt=0.5))  # 8 sheets: none


def test_creep_is_measured_on_the_imposed_sheets():
    pdf = impose.impose(numbered_pdf(40), theme.page_size_pt("A4", landscape=True),
                        sides=impose.saddle_sides([40], creep_pt=1.0))
    page_w = theme.page_size_pt("A5")[0]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for side, page in enumerate(doc.pages):
            k = side // 2
            mid = page.width / 2
            # each page's frame (drawn 1 pt in from its edge) ends k points nearer the fold
            rects = sorted(page.rects, key=lambda r: r["x0"])
            assert rects[0]["x1"] == pytest.approx(mid + k - 1, abs=0.1)
            assert rects[1]["x0"] == pytest.approx(mid - k + 1, abs=0.1)
    assert page_w


def test_perfect_binding_sides_read_in_order_after_cutting_and_stacking():
    sides = impose.perfect_sides(8)
    fronts = [a[0] for a, _ in sides[0::2]] + [b[0] for _, b in sides[0::2]]
    backs = [b[0] for _, b in sides[1::2]] + [a[0] for a, _ in sides[1::2]]
    # left halves stacked over right halves: each leaf has page 2i+1 in front and 2i+2 behind
    assert fronts == [1, 3, 5, 7] and backs == [2, 4, 6, 8]
    pdf = impose.impose(numbered_pdf(8), theme.page_size_pt("A4", landscape=True), sides=sides)
    assert _sides_text(pdf)[:2] == [("P1", "P5"), ("P6", "P2")]


def _sides_text(pdf):
    return sides(pdf)
