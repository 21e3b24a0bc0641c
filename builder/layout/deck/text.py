"""Measuring and wrapping slide text, so the planner knows how many lines every paragraph takes.

Text is measured in the font its paragraph names (:class:`~builder.fonts.DeckFace`: Arial
with Liberation Sans, its metric twin; a template's theme fonts with theirs, or as Arial
with a margin, see :mod:`builder.fonts`) at the size written in the file and wrapped greedily at the places PowerPoint breaks lines
(:mod:`.linebreak`): spaces, after a hyphen between letters, between Chinese or Japanese
characters (kinsoku kept), at Thai phrase boundaries. A word wider than its line is
broken between grapheme clusters. Characters Arial lacks are measured in the font a
renderer substitutes: Arabic reshaped (joined letter forms) in Noto Sans Arabic or
DejaVu Sans, Chinese and Japanese at least a full em wide. Widths are points.

A paragraph whose first strong character is right-to-left (Arabic, Hebrew) is marked
``rtl``: it is kept in logical order, right-aligned, and PowerPoint shapes and orders it.
"""

from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from ...fonts import ARIAL, DeckFace, coverage, fallback_for
from ...model import markdown
from .. import reuse
from .linebreak import breaks, grapheme_breaks
from .shapes import Para, Span
from .units import HEIGHT_SLACK, INSET_X_IN, INSET_Y_IN, LINE, WIDTH_SAFETY, emu_pt, inch, pt_emu

_REF = 200  # fonts are loaded at this pixel size; lengths scale linearly

ARABIC_FONTS = {
    False: ("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    True: ("/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
"""Fonts with Arabic letter forms that estimate PowerPoint's Arabic widths (by weight); the first found is used."""


_FACE: ContextVar[DeckFace] = ContextVar("deck_face", default=ARIAL)
_RTL: ContextVar[bool] = ContextVar("deck_rtl", default=False)


@contextmanager
def measuring(face: DeckFace, rtl: bool = False):
    """Paragraphs made inside take ``face`` unless they name one (the deck's body font while a
    deck is planned); with ``rtl`` (a deck in a right-to-left language) every paragraph reads
    from the right unless it says otherwise, a line that starts with a label in another
    script too (see :func:`para`)."""
    token, token_rtl = _FACE.set(face), _RTL.set(rtl)
    try:
        yield
    finally:
        _FACE.reset(token)
        _RTL.reset(token_rtl)


def deck_rtl() -> bool:
    """Whether the deck being planned is in a right-to-left language (see :func:`measuring`)."""
    return _RTL.get()


def reads_rtl(text: str) -> bool:
    """Whether a paragraph of ``text`` reads from the right: in a right-to-left deck always,
    else when its first strong letter is right to left."""
    return _RTL.get() or is_rtl(text)


def current_face() -> DeckFace:
    return _FACE.get()


@lru_cache(maxsize=None)
def _font(bold: bool, italic: bool, face: DeckFace = ARIAL) -> ImageFont.FreeTypeFont:
    return _file_font(face.files[int(bold) + 2 * int(italic)])


@lru_cache(maxsize=None)
def _file_font(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), _REF, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=2)
def _arabic_font(bold: bool) -> tuple[ImageFont.FreeTypeFont, frozenset[int]] | None:
    for name in ARABIC_FONTS[bold]:
        p = Path(name)
        if p.is_file():
            return _file_font(p), coverage(p)
    return None


def is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


@lru_cache(maxsize=1)
def _reshaper():
    try:
        from arabic_reshaper import ArabicReshaper
    except ImportError:  # pragma: no cover - arabic-reshaper is a dependency
        return None
    return ArabicReshaper(configuration={"delete_harakat": False})


@lru_cache(maxsize=65536)
def _length_ref(text: str, bold: bool, italic: bool, face: DeckFace = ARIAL) -> float:
    """Advance width at the reference size, the face's margin included."""
    if text.isascii():
        return _font(bold, italic, face).getlength(text) * face.scale
    cov = coverage(face.files[0])
    total, plain, arabic = 0.0, [], []

    def flush_arabic():
        nonlocal total
        if arabic:
            total += _arabic_ref("".join(arabic), bold)
            arabic.clear()

    for ch in text:
        if is_arabic(ch) or (arabic and unicodedata.category(ch) in ("Mn", "Cf")):
            arabic.append(ch)
            continue
        flush_arabic()
        if ord(ch) in cov or ch.isspace():
            plain.append(ch)
        else:
            total += _substitute_ref(ch)
    flush_arabic()
    return total + (_font(bold, italic, face).getlength("".join(plain)) * face.scale if plain else 0.0)


def _arabic_ref(run: str, bold: bool) -> float:
    """An Arabic run as PowerPoint shows it: joined letter forms, measured in a font that has them."""
    found = _arabic_font(bold)
    shaper = _reshaper()
    if found is None or shaper is None:
        return sum(_substitute_ref(ch) for ch in run)
    font, cov = found
    shaped = shaper.reshape(run)
    return sum(font.getlength(ch) if ord(ch) in cov else _substitute_ref(ch) for ch in shaped)


@lru_cache(maxsize=4096)
def _substitute_ref(ch: str) -> float:
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0  # combining marks (Thai vowels and tones...) and format characters take no width
    found = fallback_for(ch)
    width = _file_font(found[1]).getlength(ch) if found else max(_font(False, False).getlength(ch), 0.6 * _REF)
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        width = max(width, float(_REF))
    return width


def text_width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False, face: DeckFace | None = None) -> float:
    """Advance width of ``text`` in ``face`` (default: the face being measured, Arial) at ``size_pt``."""
    return _length_ref(text, bold, italic, face or _FACE.get()) * size_pt / _REF


def is_rtl(text: str) -> bool:
    """True if the first strong character of ``text`` is right-to-left (Hebrew 'R', Arabic 'AL')."""
    for ch in text:
        d = unicodedata.bidirectional(ch)
        if d == "L":
            return False
        if d in ("R", "AL"):
            return True
    return False


# ----------------------------------------------------------------------------- words

@dataclass(frozen=True)
class Token:
    """An unbreakable piece of a line: styled pieces with no break inside; ``space``: a space came before it."""

    pieces: tuple[Span, ...]
    space: bool
    start: int = 0  # where the token lies in the paragraph's text (characters)
    end: int = 0

    def width(self, size: float, face: DeckFace = ARIAL) -> float:
        return sum(text_width_pt(p.text, size, p.bold, p.italic, face) for p in self.pieces)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def tokens(spans: tuple[Span, ...]) -> tuple[Token, ...]:
    return _tokens(tuple(spans))


@lru_cache(maxsize=4096)
def _tokens(spans: tuple[Span, ...]) -> tuple[Token, ...]:
    """The paragraph cut at every place a line may break (see :func:`.linebreak.breaks`).

    A hyperlink run is one unbreakable piece: LibreOffice and PowerPoint do not break a
    line inside it (LibreOffice breaks it by characters only when it is wider than the
    whole line), so the planner never counts on a break inside it either.
    """
    flat = "".join(s.text for s in spans)
    if not flat:
        return ()
    owner: list[tuple[int, int, Span]] = []
    pos = 0
    for s in spans:
        owner.append((pos, pos + len(s.text), s))
        pos += len(s.text)
    cuts = set(breaks(flat))
    for a, b, s in owner:
        if s.link:
            cuts.difference_update(range(a + 1, b))
        elif s.breaks_after:
            for i in range(a, b):
                if s.text[i - a] in s.breaks_after and i + 1 < len(flat) and not flat[i + 1].isspace():
                    cuts.add(i + 1)
    bounds = [0] + sorted(c for c in cuts if 0 < c < len(flat)) + [len(flat)]
    out: list[Token] = []
    k = 0
    for a, b in zip(bounds, bounds[1:]):
        seg_a, seg_b = a, b
        while seg_a < seg_b and flat[seg_a].isspace() and not _in_link(owner, seg_a):
            seg_a += 1
        space = seg_a > a or (a > 0 and flat[a - 1].isspace())
        while seg_b > seg_a and flat[seg_b - 1].isspace() and not _in_link(owner, seg_b - 1):
            seg_b -= 1
        if seg_a >= seg_b:
            continue
        pieces = []
        while k < len(owner) and owner[k][1] <= seg_a:
            k += 1
        j = k
        while j < len(owner) and owner[j][0] < seg_b:
            sa, sb, s = owner[j]
            lo, hi = max(sa, seg_a), min(sb, seg_b)
            if hi > lo:
                pieces.append(s if (lo, hi) == (sa, sb) else _with_text(s, s.text[lo - sa:hi - sa]))
            j += 1
        out.append(Token(_collapse(pieces), space and bool(out), seg_a, seg_b))
    return tuple(out)


def _with_text(s: Span, text: str) -> Span:
    """``s`` with other text (faster than dataclasses.replace, called once a word)."""
    return Span(text, s.bold, s.italic, s.colour, s.link, s.breaks_after, s.field)


def _in_link(owner, i: int) -> bool:
    return any(a <= i < b and s.link for a, b, s in owner)


def _collapse(pieces: list[Span]) -> tuple[Span, ...]:
    """Whitespace inside a token (only in a link run) stays; runs of it elsewhere do not occur."""
    return tuple(pieces)


def _break_token(tok: Token, size: float, width: float, face: DeckFace = ARIAL) -> list[Token]:
    """Split an over-long word into chunks that each fit ``width``, between grapheme clusters."""
    from bisect import bisect_right
    from itertools import accumulate

    text = tok.text
    n = len(text)
    scale = size / _REF
    widths: list[float] = []
    for p in tok.pieces:
        widths += [_length_ref(ch, p.bold, p.italic, face) * scale for ch in p.text]
    cum = [0.0] + list(accumulate(widths))  # cum[i]: width of text[:i]
    every = text.isascii()
    cuts = None if every else [0] + grapheme_breaks(text) + [n]
    chunks: list[Token] = []
    begin = 0
    while begin < n:
        j = bisect_right(cum, cum[begin] + width) - 1  # the most characters that fit
        if not every:
            k = bisect_right(cuts, j) - 1
            j = cuts[k]
            if j <= begin:  # one cluster wider than the line: it goes alone
                j = cuts[bisect_right(cuts, begin)]
        j = min(n, max(j, begin + 1))
        chunks.append(Token(slice_spans(tok.pieces, begin, j), tok.space if not chunks else False, tok.start + begin, tok.start + j))
        begin = j
    return chunks


def merge(spans) -> tuple[Span, ...]:
    """Adjacent spans of one style joined; empty spans dropped (linear: each run's text is joined once)."""
    out: list[Span] = []
    group: list[Span] = []

    def flush():
        if group:
            out.append(group[0] if len(group) == 1 else _with_text(group[0], "".join(g.text for g in group)))
            group.clear()

    for s in spans:
        if not s.text:
            continue
        if group and s.field is None and group[-1].field is None and (
                group[-1].bold, group[-1].italic, group[-1].colour, group[-1].link, group[-1].breaks_after) == (
                s.bold, s.italic, s.colour, s.link, s.breaks_after):
            group.append(s)
        else:
            flush()
            group.append(s)
    flush()
    return tuple(out)


_SEEDED: dict = {}  # (spans, size, width) -> (lines, base): paragraphs split off others (see :func:`split_para`)


def wrap(spans: tuple[Span, ...], size_pt: float, width_pt: float, face: DeckFace | None = None) -> tuple[tuple[Token, ...], ...]:
    """Greedy line breaking, as PowerPoint does it; over-long words break between characters."""
    return _wrap_based(spans, size_pt, width_pt, face or _FACE.get())[0]


def _wrap_based(spans, size_pt: float, width_pt: float, face: DeckFace):
    """The lines, and the offset their tokens' positions count from (0 unless the paragraph was split off another)."""
    key = (tuple(spans), float(size_pt), round(float(width_pt), 3), face)
    seeded = _SEEDED.get(key)
    if seeded is not None:
        return seeded
    return reuse.memo("deck-wrap", key, lambda: _wrap(*key)), 0  # kept from the last build too


def _seed(spans: tuple[Span, ...], size_pt: float, width_pt: float, face: DeckFace, lines, base: int) -> None:
    """Remember ``lines`` as the wrapping of ``spans``: greedy wrapping is the same from any line start on,
    so the rest of a split paragraph wraps as the lines it was cut from (no second pass over long text)."""
    if len(_SEEDED) > 4096:
        _SEEDED.clear()
    _SEEDED[(spans, float(size_pt), round(float(width_pt), 3), face)] = (tuple(lines), base)


def slice_spans(spans: tuple[Span, ...], a: int, b: int) -> tuple[Span, ...]:
    """The spans of characters ``a`` to ``b`` of the paragraph's text."""
    out = []
    pos = 0
    for s in spans:
        n = len(s.text)
        lo, hi = max(a, pos), min(b, pos + n)
        if hi > lo:
            out.append(s if (lo, hi) == (pos, pos + n) else _with_text(s, s.text[lo - pos:hi - pos]))
        pos += n
        if pos >= b:
            break
    return tuple(out)


@lru_cache(maxsize=8192)
def _wrap(spans: tuple[Span, ...], size_pt: float, width_pt: float, face: DeckFace = ARIAL) -> tuple[tuple[Token, ...], ...]:
    width = max(width_pt * WIDTH_SAFETY, 1.0)
    lines: list[tuple[Token, ...]] = []
    line: list[Token] = []
    w = 0.0
    for tok in tokens(spans):
        tw = tok.width(size_pt, face)
        sw = text_width_pt(" ", size_pt, tok.pieces[0].bold, tok.pieces[0].italic, face) if line and tok.space else 0.0
        if line and w + sw + tw <= width:
            line.append(tok)
            w += sw + tw
            continue
        if line:
            lines.append(tuple(line))
            line, w = [], 0.0
        if tw <= width:
            line, w = [tok], tw
        else:
            chunks = _break_token(tok, size_pt, width, face)
            lines.extend((c,) for c in chunks[:-1])
            line, w = [chunks[-1]], chunks[-1].width(size_pt, face)
    if line:
        lines.append(tuple(line))
    return tuple(lines) or ((),)


def spans_of(lines) -> tuple[Span, ...]:
    """The spans of some wrapped lines, a space wherever one separated two tokens."""
    out: list[Span] = []
    first = True
    for line in lines:
        for tok in line:
            if tok.space and not first:
                p0 = tok.pieces[0]  # the space before a link is not part of it
                out.append(Span(" ", p0.bold, p0.italic, p0.colour, None, p0.breaks_after, None))
            out.extend(tok.pieces)
            first = False
    return merge(out)


def breaks_word(spans: tuple[Span, ...], size_pt: float, width_pt: float, face: DeckFace | None = None) -> bool:
    """True if some unbreakable piece of ``spans`` is wider than the line and would be broken inside it."""
    width = width_pt * WIDTH_SAFETY
    face = face or _FACE.get()
    return any(tok.width(size_pt, face) > width for tok in tokens(spans))


# ----------------------------------------------------------------------------- paragraphs

def para(spans, size_pt: float, width_emu: int, face: DeckFace | None = None, **kw) -> Para:
    """A measured paragraph for a box whose inner width is ``width_emu`` (insets already taken off).

    ``face``: its font (default: the face being measured, see :func:`measuring`).
    """
    spans = merge(tuple(spans))
    face = face or _FACE.get()
    line_pt = kw.pop("line_pt", round(size_pt * LINE, 2))
    indent = kw.get("indent_emu", 0)
    if "rtl" not in kw:
        kw["rtl"] = reads_rtl("".join(s.text for s in spans))
    if kw["rtl"] and kw.get("align", "left") == "left":
        kw["align"] = "right"
    n = len(wrap(spans, size_pt, emu_pt(width_emu - indent), face))
    return Para(spans=spans, size_pt=size_pt, line_pt=line_pt, lines=n, face=face, **kw)


def remeasure(p: Para, width_emu: int) -> Para:
    """The same paragraph measured for another width."""
    return replace(p, lines=len(wrap(p.spans, p.size_pt, emu_pt(width_emu - p.indent_emu), p.face)))


def resize(p: Para, size_pt: float, width_emu: int) -> Para:
    """The same paragraph at another size (line pitch and indent scaled), measured."""
    scale = size_pt / p.size_pt
    q = replace(p, size_pt=size_pt, line_pt=round(p.line_pt * scale, 2), indent_emu=round(p.indent_emu * scale),
                space_before_pt=round(p.space_before_pt * scale, 1))
    return remeasure(q, width_emu)


#: What a list item's part on the next slide starts with, after the item's own number or bullet.
CONTINUES = "\u2026"


def split_para(p: Para, width_emu: int, first_lines: int, marked: bool = False) -> tuple[Para, Para]:
    """Split a paragraph after ``first_lines`` lines (for continuation slides). The second part
    has no number or bullet; with ``marked``, a list item's second part keeps its number (or
    bullet) and starts with "…", so a step continued on the next slide still says which it is."""
    width = emu_pt(width_emu - p.indent_emu)
    lines, base = _wrap_based(p.spans, p.size_pt, width, p.face)
    first_lines = max(1, min(first_lines, len(lines) - 1))
    end_a = lines[first_lines - 1][-1].end - base
    cut = lines[first_lines][0].start - base
    a = replace(p, spans=slice_spans(p.spans, 0, end_a), lines=first_lines)
    rest = slice_spans(p.spans, cut, lines[-1][-1].end - base)
    _seed(a.spans, p.size_pt, width, p.face, lines[:first_lines], base)
    if marked and (p.number is not None or p.bullet):
        first = rest[0]  # "…" in its style, or before it when it is a link (measured as one unit)
        spans = ((replace(first, text=CONTINUES + first.text),) + rest[1:]) if first.link is None else (Span(CONTINUES),) + rest
        return a, remeasure(replace(p, spans=spans, space_before_pt=0.0), width_emu)
    b = replace(p, spans=rest, lines=len(lines) - first_lines, space_before_pt=0.0, bullet=False, number=None)
    _seed(b.spans, p.size_pt, width, p.face, lines[first_lines:], base + cut)
    return a, b


def line_words(p: Para, width_emu: int, most: int | None = None) -> list[int]:
    """How many words each measured line of ``p`` holds (of its first ``most`` lines)."""
    lines = wrap(p.spans, p.size_pt, emu_pt(width_emu - p.indent_emu), p.face)
    return [sum(word_count(t.text) for t in line) for line in lines[:most]]


_CJK = None


@lru_cache(maxsize=65536)
def word_count(text: str) -> int:
    """Words as a reader counts them: spaced words, and one for every three Chinese or Japanese characters."""
    global _CJK
    if text.isascii():
        return len(text.split())
    if _CJK is None:
        import re

        _CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u3100-\u31ff"
                          "\U00020000-\U0003ffff]")
    n = 0
    for word in text.split():
        cjk = len(_CJK.findall(word))
        n += ((cjk + 2) // 3 + (1 if len(word) - cjk >= 2 else 0)) if cjk else 1
    return n


def box_height_emu(paras) -> int:
    """Height a text box needs for ``paras``, insets and a little slack included."""
    if not paras:
        return 0
    h = sum(p.height_pt for p in paras) + sum(p.space_before_pt for p in paras[1:])
    h += paras[0].line_pt * HEIGHT_SLACK
    return pt_emu(h) + 2 * inch(INSET_Y_IN)


def inner_w(w_emu: int) -> int:
    """The width text has in a box ``w_emu`` wide (our insets taken off)."""
    return w_emu - 2 * inch(INSET_X_IN)


def runs_of(text: str | None, colour: str | None = None, bold: bool = False) -> tuple[Span, ...]:
    """One line of prose (its **bold**/*italic* interpreted, everything else literal)."""
    return tuple(Span(r.text, r.bold or bold, r.italic, colour) for r in markdown.inline(" ".join((text or "").split())))


def lit(text: str | None, bold: bool = False, italic: bool = False, colour: str | None = None) -> Span:
    """A span with the text exactly as typed, whitespace collapsed, no markup interpreted."""
    return Span(" ".join((text or "").split()), bold, italic, colour)


def ambiguous(p: Para, width_emu: int) -> bool:
    """True if ``p`` takes fewer lines when the width may be off by the safety margin either way.

    Within that margin a renderer may set the text on fewer lines than the plan (a title
    planned on two lines shown on one leaves a gap above its rule): a title there is better
    one size smaller, where both agree.
    """
    loose = len(wrap(p.spans, p.size_pt, emu_pt(width_emu - p.indent_emu) * (2 - WIDTH_SAFETY) / WIDTH_SAFETY, p.face))
    return loose < p.lines
