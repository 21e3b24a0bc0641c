"""The bundled fonts (SIL Open Font Licence, see fonts/OFL.txt) and what characters they cover.

The booklet and handouts print in Noto Sans, embedded and subset. The deck names Arial,
which presenters have, and measures its text with Liberation Sans, Arial's metric twin.

Characters Noto Sans lacks (Chinese, Japanese, Thai, Armenian, Georgian, Ethiopic...) are
printed in a fallback font found on the machine (:data:`FALLBACK_FONTS`), if there is one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).parent

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


FALLBACK_FONTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # (name in the PDF, candidate TrueType files); the first file found is used.
    # Only scripts that print correctly without text shaping or right-to-left ordering.
    ("DroidSansFallback", (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # Debian/Ubuntu fonts-droid-fallback
        "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",  # Fedora
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",  # macOS
        "/Library/Fonts/Arial Unicode.ttf",
    )),
    ("NotoSansThai", ("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",)),
    ("NotoSansArmenian", ("/usr/share/fonts/truetype/noto/NotoSansArmenian-Regular.ttf",)),
    ("NotoSansGeorgian", ("/usr/share/fonts/truetype/noto/NotoSansGeorgian-Regular.ttf",)),
    ("NotoSansEthiopic", ("/usr/share/fonts/truetype/noto/NotoSansEthiopic-Regular.ttf",)),
    ("NotoSansSymbols2", ("/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",)),
)
"""Fallback fonts for print, looked for on the machine (Debian and Ubuntu: fonts-droid-fallback, fonts-noto-core)."""


@lru_cache(maxsize=None)
def fallback_files() -> tuple[tuple[str, Path], ...]:
    """The fallback fonts present on this machine: (name, file)."""
    found = []
    for name, candidates in FALLBACK_FONTS:
        for c in candidates:
            p = Path(c)
            if p.is_file():
                found.append((name, p))
                break
    return tuple(found)


@lru_cache(maxsize=4096)
def fallback_for(ch: str) -> tuple[str, Path] | None:
    """The first fallback font (name, file) with a glyph for ``ch``, or None."""
    cp = ord(ch)
    for name, path in fallback_files():
        if cp in coverage(path):
            return name, path
    return None
