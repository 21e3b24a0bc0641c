"""The home-practice booklet (``booklet.pdf``) and its saddle-stitch print version, drawn.

The plan (:mod:`builder.layout.booklet`) decides the geometry, the order of the parts of
the booklet and where every picture goes. Here the plan becomes platypus flowables, laid
out with ``multiBuild`` (so the contents page has real page numbers), then padded with
extra notes pages to a multiple of four, so the back cover stays on the back when printed.

Units: ``*_pt`` are PDF points, ``*_mm`` millimetres, ``*_px`` pixels.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Mapping

from ... import theme
from ...build.targets import Note, RenderResult
from ...compose import facts as compose, labels_for
from ...layout.booklet import BookletPlan, Geometry, MovementPlan, Picture, SequencePlan, pad_pages, thumb_box
from ...model import Caution, Movement, Program

# --------------------------------------------------------------------------- render


class _Styles:
    """Every paragraph style of one booklet, derived from its geometry and accent."""

    def __init__(self, g: Geometry, accent: str):
        from reportlab.lib.enums import TA_CENTER

        from . import kit as k

        s = g.scale
        b = g.body_pt
        u = g.unit
        ink, muted = theme.INK, theme.MUTED
        self.accent = accent
        self.body = k.style("body", b, g.leading, spaceAfter=u)
        self.bullet = k.style("bullet", b, g.leading, spaceAfter=u * 0.5, leftIndent=b * 1.3, bulletIndent=b * 0.25,
                              bulletColor=k.colour(accent))
        self.lead = k.style("lead", b * 1.09, b * 1.09 * 1.4, spaceAfter=u, textColor=k.colour(ink))
        self.small = k.style("small", max(8.5 * s, 8.5), max(8.5 * s, 8.5) * 1.35, textColor=k.colour(muted))
        self.caption = k.style("caption", max(8.5 * s, 8.5), max(8.5 * s, 8.5) * 1.3, textColor=k.colour(muted),
                               fontName=k.FONT_ITALIC, spaceBefore=u * 0.4)
        self.label = k.style("label", max(8 * s, 8), max(8 * s, 8) * 1.3, fontName=k.FONT_BOLD,
                             textColor=k.colour(accent), spaceAfter=u * 0.3, keepWithNext=1)
        self.h1 = k.style("h1", 20 * s, 20 * s * 1.2, fontName=k.FONT_BOLD, textColor=k.colour(accent),
                          spaceAfter=u * 1.5, keepWithNext=1)
        self.h2 = k.style("h2", 13.5 * s, 13.5 * s * 1.25, fontName=k.FONT_BOLD, textColor=k.colour(ink),
                          spaceBefore=u * 2, spaceAfter=u, keepWithNext=1)
        self.h3 = k.style("h3", b * 1.0, g.leading, fontName=k.FONT_BOLD, textColor=k.colour(accent),
                          spaceBefore=u * 2, spaceAfter=u * 0.5, keepWithNext=1)
        self.step = k.style("step", b, g.leading, spaceAfter=u * 0.8, leftIndent=b * 2.0, bulletIndent=0,
                            bulletFontName=k.FONT_BOLD, bulletColor=k.colour(accent), bulletFontSize=b)
        self.callout = k.style("callout", b * 0.95, b * 0.95 * 1.38, spaceAfter=u * 0.5)
        self.callout_bullet = k.style("callout-bullet", b * 0.95, b * 0.95 * 1.38, spaceAfter=u * 0.4,
                                      leftIndent=b * 1.1, bulletIndent=0)
        self.cell = k.style("cell", b * 0.95, b * 0.95 * 1.35)
        self.cell_bold = k.style("cell-bold", b, g.leading * 0.95, fontName=k.FONT_BOLD)
        self.head_cell = k.style("head-cell", max(7.5 * s, 7.5), max(7.5 * s, 7.5) * 1.25, fontName=k.FONT_BOLD,
                                 textColor=k.colour(muted), alignment=TA_CENTER)
        self.head_cell_left = k.style("head-cell-left", max(7.5 * s, 7.5), max(7.5 * s, 7.5) * 1.25,
                                      fontName=k.FONT_BOLD, textColor=k.colour(muted))
        self.toc0 = k.style("toc0", b, g.leading, fontName=k.FONT_BOLD, spaceBefore=u * 0.8, rightIndent=b * 2.5)
        self.toc1 = k.style("toc1", b, g.leading * 0.95, leftIndent=b * 1.2, rightIndent=b * 2.5)
        cover_t = 26 * s
        self.cover_title = k.style("cover-title", cover_t, cover_t * 1.15, fontName=k.FONT_BOLD,
                                   textColor=k.colour(accent), spaceAfter=u * 1.5)
        self.cover_sub = k.style("cover-sub", 13 * s, 13 * s * 1.35, textColor=k.colour(ink), spaceAfter=u)
        self.cover_small = k.style("cover-small", max(9.5 * s, 9), max(9.5 * s, 9) * 1.4, textColor=k.colour(muted))
        self.cover_author = k.style("cover-author", b, g.leading, fontName=k.FONT_BOLD)


def _level_order(level: str) -> int:
    return {"stop": 0, "caution": 1, "info": 2}.get(level, 1)


class _Builder:
    """Turns a :class:`BookletPlan` into a story of flowables for one document pass."""

    def __init__(self, program: Program, bplan: BookletPlan, images: Mapping):
        from . import kit as k

        self.k = k
        self.p = program
        self.plan = bplan
        self.g = bplan.geometry
        self.images = images
        self.accent = program.theme.accent
        self.L = labels_for(program)
        self.st = _Styles(self.g, self.accent)
        self._keys = 0
        self.page_refs: dict[str, int] = {}

    # -- small pieces

    def key(self) -> str:
        self._keys += 1
        return f"mb{self._keys}"

    def heading(self, text_markup: str, style, marks=()):
        from reportlab.platypus import Paragraph

        para = Paragraph(text_markup, style)
        para._mb_marks = tuple(marks)
        return para

    def mark(self, title: str, level: int, toc: bool = True):
        """An outline entry (and contents line) for the heading it is attached to."""
        from ...model.markdown import plain_inline

        return (self.key(), plain_inline(title), level, toc)

    def gap(self, units: float):
        return _gap(self.g.unit * units)

    def prepared(self, pic):
        req = pic.request()
        try:
            return self.images[req]
        except KeyError:
            raise KeyError(f"the image stage did not prepare {req}") from None

    def figure(self, pic, caption: str | None, align: str = "LEFT"):
        from reportlab.platypus import Paragraph

        img = self.k.picture(self.prepared(pic), pic.box_w, pic.box_h, h_align=align)
        out = [img]
        if caption:
            out.append(Paragraph(self.k.rich(caption), self.st.caption))
        return out

    def prose(self, s: str | None, style=None):
        return self.k.prose(s, style or self.st.body, self.st.bullet)

    # -- parts of the booklet

    def cover(self):
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph

        k, st, p, g = self.k, self.st, self.p, self.g
        org = []
        if p.organisation:
            org = [Paragraph(k.text(p.organisation), st.cover_small.clone("cover-org", spaceAfter=g.unit * 3))]
        sub = [Paragraph(k.rich(p.subtitle), st.cover_sub)] if p.subtitle else []
        bottom = []
        if p.author:
            bottom.append(Paragraph(k.text(p.author), st.cover_author))
        if p.edition:
            bottom.append(Paragraph(k.text(p.edition), st.cover_small))
        pic = self.plan.cover
        pic_h = 0.0
        if pic:
            prep = self.prepared(pic)
            pic_h = k.placed_size(prep.width_px, prep.height_px, pic.box_w, pic.box_h)[1]
        # the picture shrinks first (to 75%: still under 400 ppi), then the title (to 14 pt at least),
        # the subtitle staying clearly smaller than the title
        size = st.cover_title.fontSize
        while True:
            style = ParagraphStyle("cover-title-fit", parent=st.cover_title, fontSize=size, leading=size * 1.15)
            title = [Paragraph(k.rich(p.title), style)]
            if p.subtitle:
                sub_pt = min(st.cover_sub.fontSize, size * 0.72)
                sub = [Paragraph(k.rich(p.subtitle), st.cover_sub.clone("cover-sub-fit", fontSize=sub_pt,
                                                                         leading=sub_pt * 1.35))]
            text_h = _stack_height(org + title + sub, g.frame_w) + _stack_height(bottom, g.frame_w) + g.unit * 8
            if text_h + pic_h * 0.75 <= g.frame_h or size <= 14:
                break
            size -= 1
        story = org + title + sub
        if pic:
            scale = max(0.75, min(1.0, (g.frame_h - text_h) / pic_h)) if pic_h else 1.0
            story += [self.gap(2), k.picture(prep, pic.box_w * scale, pic.box_h * scale, h_align="LEFT")]
        if bottom:
            story.append(k.AtBottom(bottom))
        story += [NextPageTemplate("plain"), PageBreak()]
        return story

    def inside_cover(self):
        from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph

        k, st, p = self.k, self.st, self.p
        story = []
        if p.disclaimer:
            story.append(self.heading(k.text(self.L("please_read_first")), st.h2.clone("h2-first", spaceBefore=0),
                                      [self.mark(self.L("please_read_first"), 0, toc=False)]))
            story += self.prose(p.disclaimer, st.body)
        for small in (st.small, _min_style(st.small)):  # long contact text shrinks to 7 pt, then flows on
            colophon = [Paragraph(k.rich(p.title), st.cell_bold)]
            if p.subtitle:
                colophon.append(Paragraph(k.rich(p.subtitle), small))
            colophon.append(self.gap(1))
            for s in (p.author, p.organisation, p.edition):
                if s:
                    colophon.append(Paragraph(k.text(s), small))
            if p.contact:
                colophon.append(self.gap(1))
                colophon.append(Paragraph(k.text(self.L("contact")), st.label))
                colophon += [Paragraph(k.text(line), small) for line in p.contact.lines()]
            if _stack_height(colophon, self.g.frame_w) <= self.g.frame_h * 0.6:
                break
        story.append(k.AtBottom(colophon))
        story += [NextPageTemplate("body"), PageBreak()]
        return story

    def contents(self):
        from reportlab.platypus import PageBreak
        from reportlab.platypus.tableofcontents import TableOfContents

        st = self.st
        from reportlab.platypus import TableStyle

        toc = TableOfContents(levelStyles=[st.toc0, st.toc1], dotsMinLevel=-1)
        toc.tableStyle = TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.k.FONT),  # else the table names Helvetica (not embedded)
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ])
        return [self.heading(self.k.text(self.L("contents")), st.h1, [self.mark(self.L("contents"), 0, toc=False)]), toc, PageBreak()]

    def intro(self):
        from reportlab.platypus import PageBreak

        st = self.st
        story = []
        for i, (sec, pic) in enumerate(self.plan.intro):
            style = st.h1 if i == 0 else st.h2.clone("h2-intro", fontSize=st.h1.fontSize * 0.8,
                                                      leading=st.h1.fontSize * 0.8 * 1.22,
                                                      textColor=self.k.colour(self.accent))
            story.append(self.heading(self.k.rich(sec.heading), style, [self.mark(sec.heading, 0)]))
            if pic:
                story += self.figure(pic, pic.image.caption)
                story.append(self.gap(1.5))
            story += self.prose(sec.text)
        if story and not self.plan.cautions:
            story.append(PageBreak())
        return story

    def caution_panel(self, cautions: list[Caution], level: str, with_titles: bool = True):
        from reportlab.platypus import Paragraph

        k, st = self.k, self.st
        strong, tint_c = theme.level_colours(level, self.accent)
        label = st.label.clone(f"label-{level}", textColor=k.colour(strong), spaceAfter=self.g.unit * 0.4)
        content = [Paragraph(k.text(compose.level_word(level, self.L).upper()), label)]
        for c in cautions:
            body = k.rich(c.text)
            if with_titles and c.title:
                body = f"<b>{k.rich(c.title)}.</b> " + body
            if len(cautions) > 1:
                content.append(Paragraph(body, st.callout_bullet, bulletText="•"))
            else:
                content.append(Paragraph(body, st.callout))
        return k.Panel(content, strong, tint_c, bar_w=4, pad=self.g.unit * 1.2, pad_x=self.g.unit * 1.5,
                       min_split_h=self.g.frame_h * 0.4)

    def before_you_begin(self):
        from reportlab.platypus import CondPageBreak, PageBreak, Paragraph

        if not self.plan.cautions:
            return []
        st = self.st
        section = [self.heading(self.k.text(self.L("before_you_begin")), st.h1, [self.mark(self.L("before_you_begin"), 0)]),
                   Paragraph(self.k.text(self.L("before_you_begin_lead")), st.lead)]
        for c in self.plan.cautions:
            section.append(_gap(self.g.unit))
            section.append(self.caution_panel([c], c.level))
        story = []
        if self.plan.intro:
            # after the introduction, on its last page if the whole section fits there
            # (else from a new page, so no caution is left alone on a page of its own)
            room = min(_stack_height(section, self.g.frame_w), self.g.frame_h) + self.g.unit * 4
            story += [CondPageBreak(min(room, self.g.frame_h * 0.98)), self.gap(4)]
        return story + section + [PageBreak()]

    def movement(self, mp: MovementPlan, first: bool):
        from reportlab.platypus import CondPageBreak, ImageAndFlowables, PageBreak, Paragraph

        k, st, g, m = self.k, self.st, self.g, mp.movement
        marks = [self.mark(m.name, 1)]
        if first:
            marks.insert(0, self.mark(self.L("movements"), 0))
        label = self.heading(k.text(self.L("movement_number", number=mp.number).upper()), st.label, marks)
        head = [Paragraph(k.rich(m.name), st.h1)]
        if m.summary:
            head.append(Paragraph(k.rich(m.summary), st.lead))
        meta = []
        if m.targets:
            meta.append(f"<b>{k.text(self.L('works_on'))}</b> " + k.text(self.L("list_separator").join(m.targets)))
        if m.duration:
            # a short duration ("10 min") never breaks across lines (spaces made fixed before
            # escaping, so markup the escaping adds, such as a fallback font, is left whole)
            dur = k.text(m.duration.replace(" ", "\u00a0") if len(m.duration) <= 16 else m.duration)
            meta.append(f"<b>{k.text(self.L('time'))}</b>&nbsp;" + dur)
        meta_style = st.small.clone("meta", spaceAfter=g.unit)
        if m.video:
            # the video's QR code stands beside the title, where it is seen before the steps;
            # a title block too tall for that (a table cell cannot split) gets it below instead
            text_w = g.frame_w - self.qr_size() - g.unit * 3
            video = f"<b>{k.text(self.L('video'))}</b>&nbsp;" + f'<font color="{self.accent}">{k.text(compose.short_url(m.video))}</font>'
            beside = head + [self.k.facts_line(meta + [video], meta_style, text_w)]
            if _stack_height(beside, text_w) <= g.frame_h * 0.4:
                head = [label, self.beside_qr(beside, m.video, text_w)]
            else:
                head = [label] + head + ([self.k.facts_line(meta, meta_style, g.frame_w)] if meta else [])
                head += [_gap(g.unit), self.qr_block(m.video), _gap(g.unit)]
        else:
            head = [label] + head + ([self.k.facts_line(meta, meta_style, g.frame_w)] if meta else [])

        # the movement's own cautions come before its instructions, where they cannot be missed
        warn = []
        if m.cautions:
            groups: dict[str, list[Caution]] = {}
            for c in m.cautions:
                groups.setdefault(c.level, []).append(c)
            for level in sorted(groups, key=_level_order):
                warn.append(_gap(g.unit * 1.5))
                warn.append(self.caution_panel(groups[level], level))
        # Order: why it helps, the movement's own cautions (before any instruction, where they
        # cannot be missed), then the pictures together with the starting position and steps
        # they illustrate.
        intro = []
        if m.why:
            intro.append(Paragraph(k.text(self.L("why_it_helps")), st.h3))
            intro += self.prose(m.why)
        practice = []
        if m.position:
            practice.append(Paragraph(k.text(self.L("starting_position")), st.h3))
            practice += self.prose(m.position)
        practice += self.steps(m)
        lead = intro + warn
        head_h = _stack_height(head, g.frame_w)
        # what must follow the title on its page: the heading and first paragraph of "why it
        # helps", or the first caution panel (a panel moves whole to the next page)
        lead_h = min(_stack_height(lead[:2], g.frame_w), g.frame_h * 0.5) if lead else 0.0

        layout = mp.layout
        if layout == "beside":
            pic = mp.pictures[0]
            figure = _Figure(self.k.picture(self.prepared(pic), pic.box_w, pic.box_h),
                             Paragraph(k.rich(pic.image.caption), st.caption) if pic.image.caption else None)
            fig_h = figure.wrap(pic.box_w, g.frame_h)[1]
            if fig_h > g.frame_h * 0.8:
                layout = "above"  # a caption so long the picture and it outgrow a page: it flows on below instead
        if layout == "above":
            pics = self.picture_grid(mp.pictures)
            pics_h = _stack_height(pics[:-1], g.frame_w)
            # the pictures stay on a page with the first lines of the position they show
            keep = [CondPageBreak(min(pics_h + g.leading * 4, g.frame_h * 0.98))] if lead else []
            need = head_h + (lead_h if lead else pics_h + g.leading * 4)
            story_body = lead + keep + [_gap(g.unit * (1.5 if lead else 0.5))] + pics + practice
        elif layout == "beside":
            if practice and isinstance(practice[0], Paragraph):
                practice[0] = Paragraph(practice[0].text, practice[0].style.clone("h3-top", spaceBefore=0))
            beside = ImageAndFlowables(figure, practice, imageSide="right", imageLeftPadding=g.unit * 2,
                                       imageRightPadding=0, imageBottomPadding=g.unit * 2)
            keep = [CondPageBreak(min(fig_h + g.unit * 4, g.frame_h * 0.98))] if lead else []
            need = head_h + (lead_h if lead else fig_h + g.unit * 4)
            story_body = lead + keep + [_gap(g.unit * (2 if lead else 1)), beside]
        else:
            need = head_h + (lead_h if lead else g.leading * 6)
            story_body = lead + practice

        story = []
        if mp.new_page and not first:
            story.append(PageBreak())
        elif not first:
            story.append(CondPageBreak(min(need + g.unit * 3, g.frame_h * 0.98)))
            story.append(_gap(g.unit * 3))
        story += head + story_body

        story += self.repeat_sides(m)
        if m.afterwards:
            story.append(Paragraph(k.text(self.L("afterwards")), st.h3))
            story += self.prose(m.afterwards)
        return story

    def picture_grid(self, pics: tuple[Picture, ...]):
        from reportlab.platypus import Paragraph, Table, TableStyle

        if len(pics) == 1:
            return self.figure(pics[0], pics[0].image.caption) + [self.gap(1)]
        g, k = self.g, self.k
        cols = max(1, round(g.frame_w / pics[0].box_w))
        from reportlab.platypus import Spacer

        # pictures of a row stand on one line, so their captions start on one line too
        heights = []
        for pic in pics:
            prep = self.prepared(pic)
            heights.append(k.placed_size(prep.width_px, prep.height_px, pic.box_w, pic.box_h)[1])
        cells = []
        for i, pic in enumerate(pics):
            row_h = max(heights[i - i % cols:i - i % cols + cols])
            cell = [Spacer(1, row_h - heights[i])] if row_h - heights[i] > 0.5 else []
            cell.append(self.k.picture(self.prepared(pic), pic.box_w, pic.box_h, h_align="LEFT"))
            if pic.image.caption:
                cell.append(Paragraph(self.k.rich(pic.image.caption), self.st.caption))
            cells.append(cell)
        rows = [cells[i:i + cols] for i in range(0, len(cells), cols)]
        rows[-1] += [""] * (cols - len(rows[-1]))
        gutter = g.unit * 2
        box_w = (g.frame_w - gutter * (cols - 1)) / cols
        t = Table(rows, colWidths=[box_w + gutter] * (cols - 1) + [box_w], hAlign="LEFT")
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), k.FONT),  # even empty cells name a font
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), gutter),
            ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), g.unit * 1.5),
        ]))
        t.wrap(g.frame_w, g.frame_h)
        if max(t._rowHeights) > g.frame_h * 0.85:
            # a caption so long its row would not fit a page (a table row cannot split):
            # the pictures one under another instead, each caption free to flow on
            out = []
            for pic in pics:
                out += self.figure(pic, pic.image.caption) + [self.gap(1)]
            return out
        return [t, self.gap(0.5)]

    def steps(self, m: Movement):
        from reportlab.platypus import Paragraph

        k, st = self.k, self.st
        stages = m.stages
        out = []
        cue_style = f'<font name="{k.FONT_BOLD}" size="{max(7.5, st.step.fontSize * 0.72):.1f}" color="{self.accent}">'
        for stage in stages:
            out.append(Paragraph(k.rich(stage.name) if stage.name else k.text(self.L("steps")), st.h3))
            if stage.repeat:
                out.append(Paragraph(f"<b>{k.text(self.L('repeat'))}:</b> {k.rich(stage.repeat)}",
                                     st.small.clone("part-repeat", textColor=k.colour(theme.INK),
                                                    spaceAfter=self.g.unit * 0.8, keepWithNext=1)))
            for n, step in enumerate(stage.steps, 1):
                cue = ""
                if step.breath:
                    cue = f"{cue_style}{k.text(compose.breath_word(step.breath, self.L).upper())}</font>&nbsp;&nbsp;"
                out.append(Paragraph(cue + k.rich(step.text), st.step, bulletText=f"{n}"))
        return out

    def repeat_sides(self, m: Movement):
        from reportlab.platypus import Paragraph, Table, TableStyle

        k, st, g = self.k, self.st, self.g
        rows = [(f.label, k.rich(f.value) if f.markup else k.text(f.value)) for f in compose.dose(m, self.L)]
        if not rows:
            return []
        # wide enough for the longest label in the program's language ("WIEDERHOLUNGEN"), never split
        label_w = max([st.label.fontSize * 5.5] + [k.text_width(a.upper(), k.FONT_BOLD, st.label.fontSize) + g.unit
                                                   for a, _ in rows])
        data = [[Paragraph(k.text(a.upper()), st.label.clone("rs-label", spaceAfter=0)), Paragraph(b, st.cell)] for a, b in rows]
        t = Table(data, colWidths=[label_w, g.frame_w - label_w], hAlign="LEFT")
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), k.FONT),  # even empty cells name a font
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), g.unit * 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), g.unit * 0.6),
            ("LINEABOVE", (0, 0), (-1, 0), 0.75, k.colour(self.accent)),
            ("LINEBELOW", (0, -1), (-1, -1), 0.75, k.colour(self.accent)),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, k.colour(theme.RULE)),
        ]))
        t.spaceBefore = g.unit * 2
        return [t]

    def qr_size(self) -> float:
        return theme.pt(max(theme.QR_MIN_MM, 24.0 if not self.g.large_print else 28.0))

    def beside_qr(self, head: list, url: str, text_w: float):
        """The movement's title block with the video's QR code (and "Scan to watch") at its right."""
        from reportlab.platypus import Paragraph, Table, TableStyle

        k, st, g = self.k, self.st, self.g
        size = self.qr_size()
        note = Paragraph(k.text(self.L("scan_to_watch")), st.small.clone("qr-note", alignment=1, spaceBefore=g.unit * 0.5,
                                                                    spaceAfter=0))
        t = Table([[head, [k.QRCode(url, size), note]]], colWidths=[text_w, g.frame_w - text_w], hAlign="LEFT")
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), k.FONT),  # even empty cells name a font
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (1, 0), (1, 0), g.unit * 3),
        ]))
        return t

    def qr_block(self, url: str):
        from reportlab.platypus import Paragraph, Table, TableStyle

        k, st, g = self.k, self.st, self.g
        size = self.qr_size()
        qr = k.QRCode(url, size)
        words = [Paragraph(k.text(self.L("watch_the_video")), st.cell_bold),
                 Paragraph(k.text(self.L("scan_or_type")), st.small),
                 Paragraph(k.text(compose.short_url(url)), st.cell.clone("url", textColor=k.colour(self.accent),
                                                                        spaceBefore=g.unit * 0.5))]
        t = Table([[qr, words]], colWidths=[size + g.unit * 2, g.frame_w - size - g.unit * 2], hAlign="LEFT")
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), k.FONT),  # even empty cells name a font
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return t

    def sequence(self, sp: SequencePlan, first: bool):
        from reportlab.platypus import PageBreak, Paragraph

        k, st, g, s = self.k, self.st, self.g, sp.sequence
        marks = [self.mark(s.name, 1)]
        if first:
            marks.insert(0, self.mark(self.L("routines" if len(self.plan.sequences) > 1 else "routine"), 0))
        kicker = self.L("routine_number", number=sp.number) if len(self.plan.sequences) > 1 else self.L("routine")
        story = [PageBreak(), self.heading(k.text(kicker.upper()), st.label, marks),
                 Paragraph(k.rich(s.name), st.h1)]
        # a time is one unit, never broken
        facts = [f"<b>{k.text(f.label)}</b>&nbsp;&nbsp;" + (k.rich(f.value) if f.markup else k.text(f.value.replace(" ", "\u00a0")))
                 for f in compose.routine_facts(s, self.L)]
        if facts:
            story.append(self.k.facts_line(facts, st.body, g.frame_w))
        if s.opening:
            story.append(self.gap(0.5))
            story.append(k.Panel([Paragraph(k.text(self.L("to_begin").upper()), st.label)] + self.prose(s.opening, st.callout),
                                 self.accent, theme.tint(self.accent, 0.92), bar_w=2.5, pad=g.unit * 1.2,
                                 pad_x=g.unit * 1.5, min_split_h=g.frame_h * 0.4))
        closing = []
        if s.closing:
            closing.append(k.Panel([Paragraph(k.text(self.L("to_finish").upper()), st.label)] + self.prose(s.closing, st.callout),
                                   self.accent, theme.tint(self.accent, 0.92), bar_w=2.5, pad=g.unit * 1.2,
                                   pad_x=g.unit * 1.5, min_split_h=g.frame_h * 0.4))
        # thumbnails may be placed a little smaller than their box (up to 400 ppi) to keep one page
        for scale in (1.0, 0.92, 0.84, 0.76):
            table = self.routine_table(sp, scale)
            if _stack_height(story[1:] + table + closing, g.frame_w) <= g.frame_h - 2:
                break
        return story + table + closing

    def routine_table(self, sp: SequencePlan, scale: float):
        from reportlab.platypus import Paragraph, Table, TableStyle

        k, st, g, s = self.k, self.st, self.g, sp.sequence
        tw, th = thumb_box(g, s)
        tw *= scale
        num_w = st.h2.fontSize * 1.6
        ref_w = k.text_width(self.L("page_ref", page="000"), k.FONT, st.small.fontSize) + g.unit  # "000ページ" too
        detail_style = st.cell.clone("detail", textColor=k.colour(theme.MUTED))
        num_style = st.h2.clone("num", spaceBefore=0, spaceAfter=0, textColor=k.colour(self.accent))
        text_w = g.frame_w - num_w - tw - g.unit * 2 - ref_w
        rows = []
        for i, (m, thumb, idx) in enumerate(zip(s.movements, sp.thumbs, sp.page_of), 1):
            words = [Paragraph(k.rich(m.name), st.cell_bold)]
            detail = [k.rich(m.repeat)] if m.repeat else []
            sides = compose.sides_text(m, self.L)
            if sides:
                detail.append(k.text(sides))
            if detail:
                words.append(self.k.facts_line(detail, detail_style, text_w, sep=" · "))
            ref = _PageRef(self.movement_keys[idx], st.small.clone("ref", alignment=2), self.page_refs, self.L) if idx >= 0 else ""
            pic = (k.picture(self.prepared(thumb), thumb.box_w * scale, thumb.box_h * scale, h_align="LEFT")
                   if thumb else "")
            rows.append([Paragraph(str(i), num_style), pic, words, ref])
        if not rows:
            return []
        t = Table(rows, colWidths=[num_w, tw + g.unit * 2, text_w, ref_w], hAlign="LEFT")
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), k.FONT),  # even empty cells name a font
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (3, 0), (3, -1), g.unit),
            ("TOPPADDING", (0, 0), (-1, -1), g.unit * 0.75),
            ("BOTTOMPADDING", (0, 0), (-1, -1), g.unit * 0.75),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, k.colour(theme.RULE)),
        ]))
        t.spaceBefore = g.unit * 0.5
        t.spaceAfter = g.unit
        return [t]


    def log(self):
        from reportlab.platypus import CondPageBreak, PageBreak, Paragraph

        lp = self.plan.log
        if lp is None:
            return []
        k, st, g = self.k, self.st, self.g
        tables = lp.tables
        story = [PageBreak(), self.heading(k.text(self.L("practice_log")), st.h1, [self.mark(self.L("practice_log"), 0)]),
                 Paragraph(k.text(self.L("practice_log_lead")), st.body)]
        row_h = None
        for n, cols in enumerate(tables):
            part = []
            if len(tables) > 1:
                first, last = cols[0] + 1, cols[-1] + 1
                words = (self.L("routine_number", number=first) if first == last
                         else self.L("routines") + " " + self.L("range", first=first, last=last))
                part.append(Paragraph(k.text(self.L("log_group", routines=words, part=n + 1, parts=len(tables))).replace(" (", " &nbsp;(", 1),
                                      st.label.clone("log-group", spaceBefore=g.unit * (2 if n else 0))))
            if lp.keyed:
                key = " &nbsp;&nbsp; ".join(f"<b>{i + 1}</b>&nbsp;{k.rich(lp.columns[i])}" for i in cols)
                part.append(Paragraph(key, st.small.clone("key", spaceAfter=g.unit)))
            heads, col_w = self.log_heads(cols)
            if row_h is None:
                row_h = self.log_row_h(story[1:] + part, heads, col_w)
            part.append(self.log_table(cols, heads, col_w, row_h))
            if n:
                # a table of a further group starts on a new page unless the whole of it fits here
                need = _stack_height(part, g.frame_w) + g.unit * 2
                part.insert(0, CondPageBreak(need) if need < g.frame_h * 0.95 else PageBreak())
            story += part
        return story

    def log_heads(self, cols: tuple[int, ...]):
        """Column heads and widths of one log table (day, date, a tick box per routine, feel)."""
        from reportlab.platypus import Paragraph

        lp, k, st, g = self.plan.log, self.k, self.st, self.g
        day_w, date_w = theme.pt(10) * g.scale, theme.pt(17) * g.scale
        feel_w = g.frame_w - day_w - date_w - lp.tick_col_w * len(cols)
        heads = [Paragraph(k.text(self.L("day")), st.head_cell_left), Paragraph(k.text(self.L("date")), st.head_cell_left)]
        heads += [Paragraph(str(i + 1) if lp.keyed else k.rich(lp.columns[i]), st.head_cell) for i in cols]
        heads.append(Paragraph(k.text(self.L("how_did_it_feel")), st.head_cell_left.clone("feel-head", leftIndent=g.unit)))
        return heads, [day_w, date_w] + [lp.tick_col_w] * len(cols) + [feel_w]

    def log_table(self, cols, heads, col_w, row_h):
        from reportlab.platypus import Paragraph, Table, TableStyle

        lp, k, st, g = self.plan.log, self.k, self.st, self.g
        box = min(lp.tick_col_w * 0.55, lp.row_h * 0.5, theme.pt(4.2) * g.scale, row_h * 0.5)
        day_style = st.cell.clone("day", textColor=k.colour(theme.MUTED))
        n_cols = len(heads)
        rows = [heads] + [[Paragraph(str(d), day_style), ""] + [k.TickBox(box) for _ in cols] + [""]
                          for d in range(1, lp.days + 1)]
        t = Table(rows, colWidths=col_w, rowHeights=[None] + [row_h] * lp.days, repeatRows=1, hAlign="LEFT")
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), k.FONT),  # even empty cells name a font
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 0),
            ("BOTTOMPADDING", (0, 0), (-1, 0), g.unit * 0.6),
            ("TOPPADDING", (0, 1), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 0),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, k.colour(self.accent)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, k.colour(theme.RULE)),
            ("LINEBEFORE", (n_cols - 1, 1), (n_cols - 1, -1), 0.4, k.colour(theme.RULE)),
            ("LINEBEFORE", (2, 1), (2, -1), 0.4, k.colour(theme.RULE)),
        ]))
        return t

    def log_row_h(self, above, heads, col_w) -> float:
        """Row height of the log: the planned height, or a little less (never below 6 mm, 7.5 mm in
        large print) when that keeps the whole log on one page instead of spilling a few rows over."""
        from reportlab.platypus import Table, TableStyle

        lp, g = self.plan.log, self.g
        head = Table([heads], colWidths=col_w)
        head.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), g.unit * 0.6)]))
        # the heading and the words above the table, the gap under them and the column heads
        room = (g.frame_h - _stack_height(above, g.frame_w) - above[-1].getSpaceAfter()
                - head.wrap(g.frame_w, g.frame_h)[1] - 2)
        fit = room / lp.days
        floor = theme.pt(7.5 if g.large_print else 6.0)
        if lp.row_h <= fit or fit < floor:
            return lp.row_h
        return math.floor(fit * 10) / 10

    def notes(self):
        from reportlab.platypus import PageBreak

        st = self.st
        story = []
        for i in range(self.plan.notes_pages + 3):
            marks = [self.mark(self.L("notes"), 0)] if i == 0 else []
            page = [PageBreak(), self.heading(self.k.text(self.L("notes")), st.h1, marks), self.k.RuledLines(self.g.leading * 1.6)]
            if i >= self.plan.notes_pages:
                # up to three padding pages, laid out only when needed to reach a multiple of four
                for f in page:
                    f._mb_pad = i - self.plan.notes_pages + 1
            story += page
        return story

    def back_cover(self):
        from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph

        k, st, p, g = self.k, self.st, self.p, self.g
        # very long contact text shrinks (to 7 pt at the least) to keep to the back page; if even that
        # is too long, it flows on over as many pages as it needs (nothing is cut)
        for body, small in ((st.body, st.small), (st.small, st.small), (_min_style(st.body), _min_style(st.small))):
            block = []
            if p.organisation:
                block.append(Paragraph(k.text(p.organisation),
                                       st.cover_author.clone("org", textColor=k.colour(self.accent),
                                                             fontSize=body.fontSize, leading=body.leading)))
            if p.author:
                block.append(Paragraph(k.text(p.author), body.clone("back-author", spaceAfter=g.unit * 0.5)))
            if p.contact:
                block += [Paragraph(k.text(line), body.clone("back-line", spaceAfter=0)) for line in p.contact.lines()]
            block.append(self.gap(2))
            block.append(Paragraph(k.rich(p.title), small))
            if p.edition:
                block.append(Paragraph(k.text(p.edition), small))
            if _stack_height(block, g.frame_w) <= g.frame_h - 2:
                break
        return [NextPageTemplate("back"), PageBreak(), k.AtBottom(block)]

    def story(self):
        self.movement_keys = [f"mv{i}" for i in range(len(self.plan.movements))]
        story = self.cover() + self.inside_cover() + self.contents() + self.intro() + self.before_you_begin()
        for i, mp in enumerate(self.plan.movements):
            part = self.movement(mp, first=i == 0)
            # the movement's own key, for "see page" in the routines
            for f in part:
                if getattr(f, "_mb_marks", None):
                    f._mb_anchor = self.movement_keys[i]
                    break
            story += part
        for i, sp in enumerate(self.plan.sequences):
            story += self.sequence(sp, first=i == 0)
        story += self.log() + self.notes() + self.back_cover()
        return story


def _gap(height: float):
    """Vertical space between blocks; dropped when it would start a page (see ``Doc.filterFlowables``)."""
    from reportlab.platypus import Spacer

    sp = Spacer(1, height)
    sp._mb_gap = True
    return sp


def _min_style(style):
    """``style`` at the smallest print size (7 pt), for text that would not fit otherwise."""
    size = theme.MIN_PRINT_PT
    return style.clone(style.name + "-min", fontSize=size, leading=round(size * style.leading / style.fontSize, 2))


def _stack_height(flowables, width: float) -> float:
    """Height of flowables set one under the other in ``width`` points (spacing included)."""
    total = 0.0
    prev = None
    for f in flowables:
        total += f.wrap(width, 1e6)[1]
        if prev is not None:
            total += max(prev.getSpaceAfter(), f.getSpaceBefore())
        prev = f
    return total


class _Figure:
    """A picture with its caption under it, usable as the image of ``ImageAndFlowables``."""

    def __new__(cls, image, caption):
        from reportlab.platypus import Flowable

        class Figure(Flowable):
            def wrap(self, aw, ah):
                iw, ih = image.wrap(aw, ah)
                self._ih = ih
                self._ch = caption.wrap(iw, ah)[1] + caption.getSpaceBefore() if caption else 0.0
                self.width, self.height = iw, ih + self._ch
                return self.width, self.height

            def _restrictSize(self, aw, ah):
                return self.width, self.height

            def _unRestrictSize(self):
                pass

            def draw(self):
                image.drawOn(self.canv, 0, self._ch)
                if caption:
                    caption.drawOn(self.canv, 0, 0)

        return Figure()


class _PageRef:
    """A "see page N" line pointing at a movement; the number comes from the previous layout pass."""

    def __new__(cls, key: str, style, pages: dict, L):
        from reportlab.platypus import Flowable, Paragraph

        from .kit import text

        class PageRef(Flowable):
            def _para(self):
                n = pages.get(key)
                words = text(L("page_ref", page=n)) if n else ""
                return Paragraph(f'<a href="#{key}">{words}</a>', style)

            def wrap(self, aw, ah):
                self.p = self._para()
                self.width, self.height = self.p.wrap(aw, ah)
                return self.width, self.height

            def draw(self):
                self.p.drawOn(self.canv, 0, 0)

        return PageRef()


def _make_doc(program: Program, bplan: BookletPlan, buf: io.BytesIO, footer_title: str, page_refs: dict):
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from . import kit as k
    from ...model.markdown import plain_inline

    g = bplan.geometry

    class Doc(BaseDocTemplate):
        padding = 0  # how many of the optional padding pages this layout pass includes

        def filterFlowables(self, flowables):
            f = flowables[0]
            if getattr(f, "_mb_pad", 0) > self.padding:
                flowables[0] = None
            elif getattr(f, "_mb_gap", False) and getattr(self.frame, "_atTop", 0):
                flowables[0] = None  # space between blocks is not kept at the top of a page

        def afterFlowable(self, flowable):
            anchor = getattr(flowable, "_mb_anchor", None)
            if anchor:
                self.canv.bookmarkPage(anchor)
                page_refs[anchor] = self.page
            for key, title, level, toc in getattr(flowable, "_mb_marks", ()):
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(title, key, level=level, closed=False)
                if toc:
                    self.notify("TOCEntry", (min(level, 1), k.text(title), self.page, key))

    def frame(fid):
        return Frame(g.margin_x, g.margin_bottom, g.frame_w, g.frame_h, id=fid, leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)

    size = max(theme.BOOKLET_FOOTER_PT * (1.3 if g.large_print else 1.0), theme.MIN_PRINT_PT)
    title = k.ellipsize(footer_title, k.FONT, size, g.frame_w * 0.7)  # once, not on every page

    def footer(canv, doc):
        canv.saveState()
        y = theme.pt(theme.BOOKLET_FOOTER_BASELINE_MM)
        num = str(doc.page)
        canv.setFillColor(k.colour(theme.MUTED))
        canv.setFont(k.FONT, size)
        odd = doc.page % 2 == 1
        if odd:  # right-hand page: number on the outer (right) edge
            k.draw_text(canv, g.margin_x, y, title, k.FONT, size)
            canv.setFont(k.FONT_BOLD, size)
            canv.setFillColor(k.colour(program.theme.accent))
            canv.drawRightString(g.page_w - g.margin_x, y, num)
        else:
            k.draw_text(canv, g.page_w - g.margin_x, y, title, k.FONT, size, align="right")
            canv.setFont(k.FONT_BOLD, size)
            canv.setFillColor(k.colour(program.theme.accent))
            canv.drawString(g.margin_x, y, num)
        canv.restoreState()

    def cover_band(canv, doc):
        canv.saveState()
        canv.setFillColor(k.colour(program.theme.accent))
        canv.rect(0, g.page_h - theme.pt(6), g.page_w, theme.pt(6), stroke=0, fill=1)
        canv.restoreState()

    def back_band(canv, doc):
        canv.saveState()
        canv.setFillColor(k.colour(program.theme.accent))
        canv.rect(0, 0, g.page_w, theme.pt(6), stroke=0, fill=1)
        canv.restoreState()

    doc = Doc(
        buf,
        pagesize=(g.page_w, g.page_h),
        leftMargin=g.margin_x, rightMargin=g.margin_x, topMargin=g.margin_top, bottomMargin=g.margin_bottom,
        title=plain_inline(program.title),
        author=program.author or program.organisation or "",
        subject=plain_inline(program.subtitle) if program.subtitle else labels_for(program)("booklet_subject"),
        creator="movebook",
        lang=program.language,
        invariant=1,
        initialFontName=k.FONT,
    )
    doc.addPageTemplates([
        PageTemplate(id="cover", frames=[frame("cover")], onPage=cover_band, autoNextPageTemplate="plain"),
        PageTemplate(id="plain", frames=[frame("plain")]),
        PageTemplate(id="body", frames=[frame("body")], onPage=footer),
        PageTemplate(id="back", frames=[frame("back")], onPage=back_band),
    ])
    return doc


class _Padding:
    """Pads the booklet to a multiple of four pages, settling within ``multiBuild``'s passes.

    An indexing flowable: after each layout pass it counts the pages without padding and
    asks for another pass if the padding that pass used was not the padding needed.
    """

    def __new__(cls, doc):
        from reportlab.platypus.tableofcontents import IndexingFlowable

        class Padding(IndexingFlowable):
            settled = False

            def afterBuild(self):
                base = doc.page - doc.padding
                need = pad_pages(base)
                self.settled = need == doc.padding
                doc.padding = need

            def isSatisfied(self):
                return self.settled

            def wrap(self, aw, ah):
                return 0, 0

            def draw(self):
                pass

        return Padding()


def _seed_contents(story, text) -> None:
    """Give the contents its entries (page numbers still unknown) before the first pass.

    The first layout pass then sets the contents at its final length, so ``multiBuild``
    usually settles in two passes instead of three.
    """
    from reportlab.platypus.tableofcontents import TableOfContents

    toc = next((f for f in story if isinstance(f, TableOfContents)), None)
    if toc is None:
        return
    entries = []
    for f in story:
        for key, title, level, in_toc in getattr(f, "_mb_marks", ()):
            if in_toc:
                entries.append((min(level, 1), text(title), 0, key))
    toc._entries = entries


def render_pdf(bplan: BookletPlan, images: Mapping) -> tuple[bytes, int]:
    """The booklet as PDF bytes and its page count (a multiple of four)."""
    from . import kit as pdfkit
    from ...model.markdown import plain_inline

    pdfkit.setup()
    program = bplan.program
    footer_title = plain_inline(program.title)
    buf = io.BytesIO()
    builder = _Builder(program, bplan, images)
    doc = _make_doc(program, bplan, buf, footer_title, builder.page_refs)
    story = builder.story()
    _seed_contents(story, pdfkit.text)
    story.insert(0, _Padding(doc))
    with pdfkit.images_made_once():
        doc.multiBuild(story, maxPasses=10)
    return buf.getvalue(), doc.page


def render(bplan: BookletPlan, images: Mapping) -> RenderResult:
    """``booklet.pdf`` and ``booklet-print.pdf`` of ``bplan``."""
    from .impose import impose

    program = bplan.program
    pdf, n = render_pdf(bplan, images)
    paper = theme.PRINT_SHEET[program.booklet.page_size]
    printed = impose(pdf, theme.page_size_pt(paper, landscape=True))
    sheets = math.ceil(n / 4)
    return RenderResult(
        files={"booklet.pdf": pdf, "booklet-print.pdf": printed},
        summary=f"booklet.pdf {n} pages, booklet-print.pdf {sheets} sheets",
        notes=(Note.of("print_booklet", paper=paper),),
    )
