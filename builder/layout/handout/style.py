"""The handout's design numbers: page geometry and the type scale for a body size.

Lengths are PDF points (``*_mm`` millimetres). Every size a client reads is at least
:data:`MIN_PT`; large print sets the body at :data:`LARGE_BODY_PT`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import theme
from ..page import TextStyle

MIN_PT = 9.5
"""Nothing on a handout is smaller (captions, contact and QR link included)."""
BODY_PTS = (12.0, 11.5, 11.0, 10.5, 10.0, 9.5)
"""Body sizes to try, largest first: a routine's pages take the largest that fits them."""
MULTI_PAGE_MIN_PT = 11.0
"""A routine that needs more than one page anyway keeps its body at least this size (it may
take another page for it); only a routine that then fits one page goes down to :data:`MIN_PT`."""
LARGE_BODY_PT = 16.0
LARGE_SMALL_PT = 12.0  # contact, captions and labels in large print

MARGIN_X_MM = 13.0
MARGIN_TOP_MM = 11.0
MARGIN_BOTTOM_MM = 10.0
QR_MM = 22.0  # printed QR width, quiet zone included (at least theme.QR_MIN_MM)
LOGO_W_MM = 38.0  # the logo's box at the end of every page's footer
LOGO_H_MM = 10.0
GUTTER_MM = 5.0  # between grid columns
HEADER_MAX = 0.3  # the header takes at most this much of the page; longer parts go into the page's flow
FOOTER_MAX = 0.22  # the same for the footer (contact and QR code)
PICTURE_PPI = 300  # pictures are prepared at this resolution for their placed size
MIN_PPI = 150  # ... and never placed larger than their pixels allow at this resolution
#: A card's picture may take a picture the booklet places of up to this many times its own size
#: (a PDF places a picture by its box): the photo is resized once less, and prints sharper.
PICTURE_OVERSAMPLE = 1.5
PANEL = theme.mix(theme.RULE, theme.PAPER, 0.6)  # behind a movement without a picture


@dataclass(frozen=True)
class Geometry:
    """The page and its margins, in points."""

    page_w: float
    page_h: float
    large_print: bool
    rtl: bool = False  # a right-to-left program: every line is set flush right

    @classmethod
    def of(cls, page_size: str, large_print: bool, rtl: bool = False) -> "Geometry":
        w, h = theme.page_size_pt(page_size)
        return cls(w, h, large_print, rtl)

    @property
    def left(self) -> float:
        return theme.pt(MARGIN_X_MM)

    @property
    def width(self) -> float:
        return self.page_w - 2 * self.left

    @property
    def top(self) -> float:
        return self.page_h - theme.pt(MARGIN_TOP_MM)

    @property
    def bottom(self) -> float:
        return theme.pt(MARGIN_BOTTOM_MM)

    @property
    def gutter(self) -> float:
        return theme.pt(GUTTER_MM)

    @property
    def small(self) -> float:
        """Contact, captions, the BEGIN / FINISH labels."""
        return LARGE_SMALL_PT if self.large_print else MIN_PT

    @property
    def body_sizes(self) -> tuple[float, ...]:
        return (LARGE_BODY_PT,) if self.large_print else BODY_PTS

    @property
    def multi_page_min(self) -> float:
        return LARGE_BODY_PT if self.large_print else MULTI_PAGE_MIN_PT

    def style(self, size: float, colour: str = theme.INK, leading: float = 1.3, **kw) -> TextStyle:
        """A text style; in a right-to-left program its lines are flush right whatever their
        language (each line still reads in its own direction: English is never mirrored)."""
        if self.rtl:
            kw.setdefault("align", "right")
        return TextStyle(size, round(size * leading, 2), colour, **kw)


@dataclass(frozen=True)
class Type:
    """The type of a routine's movements and notes, from its body size (pt)."""

    body: float
    geo: Geometry
    accent: str

    @property
    def leading(self) -> float:
        return round(self.body * 1.3, 2)

    @property
    def unit(self) -> float:
        """The vertical spacing step: half a body line."""
        return self.leading / 2

    @property
    def name(self) -> TextStyle:
        return self.geo.style(self.body + (3 if self.geo.large_print else 2), leading=1.18, bold=True)

    @property
    def text(self) -> TextStyle:
        return self.geo.style(self.body)

    @property
    def muted(self) -> TextStyle:
        return self.geo.style(self.body, theme.MUTED)

    @property
    def strong(self) -> TextStyle:
        return self.geo.style(self.body, bold=True)

    @property
    def note(self) -> TextStyle:
        return self.geo.style(self.body, self.accent, italic=True)

    @property
    def strip(self) -> "Type":
        """The type of the program's other cautions, after the movements: the body's (a caution
        is never set smaller than the text it warns about)."""
        return self

    @property
    def label(self) -> TextStyle:
        """BEGIN, FINISH: small capitals in the accent."""
        return self.geo.style(self.geo.small, self.accent, bold=True)

    @property
    def indent(self) -> float:
        """The hanging indent of a list item (bullets, step numbers)."""
        return self.body * 1.55

    @property
    def badge(self) -> float:
        """The number badge's height (pt)."""
        return max(self.body * 1.7, 17.0)
