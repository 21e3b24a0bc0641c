"""A routine's slides: how to begin, a thumbnail of each movement with its name and dose, how to finish.

Thumbnails sit in rows of four (three on 4:3), the rows as even as they can be; a routine of
many movements continues on further slides. Names never shrink below 20 pt: a name too long for its
cell wraps, and a row taller than a slide continues (names only) on the next.
"""

from __future__ import annotations

from dataclasses import replace

from ... import theme
from ...compose import facts
from ...model import Sequence
from . import notes
from .flow import Block, Row, column, paginate
from .frame import Frame, counter
from .shapes import Para, Picture, Rect, SlidePlan, Span, TextBox
from .text import box_height_emu, deck_rtl, inner_w, lit, para, runs_of, split_para, word_count
from .units import FACT_PT, LABEL_PT, inch, pt_emu

NAME_GAP_IN = 0.1
#: Thumbnail sizes tried, largest first (a share of the largest a cell allows).
SCALES = (1.0, 0.9, 0.8, 0.7, 0.62, 0.56, 0.5)
#: The tallest thumbnail (inches) for rows of one or two movements (a routine of one or two is
#: most of its slide); rows of more are at most 2 inches.
THUMB_MAX_IN = {1: 3.4, 2: 2.8}


def routine_slides(f: Frame, q: Sequence) -> list[SlidePlan]:
    f = f.on("content")
    L = f.L
    iw = inner_w(f.cw)
    gap = inch(0.3)
    n = max(1, len(q.movements))
    most = 4 if f.W >= inch(12) else 3

    def balanced(c: int) -> int:
        """Columns for ``c`` at most, rows evened out (four movements in rows of two, not three and one)."""
        return -(-n // -(-n // c))

    def blocks(head, thumb_scale, cols, per_slide=None):
        cell_w = (f.cw - gap * (cols - 1)) // cols
        out = [Block(p, split=True) for p in f.overflow_paras(head, FACT_PT, iw)]
        bits = []
        if q.how_often:
            bits.append(" ".join(q.how_often.split()))
        if q.duration_minutes:
            bits.append(facts.about(q.duration_minutes, L))
        if bits:
            out.append(Block(para([lit(" · ".join(bits), bold=True, colour=f.accent_text)], FACT_PT, iw, colour=f.accent_text),
                             split=True))
        if q.opening:
            out.append(Block(para([Span(L("routine_opening"), bold=True, colour=f.accent_text), Span(" ")] + list(runs_of(q.opening)),
                                  LABEL_PT, iw, colour=f.ink, space_before_pt=8 if out else 0), split=True, keep_next=True))
        thumb_h = round(min(round(cell_w * 0.62), inch(THUMB_MAX_IN.get(cols, 2.0))) * thumb_scale)
        cells = [_cell(f, k, m, cell_w) for k, m in enumerate(q.movements, start=1)]
        i = 0
        for g, group in enumerate(per_slide or [len(cells)]):
            for r, size in enumerate(_row_sizes(group, cols)):
                out.append(Block(None, row=_grid_row(f, q, cells[i:i + size], thumb_h, cell_w, gap, cols), split=False,
                                 new_slide=g > 0 and r == 0))
                i += size
        if q.closing:
            out.append(Block(para([Span(L("routine_closing"), bold=True, colour=f.accent_text), Span(" ")] + list(runs_of(q.closing)),
                                  LABEL_PT, iw, colour=f.ink), split=True))
        return out

    # The fewest slides, then the largest thumbnails (rows of at most four, five if that saves a
    # slide, or a short routine in one row if that keeps it to one slide).
    best = best_cols = None
    for cols in dict.fromkeys([balanced(most), balanced(most + 1)] + ([n] if n <= most + 2 else [])):
        for scale in SCALES:
            found = f.titled(q.name, lambda h: paginate(blocks(h, scale, cols), iw, [f.bottom - h.y], row_gap=inch(0.25)))
            if best is None or len(found[1]) < len(best[1]):
                best, best_cols = found, cols
    # Over several slides, the movements are shared out evenly (twelve as six and six, not four
    # and eight; the first slide, below how to begin, may hold fewer): the largest thumbnails that
    # do it on as many slides, else the slides as filled.
    slides = len(best[1])
    if 1 < slides < n:
        sizes = _row_sizes(n, best_cols)
        rows_first = sum(1 for b in best[1][0] if b.row is not None)
        first = sum(sizes[:rows_first]) if rows_first < len(sizes) else 0
        for share in _shares(n, slides, first):
            g = max(share)
            options = [c for c in dict.fromkeys([-(-g // -(-g // most)), best_cols])
                       if all(r > 1 for s in share for r in _row_sizes(s, c))]  # never a lone movement on a row
            found = next((found for cols in options for scale in SCALES
                          for found in [f.titled(q.name, lambda h: paginate(blocks(h, scale, cols, share), iw, [f.bottom - h.y],
                                                                            row_gap=inch(0.25)))]
                          if len(found[1]) <= slides), None)
            if found is not None:
                best = found
                break
    head, pages = best
    note = notes.routine(q, L)
    out = []
    for i, page in enumerate(pages):
        t = counter(q.name, i + 1, len(pages))
        shapes, _ = column(page, f.mx, head.y, f.cw, iw, role="routine-text", row_gap=inch(0.25))
        out.append(SlidePlan("routine", t, tuple(head.shapes(t) + shapes), note, layout="content"))
    return out


def _shares(n: int, slides: int, first: int):
    """Movements a slide for ``n`` over ``slides``, from the most even on: as even as can be, then
    the first slide (below the routine's facts and how to begin) with one or two fewer, then with
    ``first`` (what it holds filled) and the rest shared out evenly; no slide after the first holds
    more than two more than another."""
    even = -(-n // slides)
    for f1 in dict.fromkeys([*range(even, max(1, even - 2) - 1, -1), *([first] if 0 < first < even else [])]):
        rest, k = n - f1, slides - 1
        share = [f1] + [rest // k + (1 if s < rest % k else 0) for s in range(k)]
        if max(share) - min(share) <= 2 or (f1 == first and max(share[1:]) - min(share[1:]) <= 1):
            yield share


def _row_sizes(n: int, cols: int) -> list[int]:
    """``n`` thumbnails in rows of at most ``cols``, as even as the fewest rows allow (13 in rows
    of four as 4, 3, 3, 3, not 4, 4, 4, 1): no row ends a slide with a lone movement."""
    rows = max(1, -(-n // cols))
    return [n // rows + (1 if r < n % rows else 0) for r in range(rows)]


def _cell(f: Frame, k: int, m, cell_w: int) -> tuple[object, tuple[Para, ...]]:
    """A movement's cell: (the movement, its name and dose paragraphs)."""
    iw = inner_w(cell_w)
    paras = [para([Span(f"{k}", bold=True, colour=f.accent_text), Span("  "), *runs_of(m.name, bold=True)], LABEL_PT, iw,
                  colour=f.ink, align="center")]
    dose = m.repeat or (" ".join(m.duration.split()) if m.duration else None)
    if dose:
        paras.append(para(runs_of(dose), LABEL_PT, iw, colour=f.muted, align="center", space_before_pt=2))
    return m, tuple(paras)


def _grid_row(f: Frame, q: Sequence, cells, thumb_h: int, cell_w: int, gap: int, cols: int) -> Row:
    name_gap = inch(NAME_GAP_IN)
    text_h = max(box_height_emu(paras) for _, paras in cells)
    height = (thumb_h + name_gap if thumb_h else 0) + text_h
    row_w = len(cells) * cell_w + (len(cells) - 1) * gap
    rtl = deck_rtl()  # a right-to-left deck's routine reads from the right: its first movement rightmost

    def draw(x: int, y: int):
        shapes = []
        step = -(cell_w + gap) if rtl else cell_w + gap
        xx = x + (f.cw - row_w) // 2 + (row_w - cell_w if rtl else 0)
        for m, paras in cells:
            if thumb_h:
                if m.images:
                    shapes.append(Picture(xx, y, cell_w, thumb_h, m.images[0], "thumbnail", valign="bottom"))
                else:
                    shapes.append(Rect(xx, y, cell_w, thumb_h, theme.tint(f.accent, 0.85), "thumbnail-blank"))
            ty = y + (thumb_h + name_gap if thumb_h else 0)
            shapes.append(TextBox(xx, ty, cell_w, box_height_emu(paras), paras, role="thumbnail-name"))
            xx += step
        return shapes

    def split(room: int):
        """Names taller than the slide: smaller thumbnails, else names only, split between lines."""
        for t in (thumb_h // 2, 0):
            if (t + name_gap if t else 0) + text_h <= room:
                return _grid_row(f, q, cells, t, cell_w, gap, cols), None
        first, rest = [], []
        for m, paras in cells:
            used = box_height_emu(paras[:0] or [replace(paras[0], lines=0)])
            keep: list[Para] = []
            more: list[Para] = []
            for p in paras:
                if more:
                    more.append(p)
                    continue
                fit = int((room - used - (pt_emu(p.space_before_pt) if keep else 0)) // max(1, pt_emu(p.line_pt)))
                if fit >= p.lines:
                    keep.append(p)
                    used += pt_emu(p.height_pt + (p.space_before_pt if len(keep) > 1 else 0))
                elif fit >= 1:
                    a, b = split_para(p, inner_w(cell_w), fit)
                    keep.append(a)
                    more.append(b)
                else:
                    more.append(replace(p, space_before_pt=0.0))
            if not keep and paras[0].lines >= 2:
                a, b = split_para(paras[0], inner_w(cell_w), 1)
                keep, more = [a], [b] + list(paras[1:])
            elif not keep:  # a one-line name: it goes whole
                keep, more = [paras[0]], list(paras[1:])
            first.append((m, tuple(keep)))
            if more:
                rest.append((m, tuple(more)))
        rest_row = _grid_row(f, q, rest, 0, cell_w, gap, cols) if rest else None
        return _grid_row(f, q, first, 0, cell_w, gap, cols), rest_row

    words = sum(word_count(p.text) for _, paras in cells for p in paras)
    return Row(height, draw, split, 0, words)
