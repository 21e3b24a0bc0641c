"""Saddle-stitch imposition: a booklet's pages, two per sheet side, ready to fold and staple.

Pure: PDF bytes in, PDF bytes out (pypdf). The page count is padded with blank pages to a
multiple of four; each sheet side is the real paper size (e.g. A4 landscape for an A5
booklet) with the pair of pages centred on it. Print double-sided, flip on the short edge.
"""

from __future__ import annotations

import io


def sheet_order(n_pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers (1-based, padded count) of each sheet side, in print order.

    For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5).
    """
    if n_pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {n_pages}")
    sides = []
    for i in range(n_pages // 4):
        sides.append((n_pages - 2 * i, 1 + 2 * i))  # front of sheet i
        sides.append((2 + 2 * i, n_pages - 1 - 2 * i))  # back of sheet i
    return sides


def padded(n_pages: int) -> int:
    """The page count rounded up to a multiple of four (at least 4)."""
    return max(4, -(-n_pages // 4) * 4)


def impose(pdf: bytes, sheet_pt: tuple[float, float], rotate_backs: bool = False) -> bytes:
    """Impose ``pdf`` 2-up for saddle stitching on sheets ``sheet_pt`` (width, height in points, landscape).

    Blank pages are added at the end to reach a multiple of four. With ``rotate_backs`` the
    back sides are turned 180 degrees, for printers that can only flip on the long edge.
    """
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    if not pages:
        raise ValueError("the PDF has no pages")
    box = pages[0].mediabox
    page_w, page_h = float(box.width), float(box.height)
    sheet_w, sheet_h = sheet_pt
    if 2 * page_w > sheet_w + 2 or page_h > sheet_h + 2:
        raise ValueError(f"two {page_w:.0f} x {page_h:.0f} pt pages do not fit a {sheet_w:.0f} x {sheet_h:.0f} pt sheet")
    n = padded(len(pages))
    x0 = (sheet_w - 2 * page_w) / 2
    y0 = (sheet_h - page_h) / 2

    writer = PdfWriter()
    for side, (left, right) in enumerate(sheet_order(n)):
        sheet = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        for slot, number in enumerate((left, right)):
            if number > len(pages):
                continue  # a padding page stays blank
            src = pages[number - 1]
            sb = src.mediabox
            tx = x0 + slot * page_w - float(sb.left)
            ty = y0 - float(sb.bottom)
            sheet.merge_transformed_page(src, Transformation().translate(tx, ty))
        if rotate_backs and side % 2 == 1:
            sheet.rotation = 180
        writer.add_page(sheet)
    for page in writer.pages:
        page.compress_content_streams()
    meta = reader.metadata
    if meta:
        writer.add_metadata({k: str(v) for k, v in meta.items() if k in ("/Title", "/Author", "/Subject", "/Creator")})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang:
        from pypdf.generic import NameObject, TextStringObject

        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
