"""What every slide shares: the slide's geometry, colours, the measured title, picture columns.

:class:`Frame` is the context every slide kind plans with (:mod:`.slides`, :mod:`.movement`,
...). Lengths are EMU, text sizes points.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from ... import theme
from ...compose import labels_for
from ...model import Image, Program
from .shapes import Geometry, Para, Picture, Rect, Shape, Span, Style, TextBox
from .text import ambiguous, box_height_emu, inner_w, lit, para, runs_of, spans_of, text_width_pt, wrap
from .units import (GUTTER_IN, INK, LONG_TITLE_SIZES, MARGIN_BOTTOM_IN, MARGIN_TOP_IN, MARGIN_X_IN, MUTED,
                    PICTURE_SHARE, RULE_H_IN, RULE_W_IN, INSET_X_IN, TITLE_LINE, TITLE_MAX_SHARE, TITLE_SIZES, emu_pt, inch,
                    pt_emu)

ELLIPSIS = "…"
COUNTER_RESERVE = " (88/88)"  # Arial digits share one width: room for any counter below 100

#: A caution's level as a shape beside its word (not only a colour): ■ STOP, ▲ CAUTION, ● GOOD TO KNOW.
LEVEL_MARKERS = {"stop": "\u25A0", "caution": "\u25B2", "info": "\u25CF"}


@dataclass(frozen=True)
class Head:
    """A slide's title box, its accent rule, the y (EMU) where content starts, and the title's overflow.

    ``overflow`` is the full title when it is too long for a title (it was shortened there
    with an ellipsis): the slide's content then starts with it, so no word is lost.
    """

    box: TextBox
    rule: tuple[Shape, ...]
    y: int
    overflow: str = ""

    def shapes(self, title: str) -> list[Shape]:
        """The title box showing ``title`` (its counter, if any), and the rule."""
        p = self.box.paras[0]
        if self.overflow:
            return [self.box, *self.rule]
        return [replace(self.box, paras=(replace(p, spans=runs_of(title, bold=True, colour=p.spans[0].colour if p.spans else None)),)),
                *self.rule]


def counter(title: str, i: int, n: int) -> str:
    return title if n <= 1 else f"{title} ({i}/{n})"


TEMPLATE_INSET = inch(0.1)  # PowerPoint's own text inset in a placeholder: a template's text starts this far in
TITLE_GAP = inch(0.15)  # below a template's title (when it grew past its placeholder), above the text


class Frame:
    """One program's deck on one slide geometry: margins, colours, fonts, titles, picture columns.

    :meth:`on` gives the frame of one layout role (a template's layouts differ in where the
    title and text sit and in their colours).
    """

    def __init__(self, program: Program, geo: Geometry, style: Style | None = None):
        self.p = program
        self.geo = geo
        self.style = style or Style()
        self.title_face, self.body_face = self.style.title_face, self.style.body_face
        self.accent = program.theme.accent
        self.L = labels_for(program)
        self.W, self.H = geo.width, geo.height
        self.mx = inch(MARGIN_X_IN)
        self.top = inch(MARGIN_TOP_IN)
        self.bottom = self.H - inch(MARGIN_BOTTOM_IN)
        self.cw = self.W - 2 * self.mx
        self.title_box = geo.title_box
        self.text_top = 0  # a template layout's text starts no higher than this (EMU)
        self.pic_box = None  # a template layout's picture placeholder beside the text
        if geo.title_box:
            # A template's content lines up with the text of its title placeholder.
            tx, _, tw, _ = geo.title_box
            self.mx = tx + TEMPLATE_INSET - inch(INSET_X_IN)
            self.cw = tw - 2 * (TEMPLATE_INSET - inch(INSET_X_IN))
        if geo.content_bottom:
            self.bottom = min(self.bottom, geo.content_bottom)
        self.right = self.mx + self.cw
        # A template brings its own text colours (light on a dark background): text is left uncoloured
        # unless the template's palette for a layout says otherwise (see :meth:`on`).
        self.ink = None if geo.template else INK
        self.title_ink = self.ink
        self.muted = None if geo.template else MUTED
        self.accent_text = None if geo.template else self.accent
        self.marker = None if geo.template else self.accent

    def on(self, role: str) -> "Frame":
        """This frame for the slides of one layout role ("content", "picture"...): a template layout's
        title, text and picture boxes, and its colours."""
        area = self.geo.area(role)
        palette = self.style.palette(role)
        if area is None and palette is None:
            return self
        f = copy.copy(self)
        if area is not None:
            if area.title:
                f.title_box = area.title
                f.top = area.title[1]
            if area.text:
                x, y, w, h = area.text
                f.mx = x + TEMPLATE_INSET - inch(INSET_X_IN)
                f.cw = w - 2 * (TEMPLATE_INSET - inch(INSET_X_IN))
                f.right = f.mx + f.cw
                f.text_top = y
                f.bottom = y + h
            f.pic_box = area.picture
        if palette is not None:
            f.ink, f.title_ink, f.muted = palette.ink, palette.title, palette.muted
            f.accent_text = f.marker = palette.label
            f.accent = palette.accent or f.accent
        return f

    def level_colour(self, level: str) -> str | None:
        return None if self.geo.template else theme.level_colours(level, self.accent)[0]

    @property
    def title_w(self) -> int:
        """The width of the slide title's box (EMU)."""
        return self.title_box[2] if self.title_box else self.cw

    # -- titles ------------------------------------------------------------------------

    def title(self, text: str, x: int | None = None, w: int | None = None, reserve: str = "") -> Head:
        """The slide title: 40 pt down to 28 pt within two lines, else more lines down to 20 pt.

        A title taller than :data:`TITLE_MAX_SHARE` of the slide even at 20 pt is cut at a
        line end with an ellipsis; :attr:`Head.overflow` then carries the full text.
        ``reserve`` measures the title with room for a counter such as " (12/15)" after it.
        """
        y, min_h = self.top, 0
        if self.title_box:  # a template's title placeholder; ``w`` narrows it (room for a logo)
            tx, y, tw, min_h = self.title_box
            x = tx if x is None else x
            w = tw if w is None else min(w, tw)
        x = self.mx if x is None else x
        w = self.cw if w is None else w
        iw = inner_w(w)
        cap = round(self.H * TITLE_MAX_SHARE)
        ink, face = self.title_ink, self.title_face
        shown_spans = runs_of(text, bold=True, colour=ink)  # a name's *italic* as in the booklet
        measure = shown_spans + ((Span(reserve, bold=True, colour=ink),) if reserve else ())  # " (2/3)", its space kept
        per_pt = text_width_pt("".join(s.text for s in measure), 1.0, bold=True, face=face) / max(1.0, emu_pt(iw))  # lines at 1 pt, at least
        chosen = None
        for most in (1, 2):
            for k, size in enumerate(TITLE_SIZES):
                if per_pt * size > most * 1.02:
                    continue  # cannot fit in ``most`` lines at this size: no need to wrap it
                p = para(measure, size, iw, line_pt=round(size * TITLE_LINE, 2), colour=ink, face=face)
                if p.lines <= most and not (k + 1 < len(TITLE_SIZES) and ambiguous(p, iw)):
                    chosen = p
                    break
            if chosen is not None:
                break
        if chosen is None:
            for size in LONG_TITLE_SIZES:
                if per_pt * size * pt_emu(size * TITLE_LINE) > cap * 1.02:
                    continue
                p = para(measure, size, iw, line_pt=round(size * TITLE_LINE, 2), colour=ink, face=face)
                if box_height_emu([p]) <= cap:
                    chosen = p
                    break
        overflow = ""
        if chosen is None:  # too long for any title: the first lines and an ellipsis, the rest in the content
            size = LONG_TITLE_SIZES[-1]
            p = para(shown_spans, size, iw, line_pt=round(size * TITLE_LINE, 2), colour=ink, face=face)
            n = max(1, int((cap - box_height_emu([replace(p, lines=0)])) // pt_emu(p.line_pt)))
            lines = wrap(p.spans, size, emu_pt(iw - p.indent_emu) * 0.9, face=face)[:n]  # room for the ellipsis
            shown = spans_of(lines) + (Span(ELLIPSIS, bold=True, colour=ink),)
            chosen = replace(p, spans=shown, lines=n)
            overflow = text
        else:
            chosen = replace(chosen, spans=shown_spans)
        h = max(min_h, box_height_emu([chosen]))
        box = TextBox(x, y, w, h, (chosen,), role="title", placeholder="title",
                      anchor="middle" if self.title_box else "top")
        if self.geo.template:
            return Head(box, (), max(y + h + TITLE_GAP, self.text_top), overflow)
        rule_y = y + h + inch(0.06)
        rule_x = x + w - inch(INSET_X_IN) - inch(RULE_W_IN) if chosen.rtl else x + inch(INSET_X_IN)  # under a title's first word
        rule = Rect(rule_x, rule_y, inch(RULE_W_IN), inch(RULE_H_IN), self.accent, "rule")
        return Head(box, (rule,), rule_y + inch(RULE_H_IN) + inch(0.22), overflow)

    def titled(self, title: str, make, x: int | None = None, w: int | None = None):
        """Title + pages: ``make(head) -> pages`` paginates the content below the title.

        With more than one page the title is measured again with its real counter
        (" (2/3)") so the content starts below however many lines that takes.
        """
        head = self.title(title, x, w)
        pages = make(head)
        n = 1
        for _ in range(3):
            if len(pages) == n:
                break
            n = len(pages)
            head = self.title(title, x, w, reserve=f" ({n}/{n})")
            pages = make(head)
        else:
            head = self.title(title, x, w, reserve=COUNTER_RESERVE)
            pages = make(head)
        if len(pages) == 1 and n != 1:
            plain = self.title(title, x, w)
            again = make(plain)
            if len(again) == 1:
                return plain, again
        return head, pages

    def best(self, sizes, title: str, make, x: int | None = None, w: int | None = None):
        """:meth:`titled` with the content at the largest of ``sizes`` that keeps the fewest slides.

        ``make(head, size) -> pages``.
        """
        found = None
        for size in sizes:
            head, pages = self.titled(title, lambda h: make(h, size), x, w)
            if found is None or len(pages) < len(found[1]):
                found = (head, pages)
        return found

    def overflow_paras(self, head: Head, size: float, width: int) -> list[Para]:
        """The full title as the content's first paragraph when the title had to be shortened."""
        if not head.overflow:
            return []
        return [para(runs_of(head.overflow, bold=True), size, width, colour=self.ink)]

    # -- pictures ------------------------------------------------------------------------

    @property
    def side(self) -> bool:
        """Pictures fill a full-height column at the slide's left edge, title and text beside them.

        A template keeps its title where it is: pictures and text share the space below it.
        """
        return not self.geo.template

    def picture_columns(self, y: int, share: float | None = None) -> tuple[tuple[int, int, int, int], int, int]:
        """The picture column (x, y, w, h) and the text column's x and width beside it, EMU.

        Without a template the picture column bleeds off the slide's left, top and bottom
        edges; ``y`` (below a template's title) is used otherwise.
        """
        share = (PICTURE_SHARE.get(self.geo.aspect, 0.5) if self.side else 0.5) if share is None else share
        if self.side:
            edge = round(self.W * share)
            box = (0, 0, edge, self.H)
        elif self.pic_box is not None:  # the layout's own picture placeholder, beside the text
            px, py, pw, _ = self.pic_box
            top = max(py, y)
            return (px, top, pw, self.bottom - top), self.mx, self.cw
        else:
            edge = self.mx + round(self.cw * share)
            box = (self.mx, y, edge - self.mx, self.bottom - y)
        tx = edge + inch(GUTTER_IN)
        return box, tx, self.right - tx

    def pictures_in(self, images: tuple[Image, ...], box: tuple[int, int, int, int], role: str = "photo",
                    placeholder: str | None = "pic", valign: str = "middle") -> list[Picture]:
        """One or two pictures in ``box``: two side by side or one above the other, whichever shows them larger."""
        x, y, w, h = box
        if len(images) == 1:  # against the slide's edge when the column bleeds off it
            return [Picture(x, y, w, h, images[0], role, valign=valign, halign="left" if self.side and x == 0 else "center",
                            placeholder=placeholder)]
        a, b = images[:2]
        gap = inch(0.2)

        def area(boxes):
            total = 0
            for img, bx in zip((a, b), boxes):
                pw, ph = bx
                aspect = img.aspect
                total += (pw * pw / aspect) if pw / ph < aspect else (ph * ph * aspect)
            return total

        cols = ((w - gap) // 2, h)
        rows = (w, (h - gap) // 2)
        if area((cols, cols)) >= area((rows, rows)):
            cw = cols[0]
            return [Picture(x, y, cw, h, a, role, valign=valign, halign="right", placeholder=placeholder),
                    Picture(x + cw + gap, y, cw, h, b, role, valign=valign, halign="left")]
        rh = rows[1]
        return [Picture(x, y, w, rh, a, role, valign="bottom", placeholder=placeholder),
                Picture(x, y + rh + gap, w, rh, b, role, valign="top")]

    def min_body(self) -> int:
        """The least column height any slide offers (a title is capped so this always holds)."""
        return self.bottom - self.top - round(self.H * TITLE_MAX_SHARE) - inch(0.4)
