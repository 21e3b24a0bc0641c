"""How the booklet is printed: the paper, the binding, creep correction and what to tell the user.

Pure: decided from the page count and the booklet options, drawn by
:mod:`builder.render.pdf.impose`. Lengths are points unless a name says ``_mm``.

- **saddle**: every sheet folded into one stack and stapled on the fold. Beyond
  :data:`CREEP_FROM_SHEETS` sheets the inner sheets stick out at the fore-edge (creep), so each
  sheet's pages move toward the spine by the paper's thickness per sheet from the outside.
- **signatures**: stacks of at most :data:`SIGNATURE_SHEETS` sheets, each folded and stapled on
  its own (a stapler goes through about 20 sheets), laid one after another.
- **perfect**: two pages a side in reading order: cut the stack in half, lay the right half
  under the left, and glue or bind the spine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ... import theme
from ...model import Program, right_to_left

CREEP_FROM_SHEETS = 8  # more sheets than this in one fold: creep correction
STAPLE_SHEETS = 20  # a saddle stitch of more sheets than this is beyond a stapler: warn and choose
SIGNATURE_SHEETS = 10  # signatures hold at most this many sheets (40 pages)
HOME_PAPER = ("A4", "letter")  # what a home or office printer takes
SMALLER = {"A4": "A5", "letter": "half-letter"}  # the page size whose print sheet is home paper


@dataclass(frozen=True)
class PrintPlan:
    """The print version of a booklet of ``pages`` pages."""

    paper: str  # the sheet's paper name (landscape), e.g. "A4"
    binding: str  # "saddle", "signatures" or "perfect"
    pages: int
    signatures: tuple[int, ...]  # pages in each folded stack, in order (one stack for saddle)
    creep_pt: float  # how far each sheet's pages move toward the spine per sheet from the outside
    notes: tuple[tuple[str, tuple[tuple[str, object], ...]], ...]  # (message id, params) for the user
    rtl: bool = False  # bound on the right (a right-to-left booklet): each sheet side's halves swap

    @property
    def sheets(self) -> int:
        return self.pages // 4

    def creep_of_sheet(self, k: int, stack_sheets: int) -> float:
        """The shift toward the spine of sheet ``k`` (0 outermost) of a stack, in points."""
        if stack_sheets <= CREEP_FROM_SHEETS:
            return 0.0
        return k * self.creep_pt


def _note(key: str, **params) -> tuple[str, tuple[tuple[str, object], ...]]:
    return key, tuple(sorted(params.items()))


def print_plan(program: Program, pages: int, page_size: str | None = None) -> PrintPlan:
    opts = program.booklet
    size = page_size or opts.page_size
    paper = theme.PRINT_SHEET[size]
    sheets = math.ceil(pages / 4)
    binding = getattr(opts, "binding", "auto")
    creep = theme.pt(getattr(opts, "paper_thickness_mm", 0.1))
    notes = []
    if binding == "auto":
        binding = "saddle" if sheets <= STAPLE_SHEETS else "signatures"
        if sheets > STAPLE_SHEETS:
            notes.append(_note("print_too_many_sheets", sheets=sheets, limit=STAPLE_SHEETS))
    if binding == "signatures":
        count = max(1, math.ceil(sheets / SIGNATURE_SHEETS))
        base, extra = divmod(sheets, count)
        stacks = tuple(4 * (base + (1 if i < extra else 0)) for i in range(count))
        notes.append(_note("print_signatures", paper=paper, count=count,
                           sheets=", ".join(str(s // 4) for s in stacks)))
    elif binding == "perfect":
        stacks = (4 * sheets,)
        notes.append(_note("print_perfect", paper=paper))
    else:
        binding = "saddle"
        stacks = (4 * sheets,)
        notes.append(_note("print_booklet", paper=paper))
    if binding != "perfect" and max(stacks) // 4 > CREEP_FROM_SHEETS:
        notes.append(_note("print_creep", mm=f"{creep / theme.PT_PER_MM:.2f}".rstrip("0").rstrip(".")))
    if paper not in HOME_PAPER:
        notes.append(_note("print_big_paper", paper=paper, size=size, smaller=SMALLER.get(size, "A5"),
                           home=HOME_PAPER[0] if size.startswith("A") else HOME_PAPER[1]))
    rtl = right_to_left(program.language)
    return PrintPlan(paper, binding, 4 * sheets, stacks, creep, tuple(notes), rtl)
