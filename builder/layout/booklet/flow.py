"""Blocks of rows and the paginator that fills frames with them, by the booklet's own keep rules.

Everything the booklet sets in its frame is a :class:`Block`: a stack of :class:`Row` strips
(a line of text, a picture, a gap) with padding and an optional decoration drawn around the
rows a page holds (a caution panel's tinted box). A block may break only between rows it
allows (a paragraph between lines, keeping two lines on each side; a step never); a block
taller than a whole frame breaks anywhere, so pagination always ends.

:func:`paginate` places a list of blocks: a block marked ``keep_next`` stays on the page of
the block after it (a heading with its first item, a last step with the dose), a
``new_page`` block starts a page; a block that can ``shrink`` (a picture) is made a little
smaller to stay on its page rather than leave a gap. Lengths are points; ``top`` is a ``y`` in page space.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from ..evening import even_lists
from ..page import Item

EPS = 1e-6

Painter = Callable[[float, float], list]  # (x, top) -> items


def _nothing(x: float, top: float) -> list:
    return []


@dataclass(frozen=True)
class Row:
    """An unbreakable strip ``h`` points tall, drawn by ``paint(x, top)``."""

    h: float
    paint: Painter = _nothing
    gap: bool = False  # only space: dropped where a page break falls next to it


@dataclass
class Block:
    """Rows set one under another, with the places a page may break between them.

    ``breaks[i]`` says a page may break before row ``i`` (0 < i < len(rows)).
    ``decorate(x, top, h)`` draws behind the rows a page holds (boxes, bars);
    ``pad_top``/``pad_bottom`` are repeated on every page a split block lands on.
    """

    rows: list[Row]
    breaks: list[bool] = field(default_factory=list)
    space_before: float = 0.0
    keep_next: bool = False
    new_page: bool = False
    pad_top: float = 0.0
    pad_bottom: float = 0.0
    decorate: Callable[[float, float, float], list] | None = None
    x_offset: float = 0.0
    shrink: Callable[[float], "Block | None"] | None = None  # a smaller version that fits a room, if any
    tag: tuple = ()  # what the block is, for plans and tests: ("step", part, n), ("picture",), ...
    rest_head: tuple[Row, ...] = ()  # rows that open each later piece of it ("STOP, continued")

    def __post_init__(self):
        if len(self.breaks) != len(self.rows):
            self.breaks = [False] + [True] * (len(self.rows) - 1) if not self.breaks else self.breaks
            self.breaks = (self.breaks + [True] * len(self.rows))[: len(self.rows)]

    @property
    def height(self) -> float:
        return self.pad_top + sum(r.h for r in self.rows) + self.pad_bottom

    def min_head(self) -> float:
        """The least height of a first piece: up to the first allowed break (all of it if none)."""
        h = self.pad_top + self.pad_bottom
        for i, r in enumerate(self.rows):
            if i and self.breaks[i]:
                return h
            h += r.h
        return h

    def split(self, room: float, force: bool = False) -> tuple["Block", "Block"] | None:
        """The first rows that fit ``room`` and the rest, at the last allowed break; ``force``
        allows any break (at least one row goes first). None if no allowed break fits."""
        acc = self.pad_top + self.pad_bottom
        best = None
        for i in range(1, len(self.rows)):
            acc += self.rows[i - 1].h  # the height of rows[:i]
            if acc > room + EPS:
                break
            if self.breaks[i] or force:
                best = i
        if best is None:
            if not force or len(self.rows) < 2:
                return None
            best = 1
        head_rows = self.rows[:best]
        rest_rows = list(self.rows[best:])
        rest_breaks = list(self.breaks[best:])
        while head_rows and head_rows[-1].gap and len(head_rows) > 1:
            head_rows = head_rows[:-1]
        while rest_rows and rest_rows[0].gap and len(rest_rows) > 1:
            rest_rows.pop(0)
            rest_breaks.pop(0)
        head = replace(self, rows=list(head_rows), breaks=list(self.breaks[: len(head_rows)]), keep_next=False)
        lead = list(self.rest_head)
        rest = replace(self, rows=lead + rest_rows, breaks=[False] * (len(lead) + 1) + rest_breaks[1:], space_before=0.0,
                       new_page=False)
        return head, rest

    def paint(self, x: float, top: float) -> list[Item]:
        out: list[Item] = []
        x += self.x_offset
        if self.decorate is not None:
            out += self.decorate(x, top, self.height)
        y = top - self.pad_top
        for r in self.rows:
            out += r.paint(x, y)
            y -= r.h
        return out


@dataclass
class Placed:
    block: Block
    top: float  # distance from the frame's top to the block's top (its space before not included)


def _chain(blocks: list[Block], i: int) -> tuple[float, float, int]:
    """Height of blocks[i] and the blocks kept with it (without blocks[i]'s space before), the
    least height that keeps them together (the last one's first piece only), and the index of
    the chain's last block."""
    total = blocks[i].height
    j = i
    while blocks[j].keep_next and j + 1 < len(blocks) and not blocks[j + 1].new_page:
        j += 1
        total += blocks[j].space_before + blocks[j].height
    least = total - blocks[j].height + blocks[j].min_head()
    return total, least, j


def _own_least(blocks: list[Block], i: int, end: int, room: float) -> float:
    """The least height that keeps blocks[i], part of a chain running on to blocks[end], on
    its page: itself with the first piece of the block kept with it, or its own first piece
    when it must break anyway (its rest then goes over with that block)."""
    b = blocks[i]
    if i == end or b.height > room + EPS:
        return b.min_head()
    nxt = blocks[i + 1]
    return b.height + nxt.space_before + nxt.min_head()


def _first_piece(blocks: list[Block], i: int, end: int) -> float:
    """The least height of the first piece of the chain blocks[i..end]: its blocks up to the
    first that may break (or its last), of that one its own first piece."""
    h = 0.0
    for j in range(i, end + 1):
        b = blocks[j]
        gap = b.space_before if j > i else 0.0
        if j == end or b.min_head() < b.height - EPS:
            return h + gap + b.min_head()
        h += gap + b.height
    return h


def paginate(blocks: list[Block], frame_h: float,
             page_head: Callable[[int], Block | None] | None = None) -> list[list[Placed]]:
    """Fill frames ``frame_h`` points tall with ``blocks`` in order; the pages' placed blocks.

    Keep rules, in order: a chain of ``keep_next`` blocks goes whole where it fits, else to a
    new page where it fits there; a chain taller than a page starts where at least its first
    piece fits (its blocks up to the first that may break, and that one's first lines), and the
    rest of it runs on block by block, each staying on its page while it
    and the first piece of the block kept with it fit (it does not jump to the next page for
    fitting one whole); a block breaks at its allowed breaks, and
    anywhere when it alone overfills a page. Always ends: every round places a block or a piece
    of one, or opens a page.

    ``page_head(k)`` gives a block set at the top of page ``k`` (from 1: every page after the
    first) before anything else, or None: "Side Bend, continued" where an opening begins. A
    page that holds only its head counts as empty.
    """
    pages: list[list[Placed]] = [[]]
    y = 0.0
    heads = 0  # how many of the last page's placed blocks are its head

    def open_page() -> float:
        nonlocal heads, first
        pages.append([])
        heads = 0
        first = i  # the index of the page's first block (or piece of one)
        head = page_head(len(pages) - 1) if page_head is not None else None
        if head is None or head.height > frame_h / 4:
            return 0.0
        pages[-1].append(Placed(head, 0.0))
        heads = 1
        return head.height

    todo = list(blocks)
    i = first = 0
    running = -1  # the last block of a chain begun on a page it does not fit: it runs on there
    run_from = 0  # where that chain begins
    while i < len(todo):
        b = todo[i]
        empty = len(pages[-1]) == heads
        if b.new_page and not empty:
            y = open_page()
            continue
        gap = 0.0 if empty else b.space_before
        room = frame_h - y - gap
        total, least, end = _chain(todo, i)
        if total <= room + EPS:
            pages[-1].append(Placed(b, y + gap))
            y += gap + b.height
            i += 1
            continue
        if not empty and b.shrink is not None and total - b.height <= room:
            smaller = b.shrink(room - (total - b.height))  # a picture a little smaller, on this page
            if smaller is not None and smaller.height < b.height:
                todo[i] = smaller
                continue
        if not empty and total <= frame_h + EPS and i > running:
            y = open_page()
            continue
        if not empty and i <= running:  # a chain running on: block by block
            least = _own_least(todo, i, running, room)
            if least > room + EPS and i - max(first, run_from) == 1:
                least = b.min_head()  # it stays rather than leave the chain's one block here alone
        elif not empty and total > frame_h + EPS:
            least = _first_piece(todo, i, end)  # taller than any page: it starts where its first piece fits
        if least <= room + EPS or empty:
            if i > running:
                running, run_from = end, i  # a chain begun here that does not fit it whole: it runs on here
            if b.height <= room + EPS:
                pages[-1].append(Placed(b, y + gap))
                y += gap + b.height
                i += 1
                continue
            parts = b.split(room) or (b.split(room, force=True) if empty else None)
            if parts is not None:
                head, rest = parts
                pages[-1].append(Placed(head, y + gap))
                todo[i] = rest
                y = open_page()
                continue
            if empty:  # cannot happen for well-formed blocks (a row taller than a page): place it anyway
                pages[-1].append(Placed(b, y))
                y += b.height
                i += 1
                continue
        y = open_page()
    if len(pages) > 1 and len(pages[-1]) == heads:
        pages.pop()
    return pages


def paginate_even(blocks: list[Block], frame_h: float, kind: str,
                  page_head: Callable[[int], Block | None] | None = None) -> list[list[Placed]]:
    """:func:`paginate` (with ``page_head``), then the list items tagged ``(kind, ...)`` moved
    from page to page until no page holds two or more items fewer than the page before it (8
    items as 4 and 4, not 6 and 2), as long as that costs no extra page."""
    return even_lists(list(blocks), paginate(blocks, frame_h, page_head), block_of=lambda pl: pl.block,
                      is_item=lambda b: b.tag[:1] == (kind,), starting=lambda b: replace(b, new_page=True),
                      repaginate=lambda trial: paginate(trial, frame_h, page_head),
                      worse=lambda again, pages: len(again) > len(pages))


def gap(h: float) -> Block:
    """Space between blocks (as the next block's ``space_before`` it is dropped at a page top)."""
    return Block([Row(h, gap=True)])
