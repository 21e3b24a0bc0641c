"""Choose each routine's type size and card layout, and lay its pages out.

For every body size (largest first) and every card layout worth trying, the routine's body is
paginated with estimated line counts (cheap). The choice: the fewest pages; a routine that
fits one page takes the largest size that does (down to :data:`~.style.MIN_PT`), one that
needs more pages keeps its text at least :data:`~.style.MULTI_PAGE_MIN_PT`; then the
largest size, then the layout that fills its pages best (the largest pictures). The chosen
layouts are then measured exactly, in that order, until one gives the pages it promised.
Any routine ends up on pages: text too long for a page continues on the next.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..page import OutlineEntry, Page
from . import flow
from .body import Body
from .cards import Layout
from .frame import Frame, frame_of
from .sheets import Options, Sheet
from .style import Geometry, Type

MAX_EXACT = 6  # layouts measured exactly before the best of them is taken
CONFIRM = 3  # how many of the best equal choices are measured exactly (one for a long routine)
SAMPLE = 24  # a routine longer than this compares layouts on its first movements ...
KEEP = 6  # ... and estimates only the best few of them whole


@dataclass(frozen=True)
class Choice:
    pages: int
    body: float
    fill: float
    layout: Layout


def _key(c: Choice) -> tuple:
    return (c.pages, -c.body, -round(c.fill, 3))


class SheetPlanner:
    """Lays out one sheet's pages."""

    def __init__(self, sheet: Sheet, opts: Options, geo: Geometry):
        self.sheet, self.opts, self.geo = sheet, opts, geo
        self.frame: Frame = frame_of(sheet, opts, geo)
        self.body = Body(sheet, opts, geo, self.frame)
        self._first = self.frame.body(True)
        self._later = self.frame.body(False)

    def room(self, k: int) -> float:
        return self._first if k == 0 else self._later

    def _try(self, body: float, layout: Layout, exact: bool, limit: int | None = None):
        typ = Type(body, self.geo, self.opts.accent)
        slabs = self.body.slabs(typ, layout, exact, limit)
        pages = (flow.balance if exact else flow.paginate)(slabs, self.room)
        if pages is None:
            return None, None
        room = sum(self.room(k) for k in range(len(pages)))
        fill = sum(flow.used(p) for p in pages) / room if room > 0 else 0.0
        return Choice(len(pages), body, fill, layout), pages

    def _estimate(self, body: float) -> list[Choice]:
        typ = Type(body, self.geo, self.opts.accent)
        layouts = self.body.layouts(typ)
        if len(self.sheet.entries) > SAMPLE:
            # a long routine: the layouts that set a sample of it shortest, and those that fill the
            # fewest pages best (larger pictures), are estimated whole
            sample = sorted((((got.pages, got.fill), layout) for layout in layouts
                             if (got := self._try(body, layout, exact=False, limit=SAMPLE)[0])), key=lambda t: t[0])
            if sample:
                fewest = [t for t in sample if t[0][0] == sample[0][0][0]]
                keep = sample[:KEEP // 2] + fewest[-(KEEP - KEEP // 2):]
                layouts = list(dict.fromkeys(layout for _, layout in keep))
        return [got for layout in layouts if (got := self._try(body, layout, exact=False)[0])]

    def estimates(self) -> list[Choice]:
        """Estimated choices for the sizes that can win: from the largest down to the first that
        fits one page; below :data:`multi_page_min` only when the smallest size fits one page."""
        sizes = self.geo.body_sizes
        multi = self.geo.multi_page_min - 1e-9
        out: list[Choice] = []
        for body in [b for b in sizes if b >= multi]:
            out += self._estimate(body)
            if any(c.pages == 1 for c in out):
                return out
        small = [b for b in sizes if b < multi]
        if small:
            floor = self._estimate(small[-1])
            if any(c.pages == 1 for c in floor):
                for body in small[:-1]:
                    got = self._estimate(body)
                    out += got
                    if any(c.pages == 1 for c in got):
                        return out
            out += floor
        return out

    def choose(self) -> tuple[Choice, list[list[flow.Slab]], Type]:
        order = _preferred(self.estimates(), self.geo.multi_page_min)[:MAX_EXACT]
        confirm = CONFIRM if len(self.sheet.entries) <= SAMPLE else 1
        best, kept = None, 0
        for k, c in enumerate(order):
            got, pages = self._try(c.body, c.layout, exact=True)
            if got is None:
                continue
            if best is None or _key(got) < _key(best[0]):
                best = (got, pages)
            if got.pages <= c.pages:
                # kept its promise; its next few equals are measured too (estimates of fill are rough)
                kept += 1
                following = order[k + 1] if k + 1 < len(order) else None
                if kept >= confirm or following is None or (following.pages, following.body) != (c.pages, c.body):
                    break
        if best is None:  # every card layout had a row taller than a page: one card a row always works
            fallback = self.body.layouts(Type(self.geo.body_sizes[-1], self.geo, self.opts.accent))
            layout = min(fallback, key=lambda c: (c.cols, c.frac))
            got, pages = self._try(self.geo.body_sizes[-1], layout, exact=True)
            if got is None:  # cannot happen: one card a row breaks at any line
                raise RuntimeError(f"no handout layout holds {self.sheet.key}")
            best = (got, pages)
        choice, pages = best
        return choice, pages, Type(choice.body, self.geo, self.opts.accent)

    def pages(self, first_index: int) -> tuple[list[Page], list[OutlineEntry], list[dict]]:
        choice, body_pages, typ = self.choose()
        g = self.geo
        out, outline, notes = [], [], []
        for k, slabs in enumerate(body_pages):
            if choice.layout.style == "stacked":
                slabs = self._grow_pictures(slabs, self.room(k))
            first = k == 0
            label = self.frame.name if first else self.frame.continued
            items = self.frame.items(first)
            top = self.frame.body_top(first)
            items += flow.place(slabs, g.left, top, g.width, self.room(k), typ.unit * 3, label, notes)
            anchor = f"h{first_index + k}"
            out.append(Page(g.page_w, g.page_h, tuple(items), anchors=(anchor,), label=label))
            outline.append(OutlineEntry(label, anchor, 0))
        return out, outline, notes


    def _grow_pictures(self, slabs: list[flow.Slab], room: float) -> list[flow.Slab]:
        """A page's rows of pictures-above-text cards with their pictures grown (up to their
        natural height) into the room the page has left, shared evenly between its rows."""
        rows = [s for s in slabs if isinstance(s, flow.RowSlab) and s.cards[0].first]
        if not rows:
            return slabs
        grow = (room - flow.used(slabs)) / len(rows)
        limit = self.body.natural_height(rows[0].cell) - rows[0].cards[0].pic_h
        grow = min(grow, limit)
        if grow <= 0.5:
            return slabs
        ids = {id(s) for s in rows}
        return [replace(s, cards=tuple(replace(c, pic_h=c.pic_h + grow) for c in s.cards)) if id(s) in ids else s
                for s in slabs]


def _preferred(estimates: list[Choice], multi_min: float) -> list[Choice]:
    """The estimated choices, best first (see the module's docstring)."""
    if not estimates:
        return []
    ones = [c for c in estimates if c.pages == 1]
    if ones:
        first = sorted(ones, key=lambda c: (-c.body, -c.fill))
    else:
        big = [c for c in estimates if c.body >= multi_min - 1e-9] or estimates
        fewest = min(c.pages for c in big)
        first = sorted((c for c in big if c.pages == fewest), key=lambda c: (-c.body, -c.fill))
    rest = sorted((c for c in estimates if c not in first), key=_key)
    return first + rest
