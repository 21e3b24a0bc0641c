"""A movement on the handout: its card (picture, number, name, dose, cues or steps, own
cautions) in one of three styles, measured, split across pages only when taller than one, placed.

Styles (:class:`Layout`): ``side`` (the picture at the start of the card, the text beside it
and on under it), ``stacked`` (the picture above the text) and ``list`` (no pictures on the
page: the number beside the text). Cards are set in rows across the page, or (``flow``) down
newspaper columns with the routine's other text. Lengths are PDF points; a card's ``top`` is
the y of its top edge.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, replace

from ... import theme
from ...compose import facts
from ...compose.labels import Labels
from ...images import ImageRequest, box_px
from ...images.request import fit
from ...model import Caution, Image
from .. import text as tx
from ..page import Box, Item, Picture, TextRun
from .column import Column, Para, Set, prose, spans
from .sheets import Entry
from .style import MIN_PPI, PANEL, PICTURE_OVERSAMPLE, PICTURE_PPI, Type


MIN_LINES = 3
"""A card or text broken over pages keeps at least this many lines on either side of the break."""
SHORT_LIST = 4
"""Cues, and steps of a part this short, are kept beside the picture together when the first is
beside it (longer lists of steps run on under the picture)."""


@dataclass(frozen=True)
class Layout:
    """How the cards of a routine are set: ``style``, ``cols`` columns, ``frac`` (the picture's
    share of the card width (side) or of its natural height (stacked)), and ``flow``: rows of
    ``cols`` cards across the page (False), or ``cols`` newspaper columns down which the cards
    and the routine's notes and cautions run, a card a column wide (True)."""

    style: str
    cols: int
    frac: float = 0.0
    flow: bool = False


def card_paras(entry: Entry, typ: Type, L: Labels, shown: tuple[Caution, ...]) -> list[Para]:
    """The text of a movement's card: name, summary, dose (bold), the personal note (a client's
    sheet), its cues or else every step, and the cautions only it has (those not among ``shown``)."""
    m = entry.movement
    u = typ.unit
    out = [Para.of(spans(m.name), typ.name)]
    if m.summary:
        out.append(Para.of(spans(m.summary), typ.muted, space=u * 0.4))
    dose: list[tx.Span] = []
    for f in facts.dose(m, L):
        if dose:
            dose.append(tx.Span("  ·  "))
        dose += spans(f.value) if f.markup else (tx.Span(f.value),)
    if dose:  # in the direction of the teacher's words, not of a label such as "Both sides"
        own = tx.direction(" ".join(f.value for f in facts.dose(m, L) if f.markup))
        out.append(Para.of(tuple(dose), typ.strong, space=u * 0.6, base=own))
    if entry.note:  # the teacher's word for this client on this movement, with its name and dose
        out += prose(entry.note, typ.note, typ.indent, u * 0.6)
    bullet = (tx.Span("•", colour=typ.accent),)
    if m.cues:
        for k, cue in enumerate(m.cues):
            out.append(Para.of(spans(cue), typ.text, space=u * (0.8 if k == 0 else 0.35),
                               indent=typ.indent, marker=bullet, follows=k > 0))
    else:
        stages = m.stages
        for stage in stages:
            if stage.name or len(stages) > 1:
                head = list(spans(stage.name) if stage.name else (tx.Span(L("steps")),))
                if stage.repeat:
                    head += [tx.Span("  ·  ")] + list(spans(stage.repeat))
                out.append(Para.of(tuple(head), typ.strong, space=u * 0.9, keep_with_next=True,
                                   base=tx.direction(f"{stage.name} {stage.repeat or ''}")))
            for n, step in enumerate(stage.steps, 1):
                lead: tuple[tx.Span, ...] = ()
                if step.breath:
                    lead = (tx.Span(facts.breath_word(step.breath, L), bold=True, colour=typ.accent), tx.Span("  "))
                space = u * (0.8 if (n == 1 and not stage.name and len(stages) == 1) else 0.35)
                out.append(Para.of(lead + spans(step.text), typ.text, space=space, indent=typ.indent,
                                   base=tx.direction(step.text), follows=1 < n and len(stage.steps) <= SHORT_LIST,
                                   marker=(tx.Span(f"{n}.", colour=theme.MUTED),)))
    for c in facts.own_cautions(m, shown):
        out += caution_paras(c, typ, L, space=u * 0.7)
    return out


def caution_paras(c: Caution, typ: Type, L: Labels, space: float, word: bool = True) -> list[Para]:
    """A caution: its level word in the level's colour (unless ``word`` is False: a group
    already says it), its title in bold, then its text."""
    strong, _ = theme.level_colours(c.level, typ.accent)
    lead: tuple[tx.Span, ...] = ()
    if word:
        lead += (tx.Span(facts.level_word(c.level, L), bold=True, colour=strong), tx.Span("  "))
    if c.title:
        title = L("handout_caution_title", title=c.title)
        # the text follows after a space, unless the title ends in a full-width mark ("。")
        gap = () if unicodedata.east_asian_width(title[-1:] or " ") in ("W", "F") else (tx.Span(" "),)
        lead += spans(title, bold=True) + gap
    return prose(c.text, typ.text, typ.indent, space, lead=lead)


# --------------------------------------------------------------------------- the card


def picture_of(entry: Entry) -> Image | None:
    return entry.movement.images[0] if entry.movement.images else None


@dataclass(frozen=True)
class Card:
    """One movement's card at a width: the picture box, then (beside or below it) the text."""

    number: int
    entry: Entry
    layout: Layout
    width: float
    pic_w: float  # the picture box (side, stacked) or the number's column (list)
    pic_h: float
    gap: float  # between the picture and the text
    col: Column  # the text: beside the picture and on below it (side), under it (stacked), beside the number (list)
    continued: tuple[Para, Para]  # the heading of a piece after a page break: "Name, continued" (or "Movement 3, ...")
    inset: float  # where that heading starts
    drawn: bool  # measured to be drawn (its lines set), or only counted
    badge: float  # the number badge's height
    first: bool = True  # the piece with the picture (the card's start)
    whole: bool = True  # the whole card, not a piece of it
    accent: str = theme.INK  # the number badge's colour
    rtl: bool = False  # a right-to-left program: the picture (or number) on the right

    @property
    def shown(self) -> float:
        """The picture's longer side as placed in its box (pt; 0 without a picture on the card):
        a portrait picture reads as well as a landscape one as wide as it is tall."""
        img = picture_of(self.entry)
        if img is None or self.layout.style == "list":
            return 0.0
        w = min(self.pic_w, self.pic_h * img.aspect)
        return max(w, w / img.aspect)

    @property
    def text_top(self) -> float:
        return self.pic_h + self.gap if (self.layout.style == "stacked" and self.first) else 0.0

    @property
    def height(self) -> float:
        if self.layout.style == "stacked":
            return self.text_top + self.col.height
        return max(self.pic_h if self.first else 0.0, self.col.height)

    def split(self, avail: float, fresh: bool = False) -> tuple["Card | None", "Card | None"]:
        """The piece that fits ``avail`` (None if none does) and the rest, which starts with
        the "continued" heading. Unless the page is ``fresh`` (empty), a piece that would hold
        little more than the picture is not made: the card starts on the next page."""
        if self.first and self.layout.style != "stacked" and self.pic_h > avail + 1e-6:
            return None, self
        lines = MIN_LINES * self.col.sets[0].para.style.leading  # never a lonely line or two on either side
        head, tail = self.col.split(avail - self.text_top, min_tail=lines, fresh=fresh, min_head=lines)
        if head is None or (not fresh and self.first and tail and head.height < self.pic_h + lines
                            and head.height < tail.height):
            return None, self
        rest = None
        if tail:
            rest = replace(self, col=Column([self._heading()] + tail.sets, self.col.width), first=False, whole=False)
        return replace(self, col=head, whole=not tail), rest

    def _heading(self) -> Set:
        """The "Name, continued" heading, measured; a name too long for two lines is not repeated.
        It starts at the text's inset (beside a number), across the card if that leaves it narrow."""
        inset = self.inset if self.inset <= self.col.width / 2 else 0.0
        width = self.col.width - inset
        full, short = self.continued
        got = Set.of(full, width, self.drawn)
        if got.n > 2:
            got = Set.of(short, width, self.drawn)
        return replace(got, x=inset)

    def place(self, x: float, top: float, page: str, notes: list) -> list[Item]:
        out: list[Item] = []
        style = self.layout.style
        if self.first:
            img = picture_of(self.entry)
            px = x + self.width - self.pic_w if self.rtl else x  # the picture box's left edge
            if style == "list" or (img is None and style == "side"):
                out += self._badge(px, top, self.pic_w)
            elif img is None:
                out.append(Box(px, top - self.pic_h, self.pic_w, self.pic_h, fill=PANEL))
                out += self._badge(px + 4, top - 4, self.pic_w - 8)
            else:
                out += self._picture(img, px, top, page, notes)
        out += self.col.runs(x, top - self.text_top)
        return out

    def _picture(self, img: Image, x: float, top: float, page: str, notes: list) -> list[Item]:
        w, h, ppi = placed(img, self.pic_w, self.pic_h)
        if ppi is not None:
            fitted_w = fit(img.width_px, img.height_px, self.pic_w, self.pic_h)[0]
            notes.append(dict(picture=img.name, page=page, ppi=f"{ppi:.0f}", pixels=math.ceil(fitted_w / 72 * 200)))
        # at the box's top corner on the side the text starts from (a smaller picture leaves room
        # toward the text, never above it)
        px, py = (x + self.pic_w - w if self.rtl else x), top - h
        w_px, h_px = box_px(w, h, PICTURE_PPI)
        out: list[Item] = [Picture(px, py, w, h, ImageRequest(source=img.path, max_w_px=w_px, max_h_px=h_px, oversample=PICTURE_OVERSAMPLE), img.alt),
                           Box(px, py, w, h, stroke=theme.RULE, line_w=0.6)]
        inset = 4.0 if min(w, h) >= 2.5 * self.badge else -self.badge * 0.3
        out += self._badge(px + inset, top - inset, w - 2 * inset)
        return out

    def _badge(self, x: float, top: float, room: float) -> list[Item]:
        """The movement's number, white on the accent, in a pill ``badge`` high at the top left of
        ``room`` points from ``x`` (at its top right in a right-to-left program)."""
        h = self.badge
        size = round(h * 0.56, 2)
        (line,) = tx.wrap((tx.Span(str(self.number), bold=True),), size, 1e6)
        w = max(h, line.width + h * 0.7)
        if self.rtl:
            x += max(0.0, room - w)
        colour = self.accent
        out: list[Item] = [Box(x, top - h, w, h, fill=colour, stroke=theme.PAPER, line_w=1.0, radius=h / 2)]
        base = top - h / 2 - size * 0.36
        x0 = x + (w - line.width) / 2
        out += [TextRun(x0 + p.x, base + p.rise, p.text, p.face, p.size, theme.PAPER, None, p.width, p.heavier)
                for p in line.pieces]
        return out


def placed(img: Image, box_w: float, box_h: float) -> tuple[float, float, float | None]:
    """The size a picture is placed at in a box (fitted, never below :data:`MIN_PPI`), and the
    resolution it would have had filling the box when that is too low (else None)."""
    if not img.width_px or not img.height_px:
        return box_w, box_h, None
    w, h = fit(img.width_px, img.height_px, box_w, box_h)
    limit = img.width_px / MIN_PPI * 72.0
    if w <= limit + 1e-6:
        return w, h, None
    return limit, h * limit / w, img.width_px / (w / 72.0)
