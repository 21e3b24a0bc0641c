"""The bundled fonts (SIL Open Font Licence, see fonts/OFL.txt) and what characters they cover.

The booklet and handouts print in Noto Sans, embedded and subset. The deck names Arial,
which presenters have, and measures its text with Liberation Sans, Arial's metric twin.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).with_name("fonts")

PRINT_FAMILY = "Noto Sans"
PRINT_FILES = {
    "regular": FONT_DIR / "NotoSans-Regular.ttf",
    "bold": FONT_DIR / "NotoSans-Bold.ttf",
    "italic": FONT_DIR / "NotoSans-Italic.ttf",
    "bolditalic": FONT_DIR / "NotoSans-BoldItalic.ttf",
}

DECK_FONT_NAME = "Arial"
"""The font the deck names; PowerPoint and LibreOffice lay it out with these metrics."""
DECK_METRIC_FILES = {
    "regular": FONT_DIR / "LiberationSans-Regular.ttf",
    "bold": FONT_DIR / "LiberationSans-Bold.ttf",
    "italic": FONT_DIR / "LiberationSans-Italic.ttf",
    "bolditalic": FONT_DIR / "LiberationSans-BoldItalic.ttf",
}


@lru_cache(maxsize=None)
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing(text: str, path: Path) -> list[str]:
    """Characters of ``text`` the font has no glyph for (spaces and line breaks are fine)."""
    cov = coverage(path)
    seen: list[str] = []
    for ch in text:
        if ord(ch) not in cov and not ch.isspace() and ch not in seen and ord(ch) not in _INVISIBLE:
            seen.append(ch)
    return seen


_INVISIBLE = {0x200B, 0x200C, 0x200D, 0xFE0E, 0xFE0F, 0x00AD}
