"""The body of a routine's pages: slabs stacked down the page, broken across pages.

A slab is a horizontal band: paragraphs (:class:`TextSlab`, optionally on a tinted panel or
beside a label such as BEGIN; :class:`TwinSlab`, paragraphs in two balanced columns on a
panel), a row of movement cards (:class:`RowSlab`), or newspaper columns of slabs
(:class:`ColumnsSlab`). :func:`paginate` fills pages (or columns) in order: a slab that does
not fit the room left is split at a line, unless it is a card that fits whole on the next page
(then it moves there whole), and never leaving fewer than :data:`~.cards.MIN_LINES` lines on
either side of a break. :func:`layout` lays a routine's slabs out across the page or in
columns, its pages evened out (a routine of two pages has two similar pages, not a full one
and a few lines). :func:`place` sets a page's slabs from the top, spreading what room is left
between them. Lengths are PDF points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable, Union

from ..page import Box, Item
from .cards import MIN_LINES, Card
from .column import Column, Set

BALANCE_STEPS = 8  # halvings of the share of each page a routine's pages are filled to when evened out
MIN_COLUMN_ROOM = 0.22  # columns start on the next page when less than this share of the page is left for them


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
    keep: bool = False  # a short note (BEGIN, FINISH): moves whole to the next page or column when it fits there
    ending: bool = False  # what ends the routine (FINISH, the cautions): never starts a page alone (see paginate)

    @property
    def height(self) -> float:
        h = self.col.height
        if self.first and self.label is not None:
            h = max(h, self.label.height)
        return h + 2 * self.pad

    def split(self, avail: float, fresh: bool = False) -> tuple["TextSlab | None", "TextSlab | None"]:
        lines = MIN_LINES * self.col.sets[0].para.style.leading if self.col.sets else 0.0
        head, tail = self.col.split(avail - 2 * self.pad, min_tail=lines, fresh=fresh, min_head=lines)
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
class TwinSlab:
    """Paragraphs in two columns ``col_w`` wide, balanced at a paragraph, on a panel; short
    (the body sets a long text as a :class:`TextSlab`), so it moves whole rather than breaks."""

    left: Column
    right: Column
    col_w: float
    gutter: float
    gap: float
    fill: str | None
    pad: float
    rtl: bool = False
    ending: bool = False  # see TextSlab.ending

    @classmethod
    def of(cls, sets: tuple[Set, ...], col_w: float, gutter: float, gap: float, fill: str | None, pad: float,
           rtl: bool = False) -> "TwinSlab":
        """The paragraphs ``sets`` (measured ``col_w`` wide) split where the taller column is lowest."""
        def col(part) -> Column:  # a column's first paragraph has no space above it
            return Column([replace(s, para=replace(s.para, space=0.0)) if k == 0 else s for k, s in enumerate(part)],
                          col_w)

        best = min(range(1, len(sets)), key=lambda k: (max(col(sets[:k]).height, col(sets[k:]).height), -k))
        return cls(col(sets[:best]), col(sets[best:]), col_w, gutter, gap, fill, pad, rtl)

    @property
    def height(self) -> float:
        return max(self.left.height, self.right.height) + 2 * self.pad

    def split(self, avail: float, fresh: bool = False) -> tuple[None, "TwinSlab"]:
        return None, self

    def place(self, x: float, top: float, width: float, page: str, notes: list) -> list[Item]:
        out: list[Item] = [Box(x, top - self.height, width, self.height, fill=self.fill, radius=3.0)] if self.fill else []
        first, second = (self.right, self.left) if self.rtl else (self.left, self.right)
        out += first.runs(x + self.pad, top - self.pad)
        out += second.runs(x + self.pad + self.col_w + self.gutter, top - self.pad)
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


@dataclass(frozen=True)
class ColumnsSlab:
    """Newspaper columns, each a list of slabs ``col_w`` wide, ``gutter`` apart (from the right
    in a right-to-left program); made by :func:`layout`, never broken."""

    columns: tuple[tuple["Slab", ...], ...]
    col_w: float
    gutter: float
    gap: float
    rtl: bool = False

    @property
    def height(self) -> float:
        return max((used(list(c)) for c in self.columns), default=0.0)

    def split(self, avail: float, fresh: bool = False) -> tuple[None, "ColumnsSlab"]:
        return None, self

    def place(self, x: float, top: float, width: float, page: str, notes: list) -> list[Item]:
        out: list[Item] = []
        for k, column in enumerate(self.columns):
            step = k * (self.col_w + self.gutter)
            cx = x + width - self.col_w - step if self.rtl else x + step
            y = top
            for j, s in enumerate(column):
                if j:
                    y -= s.gap
                out += s.place(cx, y, self.col_w, page, notes)
                y -= s.height
        return out


Slab = Union[TextSlab, TwinSlab, RowSlab, ColumnsSlab]
Room = Callable[[int], float]


def paginate(slabs: list[Slab], body: Room, full: Room | None = None, rooms: int = 0,
             cols: int = 1) -> list[list[Slab]] | None:
    """Slabs into rooms (pages or columns) of ``body(k)`` points each, in order. A slab that
    does not fit the room left is split there, but a card that fits whole in the next room
    moves there whole. ``full(k)`` is the whole room when ``body`` asks for less of it (to
    even pages out): a card that fits it is never split. With ``rooms``, what is left is shared
    between that many rooms: each room aims at its share (by size) and a slab that would pass
    the aim by more than the room now falls short of it goes to the next room. None when a
    slab cannot start even an empty room (a row of cards taller than a page).

    ``cols``: rooms a page (newspaper columns). At a page turn a card that fits the next
    page's columns goes there whole, to run on from column to column, rather than leave its
    picture on this page and its steps overleaf.

    What ends the routine (slabs marked ``ending``: the closing note, the cautions) never starts
    a page with nothing else on it: the last lines of the card before come over with it."""
    full = full or body
    pages: list[list[Slab]] = [[]]
    avail = body(0)
    queue = list(reversed(slabs))
    left = used(slabs)  # what is still to place (about: a broken piece's heading is not counted)
    ahead = [body(k) for k in range(rooms)]
    while queue:
        s = queue.pop()
        page = pages[-1]
        k = len(pages) - 1
        gap = s.gap if page else 0.0
        card = isinstance(s, RowSlab) or (isinstance(s, TextSlab) and s.keep and s.first)
        if page and k < rooms - 1 and not (_ending(s) and (k + 1) % cols == 0):
            aim = left * ahead[k] / sum(ahead[k:])
            done = body(k) - avail
            if done + gap + s.height - aim > aim - done and gap + s.height <= full(k + 1) + 1e-6:
                queue.append(s)
                pages.append([])
                avail = body(k + 1)
                continue
        if gap + s.height <= avail + 1e-6 or (card and not page and s.height <= full(k) + 1e-6):
            page.append(s)
            avail -= gap + s.height
            left -= gap + s.height
            continue
        n = len(pages)  # the next room
        if page and _ending(s) and n % cols == 0:
            company = _company(page, s, queue, body(n))
            if company is not None:
                kept, moved = company
                left += used(page) - used(kept)
                pages[-1] = kept
                queue.extend(reversed(moved))
                pages.append([])
                avail = body(n)
                continue
        whole = page and card and (s.height <= full(n) + 1e-6 or (
            cols > 1 and n % cols == 0 and isinstance(s, RowSlab) and s.height <= sum(full(n + j) for j in range(cols))))
        head, tail = (None, s) if whole else s.split(avail - gap, fresh=not page)
        if head is not None:
            page.append(head)
            left -= gap + head.height
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


def _ending(s: Slab) -> bool:
    return getattr(s, "ending", False)


def _company(page: list[Slab], s: Slab, queue: list[Slab], room: float) -> tuple[list[Slab], list[Slab]] | None:
    """For ``s``, an ending that does not fit what is left of ``page`` and would start the next
    page alone (nothing but endings after it in ``queue``): (what stays on ``page``, what goes
    over in order: the page's last card or text, whole when something stays on the page, else
    its last lines; the endings after it; ``s``), when that fits ``room``; else None."""
    if any(not _ending(q) for q in queue):
        return None  # more than the endings follow it over the page turn
    k = len(page)
    while k and _ending(page[k - 1]):
        k -= 1
    if k == 0:
        return None
    prev, endings = page[k - 1], [*page[k:], s]
    options = [(page[:k - 1], [prev, *endings])] if k > 1 else []  # whole, when something stays
    head, tail = prev.split(prev.height - 1e-3)
    if head is not None and tail is not None:
        options.append((page[:k - 1] + [head], [tail, *endings]))
    return next(((kept, moved) for kept, moved in options if used(moved) <= room + 1e-6), None)


def used(page: list[Slab]) -> float:
    return sum((s.gap if k else 0.0) + s.height for k, s in enumerate(page))


def pictures(page: list[Slab]) -> float:
    """The area of the picture boxes on the page (pt²)."""
    return sum(pictures(list(c)) for s in page if isinstance(s, ColumnsSlab) for c in s.columns) + \
        sum(c.pic_w * c.pic_h for s in page if isinstance(s, RowSlab) for c in s.cards
            if c.first and c.layout.style != "list")


def picture_sizes(page: list[Slab]) -> list[float]:
    """The placed size (longer side) of the movement pictures whose cards start on the page (pt)."""
    return [w for s in page if isinstance(s, ColumnsSlab) for c in s.columns for w in picture_sizes(list(c))] + \
        [c.shown for s in page if isinstance(s, RowSlab) for c in s.cards if c.first and c.shown > 0]


def broken(page: list[Slab]) -> int:
    """How many pieces of cards the page (or column) holds that continue a card begun before."""
    return sum(broken(list(c)) for s in page if isinstance(s, ColumnsSlab) for c in s.columns) + \
        sum(1 for s in page if isinstance(s, RowSlab) and not s.cards[0].first)


HOLLOW = 0.5  # a newspaper column holding less than this share of its tallest neighbour is nearly empty


def hollow(page: list[Slab]) -> int:
    """How many of the page's newspaper columns are nearly empty beside the others (see :data:`HOLLOW`)."""
    out = 0
    for s in page:
        if isinstance(s, ColumnsSlab) and len(s.columns) > 1:
            heights = [used(list(c)) for c in s.columns]
            out += sum(1 for h in heights if h < HOLLOW * max(heights))
    return out


def _low(pages: list, room: Room) -> float:
    """The share of its room the emptiest page (or column) uses."""
    return min((used(p) / room(k) for k, p in enumerate(pages)), default=0.0)


def _evened(run: Callable[[float, int], list | None], count: Callable[[list], int], room: Room,
            rooms: int = 2) -> list | None:
    """The rooms (pages or columns) of ``run(share, aim)`` evened out: filled to the smallest
    share of each room that still gives as few pages (``count``), or aimed at their share of
    the content (``aim`` rooms), whichever leaves the emptiest room fuller. Nothing to even
    when ``run(1.0, 0)`` fills fewer than ``rooms`` rooms."""
    best = run(1.0, 0)
    if best is None or len(best) < rooms:
        return best
    want = count(best)
    lo, hi = 0.2, 1.0
    for _ in range(BALANCE_STEPS):
        mid = (lo + hi) / 2
        trial = run(mid, 0)
        if trial is not None and count(trial) <= want:
            hi, best = mid, trial
        else:
            lo = mid
    aimed = run(1.0, len(best))
    if aimed is not None and count(aimed) <= want and _low(aimed, room) > _low(best, room) + 0.05:
        return aimed
    return best


def layout(top: list[Slab], rest: list[Slab], body: Room, cols: int = 0, col_w: float = 0.0,
           gutter: float = 0.0, rtl: bool = False, even: bool = True) -> list[list[Slab]] | None:
    """A routine's pages: ``top`` then ``rest`` across the page, or (``cols`` > 0) ``top`` across
    the page and ``rest`` down ``cols`` columns ``col_w`` wide from where ``top`` ends (on the
    next page when little room is left there). With ``even``, the pages are evened out."""
    if not cols:
        slabs = top + rest
        return _evened(lambda share, aim: paginate(slabs, lambda k: body(k) * share, body, aim), len, body) \
            if even else paginate(slabs, body)
    head = paginate(top, body) if top else [[]]
    if head is None:
        return None
    first = len(head) - 1
    left = body(first) - used(head[-1]) - (rest[0].gap if head[-1] and rest else 0.0)
    if head[-1] and left < body(first) * MIN_COLUMN_ROOM:
        head.append([])
        first += 1
        left = body(first)
    if not rest:
        return head

    def room(k: int) -> float:
        return left if k < cols else body(first + k // cols)

    def run(share: float, aim: int):
        return paginate(rest, lambda k: room(k) * share, room, aim, cols)

    columns = _evened(run, lambda got: math.ceil(len(got) / cols), room, rooms=1) if even else run(1.0, 0)
    if columns is None:
        return None
    pages = head[:-1]
    for p in range(0, len(columns), cols):
        band = ColumnsSlab(tuple(tuple(c) for c in columns[p:p + cols]), col_w, gutter, rest[0].gap, rtl)
        pages.append((head[-1] if p == 0 else []) + [band])
    return pages


def place(page: list[Slab], x: float, top: float, width: float, room: float, stretch: float,
          label: str, notes: list) -> list[Item]:
    """The page's slabs from ``top`` down. A nearly full page (the room left is at most
    ``stretch`` a gap) shares what is left between them, so it is used to its foot; any other
    keeps its blocks together at the top, nothing floating apart (a page of newspaper columns
    is set as it is)."""
    out: list[Item] = []
    gaps = len(page) - 1
    left = max(0.0, room - used(page)) / gaps if gaps > 0 else 0.0
    columns = any(isinstance(s, ColumnsSlab) for s in page)  # columns end evened out, not at the page's foot
    extra = left if left <= stretch and not columns else 0.0
    y = top
    for k, s in enumerate(page):
        if k:
            y -= s.gap + extra
        out += s.place(x, y, width, label, notes)
        y -= s.height
    return out
