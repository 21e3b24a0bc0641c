"""Choose each routine's type size and card layout, and lay its pages out.

Every layout worth trying (:meth:`.body.Body.layouts`: cards in rows of 1 to 3, or down 2 or
3 newspaper columns with the routine's notes, pictures of several sizes) is paginated with
its lines counted exactly (:mod:`.measure`, cheap), so the choice is what will be drawn:

1. A routine that fits one page at the smallest size (:data:`~.style.MIN_PT`) gets one page,
   at the largest size at which some layout fits it.
2. Any other keeps its text at least :data:`~.style.MULTI_PAGE_MIN_PT` and takes the fewest
   pages, then the largest size.
3. At that size and page count (:func:`_key`): the fewest cards broken over pages, the
   emptiest page fullest, the pages used, rows of cards before columns, the largest pictures.

The sizes that fit one page are searched by halving (a smaller size never holds less). A
routine longer than :data:`SAMPLE` movements compares the layouts on its first movements and
paginates only the best few whole. Large print has one size, 16 pt. The pages are evened out
(:func:`.flow.layout`), no card or BEGIN / FINISH note is broken over a page it would fit
whole on the next, and no newspaper column is left nearly empty beside the others. Once
chosen, pages with room to spare get larger pictures, the same size on every page
(:meth:`SheetPlanner._grow_side`, :meth:`SheetPlanner._grow_pictures`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ... import theme
from ..page import OutlineEntry, Page
from . import flow
from .body import Body, Parts
from .cards import Layout
from .frame import Frame, frame_of
from .sheets import Options, Sheet
from .style import Geometry, Type

PICTURE_MIN_MM = 45.0  # a routine of up to PICTURE_AIM movements shows each picture at least this large (its longer side) ...
PICTURE_AIM = 8  # ... when some layout at the chosen size and page count allows it
PICTURE_SLACK_MM = 0.5  # (half a grid column on A4 is 44.75 mm: as good as 45)
SAMPLE = 24  # a routine longer than this compares layouts on its first movements ...
KEEP = 4  # ... and paginates only the best few of them whole
FULL = 0.92  # a page whose body takes this share of its room is full
EVEN_STEP = 0.2  # pages used within this share of their room are as even as each other


@dataclass(frozen=True)
class Choice:
    pages: int
    body: float
    fill: float  # the share of its pages' room the body uses
    layout: Layout
    broken: int = 0  # cards broken over a page or column
    pictures: float = 0.0  # the pictures' area (pt²)
    low: float = 0.0  # the share of its room the emptiest page uses
    hollow: int = 0  # newspaper columns left nearly empty beside the others
    small: bool = False  # pictures narrower than PICTURE_MIN_MM in a routine short enough to show them larger


def _key(c: Choice) -> tuple:
    """Best first at one size: fewest pages, then the fewest cards broken or columns left nearly
    empty, pictures large enough to read the position (see :data:`PICTURE_MIN_MM`), the emptiest page
    fullest (in steps of :data:`EVEN_STEP`: no page of a few lines after full ones), the pages
    used (any share from :data:`FULL` up counts as full), rows before columns, the largest pictures."""
    return (c.pages, c.broken + c.hollow, c.small, -int(c.low / EVEN_STEP + 1e-9), -min(round(c.fill, 2), FULL), c.layout.flow,
            -round(c.pictures))


class SheetPlanner:
    """Lays out one sheet's pages."""

    def __init__(self, sheet: Sheet, opts: Options, geo: Geometry):
        self.sheet, self.opts, self.geo = sheet, opts, geo
        self.frame: Frame = frame_of(sheet, opts, geo)
        self.body = Body(sheet, opts, geo, self.frame)
        self._first = self.frame.body(True)
        self._later = self.frame.body(False)
        self._best: dict[float, Choice | None] = {}
        self._one: dict[float, Choice | None] = {}

    def room(self, k: int) -> float:
        return self._first if k == 0 else self._later

    def type_at(self, body: float) -> Type:
        return Type(body, self.geo, self.opts.accent)

    def paginate(self, body: float, layout: Layout, drawn: bool, limit: int | None = None, even: bool = True):
        """The routine's pages at ``body`` pt in ``layout`` (None if a card is taller than a page)."""
        typ = self.type_at(body)
        parts: Parts = self.body.parts(typ, layout, drawn, limit)
        if layout.flow:
            cell = self.body.geometry(layout, typ)[0]
            return flow.layout(parts.top, parts.rest, self.room, layout.cols, cell, self.geo.gutter, self.body.rtl,
                               even=even)
        return flow.layout(parts.top, parts.rest, self.room, even=even)

    def _try(self, body: float, layout: Layout, limit: int | None = None) -> Choice | None:
        pages = self.paginate(body, layout, False, limit)
        if pages is None:
            return None
        used = [flow.used(p) for p in pages]
        room = sum(self.room(k) for k in range(len(pages)))
        fill = sum(used) / room if room > 0 else 0.0
        low = min((u / self.room(k) for k, u in enumerate(used)), default=0.0)
        widths = [w for p in pages for w in flow.picture_sizes(p)]
        small = len(self.sheet.entries) <= PICTURE_AIM and bool(widths) and \
            min(widths) < theme.pt(PICTURE_MIN_MM - PICTURE_SLACK_MM)
        return Choice(len(pages), body, fill, layout, sum(flow.broken(p) for p in pages),
                      sum(flow.pictures(p) for p in pages), low, sum(flow.hollow(p) for p in pages), small)

    def one_page(self, body: float) -> Choice | None:
        """The best layout that holds the routine on one page at ``body`` pt, or None."""
        if body not in self._one:
            layouts = self.body.layouts(self.type_at(body))
            limit = SAMPLE if len(self.sheet.entries) > SAMPLE else None
            fits = [layout for layout in layouts  # what fits one page fits it however it is evened out
                    if (got := self.paginate(body, layout, False, limit, even=False)) is not None and len(got) == 1]
            if limit is not None:  # a long routine's first movements fit one page: try it whole
                fits = [layout for layout in fits if len(self.paginate(body, layout, False, even=False) or "xx") == 1]
            got = [c for layout in fits if (c := self._try(body, layout))]
            self._one[body] = min(got, key=_key) if got else None
        return self._one[body]

    def best(self, body: float) -> Choice | None:
        """The best layout at ``body`` pt (see the module's docstring), or None if none holds."""
        if body not in self._best:
            layouts = self.body.layouts(self.type_at(body))
            if len(self.sheet.entries) > SAMPLE:  # a long routine: the best few on a sample, whole
                sample = sorted((got for layout in layouts if (got := self._try(body, layout, SAMPLE))), key=_key)
                layouts = [c.layout for c in sample[:KEEP]] or layouts[:1]
            got = [c for layout in layouts if (c := self._try(body, layout))]
            self._best[body] = min(got, key=_key) if got else None
        return self._best[body]

    def choose(self) -> Choice:
        sizes = self.geo.body_sizes
        if self.one_page(sizes[-1]) is not None:  # one page: the largest size that fits it
            fits, lo = len(sizes) - 1, 0  # sizes[fits] fits; none before lo is known to
            while lo < fits:
                mid = (lo + fits) // 2
                if self.one_page(sizes[mid]) is not None:
                    fits = mid
                else:
                    lo = mid + 1
            got = self.one_page(sizes[fits])
            if got.small:  # larger text with small pictures: rather the largest size down to 11 pt with large ones
                for b in sizes[fits + 1:]:
                    if b < self.geo.multi_page_min - 1e-9:
                        break
                    if (alt := self.one_page(b)) is not None and not alt.small:
                        return alt
            return got
        multi = [c for b in sizes if b >= self.geo.multi_page_min - 1e-9 and (c := self.best(b)) is not None]
        floor = self.best(sizes[-1]) if not multi else None
        got = multi or ([floor] if floor else [])
        if got:
            return min(got, key=lambda c: (c.pages, -c.body))
        # every layout had a row taller than a page: one card a row breaks at any line
        fallback = min(self.body.layouts(self.type_at(sizes[-1])), key=lambda c: (c.flow, c.cols, c.frac))
        return Choice(0, sizes[-1], 0.0, fallback)

    def pages(self) -> tuple[list[Page], list[OutlineEntry], list[dict]]:
        """The sheet's pages, their anchors ``h0``, ``h1``... (the document numbers them on), its
        outline entries and its low-resolution notes."""
        choice = self.choose()
        typ = self.type_at(choice.body)
        body_pages = self.paginate(choice.body, choice.layout, True)
        if body_pages is None:  # cannot happen: one card a row breaks at any line
            raise RuntimeError(f"no handout layout holds {self.sheet.key}")
        g = self.geo
        out, outline, notes = [], [], []
        if choice.layout.style == "stacked" and not choice.layout.flow:
            body_pages = self._grow_pictures(body_pages)
        elif choice.layout.style == "side" and not choice.layout.flow:
            body_pages = self._grow_side(body_pages, typ, choice.layout)
        for k, slabs in enumerate(body_pages):
            first = k == 0
            label = self.frame.name if first else self.frame.continued
            items = self.frame.items(first)
            top = self.frame.body_top(first)
            items += flow.place(slabs, g.left, top, g.width, self.room(k), typ.unit * 2, label, notes)
            anchor = f"h{k}"
            out.append(Page(g.page_w, g.page_h, tuple(items), anchors=(anchor,), label=label))
            outline.append(OutlineEntry(label, anchor, 0))
        return out, outline, notes

    def _grow_side(self, pages: list[list[flow.Slab]], typ: Type, layout: Layout) -> list[list[flow.Slab]]:
        """The rows of picture-beside-text cards, all whole, set with the largest pictures the
        layouts at this size allow that still fit every page: the same size on every page of
        the routine (pages with room to spare)."""
        rows = [[k for k, s in enumerate(slabs) if isinstance(s, flow.RowSlab) and all(c.whole for c in s.cards)]
                for slabs in pages]
        if not any(rows) or any(s for s in pages if any(isinstance(x, flow.RowSlab) and not all(c.whole for c in x.cards)
                                                      for x in s)):
            return pages
        larger = sorted(c.frac for c in self.body.layouts(typ)
                        if (c.style, c.cols, c.flow) == (layout.style, layout.cols, layout.flow) and c.frac > layout.frac)
        best = pages
        for frac in larger:
            bigger = replace(layout, frac=frac)
            trial = []
            for p, slabs in enumerate(pages):
                got = list(slabs)
                for k in rows[p]:
                    cards = tuple(self.body.card(c.number - self.sheet.first_number, typ, bigger, True)
                                  for c in slabs[k].cards)
                    got[k] = replace(slabs[k], cards=cards)
                trial.append(got)
            if any(flow.used(t) > self.room(p) + 1e-6 for p, t in enumerate(trial)):
                break
            best = trial
        return best

    def _grow_pictures(self, pages: list[list[flow.Slab]]) -> list[list[flow.Slab]]:
        """The rows of pictures-above-text cards with their pictures grown (up to their natural
        height) into the room the pages have left: the same growth on every page (the room the
        fullest page has left, shared between its rows), so a routine's pictures are one size."""
        grow, ids, natural = None, set(), None
        for p, slabs in enumerate(pages):
            rows = [s for s in slabs if isinstance(s, flow.RowSlab) and s.cards[0].first]
            if not rows:
                continue
            ids |= {id(s) for s in rows}
            here = (self.room(p) - flow.used(slabs)) / len(rows)
            grow = here if grow is None else min(grow, here)
            natural = self.body.natural_height(rows[0].cell) - rows[0].cards[0].pic_h
        if grow is None:
            return pages
        grow = min(grow, natural)
        if grow <= 0.5:
            return pages
        return [[replace(s, cards=tuple(replace(c, pic_h=c.pic_h + grow) for c in s.cards)) if id(s) in ids else s
                 for s in slabs] for slabs in pages]
