"""Design numbers shared by every output: one place for sizes, spacing and colours.

Lengths carry their unit in the name (``_mm``, ``_pt``). Colours are "#rrggbb" strings;
the accent comes from the program's theme, everything else is neutral.
"""

from __future__ import annotations

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
PT_PER_MM = PT_PER_INCH / MM_PER_INCH

# Page sizes in millimetres (width, height), portrait.
PAGE_SIZES_MM = {
    "A5": (148.0, 210.0),
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "letter": (215.9, 279.4),
    "half-letter": (139.7, 215.9),
    "tabloid": (279.4, 431.8),
}
# Saddle-stitch sheets: two pages side by side on this paper (landscape).
PRINT_SHEET = {"A5": "A4", "A4": "A3", "half-letter": "letter", "letter": "tabloid"}

INK = "#1f2a2e"  # body text
MUTED = "#5b6770"  # captions, footers, secondary text
RULE = "#c9d1d3"  # hairlines, log-table rules
PAPER = "#ffffff"

# Caution levels: their colours (the accent is used for "info"); their words are labels.
LEVEL_COLOUR = {"caution": "#a35f00", "stop": "#b3261e"}
LEVEL_TINT = {"caution": "#fdf3e3", "stop": "#fbe9e7"}

MIN_PRINT_PT = 7.0  # nothing on paper is smaller
QR_MIN_MM = 22.0  # printed QR codes are at least this wide (scannable from paper)


def pt(mm: float) -> float:
    """Millimetres to PDF points."""
    return mm * PT_PER_MM


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way toward ``other``."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b))


def tint(colour: str, amount: float = 0.88) -> str:
    """A light tint of ``colour`` (for panels and callout backgrounds)."""
    return mix(colour, "#ffffff", amount)


def luminance(colour: str) -> float:
    """WCAG relative luminance of "#rrggbb" (0 black .. 1 white)."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 .. 21); AA asks 4.5 of normal text, 3 of large text."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def min_contrast(colour: str, backgrounds) -> float:
    """The lowest contrast of ``colour`` against any of ``backgrounds`` (21 if there are none)."""
    return min((contrast(colour, bg) for bg in backgrounds), default=21.0)


PAPER_WHITE = "#ffffff"
READABLE_CONTRAST = 4.5
"""An accent colour is printed at least this dark against white paper (WCAG AA for text): it
sets headings, labels and step numbers."""


def readable(colour: str, paper: str = PAPER_WHITE) -> str:
    """``colour``, or the shade of it nearest to it (moved toward black) that reads on ``paper``
    at :data:`READABLE_CONTRAST`."""
    if contrast(colour, paper) >= READABLE_CONTRAST:
        return colour
    lo, hi = 0.0, 1.0  # how far toward black: hi reads
    for _ in range(20):
        mid = (lo + hi) / 2
        if contrast(mix(colour, "#000000", mid), paper) >= READABLE_CONTRAST:
            hi = mid
        else:
            lo = mid
    return mix(colour, "#000000", hi)


def level_colours(level: str, accent: str) -> tuple[str, str]:
    """(strong, tint) colours of a caution level."""
    if level == "info":
        return accent, tint(accent, 0.9)
    return LEVEL_COLOUR[level], LEVEL_TINT[level]


# --------------------------------------------------------------------------- booklet
# Margins (side, top, bottom) in mm per page size; the footer sits in the bottom margin.
BOOKLET_MARGINS_MM = {
    "A5": (16.0, 17.0, 20.0),
    "half-letter": (15.0, 17.0, 20.0),
    "A4": (24.0, 22.0, 24.0),
    "letter": (24.0, 20.0, 24.0),
}
BOOKLET_BODY_PT = {"A5": 11.0, "half-letter": 11.0, "A4": 12.0, "letter": 12.0}
BOOKLET_LARGE_BODY_PT = 16.0  # large_print: body text at least this size (health-literacy guidance: 16-18 pt)
BOOKLET_LEADING = 1.42  # body leading / body size
BOOKLET_READ_MIN_PT = 9.5  # nothing a client must read in the booklet is smaller (captions, labels, page numbers)
BOOKLET_FOOTER_PT = 9.5
BOOKLET_LARGE_FOOTER_PT = 12.0  # large print: running heads and page numbers at least this size
BOOKLET_MEASURE_CHARS = 68  # body lines hold about this many characters at most (55-75 reads best)
BOOKLET_CHAR_EM = 0.483  # the mean advance of a character of English body text in Noto Sans, in ems
BOOKLET_FOOTER_BASELINE_MM = 10.0  # from the bottom edge


def page_size_pt(name: str, landscape: bool = False) -> tuple[float, float]:
    """Width and height of a named paper size in points."""
    w, h = PAGE_SIZES_MM[name]
    w, h = pt(w), pt(h)
    return (h, w) if landscape else (w, h)
