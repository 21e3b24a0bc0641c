"""What surrounds the body of every handout page: the header (the routine's title and facts
on its first page, a running header "Name, continued" on the next) with the QR code and its
caption at its end, and a slim footer (contact, and the logo at its end).

The QR code shares the header's height with the title, so the footer holds only a line or two
of contact: the body keeps most of the page. In a right-to-left program the header and footer
are mirrored. Header and footer never take more than :data:`~.style.HEADER_MAX` and
:data:`~.style.FOOTER_MAX` of the page: a title, contact or QR caption long enough to pass
that is set in the page's body instead (where it may run over pages like any text), and the
header says the routine's short name ("Routine 2"). Lengths are PDF points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ... import theme
from ...compose import facts
from ...compose.labels import Labels
from ...images import ImageRequest, box_px
from .. import text as tx
from ..page import Item, Picture, QRCode, Rule
from .cards import placed
from .column import Column, Para, spans
from .flow import TextSlab
from .sheets import Options, Sheet
from .style import FOOTER_MAX, HEADER_MAX, LOGO_H_MM, LOGO_W_MM, PICTURE_PPI, QR_MM, Geometry

RULE_GAP = 6.0  # from the header's text to its rule, and from the rule to the body
FOOTER_GAP = 7.0  # from the body to the footer rule, and from it to the footer
QR_GAP = 8.0  # between the QR code and its caption
QR_LABEL_MAX = 0.3  # the QR code's caption takes at most this share of the width ...
QR_LABEL_LINES = 5  # ... and this many lines; a longer one is set in the body


@dataclass
class Frame:
    """A sheet's header, running header, footer and logo, measured; and the slabs that open and
    close its body when the header or footer could not hold all of its text."""

    geo: Geometry
    header: Column
    running: Column
    contact: Column | None
    qr_url: str | None
    qr_label: Column | None
    logo: tuple[float, float, ImageRequest, str] | None  # placed width, height, request, alt text
    lead: list[TextSlab] = field(default_factory=list)
    tail: list[TextSlab] = field(default_factory=list)
    accent: str = theme.INK
    name: str = ""  # what the first page is called in the outline (the title, or its short form)
    continued: str = ""  # ... and the pages after it ("Name, continued")
    rtl: bool = False  # mirrored: the title on the right, the QR code on the left

    # ---------------------------------------------------------------- sizes

    @property
    def qr_size(self) -> float:
        return qr_size(self.qr_url)

    def header_height(self, first: bool) -> float:
        col = self.header if first else self.running
        return max(col.height, self.qr_size, self.qr_label.height if self.qr_label else 0.0)

    @property
    def footer_height(self) -> float:
        return max(self.contact.height if self.contact else 0.0, self.logo[1] if self.logo else 0.0)

    def body_top(self, first: bool) -> float:
        return self.geo.top - self.header_height(first) - 2 * RULE_GAP

    @property
    def body_bottom(self) -> float:
        h = self.footer_height
        return self.geo.bottom + (h + 2 * FOOTER_GAP if h else 0.0)

    def body(self, first: bool) -> float:
        return self.body_top(first) - self.body_bottom

    # ---------------------------------------------------------------- drawing

    def items(self, first: bool) -> list[Item]:
        g = self.geo
        out: list[Item] = []
        col = self.header if first else self.running
        end = g.left + g.width  # the header's and footer's far edge from where their text starts
        out += col.runs(end - col.width if self.rtl else g.left, g.top)
        rule_y = g.top - self.header_height(first) - RULE_GAP
        out.append(Rule(g.left, rule_y, end, rule_y, self.accent, 1.2))
        if self.qr_url:
            q = self.qr_size
            qx = g.left if self.rtl else end - q
            out.append(QRCode(qx, g.top - q, q, self.qr_url))
            if self.qr_label:
                lab = self.qr_label
                lab_top = g.top - max(0.0, (q - lab.height) / 2)
                out += lab.runs(qx + q + QR_GAP if self.rtl else qx - QR_GAP - lab.width, lab_top)
        fh = self.footer_height
        if fh:
            top = g.bottom + fh
            out.append(Rule(g.left, top + FOOTER_GAP, end, top + FOOTER_GAP, theme.RULE, 0.6))
            if self.contact:
                out += self.contact.runs(end - self.contact.width if self.rtl else g.left, top)
            if self.logo:
                w, h, req, alt = self.logo
                out.append(Picture(g.left if self.rtl else end - w, top - h, w, h, req, alt))
        return out


def qr_size(url: str | None) -> float:
    """The printed QR code's width (pt), quiet zone included; 0 without a code."""
    return theme.pt(max(QR_MM, theme.QR_MIN_MM)) if url else 0.0


def _lit(text: str) -> tuple[tx.Span, ...]:
    """Literal text (titles and contact details are not Markdown)."""
    return (tx.Span(text),)


def frame_of(sheet: Sheet, opts: Options, geo: Geometry) -> Frame:
    """Measure a sheet's header and footer, moving what does not fit them into the body."""
    L, g = opts.labels, geo
    qr_label, qr_tail = _qr_label(sheet, opts, g)
    q = qr_size(sheet.contact.qr_url)
    side = q + QR_GAP + (qr_label.width if qr_label else 0.0) if q else 0.0
    head_w = g.width - (side + 12.0 if side else 0.0)
    large = g.large_print
    kicker = g.style(12.5 if large else 10.0, opts.accent, bold=True)
    title = g.style(28.0 if large else 22.0, leading=1.12, bold=True)
    running = g.style(18.0 if large else 14.0, leading=1.15, bold=True)
    line = g.style(16.0 if large else 11.0, leading=1.3)
    parts = {
        "kicker": [Para.of(_lit(sheet.kicker), kicker)] if sheet.kicker else [],
        "title": [Para.of(_lit(sheet.title), title, space=2.0)],
        "lines": [Para.of(_lit(t), g.style(line.size, theme.MUTED), space=3.0) for t in (sheet.subline, sheet.byline) if t]
        + ([Para.of(_facts_spans(sheet, L), line, space=3.0)] if sheet.facts else []),
    }
    lead: list[Para] = []
    limit = g.page_h * HEADER_MAX
    header = Column.of(parts["kicker"] + parts["title"] + parts["lines"], head_w, True)
    if header.height > limit:  # the title goes into the body; the header names the routine briefly
        lead.append(Para.of(_lit(sheet.title), running))
        parts["title"] = [Para.of((tx.Span(sheet.short_title),), title, space=2.0)]
        header = Column.of(parts["kicker"] + parts["title"] + parts["lines"], head_w, True)
        if header.height > limit:
            lead = [Para.of(p.spans, p.style, space=3.0) for p in parts["kicker"]] + lead + \
                   [Para.of(p.spans, p.style, space=3.0) for p in parts["lines"]]
            header = Column.of(parts["title"], head_w, True)
    name = sheet.title if not lead else sheet.short_title
    continued = L("handout_continued", name=sheet.title)
    cont = Column.of([Para.of(_lit(continued), running)], head_w, True)
    if cont.sets[0].n > 2:  # the title (printed whole on the first page) cut at a word, else its short name
        cut = tx.cut_at_word(sheet.title, lambda t: Column.of([Para.of(_lit(L("handout_continued", name=t)), running)],
                                                              head_w, True).sets[0].n <= 2, trail=" ,.;:–-")
        short = L("handout_continued", name=sheet.short_title)
        continued = L("handout_continued", name=cut) if cut else short
        continued = continued if len(continued) > len(short) + 8 else short
        cont = Column.of([Para.of(_lit(continued), running)], head_w, True)
    kick = Column.of(parts["kicker"], head_w, True) if parts["kicker"] else None
    running_col = Column((kick.sets if kick and kick.sets[0].n <= 2 else []) + cont.sets, head_w)

    logo = _logo(sheet, g)
    contact, tail = _footer(sheet, opts, g, logo[0] + 12.0 if logo else 0.0)
    tail += qr_tail
    return Frame(g, header, running_col, contact, sheet.contact.qr_url, qr_label, logo,
                 lead=[TextSlab(Column.of(lead, g.width, True), 0.0)] if lead else [], tail=tail, accent=opts.accent,
                 name=name, continued=continued, rtl=opts.rtl)


def _logo(sheet: Sheet, g: Geometry) -> tuple[float, float, ImageRequest, str] | None:
    img = sheet.contact.logo
    if img is None:
        return None
    w, h, _ = placed(img, theme.pt(LOGO_W_MM), theme.pt(LOGO_H_MM))
    wpx, hpx = box_px(w, h, PICTURE_PPI)
    return w, h, ImageRequest(source=img.path, max_w_px=wpx, max_h_px=hpx), img.alt


def _facts_spans(sheet: Sheet, L: Labels) -> tuple[tx.Span, ...]:
    out: list[tx.Span] = []
    for f in sheet.facts:
        if out:
            out.append(tx.Span("   ·   "))
        out.append(tx.Span(f.label + "\u00a0\u00a0", bold=True))
        if f.markup:
            out += spans(f.value)
        else:  # a worded time, "about 17 min", never breaks
            out.append(tx.Span(f.value.replace(" ", "\u00a0")))
    return tuple(out)


def _qr_label(sheet: Sheet, opts: Options, g: Geometry) -> tuple[Column | None, list[TextSlab]]:
    """The QR code's caption and link, beside it in the header, as narrow as they allow; or,
    too long for that, in the body after the routine."""
    c = sheet.contact
    if not c.qr_url:
        return None, []
    align = dict(align="left" if opts.rtl else "right")
    small = g.small
    paras = []
    if c.qr_caption:
        paras.append(Para.of(_lit(c.qr_caption), g.style(small, theme.MUTED, **align)))
    paras.append(Para.of((tx.Span(facts.short_url(c.qr_url)),), g.style(small + 0.5, opts.accent, bold=True, **align),
                         space=1.5))
    limit = g.width * QR_LABEL_MAX
    need = max(sum(ln.width for ln in tx.wrap(p.spans, p.style.size, 1e9)) for p in paras)
    label = Column.of(paras, min(limit, need + 1.0), True)
    if label.height <= max(qr_size(c.qr_url), QR_LABEL_LINES * g.style(small + 0.5).leading):
        return label, []
    moved = [Para.of(p.spans, g.style(p.style.size, p.style.colour, bold=p.style.bold), space=2.0) for p in paras]
    return None, [TextSlab(Column.of(moved, g.width, True), 12.0)]


def _footer(sheet: Sheet, opts: Options, g: Geometry, logo_w: float) -> tuple[Column | None, list[TextSlab]]:
    """The footer's contact (who, how to reach them and where, on a line as long as it needs),
    and the body slabs for what did not fit it."""
    c = sheet.contact
    small = g.small
    line: list[tx.Span] = []
    for k, v in enumerate(list(c.who) + list(c.reach) + [a.strip() for a in (c.address or "").splitlines() if a.strip()]):
        line += ([tx.Span("  ·  ", colour=theme.MUTED)] if line else []) + [tx.Span(v, bold=k == 0 and bool(c.who),
                                                                              colour=None if k < len(c.who) else theme.MUTED)]
    paras = [Para.of(tuple(line), g.style(small))] if line else []
    if not paras:
        return None, []
    contact = Column.of(paras, g.width - logo_w, True)
    if contact.height <= g.page_h * FOOTER_MAX:
        return contact, []
    # too tall for the footer: after the routine instead
    moved = [Para.of((tx.Span(opts.labels("contact")),), g.style(small + 1, opts.accent, bold=True),
                     keep_with_next=True)] + [Para.of(p.spans, p.style, space=2.0) for p in paras]
    return None, [TextSlab(Column.of(moved, g.width, True), 12.0)]
