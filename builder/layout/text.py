"""Print text, measured and broken into lines by the planners: the booklet's and handouts' type.

Pure (no reportlab): widths come from the font files' advance widths (:func:`fonts.metrics`),
which is exactly how a PDF sets text. A paragraph is a tuple of :class:`Span` (styled runs);
:func:`wrap` breaks it into :class:`Line` objects whose :class:`Piece` runs are ready to draw:
each names its face, its offset from the line's start and its text in drawing order.

What it handles, so planners do not have to:

- **Faces per character:** Noto Sans, else the bundled Arabic/Hebrew/Thai faces, else a
  fallback found on the machine (Chinese, Japanese...), see :func:`fonts.print_face`.
- **Line breaks:** after spaces (which hang at the line's end), after a hyphen between
  letters (in a web or email address: after a slash or @, before a dot or a hyphen), between
  Chinese and Japanese characters (closing punctuation never starts a line, opening brackets
  never end one), between Thai words, never before a combining mark; a word wider than the
  line breaks between its characters.
- **Right-to-left text** (Arabic, Hebrew): Arabic is shaped (joined letter forms) before it
  is measured; each line is put in visual order by the Unicode bidi algorithm with the
  paragraph's direction, so numbers and Latin words keep their own order. A line knows its
  direction (:attr:`Line.rtl`): right-to-left paragraphs are set flush right.

Lengths are PDF points.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import fonts
from . import reuse


@dataclass(frozen=True)
class Span:
    """A run of the teacher's text (or a label) in one style; ``text`` is literal."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None  # "#rrggbb"; None: the paragraph's colour
    link: str | None = None  # a web address the run links to


@dataclass(frozen=True)
class Piece:
    """A run drawn on a line: ``x`` from the line's left edge, ``text`` in drawing order."""

    x: float
    width: float
    text: str
    face: str  # the PDF font name (see :class:`fonts.Face`)
    size: float
    colour: str | None
    link: str | None
    bold: bool = False
    italic: bool = False
    rise: float = 0.0  # drawn this far above the baseline (a Thai tone mark over an upper vowel)

    @property
    def heavier(self) -> bool:
        """Bold asked of a face with no bold of its own (Chinese and Japanese fallbacks): drawn heavier."""
        return self.bold and "Bold" not in self.face


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    width: float  # the width the pieces take (trailing spaces not counted)
    rtl: bool = False  # the paragraph reads right to left: set this line flush right

    @property
    def text(self) -> str:
        """The line's text in drawing order."""
        return "".join(p.text for p in self.pieces)

    def offset(self, box_w: float, align: str = "start") -> float:
        """Where the line starts in a box ``box_w`` wide: align "start" (left, or right for a
        right-to-left line), "left", "right", "center" or "end"."""
        if align == "start":
            align = "right" if self.rtl else "left"
        elif align == "end":
            align = "left" if self.rtl else "right"
        if align == "right":
            return box_w - self.width
        if align == "center":
            return (box_w - self.width) / 2
        return 0.0


# --------------------------------------------------------------------------- characters

_FACE_FILES: dict[str, object] = {}


def _face(ch: str, bold: bool, italic: bool) -> fonts.Face:
    face = fonts.print_face(ch, bold, italic)
    _FACE_FILES[face.name] = face.path
    return face


def face_path(name: str):
    """The file of a face :func:`wrap` may use, by name (for the renderer to register). A plan
    made in another process names faces this process has not looked up yet: every face
    :func:`fonts.print_face` can give is found here by its name."""
    if name not in _FACE_FILES:
        for face in fonts.PRINT_FACES.values():
            _FACE_FILES[face.name] = face.path
        for script, regular, bold in fonts.SCRIPT_FACES:
            _FACE_FILES[script], _FACE_FILES[f"{script}-Bold"] = regular, bold
        for fallback, path in fonts.fallback_files():
            _FACE_FILES.setdefault(fallback, path)
    return _FACE_FILES[name]


@lru_cache(maxsize=200_000)
def _width(text: str, face_name: str, size: float) -> float:
    return fonts.metrics(face_path(face_name)).width(text, size)


def is_rtl_char(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def direction(text: str) -> str | None:
    """"R" or "L" by the first strong character of ``text`` (Unicode bidi rule P2), None if it has none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return None


_ARABIC = re.compile("[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")


@lru_cache(maxsize=1)
def _reshaper():
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"delete_harakat": False})


def shape(text: str) -> str:
    """Arabic letters in their joined forms (presentation forms); other text unchanged."""
    if not _ARABIC.search(text):
        return text
    return _reshaper().reshape(text)


# --------------------------------------------------------------------------- break opportunities

NO_START = set(
    ")]}»〕〉》」』】〙〗〟’”｠）］｝"
    "、。，．,.:;!?！？：；‼⁇⁈⁉・"
    "ヽヾゝゞ々〻ー゠〜～"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "%‰℃°¢′″"
)
"""Characters that never start a line (closing brackets, punctuation, small kana: Japanese "kinsoku")."""
NO_END = set("([{«〔〈《「『【〘〖〝‘“｟（［｛$£¥€＄￡￥＃#")
"""Characters that never end a line (opening brackets, prefix currency signs)."""
_THAI_PREFIX = set("เแโใไ")
_GLUE = "\u00a0\u2060\u202f"  # no-break space, word joiner, narrow no-break space


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F or 0x20000 <= o <= 0x3FFFF)


def _is_sa(ch: str) -> bool:
    """Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer)."""
    o = ord(ch)
    return 0x0E00 <= o <= 0x0EFF or 0x1000 <= o <= 0x109F or 0x1780 <= o <= 0x17FF


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in "\u200d\ufe0e\ufe0f"


@lru_cache(maxsize=1)
def _thai_parser():
    try:
        import budoux
    except ImportError:  # pragma: no cover - a dependency; without it Thai breaks between letters
        return None
    return budoux.load_default_thai_parser()


_ADDRESS = re.compile(r"(?:[a-z][a-z+.-]*://\S+|[^\s@]+@[\w-]+(?:\.[\w-]+)+|www\.[\w-]+(?:\.[\w-]+)+(?:/\S*)?"
                      r"|[\w-]{2,}(?:\.[\w-]+)*\.(?:[a-z]{2,}/\S*|(?:com|org|net|edu|gov|info|io|co|uk|de|fr|es|it|nl|be|ch|at"
                      r"|au|ca|us|nz|ie|dk|se|no|fi|pl|pt|jp|il|app|dev|health|example)/?))", re.ASCII)
_ADDRESS_LEAD = "([{«‹„“‘\"'<"
_ADDRESS_TAIL = ".,;:!?)]}»›”’“‘\"'>。、，．！？：；）」』】…—–"


def _addresses(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are web or email addresses (a word of its own, in ASCII, less
    brackets, quotes or punctuation around it): example.org/videos, info@north-side.example,
    https://...; a bare name with a dot is one only with a path or a common ending (.org,
    .com, .de...), so "p.ex." or "slowly.Then" are words."""
    out = []
    for m in re.finditer(r"\S+", text):
        a, b = m.start(), m.end()
        while a < b and text[a] in _ADDRESS_LEAD:
            a += 1
        while b > a and text[b - 1] in _ADDRESS_TAIL:
            b -= 1
        word = text[a:b]
        if ("." in word or "://" in word) and word.isascii() and any(c.isalpha() for c in word) \
                and _ADDRESS.fullmatch(text, a, b):
            out.append((a, b))
    return out


def _address_breaks(text: str, a: int, b: int) -> list[int]:
    """Where an address may break, as style guides have it: after a slash or an @, before a dot
    or a hyphen, so that a line never ends on a hyphen the address does not have (or has: the
    reader could not tell) and the next line starts with what shows it goes on."""
    out = []
    for i in range(a + 1, b):
        x, y = text[i - 1], text[i]
        if ((x in "/@" and y != "/") or (y in ".-_?&=#" and x not in ".-_/@:")) and i < b - 1:
            out.append(i)
    return out


def break_opportunities(text: str) -> list[int]:
    """Indices ``i`` (0 < i < len) where a line may break before ``text[i]``: a web or email
    address breaks only where :func:`_address_breaks` says."""
    out = []
    addresses = _addresses(text) if "." in text else []
    inside = set()
    for a, b in addresses:
        inside.update(range(a + 1, b))
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if i in inside:
            continue
        if is_mark(b) or b.isspace() or a in _GLUE or b in _GLUE or b in NO_START or a in NO_END:
            continue
        if a.isspace():
            out.append(i)
        elif a == "-" and b.isalpha() and i >= 2 and text[i - 2].isalpha():
            out.append(i)
        elif _is_cjk(a) or _is_cjk(b):
            out.append(i)
        elif _is_sa(a) and _is_sa(b) and a not in _THAI_PREFIX:
            out.append(i)
    if any(_is_sa(c) for c in text):
        out = _thai_words(text, out)
    if addresses:
        out = sorted(out + [i for a, b in addresses for i in _address_breaks(text, a, b)])
    return out


def _thai_words(text: str, breaks: list[int]) -> list[int]:
    """Inside runs of Thai, break only between words (budoux), not between every letter."""
    parser = _thai_parser()
    if parser is None:
        return breaks
    keep = [i for i in breaks if not (_is_sa(text[i - 1]) and _is_sa(text[i]))]
    for m in re.finditer(r"[\u0E00-\u0E7F]+", text):
        pos = m.start()
        for chunk in parser.parse(m.group())[:-1]:
            pos += len(chunk)
            if 0 < pos < len(text) and not is_mark(text[pos]):
                keep.append(pos)
    return sorted(set(keep))


def clusters(text: str) -> list[int]:
    """Indices where a grapheme cluster starts (a base character with its marks stays whole)."""
    return [i for i, ch in enumerate(text) if i == 0 or not is_mark(ch)]


# --------------------------------------------------------------------------- wrapping

@dataclass
class _Para:
    """A paragraph flattened to characters, each with its span index, face and running width."""

    text: str
    span_of: list[int]
    spans: tuple[Span, ...]
    size: float
    rtl: bool
    face_of: list[str]
    cum: list[float]  # cum[i]: width of text[:i]

    def width(self, a: int, b: int) -> float:
        return self.cum[b] - self.cum[a]


def _flatten(spans: tuple[Span, ...], size: float, base: str | None) -> _Para:
    shaped = tuple(Span(shape(s.text), s.bold, s.italic, s.colour, s.link) for s in spans)
    text = "".join(s.text for s in shaped)
    span_of = [k for k, s in enumerate(shaped) for _ in s.text]
    rtl = (base or direction(text) or "L") == "R"
    face_of: list[str] = []
    cum = [0.0]
    prev = None
    for ch, k in zip(text, span_of):
        s = shaped[k]
        name = prev if (prev is not None and is_mark(ch)) else _face(ch, s.bold, s.italic).name
        face_of.append(name)
        cum.append(cum[-1] + _width(ch, name, size))
        prev = name
    return _Para(text, span_of, shaped, size, rtl, face_of, cum)


def narrowest(spans: tuple[Span, ...] | list[Span], size: float, lines: int = 2) -> float:
    """The least width (pt) that sets ``spans`` at ``size`` pt on at most ``lines`` lines, each
    within it (a word no width breaks counts whole): lines of about the same length."""
    whole = wrap(spans, size, 1e6)
    lo, hi = 0.0, max(1.0, whole[0].width if whole else 1.0)
    for _ in range(14):
        mid = (lo + hi) / 2
        got = wrap(spans, size, mid)
        if len(got) <= lines and all(ln.width <= mid + 0.01 for ln in got):
            hi = mid
        else:
            lo = mid
    return hi


def wrap(spans: tuple[Span, ...] | list[Span], size: float, width: float, base: str | None = None,
         first_width: float | None = None) -> list[Line]:
    """Break a paragraph into lines at most ``width`` points wide (the first ``first_width``).

    ``base`` forces the paragraph direction ("L" or "R"); by default it is that of its first
    strong character. Whitespace runs count as one space; a paragraph with no text gives no lines.
    """
    spans = _trim(tuple(Span(_SPACES.sub(" ", s.text), s.bold, s.italic, s.colour, s.link) for s in spans))
    key = (spans, round(size, 3), round(width, 3), base, None if first_width is None else round(first_width, 3))
    return list(reuse.memo("wrap", key, lambda: _wrap_cached(*key)))  # kept from the last build too


_SPACES = re.compile("[ \t\r\n\f\v]+")  # not the no-break spaces: they glue


def _trim(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Spans with whitespace collapsed across their joins and trimmed at both ends."""
    out: list[Span] = []
    prev_space = True
    for s in spans:
        t = s.text
        if prev_space:
            t = t.lstrip(" ")
        if not t:
            continue
        prev_space = t.endswith(" ")
        out.append(Span(t, s.bold, s.italic, s.colour, s.link))
    if out:
        last = out[-1]
        out[-1] = Span(last.text.rstrip(" "), last.bold, last.italic, last.colour, last.link)
        if not out[-1].text:
            out.pop()
    return tuple(out)


@lru_cache(maxsize=20_000)
def _wrap_cached(spans: tuple[Span, ...], size: float, width: float, base: str | None,
                 first_width: float | None) -> tuple[Line, ...]:
    if not spans:
        return ()
    para = _flatten(spans, size, base)
    text = para.text
    n = len(text)
    starts = [0] + break_opportunities(text) + [n]
    # segments between break opportunities; each ends with the spaces that hang after it
    segments = [(starts[k], starts[k + 1]) for k in range(len(starts) - 1)]
    lines: list[tuple[int, int]] = []
    line_a = 0
    line_w = 0.0
    cur_end = 0  # end of the last segment placed on the current line
    k = 0
    while k < len(segments):
        a, b = segments[k]
        limit = first_width if (first_width is not None and not lines) else width
        bare = _bare_end(text, a, b)
        seg_w = para.width(a, bare)
        if cur_end == line_a:  # the line is empty
            if seg_w <= limit + 1e-6:
                cur_end, line_w = b, para.width(a, b)
                k += 1
                continue
            # a word wider than the line: break it between its characters
            cut = _fit_chars(para, a, bare, limit)
            lines.append((a, cut))
            line_a = cur_end = cut
            segments[k] = (cut, b)
            continue
        if line_w + seg_w <= limit + 1e-6:
            cur_end = b
            line_w += para.width(a, b)
            k += 1
            continue
        lines.append((line_a, cur_end))
        line_a = cur_end = a
        line_w = 0.0
    if cur_end > line_a:
        lines.append((line_a, cur_end))
    return tuple(_line(para, a, _bare_end(text, a, b)) for a, b in lines if _bare_end(text, a, b) > a)


def _bare_end(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] == " ":
        b -= 1
    return b


def _fit_chars(para: _Para, a: int, b: int, limit: float) -> int:
    """The end of the longest run of whole clusters from ``a`` that fits ``limit`` (at least one cluster).

    Walks cluster by cluster (linear in what fits), so a 20,000-character word costs one pass.
    """
    text = para.text
    used = 0.0
    i = a
    while i < b:
        j = i + 1
        while j < b and is_mark(text[j]):
            j += 1
        w = para.width(i, j)
        if used + w > limit + 1e-6 and i > a:
            return i
        used += w
        i = j
    return b


def _line(para: _Para, a: int, b: int) -> Line:
    """Characters a..b as a line of pieces in drawing order."""
    text, spans = para.text, para.spans
    if para.rtl or any(is_rtl_char(c) for c in text[a:b]):
        order = _visual_order(text[a:b], para.rtl)
        chars = [(ch, a + i) for ch, i in order]
    else:
        chars = [(text[i], i) for i in range(a, b)]
    pieces: list[Piece] = []
    x = 0.0
    run: list[str] = []
    key = None
    prev = ""
    for ch, i in chars:
        name = para.face_of[i]
        k = (name, para.span_of[i])
        lift = _THAI_LIFT.get(prev) if ch in _THAI_TONES else None
        prev = ch
        if lift is not None:  # its own piece, where the font's mark-to-mark positioning would put it
            if run:
                x = _add_piece(pieces, run, key, spans, para.size, x)
            run, key = [], None
            _add_piece(pieces, [ch], k, spans, para.size, x, lift)
            continue
        if key is not None and k != key:
            x = _add_piece(pieces, run, key, spans, para.size, x)
            run = []
        key = k
        run.append(ch)
    if run:
        x = _add_piece(pieces, run, key, spans, para.size, x)
    return Line(tuple(pieces), x, para.rtl)


def _add_piece(pieces: list[Piece], run: list[str], key, spans, size: float, x: float,
               lift: tuple[int, int] = (0, 0)) -> float:
    name, k = key
    s = spans[k]
    t = "".join(run)
    w = _width(t, name, size)
    pieces.append(Piece(x + lift[0] * size / 1000, w, t, name, size, s.colour, s.link, s.bold, s.italic,
                        lift[1] * size / 1000))
    return x + w


#: Thai tone marks (and the thanthakhat) drawn over an upper vowel are raised (and moved) as
#: the Thai face's mark-to-mark positioning puts them (its thousandths of an em): the PDFs
#: draw no OpenType positioning, so "ที่" would otherwise print its tone mark on the vowel.
_THAI_TONES = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c")
_THAI_LIFT = {"\u0e31": (30, 179), "\u0e34": (0, 177), "\u0e35": (0, 236), "\u0e36": (-29, 236),
              "\u0e37": (-65, 236), "\u0e47": (-107, 309), "\u0e4d": (-29, 236)}


def _visual_order(line: str, rtl: bool) -> list[tuple[str, int]]:
    """The characters of one line in visual order, mirrored where the bidi algorithm says, with
    their index in ``line`` (Unicode bidi algorithm, rules up to L4, by python-bidi, with the
    paired brackets of rule N0 that its step-by-step functions leave out)."""
    from bidi import algorithm as bidi

    storage = bidi.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    bidi.get_embedding_levels(line, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i
    bidi.explicit_embed_and_overrides(storage, False)
    bidi.resolve_weak_types(storage, False)
    _resolve_brackets(storage)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    bidi.reorder_resolved_levels(storage, False)
    bidi.apply_mirroring(storage, False)
    return [(c["ch"], c["index"]) for c in storage["chars"]]


_OPENING = "([{\u2045\u207d\u208d\u2308\u230a\u2329\u2768\u276a\u276c\u276e\u2770\u2772\u2774\u27c5\u27e6\u27e8\u27ea" \
    "\u27ec\u27ee\u2983\u2985\u2987\u2989\u298b\u298d\u298f\u2991\u2993\u2995\u2997\u29d8\u29da\u29fc\u2e22\u2e24\u2e26\u2e28" \
    "\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a\ufe59\ufe5b\ufe5d\uff08\uff3b\uff5b\uff5f\uff62"
_CLOSING = ")]}\u2046\u207e\u208e\u2309\u230b\u232a\u2769\u276b\u276d\u276f\u2771\u2773\u2775\u27c6\u27e7\u27e9\u27eb" \
    "\u27ed\u27ef\u2984\u2986\u2988\u298a\u298c\u298e\u2990\u2992\u2994\u2996\u2998\u29d9\u29db\u29fd\u2e23\u2e25\u2e27\u2e29" \
    "\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b\ufe5a\ufe5c\ufe5e\uff09\uff3d\uff5d\uff60\uff63"
_PAIR = dict(zip(_OPENING, _CLOSING))
_SAME_BRACKET = {"\u2329": "\u3008", "\u232a": "\u3009"}  # canonically equivalent angle brackets


def _resolve_brackets(storage) -> None:
    """Rule N0 of the bidi algorithm: a pair of brackets takes the direction of the strong text
    inside it where that is the embedding direction, else that of the text before it where
    both are the other direction, so "שלום (Side Bend) 123" keeps its brackets round "Side Bend"."""
    for run in storage["runs"]:
        chars = storage["chars"][run["start"]:run["start"] + run["length"]]
        pairs, stack = [], []
        for i, c in enumerate(chars):
            if c["type"] != "ON":
                continue
            ch = _SAME_BRACKET.get(c["ch"], c["ch"])
            if ch in _PAIR:
                if len(stack) == 63:
                    break
                stack.append((_SAME_BRACKET.get(_PAIR[ch], _PAIR[ch]), i))
            elif ch in _CLOSING:
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][0] == ch:
                        pairs.append((stack[k][1], i))
                        del stack[k:]
                        break
        if not pairs:
            continue
        strong = lambda t: "R" if t in ("R", "AL", "EN", "AN") else ("L" if t == "L" else None)  # noqa: E731
        for a, b in sorted(pairs):
            e = "R" if chars[a]["level"] % 2 else "L"
            inside = {strong(c["type"]) for c in chars[a + 1:b]} - {None}
            if not inside:
                continue
            if e in inside:
                d = e
            else:
                before = next((strong(c["type"]) for c in reversed(chars[:a]) if strong(c["type"])), None)
                d = before or ("R" if run["sor"] in ("R", "AL") else "L")  # the other direction, or e
            for k in (a, b):
                chars[k]["type"] = d
                for c in chars[k + 1:]:  # marks on a bracket follow it
                    if c["orig"] != "NSM":
                        break
                    c["type"] = d


def cut_at_word(s: str, fits, trail: str = " ,.;:") -> str | None:
    """``s`` cut after as many words as still pass ``fits`` (a test of the text as it would be
    set) followed by an ellipsis, the cut's trailing ``trail`` characters dropped; None when
    not even its first word does. For a line that repeats a title printed whole elsewhere (a
    running head); works in logical order, so right-to-left titles are cut at their end too."""
    words = s.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:  # the most words that fit with the ellipsis
        mid = (lo + hi + 1) // 2
        if fits(" ".join(words[:mid]).rstrip(trail) + "…"):
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo]).rstrip(trail) + "…" if lo else None


def spans_of(runs, colour: str | None = None) -> tuple[Span, ...]:
    """Markdown runs (:class:`builder.model.markdown.Run`) as spans."""
    return tuple(Span(r.text, r.bold, r.italic, colour) for r in runs)


def line_height(size: float, leading: float) -> float:
    """The pitch of lines set at ``size`` with ``leading`` (a factor such as 1.4)."""
    return size * leading
