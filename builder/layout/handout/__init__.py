"""Plan the class handouts: a home-exercise sheet for each routine, as pages of positioned items.

Pure (no reportlab): :func:`plan` turns a program into a :class:`HandoutPlan` whose
:class:`~builder.layout.page.Document` :mod:`builder.render.pdf.draw` draws as it is.

Each routine (sequence) gets its own pages. The first page has the program title, the
routine's name, how often and how long, with the QR code (the website, else the first
movement video) and its caption beside them; then the stop-level cautions on a red panel,
the opening note (BEGIN), the movements (each a card: picture, number, name, summary, dose in
bold, its cues or else every step, the cautions only it has), the closing note (FINISH) and
the program's other cautions, a strip at the body's size (:mod:`.frame`, :mod:`.body`, :mod:`.cards`).
The QR code and a one-line footer (contact, logo) are on every page.

The type size and the arrangement are chosen to put the routine on as few pages as it needs
and to use them (:mod:`.planner`): one page whenever some arrangement holds it at 9.5 pt or
more (at the largest size that does; 12 pt for a short routine; but 11 pt with pictures 45 mm
or more rather than a larger size with smaller ones, for a routine of up to 8 movements), cards
in rows or down newspaper columns (never one left nearly empty), pictures beside or above their
text, as large as the page allows and one size in the routine; 16 pt in large print
(``booklet.large_print``). Cautions and dose are never smaller than the body. In a
right-to-left program every line is set flush right, each reading in its own direction. A routine that needs more pages keeps its text at 11 pt
or more, its pages evened out (no card broken that fits whole on the next page, never a page
of a few lines), and continues under a running header ("Full-body stretch, continued"), the
movement numbers running on; any text too long for a page continues on the next, so no
routine fails the build.

A program without sequences gets all its movements in teaching order, on as many pages as
they need. A client's handout holds sheets made of the client's selection (see :mod:`.sheets`).
Each sheet is planned on its own (:func:`plan_piece`, a kept unit), so a build plans a
program's routines side by side and joins them (:func:`join`); :func:`plan_sheets` lays out
any list of sheets.

Units: PDF points, origin at the bottom-left of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...model import Program
from .. import reuse
from ..page import Document
from .planner import SheetPlanner
from .sheets import Contact, Entry, Options, Sheet, program_sheets
from .style import Geometry

__all__ = ["Contact", "Entry", "HandoutPlan", "Options", "Sheet", "plan", "plan_sheets", "program_sheets"]


@dataclass(frozen=True)
class HandoutPlan:
    """The handout's document, and the pictures placed smaller than their frames for lack of
    pixels (each the values of a ``low_resolution`` console note)."""

    document: Document
    parts: tuple[tuple[str, int, int], ...] = ()  # each sheet's key, first page (from 0) and page count
    low_resolution: tuple[tuple[tuple[str, object], ...], ...] = ()

    def image_requests(self) -> list:
        """Every picture box the pages place (movement pictures and the logo), once."""
        return self.document.image_requests()


def plan(program: Program) -> HandoutPlan:
    """The program's handouts: one sheet per routine (see the module's docstring)."""
    return join(program, [plan_piece(program, k) for k in range(pieces(program))])


def pieces(program: Program) -> int:
    """How many sheets :func:`plan` lays out, each on its own (:func:`plan_piece`), so that a
    build can plan them side by side and :func:`join` them."""
    return max(1, len(program.sequences))  # as program_sheets: one per routine, else one sheet


def plan_piece(program: Program, k: int) -> "Sheeted":
    """Sheet ``k`` of the program's handouts, on pages of its own (see :func:`join`)."""
    sheets = program_sheets(program)
    return _sheet_pages(sheets[k], Options.of(program))


def join(program: Program, planned: list["Sheeted"]) -> HandoutPlan:
    """The handouts of the sheets planned by :func:`plan_piece`, in order, as one document."""
    got = _document(program_sheets(program), Options.of(program), planned)
    if program.client is not None:  # a client's own (see Document.edition)
        got = replace(got, document=replace(got.document, edition=program.client.id))
    return got


def plan_sheets(sheets: list[Sheet], opts: Options) -> HandoutPlan:
    """Lay out ``sheets`` as one document, each sheet starting on a new page."""
    return _document(sheets, opts, [_sheet_pages(sheet, opts) for sheet in sheets])


Sheeted = tuple  # one sheet's (pages, outline entries, low-resolution notes), its pages numbered from 0


def _sheet_pages(sheet: Sheet, opts: Options) -> Sheeted:
    """One sheet's pages, a kept unit: they do not depend on where the sheet starts (see :func:`_document`)."""
    geo = Geometry.of(opts.page_size, opts.large_print, opts.rtl)
    return reuse.unit("handout-sheet", (sheet, opts, geo), lambda: SheetPlanner(sheet, opts, geo).pages())


def _document(sheets: list[Sheet], opts: Options, planned: list[Sheeted]) -> HandoutPlan:
    """The sheets' pages one after another, their anchors numbered through the document."""
    pages, outline, notes, parts = [], [], [], []
    for sheet, (got, entries, low) in zip(sheets, planned, strict=True):
        start = len(pages)
        anchor = {f"h{k}": f"h{start + k}" for k in range(len(got))}
        parts.append((sheet.key, start, len(got)))
        pages += [replace(page, anchors=tuple(anchor.get(a, a) for a in page.anchors)) for page in got]
        outline += [replace(entry, anchor=anchor.get(entry.anchor, entry.anchor)) for entry in entries]
        notes += [n for n in low if n not in notes]
    L = opts.labels
    doc = Document(
        pages=tuple(pages), title=opts.title, author=opts.author,
        subject=L("handout_subject", names="; ".join(s.title for s in sheets)),
        language=opts.language, outline=tuple(outline),
    )
    low_res = tuple(tuple(sorted(n.items())) for n in notes)
    return HandoutPlan(doc, tuple(parts), tuple(dict.fromkeys(low_res)))
