"""Where a line may break, as PowerPoint breaks it: at spaces, between East Asian characters, inside Thai at words.

Text without spaces (Chinese, Japanese) breaks between any two characters, except that
closing punctuation (、。）」 ...) never starts a line and opening brackets never end one
(kinsoku, the JIS X 4051 "strict" set); a combining mark never starts a line. Thai, Lao,
Khmer and Myanmar break at the phrase boundaries budoux finds (Apache-2.0), a subset of
PowerPoint's dictionary word breaks, so the planner never counts on a break a renderer
does not make; a phrase longer than a line is broken between grapheme clusters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

NO_START = frozenset(
    ")]}»〕〉》」』】〙〗〟’”｠）］｝"  # closing brackets and quotes
    "、。，．,.:;!?！？：；‼⁇⁈⁉・"  # punctuation
    "ヽヾゝゞ々〻ー゠〜～"  # iteration marks, prolonged sound mark, wave dash
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"  # small kana
    "%‰℃°¢′″"  # postfix signs
)
"""Characters that never start a line."""

NO_END = frozenset("([{«〔〈《「『【〘〖〝‘“｟（［｛$£¥€＄￡￥＃#")
"""Characters that never end a line."""

THAI_PREFIX_VOWELS = frozenset("เแโใไ")  # written before their consonant: never end a line with one
_GLUE = "\u00a0\u2060\u202f\ufeff"  # no-break space, word joiner, narrow no-break space, zero-width no-break space


def is_cjk(ch: str) -> bool:
    """A character of a script written without spaces that breaks between characters."""
    o = ord(ch)
    return (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F or 0x20000 <= o <= 0x3FFFF or 0x3100 <= o <= 0x31FF)


def is_sa(ch: str) -> bool:
    """Thai, Lao, Myanmar, Khmer: scripts whose words are found with a dictionary."""
    o = ord(ch)
    return 0x0E00 <= o <= 0x0EFF or 0x1000 <= o <= 0x109F or 0x1780 <= o <= 0x17FF


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in "\u200d\ufe0f"


_ASCII_BREAK = re.compile(r"(?<=\s)(?=\S)|(?<=[A-Za-z]-)(?=[A-Za-z])")
_ASCII_NO_START = re.compile(r"[)\]}.,:;!?%]")


def breaks(text: str) -> list[int]:
    """Indices ``i`` (0 < i < len(text)) where a line may break before ``text[i]``.

    A break after a run of spaces is reported at the first non-space character (spaces
    hang at the end of a line); a hyphen between letters allows a break after it.
    """
    if text.isascii():
        return [m.start() for m in _ASCII_BREAK.finditer(text)
                if 0 < m.start() < len(text) and text[m.start()] not in NO_START and text[m.start() - 1] not in NO_END
                and (text[m.start() - 1] != "-" or m.start() >= 2)]
    out = []
    n = len(text)
    sa = _sa_breaks(text) if any(is_sa(c) for c in text) else frozenset()
    for i in range(1, n):
        a, b = text[i - 1], text[i]
        if a < "\u0080" and b < "\u0080" and not a.isspace() and not (a == "-" and b.isalpha()):
            continue  # inside an ASCII word: no break
        if b.isspace() or is_mark(b) or b in NO_START or a in NO_END or a in _GLUE or b in _GLUE:
            continue
        if a.isspace():
            out.append(i)
        elif a == "-" and i >= 2 and text[i - 2].isalpha() and b.isalpha():
            out.append(i)
        elif is_cjk(a) or is_cjk(b):
            out.append(i)
        elif is_sa(a) and is_sa(b) and i in sa and a not in THAI_PREFIX_VOWELS:
            out.append(i)
    return out


def grapheme_breaks(text: str) -> list[int]:
    """Places between grapheme clusters (never before a combining mark, never after a Thai prefix vowel)."""
    return [i for i in range(1, len(text))
            if not is_mark(text[i]) and text[i - 1] not in THAI_PREFIX_VOWELS and not ("\udc00" <= text[i] <= "\udfff")]


_SA_RUN = re.compile(r"[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF]+")


def _sa_breaks(text: str) -> frozenset[int]:
    out: set[int] = set()
    for m in _SA_RUN.finditer(text):
        pos = m.start()
        for chunk in _phrases(m.group())[:-1]:
            pos += len(chunk)
            out.add(pos)
    return frozenset(out)


@lru_cache(maxsize=2048)
def _phrases(run: str) -> tuple[str, ...]:
    parser = _thai_parser()
    if parser is None:  # without budoux: between grapheme clusters (more breaks than PowerPoint makes)
        cuts = [0] + grapheme_breaks(run) + [len(run)]
        return tuple(run[a:b] for a, b in zip(cuts, cuts[1:]))
    return tuple(parser.parse(run)) or (run,)


@lru_cache(maxsize=1)
def _thai_parser():
    try:
        import budoux
    except ImportError:  # pragma: no cover - budoux is a dependency
        return None
    return budoux.load_default_thai_parser()
