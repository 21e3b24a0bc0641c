"""Imposition: a booklet's pages, two per sheet side, ready to fold and staple (or to cut and bind).

Pure: PDF bytes in, PDF bytes out (pikepdf). Each sheet side is the real paper size (e.g. A4
landscape for an A5 booklet) with the pair of pages centred on it. Print double-sided, flip
on the short edge. Three orders (see :mod:`builder.layout.booklet.printing`):

- :func:`saddle_sides`: one folded stack (or several, one after another: signatures), with
  creep correction: sheet ``k`` from the outside of a stack moves its pages ``k * creep``
  points toward the fold;
- :func:`perfect_sides`: two pages a side in reading order, to cut and stack for perfect binding.
"""

from __future__ import annotations

import io

Slot = tuple[int, float]  # (page number, 1-based; shift toward the spine in points)
Side = tuple[Slot, Slot]  # the left and right halves of one sheet side
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


def saddle_sides(stacks: list[int] | tuple[int, ...], creep_pt: float = 0.0, creep_from: int = 8) -> list[Side]:
    """The sheet sides of folded stacks of ``stacks`` pages each (multiples of four), in print
    order; a stack of more than ``creep_from`` sheets has its inner sheets' pages moved
    ``creep_pt`` points a sheet toward the fold."""
    out: list[Side] = []
    first = 0
    for n in stacks:
        sheets = n // 4
        creep = creep_pt if sheets > creep_from else 0.0
        for k, (left, right) in enumerate(sheet_order(n)):
            shift = (k // 2) * creep
            out.append(((first + left, shift), (first + right, shift)))
        first += n
    return out


def perfect_sides(n_pages: int) -> list[Side]:
    """Sheet sides for cut-and-stack perfect binding: sheet ``s`` carries pages ``2s+1`` and
    ``2s+2`` in its left half and ``H+2s+1``, ``H+2s+2`` in its right half (``H`` half the
    pages), so cutting the stack and laying the right half under the left gives reading order."""
    if n_pages % 4:
        raise ValueError(f"perfect binding needs a multiple of 4 pages, not {n_pages}")
    half = n_pages // 2
    out: list[Side] = []
    for s in range(n_pages // 4):
        out.append(((2 * s + 1, 0.0), (half + 2 * s + 1, 0.0)))
        out.append(((half + 2 * s + 2, 0.0), (2 * s + 2, 0.0)))
    return out


def bound_on_right(sides: list[Side]) -> list[Side]:
    """``sides`` for a right-to-left booklet, bound on the right: each side's halves swapped, so
    page 1 lies left of the fold and the pages turn from left to right (creep still moves each
    page toward the fold)."""
    return [(b, a) for a, b in sides]


def impose(pdf: bytes, sheet_pt: tuple[float, float], rotate_backs: bool = False,
           sides: list[Side] | None = None) -> bytes:
    """Impose ``pdf`` 2-up on sheets ``sheet_pt`` (width, height in points, landscape).

    ``sides`` gives each sheet side's pages (default: one saddle-stitched stack, padded with
    blank pages to a multiple of four). With ``rotate_backs`` the back sides are turned 180
    degrees, for printers that can only flip on the long edge.

    Each page is turned once into a form XObject (qpdf, through pikepdf: the content stream is
    not parsed) and placed on its sheet side with one ``Do``; equal input gives equal bytes.
    """
    import pikepdf

    src = pikepdf.open(io.BytesIO(pdf))
    pages = list(src.pages)
    if not pages:
        raise ValueError("the PDF has no pages")
    box = pages[0].mediabox
    page_w, page_h = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    sheet_w, sheet_h = sheet_pt
    if 2 * page_w > sheet_w + 2 or page_h > sheet_h + 2:
        raise ValueError(f"two {page_w:.0f} x {page_h:.0f} pt pages do not fit a {sheet_w:.0f} x {sheet_h:.0f} pt sheet")
    if sides is None:
        sides = [((a, 0.0), (b, 0.0)) for a, b in sheet_order(padded(len(pages)))]
    x0 = (sheet_w - 2 * page_w) / 2
    y0 = (sheet_h - page_h) / 2

    out = pikepdf.new()
    forms: dict[int, object] = {}
    for side, pair in enumerate(sides):
        names = pikepdf.Dictionary()
        ops = []
        for slot, (number, shift) in enumerate(pair):
            if number > len(pages):
                continue  # a padding page stays blank
            page = pages[number - 1]
            if number not in forms:
                forms[number] = out.copy_foreign(page.as_form_xobject())
            left, bottom = float(page.mediabox[0]), float(page.mediabox[1])
            # toward the spine: the left page moves right, the right page left
            tx = x0 + slot * page_w - left + (shift if slot == 0 else -shift)
            ty = y0 - bottom
            names[f"/P{slot}"] = forms[number]
            ops.append(f"q 1 0 0 1 {tx:.4f} {ty:.4f} cm /P{slot} Do Q")
        sheet = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, sheet_w, sheet_h],
            Resources=pikepdf.Dictionary(XObject=names),
            Contents=out.make_stream("\n".join(ops).encode()),
        )
        if rotate_backs and side % 2 == 1:
            sheet.Rotate = 180
        out.pages.append(pikepdf.Page(sheet))
    for key in ("/Title", "/Author", "/Subject", "/Creator"):
        if key in src.docinfo:
            out.docinfo[key] = src.docinfo[key]
    if "/Lang" in src.Root:
        out.Root.Lang = src.Root.Lang
    buf = io.BytesIO()
    out.save(buf, deterministic_id=True, compress_streams=True,
             stream_decode_level=pikepdf.StreamDecodeLevel.none, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buf.getvalue()
