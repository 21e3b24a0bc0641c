"""The booklet's page geometry and type: page and frame sizes, type sizes and colours.

Units: ``*_pt`` and bare lengths are PDF points, ``*_mm`` millimetres.
Type floors (health-literacy guidance): body 11 pt or more (16 pt in large print); cautions
and dose at body size; nothing a client must read under :data:`theme.BOOKLET_READ_MIN_PT`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ... import theme
from ...model import Program, right_to_left
from ..page import TextStyle


@dataclass(frozen=True)
class Geometry:
    """Page, frame and type sizes of one booklet, in points."""

    page_size: str
    page_w: float
    page_h: float
    margin_x: float
    margin_top: float
    margin_bottom: float
    body_pt: float
    large_print: bool
    rtl: bool = False  # the program reads right to left: start-aligned things go to the right

    @property
    def frame_w(self) -> float:
        return self.page_w - 2 * self.margin_x

    @property
    def frame_h(self) -> float:
        return self.page_h - self.margin_top - self.margin_bottom

    @property
    def frame_top(self) -> float:
        """The ``y`` of the frame's top edge (origin bottom-left)."""
        return self.page_h - self.margin_top

    @property
    def leading(self) -> float:
        return round(self.body_pt * theme.BOOKLET_LEADING, 2)

    @property
    def unit(self) -> float:
        """The spacing step: half a body line. Vertical gaps are multiples of it."""
        return self.leading / 2

    @property
    def scale(self) -> float:
        """Type scale relative to the 11 pt A5 design."""
        return self.body_pt / 11.0

    @property
    def wide(self) -> bool:
        return self.frame_w > theme.pt(140)

    @property
    def small_pt(self) -> float:
        """Captions, labels, cues: the smallest type a client reads (in large print, body size:
        nothing a client reads is smaller)."""
        if self.large_print:
            return self.body_pt
        return max(theme.BOOKLET_READ_MIN_PT, round(self.body_pt * 0.86, 2))


def geometry(program: Program, large_print: bool | None = None, page_size: str | None = None) -> Geometry:
    opts = program.booklet
    size = page_size or opts.page_size
    large = opts.large_print if large_print is None else large_print
    w, h = theme.page_size_pt(size)
    side, top, bottom = theme.BOOKLET_MARGINS_MM[size]
    body = theme.BOOKLET_BODY_PT[size]
    if large:
        body = max(body, theme.BOOKLET_LARGE_BODY_PT)
        side = min(side, 14.0) if size in ("A5", "half-letter") else side
    rtl = right_to_left(program.language)
    # the measure: wide pages (A4, letter) at normal size get wider margins, so a body line
    # holds about BOOKLET_MEASURE_CHARS characters rather than 80 or more
    measure = theme.BOOKLET_MEASURE_CHARS * theme.BOOKLET_CHAR_EM * body
    margin_x = max(theme.pt(side), (w - measure) / 2)
    return Geometry(size, w, h, margin_x, theme.pt(top), theme.pt(bottom), body, large, rtl)


class Styles:
    """Every text style of one booklet (sizes in points), from its geometry and accent colour."""

    def __init__(self, g: Geometry, accent: str):
        b, lead, small = g.body_pt, g.leading, g.small_pt
        ink, muted = theme.INK, theme.MUTED
        self.accent = accent
        self.body = TextStyle(b, lead, ink)
        self.bold = TextStyle(b, lead, ink, bold=True)
        self.lead = TextStyle(round(b * 1.09, 2), round(b * 1.09 * 1.4, 2), ink)
        self.small = TextStyle(small, round(small * 1.38, 2), muted)
        self.small_ink = TextStyle(small, round(small * 1.38, 2), ink)
        self.caption = TextStyle(small, round(small * 1.32, 2), muted, italic=True)
        self.label = TextStyle(small, round(small * 1.3, 2), accent, bold=True)
        h1 = round(b * (1.75 if g.large_print else 1.82), 1)
        self.h1 = TextStyle(h1, round(h1 * 1.18, 2), accent, bold=True)
        h2 = round(b * 1.3, 1)
        self.h2 = TextStyle(h2, round(h2 * 1.25, 2), accent, bold=True)
        self.h3 = TextStyle(b, lead, accent, bold=True)
        self.step_no = TextStyle(b, lead, accent, bold=True)
        self.cue = TextStyle(small, lead, accent, bold=True)
        self.dose_label = TextStyle(b, lead, accent, bold=True)
        self.toc0 = TextStyle(b, lead, ink, bold=True)
        self.toc1 = TextStyle(b, lead, ink)
        title = round(b * 2.4, 1)
        self.cover_title = TextStyle(title, round(title * 1.15, 2), accent, bold=True)
        sub = round(b * 1.2, 1)
        self.cover_sub = TextStyle(sub, round(sub * 1.35, 2), ink)
        self.cover_small = TextStyle(small, round(small * 1.4, 2), muted)
        foot = max(theme.BOOKLET_FOOTER_PT, theme.BOOKLET_LARGE_FOOTER_PT if g.large_print else 0.0)
        self.footer = TextStyle(foot, round(foot * 1.3, 2), muted)
        self.head_cell = TextStyle(small, round(small * 1.25, 2), muted, bold=True)
        if g.rtl:  # every line of a right-to-left booklet starts at the right (see TextBlock.runs)
            for name, style in list(vars(self).items()):
                if isinstance(style, TextStyle):
                    setattr(self, name, replace(style, frame_rtl=True))
        self.frame_rtl = g.rtl

    def level(self, strong: str) -> TextStyle:
        """The label of a caution panel, in its level's colour, at body size."""
        return TextStyle(self.body.size, self.body.leading, strong, bold=True, frame_rtl=self.frame_rtl)

    @staticmethod
    def shrunk(style: TextStyle, size: float) -> TextStyle:
        return replace(style, size=size, leading=round(style.leading * size / style.size, 2))
