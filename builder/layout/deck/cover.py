"""The title slide and the closing slide.

The title goes into the title layout's title placeholder (48 pt, smaller only as needed);
subtitle, author, organisation and edition into its subtitle placeholder. What does not
fit continues on further slides. The logo sits on both slides, the cover picture beside
the title when there is room.
"""

from __future__ import annotations

from dataclasses import replace

from ...compose import facts
from . import notes
from .flow import column, paginate, prose
from .frame import ELLIPSIS, Frame, counter
from .prose import prose_paras
from .shapes import Para, Picture, Rect, SlidePlan, Span, TextBox
from .text import box_height_emu, deck_rtl, inner_w, lit, para, runs_of, spans_of, wrap
from .units import CLOSING_SIZES, COVER_TITLE_SIZES, FACT_PT, LONG_TITLE_SIZES, MIN_PT, SMALL_PT, TITLE_LINE, emu_pt, inch

LOGO_H_IN = 0.9


def _title_para(f: Frame, text: str, width: int, fits) -> tuple[Para, str]:
    """The cover title at the largest size ``fits``; else cut with an ellipsis (the full text is returned as overflow)."""
    sizes = COVER_TITLE_SIZES + tuple(s for s in LONG_TITLE_SIZES if s < COVER_TITLE_SIZES[-1])
    for size in sizes:
        p = para([lit(text, bold=True, colour=f.title_ink)], size, width, line_pt=round(size * TITLE_LINE, 2), colour=f.title_ink,
                 align=None, face=f.title_face)
        if fits(p):
            return p, ""
    n = p.lines
    while n > 1 and not fits(replace(p, lines=n)):
        n -= 1
    lines = wrap(p.spans, p.size_pt, emu_pt(width) * 0.9, face=p.face)[:n]
    return replace(p, spans=spans_of(lines) + (Span(ELLIPSIS, bold=True, colour=f.title_ink),), lines=n), text


def _sub_paras(f: Frame, width: int, scale: float, overflow: str) -> list[Para]:
    """Subtitle, author, organisation and edition (a template's subtitle placeholder keeps its own alignment)."""
    p = f.p
    out: list[Para] = []
    align = None if f.geo.template else "left"
    if overflow:
        out.append(para([lit(overflow, bold=True)], max(MIN_PT, round(28 * scale)), width, colour=f.ink, align=align))
    if p.subtitle:
        out.append(para(runs_of(p.subtitle), max(MIN_PT, round(28 * scale)), width, colour=f.muted, align=align,
                        space_before_pt=12 if out else 0))
    who = [x for x in (p.author, p.organisation) if x]
    for i, line in enumerate(who):
        out.append(para([lit(line, bold=i == 0, colour=f.accent_text if i == 0 else None)], max(MIN_PT, round(24 * scale)), width,
                        colour=f.ink, align=align, space_before_pt=(24 if i == 0 else 4) if out else 0))
    if p.edition:
        out.append(para([lit(p.edition)], MIN_PT, width, colour=f.muted, align=align, space_before_pt=10 if out else 0))
    return out


def cover_slides(f: Frame) -> list[SlidePlan]:
    base, f = f, f.on("cover")
    p = f.p
    shapes: list = []
    cap = round(f.H * 0.4)
    if f.geo.cover_title_box and f.geo.cover_subtitle_box:
        tx, ty, tw, th = f.geo.cover_title_box
        sx, sy, sw, sh = f.geo.cover_subtitle_box
        t_iw = inner_w(tw)
        tp, overflow = _title_para(f, p.title, t_iw, lambda q: box_height_emu([q]) <= max(th, cap))
        t_h = max(th, box_height_emu([tp]))
        if sx < tx + tw and tx < sx + sw and sy < ty + t_h and ty < sy + sh:
            sy = ty + t_h + inch(0.1)  # the subtitle moves below a title that grew over it
        s_top, s_bottom = sy, max(sy + sh, f.bottom)
        title = TextBox(tx, ty, tw, t_h, (tp,), role="title", anchor=None, placeholder="title")
        logo_box = (f.W - f.mx - inch(2.4), f.top, inch(2.4), inch(LOGO_H_IN)) if p.logo else None
    else:
        bar = inch(0.28)
        rtl = deck_rtl()  # a right-to-left deck's cover is the mirror image: the bar and the words on the right
        shapes.append(Rect(f.W - bar if rtl else 0, 0, bar, f.H, f.accent, "bar"))
        x = f.mx + bar
        full_w = f.right - x
        pic_w = round(full_w * 0.42) if p.cover_image is not None else 0
        sw = tw = full_w - (pic_w + inch(0.5) if pic_w else 0)
        sx = tx = x
        top = f.top + (inch(LOGO_H_IN + 0.3) if p.logo else 0)
        t_iw = inner_w(tw)
        tp, overflow = _title_para(f, p.title, t_iw, lambda q: q.lines <= 2 or box_height_emu([q]) <= cap)
        tp = replace(tp, align="right" if rtl else "left")
        t_h = box_height_emu([tp])
        sub = _fit_sub(f, inner_w(sw), f.bottom - top - t_h - inch(0.2), overflow)
        total = t_h + inch(0.2) + box_height_emu(sub)
        ty = top + max(0, (f.bottom - top - total) // 2)
        if rtl:
            sx = tx = f.W - x - tw
        title = TextBox(tx, ty, tw, t_h, (tp,), role="title", placeholder="title")
        s_top, s_bottom = ty + t_h + inch(0.2), f.bottom
        if pic_w:
            shapes.append(Picture(f.W - f.right if rtl else f.right - pic_w, f.top, pic_w, f.bottom - f.top, p.cover_image, "cover"))
        logo_w = min(inch(3), tw)
        logo_box = (tx + tw - logo_w if rtl else x, f.top, logo_w, inch(LOGO_H_IN)) if p.logo else None
    s_iw = inner_w(sw)
    sub = _fit_sub(f, s_iw, s_bottom - s_top, overflow)
    pages = paginate(prose(sub), s_iw, [s_bottom - s_top, f.bottom - f.top - inch(1.6)]) if sub else [[]]
    shapes.append(title)
    if logo_box:
        shapes.append(Picture(*logo_box, p.logo, "logo", valign="top",
                              halign="right" if f.geo.template or deck_rtl() else "left"))
    if pages[0]:
        body, _ = column(pages[0], sx, s_top, sw, s_iw, role="cover-text", placeholder="subtitle")
        shapes += body
    note = notes.cover(p, f.L)
    out = [SlidePlan("title", p.title, tuple(shapes), note, layout="cover")]
    if len(pages) > 1:
        f = base.on("content")
        head = f.title(p.title)
        for i, page in enumerate(pages[1:], start=2):
            t = counter(p.title, i, len(pages))
            body, _ = column(page, f.mx, head.y, f.cw, inner_w(f.cw), role="cover-text")
            out.append(SlidePlan("title", t, tuple(head.shapes(t) + body), note, layout="content"))
    return out


def _fit_sub(f: Frame, width: int, room: int, overflow: str) -> list[Para]:
    """Subtitle, author, organisation and edition, smaller (not below 20 pt) until they fit ``room``."""
    for scale in (1.0, 0.9, 0.8, 0.7):
        sub = _sub_paras(f, width, scale, overflow)
        if box_height_emu(sub) <= room:
            return sub
    return sub


def closing_slides(f: Frame) -> list[SlidePlan]:
    f = f.on("closing")
    p, L = f.p, f.L
    logo_w = inch(2.4) if p.logo else 0
    tw = f.title_w - (logo_w + inch(0.3) if logo_w else 0)
    iw = inner_w(f.cw)

    def closing_paras(size: float) -> list[Para]:
        paras: list[Para] = []
        who = [x for x in (p.author, p.organisation) if x]
        for i, line in enumerate(who):
            paras.append(para([lit(line, bold=i == 0)], size, iw, colour=f.ink, space_before_pt=6 if paras else 0))
        for k, line in enumerate(p.contact.lines()):
            shown = facts.short_url(line) if line.lower().startswith(("http://", "https://")) else line
            paras.append(para([Span(" ".join(shown.split()), colour=f.accent_text, breaks_after="/@.")], size, iw,
                              colour=f.accent_text, space_before_pt=(18 if k == 0 else 6) if paras else 0))
        if p.disclaimer:
            dis = prose_paras(f, p.disclaimer, SMALL_PT, iw)
            paras += [replace(d, colour=f.muted, space_before_pt=(10 if k else 32) if (paras or k) else 0) for k, d in enumerate(dis)]
        return paras

    def make(head, size):
        extra = f.overflow_paras(head, FACT_PT, iw)
        paras = closing_paras(size)
        return paginate(prose(extra + paras), iw, [f.bottom - head.y]) if (paras or extra) else [[]]

    # The author and contact at the largest size that keeps the fewest slides (the disclaimer stays small).
    head, pages = f.best(CLOSING_SIZES, L("thank_you"), make, w=tw if logo_w else None)
    note = notes.closing(p, L)
    out = []
    for i, page in enumerate(pages):
        t = counter(L("thank_you"), i + 1, len(pages))
        shapes = head.shapes(t)
        if logo_w:
            shapes.append(Picture(f.right - logo_w, f.top, logo_w, inch(LOGO_H_IN), p.logo, "logo", valign="top", halign="right"))
        body, _ = column(page, f.mx, head.y, f.cw, iw, role="closing")
        out.append(SlidePlan("closing", t, tuple(shapes + body), note, layout="closing"))
    return out
