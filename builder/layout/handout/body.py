"""A routine's body, top to bottom, as slabs for one body size and card layout.

Order: anything too long for the header; the personal note; the stop-level cautions on a
red panel (read before starting); then the opening note (BEGIN), the movements, the closing
note (FINISH), the program's other cautions (a strip at the body size, see
:attr:`~.style.Type.strip`) and anything too long for the footer. The first three are
:attr:`Parts.top`, always across the page; the rest is :attr:`Parts.rest`, across the page
with the cards in rows, or a column wide when the layout runs in newspaper columns
(``Layout.flow``). What is measured is kept, so comparing layouts measures each text once per
size and width. Lengths are PDF points.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace

from ... import theme
from ...compose import facts
from ...model import Caution, markdown
from .. import text as tx
from .cards import Card, Layout, card_paras, caution_paras, picture_of
from .column import Column, Para, Set, prose
from .flow import RowSlab, Slab, TextSlab, TwinSlab
from .frame import Frame
from .sheets import Options, Sheet
from .style import Geometry, Type

MIN_MEASURE_EM = 15.0  # a card's text column is at least this many body sizes wide (about 30 characters; cues 24)
BESIDE_MEASURE_EM = 10.0  # ... or this many beside a picture, the lists then under it (about 20 characters)
LABEL_MIN_MM = 16.0  # the BEGIN / FINISH column beside a note across the page: at least this wide ...
LABEL_MAX = 0.25  # ... at most this share of the width (a longer label wraps)
GAP_UNITS = 1.6  # between a routine's parts (notes, rows of cards, cautions), in half body lines (more when a page has room)
TWIN_MAX = 0.4  # the cautions strip across the page is set in two columns when it is at most this share of a page


@dataclass(frozen=True)
class Parts:
    """A routine's body: ``top`` across the page, then ``rest`` (see the module's docstring)."""

    top: list[Slab]
    rest: list[Slab]


class Body:
    """Builds (and caches the measuring of) a sheet's body for each type size and layout."""

    def __init__(self, sheet: Sheet, opts: Options, geo: Geometry, frame: Frame):
        self.sheet, self.opts, self.geo, self.frame = sheet, opts, geo, frame
        self.L = opts.labels
        self._paras: dict = {}
        self._cols: dict = {}
        self._cards: dict = {}
        self._cont: dict = {}
        self._texts: dict = {}
        self._geometry: dict = {}
        self.stop, self.groups = facts.stop_first(sheet.cautions)
        aspects = [img.aspect for e in sheet.entries if (img := picture_of(e)) is not None]
        self.pictures = bool(aspects)
        self.steps = any(not e.movement.cues for e in sheet.entries)  # some card shows every step
        self.rtl = opts.rtl  # cards and rows mirrored: pictures and numbers on the right
        self.aspect = statistics.median(aspects) if aspects else 1.5

    # ---------------------------------------------------------------- layouts

    def layouts(self, typ: Type) -> list[Layout]:
        """The card layouts worth trying for this routine at this size: rows of 1 to 3 cards (a
        last row shorter than the others only among several rows) and 2 or 3 newspaper columns."""
        n = len(self.sheet.entries)
        if not self.pictures:
            cands = [Layout("list", 1), Layout("list", 2), Layout("list", 2, flow=True)]
        else:
            cands = [Layout("side", 1, f) for f in (0.26, 0.32, 0.38, 0.44) + ((0.5, 0.56) if n <= 6 else ())]
            cands += [Layout("side", 2, f) for f in (0.36, 0.44, 0.5, 0.56)]
            cands += [Layout("stacked", 2, f) for f in (0.4, 0.55, 0.7, 0.85, 1.0)]
            cands += [Layout("stacked", 3, f) for f in (0.45, 0.6, 0.8, 1.0)]
            if n <= 2:
                cands += [Layout("stacked", 1, f) for f in (0.45, 0.6, 0.75)]
            if n >= 2:
                cands += [Layout("side", 2, f, flow=True) for f in (0.3, 0.36, 0.42)]
                cands += [Layout("stacked", 2, f, flow=True) for f in (0.45, 0.7, 1.0)]
                cands += [Layout("stacked", 3, f, flow=True) for f in (0.6, 1.0)]
        cands = [c for c in cands if c.flow or c.cols == 1 or n % c.cols == 0 or n > 2 * c.cols]
        measure = self.measure(typ)
        # beside a picture at least the name, summary and dose (the lists then run under it)
        ok = [c for c in cands if self.geometry(c, typ)[0] >= measure and self.geometry(c, typ)[3] >= (
              BESIDE_MEASURE_EM * typ.body if c.style == "side" else measure)]
        return ok or [min(cands, key=lambda c: (c.cols, c.frac))]

    def measure(self, typ: Type) -> float:
        """The narrowest a card's text may be set (pt); narrower beside a picture, its lists go under it."""
        return MIN_MEASURE_EM * typ.body * (1.0 if self.steps else 0.8)  # cues are short phrases

    def geometry(self, layout: Layout, typ: Type) -> tuple[float, float, float, float]:
        """(cell width, picture box width, picture-to-text gap, text width) of a layout."""
        key = (layout.style, layout.cols, layout.frac, typ.body)
        if key not in self._geometry:
            g = self.geo
            cell = (g.width - (layout.cols - 1) * g.gutter) / layout.cols
            if layout.style == "stacked":
                got = (cell, cell, typ.unit * 1.2, cell)
            else:
                pic = typ.badge * 1.25 if layout.style == "list" else cell * layout.frac
                gap = max(8.0, typ.body * 0.9)
                got = (cell, pic, gap, cell - pic - gap)
            self._geometry[key] = got
        return self._geometry[key]

    def natural_height(self, cell: float) -> float:
        """The picture box of a picture-above-text card ``cell`` wide at its full height."""
        return min(cell / self.aspect, cell * 0.9)

    # ---------------------------------------------------------------- slabs

    def parts(self, typ: Type, layout: Layout, drawn: bool, limit: int | None = None) -> Parts:
        """The body for a type size and card layout (with ``limit``, only the first movements:
        a sample for comparing layouts of a long routine)."""
        u = typ.unit
        gap = u * GAP_UNITS
        flow = layout.flow
        width = self.geometry(layout, typ)[0] if flow else self.geo.width

        def kept(name: str, make) -> list[Slab]:
            key = (name, typ.body, drawn, round(width, 3))
            if key not in self._texts:
                self._texts[key] = make()
            got = self._texts[key]
            return [got] if got is not None else []

        top: list[Slab] = list(self.frame.lead)
        if self.sheet.note:
            top += kept("note", lambda: self._panel(prose(self.sheet.note, typ.note, typ.indent, u), self.geo.width,
                                                    drawn, gap, theme.tint(self.opts.accent, 0.93), 6.0))
        if self.stop:
            top += kept("stop", lambda: self._cautions([("stop", self.stop)], typ, self.geo.width, drawn, gap))
        rest: list[Slab] = []
        if self.sheet.opening:
            rest += kept("opening", lambda: self._note(self.L("begin"), self.sheet.opening, typ, width, drawn, gap, flow))
        rest += self._rows(typ, layout, drawn, gap, limit)
        ending: list[Slab] = []
        if self.sheet.closing:
            ending += kept("closing", lambda: self._note(self.L("finish"), self.sheet.closing, typ, width, drawn, gap, flow))
        if self.groups:
            ending += kept("cautions", lambda: self._strip(typ, width, drawn, gap, twin=not flow))
        ending += [self._moved(t, width, drawn) for t in self.frame.tail]
        return Parts(top, rest + [replace(s, ending=True) for s in ending])

    def _moved(self, slab: TextSlab, width: float, drawn: bool) -> TextSlab:
        """Text moved from the footer into the body, set ``width`` wide (a column's width)."""
        key = ("moved", id(slab), round(width, 3), drawn)
        if key not in self._texts:
            self._texts[key] = replace(slab, col=Column.of([s.para for s in slab.col.sets], width, drawn))
        return self._texts[key]

    def _panel(self, paras: list[Para], width: float, drawn: bool, gap: float, fill: str | None,
               pad: float) -> TextSlab:
        return TextSlab(Column.of(paras, width - 2 * pad, drawn), gap, fill=fill, pad=pad)

    def _caution_paras(self, groups: list[tuple[str, list[Caution]]], typ: Type) -> list[Para]:
        paras: list[Para] = []
        for level, cautions in groups:
            for c in cautions:
                paras += caution_paras(c, typ, self.L, space=typ.unit * (1.0 if paras else 0.0))
        return paras

    def _cautions(self, groups: list[tuple[str, list[Caution]]], typ: Type, width: float, drawn: bool,
                  gap: float) -> TextSlab:
        """Cautions on a panel, a level at a time (most serious first), each led by its level word;
        the panel has the colour of its most serious level."""
        _, tint = theme.level_colours(groups[0][0], self.opts.accent)
        return self._panel(self._caution_paras(groups, typ), width, drawn, gap, tint, max(6.0, typ.unit))

    def _strip(self, typ: Type, width: float, drawn: bool, gap: float, twin: bool) -> Slab:
        """The program's other cautions after the movements, in the strip's smaller type: across
        the page in two balanced columns when that is short, else as one column of text."""
        small = typ.strip
        single = self._cautions(self.groups, small, width, drawn, gap)
        paras = self._caution_paras(self.groups, small)
        if not twin or len(paras) < 2 or single.height > self.frame.body(False) * TWIN_MAX:
            return single
        _, tint = theme.level_colours(self.groups[0][0], self.opts.accent)
        pad = max(6.0, small.unit)
        col_w = (width - 2 * pad - self.geo.gutter) / 2
        sets = tuple(Set.of(p, col_w, drawn) for p in paras)
        return TwinSlab.of(sets, col_w, self.geo.gutter, gap, tint, pad, self.rtl)

    def _note(self, label: str, text: str, typ: Type, width: float, drawn: bool, gap: float, flow: bool) -> TextSlab:
        """The opening or closing note: in a column under its label (BEGIN), across the page
        beside it (the label's column as wide as the longer of the two labels needs)."""
        lab_para = Para.of((tx.Span(label.upper()),), typ.label, base="R" if self.rtl else None, keep_with_next=True)
        body = prose(text, typ.text, typ.indent, typ.unit * 0.6)
        if flow:
            paras = [lab_para] + [replace(p, space=typ.unit * 0.3) if k == 0 else p for k, p in enumerate(body)]
            return TextSlab(Column.of(paras, width, drawn), gap, keep=True)
        label_w = self._label_width(typ)
        lab = Set.of(lab_para, label_w - 6.0, drawn)
        return TextSlab(Column.of(body, width - label_w, drawn), gap, label=lab, label_w=label_w, rtl=self.rtl,
                        keep=True)

    def _label_width(self, typ: Type) -> float:
        """The BEGIN / FINISH column: the wider label and a gap, within its limits (pt)."""
        words = [self.L(k).upper() for k, t in (("begin", self.sheet.opening), ("finish", self.sheet.closing)) if t]
        style = typ.label
        need = max((sum(ln.width for ln in tx.wrap((tx.Span(w, bold=True),), style.size, 1e9)) for w in words),
                   default=0.0)
        return min(max(theme.pt(LABEL_MIN_MM), need + 6.0 + style.size), self.geo.width * LABEL_MAX)

    def _rows(self, typ: Type, layout: Layout, drawn: bool, gap: float, limit: int | None) -> list[RowSlab]:
        cell = self.geometry(layout, typ)[0]
        n = len(self.sheet.entries) if limit is None else min(limit, len(self.sheet.entries))
        cards = [self.card(i, typ, layout, drawn) for i in range(n)]
        k = 1 if layout.flow else layout.cols
        return [RowSlab(tuple(cards[r:r + k]), cell, self.geo.gutter, gap, self.rtl) for r in range(0, len(cards), k)]

    def card(self, i: int, typ: Type, layout: Layout, drawn: bool) -> Card:
        """The ``i``-th movement's card (from 0), measured."""
        key = (i, typ.body, layout.style, layout.cols, layout.frac, drawn)
        if key not in self._cards:
            self._cards[key] = self._make_card(i, typ, layout, drawn)
        return self._cards[key]

    def _continued(self, i: int, typ: Type) -> tuple[Para, Para]:
        """The heading of a card's piece after a page break: "Name, continued", and the form for
        a name too long to repeat, "Movement 3, continued"."""
        key = (i, typ.body)
        if key not in self._cont:
            name = markdown.plain_inline(self.sheet.entries[i].movement.name)
            short = self.L("movement_number", number=self.sheet.first_number + i)
            self._cont[key] = tuple(Para.of((tx.Span(self.L("handout_continued", name=n)),), typ.name,
                                            keep_with_next=True) for n in (name, short))
        return self._cont[key]

    def _make_card(self, i: int, typ: Type, layout: Layout, drawn: bool) -> Card:
        entry = self.sheet.entries[i]
        cell, pic_w, pic_gap, text_w = self.geometry(layout, typ)
        img = picture_of(entry)
        # the text beside the number: a list, or beside pictures a card without one (not an empty picture box)
        beside_number = layout.style == "list" or (img is None and layout.style == "side")
        if layout.style == "stacked":
            pic_h = layout.frac * self.natural_height(cell)
        elif beside_number:
            pic_h = typ.badge
            pic_w = self.geometry(replace(layout, style="list"), typ)[1]  # the number's column
        else:
            pic_h = min(pic_w / img.aspect, pic_w * 1.25)
        # beside the picture (or number), then on across the card under it; a list's text stays beside its number
        depth = 1e9 if layout.style == "list" else pic_h + pic_gap * 0.5
        key = (i, typ.body, layout.style, round(cell, 3), round(pic_w, 3), round(depth, 3), drawn)
        if key not in self._cols:
            pkey = (i, typ.body)
            if pkey not in self._paras:
                self._paras[pkey] = card_paras(entry, typ, self.L, self.sheet.cautions)
            paras = self._paras[pkey]
            if layout.style == "stacked":
                col = Column.of(paras, cell, drawn)
            else:
                col = Column.beside(paras, cell, pic_w + pic_gap, depth, drawn, self.rtl,
                                    lists_under=layout.style == "side" and text_w < self.measure(typ) - 1e-6)
            self._cols[key] = col
        inset = pic_w + pic_gap if beside_number and not self.rtl else 0.0
        return Card(self.sheet.first_number + i, entry, layout, cell, pic_w, pic_h, pic_gap, self._cols[key],
                    self._continued(i, typ), inset, drawn, typ.badge, accent=self.opts.accent, rtl=self.rtl)
