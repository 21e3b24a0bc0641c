"""A routine's body, top to bottom, as slabs for one body size and card layout.

Order: anything too long for the header; the personal note; the stop-level cautions on a
red panel (read before starting); the opening note (BEGIN); the movements, a row of cards
at a time; the closing note (FINISH); the other cautions grouped by level; anything too long
for the footer. What is measured is kept, so comparing layouts measures each text once per
size and width. Lengths are PDF points.
"""

from __future__ import annotations

import statistics

from ... import theme
from ...compose import facts
from ...model import Caution, markdown
from .. import text as tx
from .cards import Card, Layout, card_paras, caution_paras, picture_of
from .column import Column, Para, Set, prose
from .flow import RowSlab, Slab, TextSlab
from .frame import Frame
from .sheets import Options, Sheet
from .style import Geometry, Type

LABEL_W_MM = 20.0  # the BEGIN / FINISH column
MIN_MEASURE_EM = 15.0  # a card's text column is at least this many body sizes wide (about 30 characters; cues 24)


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
        """The card layouts worth trying for this routine at this size."""
        n = len(self.sheet.entries)
        if not self.pictures:
            cands = [Layout("list", 1), Layout("list", 2)]
        else:
            cands = [Layout("side", 1, f) for f in (0.26, 0.32, 0.38, 0.44) + ((0.5, 0.56) if n <= 6 else ())]
            cands += [Layout("side", 2, f) for f in (0.36, 0.44)]
            cands += [Layout("stacked", 2, f) for f in (0.4, 0.55, 0.7, 0.85, 1.0)]
            cands += [Layout("stacked", 3, f) for f in (0.45, 0.6, 0.8, 1.0)]
            if n <= 2:
                cands += [Layout("stacked", 1, f) for f in (0.45, 0.6, 0.75)]
        cands = [c for c in cands if c.cols <= max(1, n)]
        measure = MIN_MEASURE_EM * typ.body * (1.0 if self.steps else 0.8)  # cues are short phrases
        ok = [c for c in cands if self.geometry(c, typ)[3] >= measure]
        return ok or [min(cands, key=lambda c: (c.cols, c.frac))]

    def geometry(self, layout: Layout, typ: Type) -> tuple[float, float, float, float]:
        """(cell width, picture box width, picture-to-text gap, text width) of a layout."""
        key = (layout, typ.body)
        if key not in self._geometry:
            self._geometry[key] = self._measure_geometry(layout, typ)
        return self._geometry[key]

    def _measure_geometry(self, layout: Layout, typ: Type) -> tuple[float, float, float, float]:
        g = self.geo
        cell = (g.width - (layout.cols - 1) * g.gutter) / layout.cols
        if layout.style == "stacked":
            return cell, cell, typ.unit * 1.2, cell
        pic = typ.badge * 1.25 if layout.style == "list" else cell * layout.frac
        gap = max(8.0, typ.body * 0.9)
        return cell, pic, gap, cell - pic - gap

    def natural_height(self, cell: float) -> float:
        """The picture box of a picture-above-text card ``cell`` wide at its full height."""
        return min(cell / self.aspect, cell * 0.9)

    # ---------------------------------------------------------------- slabs

    def slabs(self, typ: Type, layout: Layout, exact: bool, limit: int | None = None) -> list[Slab]:
        """The body for a type size and card layout (with ``limit``, only the first movements:
        a sample for comparing layouts of a long routine)."""
        u = typ.unit
        gap = u * 2

        def kept(name: str, make):
            key = (name, typ.body, exact)
            if key not in self._texts:
                self._texts[key] = make()
            return [self._texts[key]]

        out: list[Slab] = list(self.frame.lead)
        if self.sheet.note:
            out += kept("note", lambda: self._text(prose(self.sheet.note, typ.note, typ.indent, u), exact, gap,
                                                   fill=theme.tint(self.opts.accent, 0.93)))
        if self.stop:
            out += kept("stop", lambda: self._cautions([("stop", self.stop)], typ, exact, gap))
        if self.sheet.opening:
            out += kept("opening", lambda: self._note(self.L("begin"), self.sheet.opening, typ, exact, gap))
        out += self._rows(typ, layout, exact, gap, limit)
        if self.sheet.closing:
            out += kept("closing", lambda: self._note(self.L("finish"), self.sheet.closing, typ, exact, gap))
        if self.groups:
            out += kept("cautions", lambda: self._cautions(self.groups, typ, exact, gap))
        out += self.frame.tail
        return out

    def _text(self, paras: list[Para], exact: bool, gap: float, fill: str | None = None,
              pad: float = 0.0) -> TextSlab:
        pad = pad or (6.0 if fill else 0.0)
        return TextSlab(Column.of(paras, self.geo.width - 2 * pad, exact), gap, fill=fill, pad=pad)

    def _cautions(self, groups: list[tuple[str, list[Caution]]], typ: Type, exact: bool, gap: float) -> TextSlab:
        """Cautions on a panel, a level at a time (most serious first), each led by its level word;
        the panel has the colour of its most serious level."""
        _, tint = theme.level_colours(groups[0][0], self.opts.accent)
        paras = []
        for level, cautions in groups:
            for c in cautions:
                paras += caution_paras(c, typ, self.L, space=typ.unit * (1.0 if paras else 0.0))
        return self._text(paras, exact, gap, fill=tint, pad=max(6.0, typ.unit))

    def _note(self, label: str, text: str, typ: Type, exact: bool, gap: float) -> TextSlab:
        label_w = theme.pt(LABEL_W_MM) * (1.3 if self.geo.large_print else 1.0)
        w = self.geo.width - label_w
        col = Column.of(prose(text, typ.text, typ.indent, typ.unit * 0.6), w, exact)
        lab_style = self.geo.style(self.geo.small, self.opts.accent, bold=True)
        lab = Set.of(Para.of((tx.Span(label.upper()),), lab_style, base="R" if self.rtl else None), label_w - 6.0, exact)
        return TextSlab(col, gap, label=lab, label_w=label_w, rtl=self.rtl)

    def _rows(self, typ: Type, layout: Layout, exact: bool, gap: float, limit: int | None) -> list[RowSlab]:
        cell = self.geometry(layout, typ)[0]
        n = len(self.sheet.entries) if limit is None else min(limit, len(self.sheet.entries))
        cards = [self._card(i, typ, layout, exact) for i in range(n)]
        k = layout.cols
        return [RowSlab(tuple(cards[r:r + k]), cell, self.geo.gutter, gap, self.rtl) for r in range(0, len(cards), k)]

    def _card(self, i: int, typ: Type, layout: Layout, exact: bool) -> Card:
        key = (i, typ.body, layout, exact)
        if key not in self._cards:
            self._cards[key] = self._make_card(i, typ, layout, exact)
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

    def _make_card(self, i: int, typ: Type, layout: Layout, exact: bool) -> Card:
        entry = self.sheet.entries[i]
        cell, pic_w, pic_gap, text_w = self.geometry(layout, typ)
        img = picture_of(entry)
        if layout.style == "stacked":
            pic_h = layout.frac * self.natural_height(cell)
        elif layout.style == "list" or img is None:
            pic_h = typ.badge
        else:
            pic_h = min(pic_w / img.aspect, pic_w * 1.25)
        depth = pic_h if layout.style == "side" and not entry.movement.cues else 0.0  # what the text depends on
        key = (i, typ.body, layout.style, round(cell, 3), round(pic_w, 3), round(depth, 3), exact)
        if key not in self._cols:
            pkey = (i, typ.body)
            if pkey not in self._paras:
                self._paras[pkey] = card_paras(entry, typ, self.L, self.sheet.cautions)
            paras = self._paras[pkey]
            if layout.style == "stacked":
                col = Column.of(paras, cell, exact)
            else:  # beside the picture (or number), then across the card below it
                # long steps run on under the picture; cues stay beside it
                depth = 1e9 if (layout.style == "list" or entry.movement.cues) else pic_h + pic_gap * 0.5
                col = Column.beside(paras, cell, pic_w + pic_gap, depth, exact, self.rtl)
            self._cols[key] = col
        inset = pic_w + pic_gap if layout.style == "list" and not self.rtl else 0.0
        return Card(self.sheet.first_number + i, entry, layout, cell, pic_w, pic_h, pic_gap, self._cols[key],
                    self._continued(i, typ), inset, exact, typ.badge, accent=self.opts.accent, rtl=self.rtl)
