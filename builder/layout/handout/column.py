"""Paragraphs stacked in a column: measured, split between pages at a line, and placed.

A :class:`Para` is a paragraph to set (spans, style, spacing, an optional list marker); a
:class:`Column` is paragraphs measured at one width. Measuring is always exact: a column the
planner only compares is counted (:func:`.measure.count`, the number of lines
:func:`~builder.layout.text.wrap` makes, cheaply), one that is drawn holds its lines. Lengths
are PDF points; ``top`` is the y of a block's top.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import text as tx
from ..page import Item, TextBlock, TextRun, TextStyle
from ...model import markdown
from . import measure

#: A step (or cue) of this many lines or fewer is never broken between pages or columns: it
#: moves on whole (a client reads a step as one instruction, not "…bend the" overleaf).
WHOLE_STEP_LINES = 8


@dataclass(frozen=True)
class Para:
    """One paragraph to set; its spans already carry the style's weight."""

    spans: tuple[tx.Span, ...]
    style: TextStyle
    space: float = 0.0  # above it, unless it starts a column
    indent: float = 0.0  # the text starts this far in from the column's start edge
    marker: tuple[tx.Span, ...] = ()  # drawn in the indent on the first line ("•", "3.")
    keep_with_next: bool = False  # a heading: never the last thing before a page break
    base: str | None = None  # "R" or "L": the paragraph's direction (default: its first strong character)
    follows: bool = False  # the next item of a list: beside a picture, set as the item before it is

    @classmethod
    def of(cls, spans, style: TextStyle, **kw) -> "Para":
        spans = tuple(s if (s.bold or not style.bold) and (s.italic or not style.italic)
                      else tx.Span(s.text, s.bold or style.bold, s.italic or style.italic, s.colour, s.link)
                      for s in spans)
        return cls(spans, style, **kw)


def spans(text: str | None, colour: str | None = None, bold: bool = False) -> tuple[tx.Span, ...]:
    """One line of the teacher's prose (inline Markdown) as spans."""
    return tuple(tx.Span(r.text, r.bold or bold, r.italic, colour) for r in markdown.inline(text or ""))


def prose(text: str | None, style: TextStyle, indent: float, space: float, lead: tuple[tx.Span, ...] = ()) -> list[Para]:
    """The teacher's prose (paragraphs and ``-`` lists) as paragraphs; ``lead`` (a label) starts
    the first one, which reads in the direction of the teacher's text, not of the label."""
    out: list[Para] = []
    base = tx.direction(text or "")
    for block in markdown.blocks(text):
        if isinstance(block, markdown.Paragraph):
            runs = tx.spans_of(block.runs)
            out.append(Para.of((lead + runs) if not out else runs, style, space=space, base=base))
        else:
            for item in block.items:
                runs = tx.spans_of(item)
                if lead and not out:
                    out.append(Para.of(lead, style, space=space, base=base))
                out.append(Para.of(runs, style, space=space * 0.5, indent=indent, marker=(tx.Span("•"),), base=base))
    if not out and lead:
        out.append(Para.of(lead, style, space=space, base=base))
    return out


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Set:
    """A paragraph measured at a width: ``n`` lines (``lines`` when it is to be drawn), from
    line ``start`` of the paragraph (a piece after a page break starts further in)."""

    para: Para
    width: float
    n: int
    lines: tuple[tx.Line, ...] | None
    start: int = 0
    x: float = 0.0  # from the column's start edge (a paragraph beside a picture starts further in)

    @classmethod
    def of(cls, para: Para, width: float, drawn: bool, x: float = 0.0) -> "Set":
        """``para`` at ``width``: its lines when ``drawn``, else only counted."""
        w = max(width - para.indent, 1.0)
        if drawn:
            lines = tuple(tx.wrap(para.spans, para.style.size, w, base=para.base))
            return cls(para, width, len(lines), lines, 0, x)
        return cls(para, width, measure.count(para.spans, para.style.size, w), None, 0, x)

    @property
    def space(self) -> float:
        return self.para.space if self.start == 0 else 0.0

    @property
    def height(self) -> float:
        return self.n * self.para.style.leading

    def part(self, a: int, b: int) -> "Set":
        lines = self.lines[a:b] if self.lines is not None else None
        return replace(self, n=b - a, lines=lines, start=self.start + a)

    def runs(self, x: float, top: float) -> list[Item]:
        """The paragraph's lines with the top of the first at ``top``, in a column from ``x``."""
        p = self.para
        rtl = p.style.align == "right" or (bool(self.lines) and self.lines[0].rtl)  # the marker on the right
        w = self.width - p.indent
        block = replace(TextBlock.of((), p.style, w), lines=list(self.lines or ()))
        tx0 = x if rtl else x + p.indent
        out: list[Item] = []
        if p.marker and self.start == 0 and self.lines:  # first, so the text reads "4. Breathe in..."
            (mline,) = tx.wrap(p.marker, p.style.size, 1e6) or [None]
            if mline is not None:
                gap = p.style.size * 0.45
                mx = x + self.width - p.indent + gap if rtl else x + p.indent - gap - mline.width
                base = top - block.first_baseline
                colour = p.style.colour
                out += [TextRun(mx + q.x, base + q.rise, q.text, q.face, q.size, q.colour or colour, None, q.width,
                                q.heavier) for q in mline.pieces]
        return out + block.runs(tx0, top)


class Column:
    """Paragraphs measured at one width, stacked from the top; split at a line between pages."""

    def __init__(self, sets: list[Set], width: float):
        self.sets = sets
        self.width = width
        self.height = sum((s.space if k else 0.0) + s.height for k, s in enumerate(sets))
        """The column's height (pt): its paragraphs and the space between them."""

    @classmethod
    def of(cls, paras: list[Para], width: float, drawn: bool) -> "Column":
        return cls([Set.of(p, width, drawn) for p in paras], width)

    @classmethod
    def beside(cls, paras: list[Para], width: float, inset: float, depth: float, drawn: bool,
               rtl: bool = False, lists_under: bool = False) -> "Column":
        """Paragraphs that start within ``depth`` of the top are set ``inset`` in (beside a
        picture that deep: on their left, or with ``rtl`` on their right), the rest across the
        whole ``width``; a list's items all as its first (a list is not broken by the picture's
        foot). With ``lists_under`` (a narrow text beside the picture) list items are never
        beside it: the list starts under the picture, and so does everything after it."""
        sets: list[Set] = []
        y = 0.0
        beside = True
        under = False
        for p in paras:
            under = under or (lists_under and bool(p.marker))
            if under and sets and y + p.space < depth - 1e-6:  # below the picture's foot
                p = replace(p, space=depth - y)
            if sets:
                y += p.space
            beside = not under and (beside if p.follows and sets else y < depth - 1e-6)
            s = Set.of(p, width - inset, drawn, 0.0 if rtl else inset) if beside else Set.of(p, width, drawn)
            sets.append(s)
            y += s.height
        return cls(sets, width)

    def __bool__(self) -> bool:
        return bool(self.sets)

    def split(self, avail: float, min_tail: float = 0.0, fresh: bool = False,
              min_head: float = 0.0) -> tuple["Column | None", "Column"]:
        """The part that fits ``avail`` and the rest, which is at least ``min_tail`` high when it
        can be (the break moves up for it). The part is None when not even a line fits or, unless
        the page is ``fresh`` (empty), when it would be under ``min_head`` high (the column then
        starts on the next page). A short heading never ends a part; on a fresh page the part is
        never None while a line fits, so every page takes something."""
        head, tail = self._split(avail, fresh)
        for _ in range(6):
            if head is None or not tail or tail.height >= min_tail - 1e-6:
                break
            step = max(min_tail - tail.height, head.sets[-1].para.style.leading * 0.99)
            shorter, rest = self._split(head.height - step, fresh)
            if shorter is None:
                break
            head, tail = shorter, rest
        if head is not None and tail and not fresh and head.height < min_head - 1e-6:
            return None, self
        return head, tail

    def _split(self, avail: float, fresh: bool) -> tuple["Column | None", "Column"]:
        head: list[Set] = []
        used = 0.0
        rest: list[Set] = []
        for k, s in enumerate(self.sets):
            space = s.space if head else 0.0
            if used + space + s.height <= avail + 1e-6:
                head.append(s)
                used += space + s.height
                continue
            lead = s.para.style.leading
            fit = int((avail - used - space + 1e-6) // lead)
            fit = min(fit, s.n - 1)
            if fit >= 2 and s.n - fit == 1:
                fit -= 1  # no single line left alone at the top of the next page
            if fit < 2 and (head or not fresh):
                fit = 0  # nor alone at the foot of this one: a step breaks two lines and two lines, or moves whole
            if s.para.marker and s.n <= WHOLE_STEP_LINES and head:
                fit = 0  # a step of a few lines is read whole: it moves on rather than break mid-sentence
            if fit >= 1:
                head.append(s.part(0, fit))
                rest = [s.part(fit, s.n)] + self.sets[k + 1:]
            else:
                rest = self.sets[k:]
            break
        whole = {id(t) for t in self.sets}

        def heading(t: Set) -> bool:  # a short heading, not broken
            return t.para.keep_with_next and t.n <= 3 and id(t) in whole

        while len(head) > 1 and heading(head[-1]) and rest:
            rest.insert(0, head.pop())
        if not head or (not fresh and len(head) == 1 and heading(head[0]) and rest):
            return None, self
        return Column(head, self.width), Column(rest, self.width)

    def runs(self, x: float, top: float) -> list[Item]:
        out: list[Item] = []
        y = top
        for k, s in enumerate(self.sets):
            if k:
                y -= s.space
            out += s.runs(x + s.x, y)
            y -= s.height
        return out
