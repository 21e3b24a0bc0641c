"""Class handouts: one printed page per sequence, for a student's fridge.

Each page shows the program title and the sequence name, how often to practise, the
opening note, the movements in order as a grid of numbered thumbnails (name, one-line
summary, repeat and sides), the closing note, the program cautions in a compact strip,
the teacher's contact and a QR code (the website, else the sequence's first movement
video) with its short link printed beside it.

The page is always exactly one page. The grid gets denser as the sequence grows; text
shrinks, never below :data:`theme.MIN_PRINT_PT`, and is never cut: a sequence that
does not fit (more than :data:`MAX_MOVEMENTS` movements, or text too long for its cell
at 7 pt) is a :class:`~builder.errors.ContentError` naming the sequence.

A program without sequences gets its movements in teaching order instead, headed with
the program title, on as many pages as they need (each page a page-full of the grid under
the same header, numbering on from the page before); with no movements either, a page of
title, cautions and contact, so a handout never silently comes out empty. The one-page
rule above holds for real sequences only.

Contact text too long for the footer shrinks (to 7 pt, the address run into one paragraph)
and, if it still would take more than :data:`FOOTER_MAX_FRAC` of the page, is a
:class:`~builder.errors.ContentError` naming the field.

Two stages, as in the rest of the builder:

* :func:`plan` (pure: program -> :class:`PagePlan` list with every box in points,
  text measured with the font metrics through reportlab's ``Paragraph.wrap``);
  :meth:`HandoutTarget.image_requests` asks for each thumbnail box at 300 ppi from it;
* :func:`draw` puts a plan on a reportlab canvas; nothing is re-measured there.

Coordinates are PDF points with the origin at the bottom-left of the page.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Paragraph

from ...model import markdown

from . import kit as pdfkit

from ... import theme
from ...compose import facts as compose, labels_for
from ...build.targets import Note, RenderResult
from ...errors import ContentError, Problem
from ...model import Movement, Program, Sequence

MAX_MOVEMENTS = 24
"""The most movements one handout page holds legibly (with short summaries; long ones may fit fewer)."""

MARGIN_X_MM = 16.0
MARGIN_TOP_MM = 15.0
MARGIN_BOTTOM_MM = 12.0
GAP_MM = 4.0  # between the page's blocks
GUTTER_MM = 5.0  # between grid columns
ROW_GAP_MM = 4.5  # between grid rows
ROW_GAP_DENSE_MM = 3.0  # between grid rows of more than three
LABEL_W_MM = 20.0  # the "Begin" / "Finish" label column
QR_MM = 24.0  # printed QR width, quiet zone included
THUMB_PPI = 300
PANEL = theme.mix(theme.RULE, theme.PAPER, 0.6)  # behind each picture

FOOTER_MAX_FRAC = 0.3  # the contact and QR footer never takes more of the page height than this
FALLBACK_PATH = "movements"  # the spec path of the all-movements pages (no sequences)

NOTE_PT = 9.5
CAUTION_PTS = (9.0, 8.0)  # the cautions strip: as large as the page allows, never below 8 pt
CONTACT_PT = 8.5

# Grid columns to try for a number of movements, most preferred first.
_COLUMNS = {1: (1, 2), 2: (2,), 3: (2, 3), 4: (2,), 5: (3, 2), 6: (3, 2), 7: (3, 4), 8: (3, 4), 9: (3, 4)}
_COLUMNS_DENSE = (4, 3)  # 10 and more
_MAX_PT = {1: 10.5, 2: 10.0, 3: 9.0, 4: 8.5}  # summary size at most, by column count


def _columns(n: int) -> tuple[int, ...]:
    return _COLUMNS.get(n, _COLUMNS_DENSE)


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Box:
    """A rectangle in points: (x, y) is its bottom-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass
class Block:
    """Measured paragraphs stacked from ``top`` down at ``x``, ``w`` wide, ``space`` apart."""

    flow: list[Flowable]
    x: float
    top: float
    w: float
    heights: list[float]
    space: float = 0.0

    @property
    def h(self) -> float:
        return sum(self.heights) + self.space * max(0, len(self.heights) - 1)


@dataclass
class Cell:
    number: int
    movement: Movement
    box: Box  # the whole cell
    thumb: Box  # the picture is fitted (not cropped) into this box
    text: Block
    badge_r: float  # radius of the number badge


@dataclass
class Strip:
    """The cautions strip: a light panel holding columns of caution paragraphs."""

    box: Box
    columns: list[Block]


@dataclass
class PagePlan:
    path: str  # key path of what the page shows, e.g. "sequences[1]"
    name: str  # what the page shows, for the PDF outline
    page_w: float
    page_h: float
    accent: str
    header: Block
    rule_y: float  # accent rule under the header
    cols: int
    rows: int
    style: str  # "stacked" (picture above text), "side" (picture left of text) or "list" (no pictures at all)
    body_pt: float  # summary size in the grid
    cells: list[Cell]
    notes: list[tuple[str, str, Block]] = field(default_factory=list)  # ("opening"/"closing", its label, text block)
    strip: Strip | None = None
    contact: Block | None = None
    footer_rule_y: float = 0.0
    qr_url: str | None = None
    qr_box: Box | None = None
    qr_label: Block | None = None


@dataclass(frozen=True)
class _Spec:
    """What one page shows, before layout."""

    path: str
    kicker: str | None  # small accent line above the title
    title: str
    subline: str | None  # markup of the line under the title
    movements: tuple[Movement, ...]
    opening: str | None
    closing: str | None
    qr_url: str | None
    qr_caption: str | None
    first: int = 1  # the number of the first movement of the page


class _DoesNotFit(Exception):
    pass


class _FieldTooLong(Exception):
    """A single field (e.g. ``contact.address``) is too long for its place on every page."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path


def _specs(program: Program) -> list[_Spec]:
    """One spec per sequence; with no sequences, one page of all movements."""
    out = []
    for i, seq in enumerate(program.sequences):
        out.append(_Spec(
            path=f"sequences[{i}]", kicker=program.title, title=seq.name, subline=_subline(seq, labels_for(program)),
            movements=seq.movements, opening=seq.opening, closing=seq.closing,
            qr_url=compose.qr_choice(program, seq.movements, labels_for(program))[0],
            qr_caption=compose.qr_choice(program, seq.movements, labels_for(program))[1],
        ))
    if not out:
        out.append(_fallback_spec(program, 0, len(program.movements)))
    return out


def _fallback_spec(program: Program, start: int, count: int) -> _Spec:
    """The page of movements ``start`` .. ``start + count - 1`` of a program without sequences."""
    n = len(program.movements)
    movements = program.movements[start:start + count]
    L = labels_for(program)
    if not n:
        sub = None
    elif count >= n:
        sub = L("all_movements")
    else:
        last = start + len(movements)
        part = L("range", first=start + 1, last=last) if start + 1 != last else str(last)
        sub = L("all_movements_part", part=part, total=n)
    qr = compose.qr_choice(program, program.movements, L)  # the same code on every page
    return _Spec(
        path=FALLBACK_PATH, kicker=program.subtitle, title=program.title,
        subline=pdfkit.text(sub) if sub else None, movements=movements, opening=None, closing=None,
        qr_url=qr[0], qr_caption=qr[1], first=start + 1,
    )


def _subline(seq: Sequence, L) -> str | None:
    parts = []
    for f in compose.routine_facts(seq, L):
        if f.markup:
            parts.append(f"<b>{pdfkit.text(f.label)}</b>&nbsp;&nbsp;{pdfkit.rich(f.value)}")
        else:
            # "about 17 min": the number and its unit never break apart
            cut = f.value.rfind(" ")
            value = pdfkit.text(f.value[:cut] + "\u00a0" + f.value[cut + 1:] if cut >= 0 else f.value)
            parts.append(f"<b>{pdfkit.text(f.label)}</b>&nbsp;&nbsp;{value}")
    return "&nbsp;&nbsp;&nbsp;&nbsp;·&nbsp;&nbsp;&nbsp;&nbsp;".join(parts) or None


def _meta(m: Movement, L) -> list[str]:
    """Repeat and sides as markup pieces, set on one line (or one a line) by ``pdfkit.facts_line``."""
    bits = []
    if m.repeat:
        bits.append(pdfkit.rich(m.repeat))
    else:
        bits.extend(f"{pdfkit.text(p.name)}: {pdfkit.rich(p.repeat)}" if p.name else pdfkit.rich(p.repeat)
                    for p in m.stages if p.repeat)
    sides = compose.sides_text(m, L)
    if sides:
        bits.append(pdfkit.text(sides))
    return bits


def _measure(flow: list[Flowable], w: float) -> list[float]:
    return [f.wrap(w, 1e6)[1] for f in flow]


def _block(flow: list[Flowable], x: float, top: float, w: float, space: float = 0.0) -> Block:
    return Block(flow, x, top, w, _measure(flow, w), space)


def _styles(accent: str, body: float):
    s = pdfkit.style
    return {
        "name": s("name", body + 1.5, (body + 1.5) * 1.2, fontName=pdfkit.FONT_BOLD),
        "summary": s("summary", body, body * 1.3),
        "meta": s("meta", max(theme.MIN_PRINT_PT, body - 0.5), max(theme.MIN_PRINT_PT, body - 0.5) * 1.3,
                  fontName=pdfkit.FONT_ITALIC, textColor=pdfkit.colour(theme.MUTED)),
        "care": s("care", max(theme.MIN_PRINT_PT, body - 0.5), max(theme.MIN_PRINT_PT, body - 0.5) * 1.3),
    }


def _cell_flow(m: Movement, st, width: float, general: tuple, accent: str, L) -> list[Flowable]:
    """Name, summary, repeat and sides, then the movement's own cautions (those not already in
    the page's cautions strip), each led by its level word in the level's colour."""
    flow: list[Flowable] = [Paragraph(pdfkit.rich(m.name), st["name"])]
    if m.summary:
        flow.append(Paragraph(pdfkit.rich(m.summary), st["summary"]))
    meta = _meta(m, L)
    if meta:
        flow.append(pdfkit.facts_line(meta, st["meta"], width, sep=" · "))
    for c in m.cautions:
        if c in general:
            continue
        strong, _ = theme.level_colours(c.level, accent)
        title = f"<b>{pdfkit.text(c.title)}.</b> " if c.title else ""
        flow.append(Paragraph(f'<font color="{strong}"><b>{pdfkit.text(compose.level_word(c.level, L))}</b></font>'
                              f"&nbsp;&nbsp;{title}{pdfkit.rich(c.text)}", st["care"]))
    return flow


def plan(program: Program) -> list[PagePlan]:
    """Lay out every page; raises ContentError (every page's problem) when a page does not fit."""
    pdfkit.setup()
    page_w, page_h = (theme.pt(v) for v in theme.PAGE_SIZES_MM[program.handout.page_size])
    pages, problems = [], []
    for spec in _specs(program):
        try:
            if spec.path == FALLBACK_PATH and len(spec.movements) > 1:
                pages += _plan_fallback(program, page_w, page_h)
            else:
                pages.append(_plan_page(program, spec, page_w, page_h))
        except _FieldTooLong as exc:
            problem = Problem(program.where(exc.path), exc.path, str(exc))
            if problem not in problems:
                problems.append(problem)
        except _DoesNotFit as exc:
            problems.append(Problem(program.where(spec.path), spec.path, str(exc)))
    if problems:
        raise ContentError(problems)
    return pages


def _plan_fallback(program: Program, page_w: float, page_h: float) -> list[PagePlan]:
    """The movements of a program without sequences on as many pages as they need: each page
    takes as many as fit (at most :data:`MAX_MOVEMENTS`), the pages sharing the count evenly."""
    n = len(program.movements)
    out: list[PagePlan] = []
    start = 0
    k = min(n, MAX_MOVEMENTS)
    while start < n:
        k = min(k, n - start)
        while True:
            try:
                page = _plan_page(program, _fallback_spec(program, start, k), page_w, page_h)
                break
            except _DoesNotFit:
                if k == 1:
                    raise
                k -= 1
        if not out and start + k < n:
            # more than one page: share the movements evenly rather than leave a last page of one
            pages = math.ceil(n / k)
            even = math.ceil(n / pages)
            if even < k:
                try:
                    page, k = _plan_page(program, _fallback_spec(program, start, even), page_w, page_h), even
                except _DoesNotFit:
                    pass
        out.append(page)
        start += k
    if len(out) > 1:  # the outline tells the pages apart
        for page in out:
            page.name = f"{page.name} ({page.cells[0].number}–{page.cells[-1].number})"
    return out


def _plan_page(program: Program, spec: _Spec, page_w: float, page_h: float) -> PagePlan:
    n = len(spec.movements)
    if n > MAX_MOVEMENTS and spec.path != FALLBACK_PATH:
        raise _DoesNotFit(f"{n} movements do not fit on one handout page; the limit is {MAX_MOVEMENTS}")
    accent = program.theme.accent
    mx, mt, mb = theme.pt(MARGIN_X_MM), theme.pt(MARGIN_TOP_MM), theme.pt(MARGIN_BOTTOM_MM)
    gap = theme.pt(GAP_MM)
    left, right, width = mx, page_w - mx, page_w - 2 * mx
    s = pdfkit.style

    # --- header, from the top down
    top = page_h - mt
    head: list[Flowable] = []
    if spec.kicker:
        head.append(Paragraph(pdfkit.text(spec.kicker), s("kicker", 10, 13, fontName=pdfkit.FONT_BOLD,
                                                            textColor=pdfkit.colour(accent), spaceAfter=0)))
    head.append(Paragraph(pdfkit.text(spec.title), s("title", 22, 26, fontName=pdfkit.FONT_BOLD)))
    if spec.subline:
        head.append(Paragraph(spec.subline, s("subline", 10.5, 14)))
    header = _block(head, left, top, width, space=4)
    rule_y = top - header.h - 6
    y = rule_y - gap

    # --- footer, from the bottom up: contact and QR, then the cautions strip
    bottom = mb
    limit = page_h * FOOTER_MAX_FRAC
    for compact in (False, True):  # long contact text shrinks to 7 pt, the address run into one paragraph
        qr_box, qr_label, contact, footer_h = _footer(program, spec, left, right, width, bottom, compact)
        if footer_h <= limit:
            break
    else:
        raise _FieldTooLong(*_longest_contact_field(program, spec, left, right, width, bottom, limit))
    footer_rule_y = bottom + footer_h + gap * 0.75 if footer_h else 0.0
    floor = footer_rule_y + gap * 0.75 if footer_h else bottom

    # --- the cautions strip above the footer, then the grid and the notes between header and strip.
    # The strip is set as large as it can be while every grid is still tried down to 8 pt;
    # only then does the grid go smaller, down to 7 pt, beside the smallest strip.
    base_floor = floor
    tiers = [(pt, 8.0, None) for pt in CAUTION_PTS] + [(CAUTION_PTS[-1], theme.MIN_PRINT_PT, 7.5)]
    for strip_pt, low, high in tiers:
        strip = _strip(program, left, base_floor, width, strip_pt)
        floor = strip.box.top + gap if strip else base_floor
        for cols in _columns(max(n, 1)):
            for style in _styles_for(spec):
                size = _MAX_PT[cols] if high is None else high
                while size >= low - 1e-9:
                    got = _try_grid(program, spec, cols, style, size, left, width, y, floor, gap)
                    if got is not None:
                        cells, notes, rows = got
                        return PagePlan(
                            path=spec.path, name=spec.title, page_w=page_w, page_h=page_h, accent=accent,
                            header=header, rule_y=rule_y, cols=cols, rows=rows, style=style, body_pt=size,
                            cells=cells, notes=notes, strip=strip, contact=contact, footer_rule_y=footer_rule_y,
                            qr_url=spec.qr_url, qr_box=qr_box, qr_label=qr_label,
                        )
                    size -= 0.5
    raise _DoesNotFit(
        f"{n} movement{'s' if n != 1 else ''} with {'their' if n != 1 else 'its'} notes, cautions and contact "
        f"do not fit on one handout page even at {theme.MIN_PRINT_PT:g} pt; shorten the summaries or notes, "
        f"or split the sequence (the limit is {MAX_MOVEMENTS} movements with short summaries)"
    )


def _footer(program: Program, spec: _Spec, left: float, right: float, width: float, bottom: float,
            compact: bool):
    """The QR box, its label, the contact block and the footer height (all placed)."""
    s = pdfkit.style
    qr_box = qr_label = None
    if spec.qr_url:
        q = theme.pt(QR_MM)
        qr_box = Box(right - q, bottom, q, q)
        label_w = min(theme.pt(60), width * 0.4)
        short = compose.short_url(spec.qr_url)
        url_pt = 9.5 if len(short) <= 60 and not compact else theme.MIN_PRINT_PT + 0.5
        lab_flow = [Paragraph(pdfkit.text(spec.qr_caption), s("qrcap", 8, 10.5, alignment=TA_RIGHT,
                                                               textColor=pdfkit.colour(theme.MUTED))),
                    Paragraph(pdfkit.text(short),
                              s("qrurl", url_pt, url_pt * 1.26, alignment=TA_RIGHT, fontName=pdfkit.FONT_BOLD,
                                textColor=pdfkit.colour(program.theme.accent)))]
        qr_label = _block(lab_flow, qr_box.x - theme.pt(3) - label_w, 0, label_w, space=1.5)
    contact = _contact_block(program, left, width * (0.5 if qr_box else 1.0), compact)
    footer_h = max(qr_box.h if qr_box else 0.0, qr_label.h if qr_label else 0.0, contact.h if contact else 0.0)
    if contact:
        contact.top = bottom + footer_h
    if qr_box:  # the code at the top of the footer, its link centred beside it
        qr_box = Box(qr_box.x, bottom + footer_h - qr_box.h, qr_box.w, qr_box.h)
        centred = qr_box.y + qr_box.h / 2 + qr_label.h / 2
        qr_label.top = min(max(centred, bottom + qr_label.h), bottom + footer_h)
    return qr_box, qr_label, contact, footer_h


def _longest_contact_field(program: Program, spec: _Spec, left: float, right: float, width: float,
                           bottom: float, limit: float) -> tuple[str, str]:
    """(path, message) naming the footer field that makes the footer too tall."""
    c = program.contact
    fields = [("contact.address", c.address), ("contact.email", c.email), ("contact.phone", c.phone),
              ("contact.website", c.website), ("author", program.author), ("organisation", program.organisation)]
    w = width * (0.5 if spec.qr_url else 1.0)
    st = pdfkit.style("measure", theme.MIN_PRINT_PT, theme.MIN_PRINT_PT * 1.3)
    best = max(fields, key=lambda f: Paragraph(pdfkit.text(_run_in(f[1] or "")), st).wrap(w, 1e6)[1] if f[1] else 0)
    path, value = best
    lines = int(limit // (theme.MIN_PRINT_PT * 1.3))
    return path, (f"too long for the handout footer ({len(value or ''):,} characters); even at "
                  f"{theme.MIN_PRINT_PT:g} pt the footer may take at most {FOOTER_MAX_FRAC:.0%} of the page, "
                  f"about {lines} lines; shorten it")


def _run_in(s: str) -> str:
    """Lines of a multi-line field run into one paragraph, " · " between them (nothing dropped)."""
    return " · ".join(line.strip() for line in s.splitlines() if line.strip())


def _contact_block(program: Program, x: float, w: float, compact: bool = False) -> Block | None:
    s = pdfkit.style
    size = theme.MIN_PRINT_PT if compact else CONTACT_PT
    flow: list[Flowable] = []
    who = [v for v in (program.author, program.organisation) if v]
    if who:
        flow.append(Paragraph(pdfkit.text(who[0]), s("who", size + 1, (size + 1) * 1.3,
                                                     fontName=pdfkit.FONT_BOLD)))
        for extra in who[1:]:
            flow.append(Paragraph(pdfkit.text(extra), s("org", size, size * 1.3)))
    c = program.contact
    reach = [v for v in (c.email, c.phone) if v]
    if c.website and not flow and not reach:
        reach.append(compose.short_url(c.website))
    if reach:
        flow.append(Paragraph("&nbsp;&nbsp;·&nbsp;&nbsp;".join(pdfkit.text(v) for v in reach),
                              s("reach", size, size * 1.3, textColor=pdfkit.colour(theme.MUTED))))
    if c.address:
        address = _run_in(c.address) if compact else c.address
        flow.append(Paragraph(pdfkit.text(address), s("addr", size, size * 1.3,
                                                      textColor=pdfkit.colour(theme.MUTED))))
    if not flow:
        return None
    return _block(flow, x, 0, w, space=1)


def _strip(program: Program, x: float, bottom: float, w: float, size: float = CAUTION_PTS[-1]) -> Strip | None:
    """The program cautions in one or two columns on a light panel, its bottom at ``bottom``."""
    if not program.cautions:
        return None
    pad = theme.pt(3)
    st = pdfkit.style("caution", size, size * 1.32)
    flow = []
    for c in program.cautions:
        strong, _ = theme.level_colours(c.level, program.theme.accent)
        word = compose.level_word(c.level, labels_for(program))
        title = f"<b>{pdfkit.text(c.title)}.</b> " if c.title else ""
        flow.append(Paragraph(f'<font color="{strong}"><b>{pdfkit.text(word)}</b></font>&nbsp;&nbsp;'
                              f"{title}{pdfkit.rich(c.text)}", st))
    ncols = 1 if len(flow) == 1 else 2
    col_gap = theme.pt(GUTTER_MM)
    col_w = (w - 2 * pad - (ncols - 1) * col_gap) / ncols
    heights = _measure(flow, col_w)
    space = 2.5
    # Fill columns in reading order, splitting where the taller column is shortest.
    best = None
    for cut in range(1, len(flow) + 1) if ncols == 2 else [len(flow)]:
        a = sum(heights[:cut]) + space * (cut - 1)
        b = sum(heights[cut:]) + space * max(0, len(flow) - cut - 1)
        tall = max(a, b)
        if best is None or tall < best[0] - 0.01:
            best = (tall, cut)
    tall, cut = best
    box = Box(x, bottom, w, tall + 2 * pad)
    columns = [Block(flow[:cut], x + pad, box.top - pad, col_w, heights[:cut], space)]
    if cut < len(flow):
        columns.append(Block(flow[cut:], x + pad + col_w + col_gap, box.top - pad, col_w, heights[cut:], space))
    return Strip(box, columns)


def _notes_blocks(spec: _Spec, left: float, width: float, size: float, L) -> list[tuple[str, str, Block]]:
    st = pdfkit.style("note", size, size * 1.35)
    label_w = theme.pt(LABEL_W_MM)
    out = []
    for key, label, text in (("opening", L("begin"), spec.opening), ("closing", L("finish"), spec.closing)):
        if text:
            flow = pdfkit.prose(text, st)
            out.append((key, label, _block(flow, left + label_w, 0, width - label_w, space=size * 0.4)))
    return out


def _styles_for(spec: _Spec) -> tuple[str, ...]:
    if any(_thumb_image(m) for m in spec.movements):
        return ("stacked", "side")
    return ("list",)  # no pictures: numbered text, no empty frames


def _natural_h(movements: Iterable[Movement], w: float) -> float:
    """The height that shows the tallest thumbnail of the page at width ``w`` (no empty bands)."""
    aspects = [img.aspect for m in movements if (img := _thumb_image(m)) is not None]
    return w / min(aspects) if aspects else w * 0.68


def _try_grid(program: Program, spec: _Spec, cols: int, style: str, size: float, left: float, width: float,
              top: float, floor: float, gap: float):
    """Cells and notes for one grid choice, or None when something does not fit."""
    n = len(spec.movements)
    rows = max(1, math.ceil(n / cols))
    notes = _notes_blocks(spec, left, width, min(NOTE_PT, size + 1), labels_for(program))
    opening = [b for key, _, b in notes if key == "opening"]
    closing = [b for key, _, b in notes if key == "closing"]
    y = top
    if opening:
        opening[0].top = y
        y -= opening[0].h + gap
    below = (closing[0].h + gap) if closing else 0.0
    avail = y - floor - below
    if n == 0:
        if avail < 0:
            return None
        if closing:
            closing[0].top = y
        return [], notes, 0
    gutter = theme.pt(GUTTER_MM)
    row_gap = theme.pt(ROW_GAP_MM if rows <= 3 else ROW_GAP_DENSE_MM)
    cell_w = (width - (cols - 1) * gutter) / cols
    room = avail - (rows - 1) * row_gap  # for the rows themselves
    if room <= 0:
        return None
    st = _styles(program.theme.accent, size)
    inner = theme.pt(2.5)  # picture-to-text gap
    space = 1.5  # between a cell's paragraphs
    badge_r = max(7.0, size * 0.9)
    if style == "stacked":
        thumb_w = text_w = cell_w
    elif style == "list":
        thumb_w = 2 * badge_r
        text_w = cell_w - thumb_w - inner
    else:
        thumb_w = cell_w * {1: 0.42, 2: 0.36}.get(cols, 0.3)
        text_w = cell_w - thumb_w - inner
    flows = [_cell_flow(m, st, text_w, program.cautions, program.theme.accent, labels_for(program)) for m in spec.movements]
    heights = [_measure(f, text_w) for f in flows]
    text_hs = [sum(h) + space * (len(h) - 1) for h in heights]
    # Every row is as tall as its tallest text (plus the picture): rows differ, cells in a row do not.
    row_text = [max(text_hs[r * cols:(r + 1) * cols]) for r in range(rows)]
    if style == "stacked":
        natural = min(cell_w * 0.68, _natural_h(spec.movements, cell_w))
        thumb_h = min((room - sum(row_text)) / rows - inner, natural)
        if thumb_h < min(natural, max(cell_w * 0.4, theme.pt(16))):
            return None
        row_h = [thumb_h + inner + t for t in row_text]
    else:
        if style == "side" and thumb_w < theme.pt(14):
            return None
        thumb_h = 2 * badge_r if style == "list" else min(thumb_w * 1.0, _natural_h(spec.movements, thumb_w))
        row_h = [max(thumb_h, t) for t in row_text]
        if sum(row_h) > room:
            return None
    cells = []
    row_tops = [y - sum(row_h[:r]) - r * row_gap for r in range(rows)]
    for i, m in enumerate(spec.movements):
        r, c = divmod(i, cols)
        x = left + c * (cell_w + gutter)
        cell_top = row_tops[r]
        box = Box(x, cell_top - row_h[r], cell_w, row_h[r])
        thumb = Box(x, cell_top - thumb_h, thumb_w, thumb_h)
        if style == "stacked":
            text = Block(flows[i], x, thumb.y - inner, text_w, heights[i], space)
        else:
            text = Block(flows[i], x + thumb_w + inner, cell_top, text_w, heights[i], space)
        cells.append(Cell(spec.first + i, m, box, thumb, text, badge_r))
    if closing:
        closing[0].top = row_tops[-1] - row_h[-1] - gap
    return cells, notes, rows


# --------------------------------------------------------------------------- images


def _thumb_image(m: Movement):
    return m.images[0] if m.images else None


def _request(cell: Cell):
    from ...images import ImageRequest, box_px

    img = _thumb_image(cell.movement)
    if img is None:
        return None
    w_px, h_px = box_px(cell.thumb.w, cell.thumb.h, THUMB_PPI)
    return ImageRequest(source=img.path, max_w_px=w_px, max_h_px=h_px)


# --------------------------------------------------------------------------- drawing


def draw(program: Program, pages: list[PagePlan], images: Mapping) -> bytes:
    """The handout PDF of ``pages``; identical inputs give identical bytes."""
    pdfkit.setup()
    buf = io.BytesIO()
    first = pages[0]
    c = rl_canvas.Canvas(buf, pagesize=(first.page_w, first.page_h), invariant=1, pageCompression=1,
                         initialFontName=pdfkit.FONT, initialFontSize=10,
                         lang=program.language or None)
    L = labels_for(program)
    c.setTitle(L("handout_title", title=program.title))
    if program.author or program.organisation:
        c.setAuthor(program.author or program.organisation)
    c.setSubject(L("handout_subject", names="; ".join(p.name for p in pages)))
    c.setCreator("movebook")
    for i, page in enumerate(pages):
        c.setPageSize((page.page_w, page.page_h))
        key = f"page{i}"
        c.bookmarkPage(key)
        c.addOutlineEntry(page.name, key, 0)
        _draw_page(c, page, images)
        c.showPage()
    c.save()
    return buf.getvalue()


def _draw_block(c, b: Block) -> None:
    y = b.top
    for f, h in zip(b.flow, b.heights):
        y -= h
        f.drawOn(c, b.x, y)
        y -= b.space


def _draw_page(c, page: PagePlan, images: Mapping) -> None:
    accent = pdfkit.colour(page.accent)
    _draw_block(c, page.header)
    c.setStrokeColor(accent)
    c.setLineWidth(1.2)
    c.line(page.header.x, page.rule_y, page.header.x + page.header.w, page.rule_y)

    for _, label, block in page.notes:
        c.setFont(pdfkit.FONT_BOLD, 8)
        c.setFillColor(accent)
        # the label sits on the first line's baseline
        first = block.flow[0]
        size = first.style.fontSize
        # draw_text: a label in a script the bundled font lacks (はじめに) prints in a fallback font
        pdfkit.draw_text(c, block.x - theme.pt(LABEL_W_MM), block.top - size * 1.02, label.upper(), pdfkit.FONT_BOLD, 8)
        _draw_block(c, block)

    for cell in page.cells:
        _draw_cell(c, page, cell, images)

    if page.strip:
        c.setFillColor(pdfkit.colour(theme.tint(page.accent, 0.93)))
        b = page.strip.box
        c.roundRect(b.x, b.y, b.w, b.h, 3, stroke=0, fill=1)
        for col in page.strip.columns:
            _draw_block(c, col)

    if page.footer_rule_y:
        c.setStrokeColor(pdfkit.colour(theme.RULE))
        c.setLineWidth(0.6)
        c.line(page.header.x, page.footer_rule_y, page.header.x + page.header.w, page.footer_rule_y)
    if page.contact:
        _draw_block(c, page.contact)
    if page.qr_url and page.qr_box:
        _draw_qr(c, page.qr_url, page.qr_box)
        if page.qr_label:
            _draw_block(c, page.qr_label)


def _draw_qr(c, url: str, box: Box) -> None:
    """The QR code straight onto the canvas, filling ``box``'s width."""
    c.saveState()
    c.translate(box.x, box.y)
    pdfkit.draw_qr(c, url, box.w)
    c.restoreState()


def _draw_cell(c, page: PagePlan, cell: Cell, images: Mapping) -> None:
    t = cell.thumb
    req = _request(cell)
    # every picture sits centred in a hairline frame of the same size: a strict grid whatever its shape
    if page.style == "list":
        pass
    elif req is not None:
        prep = images[req]
        # fitted to the frame, but a picture with too few pixels is placed smaller rather than blurred
        w, h = pdfkit.placed_size(prep.width_px, prep.height_px, t.w, t.h)
        # an ImageReader names the PDF object by the pixels, not the cache path: identical bytes anywhere
        c.drawImage(ImageReader(str(prep.path)), t.x + (t.w - w) / 2, t.y + (t.h - h) / 2, w, h,
                    mask="auto" if prep.has_alpha else None)
        c.setStrokeColor(pdfkit.colour(theme.RULE))
        c.setLineWidth(0.6)
        c.rect(t.x, t.y, t.w, t.h, stroke=1, fill=0)
    else:
        c.setFillColor(pdfkit.colour(PANEL))
        c.rect(t.x, t.y, t.w, t.h, stroke=0, fill=1)
    # number badge at the top-left corner of the panel
    r = cell.badge_r
    if page.style == "list":
        cx, cy = t.x + r, t.top - r
    elif t.w >= 8 * r:
        cx, cy = t.x + r + 3, t.top - r - 3
    else:  # a small picture: the badge straddles its corner and hides less of it
        cx, cy = t.x + r * 0.3, t.top - r * 0.3
    c.setFillColor(pdfkit.colour(page.accent))
    c.setStrokeColor(pdfkit.colour(theme.PAPER))
    c.setLineWidth(1)
    c.circle(cx, cy, r, stroke=1, fill=1)
    c.setFillColor(pdfkit.colour(theme.PAPER))
    size = max(theme.MIN_PRINT_PT, r)
    c.setFont(pdfkit.FONT_BOLD, size)
    c.drawCentredString(cx, cy - size * 0.36, str(cell.number))
    _draw_block(c, cell.text)


def _low_resolution_notes(pages: list[PagePlan], images: Mapping) -> tuple[Note, ...]:
    """A note for each picture that prints below 150 ppi (its source has too few pixels)."""
    notes = []
    for page in pages:
        for cell in page.cells:
            req = _request(cell) if page.style != "list" else None
            if req is None:
                continue
            prep = images[req]
            w, _ = pdfkit.fitted_size(prep.width_px, prep.height_px, cell.thumb.w, cell.thumb.h)
            ppi = prep.width_px / (w / theme.PT_PER_INCH)
            if ppi < 150:
                img = _thumb_image(cell.movement)
                note = Note.of("low_resolution", output="handout", picture=img.name, page=page.name, ppi=f"{ppi:.0f}",
                               pixels=math.ceil(w / theme.PT_PER_INCH * 200))
                if note not in notes:
                    notes.append(note)
    return tuple(notes)


# --------------------------------------------------------------------------- the target


@dataclass
class HandoutPlan:
    """The handout's pages, laid out, and the program they come from."""

    program: Program
    pages: list[PagePlan]

    def image_requests(self) -> list:
        """One request per thumbnail box (each movement's first image), without duplicates."""
        reqs = [r for page in self.pages for cell in page.cells if (r := _request(cell)) is not None]
        return list(dict.fromkeys(reqs))


def plan_handout(program: Program) -> HandoutPlan:
    """Every handout page of the program, laid out; raises ContentError when a page does not fit."""
    return HandoutPlan(program, plan(program))


def render(hplan: HandoutPlan, images: Mapping) -> RenderResult:
    pages = hplan.pages
    data = draw(hplan.program, pages, images)
    n = len(pages)
    return RenderResult(files={"handout.pdf": data}, summary=f"handout.pdf {n} page{'s' if n != 1 else ''}",
                        notes=_low_resolution_notes(pages, images))
