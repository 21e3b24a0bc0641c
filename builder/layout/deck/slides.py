"""The agenda, the intro sections and the program's cautions.

The agenda shows the program's sections with their counts and times (the movements by
name when they fit a line or two; a routine's time under its name, as it repeats the
movements): one slide, two at most, whatever the program's size. An intro section shows
its ``slide`` points, else its text by whole paragraphs, at most about 100 words a slide
(the full text is always in the notes); the program's cautions come once, before the
first movement.
"""

from __future__ import annotations

from ...compose import facts
from ...model import Section
from ...model.markdown import plain_inline
from . import notes
from .flow import Block, column, items, paginate
from .frame import LEVEL_MARKERS, Frame, counter
from .prose import prose_paras, sentence_blocks
from .rows import Cell, cell_row
from .shapes import Para, SlidePlan, Span, TextBox
from .text import inner_w, lit, para, runs_of
from .units import AGENDA_PT, AGENDA_SIZES, BODY_SIZES, INTRO_WORDS, LABEL_PT, PROSE_SIZES, inch, pt_emu


# ----------------------------------------------------------------------------- agenda

def agenda_slides(f: Frame) -> list[SlidePlan]:
    f = f.on("title_only")
    p, L = f.p, f.L
    for detailed in (True, False):
        head, pages = f.best(AGENDA_SIZES, L("agenda"), lambda h, size: paginate(
            [Block(None, row=r, split=False) for r in _agenda_rows(f, detailed, size)], f.cw, [f.bottom - h.y],
            row_gap=inch(0.16)))
        if len(pages) <= 1 or (not detailed and len(pages) <= 2):
            break
    note = notes.agenda(p, L)
    out = []
    for i, page in enumerate(pages):
        t = counter(L("agenda"), i + 1, len(pages))
        shapes, _ = column(page, f.mx, head.y, f.cw, inner_w(f.cw), row_gap=inch(0.16))
        out.append(SlidePlan("agenda", t, tuple(head.shapes(t) + shapes), note, layout="title_only"))
    return out


def _agenda_rows(f: Frame, detailed: bool, size: float = AGENDA_PT) -> list:
    """One row per section: its name, what it holds (counts; movement names if short) and its time."""
    p, L = f.p, f.L
    time_w = inch(2.8)
    name_w = f.cw - time_w - inch(0.3)
    rows = []
    number = 0

    def row(name: str, detail: str | tuple[Span, ...] = "", time: str = ""):
        nonlocal number
        number += 1
        iw = inner_w(name_w)
        paras = [para([Span(f"{number}  ", bold=True, colour=f.accent_text), *runs_of(name, bold=True)], size, iw, colour=f.ink)]
        if detail:
            spans = (lit(detail),) if isinstance(detail, str) else detail
            paras.append(para(spans, LABEL_PT + 2, iw, colour=f.muted, space_before_pt=2))
        cells = [Cell(0, name_w, tuple(paras), "agenda-item")]
        if time:
            cells.append(Cell(f.cw - time_w, time_w, (para([lit(time)], size, inner_w(time_w), colour=f.ink,
                                                           align="right"),), "agenda-time"))
        rows.append(cell_row(cells))

    if p.intro:
        row(L("introduction"), L.plural("agenda_topics", len(p.intro), n=len(p.intro)))
    if p.cautions:
        row(L("before_we_begin"), L.plural("agenda_cautions", len(p.cautions), n=len(p.cautions)))
    if p.movements:
        # the names, each read on its own (a name's *italic* as typed; an odd `*` never pairs with the next name's)
        names = tuple(sp for k, m in enumerate(p.movements)
                      for sp in ((Span(L("list_separator")),) if k else ()) + runs_of(m.name))
        detail = L.plural("agenda_movements", len(p.movements), n=len(p.movements))
        iw = inner_w(name_w)
        if detailed and para(names, LABEL_PT + 2, iw).lines <= 2:
            detail = names
        row(L("movements"), detail, facts.about(p.duration_minutes, L) if p.duration_minutes else "")
    if p.sequences:
        # A routine repeats movements already timed above: its time is in its detail line, not
        # in the column of times, which so never reads as adding up (the movements' time is the total).
        if detailed and len(p.sequences) <= 3:
            for q in p.sequences:
                bits = [" ".join(q.how_often.split()) if q.how_often else "",
                        facts.about(q.duration_minutes, L) if q.duration_minutes else ""]
                row(L("routine_named", name=q.name), " · ".join(b for b in bits if b))
        else:
            row(L("routines"), L.plural("agenda_routines", len(p.sequences), n=len(p.sequences)))
    return rows


# ----------------------------------------------------------------------------- intro sections

def intro_slides(f: Frame, s: Section) -> list[SlidePlan]:
    heading = plain_inline(s.heading)
    picture = s.image is not None
    f = f.on("picture" if picture else "content")
    share = 0.45
    x = w = None
    if picture and f.side:  # the title over the text column, beside the picture
        _, x, w = f.picture_columns(f.top, share)

    def geometry(head):
        if picture:
            return f.picture_columns(head.y, share)
        return None, f.mx, f.cw

    def blocks(head, iw, size):
        out = [Block(p, split=True) for p in f.overflow_paras(head, size, iw)]
        if s.slide:
            pts = [para(runs_of(t), size, iw, colour=f.ink, bullet=True, indent_emu=pt_emu(size * 1.1), marker_colour=f.marker,
                        space_before_pt=round(size * 0.45) if (k or out) else 0) for k, t in enumerate(s.slide)]
            return out + items(pts, split=True), None
        return out + sentence_blocks(f, s.text, size, iw, whole=True), INTRO_WORDS

    def make(head, size):
        _, _, tw = geometry(head)
        bl, words = blocks(head, inner_w(tw), size)
        return paginate(bl, inner_w(tw), [f.bottom - head.y], max_words=words) if bl else [[]]

    head, pages = f.best(PROSE_SIZES, heading, make, x, w)
    box, tx, tw = geometry(head)
    note = notes.section(s, f.L)
    out = []
    for i, page in enumerate(pages):
        t = counter(heading, i + 1, len(pages))
        shapes = head.shapes(t)
        if box is not None:
            # in the column that bleeds off the slide, a wide picture sits in its middle, not against the top edge
            shapes += f.pictures_in((s.image,), box, role="section-image", valign="middle" if f.side else "top")
        body, _ = column(page, tx, head.y, tw, inner_w(tw))
        shapes += body
        shown = [q for b in body if isinstance(b, TextBox) for q in b.paras]
        out.append(SlidePlan("intro", t, tuple(shapes), note if i == 0 else notes.section_continued(heading, shown, f.L),
                             layout="picture" if picture else "content"))
    return out


# ----------------------------------------------------------------------------- the program's cautions

def caution_paras(f: Frame, cautions, size: float, width: int, first_gap: float = 0) -> list[Para]:
    """Each caution: its level (a shape and a word, not only a colour) and title leading its text (its paragraphs and lists)."""
    out = []
    for k, c in enumerate(cautions):
        colour = f.level_colour(c.level)
        marker = LEVEL_MARKERS.get(c.level, LEVEL_MARKERS["caution"])
        spans = [Span(marker + " " + facts.level_word(c.level, f.L).upper(), bold=True, colour=colour), Span("  ")]
        if c.title:
            spans += [*runs_of(c.title, bold=True), Span(": ")]
        out += prose_paras(f, c.text, size, width, space=round(size * 0.3), lead=tuple(spans),
                           first_space=first_gap if k == 0 else round(size * 0.6))
    return out


def caution_slides(f: Frame) -> list[SlidePlan]:
    f = f.on("content")
    p, L = f.p, f.L
    iw = inner_w(f.cw)

    def make(head, size):
        paras = f.overflow_paras(head, size, iw) + caution_paras(f, p.cautions, size, iw)
        return paginate([Block(q, split=True) for q in paras], iw, [f.bottom - head.y])

    title = L("before_we_begin")
    head, pages = f.best(BODY_SIZES, title, make)
    note = notes.cautions(p.cautions, L)
    out = []
    for i, page in enumerate(pages):
        t = counter(title, i + 1, len(pages))
        body, _ = column(page, f.mx, head.y, f.cw, iw)
        out.append(SlidePlan("cautions", t, tuple(head.shapes(t) + body), note, layout="content"))
    return out
