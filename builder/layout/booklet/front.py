"""The front of the booklet: cover, inside cover, contents, introduction and "Before you begin".

Each part is a list of blocks for :func:`.flow.paginate`, or (the covers) pages laid out here.
Lengths are points.
"""

from __future__ import annotations

from typing import Callable

from ... import theme
from ...compose import facts
from ...compose.labels import Labels
from ...model import Image, Program
from ...model.markdown import plain_inline
from ..page import LinkArea, Picture, TextBlock
from .blocks import Maker, level_colours, placed_size, plain, request, spans
from .flow import Block, Placed, Row, paginate
from .geometry import Geometry, Styles

#: The smallest cover picture, as a share of the frame's height: a cover whose words leave less
#: room shows none (the cover stays one page).
COVER_PICTURE_MIN = 0.1


def logo_row(img: Image, g: Geometry, align: str = "end") -> Row:
    """The studio's logo, at most 14 mm tall and 40 mm wide (16 and 46 in large print)."""
    k = 1.15 if g.large_print else 1.0
    w, h = placed_size(img, theme.pt(40) * k, theme.pt(14) * k)
    req = request(img, w, h)

    def paint(x, top):
        px = x + g.frame_w - w if (align == "end") != g.rtl else x
        return [Picture(px, top - h, w, h, req, img.alt)]

    return Row(h, paint)


def bottom_pages(g: Geometry, top: list[Block], bottom: list[Block]) -> list[list[Placed]]:
    """``top`` from the top of the frame and ``bottom`` against its foot, on one page when they
    fit together, else flowing on over as many pages as they need."""
    pages = paginate(top, g.frame_h) if top else [[]]
    bottom_h = sum(b.height + (b.space_before if i else 0.0) for i, b in enumerate(bottom))
    last = pages[-1]
    used = max((p.top + p.block.height for p in last), default=0.0)
    if bottom_h <= g.frame_h - used - (g.unit * 2 if last else 0.0):
        y = g.frame_h - bottom_h
        for i, b in enumerate(bottom):
            y += b.space_before if i else 0.0
            last.append(Placed(b, y))
            y += b.height
        return pages
    return pages[:-1] + _flow_on(g, last, bottom)


def _flow_on(g: Geometry, last: list[Placed], bottom: list[Block]) -> list[list[Placed]]:
    """The blocks of ``last`` then ``bottom``, paginated again from a page's top."""
    blocks = [p.block for p in last] + bottom
    return paginate(blocks, g.frame_h)


class Front:
    """Blocks and pages of the front matter of one booklet."""

    def __init__(self, program: Program, g: Geometry, st: Styles, L: Labels, mk: Maker):
        self.p, self.g, self.st, self.L, self.mk = program, g, st, L, mk

    # -- cover

    def cover(self, movement_names: list[str]) -> list[list[Placed]]:
        """Organisation, title, subtitle, the cover picture (or a panel of what is inside), and
        the author at the foot; the studio's logo at the top."""
        p, g, st, mk = self.p, self.g, self.st, self.mk
        head: list[Block] = []
        if p.logo:
            head.append(Block([logo_row(p.logo, g, "start")], space_before=0.0))
        if p.organisation:
            head.append(mk.para(plain(p.organisation), st.cover_small, space_before=g.unit))
        title_style = st.cover_title
        for size in (st.cover_title.size, st.cover_title.size * 0.8, st.cover_title.size * 0.65):
            title_style = st.shrunk(st.cover_title, size)
            if mk.para(spans(p.title), title_style).height <= g.frame_h * 0.3:
                break
        head.append(mk.para(spans(p.title), title_style, space_before=g.unit * 3))
        if p.subtitle:
            head.append(mk.para(spans(p.subtitle), st.cover_sub, space_before=g.unit * 1.5))
        if p.client is not None:  # a client's own booklet: who it is for, and the day it was given
            head.append(mk.para(plain(self.L("prepared_for", name=p.client.name), bold=True, colour=st.accent),
                                st.cover_sub, space_before=g.unit * 3))
            head.append(mk.para(plain(self.L("prepared_on", date=self.L.date(p.client.date))), st.cover_small))
        foot: list[Block] = []
        if p.author:
            foot.append(mk.para(plain(p.author), st.bold))
        if p.edition:
            foot.append(mk.para(plain(p.edition), st.cover_small))
        used = sum(b.height + b.space_before for b in head) + sum(b.height for b in foot) + g.unit * 8
        room = g.frame_h - used
        if p.cover_image:
            # the room the words leave, at least a fifth of the page if that still makes one page;
            # else the picture shrinks to what is left, and below a sliver the cover has none (a
            # long title and a client's name in large print leave little: the cover stays one page)
            box_h = max(g.frame_h * 0.2, min(g.frame_h * 0.48, room))
            while box_h >= g.frame_h * COVER_PICTURE_MIN:
                picture = mk.picture(p.cover_image, g.frame_w, box_h, space_before=g.unit * 4, tag=("cover",))
                pages = bottom_pages(g, head + [picture], foot)
                if len(pages) == 1:
                    return pages
                box_h -= g.frame_h * 0.02
        elif movement_names and room > g.frame_h * 0.2:
            head.append(self.inside_panel(movement_names, min(room, g.frame_h * 0.5)))
        return bottom_pages(g, head, foot)

    def inside_panel(self, names: list[str], room: float) -> Block:
        """A cover without a picture: a tinted panel naming the movements inside."""
        g, st, mk, L = self.g, self.st, self.mk, self.L
        inner = mk.panel_width(bar_w=6.0)
        content = [mk.heading(plain(L("in_this_booklet").upper()), st.label, inner)]
        budget = room - g.unit * 4 - content[0].height
        shown = 0
        for k, name in enumerate(names):
            b = mk.para(plain(f"{k + 1}") + plain("  ") + spans(name), st.body, inner, space_before=g.unit * 0.3,
                        whole=True)
            rest = len(names) - k - 1
            if budget - b.height - (st.body.leading * 1.5 if rest else 0) < 0:
                break
            content.append(b)
            budget -= b.height + g.unit * 0.3
            shown += 1
        if shown < len(names):
            content.append(mk.para(plain(L.plural("and_more", len(names) - shown, n=len(names) - shown)), st.body,
                                   inner, space_before=g.unit * 0.3))
        return mk.panel(content, st.accent, theme.tint(st.accent, 0.9), space_before=g.unit * 4, bar_w=6.0,
                        tag=("cover",))

    # -- inside cover

    def inside_cover(self) -> list[list[Placed]]:
        p, g, st, mk, L = self.p, self.g, self.st, self.mk, self.L
        top: list[Block] = []
        if p.client is not None and p.client.note:  # the teacher's note, the first thing the client reads
            inner = mk.panel_width()
            content = [mk.heading(plain(L("note_from_teacher").upper()), st.label, inner)]
            content += mk.prose(p.client.note, st.body, inner)
            if p.author:
                content.append(mk.para(plain(p.author), st.small, inner, space_before=g.unit))
            top.append(mk.panel(content, st.accent, theme.tint(st.accent, 0.9), tag=("anchor", "note")))
        if p.disclaimer:
            section = [mk.heading(plain(L("please_read_first")), st.h2, tag=("anchor", "first"),
                                  space_before=g.unit * 4 if top else 0.0)] + mk.prose(p.disclaimer)
            # read whole: under the teacher's note if it fits there, else on the next page (never
            # its last paragraph alone over the page)
            for b in section[:-1]:
                b.keep_next = True
            top += section
        colophon = [mk.para(spans(p.title), st.bold)]
        if p.subtitle:
            colophon.append(mk.para(spans(p.subtitle), st.small))
        for k, s in enumerate(x for x in (p.author, p.organisation, p.edition) if x):
            colophon.append(mk.para(plain(s), st.small, space_before=g.unit if k == 0 else 0.0))
        if p.contact:
            colophon.append(mk.heading(plain(L("contact").upper()), st.label, space_before=g.unit))
            colophon += [mk.para(plain(line), st.small) for line in p.contact.lines()]
        pages = bottom_pages(g, top, colophon)
        if len(pages) > 1 and top and len(paginate(top, g.frame_h)) < len(pages):
            # the colophon repeats what the covers say (title, author, studio, edition, contact):
            # rather than push the disclaimer onto a page of its own, it is left to them
            return paginate(top, g.frame_h)
        return pages

    # -- contents

    def contents(self, entries: list[tuple[str, int, str]], page_of: Callable[[str], int]) -> list[list[Placed]]:
        """The contents: (title, level, anchor) entries, each with its page number at the end side,
        linked to its page. The numbers are drawn when the pages are known (their width is kept)."""
        g, st, mk, L = self.g, self.st, self.mk, self.L
        num_w = TextBlock.of(plain("0000"), st.toc0, 1e6).lines[0].width + g.unit
        blocks = [mk.heading(plain(L("contents")), st.h1, tag=("anchor", "contents"))]
        for title, level, anchor in entries:
            style = st.toc0 if level == 0 else st.toc1
            indent = g.body_pt * 1.2 * level
            text_w = g.frame_w - num_w - indent
            tb = mk.lines(spans(title), style, text_w)
            blocks.append(self._entry(tb, style, indent, num_w, anchor, page_of,
                                      g.unit * (1.0 if level == 0 else 0.2)))
        blocks[0].space_before = 0.0
        if len(blocks) >= 4:
            blocks[-2].keep_next = True  # the last entry never alone on a page
        pages = paginate(blocks, g.frame_h)
        if len(pages) > 1:  # a few entries over: the entries close up rather than start a page
            spaces = [b.space_before for b in blocks]
            for b in blocks[1:]:
                b.space_before *= 0.3
            tight = paginate(blocks, g.frame_h)
            if len(tight) < len(pages):
                return tight
            for b, sp in zip(blocks, spaces):
                b.space_before = sp
        return pages

    def _entry(self, tb: TextBlock, style, indent: float, num_w: float, anchor: str, page_of, space: float) -> Block:
        g = self.g
        h = tb.height

        def paint(x, top):
            out = tb.runs(x + (num_w if g.rtl else indent), top)
            n = str(page_of(anchor))
            num = TextBlock.of(plain(n), style, num_w)
            last_top = top - h + style.leading
            nx = x if g.rtl else x + g.frame_w - num.lines[0].width
            out += num.runs(nx, last_top, align="left")
            out.append(LinkArea(x, top - h, g.frame_w, h, dest=anchor))
            return out

        return Block([Row(h, paint)], [False], space_before=space)

    # -- introduction and "Before you begin"

    def intro(self) -> list[Block]:
        g, st, mk = self.g, self.st, self.mk
        out: list[Block] = []
        for i, sec in enumerate(self.p.intro):
            style = st.h1 if i == 0 else st.h2
            out.append(mk.heading(spans(sec.heading), style, space_before=0.0 if i == 0 else g.unit * 3,
                                  tag=("anchor", f"intro{i}")))
            if sec.image:
                out.append(mk.picture(sec.image, g.frame_w, g.frame_h * 0.32, sec.image.caption,
                                      space_before=g.unit))
                out[-1].keep_next = True
            out += mk.prose(sec.text, first_space=g.unit)
        if out:
            out[0].new_page = True
        return out

    def before_you_begin(self) -> list[Block]:
        g, st, mk, L = self.g, self.st, self.mk, self.L
        if not self.p.cautions:
            return []
        out = [mk.heading(plain(L("before_you_begin")), st.h1, tag=("anchor", "before")),
               mk.para(plain(L("before_you_begin_lead")), st.lead, space_before=g.unit, keep_next=True)]
        inner = mk.panel_width()
        for k, c in enumerate(self.p.cautions):
            strong, tint = level_colours(c.level, st.accent)
            word = facts.level_word(c.level, L).upper()
            sp = spans(c.title.rstrip(".") + ".", bold=True) + plain(" ") if c.title else ()
            out.append(mk.caution_panel(word, L("handout_continued", name=word), mk.prose(c.text, st.body, inner, lead=sp),
                                        strong, tint, space_before=g.unit * 1.5, tag=("anchor", f"before-{k}")))
        if len(out) >= 4:
            out[-2].keep_next = True  # the last caution never alone on a page
        return out


def plain_title(s: str) -> str:
    return plain_inline(s)
