"""What surrounds the body of every handout page: the header (the routine's title and facts
on its first page, a running header "Name, continued" on the next), the logo, and the
footer (contact, QR code and its link).

Header and footer have fixed sizes and never take more than :data:`~.style.HEADER_MAX` and
:data:`~.style.FOOTER_MAX` of the page: a title or contact long enough to pass that is set
in the page's body instead (where it may run over pages like any text), and the header says
the routine's short name ("Routine 2"). Lengths are PDF points.
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

RULE_GAP = 7.0  # from the header's text to its rule, and from the rule to the body
FOOTER_GAP = 9.0  # from the body to the footer rule, and from it to the footer


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

    # ---------------------------------------------------------------- sizes

    @property
    def qr_size(self) -> float:
        return theme.pt(max(QR_MM, theme.QR_MIN_MM)) if self.qr_url else 0.0

    def header_height(self, first: bool) -> float:
        col = self.header if first else self.running
        return max(col.height, self.logo[1] if self.logo else 0.0)

    @property
    def footer_height(self) -> float:
        return _footer_h(self.contact, self.qr_label, self.qr_size)

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
        out += col.runs(g.left, g.top)
        rule_y = g.top - self.header_height(first) - RULE_GAP
        out.append(Rule(g.left, rule_y, g.left + g.width, rule_y, self.accent, 1.2))
        if self.logo:
            w, h, req, alt = self.logo
            out.append(Picture(g.left + g.width - w, g.top - h, w, h, req, alt))
        fh = self.footer_height
        if fh:
            top = g.bottom + fh
            out.append(Rule(g.left, top + FOOTER_GAP, g.left + g.width, top + FOOTER_GAP, theme.RULE, 0.6))
            if self.contact:
                out += self.contact.runs(g.left, top)
            if self.qr_url:
                q = self.qr_size
                out.append(QRCode(g.left + g.width - q, top - q, q, self.qr_url))
                if self.qr_label:
                    lab_top = min(top, top - q / 2 + self.qr_label.height / 2)
                    out += self.qr_label.runs(g.left + g.width - q - 8.0 - self.qr_label.width, lab_top)
        return out


def _lit(text: str) -> tuple[tx.Span, ...]:
    """Literal text (titles and contact details are not Markdown)."""
    return (tx.Span(text),)


def _footer_h(contact: Column | None, label: Column | None, qr: float) -> float:
    return max(contact.height if contact else 0.0, label.height if label else 0.0, qr)


def frame_of(sheet: Sheet, opts: Options, geo: Geometry) -> Frame:
    """Measure a sheet's header and footer, moving what does not fit them into the body."""
    L, g = opts.labels, geo
    logo = None
    img = sheet.contact.logo
    if img is not None:
        w, h, _ = placed(img, theme.pt(LOGO_W_MM), theme.pt(LOGO_H_MM))
        wpx, hpx = box_px(w, h, PICTURE_PPI)
        logo = (w, h, ImageRequest(source=img.path, max_w_px=wpx, max_h_px=hpx), img.alt)
    head_w = g.width - (logo[0] + 12.0 if logo else 0.0)
    large = g.large_print
    kicker = g.style(12.5 if large else 10.0, opts.accent, bold=True)
    title = g.style(28.0 if large else 22.0, leading=1.12, bold=True)
    running = g.style(18.0 if large else 14.0, leading=1.15, bold=True)
    line = g.style(16.0 if large else 11.0, leading=1.3)
    parts = {
        "kicker": [Para.of(_lit(sheet.kicker), kicker)] if sheet.kicker else [],
        "title": [Para.of(_lit(sheet.title), title, space=2.0)],
        "lines": [Para.of(_lit(t), g.style(line.size, theme.MUTED), space=3.0) for t in (sheet.subline, sheet.byline) if t]
        + ([Para.of(_facts_spans(sheet, L), line, space=3.0, base="R" if opts.rtl else None)] if sheet.facts else []),
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
    if cont.sets[0].n > 2:
        continued = L("handout_continued", name=sheet.short_title)
        cont = Column.of([Para.of(_lit(continued), running)], head_w, True)
    kick = Column.of(parts["kicker"], head_w, True) if parts["kicker"] else None
    running_col = Column((kick.sets if kick and kick.sets[0].n <= 2 else []) + cont.sets, head_w)

    contact, qr_label, tail = _footer(sheet, opts, g)
    body_w = g.width
    return Frame(g, header, running_col, contact, sheet.contact.qr_url, qr_label, logo,
                 lead=[TextSlab(Column.of(lead, body_w, True), 0.0)] if lead else [], tail=tail, accent=opts.accent,
                 name=name, continued=continued)


def _facts_spans(sheet: Sheet, L: Labels) -> tuple[tx.Span, ...]:
    out: list[tx.Span] = []
    for f in sheet.facts:
        if out:
            out.append(tx.Span("   ·   "))
        out.append(tx.Span(f.label + "\u00a0\u00a0", bold=True))
        if f.markup:
            out += spans(f.value)
        else:  # "about 17 min": the number and its unit never break apart
            cut = f.value.rfind(" ")
            out.append(tx.Span(f.value[:cut] + "\u00a0" + f.value[cut + 1:] if cut >= 0 else f.value))
    return tuple(out)


def _footer(sheet: Sheet, opts: Options, g: Geometry) -> tuple[Column | None, Column | None, list[TextSlab]]:
    """The footer's contact and QR link columns, and the body slabs for what did not fit it."""
    c = sheet.contact
    small = g.small
    muted = g.style(small, theme.MUTED)
    paras: list[Para] = []
    if c.who:
        paras.append(Para.of(_lit(c.who[0]), g.style(small + 1, bold=True)))
        paras += [Para.of(_lit(v), g.style(small)) for v in c.who[1:]]
    if c.reach:
        paras.append(Para.of((tx.Span("  ·  ".join(c.reach)),), muted, space=1.0))
    if c.address:
        paras += [Para.of((tx.Span(ln.strip()),), muted) for ln in c.address.splitlines() if ln.strip()]
    qr = theme.pt(max(QR_MM, theme.QR_MIN_MM)) if c.qr_url else 0.0
    contact_w = g.width * (0.55 if c.qr_url else 1.0)
    label_w = g.width - contact_w - qr - 8.0
    label_paras: list[Para] = []
    if c.qr_url:
        right = dict(align="right")
        if c.qr_caption:
            label_paras.append(Para.of(_lit(c.qr_caption), g.style(small, theme.MUTED, **right)))
        label_paras.append(Para.of((tx.Span(facts.short_url(c.qr_url)),),
                                   g.style(small + 0.5, opts.accent, bold=True, **right), space=1.5))
    contact = Column.of(paras, contact_w, True) if paras else None
    label = Column.of(label_paras, label_w, True) if label_paras else None
    limit = g.page_h * FOOTER_MAX
    moved: list[Para] = []
    # what makes the footer too tall goes after the routine instead, the tallest part first
    while _footer_h(contact, label, qr) > limit:
        if contact and (label is None or contact.height >= label.height):
            moved = [Para.of((tx.Span(opts.labels("contact")),), g.style(small + 1, opts.accent, bold=True),
                             keep_with_next=True)] + [Para.of(p.spans, p.style, space=2.0) for p in paras] + moved
            contact = None
        elif label:
            moved += [Para.of(p.spans, g.style(p.style.size, p.style.colour, bold=p.style.bold), space=2.0)
                      for p in label_paras]
            label = None
        else:
            break
    tail = [TextSlab(Column.of(moved, g.width, True), 12.0)] if moved else []
    return contact, label, tail
