"""The booklet's block makers: paragraphs, prose, headings, steps, panels, pictures and rules as
:class:`~.flow.Block` objects measured with the print text engine.

Lengths are points. A right-to-left booklet (:attr:`Geometry.rtl`) mirrors what hangs at the
start of a line: bullets, step numbers and breath cues stand at the right.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ... import theme
from ...images import ImageRequest, box_px
from ...model import Image
from ...model import markdown as md
from .. import text as tx
from ..page import Box, Picture, Rule, TextBlock, TextStyle
from .flow import Block, Row
from .geometry import Geometry, Styles

MIN_PPI = 150.0  # a picture with too few pixels is placed smaller rather than below this
SHRINK_MIN = 0.6  # a picture may shrink to this share of its height to stay on its page
SHRINK_MIN_LARGE = 0.85  # in large print, where pictures stay large
GRID_COLUMNS = 6  # the frame's grid: a picture across the frame is as wide as a whole number of columns


def spans(s: str | None, colour: str | None = None, bold: bool = False) -> tuple[tx.Span, ...]:
    """The teacher's one-line prose (inline Markdown) as spans."""
    return tuple(tx.Span(r.text, r.bold or bold, r.italic, colour) for r in md.inline(" ".join((s or "").split())))


def plain(s: str | None, colour: str | None = None, bold: bool = False, link: str | None = None) -> tuple[tx.Span, ...]:
    """Literal text (a label, a name as typed) as one span."""
    return (tx.Span(s or "", bold, False, colour, link),) if s else ()


def text_width(s: str, style: TextStyle) -> float:
    lines = tx.wrap([tx.Span(s, style.bold, style.italic)], style.size, 1e7)
    return max((ln.width for ln in lines), default=0.0)


def placed_size(img: Image, box_w: float, box_h: float) -> tuple[float, float]:
    """Where a picture goes in a box: fitted without distortion, never below :data:`MIN_PPI`."""
    w_px, h_px = img.width_px, img.height_px
    if not w_px or not h_px:
        return box_w, box_h
    scale = min(box_w / w_px, box_h / h_px)
    w, h = w_px * scale, h_px * scale
    limit = w_px / MIN_PPI * 72.0
    if w > limit:
        h *= limit / w
        w = limit
    return w, h


def request(img: Image, w: float, h: float) -> ImageRequest:
    """The prepared picture for a placement ``w`` x ``h`` points (300 ppi)."""
    wp, hp = box_px(w, h)
    return ImageRequest(source=img.path, max_w_px=wp, max_h_px=hp)


class Maker:
    """Makes the blocks of one booklet (its geometry, styles and reading direction)."""

    def __init__(self, g: Geometry, st: Styles):
        self.g, self.st = g, st
        self._wrapped: dict[tuple, TextBlock] = {}

    # -- text

    def lines(self, sp, style: TextStyle, width: float, first_width: float | None = None) -> TextBlock:
        """``sp`` wrapped to ``width`` (each text set once per booklet; the result is not changed)."""
        key = (tuple(sp), style, round(width, 3), first_width)
        tb = self._wrapped.get(key)
        if tb is None:
            tb = self._wrapped[key] = TextBlock.of(key[0], style, width, first_width=first_width)
        return tb

    def line_rows(self, tb: TextBlock, dx: float = 0.0, align: str | None = None) -> list[Row]:
        """One row per line of ``tb``, drawn ``dx`` from the block's left edge."""
        rows = []
        for ln in tb.lines:
            one = TextBlock([ln], tb.style, tb.width, tb.first_baseline)
            rows.append(Row(tb.style.leading, lambda x, top, one=one: one.runs(x + dx, top, align)))
        return rows

    def para(self, sp, style: TextStyle, width: float | None = None, indent: float = 0.0,
             space_before: float = 0.0, keep_next: bool = False, align: str | None = None,
             tag: tuple = (), whole: bool = False) -> Block:
        """A paragraph; it breaks between lines keeping two on each side (never, if ``whole``)."""
        width = (self.g.frame_w if width is None else width) - indent
        tb = self.lines(sp, style, width)
        dx = 0.0 if self.g.rtl else indent
        rows = self.line_rows(tb, dx, align)
        n = len(rows)
        breaks = [False] + [(not whole) and 2 <= i <= n - 2 for i in range(1, n)]
        return Block(rows, breaks, space_before=space_before, keep_next=keep_next, tag=tag)

    def heading(self, sp, style: TextStyle, width: float | None = None, space_before: float = 0.0,
                tag: tuple = ()) -> Block:
        return self.para(sp, style, width, space_before=space_before, keep_next=True, tag=tag, whole=True)

    def continued(self, text: str, img: Image | None, tag: tuple) -> Block:
        """The head of a page that goes on with what the page before began ("Side Bend,
        continued"), beside a small copy of ``img``, over a rule: so the client always knows
        what they are doing."""
        g, st = self.g, self.st
        pic_h = st.h3.leading * 1.5
        pw, ph = placed_size(img, pic_h * 2.0, pic_h) if img else (0.0, 0.0)
        gutter = g.unit * 1.5
        name = self.lines(plain(text), st.h3, g.frame_w - (pw + gutter if img else 0.0))
        h = max(name.height, ph)
        req = request(img, pw, ph) if img else None

        def paint(x, top):
            out = []
            tx_ = x
            if img is not None:
                px = x + g.frame_w - pw if g.rtl else x
                out.append(Picture(px, top - ph, pw, ph, req, img.alt))
                tx_ = x if g.rtl else x + pw + gutter
            out += name.runs(tx_, top - (h - name.height) / 2)
            out.append(Rule(x, top - h - g.unit * 0.6, x + g.frame_w, top - h - g.unit * 0.6, theme.RULE, 0.4))
            return out

        return Block([Row(h, paint)], [False], pad_bottom=g.unit * 1.2, tag=tag)

    def prose(self, s: str | None, style: TextStyle | None = None, width: float | None = None,
              first_space: float = 0.0, tag: tuple = (), lead: tuple = ()) -> list[Block]:
        """Paragraphs and bullet lists of the teacher's prose; a lead-in stays with its list.
        ``lead`` (spans: a caution's bold title) starts the first paragraph, or is a line of its
        own before a list."""
        style = style or self.st.body
        width = self.g.frame_w if width is None else width
        out: list[Block] = []
        gap = self.g.unit
        for k, blk in enumerate(md.blocks(s)):
            before = first_space if k == 0 else gap
            if isinstance(blk, md.Paragraph):
                runs = text_spans(blk.runs)
                out.append(self.para(lead + runs if k == 0 else runs, style, width, space_before=before, tag=tag))
            else:
                if k == 0 and lead:
                    out.append(self.para(lead, style, width, space_before=before, tag=tag))
                    before = gap * 0.5
                if out:
                    out[-1].keep_next = True  # "Here is one reason why:" stays with its list
                for n, item in enumerate(blk.items):
                    out.append(self.bullet(text_spans(item), style, width, before if n == 0 else gap * 0.5, tag))
        if lead and not out:
            out.append(self.para(lead, style, width, space_before=first_space, tag=tag))
        return out

    def bullet(self, sp, style: TextStyle, width: float, space_before: float, tag: tuple = ()) -> Block:
        indent = style.size * 1.3
        b = self.para(sp, style, width, indent=indent, space_before=space_before, tag=tag)
        dot = style.size * 0.16
        if b.rows:
            first = b.rows[0]
            g, accent = self.g, self.st.accent
            cy = -(style.leading / 2) - style.size * 0.05  # the middle of the first line

            def paint(x, top, first=first):
                cx = x + width - indent * 0.55 if g.rtl else x + indent * 0.4
                return first.paint(x, top) + [Box(cx - dot, top + cy - dot, 2 * dot, 2 * dot, fill=accent, radius=dot)]

            b.rows[0] = Row(first.h, paint)
        return b

    def step(self, number: int, sp, cue: str | None, width: float, space_before: float, tag: tuple) -> Block:
        """A numbered step: the number hangs in the margin of the text, the breath cue opens it.
        A step never breaks across pages (unless it alone is taller than a page)."""
        st, g = self.st, self.g
        num_w = st.body.size * 2.0
        text_w = width - num_w
        cue_w = 0.0
        if cue:
            cue_w = text_width(cue, st.cue) + st.body.size * 0.5
            if cue_w > text_w * 0.6:
                cue, cue_w = None, 0.0
        tb = self.lines(sp, st.body, text_w, first_width=text_w - cue_w if cue else None)
        rows = []
        num_block = self.lines(plain(str(number)), st.step_no, num_w)
        cue_block = self.lines(plain(cue), st.cue, cue_w + 1) if cue else None
        for k, ln in enumerate(tb.lines):
            # The first line's box is beside the cue: a line set the other way from the page (an
            # Arabic step in an English booklet) is aligned within it, not across the cue or past the edge.
            one = TextBlock([ln], st.body, text_w - (cue_w if k == 0 else 0.0), tb.first_baseline)

            def paint(x, top, one=one, k=k):
                if g.rtl:
                    out = one.runs(x, top)
                else:
                    out = one.runs(x + num_w + (cue_w if k == 0 else 0.0), top)
                if k == 0:
                    nx = x + width - num_block.lines[0].width if g.rtl else x
                    out += num_block.runs(nx, top, align="left")
                    if cue_block is not None:
                        base = top - tb.first_baseline
                        cue_top = base + cue_block.first_baseline
                        cx = x + text_w - cue_w + st.body.size * 0.5 if g.rtl else x + num_w
                        out += cue_block.runs(cx, cue_top, align="left")
                return out

            rows.append(Row(st.body.leading, paint))
        if not rows:
            rows.append(Row(st.body.leading, lambda x, top: num_block.runs(x, top, align="left")))
        return Block(rows, [False] * len(rows), space_before=space_before, tag=tag)

    # -- composites

    def stack(self, blocks: list[Block], width: float, pad_x: float = 0.0) -> tuple[list[Row], list[bool]]:
        """The rows of ``blocks`` one under another (their spaces before as gap rows), each drawn
        ``pad_x`` in from the left, and where the stack may break."""
        rows: list[Row] = []
        breaks: list[bool] = []
        prev_keep = True
        for b in blocks:
            if rows and b.space_before:
                rows.append(Row(b.space_before, gap=True))
                breaks.append(not prev_keep)
            for i, r in enumerate(b.rows):
                rows.append(shifted(r, pad_x))
                breaks.append(b.breaks[i] if i else (not prev_keep and bool(rows[:-1])))
            prev_keep = b.keep_next
        return rows, breaks

    def panel(self, blocks: list[Block], strong: str, tint: str, width: float | None = None,
              space_before: float = 0.0, tag: tuple = (), bar_w: float = 4.0,
              continued: Block | None = None) -> Block:
        """Blocks in a tinted box with a strong bar at the start edge; it breaks where they do,
        and each page's piece gets its own box, opened by ``continued`` ("STOP, continued")."""
        width = self.g.frame_w if width is None else width
        g = self.g
        rows, breaks = self.stack(blocks, width, 0.0)
        pad_x = g.unit * 1.5 + bar_w
        lead = list(continued.rows) if continued is not None else []

        def decorate(x, top, h):
            bar_x = x + width - bar_w if g.rtl else x
            return [Box(x, top - h, width, h, fill=tint), Box(bar_x, top - h, bar_w, h, fill=strong)]

        rows = [shifted(r, 0.0 if g.rtl else pad_x) for r in rows]
        lead = [shifted(r, 0.0 if g.rtl else pad_x) for r in lead]
        if g.rtl:
            rows = [shifted(r, g.unit * 1.5) for r in rows]
            lead = [shifted(r, g.unit * 1.5) for r in lead]
        return Block(rows, breaks, space_before=space_before, pad_top=g.unit * 1.2, pad_bottom=g.unit * 1.2,
                     decorate=decorate, tag=tag, rest_head=tuple(lead))

    def caution_panel(self, word: str, more: str, blocks: list[Block], strong: str, tint: str,
                      space_before: float, tag: tuple) -> Block:
        """A caution's :meth:`panel`: its level ``word`` ("STOP") over ``blocks``, each later piece
        opened by ``more`` ("STOP, continued")."""
        style, inner = self.st.level(strong), self.panel_width()
        return self.panel([self.heading(plain(word), style, inner)] + blocks, strong, tint, space_before=space_before,
                          tag=tag, continued=self.heading(plain(more), style, inner))

    def panel_width(self, width: float | None = None, bar_w: float = 4.0) -> float:
        """The text width inside a :meth:`panel`."""
        return (self.g.frame_w if width is None else width) - 2 * self.g.unit * 1.5 - bar_w

    def rule(self, colour: str, width: float | None = None, line_w: float = 0.75, space_before: float = 0.0,
             keep_next: bool = True) -> Block:
        width = self.g.frame_w if width is None else width
        return Block([Row(line_w, lambda x, top: [Rule(x, top - line_w / 2, x + width, top - line_w / 2, colour, line_w)])],
                     space_before=space_before, keep_next=keep_next)

    def picture(self, img: Image, box_w: float, box_h: float, caption: str | None = None,
                width: float | None = None, align: str = "start", space_before: float = 0.0,
                tag: tuple = ("picture",), shrinkable: bool = True) -> Block:
        """A picture fitted in its box (its alt text kept), with its caption under it."""
        width = self.g.frame_w if width is None else width
        w, h = placed_size(img, box_w, box_h)
        short_of: tuple = ()
        if img.width_px and img.height_px:
            fill_w = min(box_w, img.width_px * box_h / img.height_px)  # the width filling the box
            if w < fill_w - 0.5:
                short_of = (("picture", img.name), ("ppi", f"{img.width_px / (fill_w / 72):.0f}"),
                            ("pixels", math.ceil(fill_w / 72 * 200)))
        if box_w >= self.g.frame_w - 0.01:
            w, h = self.on_grid(w, h)
        req = request(img, w, h)
        g = self.g

        def paint(x, top):
            if align == "center":
                px = x + (width - w) / 2
            elif (align == "start") == g.rtl:
                px = x + width - w
            else:
                px = x
            return [Picture(px, top - h, w, h, req, img.alt, short_of)]

        rows = [Row(h, paint)]
        breaks = [False]
        cap_h = 0.0
        if caption:
            cap = self.para(spans(caption), self.st.caption, width, space_before=g.unit * 0.5)
            rows.append(Row(g.unit * 0.5, gap=True))
            breaks.append(False)
            rows += cap.rows
            # the first caption lines stay with the picture; a caption longer than a page breaks on
            breaks += [False] + cap.breaks[1:]
            cap_h = sum(r.h for r in rows[1:])

        def shrink(room: float) -> Block | None:
            """This picture made smaller to fit ``room`` (points), keeping at least 60% of its height."""
            new_h = room - cap_h
            if new_h >= h or new_h < h * (SHRINK_MIN_LARGE if g.large_print else SHRINK_MIN):
                return None
            return self.picture(img, box_w, new_h - 0.01, caption, width, align, space_before, tag,
                                shrinkable=False)

        return Block(rows, breaks, space_before=space_before, tag=tag, shrink=shrink if shrinkable else None)


    def grid_widths(self) -> list[float]:
        """The widths a picture may take across the frame: 2 to :data:`GRID_COLUMNS` columns of
        the frame's grid with their gutters (points), narrowest first."""
        gutter = self.g.unit * 2
        col = (self.g.frame_w - gutter * (GRID_COLUMNS - 1)) / GRID_COLUMNS
        return [k * col + (k - 1) * gutter for k in range(2, GRID_COLUMNS + 1)]

    def on_grid(self, w: float, h: float) -> tuple[float, float]:
        """A picture ``w`` x ``h`` made as wide as the widest grid width it fills (its height
        follows), so pictures of different movements line up on the same columns."""
        fits = [x for x in self.grid_widths() if x <= w + 0.01]
        if not fits or not w:
            return w, h
        return fits[-1], h * fits[-1] / w

    def facts_table(self, rows_in, tag: tuple = ()) -> Block | None:
        """Labelled facts (:class:`compose.facts.Fact`) as a ruled table at body size, the labels
        bold in the accent colour; label above value when the labels are too wide to stand beside."""
        g, st, mk = self.g, self.st, self
        if not rows_in:
            return None
        label_w = max(TextBlock.of(plain(f.label.upper()), st.dose_label, 1e6).lines[0].width for f in rows_in)
        label_w += g.unit * 2
        stacked = label_w > g.frame_w * 0.4
        val_w = g.frame_w if stacked else g.frame_w - label_w
        rows: list[Row] = []
        pad = g.unit * 0.6
        accent, rule = st.accent, theme.RULE
        for k, f in enumerate(rows_in):
            lab = mk.lines(plain(f.label.upper()), st.dose_label, g.frame_w if stacked else label_w)
            val = mk.lines(spans(f.value) if f.markup else plain(f.value), st.body, val_w)
            h = (lab.height + val.height if stacked else max(lab.height, val.height)) + 2 * pad
            last = k == len(rows_in) - 1

            def paint(x, top, lab=lab, val=val, h=h, k=k, last=last):
                items = []
                if k == 0:
                    items.append(Rule(x, top, x + g.frame_w, top, accent, 0.75))
                if g.rtl:
                    items += lab.runs(x + (0.0 if stacked else g.frame_w - label_w), top - pad)
                    items += val.runs(x, top - pad - (lab.height if stacked else 0))
                else:
                    items += lab.runs(x, top - pad)
                    items += val.runs(x + (0 if stacked else label_w), top - pad - (lab.height if stacked else 0))
                items.append(Rule(x, top - h, x + g.frame_w, top - h, accent if last else rule, 0.75 if last else 0.4))
                return items

            rows.append(Row(h, paint))
        return Block(rows, [False] * len(rows), space_before=g.unit * 2, tag=tag)


def shifted(row: Row, dx: float) -> Row:
    if not dx:
        return row
    return Row(row.h, lambda x, top, p=row.paint: p(x + dx, top), row.gap)


def text_spans(runs) -> tuple[tx.Span, ...]:
    return tuple(tx.Span(r.text, r.bold, r.italic) for r in runs)


def with_colour(sp, colour: str) -> tuple[tx.Span, ...]:
    return tuple(replace(s, colour=colour) for s in sp)


def level_colours(level: str, accent: str) -> tuple[str, str]:
    return theme.level_colours(level, accent)
