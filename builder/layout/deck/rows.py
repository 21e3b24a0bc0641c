"""Rows of text boxes side by side (agenda lines, routine thumbnails), as :class:`~.flow.Row` blocks.

A row is as high as its tallest cell; when a row alone is taller than a slide its main
cell breaks between lines and the rest continues on the next slide.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .flow import Row
from .shapes import Para, Shape, TextBox
from .text import box_height_emu, split_para, word_count
from .units import HEIGHT_SLACK, INSET_X_IN, INSET_Y_IN, inch, pt_emu


@dataclass(frozen=True)
class Cell:
    x_off: int  # from the column's left edge, EMU
    w: int
    paras: tuple[Para, ...]
    role: str
    y_off: int = 0

    @property
    def height(self) -> int:
        return box_height_emu(self.paras) + self.y_off if self.paras else 0


def cell_row(cells: list[Cell], main: int = 0, gap_before: int = 0, extra=None) -> Row:
    """A row of cells; ``main`` is the cell that breaks when the row is taller than a slide.

    ``extra(x, y, h) -> shapes`` draws decorations (a bar) for the row's box.
    """
    cells = [c for c in cells if c.paras] or cells[:1]
    height = max((c.height for c in cells), default=0)

    def draw(x: int, y: int) -> list[Shape]:
        out: list[Shape] = list(extra(x, y, height)) if extra else []
        for c in cells:
            if c.paras:
                out.append(TextBox(x + c.x_off, y + c.y_off, c.w, box_height_emu(c.paras), c.paras, role=c.role))
        return out

    def split(room: int):
        m = min(main, len(cells) - 1)
        cell = cells[m]
        paras = list(cell.paras)
        fixed = pt_emu(paras[0].line_pt * HEIGHT_SLACK) + 2 * inch(INSET_Y_IN) + cell.y_off
        used = fixed
        first: list[Para] = []
        for k, p in enumerate(paras):
            before = pt_emu(p.space_before_pt) if first else 0
            h = pt_emu(p.height_pt) + before
            if used + h <= room:
                first.append(p)
                used += h
                continue
            fit = int((room - used - before) // max(1, pt_emu(p.line_pt)))
            if not first:
                fit = max(1, fit)
            if 1 <= fit < p.lines:
                a, b = split_para(p, cell.w - 2 * inch(INSET_X_IN), fit)
                first.append(a)
                rest = [b] + paras[k + 1:]
            else:
                rest = paras[k:]
            break
        else:
            return None
        if not first:
            return None
        rest[0] = replace(rest[0], space_before_pt=0.0)
        a_cells = [replace(c, paras=tuple(first)) if i == m else c for i, c in enumerate(cells)]
        b_cells = [replace(cell, paras=tuple(rest), y_off=0)]
        return cell_row(a_cells, m, gap_before, extra), cell_row(b_cells, 0, 0, extra)

    words = sum(word_count(p.text) for c in cells for p in c.paras)
    return Row(height, draw, split, gap_before, words)
