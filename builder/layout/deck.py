"""Plan the workshop deck: slides -> shapes -> paragraphs, with every text measured to fit.

Pure planning: this module reads the :class:`~builder.model.Program` and returns a
:class:`DeckPlan` (positions in EMU, font sizes in points, speaker notes as plain text).
It never imports python-pptx; :mod:`builder.deck` turns the plan into a .pptx file.

Text is measured with Liberation Sans (Arial's metric twin, see :mod:`builder.fonts`)
and wrapped here, word by word (over-long words are broken by characters), so the
planner knows how many lines every paragraph takes at the size written in the file.
Line pitch is set explicitly (``line_pt``) and the renderer writes it as exact
spacing, so PowerPoint and LibreOffice lay out the same number of lines in the same
height. Content that does not fit becomes continuation slides ("Side Bend (2/3)").
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from ..model import markdown

from .. import theme
from ..compose import facts, labels_for
from ..compose.script import caution_line, movement_script, movement_tail, step_line
from ..fonts import DECK_METRIC_FILES, coverage, fallback_for
from ..model.markdown import BulletList, Paragraph
from ..errors import Loc
from ..images import ImageRequest
from ..model import Caution, Image, Movement, Program, Sequence
from .template import choose_layouts, content_bottom

# ----------------------------------------------------------------------------- units

EMU_PER_INCH = 914400
EMU_PER_PT = 12700
SLIDE_H_IN = 7.5
SLIDE_W_IN = {"16:9": 13.333, "4:3": 10.0}
IMAGE_PPI = 144  # a 16:9 slide shown 1920 px wide: 1920 / 13.333 in


def inch(v: float) -> int:
    """Inches to EMU."""
    return round(v * EMU_PER_INCH)


def pt_emu(v: float) -> int:
    """Points to EMU."""
    return round(v * EMU_PER_PT)


def emu_pt(v: int) -> float:
    """EMU to points."""
    return v / EMU_PER_PT


# ----------------------------------------------------------------------------- design numbers

FONT_NAME = "Arial"
MIN_PT = 20.0  # nothing on a slide is smaller
TITLE_SIZES = (40.0, 36.0, 32.0, 28.0)  # tried in order until the title takes at most 2 lines
COVER_TITLE_SIZES = (48.0, 44.0, 40.0, 36.0, 32.0, 28.0)
BODY_PT = 26.0  # steps, intro prose, bullets
SUMMARY_PT = 26.0
FACT_PT = 24.0
AGENDA_PT = 24.0
LABEL_PT = 20.0  # breath labels, caution level words, agenda section heads
SMALL_PT = 20.0  # disclaimer, thumbnail names
THUMB_MIN_IN = 0.6  # a sequence thumbnail alone on its slide shrinks to this height before its name is split
LINE = 1.2  # line pitch / font size (Arial's own single spacing is 1.15)
TITLE_LINE = 1.15

INK = theme.INK
MUTED = theme.MUTED
BACKGROUND = "#faf9f6"  # calm off-white
WHITE = "#ffffff"

MARGIN_X_IN = 0.7
MARGIN_TOP_IN = 0.45
MARGIN_BOTTOM_IN = 0.45
RULE_W_IN, RULE_H_IN = 1.4, 0.07  # the accent rule under every title
INSET_X_IN, INSET_Y_IN = 0.04, 0.02  # text-box insets the measurement accounts for
WIDTH_SAFETY = 0.98  # measure against 98% of the box width (kerning, renderer rounding)
HEIGHT_SLACK = 0.1  # extra height per box, in lines of its first paragraph


# ----------------------------------------------------------------------------- plan objects

@dataclass(frozen=True)
class Span:
    """A run of text in one style. ``text`` is the user's text, literally."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None  # "#rrggbb"; None: the paragraph's colour
    link: str | None = None  # hyperlink address: the run is measured as one unbreakable unit
    breaks_after: str = ""  # characters after which a line may also break (a URL shown as plain text: "/")


@dataclass(frozen=True)
class Para:
    """A paragraph: spans at ``size_pt`` with an exact line pitch of ``line_pt``."""

    spans: tuple[Span, ...]
    size_pt: float
    line_pt: float
    colour: str | None = INK
    align: str | None = "left"  # left | right | center; None: the template placeholder's own
    space_before_pt: float = 0.0  # ignored on the first paragraph of a box (never set there)
    bullet: bool = False  # a real bullet (a:buChar) hanging at ``indent_emu``
    indent_emu: int = 0
    lines: int = 1  # how many lines the planner measured

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def height_pt(self) -> float:
        return self.lines * self.line_pt


@dataclass(frozen=True)
class TextBox:
    """A text box at (x, y) with size (w, h), all in EMU; insets in EMU (l, t, r, b)."""

    x: int
    y: int
    w: int
    h: int
    paras: tuple[Para, ...]
    role: str = "text"
    anchor: str | None = "top"  # top | middle; None: the template placeholder's own
    insets: tuple[int, int, int, int] = (inch(INSET_X_IN), inch(INSET_Y_IN), inch(INSET_X_IN), inch(INSET_Y_IN))
    placeholder: str | None = None  # "title" | "subtitle": fill the layout's placeholder of that type (template decks)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)


@dataclass(frozen=True)
class Picture:
    """A picture letterboxed inside the box (x, y, w, h) in EMU: whole photo, never cropped."""

    x: int
    y: int
    w: int
    h: int
    image: Image
    role: str = "photo"
    valign: str = "middle"  # top | middle | bottom: where the letterboxed picture sits in its box

    @property
    def request_px(self) -> tuple[int, int]:
        """Pixel box to ask the image stage for (slide resolution, 144 ppi)."""
        return (max(1, math.ceil(self.w / EMU_PER_INCH * IMAGE_PPI)), max(1, math.ceil(self.h / EMU_PER_INCH * IMAGE_PPI)))

    def placed(self, w_px: float | None = None, h_px: float | None = None) -> tuple[int, int, int, int]:
        """The picture's own rectangle inside the box, centred, aspect kept (EMU)."""
        aspect = (w_px / h_px) if w_px and h_px else self.image.aspect
        if self.w / self.h > aspect:
            h = self.h
            w = round(h * aspect)
        else:
            w = self.w
            h = round(w / aspect)
        dy = {"top": 0, "middle": (self.h - h) // 2, "bottom": self.h - h}[self.valign]
        return (self.x + (self.w - w) // 2, self.y + dy, w, h)


@dataclass(frozen=True)
class Rect:
    """A filled rectangle (accent rule, caution bar, thumbnail stand-in), EMU."""

    x: int
    y: int
    w: int
    h: int
    fill: str
    role: str = "rule"


Shape = TextBox | Picture | Rect


@dataclass(frozen=True)
class SlidePlan:
    kind: str  # title | agenda | intro | cautions | movement | steps | sequence | closing
    title: str
    shapes: tuple[Shape, ...]
    notes: str = ""
    layout: str = "title_only"  # which template layout to use: "title" | "title_only"


@dataclass(frozen=True)
class Geometry:
    """Slide size and, for a user template, the title placeholder boxes (EMU)."""

    width: int
    height: int
    title_box: tuple[int, int, int, int] | None = None  # layout with a title placeholder
    cover_title_box: tuple[int, int, int, int] | None = None  # title-slide layout's ctrTitle (or title)
    cover_subtitle_box: tuple[int, int, int, int] | None = None  # title-slide layout's subTitle
    cover_align: str = "left"  # the subtitle placeholder's alignment (for the lines that continue below it)
    content_bottom: int | None = None  # lowest edge of the template's body placeholder (its footer lies below)
    template: bool = False

    @classmethod
    def for_aspect(cls, aspect: str) -> "Geometry":
        return cls(inch(SLIDE_W_IN.get(aspect, SLIDE_W_IN["16:9"])), inch(SLIDE_H_IN))


@dataclass(frozen=True)
class DeckPlan:
    width: int
    height: int
    slides: tuple[SlidePlan, ...]
    accent: str
    background: str | None
    title: str
    author: str
    subject: str
    language: str
    template: Path | None = None
    template_loc: Loc | None = None  # the `template:` line, for messages
    category: str = ""  # document properties: what the file is ("Workshop slides")
    comments: str = ""
    layouts: tuple[int, int] | None = None  # template decks: indices of the (title, title-only) layouts

    def pictures(self) -> list[Picture]:
        return [s for sl in self.slides for s in sl.shapes if isinstance(s, Picture)]

    def image_requests(self) -> list[ImageRequest]:
        """The pictures the deck needs, once each (see :func:`image_request`)."""
        return list(dict.fromkeys(image_request(pic) for pic in self.pictures()))


def image_request(pic: Picture) -> ImageRequest:
    """What the deck asks of the image stage for a picture: its box at slide resolution, or a
    print-sized variant of up to twice that (pictures are placed by box, so either fits)."""
    return ImageRequest(pic.image.path, *pic.request_px, oversample=2.0)


# ----------------------------------------------------------------------------- measuring

_REF = 200  # fonts are loaded at this pixel size; lengths scale linearly


@lru_cache(maxsize=None)
def _font(bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
    key = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}[(bold, italic)]
    return ImageFont.truetype(str(DECK_METRIC_FILES[key]), _REF, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=65536)
def _length_ref(text: str, bold: bool, italic: bool) -> float:
    if text.isascii():
        return _font(bold, italic).getlength(text)
    # A character Arial lacks is drawn by PowerPoint or LibreOffice in a substitute font:
    # measure it in the fallback font the print outputs use, or, wanting one, as a full
    # em if it is a wide (East Asian) character. Never as the narrower missing-glyph box.
    cov = coverage(DECK_METRIC_FILES["regular"])
    total, plain = 0.0, []
    for ch in text:
        if ord(ch) in cov or ch.isspace():
            plain.append(ch)
            continue
        total += _substitute_ref(ch)
    return total + (_font(bold, italic).getlength("".join(plain)) if plain else 0.0)


@lru_cache(maxsize=None)
def _fallback_font(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), _REF, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=4096)
def _substitute_ref(ch: str) -> float:
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0  # combining marks (Thai vowels and tones...) and format characters take no width
    found = fallback_for(ch)
    width = _fallback_font(found[1]).getlength(ch) if found else _font(False, False).getlength(ch)
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        width = max(width, float(_REF))
    return width


def text_width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Advance width of ``text`` set in Arial (measured with Liberation Sans) at ``size_pt``."""
    return _length_ref(text, bold, italic) * size_pt / _REF


@dataclass(frozen=True)
class _Token:
    """A word: styled pieces with no space inside; ``space`` says a space came before it."""

    pieces: tuple[Span, ...]
    space: bool

    def width(self, size: float) -> float:
        return sum(text_width_pt(p.text, size, p.bold, p.italic) for p in self.pieces)


def _tokens(spans: tuple[Span, ...]) -> list[_Token]:
    """Words, plus a break opportunity after a hyphen between letters ("Lower-|Back"), as PowerPoint has.

    A hyperlink run is one unbreakable piece: LibreOffice and PowerPoint do not break a
    line inside it (LibreOffice breaks it by characters only when it is wider than the
    whole line), so the planner must never count on a break inside it either.
    """
    out: list[_Token] = []
    cur: list[Span] = []
    space = False
    flat = "".join(s.text for s in spans)
    pos = 0
    for span in spans:
        if span.link:
            pos += len(span.text)
            if span.text:
                cur.append(span)
            continue
        buf = ""
        for ch in span.text:
            pos += 1
            nxt = flat[pos : pos + 1]
            if (ch == "-" and buf[-1:].isalpha() and nxt.isalpha()) or (ch in span.breaks_after and nxt and not nxt.isspace()):
                cur.append(replace(span, text=buf + ch))
                buf = ""
                out.append(_Token(tuple(cur), space))
                cur, space = [], False
                continue
            if ch.isspace():
                if buf:
                    cur.append(replace(span, text=buf))
                    buf = ""
                if cur:
                    out.append(_Token(tuple(cur), space))
                    cur = []
                space = True
            else:
                buf += ch
        if buf:
            cur.append(replace(span, text=buf))
    if cur:
        out.append(_Token(tuple(cur), space))
    if out:
        out[0] = _Token(out[0].pieces, False)
    return out


def _break_token(tok: _Token, size: float, width: float) -> list[_Token]:
    """Split an over-long word into chunks that each fit ``width``, character by character."""
    chars = [(replace(p, text=c)) for p in tok.pieces for c in p.text]
    chunks: list[_Token] = []
    cur: list[Span] = []
    w = 0.0
    for c in chars:
        cw = text_width_pt(c.text, size, c.bold, c.italic)
        if cur and w + cw > width:
            chunks.append(_Token(_merge(cur), tok.space if not chunks else False))
            cur, w = [], 0.0
        cur.append(c)
        w += cw
    if cur:
        chunks.append(_Token(_merge(cur), tok.space if not chunks else False))
    return chunks


def _merge(spans: list[Span] | tuple[Span, ...]) -> tuple[Span, ...]:
    out: list[Span] = []
    for s in spans:
        if out and (out[-1].bold, out[-1].italic, out[-1].colour, out[-1].link, out[-1].breaks_after) == (
                s.bold, s.italic, s.colour, s.link, s.breaks_after):
            out[-1] = replace(out[-1], text=out[-1].text + s.text)
        elif s.text:
            out.append(s)
    return tuple(out)


def wrap(spans: tuple[Span, ...], size_pt: float, width_pt: float) -> list[list[_Token]]:
    """Greedy word wrap, as PowerPoint does it; over-long words break by characters."""
    width = width_pt * WIDTH_SAFETY
    lines: list[list[_Token]] = []
    line: list[_Token] = []
    w = 0.0
    for tok in _tokens(spans):
        tw = tok.width(size_pt)
        sw = text_width_pt(" ", size_pt, tok.pieces[0].bold, tok.pieces[0].italic) if line and tok.space else 0.0
        if line and w + sw + tw <= width:
            line.append(tok)
            w += sw + tw
            continue
        if line:
            lines.append(line)
            line, w = [], 0.0
        if tw <= width:
            line, w = [tok], tw
        else:
            chunks = _break_token(tok, size_pt, width)
            lines.extend([c] for c in chunks[:-1])
            line, w = [chunks[-1]], chunks[-1].width(size_pt)
    if line:
        lines.append(line)
    return lines or [[]]


def _ambiguous(p: Para, width_emu: int) -> bool:
    """True if ``p`` takes fewer lines when the width may be off by the safety margin either way.

    Within that margin a renderer may set the text on fewer lines than the plan (a title
    planned on two lines shown on one leaves a gap above its rule): a title there is better
    one size smaller, where both agree.
    """
    loose = len(wrap(p.spans, p.size_pt, emu_pt(width_emu - p.indent_emu) * (2 - WIDTH_SAFETY) / WIDTH_SAFETY))
    return loose < p.lines


def _breaks_word(spans: tuple[Span, ...], size_pt: float, width_pt: float) -> bool:
    """True if some word of ``spans`` is wider than the line and would be broken inside it."""
    width = width_pt * WIDTH_SAFETY
    return any(tok.width(size_pt) > width for tok in _tokens(spans))


def _spans_of(lines: list[list[_Token]]) -> tuple[Span, ...]:
    out: list[Span] = []
    first = True
    for line in lines:
        for tok in line:
            if tok.space and not first:
                out.append(replace(tok.pieces[0], text=" ", link=None))  # the space before a link is not part of it
            out.extend(tok.pieces)
            first = False
    return _merge(out)


def para(spans, size_pt: float, width_emu: int, **kw) -> Para:
    """A measured paragraph for a box whose inner width is ``width_emu`` (insets already taken off)."""
    spans = _merge(tuple(spans))
    line_pt = kw.pop("line_pt", round(size_pt * LINE, 2))
    indent = kw.get("indent_emu", 0)
    n = len(wrap(spans, size_pt, emu_pt(width_emu - indent)))
    return Para(spans=spans, size_pt=size_pt, line_pt=line_pt, lines=n, **kw)


def split_para(p: Para, width_emu: int, first_lines: int) -> tuple[Para, Para]:
    """Split a paragraph after ``first_lines`` lines (for continuation slides)."""
    lines = wrap(p.spans, p.size_pt, emu_pt(width_emu - p.indent_emu))
    a = replace(p, spans=_spans_of(lines[:first_lines]), lines=first_lines)
    b = replace(p, spans=_spans_of(lines[first_lines:]), lines=len(lines) - first_lines, space_before_pt=0.0)
    return a, b


def box_height_emu(paras: tuple[Para, ...] | list[Para]) -> int:
    """Height a text box needs for ``paras``, insets and a little slack included."""
    if not paras:
        return 0
    h = sum(p.height_pt for p in paras) + sum(p.space_before_pt for p in paras[1:])
    h += paras[0].line_pt * HEIGHT_SLACK
    return pt_emu(h) + 2 * inch(INSET_Y_IN)


PH_INSETS = (inch(0.1), inch(0.05), inch(0.1), inch(0.05))  # a template placeholder's own insets (PowerPoint's defaults)


def ph_height_emu(paras: tuple[Para, ...] | list[Para]) -> int:
    """Height a template placeholder (insets :data:`PH_INSETS`) needs for ``paras``."""
    if not paras:
        return 0
    return box_height_emu(paras) - 2 * inch(INSET_Y_IN) + PH_INSETS[1] + PH_INSETS[3]


def inner_w(w_emu: int) -> int:
    return w_emu - 2 * inch(INSET_X_IN)


def runs_of(text: str | None, colour: str | None = None) -> tuple[Span, ...]:
    """One line of prose (its **bold**/*italic* interpreted, everything else literal)."""
    return tuple(Span(r.text, r.bold, r.italic, colour) for r in markdown.inline(" ".join((text or "").split())))


def lit(text: str | None, bold: bool = False, italic: bool = False, colour: str | None = None) -> Span:
    """A span with the text exactly as typed, whitespace collapsed, no markup interpreted."""
    return Span(" ".join((text or "").split()), bold, italic, colour)


# ----------------------------------------------------------------------------- formatting helpers

def remeasure(p: Para, width_emu: int) -> Para:
    """The same paragraph measured for another width."""
    return replace(p, lines=len(wrap(p.spans, p.size_pt, emu_pt(width_emu - p.indent_emu))))


def _remaining(paras: list[Para], first_page: list[Para], width_emu: int) -> list[Para]:
    """What is left of ``paras`` after ``first_page`` (whose last paragraph may be a split part)."""
    n = len(first_page)
    last = first_page[-1]
    src = paras[n - 1]
    if last.lines == src.lines:
        return list(paras[n:])
    _, rest = split_para(src, width_emu, last.lines)
    return [rest] + list(paras[n:])


def counter(title: str, i: int, n: int) -> str:
    return title if n <= 1 else f"{title} ({i}/{n})"


_COUNTER_RESERVE = " (88/88)"  # Arial digits share one width: reserves room for any i/n below 100


# ----------------------------------------------------------------------------- the planner

class Planner:
    """Plans one program's deck for one slide geometry."""

    def __init__(self, program: Program, geo: Geometry):
        self.p = program
        self.geo = geo
        self.accent = program.theme.accent
        self.L = labels_for(program)
        self.W, self.H = geo.width, geo.height
        self.mx = inch(MARGIN_X_IN)
        self.top = inch(MARGIN_TOP_IN)
        self.bottom = self.H - inch(MARGIN_BOTTOM_IN)
        self.cw = self.W - 2 * self.mx  # content width
        if geo.title_box:
            # A template's content lines up with the text of its title placeholder (whose insets
            # are 0.1 in; ours are INSET_X_IN) and ends above its footer.
            tx, _, tw, _ = geo.title_box
            self.mx = tx + inch(0.1) - inch(INSET_X_IN)
            self.cw = tw - 2 * (inch(0.1) - inch(INSET_X_IN))
        if geo.content_bottom:
            self.bottom = min(self.bottom, geo.content_bottom)
        self.right = self.mx + self.cw
        self.ink = None if geo.template else INK
        self.muted = None if geo.template else MUTED

    # -- titles ------------------------------------------------------------------

    def _title(self, text: str, x: int, w: int, reserve: str = "") -> "Head":
        """A title box (40 pt, smaller only if needed to stay within two lines) with its accent rule.

        ``reserve`` measures the title with room for a counter such as " (12/15)" after it.
        """
        if self.geo.title_box and x == self.mx and w == self.cw:
            return self._placeholder_title(text, self.geo.title_box, "title", reserve)
        iw = inner_w(w)
        measure = [lit(text + reserve, bold=True)]
        for k, size in enumerate(TITLE_SIZES):
            p = para(measure, size, iw, line_pt=round(size * TITLE_LINE, 2), colour=self.ink)
            if p.lines <= 2 and not (k + 1 < len(TITLE_SIZES) and _ambiguous(p, iw)):
                break
        p = replace(p, spans=(lit(text, bold=True),))
        box = TextBox(x, self.top, w, box_height_emu([p]), (p,), role="title")
        rule_y = box.y + box.h + inch(0.06)
        rule = Rect(x + inch(INSET_X_IN), rule_y, inch(RULE_W_IN), inch(RULE_H_IN), self.accent, "rule")
        return Head(box, (rule,), rule_y + inch(RULE_H_IN) + inch(0.25))

    def _placeholder_title(self, text: str, ph: tuple[int, int, int, int], kind: str, reserve: str = "") -> "Head":
        """The template's own title placeholder, measured: the title shrinks (not below 20 pt) to fit its box."""
        x, y, w, h = ph
        # Template placeholders keep their own insets (0.1 in / 0.05 in by default).
        insets = PH_INSETS
        iw = w - insets[0] - insets[2]
        sizes = TITLE_SIZES + (24.0, 20.0)
        for size in sizes:
            p = para([lit(text + reserve, bold=True)], size, iw, line_pt=round(size * TITLE_LINE, 2), colour=None)
            need = pt_emu(p.height_pt + p.line_pt * HEIGHT_SLACK) + insets[1] + insets[3]
            if need <= h:
                break
        p = replace(p, spans=(lit(text, bold=True),))
        need = pt_emu(p.height_pt + p.line_pt * HEIGHT_SLACK) + insets[1] + insets[3]
        h = max(h, need)
        box = TextBox(x, y, w, h, (p,), role="title", anchor="middle", insets=insets, placeholder=kind)
        return Head(box, (), y + h + inch(0.25))

    def _titled(self, title: str, x: int, w: int, make):
        """Title + pages: ``make(y)`` paginates the content starting at ``y``.

        With more than one page the title is measured again with its real counter
        (" (2/3)") so the content starts below however many lines that takes.
        """
        head = self._title(title, x, w)
        pages = make(head.y)
        n = 1
        for _ in range(3):
            if len(pages) == n:
                break
            n = len(pages)
            head = self._title(title, x, w, reserve=f" ({n}/{n})")
            pages = make(head.y)
        else:
            head = self._title(title, x, w, reserve=_COUNTER_RESERVE)
            pages = make(head.y)
        if len(pages) == 1 and n != 1:
            # The counter's reserve is not needed after all: measure the title as it is shown,
            # so a one-line title does not keep a two-line box (a gap above the rule).
            plain = self._title(title, x, w)
            again = make(plain.y)
            if len(again) == 1:
                return plain, again
        return head, pages

    def _subtitle(self, text: str, x: int, y: int, w: int) -> tuple[TextBox | None, int]:
        if not text:
            return None, y
        p = para([lit(text, bold=True, colour=self.accent)], FACT_PT, inner_w(w), colour=self.accent)
        box = TextBox(x, y, w, box_height_emu([p]), (p,), role="subtitle")
        return box, y + box.h + inch(0.15)

    # -- flowing paragraphs into a column -------------------------------------------

    def _flow(self, paras: list[Para], width: int, heights: list[int]) -> list[list[Para]]:
        """Pages of paragraphs: page i gets ``heights[min(i, -1)]`` EMU; long paragraphs split by lines."""
        pages: list[list[Para]] = [[]]
        todo = list(paras)
        used = 0
        while todo:
            p = todo.pop(0)
            avail = heights[min(len(pages) - 1, len(heights) - 1)]
            page = pages[-1]
            if page:
                p_h = pt_emu(p.height_pt + p.space_before_pt)
            else:
                p = replace(p, space_before_pt=0.0)
                p_h = pt_emu(p.height_pt)
            extra = pt_emu(p.line_pt * HEIGHT_SLACK) + 2 * inch(INSET_Y_IN)
            if used + p_h + extra <= avail:
                page.append(p)
                used += p_h
                continue
            # Lines that still fit here; keep at least 2 lines together on each side.
            room = avail - used - extra - (pt_emu(p.space_before_pt) if page else 0)
            fit = int(room // pt_emu(p.line_pt)) if room > 0 else 0
            if p.lines >= 4 and fit >= 2 and p.lines - fit >= 2:
                a, b = split_para(p, width, fit)
                page.append(a)
                todo.insert(0, b)
            elif not page:
                # Taller than an empty page: split wherever it must (at least one line).
                fit = max(1, fit)
                if p.lines - fit == 1 and fit > 2:
                    fit -= 1  # no single orphan line at the top of the next slide
                if fit >= p.lines:
                    page.append(p)
                    used += p_h
                    continue
                a, b = split_para(p, width, fit)
                page.append(a)
                todo.insert(0, b)
            else:
                todo.insert(0, p)
            pages.append([])
            used = 0
        return [pg for pg in pages if pg] or [[]]

    def _balanced_flow(self, paras: list[Para], width: int, height: int) -> list[list[Para]]:
        """Like :meth:`_flow` but evens out the pages: no lonely last slide."""
        pages = self._flow(paras, width, [height])
        if len(pages) <= 1:
            return pages
        best = pages
        lo = height // 2
        for frac in range(95, 49, -5):
            h = height * frac // 100
            if h < lo:
                break
            trial = self._flow(paras, width, [h])
            if len(trial) == len(pages):
                best = trial
            else:
                break
        return best

    # -- rows (steps, cautions, agenda) -----------------------------------------------

    def _paginate_rows(self, rows: list["Row"], height: int, gap: int) -> list[list["Row"]]:
        pages: list[list[Row]] = [[]]
        used = 0
        todo = list(rows)
        while todo:
            r = todo.pop(0)
            need = r.height + (gap + r.gap_before if pages[-1] else 0)
            if used + need <= height:
                pages[-1].append(r)
                used += need
                continue
            if pages[-1]:
                pages.append([])
                used = 0
                todo.insert(0, r)
                continue
            # Too tall for an empty page: split its main cell by lines.
            a, b = r.split(height)
            pages[-1].append(a)
            pages.append([])
            used = 0
            todo.insert(0, b)
        # A heading row must not end a page.
        for i in range(len(pages) - 1):
            while pages[i] and pages[i][-1].heading and len(pages[i]) > 1:
                pages[i + 1].insert(0, pages[i].pop())
        return [pg for pg in pages if pg]

    @staticmethod
    def _continued_headings(pages: list[list["Row"]], height: int, gap: int) -> list[list["Row"]]:
        """A page that continues a section starts with its heading again, where it fits."""
        for k in range(1, len(pages)):
            pg = pages[k]
            first = pg[0]
            if first.heading or first.continued is None:
                continue
            used = sum(r.height for r in pg) + sum(gap + r.gap_before for r in pg[1:])
            if first.continued.height + gap + first.gap_before + used <= height:
                pages[k] = [first.continued] + pg
        return pages

    def _balanced_rows(self, rows: list["Row"], height: int, gap: int) -> list[list["Row"]]:
        pages = self._paginate_rows(rows, height, gap)
        if len(pages) <= 1:
            return pages
        best = pages
        for frac in range(95, 49, -5):
            trial = self._paginate_rows(rows, height * frac // 100, gap)
            if len(trial) == len(pages) and all(sum(r.height for r in pg) <= height for pg in trial):
                best = trial
            else:
                break
        return self._continued_headings(best, height, gap)

    # -- slide kinds ----------------------------------------------------------------

    def plan(self) -> DeckPlan:
        p = self.p
        slides: list[SlidePlan] = []
        slides += self.title_slides()
        slides += self.agenda_slides()
        for s in p.intro:
            slides += self.intro_slides(s)
        if p.cautions:
            slides += self.caution_slides(p.cautions, self.L("before_we_begin"), self._cautions_notes(p.cautions))
        for m in p.movements:
            slides += self.movement_slides(m)
        for q in p.sequences:
            slides += self.sequence_slides(q)
        slides += self.closing_slides()
        return DeckPlan(
            width=self.W,
            height=self.H,
            slides=tuple(slides),
            accent=self.accent,
            background=None if self.geo.template else BACKGROUND,
            title=p.title,
            author=p.author or p.organisation or "",
            subject=markdown.plain_inline(p.subtitle) if p.subtitle else self.L("workshop_slides"),
            language=p.language,
            template=p.deck.template,
            template_loc=p.deck.template_loc,
            category=self.L("workshop_slides"),
            comments=self.L("made_with"),
        )

    # title slide
    def _cover_paras(self, w: int, scale: float) -> list[Para]:
        p = self.p
        iw = inner_w(w)
        t_size = max(28.0, round(COVER_TITLE_SIZES[0] * scale))
        paras = [para([lit(p.title, bold=True)], t_size, iw, line_pt=round(t_size * TITLE_LINE, 2), colour=self.ink)]
        if p.subtitle:
            paras.append(para(runs_of(p.subtitle), max(MIN_PT, round(28 * scale)), iw, colour=self.muted, space_before_pt=18))
        who = [x for x in (p.author, p.organisation) if x]
        for i, line in enumerate(who):
            paras.append(para([lit(line, bold=i == 0, colour=self.accent if i == 0 else None)], max(MIN_PT, round(24 * scale)), iw,
                              colour=self.ink, space_before_pt=30 if i == 0 else 4))
        if p.edition:
            paras.append(para([lit(p.edition)], MIN_PT, iw, colour=self.muted, space_before_pt=12))
        return paras

    def _cover_notes(self) -> str:
        p = self.p
        L = self.L
        notes = [L("note_welcome", title=p.title)]
        if p.subtitle:
            notes.append(markdown.plain(p.subtitle))
        who = L("list_separator").join(x for x in (p.author, p.organisation) if x)
        if who:
            notes.append(L("note_presented_by", who=who))
        if p.duration_minutes:
            notes.append(L("note_total_time", time=facts.about(p.duration_minutes, L)))
        return "\n\n".join(notes)

    def _cover_sub_paras(self, iw: int, scale: float) -> list[Para]:
        """Subtitle, author, organisation and edition for a template's subtitle placeholder (its own alignment)."""
        p = self.p
        paras = []
        if p.subtitle:
            paras.append(para(runs_of(p.subtitle), max(MIN_PT, round(28 * scale)), iw, colour=self.muted, align=None))
        who = [x for x in (p.author, p.organisation) if x]
        for i, line in enumerate(who):
            paras.append(para([lit(line, bold=i == 0, colour=self.accent if i == 0 else None)], max(MIN_PT, round(24 * scale)), iw,
                              colour=self.ink, align=None, space_before_pt=(12 if i == 0 else 2) if paras else 0))
        if p.edition:
            paras.append(para([lit(p.edition)], MIN_PT, iw, colour=self.muted, align=None, space_before_pt=6 if paras else 0))
        return paras

    def _template_cover(self) -> list[SlidePlan]:
        """The title slide on a template's title layout: its title and subtitle placeholders, measured.

        The title shrinks (not below 20 pt) to fit its placeholder; a title too long even at
        20 pt makes the placeholder taller (the subtitle placeholder moves down if it was
        below it). Subtitle, author, organisation and edition fill the subtitle placeholder,
        smaller (not below 20 pt) and then taller down to the free area's bottom if needed.
        Lines that still do not fit go into a measured text box below the placeholders if
        there is room, then onto continuation slides. With nothing left over and room below,
        the cover picture goes under the placeholders.
        """
        p = self.p
        tx, ty, tw, th = self.geo.cover_title_box
        sx, sy, sw, sh = self.geo.cover_subtitle_box
        t_iw = tw - PH_INSETS[0] - PH_INSETS[2]
        s_iw = sw - PH_INSETS[0] - PH_INSETS[2]
        limit = min(self.H, max(self.bottom, ty + th, sy + sh))  # the layout's own boxes are trusted
        gap = inch(0.1)
        rest: list[Para] = []
        for size in COVER_TITLE_SIZES + (24.0, MIN_PT):
            tp = para([lit(p.title, bold=True)], size, t_iw, line_pt=round(size * TITLE_LINE, 2), colour=self.ink, align=None)
            if ph_height_emu([tp]) <= th:
                break
        t_h = max(th, ph_height_emu([tp]))
        if t_h > limit - ty:  # too long even for a taller placeholder: the rest continues below
            fit = tp.lines - 1
            while fit > 1 and ph_height_emu([replace(tp, lines=fit)]) > limit - ty:
                fit -= 1
            if fit >= 1:
                tp, more = split_para(tp, t_iw, fit)
                rest.append(more)
            t_h = ph_height_emu([tp])
        title = TextBox(tx, ty, tw, t_h, (tp,), role="title", anchor=None, insets=PH_INSETS, placeholder="title")
        # The subtitle placeholder moves below a title that grew over it.
        s_y = sy
        if sx < tx + tw and tx < sx + sw and sy < ty + t_h and ty < sy + sh:
            s_y = ty + t_h + gap
        s_h = min(sh, limit - s_y)
        for scale in (1.0, 0.9, 0.8, 0.7):
            sub = self._cover_sub_paras(s_iw, scale)
            if ph_height_emu(sub) <= s_h:
                break
        # Still too tall at the smallest size: the placeholder grows down to the free area's bottom.
        s_h = max(s_h, min(ph_height_emu(sub), self.bottom - s_y))
        sub_in: list[Para] = sub
        if sub and ph_height_emu(sub) > s_h:
            sub_in = self._flow(sub, s_iw, [s_h - PH_INSETS[1] - PH_INSETS[3] + 2 * inch(INSET_Y_IN)])[0]
            if not sub_in or ph_height_emu(sub_in) > s_h:
                sub_in = []
            rest += _remaining(sub, sub_in, s_iw) if sub_in else sub
        shapes: list[Shape] = [title]
        low = ty + t_h
        if sub_in:
            shapes.append(TextBox(sx, s_y, sw, s_h, tuple(sub_in), role="subtitle", anchor=None, insets=PH_INSETS, placeholder="subtitle"))
            low = max(low, s_y + s_h)
        y0 = low + gap
        free = self.bottom - y0
        pages: list[list[Para]] = [[]]
        if rest:
            iw = inner_w(sw)
            rest = [remeasure(replace(q, align=self.geo.cover_align), iw) for q in rest]
            full = self.bottom - self.top
            one = pt_emu(rest[0].line_pt * (1 + HEIGHT_SLACK)) + 2 * inch(INSET_Y_IN)
            if free >= one:
                pages = self._flow(rest, iw, [free, full])
            else:
                pages = [[]] + self._flow(rest, iw, [full])
            if pages[0]:
                shapes.append(TextBox(sx, y0, sw, box_height_emu(pages[0]), tuple(pages[0]), role="cover-text"))
        elif p.cover_image is not None and free >= inch(1.5):
            shapes.append(Picture(sx, y0, sw, free, p.cover_image, "cover", valign="top"))
        notes = self._cover_notes()
        out = [SlidePlan("title", p.title, tuple(shapes), notes, layout="title")]
        for page in pages[1:]:
            h = box_height_emu(page)
            box = TextBox(sx, self.top + max(0, (self.bottom - self.top - h) // 2), sw, h, tuple(page), role="cover-text")
            out.append(SlidePlan("title", p.title, (box,), notes, layout="title"))
        return out

    def title_slides(self) -> list[SlidePlan]:
        if self.geo.cover_title_box and self.geo.cover_subtitle_box:
            return self._template_cover()
        p = self.p
        bar = 0 if self.geo.template else inch(0.28)
        x = self.mx + bar
        full_w = self.right - x
        height = self.bottom - self.top
        # Try the cover picture at 42% of the width, then 30%, then without it (big text first).
        pic_fracs = (0.42, 0.3, 0.0) if p.cover_image is not None else (0.0,)
        chosen = None
        for frac in pic_fracs:
            pic_w = round(full_w * frac)
            w = full_w - (pic_w + inch(0.5) if pic_w else 0)
            for scale in (1.0, 0.9, 0.8, 0.7):
                paras = self._cover_paras(w, scale)
                if box_height_emu(paras) <= height:
                    chosen = (pic_w, w, paras)
                    break
            if chosen:
                break
        if chosen is None:
            chosen = (0, full_w, self._cover_paras(full_w, 0.7))
        pic_w, w, paras = chosen
        shapes: list[Shape] = []
        if bar:
            shapes.append(Rect(0, 0, bar, self.H, self.accent, "bar"))
        if pic_w:
            shapes.append(Picture(self.right - pic_w, self.top, pic_w, height, p.cover_image, "cover"))
        pages = self._flow(paras, inner_w(w), [height])
        notes = self._cover_notes()
        out = []
        for i, page in enumerate(pages):
            h = box_height_emu(page)
            box = TextBox(x, self.top + max(0, (height - h) // 2), w, h, tuple(page), role="cover-text")
            shp = shapes if i == 0 else shapes[:1] if bar else []
            out.append(SlidePlan("title", p.title, tuple(shp + [box]), notes, layout="title"))
        return out

    # agenda
    def agenda_slides(self) -> list[SlidePlan]:
        p = self.p
        rows: list[Row] = []
        dur_w = inch(2.6)
        name_w = self.cw - dur_w - inch(0.3)

        section: list[Row | None] = [None]  # the heading the next items continue

        def heading_row(text: str, gap_before: int) -> Row:
            return Row([Cell(0, self.cw, [para([lit(text.upper(), bold=True)], LABEL_PT, inner_w(self.cw), colour=self.accent)], "agenda-head")],
                       heading=True, gap_before=gap_before)

        def head(text: str) -> None:
            rows.append(heading_row(text, inch(0.14) if rows else 0))
            section[0] = heading_row(self.L("continued", title=text), 0)

        def item(name: str, dur: str, bold: bool = False) -> None:
            cells = [Cell(0, name_w, [para([lit(name, bold=bold)], AGENDA_PT, inner_w(name_w), colour=self.ink)], "agenda-item", main=True)]
            if dur:
                cells.append(Cell(self.cw - dur_w, dur_w, [para([lit(dur, bold=bold)], AGENDA_PT, inner_w(dur_w), colour=self.ink, align="right")], "agenda-time"))
            rows.append(Row(cells, continued=section[0]))

        L = self.L
        if p.intro or p.cautions:
            head(L("introduction"))
            for s in p.intro:
                item(markdown.plain_inline(s.heading), "")
            if p.cautions:
                item(L("before_we_begin_agenda"), "")
        if p.movements:
            head(L("movements"))
            for m in p.movements:
                item(m.name, " ".join((m.duration or "").split()))
        if p.sequences:
            head(L("sequences"))
            for q in p.sequences:
                item(q.name, facts.about(q.duration_minutes, L) if q.duration_minutes else "")
        if p.duration_minutes:
            rows.append(Row([], rule=True, gap_before=inch(0.1)))
            section[0] = None
            item(L("total_movement_time"), facts.about(p.duration_minutes, L), bold=True)
        notes = [L("note_agenda")]
        for s in p.intro:
            notes.append(f"- {markdown.plain_inline(s.heading)}")
        for m in p.movements:
            notes.append(f"- {m.name}" + (f": {m.duration}" if m.duration else ""))
        for q in p.sequences:
            notes.append("- " + L("note_sequence_item", name=q.name) + (f": {facts.about(q.duration_minutes, L)}" if q.duration_minutes else ""))
        if p.duration_minutes:
            notes.append(L("note_total_movement_time", time=facts.about(p.duration_minutes, L)))
        return self._row_slides("agenda", L("agenda"), "", rows, "\n".join(notes), gap=inch(0.06))

    def _row_slides(self, kind: str, title: str, subtitle: str, rows: list["Row"], notes: str, gap: int) -> list[SlidePlan]:
        """Slides of rows under a title, as many as the rows need."""
        def make(y):
            sbox, y2 = self._subtitle(subtitle, self.mx, y, self.cw)
            return [(sbox, y2, pg) for pg in (self._balanced_rows(rows, self.bottom - y2, gap) if rows else [[]])]

        head, pages = self._titled(title, self.mx, self.cw, make)
        out = []
        for i, (sbox, y, page) in enumerate(pages):
            t = counter(title, i + 1, len(pages))
            shapes: list[Shape] = head.shapes(t) + ([sbox] if sbox else [])
            shapes += self._place_rows(page, y, gap)
            out.append(SlidePlan(kind, t, tuple(shapes), notes))
        return out

    def _place_rows(self, page: list["Row"], y: int, gap: int) -> list[Shape]:
        shapes: list[Shape] = []
        for j, r in enumerate(page):
            if j:
                y += gap + r.gap_before
            shapes += r.shapes(self.mx, y, self.accent)
            y += r.height
        return shapes

    # intro sections
    def intro_slides(self, s) -> list[SlidePlan]:
        heading = markdown.plain_inline(s.heading)
        pic_w = round(self.cw * 0.38) if s.image is not None else 0
        narrow = self.cw - pic_w - inch(0.4) if pic_w else self.cw

        def make(y):
            height = self.bottom - y
            paras = self._prose(s.text, BODY_PT, inner_w(narrow))
            if not paras:
                return [[]]
            pages = self._balanced_flow(paras, inner_w(narrow), height)
            if pic_w and len(pages) > 1:
                # Only the first slide has the picture: later slides use the full width.
                first = self._flow(paras, inner_w(narrow), [height])[0]
                rest = _remaining(paras, first, inner_w(narrow))
                rest = [remeasure(q, inner_w(self.cw)) for q in rest]
                pages = [first] + self._balanced_flow(rest, inner_w(self.cw), height)
            return pages

        head, pages = self._titled(heading, self.mx, self.cw, make)
        notes = []
        if s.notes:
            notes.append(markdown.plain(s.notes))
        if s.text:
            notes.append(self.L("note_on_the_slide") + "\n" + markdown.plain(s.text))
        out = []
        for i, page in enumerate(pages):
            t = counter(heading, i + 1, len(pages))
            shapes: list[Shape] = head.shapes(t)
            w = narrow if i == 0 else self.cw
            if page:
                shapes.append(TextBox(self.mx, head.y, w, box_height_emu(page), tuple(page), role="body"))
            if pic_w and i == 0:
                shapes.append(Picture(self.mx + self.cw - pic_w, head.y, pic_w, self.bottom - head.y, s.image, "section-image", valign="top"))
            out.append(SlidePlan("intro", t, tuple(shapes), "\n\n".join(notes)))
        return out

    def _prose(self, text: str | None, size: float, width: int) -> list[Para]:
        """Markdown blocks as measured paragraphs: lists become real bullets."""
        out: list[Para] = []
        gap = round(size * 0.55)
        bullet_indent = pt_emu(size * 1.1)
        for b in markdown.blocks(text):
            if isinstance(b, Paragraph):
                out.append(para([Span(r.text, r.bold, r.italic) for r in b.runs], size, width, colour=self.ink, space_before_pt=gap if out else 0))
            elif isinstance(b, BulletList):
                for k, item in enumerate(b.items):
                    out.append(para([Span(r.text, r.bold, r.italic) for r in item], size, width, colour=self.ink, bullet=True,
                                    indent_emu=bullet_indent, space_before_pt=(gap if k == 0 else round(size * 0.3)) if out else 0))
        return out

    # cautions
    def _caution_rows(self, cautions: tuple[Caution, ...]) -> list["Row"]:
        rows = []
        label_x = inch(0.25)
        label_w = inch(2.75)
        text_x = label_x + label_w + inch(0.1)
        text_w = self.cw - text_x
        for c in cautions:
            strong, _ = theme.level_colours(c.level, self.accent)
            word = facts.level_word(c.level, self.L).upper()
            marker = {"stop": "\u25A0 ", "caution": "\u25B2 ", "info": "\u25CF "}.get(c.level, "")
            label = para([lit(marker + word, bold=True, colour=strong)], LABEL_PT, inner_w(label_w), colour=strong)
            spans = []
            if c.title:
                spans += [lit(c.title, bold=True), Span(": ")]
            spans += list(runs_of(c.text))
            text = para(spans, FACT_PT, inner_w(text_w), colour=self.ink)
            label_off = pt_emu((FACT_PT - LABEL_PT) * 0.8)
            rows.append(Row([Cell(label_x, label_w, [label], "caution-level", y_off=label_off),
                             Cell(text_x, text_w, [text], "caution-text", main=True)], bar=strong))
        return rows

    def caution_slides(self, cautions, title: str, notes: str) -> list[SlidePlan]:
        return self._row_slides("cautions", title, "", self._caution_rows(cautions), notes, gap=inch(0.25))

    def _cautions_notes(self, cautions, lead: str | None = None) -> str:
        lines = [lead or self.L("note_cautions_lead")]
        lines += [caution_line(c, self.L, upper=True) for c in cautions]
        return "\n".join(lines)

    # movements
    def movement_slides(self, m: Movement) -> list[SlidePlan]:
        """The movement's main slide, its cautions on a slide of their own (shown to the room
        before any step, not only in the notes), then its steps."""
        care = []
        if m.cautions:
            care = self.caution_slides(m.cautions, self.L("take_care", name=m.name),
                                       self._cautions_notes(m.cautions, self.L("note_point_out", name=m.name)))
        return self._movement_main(m, movement_script(m, self.L)) + care + self._movement_steps(m)

    def _facts(self, m: Movement, iw: int, summary_pt: float, fact_pt: float, video: bool = True) -> list[Para]:
        """Summary and facts; ``video=False`` leaves the video line out (it goes on its own line)."""
        paras: list[Para] = []
        if m.summary:
            paras.append(para(runs_of(m.summary), summary_pt, iw, colour=self.ink))
        facts_ = [(f.label, [lit(f.value)]) for f in facts.dose(m, self.L)]
        if m.duration:
            facts_.append((self.L("time"), [lit(m.duration)]))
        for k, (label, spans) in enumerate(facts_):
            paras.append(para([Span(label, bold=True, colour=self.accent), Span("   ")] + spans, fact_pt, iw, colour=self.ink,
                              space_before_pt=(30 if k == 0 and paras else 12)))
        if m.video and video:
            paras += self._video_paras(m, fact_pt, iw, space_before_pt=(30 if not facts_ and paras else 12) if paras else 0)
        return paras

    def _link_span(self, m: Movement, plain: bool = False) -> Span:
        shown = facts.short_url(m.video)
        if plain:
            # A link wider than the whole content width even at 20 pt fits no line of the slide,
            # and a renderer breaks a hyperlink run only by characters past the box edge. It is
            # shown as plain text instead (no hyperlink run), which may break after a "/" (as
            # LibreOffice's line breaking does) or inside a word, so nothing overflows; the full
            # address stays in the speaker notes.
            return Span(shown, colour=self.accent, breaks_after="/")
        return Span(shown, link=m.video, colour=self.accent)

    def _link_fits(self, m: Movement, size: float, width_emu: int) -> bool:
        """True if the video's short link, one unbreakable unit at ``size``, fits a line ``width_emu`` wide."""
        return not m.video or not _breaks_word((self._link_span(m),), size, emu_pt(width_emu))

    def _video_paras(self, m: Movement, size: float, iw: int, space_before_pt: float = 0, plain: bool = False) -> list[Para]:
        """The video fact: "Video   link" on one line, or the label and then the link on its own line.

        When the two do not share a line, the link is written as a paragraph of its own: left
        to themselves, renderers may fill the label's line with a piece of the link (LibreOffice
        breaks a URL field after a "?").
        """
        label = Span(self.L("video"), bold=True, colour=self.accent)
        link = self._link_span(m, plain)
        one = para([label, Span("   "), link], size, iw, colour=self.ink, space_before_pt=space_before_pt)
        if one.lines == 1 or plain:
            out = [one]
        else:
            out = [para([label], size, iw, colour=self.ink, space_before_pt=space_before_pt),
                   para([link], size, iw, colour=self.ink, space_before_pt=2)]
        if plain:
            # A renderer may break the plain URL at other places than the planner: a line in reserve.
            out[-1] = replace(out[-1], lines=out[-1].lines + 1)
        return out

    def _video_line(self, m: Movement, size: float, plain: bool = False) -> tuple[Para, ...]:
        """The video fact on its own line(s) across the whole content width (below photo and facts)."""
        return tuple(self._video_paras(m, size, inner_w(self.cw), plain=plain))

    def _main_candidate(self, m: Movement, lay: str, frac: float, sp: float, fp: float, own: tuple[Para, ...] = ()):
        """One layout of the movement's main slide: (lay, pic_w, x, w, head, pages, ok, own_box_h).

        ``own``: the video line set on its own full-width line at the bottom; the photo and
        the facts end above it.
        """
        pic_w = round(self.cw * frac)
        x = self.mx + pic_w + inch(0.45) if pic_w else self.mx
        w = self.right - x
        own_h = box_height_emu(own) + inch(0.15) if own else 0

        def make(y):
            paras = self._facts(m, inner_w(w), sp, fp, video=not own)
            return self._flow(paras, inner_w(w), [self.bottom - own_h - y]) if paras else [[]]

        if lay == "side":
            head, pages = self._titled(m.name, x, w, make)
            ok = head.box.paras[0].lines <= 2
        else:
            head, pages = self._titled(m.name, self.mx, self.cw, make)
            ok = True
        return (lay, pic_w, x, w, head, pages, ok, own)

    def _movement_main(self, m: Movement, script: str) -> list[SlidePlan]:
        """Photo on the left, name/summary/facts on the right; a long name goes across the top instead.

        The video link is one unbreakable unit (see :func:`_tokens`). If it does not fit the
        text column, the same layout with a narrower photo (a wider column) is tried, then the
        video line on its own line across the slide, then that line smaller (not below 20 pt);
        a link too wide even then is shown as plain text.
        """
        sizes = ((SUMMARY_PT, FACT_PT), (24.0, 22.0), (22.0, 20.0), (20.0, 20.0))
        layouts = [("side", 0.46), ("side", 0.36), ("below", 0.46), ("below", 0.36), ("below", 0.28)] if m.images else [("below", 0.0)]
        if self.geo.title_box:
            layouts = [(lay, frac) for lay, frac in layouts if lay == "below"]
        best = None
        chosen = None
        for lay, frac in layouts:
            for sp, fp in sizes:
                c = self._main_candidate(m, lay, frac, sp, fp)
                ok, pages = c[6], c[5]
                if ok and (best is None or len(pages) < len(best[0][5])):
                    best = (c, sp, fp, frac)
                if ok and len(pages) == 1:
                    best = (c, sp, fp, frac)
                    chosen = c
                    break
            if chosen:
                break
        c, sp, fp, frac0 = best
        if not self._link_fits(m, fp, inner_w(c[3])):
            c = self._fit_link(m, c, sp, fp, frac0, layouts)
        lay, pic_w, x, w, head, pages, _, own = c
        out = []
        for i, page in enumerate(pages):
            t = counter(m.name, i + 1, len(pages))
            shp = head.shapes(t)
            own_h = box_height_emu(own) + inch(0.15) if own else 0
            top = self.top if lay == "side" else head.y
            pic = Picture(self.mx, top, pic_w, self.bottom - own_h - top, m.images[0], "photo", valign="top") if pic_w else None
            facts = TextBox(x, head.y, w, box_height_emu(page), tuple(page), role="movement-facts") if page else None
            if own and i == len(pages) - 1:
                # The video line right under the photo and the facts (not stranded at the slide's foot).
                h = box_height_emu(own)
                low = max([pic.placed()[1] + pic.placed()[3] if pic else 0, facts.y + facts.h if facts else head.y])
                y = min(self.bottom - h, low + inch(0.3))
                if pic:
                    pic = replace(pic, h=max(pic.placed()[3], y - inch(0.15) - top))
                video = TextBox(self.mx, y, self.cw, h, own, role="movement-video")
            else:
                video = None
            shp += [s for s in (pic, facts, video) if s]  # the photo on every page: a continued slide keeps its layout
            out.append(SlidePlan("movement", t, tuple(shp), script))
        return out

    def _fit_link(self, m: Movement, base, sp: float, fp: float, frac0: float, layouts):
        """The ladder for a video link wider than its column (see :meth:`_movement_main`)."""
        lay0 = base[0]
        # 1. the same layout with a narrower photo, so the text column is wider
        for lay, frac in layouts:
            if lay == lay0 and frac < frac0:
                c = self._main_candidate(m, lay, frac, sp, fp)
                if c[6] and len(c[5]) <= len(base[5]) and self._link_fits(m, fp, inner_w(c[3])):
                    return c
        # 2. the video line on its own line across the content width; 3. smaller, not below 20 pt
        own = None
        for size in sorted({fp, 22.0, MIN_PT}, reverse=True):
            if MIN_PT <= size <= fp and self._link_fits(m, size, inner_w(self.cw)):
                own = self._video_line(m, size)
                break
        # 4. wider than the whole content width at 20 pt: plain, breakable text
        own = own or self._video_line(m, MIN_PT, plain=True)
        sizes = [(a, b) for a, b in ((SUMMARY_PT, FACT_PT), (24.0, 22.0), (22.0, 20.0), (20.0, 20.0)) if a <= sp and b <= fp]
        first = None
        for a, b in sizes:  # the facts as large as keeps the slide count the link had in its column
            c = self._main_candidate(m, lay0, frac0, a, b, own=own)
            first = first or c
            if c[6] and len(c[5]) <= len(base[5]):
                return c
        return first

    def _movement_steps(self, m: Movement) -> list[SlidePlan]:
        narrow = self.W < inch(12)
        num_w = inch(0.75 if narrow else 0.85)
        breath_w = inch(1.65 if narrow else 1.9)
        text_x = num_w + inch(0.15)
        text_w = self.cw - text_x - breath_w - inch(0.2)
        gap = inch(0.16)
        stages = []
        for stage in m.stages:
            rows = []
            for k, step in enumerate(stage.steps, start=1):
                cells = [Cell(0, num_w, [para([lit(f"{k}.", bold=True)], BODY_PT, inner_w(num_w), colour=self.accent, align="right")], "step-number"),
                         Cell(text_x, text_w, [para(runs_of(step.text), BODY_PT, inner_w(text_w), colour=self.ink)], "step", main=True)]
                if step.breath:
                    off = pt_emu((BODY_PT - LABEL_PT) * 0.8)
                    cells.append(Cell(self.cw - breath_w, breath_w,
                                      [para([lit(facts.breath_word(step.breath, self.L), bold=True)], LABEL_PT, inner_w(breath_w), colour=self.accent)],
                                      "breath", y_off=off))
                rows.append(Row(cells, key=k))
            bits = []
            if stage.name:
                bits.append(markdown.plain_inline(stage.name))
            rep = stage.repeat or (m.repeat if not stage.name else None)
            if rep:
                rep = " ".join(rep.split())
                bits.append(self.L("repeat_value_lower" if bits else "repeat_value", value=rep))
            stages.append((stage, " · ".join(bits), rows))

        def make(y):
            pages = []
            for stage, sub, rows in stages:
                sbox, y2 = self._subtitle(sub, self.mx, y, self.cw)
                for pg in self._balanced_rows(rows, self.bottom - y2, gap):
                    pages.append((stage, sbox, y2, pg))
            return pages

        head, pages = self._titled(m.name, self.mx, self.cw, make)
        out = []
        for i, (stage, sbox, y, page) in enumerate(pages):
            t = counter(m.name, i + 1, len(pages))
            shapes = head.shapes(t) + ([sbox] if sbox else []) + self._place_rows(page, y, gap)
            out.append(SlidePlan("steps", t, tuple(shapes), self._steps_notes(m, stage, page, first=i == 0)))
        return out

    def _steps_notes(self, m: Movement, stage, page: list["Row"], first: bool = True) -> str:
        """The steps on this slide in full, with breath; teaching notes, cautions and timing on
        the first steps slide only (a continuation slide says so instead of repeating them)."""
        L = self.L
        title = m.name + (f": {markdown.plain_inline(stage.name)}" if stage.name else "")
        lines = [title if first else L("continued", title=title)]
        shown = {r.key for r in page}
        for k, step in enumerate(stage.steps, start=1):
            if k in shown:
                lines.append(step_line(k, step, L))
        if stage.repeat:
            lines.append(L("note_repeat", text=stage.repeat))
        if m.repeat:
            lines.append(L("note_whole_movement", text=m.repeat))
        sides = facts.sides_text(m, L)
        if sides:
            lines.append(L("note_sides", text=sides))
        tail = movement_tail(m, L) if first else ""
        return "\n".join(lines) + ("\n\n" + tail if tail else "")

    # sequences
    def sequence_slides(self, q: Sequence) -> list[SlidePlan]:
        bits = []
        if q.how_often:
            bits.append(" ".join(q.how_often.split()))
        if q.duration_minutes:
            bits.append(facts.about(q.duration_minutes, self.L))
        base = 4 if self.W >= inch(12) else 3
        # One slide if possible, with no name broken inside a word ("Pandiculatio|n"): more
        # columns first only if their names stay whole, then smaller thumbnails.
        tries = [(base, 0.66), (base + 1, 0.66), (base, 0.45), (base + 1, 0.45)]
        chosen = one_page = None
        for cols, frac in tries:
            head, pages, cell_w, names = self._sequence_grid(q, bits, cols, frac)
            whole = not any(_breaks_word(n.spans, n.size_pt, emu_pt(inner_w(cell_w))) for n in names)
            if len(pages) == 1 and whole:
                chosen = (cols, frac)
                break
            if len(pages) == 1 and one_page is None:
                # One slide, breaking only words too long for a cell of the base grid anyway.
                base_w = emu_pt(inner_w((self.cw - self._grid_gap(base) * (base - 1)) // base))
                if not any(_breaks_word(n.spans, n.size_pt, emu_pt(inner_w(cell_w))) and not _breaks_word(n.spans, n.size_pt, base_w)
                           for n in names):
                    one_page = (cols, frac)
        if chosen is None:
            chosen = one_page or (base, 0.66)
            head, pages, cell_w, names = self._sequence_grid(q, bits, *chosen)
        return self._sequence_place(q, head, pages, cell_w, names, chosen[0])

    def _grid_gap(self, cols: int) -> int:
        """Space between thumbnails: narrower when the grid takes an extra column."""
        return inch(0.35) if cols <= (4 if self.W >= inch(12) else 3) else inch(0.2)

    def _sequence_grid(self, q: Sequence, bits: list[str], cols: int, thumb_frac: float = 0.66):
        """Title and pages of thumbnail rows; every row provably fits its page.

        A row is a list of cells ``(movement index, name paragraph, with thumbnail)``. Rows are
        paginated with thumbnails ``thumb_frac`` of the cell width high; a row alone on its
        page may have a smaller thumbnail (down to ``THUMB_MIN_IN``); a row whose names are too
        tall even then has its names split by lines, the rest continuing (without thumbnails)
        on the next slide. Names wider than a cell are broken by characters (``wrap``).
        """
        gap = self._grid_gap(cols)
        cell_w = (self.cw - gap * (cols - 1)) // cols
        name_gap = inch(0.1)
        row_gap = inch(0.3)
        t_pref = round(cell_w * thumb_frac)
        t_min = min(t_pref, inch(THUMB_MIN_IN))
        names = []
        for k, m in enumerate(q.movements, start=1):
            names.append(para([Span(f"{k}", bold=True, colour=self.accent), Span("  "), lit(m.name, bold=True)], SMALL_PT,
                              inner_w(cell_w), colour=self.ink, align="center"))
        rows = [[(j, names[j], True) for j in range(i, min(i + cols, len(names)))] for i in range(0, len(names), cols)]

        def make(y):
            sbox, y2 = self._subtitle(" · ".join(bits), self.mx, y, self.cw)
            avail = self.bottom - y2
            pages, page, used = [], [], 0
            todo = list(rows)
            while todo:
                r = todo.pop(0)
                thumbs = any(c[2] for c in r)
                nh = max(box_height_emu([c[1]]) for c in r)
                rh = (t_pref + name_gap if thumbs else 0) + nh
                need = rh + (row_gap if page else 0)
                if used + need <= avail:
                    page.append(r)
                    used += need
                    continue
                if page:
                    pages.append(page)
                    page, used = [], 0
                    todo.insert(0, r)
                    continue
                # Alone on an empty page and too tall: a smaller thumbnail, else split the names.
                if thumbs and nh + name_gap + t_min <= avail:
                    page.append(r)
                    pages.append(page)
                    page, used = [], 0
                    continue
                room = avail - (name_gap + t_min if thumbs else 0)
                one = min(box_height_emu([replace(c[1], lines=1)]) for c in r)
                if room < one and thumbs:  # no room for any thumbnail: names only
                    r = [(j, pp, False) for j, pp, _ in r]
                    room = avail
                first, rest = [], []
                for j, pp, th in r:
                    fit = pp.lines
                    while fit > 1 and box_height_emu([replace(pp, lines=fit)]) > room:
                        fit -= 1
                    if fit < pp.lines:
                        a, b = split_para(pp, inner_w(cell_w), fit)
                        first.append((j, a, th))
                        rest.append((j, b, False))
                    else:
                        first.append((j, pp, th))
                pages.append([first])
                if rest:
                    todo.insert(0, rest)
            if page:
                pages.append(page)
            return [(sbox, y2, pg) for pg in pages] or [(sbox, y2, [])]

        head, pages = self._titled(q.name, self.mx, self.cw, make)
        return head, pages, cell_w, names

    def _sequence_place(self, q: Sequence, head, pages, cell_w: int, names: list[Para], cols: int) -> list[SlidePlan]:
        gap = self._grid_gap(cols)
        name_gap = inch(0.1)
        row_gap = inch(0.3)
        notes = self._sequence_notes(q)
        out = []
        for i, (sbox, y, pg) in enumerate(pages):
            t = counter(q.name, i + 1, len(pages))
            shapes: list[Shape] = head.shapes(t) + ([sbox] if sbox else [])
            avail = self.bottom - y
            name_hs = [max(box_height_emu([c[1]]) for c in r) for r in pg]
            n_thumbs = sum(1 for r in pg if any(c[2] for c in r))
            # Thumbnails as large as the slide allows (up to 3:4 of the cell width), rows centred;
            # the pagination made sure this is never below the size it planned with.
            free = avail - sum(name_hs) - n_thumbs * name_gap - (len(pg) - 1) * row_gap
            thumb_h = max(0, min(round(cell_w * 0.75), free // max(1, n_thumbs)))
            used = sum(nh + ((thumb_h + name_gap) if any(c[2] for c in r) else 0) for r, nh in zip(pg, name_hs)) + (len(pg) - 1) * row_gap
            yy = y + max(0, (avail - used) // 3)  # a little above the middle of the free space
            for r, nh in zip(pg, name_hs):
                th = thumb_h if any(c[2] for c in r) else 0
                row_w = len(r) * cell_w + (len(r) - 1) * gap
                xx = self.mx + (self.cw - row_w) // 2
                for j, name, with_thumb in r:
                    m = q.movements[j]
                    if with_thumb and th:
                        if m.images:
                            shapes.append(Picture(xx, yy, cell_w, th, m.images[0], "thumbnail", valign="bottom"))
                        else:
                            shapes.append(Rect(xx, yy, cell_w, th, theme.tint(self.accent, 0.85), "thumbnail-blank"))
                    shapes.append(TextBox(xx, yy + (th + name_gap if th else 0), cell_w, box_height_emu([name]), (name,),
                                          role="thumbnail-name"))
                    xx += cell_w + gap
                yy += (th + name_gap if th else 0) + nh + row_gap
            out.append(SlidePlan("sequence", t, tuple(shapes), notes))
        return out

    def _sequence_notes(self, q: Sequence) -> str:
        L = self.L
        lines = [L("note_sequence", name=q.name)]
        if q.how_often:
            lines.append(L("note_how_often", text=q.how_often))
        if q.duration_minutes:
            lines.append(L("note_timing_sequence", time=facts.about(q.duration_minutes, L)))
        if q.opening:
            lines.append(L("note_opening", text=markdown.plain(q.opening)))
        for k, m in enumerate(q.movements, start=1):
            lines.append(f"{k}. {m.name}" + (f": {m.repeat}" if m.repeat else "") + (f" ({m.duration})" if m.duration else ""))
        if q.closing:
            lines.append(L("note_closing", text=markdown.plain(q.closing)))
        return "\n".join(lines)

    # closing
    def closing_slides(self) -> list[SlidePlan]:
        p = self.p
        iw = inner_w(self.cw)
        paras: list[Para] = []
        who = [x for x in (p.author, p.organisation) if x]
        for i, line in enumerate(who):
            paras.append(para([lit(line, bold=i == 0)], FACT_PT, iw, colour=self.ink, space_before_pt=6 if paras else 0))
        for k, line in enumerate(p.contact.lines()):
            shown = facts.short_url(line) if line.lower().startswith(("http://", "https://")) else line
            paras.append(para([lit(shown)], FACT_PT, iw, colour=self.accent, space_before_pt=(18 if k == 0 else 6) if paras else 0))
        if p.disclaimer:
            dis = self._prose(p.disclaimer, SMALL_PT, iw)
            paras += [replace(d, colour=self.muted, space_before_pt=(10 if k else 32) if (paras or k) else 0) for k, d in enumerate(dis)]

        def make(y):  # balanced: no last slide holding one line of the disclaimer
            return self._balanced_flow(paras, iw, self.bottom - y) if paras else [[]]

        L = self.L
        head, pages = self._titled(L("thank_you"), self.mx, self.cw, make)
        notes = [L("note_thank")]
        if p.contact:
            notes.append(L("note_contact", text="; ".join(p.contact.lines())))
        if p.disclaimer:
            notes.append(L("note_disclaimer", text=markdown.plain(p.disclaimer)))
        out = []
        for i, page in enumerate(pages):
            t = counter(L("thank_you"), i + 1, len(pages))
            shapes: list[Shape] = head.shapes(t)
            if page:
                shapes.append(TextBox(self.mx, head.y, self.cw, box_height_emu(page), tuple(page), role="closing"))
            out.append(SlidePlan("closing", t, tuple(shapes), "\n\n".join(notes)))
        return out


# ----------------------------------------------------------------------------- rows

@dataclass(frozen=True)
class Head:
    """A slide's title box, its accent rule, and the y (EMU) where content starts."""

    box: TextBox
    rule: tuple[Shape, ...]
    y: int

    def shapes(self, title: str) -> list[Shape]:
        p = self.box.paras[0]
        return [replace(self.box, paras=(replace(p, spans=(lit(title, bold=True),)),)), *self.rule]


@dataclass
class Cell:
    x_off: int  # from the content's left edge
    w: int
    paras: list[Para]
    role: str
    main: bool = False  # the cell that may be split across slides
    y_off: int = 0

    @property
    def height(self) -> int:
        return box_height_emu(self.paras) + self.y_off if self.paras else 0


@dataclass
class Row:
    cells: list[Cell]
    bar: str | None = None  # a coloured bar at the row's left edge
    heading: bool = False  # never the last row of a slide
    rule: bool = False  # a thin rule instead of text
    gap_before: int = 0
    key: object = None  # what the row shows (a step number), kept by both halves of a split
    continued: "Row | None" = None  # a heading to repeat above this row when it starts a slide

    @property
    def height(self) -> int:
        if self.rule:
            return inch(0.03)
        return max((c.height for c in self.cells), default=0)

    def split(self, room: int) -> tuple["Row", "Row"]:
        """Split the main cell so the first part fits ``room`` EMU; other cells stay with the first part."""
        main = next((c for c in self.cells if c.main), self.cells[-1])
        p = main.paras[0]
        fixed = pt_emu(p.line_pt * HEIGHT_SLACK) + 2 * inch(INSET_Y_IN)
        n = max(1, int((room - fixed) // pt_emu(p.line_pt)))
        n = min(n, p.lines - 1) if p.lines > 1 else 1
        a, b = split_para(p, main.w - 2 * inch(INSET_X_IN), n)
        first = replace(self, cells=[replace(c, paras=[a]) if c is main else c for c in self.cells])
        rest = replace(self, cells=[replace(main, paras=[b])], heading=False, gap_before=0)
        return first, rest

    def shapes(self, x0: int, y: int, accent: str) -> list[Shape]:
        out: list[Shape] = []
        if self.rule:
            return [Rect(x0 + inch(INSET_X_IN), y, inch(3.0), inch(0.03), theme.tint(accent, 0.5), "agenda-rule")]
        if self.bar:
            out.append(Rect(x0, y + inch(0.04), inch(0.09), self.height - inch(0.08), self.bar, "caution-bar"))
        for c in self.cells:
            if c.paras:
                out.append(TextBox(x0 + c.x_off, y + c.y_off, c.w, box_height_emu(c.paras), tuple(c.paras), role=c.role))
        return out


# ----------------------------------------------------------------------------- entry point

def plan_deck(program: Program, geometry: Geometry | None = None) -> DeckPlan:
    """Plan the whole deck: on the program's template if it has one, else at its aspect.

    ``geometry`` overrides the slide geometry (tests use it to plan for a given size).
    """
    info = program.deck.template_info
    if geometry is None and info is not None:
        choice = choose_layouts(info)
        cover_title, cover_subtitle = choice.cover_boxes()
        geometry = Geometry(info.width, info.height, title_box=choice.title_box(), cover_title_box=cover_title,
                            cover_subtitle_box=cover_subtitle, cover_align=choice.cover_align,
                            content_bottom=content_bottom(info), template=True)
        plan = Planner(program, geometry).plan()
        return replace(plan, layouts=(choice.title.index, choice.title_only.index))
    return Planner(program, geometry or Geometry.for_aspect(program.deck.aspect)).plan()
