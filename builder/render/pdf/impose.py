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
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

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
    forms: dict[int, object] = {}
    for side, (left, right) in enumerate(sheet_order(n)):
        sheet = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        names = DictionaryObject()
        ops = []
        for slot, number in enumerate((left, right)):
            if number > len(pages):
                continue  # a padding page stays blank
            src = pages[number - 1]
            if number not in forms:
                forms[number] = _page_as_form(writer, src)
            sb = src.mediabox
            tx = x0 + slot * page_w - float(sb.left)
            ty = y0 - float(sb.bottom)
            names[NameObject(f"/P{slot}")] = forms[number]
            ops.append(f"q 1 0 0 1 {tx:.4f} {ty:.4f} cm /P{slot} Do Q")
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
        content = DecodedStreamObject()
        content.set_data("\n".join(ops).encode())
        sheet[NameObject("/Contents")] = writer._add_object(content.flate_encode())
        if rotate_backs and side % 2 == 1:
            sheet.rotation = 180
        writer.add_page(sheet)
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


def _page_as_form(writer, page):
    """A page as a Form XObject in ``writer``: placed on the sheet with one ``Do``.

    Unlike pypdf's ``merge_transformed_page`` this never parses the page's content stream,
    which keeps imposing a 200-page booklet well under a second. ``_add_object`` is the
    only way pypdf offers to register a new stream object.
    """
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    contents = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    box = page.mediabox
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (box.left, box.bottom, box.right, box.top)]),
        NameObject("/Resources"): page["/Resources"].clone(writer) if "/Resources" in page else DictionaryObject(),
    })
    return writer._add_object(form.flate_encode())
