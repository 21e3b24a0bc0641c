"""A movement's slides: its pictures in a column of about half the slide, its steps (or cues) beside them.

The first slide shows the starting position first, then the steps, filled before they
continue on further slides and split evenly (a list never breaks after its first item and
never leaves one step alone). Every slide keeps the picture (start and finish together
when the movement has two) and the movement's own cautions in view; the first slide
carries a QR code of the video. The QR code and the cautions sit under the picture when
it leaves room (a landscape photo), else at the foot of the text column. The notes of
the first slide hold the full script, a continuation slide's the script of what it shows.
A movement's further pictures (a third and on) follow its step slides, all its pictures
side by side with their captions, so none is left out of the deck.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ... import theme
from ...compose import facts
from ...model import Movement
from ...model.markdown import plain_inline
from . import notes
from .flow import Block, Paginator, column, heading, items, paginate, quality
from .frame import LEVEL_MARKERS, Frame, Head, counter
from .prose import prose_paras, sentence_blocks, sentences
from .shapes import Para, Picture, QRCode, Rect, SlidePlan, Span, TextBox
from .text import box_height_emu, breaks_word, deck_rtl, inner_w, lit, merge, para, runs_of, text_width_pt
from .units import BODY_SIZES, LABEL_PT, QR_IN, emu_pt, inch, pt_emu

SECTION_GAP = 0.5  # space before a heading, in lines of its size
PICTURE_MIN_SCALE = 0.75  # on a template, pictures may shrink to this to leave the QR code and cautions room below
PAD = inch(0.1)  # inside the cautions panel
GAP = inch(0.15)  # between the picture, the QR code and the cautions panel


@dataclass(frozen=True)
class _Layout:
    """Where a movement's parts go (EMU): the same on every one of its slides."""

    head: Head
    pic: tuple[int, int, int, int] | None  # the picture column
    extra_x: int  # the QR code and the cautions panel under the pictures: their x and width
    extra_w: int
    tx: int  # the text column
    tw: int
    cautions: tuple[Para, ...]  # the movement's own cautions, in a panel
    cautions_in: str  # "pic" | "text" (a panel at the foot of the column) | "flow" (with the steps) | ""
    panel_h: int
    qr_in: str  # "pic" | "text" | "beside" (in the picture column, the cautions panel beside it) | ""
    qr_h: int
    narrow: tuple[Para, ...] = ()  # the cautions beside the QR code on the first slide ("beside")
    narrow_h: int = 0


class MovementSlides:
    def __init__(self, f: Frame):
        self.base = f
        self.f = f
        self._memo: dict = {}  # one movement's blocks by (width, size, ...): the same for every layout tried
        self._stops: tuple = ()  # the program's STOPs the movement names, given once with its text (see slides)
        self._own: tuple = ()  # the cautions its panel shows (its own, and those STOPs when they fit there)

    def slides(self, m: Movement) -> list[SlidePlan]:
        images = m.images[:2]
        self.f = f = self.base.on("picture" if images else "content")
        self._memo = {}
        x, w = self._title_box(images)
        # Its own cautions in view on every slide; of the program-wide ones it names (said to the
        # room on "Before we begin"), the STOPs by title: in the panel under the picture when they
        # fit there, else once, at the top of its first slide (a panel in the text column on every
        # slide would cost the steps their room).
        own, stops = _own(f, m.cautions), _stops(f, m.cautions)
        head0 = f.title(m.name, x, w)
        lay0 = self._layout(m, images, own, head0)
        if stops:
            both = self._layout(m, images, stops + own, head0)
            if both.cautions_in == "pic" and (both.qr_in != "text" or lay0.qr_in == "text"):  # the text keeps its room
                own, stops, lay0 = stops + own, (), both
        self._stops, self._own = stops, own

        def score(size):
            broken, n = self._quality(m, lay0, size)
            if n > 1:  # measured again under the title with its counter, which may take another line
                lay = self._layout(m, images, own, f.title(m.name, x, w, reserve=f" ({n}/{n})"))
                broken, n = self._quality(m, lay, size)
            return broken, n, -size

        # The size that breaks no keep rule (no lonely step), then the fewest slides, then the largest.
        size = min(BODY_SIZES, key=score)
        # pictures beyond the two the steps are taught beside follow on slides of their own (their
        # slides counted in the titles' counter, so the titles are measured with it)
        more = gallery_groups(m, 3 if self.base.W >= inch(12) else 2)
        head, pages = f.titled(m.name, lambda h: self._pages(m, self._layout(m, images, own, h), size) + [[]] * len(more),
                               x, w)
        total = len(pages)
        pages = pages[:total - len(more)]
        out = self._place(m, self._layout(m, images, own, head), pages, images, total)
        return out + self._gallery(m, more, len(pages), total)

    # -- pictures beyond the first two ---------------------------------------------------------

    def _gallery(self, m: Movement, groups: list[tuple], start: int, total: int) -> list[SlidePlan]:
        """Slides of ``groups`` of pictures side by side, each with its caption under it (the
        movement's pictures in order: none is left out of the deck)."""
        f = self.base.on("content")
        out = []
        gap = inch(0.3)
        head = f.title(m.name, reserve=f" ({total}/{total})")
        rtl = deck_rtl()
        for j, group in enumerate(groups):
            t = counter(m.name, start + j + 1, total)
            n = len(group)
            cell_w = (f.cw - gap * (n - 1)) // n
            caps = [(para(runs_of(img.caption), LABEL_PT, inner_w(cell_w), colour=f.ink, align="center"),)
                    if img.caption else () for img in group]
            cap_h = max((box_height_emu(c) for c in caps if c), default=0)
            below = cap_h + inch(0.15) if cap_h else 0
            room = f.bottom - head.y - below
            # as tall as the tallest picture needs at the cell's width, the row centred in the room
            pic_h = max(inch(1), min(room, max(round(cell_w / img.aspect) for img in group)))
            y = head.y + max(0, (room - pic_h) // 2)
            shapes = head.shapes(t)
            for k, (img, cap) in enumerate(zip(group, caps)):
                x = f.mx + (n - 1 - k if rtl else k) * (cell_w + gap)
                shapes.append(Picture(x, y, cell_w, pic_h, img, "photo", valign="bottom"))
                if cap:
                    shapes.append(TextBox(x, y + pic_h + inch(0.15), cell_w, box_height_emu(cap), cap, role="caption"))
            note = notes.movement_pictures(m, group, f.L)
            out.append(SlidePlan("movement", t, tuple(shapes), note, layout="content"))
        return out

    # -- geometry ------------------------------------------------------------------------

    def _title_box(self, images) -> tuple[int | None, int | None]:
        """The title over the text column beside a full-height picture column; else across the slide."""
        f = self.f
        if images and f.side:
            _, tx, tw = f.picture_columns(f.top)
            return tx, tw
        return None, None

    def _layout(self, m: Movement, images, own, head: Head) -> _Layout:
        f = self.f
        if images:
            pic, tx, tw = f.picture_columns(head.y)
            ex = f.mx if f.side else pic[0]
            ew = (pic[0] + pic[2] - inch(0.3) - ex) if f.side else pic[2]
        else:
            pic, tx, tw, ex, ew = None, f.mx, f.cw, 0, 0
        qr_h = inch(QR_IN) + GAP if m.video else 0
        free = self._free_below(images, pic) if pic else 0
        pic_panel = caution_paras(self.f, own, inner_w(ew - 2 * PAD)) if own and pic else ()
        pic_panel_h = box_height_emu(pic_panel) + 2 * PAD + GAP if pic_panel else 0
        cautions, cautions_in, panel_h, qr_in = (), "", 0, ""
        narrow, narrow_h = (), 0
        # The cautions under the picture on every slide, the QR code there too if it fits (above
        # them, or beside them on the first slide); else in the text column.
        if own and pic and free >= pic_panel_h:
            cautions, cautions_in, panel_h = pic_panel, "pic", pic_panel_h
        elif own:
            paras = caution_paras(self.f, own, inner_w(tw - 2 * PAD))
            h = box_height_emu(paras) + 2 * PAD + GAP
            if h <= (f.bottom - head.y) // 3:
                cautions, cautions_in, panel_h = tuple(paras), "text", h
            else:
                cautions_in = "flow"
        if m.video:
            room = free - (panel_h if cautions_in == "pic" else 0)
            if pic and room >= qr_h:
                qr_in = "pic"
            elif pic and cautions_in == "pic":
                nw = ew - inch(QR_IN) - inch(0.2)
                narrow = tuple(caution_paras(self.f, own, inner_w(nw - 2 * PAD)))
                narrow_h = box_height_emu(narrow) + 2 * PAD
                if nw > inch(2) and max(inch(QR_IN), self._label_h(nw) + GAP + narrow_h) + GAP <= free:
                    qr_in = "beside"
                else:
                    qr_in, narrow, narrow_h = "text", (), 0
            else:
                qr_in = "text"
        return _Layout(head, pic, ex, ew, tx, tw, cautions, cautions_in, panel_h, qr_in, qr_h, narrow, narrow_h)

    def _label_h(self, w: int) -> int:
        """Height of "Scan to watch the video" in a caption ``w`` wide."""
        L = self.f.L
        return box_height_emu([para([lit(L("deck_scan_video"), bold=True)], LABEL_PT, inner_w(w))])


    def _free_below(self, images, pic) -> int:
        """The height the pictures leave free above the foot of the text column.

        Without a template they keep their size; on a template's picture placeholder (a
        column no taller than the text's) they may shrink to :data:`PICTURE_MIN_SCALE` of
        it, so the QR code and the cautions fit under them rather than in the text column.
        """
        shown = self.f.pictures_in(images, pic, valign="top")
        low = max(p.placed()[1] + p.placed()[3] for p in shown)
        if self.f.geo.template:
            low = pic[1] + round((low - pic[1]) * PICTURE_MIN_SCALE)
        return self.f.bottom - low

    # -- content ---------------------------------------------------------------------------

    def _blocks(self, m: Movement, lay: _Layout, size: float) -> list[Block]:
        key = (inner_w(lay.tw), size, lay.cautions_in == "flow", lay.head.overflow)
        if key not in self._memo:
            self._memo[key] = self._make_blocks(m, lay, size)
        return self._memo[key]

    def _make_blocks(self, m: Movement, lay: _Layout, size: float) -> list[Block]:
        f, L = self.f, self.f.L
        iw = inner_w(lay.tw)
        out: list[Block] = [Block(p, split=True) for p in f.overflow_paras(lay.head, size, iw)]
        dose = self._dose(m, size, iw)
        if dose:  # kept with the starting position under it
            out.append(Block(dose, split=True, keep_next=bool(m.position)))
        gap = round(size * SECTION_GAP)
        if m.position:  # the starting position is the first thing taught, cues or not
            label = para([lit(L("starting_position"), bold=True, colour=f.accent_text)], size, iw, colour=f.accent_text,
                         space_before_pt=gap if out else 0)
            cont = para([lit(L("continued", title=L("starting_position")), bold=True, colour=f.accent_text)], size, iw,
                        colour=f.accent_text)
            # Taught whole: its heading and every sentence keep together (the size is chosen so
            # they fit the first slide), never a one-sentence remnant on the next slide.
            pos = [heading(label)] + sentence_blocks(f, m.position, size, iw, split=False, head=cont, space=round(size * 0.3))
            out += [replace(b, keep_next=k < len(pos) - 1, tag="position") for k, b in enumerate(pos)]
        if self._stops:  # what must stop it, after the starting position, before the steps (see slides)
            pointer = replace(caution_paras(self.f, self._stops, iw, size)[0], space_before_pt=gap if out else 0)
            out.append(Block(pointer, split=True))
        if m.cues:
            bullets = [para(runs_of(c), size, iw, colour=f.ink, bullet=True, indent_emu=pt_emu(size * 1.1), marker_colour=f.marker,
                            space_before_pt=round(size * 0.4)) for c in m.cues]
            bullets[0] = replace(bullets[0], space_before_pt=gap if out else 0)
            out += [replace(b, tag=("cue", k)) for k, b in enumerate(items(bullets))]
        if lay.cautions_in == "flow":  # the cautions the layout was made for (with the STOPs it took in)
            paras = caution_paras(self.f, self._own, iw, size)
            if paras:
                paras[0] = replace(paras[0], space_before_pt=gap if out else 0)
            out += _caution_blocks(paras, size, iw, f.L)
        if not m.cues:
            for k in range(len(m.stages)):
                out += self._stage(m, k, size, iw, first=not out)
        return out

    def _dose(self, m: Movement, size: float, iw: int) -> Para | None:
        f, L = self.f, self.f.L
        spans: list[Span] = []
        if m.repeat:
            spans += [Span(L("repeat"), bold=True, colour=f.accent_text), Span(" ")] + list(runs_of(m.repeat))
        for bit in (facts.sides_text(m, L), " ".join(m.duration.split()) if m.duration else None):
            if bit:
                spans += ([Span(" · ")] if spans else []) + [lit(bit)]
        return para(spans, max(size - 2, LABEL_PT), iw, colour=f.ink) if spans else None

    def _stage(self, m: Movement, k_stage: int, size: float, iw: int, first: bool) -> list[Block]:
        f, L = self.f, self.f.L
        stage = m.stages[k_stage]
        bits = []
        if stage.name:
            bits.append(plain_inline(stage.name))
        if stage.repeat:
            bits.append(L("repeat_value_lower" if bits else "repeat_value", value=" ".join(stage.repeat.split())))
        if not bits and len(m.stages) > 1:
            bits.append(L("steps"))  # plain steps after named parts: a heading of their own, so their numbers restart visibly
        gap = round(size * SECTION_GAP)
        out: list[Block] = []
        cont = None
        if bits:
            h = para([lit(" · ".join(bits), bold=True, colour=f.accent_text)], size, iw, colour=f.accent_text,
                     space_before_pt=0 if first else gap)
            cont_text = L("continued", title=plain_inline(stage.name)) if stage.name else " · ".join(bits)
            cont = para([lit(cont_text, bold=True, colour=f.accent_text)], size, iw, colour=f.accent_text)
            out.append(heading(h))
        widest = f"{len(stage.steps)}."
        indent = pt_emu(text_width_pt(widest, size, bold=True) + size * 0.6)
        steps = []
        for k, step in enumerate(stage.steps, start=1):
            spans = list(runs_of(step.text))
            if step.breath:
                spans += [Span(" "), Span("(" + facts.breath_word(step.breath, L) + ")", bold=True, colour=f.accent_text)]
            before = round(size * 0.35) if (k > 1 or bits) else (0 if first else gap)
            steps.append(para(spans, size, iw, colour=f.ink, number=k, indent_emu=indent, space_before_pt=before,
                              marker_colour=f.marker))
        return out + [replace(b, tag=(k_stage, k)) for k, b in enumerate(items(steps, head=cont), start=1)]

    # -- slides ------------------------------------------------------------------------------

    def _quality(self, m: Movement, lay: _Layout, size: float) -> tuple[int, int]:
        blocks = self._blocks(m, lay, size)
        return quality(blocks, inner_w(lay.tw), self._heights(lay, size)) if blocks else (0, 1)

    def _heights(self, lay: _Layout, size: float) -> list[int]:
        f = self.f
        base = f.bottom - lay.head.y - (lay.panel_h if lay.cautions_in == "text" else 0)
        first = base - (lay.qr_h if lay.qr_in == "text" else 0)
        floor = pt_emu(size * 3)
        return [max(first, floor), max(base, floor)]

    def _pages(self, m: Movement, lay: _Layout, size: float, balance: bool = True):
        heights = self._heights(lay, size)
        blocks = self._blocks(m, lay, size)
        if not blocks:
            return [[]]
        iw = inner_w(lay.tw)
        return paginate(blocks, iw, heights) if balance else Paginator(iw, heights).pages(blocks)

    def _place(self, m: Movement, lay: _Layout, pages, images, total: int) -> list[SlidePlan]:
        """The step slides (``total``: the movement's slides in all, for the titles' counter)."""
        f, L = self.f, self.f.L
        script = notes.movement(m, L)
        out = []
        # pictures alone in their column sit in its middle (a wide one is not a strip at its top);
        # with a video code or cautions under them, at its top, in the same place on every slide
        alone = lay.qr_in not in ("pic", "beside") and lay.cautions_in != "pic"
        for i, page in enumerate(pages):
            t = counter(m.name, i + 1, total)
            shapes = lay.head.shapes(t)
            if lay.pic:
                x, y, w, h = lay.pic
                below = (lay.qr_h if lay.qr_in == "pic" else 0) + (lay.panel_h if lay.cautions_in == "pic" else 0)
                if i == 0 and lay.qr_in == "beside":
                    below = max(inch(QR_IN), self._label_h(lay.extra_w - inch(QR_IN) - inch(0.2)) + GAP + lay.narrow_h) + GAP
                if below:
                    h = f.bottom - below - y
                shapes += f.pictures_in(images, (x, y, w, h), valign="middle" if alone else "top")
            body, _ = column(page, lay.tx, lay.head.y, lay.tw, inner_w(lay.tw))
            shapes += body
            if i == 0 and lay.qr_in == "beside":
                q = inch(QR_IN)
                x, w = lay.extra_x + q + inch(0.2), lay.extra_w - q - inch(0.2)
                y = f.bottom - max(q, self._label_h(w) + GAP + lay.narrow_h)
                shapes += self._qr(m, lay.extra_x, y, q + inch(0.2), caption=False)
                label = para([lit(L("deck_scan_video"), bold=True, colour=f.accent_text)], LABEL_PT, inner_w(w),
                             colour=f.accent_text)
                shapes.append(TextBox(x, y, w, box_height_emu([label]), (label,), role="video-caption"))
                shapes += self._panel(lay.narrow, x, f.bottom - lay.narrow_h, w, lay.narrow_h)
            elif lay.cautions_in in ("pic", "text"):
                x, w = (lay.extra_x, lay.extra_w) if lay.cautions_in == "pic" else (lay.tx, lay.tw)
                shapes += self._panel(lay.cautions, x, f.bottom - lay.panel_h + GAP, w, lay.panel_h - GAP)
            if i == 0 and lay.qr_in in ("pic", "text"):
                x, w = (lay.extra_x, lay.extra_w) if lay.qr_in == "pic" else (lay.tx, lay.tw)
                low = f.bottom - (lay.panel_h if lay.cautions_in == lay.qr_in else 0)
                shapes += self._qr(m, x, low - inch(QR_IN), w)
            note = script if i == 0 else notes.movement_continued(m, [b.tag for b in page], L)
            out.append(SlidePlan("movement", t, tuple(shapes), note, layout="picture" if images else "content"))
        return out

    def _panel(self, paras, x: int, y: int, w: int, h: int) -> list:
        f = self.f
        out = [] if f.geo.template else [Rect(x, y, w, h, theme.tint(f.accent, 0.9), "caution-panel")]
        return out + [TextBox(x + PAD, y + PAD, w - 2 * PAD, h - 2 * PAD, tuple(paras), role="movement-cautions")]

    def _qr(self, m: Movement, x: int, y: int, w: int, caption: bool = True) -> list:
        """The video's QR code (a click opens the video) with "Scan to watch the video" and the short address beside it."""
        f, L = self.f, self.f.L
        q = inch(QR_IN)
        cap_x = x + q + inch(0.2)
        cap_w = x + w - cap_x
        iw = inner_w(cap_w)
        shown = facts.short_url(m.video)
        label = para([lit(L("deck_scan_video"), bold=True, colour=f.accent_text)], LABEL_PT, iw, colour=f.accent_text)
        if not breaks_word((Span(shown, link=m.video),), LABEL_PT, emu_pt(iw)):
            link = para([Span(shown, link=m.video, colour=f.accent_text)], LABEL_PT, iw, colour=f.ink, space_before_pt=4)
        else:  # wider than the caption: plain text that may break after a "/", a line in reserve
            link = para([Span(shown, colour=f.accent_text, breaks_after="/")], LABEL_PT, iw, colour=f.ink, space_before_pt=4)
            link = replace(link, lines=link.lines + 1)
        paras = [label, link] if box_height_emu([label, link]) <= q else [label]
        if box_height_emu(paras) > q:
            paras = []
        shapes = [QRCode(x, y, q, m.video, alt=L("deck_video_alt", name=m.name), colour=f.ink or "#000000")]
        if paras and cap_w > inch(1) and caption:
            h = box_height_emu(paras)
            shapes.append(TextBox(cap_x, y + (q - h) // 2, cap_w, h, tuple(paras), role="video-caption"))
        return shapes


def _own(f: Frame, cautions) -> tuple:
    """Those of ``cautions`` that are not the program's (those are said on "Before we begin")."""
    return tuple(c for c in cautions if c not in f.p.cautions)


def _stops(f: Frame, cautions) -> tuple:
    """The program's titled STOPs among ``cautions``: given with a movement by title (see :func:`caution_paras`)."""
    return tuple(c for c in cautions if c in f.p.cautions and c.level == "stop" and c.title)


def caution_paras(f: Frame, cautions, iw: int, size: float = LABEL_PT) -> list[Para]:
    """The movement's own cautions in full; of the program-wide ones it names too (given once
    to the room on "Before we begin"), the STOPs, by title in one line pointing there, so what
    must stop a movement is in view while it is taught."""
    stops, own = _stops(f, cautions), _own(f, cautions)
    out = []
    if stops:
        a, _, b = f.L("caution_see", titles="\x00", section=f.L("before_we_begin")).partition("\x00")
        titles = [s for k, c in enumerate(stops) for s in ([Span(f.L("titles_separator"))] if k else []) + list(runs_of(c.title, bold=True))]
        out.append(para([*_level(f, stops[0]), Span(a), *titles, Span(b)], size, iw, colour=f.ink))
    for c in own:
        space = round(size * 0.3) if out else 0
        spans = _level(f, c)
        if c.title:
            spans += [*runs_of(c.title, bold=True), Span(". ")]
        out += prose_paras(f, c.text, size, iw, space=round(size * 0.3), lead=tuple(spans), first_space=space)
    return out


def _caution_blocks(paras: list[Para], size: float, iw: int, L) -> list[Block]:
    """Cautions in the column with the steps: each paragraph a block per sentence, joined again
    on a slide, so a caution moves to the next slide whole, or, longer than a slide, breaks
    between sentences (its level and title with its first sentence), never mid-sentence; a
    slide it goes on to opens with its level again ("■ Stop (continued)")."""
    out: list[Block] = []
    head = None
    for n, p in enumerate(paras, start=1):
        level = p.spans[0] if p.spans and p.spans[0].text[:1] in LEVEL_MARKERS.values() else None
        if level is not None:
            head = para([Span(L("continued", title=level.text), bold=True, colour=level.colour)], size, iw, colour=level.colour)
        sents = sentences(p.spans) if not p.bullet else [p.spans]
        while len(sents) > 1 and all(x.bold or not x.text.strip(" :.") for x in sents[0]):  # the level, the title
            sents[:2] = [merge(sents[0] + (Span(" "),) + sents[1])]
        if len(sents) == 1:
            out.append(Block(p, split=False, group=-n))
            continue
        for k, sent in enumerate(sents):
            q = replace(para(sent, size, iw, colour=p.colour), space_before_pt=p.space_before_pt if k == 0 else 0)
            out.append(Block(q, split=False, join=k > 0, group=-n, head=head if k else None))
    return out


def _level(f: Frame, c) -> list[Span]:
    """"■ STOP: " in the level's colour."""
    marker = LEVEL_MARKERS.get(c.level, LEVEL_MARKERS["caution"])
    return [Span(marker + " " + facts.level_word(c.level, f.L), bold=True, colour=f.level_colour(c.level)), Span(": ")]


def gallery_groups(m: Movement, per: int) -> list[tuple]:
    """A movement's every picture, in slides of up to ``per`` side by side (three, two on 4:3),
    when it has more than the two its step slides show; else none."""
    if len(m.images) <= 2:
        return []
    n = len(m.images)
    k = -(-n // per)
    sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]  # evened out: seven as 3, 2, 2
    starts = [sum(sizes[:i]) for i in range(k)]
    return [tuple(m.images[a:a + size]) for a, size in zip(starts, sizes)]
