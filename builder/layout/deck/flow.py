"""Flowing a column of blocks onto slides: filled before splitting, then evened out.

A :class:`Block` is a measured paragraph (or a :class:`Row` of boxes side by side). Rules:

* ``keep_next``: the block stays on the slide of the next one (a heading with its first
  item; a list's first item with its second and its last item with the one before, so a
  list never breaks after its first item nor leaves its last one alone);
* ``split``: prose may break across slides by lines (at least two lines on each side), a
  list item moves whole unless it alone is taller than a slide;
* ``head``: a heading shown again ("Upper part (continued)") when the block starts a slide;
* an optional word budget per slide (intro text: about 100 words).

Every call ends: each pass over an empty slide places at least one line or block, so a
column of N lines takes at most N slides whatever it holds (the planner guarantees a slide
column is at least one line high).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from ..evening import even_lists
from .shapes import Para, Shape, TextBox
from .text import box_height_emu, line_words, merge, remeasure, split_para, word_count
from .shapes import Span
from .units import HEIGHT_SLACK, INSET_Y_IN, inch, pt_emu


@dataclass(frozen=True)
class Row:
    """Boxes side by side (an agenda line, a row of thumbnails): drawn by ``draw(x, y) -> shapes``.

    ``split(room)`` gives (a part that fits ``room`` EMU, the rest), or None if it cannot split.
    """

    height: int
    draw: Callable[[int, int], list[Shape]]
    split: Callable[[int], "tuple[Row, Row] | None"] | None = None
    gap_before: int = 0
    words: int = 0


@dataclass(frozen=True)
class Block:
    para: Para | None = None
    row: Row | None = None
    keep_next: bool = False
    split: bool = True
    join: bool = False  # a sentence continuing the previous block's paragraph: joined on the same slide
    group: int = 0  # the paragraph a sentence belongs to (``join`` joins within one group only)
    head: Para | None = None  # shown above the block when it starts a slide (a "continued" heading)
    words: int = -1
    tag: object = None  # what the block shows (a step's stage and number), kept by both parts of a split
    repeated: bool = False  # a "continued" heading the paginator put at the top of a slide
    new_slide: bool = False  # starts a slide (set by :func:`paginate` to even a list out)

    @property
    def n_words(self) -> int:
        if self.words >= 0:
            return self.words
        return self.row.words if self.row else word_count(self.para.text)  # cached by text


def heading(p: Para) -> Block:
    return Block(p, keep_next=True, split=False, words=0)


def prose(paras: Sequence[Para], head: Para | None = None) -> list[Block]:
    return [Block(p, split=True, head=head) for p in paras]


def items(paras: Sequence[Para], head: Para | None = None, split: bool = False) -> list[Block]:
    """A list: its first item keeps with the second, its last with the one before."""
    n = len(paras)
    return [Block(p, keep_next=(n >= 2 and k in (0, n - 2)), split=split, head=head if k else None)
            for k, p in enumerate(paras)]


_OVERHEAD_SLACK = HEIGHT_SLACK


def _box_overhead(p: Para) -> int:
    return pt_emu(p.line_pt * _OVERHEAD_SLACK) + 2 * inch(INSET_Y_IN)


class Paginator:
    """Greedy pagination of blocks into slide columns ``width`` EMU wide, ``heights[i]`` EMU high."""

    def __init__(self, width: int, heights: Sequence[int], max_words: int | None = None, row_gap: int = 0):
        self.broken = 0  # keep rules the last pass had to break (a block too tall for a slide, with its neighbour)
        self.width = width
        self.heights = list(heights) or [0]
        self.max_words = max_words
        self.row_gap = row_gap

    # -- costs ---------------------------------------------------------------------
    def _cost(self, prev: Block | None, b: Block, joined: Para | None = None) -> int:
        """Height ``b`` adds below ``prev`` (None: at the top of a slide).

        ``joined``: the paragraph ``prev`` ends as shown (sentences joined again, see
        :func:`column`): a sentence joining it adds only the lines the joined paragraph gains.
        """
        if b.row is not None:
            return b.row.height + ((self.row_gap + b.row.gap_before) if prev is not None else 0)
        p = b.para
        if joined is not None and _joins(prev, b):
            return pt_emu((self._joined(joined, b).lines - joined.lines) * joined.line_pt)
        if prev is None or prev.row is not None:
            gap = (self.row_gap if prev is not None else 0)
            return gap + _box_overhead(p) + pt_emu(p.height_pt)
        return pt_emu(p.height_pt + p.space_before_pt)

    def _joined(self, joined: Para, b: Block) -> Para:
        return remeasure(replace(joined, spans=merge(joined.spans + (Span(" "),) + b.para.spans)), self.width)

    def _after(self, prev: Block | None, b: Block, joined: Para | None) -> Para | None:
        """The paragraph ``b`` ends as shown, once placed below ``prev``."""
        if b.para is None:
            return None
        if joined is not None and _joins(prev, b):
            return self._joined(joined, b)
        return b.para

    def _lines_fitting(self, prev: Block | None, b: Block, room: int, words: int | None) -> int:
        p = b.para
        fixed = self._cost(prev, replace(b, para=replace(p, lines=0)))
        n = int((room - fixed) // max(1, pt_emu(p.line_pt))) if room > fixed else 0
        n = min(n, p.lines)
        if words is not None and n > 0:
            per_line = line_words(p, self.width, n)
            total, k = 0, 0
            while k < n and total + per_line[k] <= words:
                total += per_line[k]
                k += 1
            n = k
        return n

    # -- the greedy pass -----------------------------------------------------------------
    def pages(self, blocks: Sequence[Block], scale: float = 1.0) -> list[list[Block]]:
        self.broken = 0
        todo = deque(blocks)
        pages: list[list[Block]] = []
        page: list[Block] = []
        used = 0
        wused = 0
        limit = 20 + 8 * sum((b.para.lines if b.para else 4) + 1 for b in blocks)
        steps = 0
        joined: Para | None = None  # the last paragraph of the slide as shown (sentences joined)
        while todo:
            steps += 1
            if steps > limit:  # cannot happen: every pass over an empty slide places something
                raise RuntimeError("deck pagination did not progress")
            cap = int(self.heights[min(len(pages), len(self.heights) - 1)] * scale)
            wcap = None if self.max_words is None else max(1, int(self.max_words * scale))
            if page and todo[0].new_slide:
                pages.append(page)
                page, used, wused, joined = [], 0, 0, None
                continue
            if not page and todo[0].head is not None:
                head = Block(todo[0].head, keep_next=True, split=False, words=0, repeated=True)
                first = todo[0]
                shown = first
                if first.para is not None and first.split:
                    shown = replace(first, para=replace(first.para, lines=min(2, first.para.lines)))
                if self._cost(None, head) + self._cost(head, shown) <= cap:
                    todo.appendleft(head)
            chain = [todo[0]]
            while chain[-1].keep_next and len(chain) < len(todo):
                chain.append(todo[len(chain)])
            placed = self._place(page, chain, cap - used, None if wcap is None else wcap - wused, force=not page,
                                 joined=joined)
            if placed is None:  # the chain moves to the next slide
                pages.append(page)
                page, used, wused, joined = [], 0, 0, None
                continue
            n_whole, part, rest = placed
            for _ in range(n_whole):
                b = todo.popleft()
                prev = page[-1] if page else None
                used += self._cost(prev, b, joined)
                joined = self._after(prev, b, joined)
                wused += b.n_words
                page.append(b)
            if part is not None:
                todo.popleft()
                used += self._cost(page[-1] if page else None, part)
                wused += part.n_words
                page.append(part)
                if rest is not None:
                    todo.appendleft(rest)
                pages.append(page)
                page, used, wused, joined = [], 0, 0, None
            elif n_whole < len(chain):
                pages.append(page)
                page, used, wused, joined = [], 0, 0, None
        if page:
            pages.append(page)
        return pages or [[]]

    def _place(self, page: list[Block], chain: list[Block], room: int, words: int | None, force: bool,
               joined: Para | None = None):
        """How much of ``chain`` goes on this slide: (whole blocks, a split part or None, its rest); None: none of it.

        ``force``: the slide is empty, so something must go on it (at least one line);
        ``joined``: the slide's last paragraph as shown (see :meth:`_cost`).
        """
        prev = page[-1] if page else None
        if force and words is not None and len(chain) > 1:
            # A list that cannot break (three items) may go over the word budget rather than break.
            total = sum(self._cost(p, b) for p, b in zip([prev] + chain[:-1], chain))
            if total <= room and sum(b.n_words for b in chain) <= (self.max_words or words) * 2:
                return len(chain), None, None
        k = 0
        for b in chain:
            cost = self._cost(prev, b, joined)
            if cost <= room and (words is None or b.n_words <= words):
                room -= cost
                if words is not None:
                    words -= b.n_words
                joined = self._after(prev, b, joined)
                prev = b
                k += 1
                continue
            break
        if k == len(chain):
            return k, None, None
        b = chain[k]
        # The first thing on an empty slide (below a repeated heading): it must go here, at least in part.
        alone = force and (k == 0 or (k == 1 and chain[0].repeated))
        if b.para is not None and (b.split or alone) and b.para.lines >= 2:
            fit = self._lines_fitting(prev, b, room, words)
            if alone:
                if not b.split or k < len(chain) - 1:
                    self.broken += 1
                fit = max(1, min(fit, b.para.lines - 1))
                if b.para.lines - fit == 1 and fit > 2:
                    fit -= 1  # no single orphan line at the top of the next slide
                ok = True
            else:
                ok = fit >= 2 and b.para.lines - fit >= 2
            if ok:
                a, r = split_para(b.para, self.width, fit, marked=True)
                return k, replace(b, para=a, keep_next=False, words=-1), replace(b, para=r, join=False, words=-1)
        if b.row is not None and alone and b.row.split is not None:
            parts = b.row.split(room)
            if parts is not None:
                return k, replace(b, row=parts[0], keep_next=False), (replace(b, row=parts[1]) if parts[1] else None)
        if not force:
            return None  # the whole chain moves to the next slide
        self.broken += 1
        if alone:
            return k + 1, None, None  # too tall and unsplittable: alone on its slide
        return max(k, 1), None, None  # an empty slide: what fits of the chain


def paginate(blocks: Sequence[Block], width: int, heights: Sequence[int], max_words: int | None = None,
             row_gap: int = 0, balance: bool = True) -> list[list[Block]]:
    """Fill slides greedily; then even them out: the smallest slide height giving as few slides."""
    pg = Paginator(width, heights, max_words, row_gap)
    pages = pg.pages(blocks)
    broken = pg.broken
    if not balance or len(pages) <= 1:
        return pages
    best, scale = pages, 1.0
    lo, hi = 0.5, 1.0
    for _ in range(7):
        mid = (lo + hi) / 2
        trial = pg.pages(blocks, mid)
        if len(trial) <= len(pages) and pg.broken <= broken and not _lonely(trial):
            best, scale, hi = trial, mid, mid
        else:
            lo = mid
    return _even_items(pg, list(blocks), best, scale, broken)


def _item(b: Block) -> bool:
    """A step or cue of a list (its tag: stage and number, or ("cue", number))."""
    return isinstance(b.tag, tuple) and len(b.tag) == 2 and type(b.tag[1]) is int


def _even_items(pg: Paginator, blocks: list[Block], pages: list[list[Block]], scale: float,
                broken: int) -> list[list[Block]]:
    """The slides with a list's items moved on from slide to slide until no slide holds two or
    more items fewer than the slide before it (25 steps as 2, 5, 5, 5, 4, 4 after the starting
    position, not 2, 5, 5, 5, 5, 3), as long as that costs no slide, breaks no keep rule and
    leaves no lonely item: the slides are as even to the eye as they are by height."""

    def items(ps):
        return [sum(1 for b in p if _item(b)) for p in ps]

    def worse(again, pages):
        return (len(again) > len(pages) or pg.broken > broken or _lonely(again)
                or items(again) == items(pages))  # nothing moved (the item already starts its slide)

    return even_lists(blocks, pages, block_of=lambda b: b, is_item=_item, starting=lambda b: replace(b, new_slide=True),
                      repaginate=lambda trial: pg.pages(trial, scale), worse=worse)


def _joins(prev: Block | None, b: Block) -> bool:
    """``b`` continues ``prev``'s paragraph on the slide (as :func:`column` joins them)."""
    return (b.join and prev is not None and prev.para is not None and b.para is not None and prev.group == b.group
            and not prev.repeated)


def quality(blocks: Sequence[Block], width: int, heights: Sequence[int], max_words: int | None = None) -> tuple[int, int]:
    """(keep rules broken, slides) of the greedy pass: lower is better."""
    pg = Paginator(width, heights, max_words)
    n = len(pg.pages(blocks))
    return pg.broken, n


def _lonely(pages: list[list[Block]]) -> bool:
    """A slide holding one block after the first (a lonely last step or line of prose)."""
    return any(len(pg) == 1 and pg[0].para is not None and pg[0].para.lines <= 1 for pg in pages[1:])


def column(page: list[Block], x: int, y: int, w: int, width: int, role: str = "body", placeholder: str | None = "body",
           row_gap: int = 0) -> tuple[list[Shape], int]:
    """The shapes of one slide's blocks, top down from ``y``: runs of paragraphs become one text box.

    Sentences that continue a paragraph (``join``) are joined to it again. Returns the
    shapes and the y below the last one.
    """
    shapes: list[Shape] = []
    run: list[Para] = []
    first_box = True

    def flush(y0: int) -> int:
        nonlocal run, first_box
        if not run:
            return y0
        paras = [replace(run[0], space_before_pt=0.0)] + run[1:]
        h = box_height_emu(paras)
        shapes.append(TextBox(x, y0, w, h, tuple(paras), role=role, placeholder=placeholder if first_box else None))
        first_box = False
        run = []
        return y0 + h

    prev: Block | None = None
    for b in page:
        if b.row is not None:
            y = flush(y)
            if prev is not None:
                y += row_gap + b.row.gap_before
            shapes += b.row.draw(x, y)
            y += b.row.height
        elif b.join and run and prev is not None and prev.para is not None and prev.group == b.group and not prev.repeated:
            last = run[-1]
            run[-1] = remeasure(replace(last, spans=merge(last.spans + (Span(" "),) + b.para.spans)), width)
        else:
            if prev is not None and prev.row is not None:
                y += row_gap
            run.append(b.para)
        prev = b
    y = flush(y)
    return shapes, y
