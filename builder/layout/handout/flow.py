"""The body of a routine's pages: slabs stacked down the page, broken across pages.

A slab is a horizontal band of the content width: paragraphs (:class:`TextSlab`, optionally
on a tinted panel or beside a label such as BEGIN) or a row of movement cards
(:class:`RowSlab`). :func:`paginate` fills pages in order, splitting a slab at a line when
it does not fit (a row of several cards moves whole to the next page); :func:`balance`
evens the pages of a routine out; :func:`place` sets a page's slabs from the top, spreading
what room is left between them. Lengths are PDF points.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Union

from ..page import Box, Item
from .cards import Card
from .column import Column, Set


LONG_CARD = 0.4  # a card taller than this share of a page may break across pages; a shorter one moves whole


@dataclass(frozen=True)
class TextSlab:
    """Paragraphs across the width: on a panel (``fill``, padded ``pad``) or beside ``label``."""

    col: Column
    gap: float  # above it, unless it starts a page
    fill: str | None = None
    pad: float = 0.0
    label: Set | None = None  # drawn left of the first piece ("BEGIN")
    label_w: float = 0.0
    first: bool = True
    rtl: bool = False  # the label on the right

    @property
    def height(self) -> float:
        h = self.col.height
        if self.first and self.label is not None:
            h = max(h, self.label.height)
        return h + 2 * self.pad

    def split(self, avail: float, fresh: bool = False) -> tuple["TextSlab | None", "TextSlab | None"]:
        lines = 2 * self.col.sets[0].para.style.leading if self.col.sets else 0.0
        head, tail = self.col.split(avail - 2 * self.pad, min_tail=lines, fresh=fresh)
        if head is None:
            return None, self
        return replace(self, col=head), (replace(self, col=tail, first=False) if tail else None)

    def place(self, x: float, top: float, width: float, page: str, notes: list) -> list[Item]:
        out: list[Item] = []
        if self.fill:
            out.append(Box(x, top - self.height, width, self.height, fill=self.fill, radius=3.0))
        label_x, col_x = (x + width - self.label_w + 6.0, x) if self.rtl else (x, x + self.label_w)
        if self.first and self.label is not None:
            out += self.label.runs(label_x + self.pad, top - self.pad)
        out += self.col.runs(col_x + self.pad, top - self.pad)
        return out


@dataclass(frozen=True)
class RowSlab:
    """A row of movement cards, ``cell`` wide each, ``gutter`` apart."""

    cards: tuple[Card, ...]
    cell: float
    gutter: float
    gap: float
    rtl: bool = False  # the row reads from the right

    @property
    def height(self) -> float:
        return max(c.height for c in self.cards)

    def split(self, avail: float, fresh: bool = False) -> tuple["RowSlab | None", "RowSlab | None"]:
        if len(self.cards) != 1:  # a row of several cards is never broken
            return None, self
        head, tail = self.cards[0].split(avail, fresh)
        if head is None:
            return None, self
        return replace(self, cards=(head,)), (replace(self, cards=(tail,)) if tail else None)

    def place(self, x: float, top: float, width: float, page: str, notes: list) -> list[Item]:
        out: list[Item] = []
        for k, card in enumerate(self.cards):
            step = k * (self.cell + self.gutter)
            out += card.place(x + width - self.cell - step if self.rtl else x + step, top, page, notes)
        return out


Slab = Union[TextSlab, RowSlab]


def paginate(slabs: list[Slab], body: Callable[[int], float]) -> list[list[Slab]] | None:
    """Slabs onto pages of ``body(k)`` points each, in order; a slab that does not fit the room
    left is split there (or moved whole to the next page). None when a slab cannot start even
    an empty page (a row of cards taller than a page)."""
    pages: list[list[Slab]] = [[]]
    avail = body(0)
    queue = list(reversed(slabs))
    while queue:
        s = queue.pop()
        page = pages[-1]
        gap = s.gap if page else 0.0
        if gap + s.height <= avail + 1e-6:
            page.append(s)
            avail -= gap + s.height
            continue
        # text may break at a line; a card only if it is long (a short one moves whole to the next page)
        short = isinstance(s, RowSlab) and s.height <= body(len(pages)) * LONG_CARD
        head, tail = (None, s) if (page and short) else s.split(avail - gap, fresh=not page)
        if head is not None:
            page.append(head)
            if tail is None:
                avail -= gap + head.height
                continue
            queue.append(tail)
        elif not page:
            return None  # does not fit an empty page, and cannot be split
        else:
            queue.append(s)
        pages.append([])
        avail = body(len(pages) - 1)
    if not pages[-1]:
        pages.pop()
    return pages or [[]]


def balance(slabs: list[Slab], body: Callable[[int], float]) -> list[list[Slab]] | None:
    """:func:`paginate`, then the pages evened out: each filled only to the share of its room
    that still gives the same number of pages (so a routine does not end on a page of one)."""
    pages = paginate(slabs, body)
    if pages is None or len(pages) < 2:
        return pages
    lo, hi, best = 0.5, 1.0, pages
    for _ in range(7):
        mid = (lo + hi) / 2
        trial = paginate(slabs, lambda k: body(k) * mid)
        if trial is not None and len(trial) == len(pages):
            hi, best = mid, trial
        else:
            lo = mid
    return best


def used(page: list[Slab]) -> float:
    return sum((s.gap if k else 0.0) + s.height for k, s in enumerate(page))


def place(page: list[Slab], x: float, top: float, width: float, room: float, stretch: float,
          label: str, notes: list) -> list[Item]:
    """The page's slabs from ``top`` down; the room left (of ``room``) goes between them, at most
    ``stretch`` more per gap, so a page is used to its foot but nothing floats apart."""
    out: list[Item] = []
    gaps = len(page) - 1
    extra = min(max(0.0, room - used(page)) / gaps, stretch) if gaps > 0 else 0.0
    y = top
    for k, s in enumerate(page):
        if k:
            y -= s.gap + extra
        out += s.place(x, y, width, label, notes)
        y -= s.height
    return out
