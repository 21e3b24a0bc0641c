"""The deck plan: plain, picklable data the renderer turns into a .pptx file.

A :class:`DeckPlan` holds slides; a slide holds shapes (text boxes of measured paragraphs,
pictures, QR codes, filled rectangles). Lengths are EMU, text sizes points. A shape that
names a ``placeholder`` kind ("title", "subtitle", "body", "pic", "sldNum") is written as
that placeholder of the slide's layout (:class:`LayoutRef`), so PowerPoint's outline view,
its accessibility checker and a template's styles see real titles and bodies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import Loc
from ...fonts import ARIAL, DeckFace
from ...images import ImageRequest
from ...model import Image
from ..qr import QRMatrix
from ..qr import matrix as qr_matrix
from .units import EMU_PER_INCH, IMAGE_PPI, INK, INSET_X_IN, INSET_Y_IN, MIN_SLIDE_PPI, SLIDE_H_IN, SLIDE_W_IN, inch


@dataclass(frozen=True)
class Span:
    """A run of text in one style. ``text`` is the user's text, literally."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None  # "#rrggbb"; None: the paragraph's colour
    link: str | None = None  # hyperlink address: the run is measured as one unbreakable unit
    breaks_after: str = ""  # characters after which a line may also break (a URL shown as plain text: "/")
    field: str | None = None  # a field PowerPoint fills in ("slidenum"); ``text`` is its current value


@dataclass(frozen=True)
class Para:
    """A paragraph: spans at ``size_pt`` with an exact line pitch of ``line_pt``."""

    spans: tuple[Span, ...]
    size_pt: float
    line_pt: float
    colour: str | None = INK
    align: str | None = "left"  # left | right | center; None: the placeholder's own
    space_before_pt: float = 0.0  # ignored on the first paragraph of a box
    bullet: bool = False  # a real bullet (a:buChar) hanging at ``indent_emu``
    number: int | None = None  # a real list number (a:buAutoNum starting here) hanging at ``indent_emu``
    indent_emu: int = 0
    rtl: bool = False  # a right-to-left paragraph (Arabic, Hebrew): a:pPr rtl="1"
    lines: int = 1  # how many lines the planner measured
    face: DeckFace = ARIAL  # the font its runs name and how it was measured
    marker_colour: str | None = None  # its list number or bullet; None: the text's colour

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def height_pt(self) -> float:
        return self.lines * self.line_pt


_INSETS = (inch(INSET_X_IN), inch(INSET_Y_IN), inch(INSET_X_IN), inch(INSET_Y_IN))


@dataclass(frozen=True)
class TextBox:
    """A text box at (x, y) with size (w, h), all in EMU; insets in EMU (l, t, r, b)."""

    x: int
    y: int
    w: int
    h: int
    paras: tuple[Para, ...]
    role: str = "text"
    anchor: str | None = "top"  # top | middle | bottom; None: the placeholder's own
    insets: tuple[int, int, int, int] = _INSETS
    placeholder: str | None = None  # "title" | "subtitle" | "body" | "sldNum": the layout's placeholder of that kind

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
    halign: str = "center"  # left | center | right
    placeholder: str | None = None  # "pic": the layout's picture placeholder

    @property
    def most_w(self) -> int | float:
        """The widest the picture is shown (EMU): its pixels at :data:`MIN_SLIDE_PPI` (no limit
        for a picture of unknown size)."""
        if self.image.width_px <= 0:
            return math.inf
        return max(1, round(self.image.width_px / MIN_SLIDE_PPI * EMU_PER_INCH))

    def low_resolution(self) -> float | None:
        """The resolution (ppi) the picture would fill its box at when that is under
        :data:`MIN_SLIDE_PPI` (it is shown smaller), else None."""
        aspect = self.image.aspect
        fill_w = self.h * aspect if self.w / self.h > aspect else self.w
        return self.image.width_px / fill_w * EMU_PER_INCH if fill_w > self.most_w else None

    @property
    def request_px(self) -> tuple[int, int]:
        """Pixel box to ask the image stage for (slide resolution, 144 ppi)."""
        return (max(1, math.ceil(self.w / EMU_PER_INCH * IMAGE_PPI)), max(1, math.ceil(self.h / EMU_PER_INCH * IMAGE_PPI)))

    def placed(self, w_px: float | None = None, h_px: float | None = None) -> tuple[int, int, int, int]:
        """The picture's own rectangle inside the box, aspect kept, never larger than its pixels
        allow at :data:`MIN_SLIDE_PPI` (EMU)."""
        aspect = (w_px / h_px) if w_px and h_px else self.image.aspect
        if self.w / self.h > aspect:
            h = self.h
            w = round(h * aspect)
        else:
            w = self.w
            h = round(w / aspect)
        most = self.most_w
        valign, halign = self.valign, self.halign
        if w > most:
            w, h = most, max(1, round(most / aspect))
            if self.x == 0:  # a box at the slide's edge, for a picture to bleed off it: a small one stands clear
                valign, halign = "middle", "center"
        dy = {"top": 0, "middle": (self.h - h) // 2, "bottom": self.h - h}[valign]
        dx = {"left": 0, "center": (self.w - w) // 2, "right": self.w - w}[halign]
        return (self.x + dx, self.y + dy, w, h)


@dataclass(frozen=True)
class QRCode:
    """A QR code of ``data`` drawn in the square (x, y, w, w) in EMU, quiet zone included; a click opens ``data``."""

    x: int
    y: int
    w: int
    data: str
    alt: str
    colour: str = "#000000"
    role: str = "qr"
    modules: QRMatrix | None = None  # its dark modules (:mod:`..qr`), worked out when the shape is made

    def __post_init__(self):
        if self.modules is None:
            object.__setattr__(self, "modules", qr_matrix(self.data))

    @property
    def h(self) -> int:
        return self.w


@dataclass(frozen=True)
class Rect:
    """A filled rectangle (accent rule, caution panel, thumbnail stand-in), EMU."""

    x: int
    y: int
    w: int
    h: int
    fill: str
    role: str = "rule"


Shape = TextBox | Picture | QRCode | Rect


@dataclass(frozen=True)
class SlidePlan:
    kind: str  # title | agenda | intro | cautions | movement | routine | closing
    title: str
    shapes: tuple[Shape, ...]
    notes: str = ""
    layout: str = "title_only"  # the layout role: cover | title_only | content | picture
    notes_rtl: tuple[bool, ...] = ()  # one flag a line of ``notes``: a right-to-left paragraph (Hebrew, Arabic)


@dataclass(frozen=True)
class LayoutRef:
    """A layout the deck uses: its index among the master's layouts and its placeholders.

    ``placeholders`` maps a kind ("title", "subtitle", "body", "pic", "sldNum") to the
    placeholder's XML type and idx (``("obj", 1)``); ``number_box`` is where the layout's
    slide number sits (EMU), if it has one.
    """

    index: int
    placeholders: tuple[tuple[str, str, int], ...] = ()
    number_box: tuple[int, int, int, int] | None = None

    def ph(self, kind: str) -> tuple[str, int] | None:
        for k, t, i in self.placeholders:
            if k == kind:
                return t, i
        return None


Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Area:
    """Where a template layout puts a slide's title, text and picture (x, y, w, h in EMU).

    ``text`` is the part of its body placeholder below the title; ``picture`` a placeholder
    for the picture beside the text (None: pictures and text share the text box).
    """

    title: Box | None
    text: Box | None
    picture: Box | None = None


@dataclass(frozen=True)
class Palette:
    """The colours of one layout's slides ("#rrggbb"); None leaves a text's colour to the template.

    ``label``: headings inside the text, list numbers, breath words, links; ``accent``:
    filled shapes (rules, tints).
    """

    ink: str | None = INK
    title: str | None = INK
    muted: str | None = None
    label: str | None = None
    accent: str | None = None
    background: tuple[str, ...] = ()  # the layout's background colours, for the contrast check


@dataclass(frozen=True)
class Style:
    """A deck's fonts and, for a template, the colours of each layout role."""

    title_face: DeckFace = ARIAL
    body_face: DeckFace = ARIAL
    palettes: tuple[tuple[str, Palette], ...] = ()  # layout role -> its colours
    link: str | None = None  # the hyperlink colour the deck writes into the theme; None keeps the template's

    def palette(self, role: str) -> Palette | None:
        return dict(self.palettes).get(role)


@dataclass(frozen=True)
class Geometry:
    """Slide size and, for a user template, the title placeholder boxes (EMU)."""

    width: int
    height: int
    title_box: tuple[int, int, int, int] | None = None  # a template layout's title placeholder
    cover_title_box: tuple[int, int, int, int] | None = None  # a template's title-slide title (ctrTitle or title)
    cover_subtitle_box: tuple[int, int, int, int] | None = None  # a template's title-slide subTitle
    cover_align: str = "left"  # the subtitle placeholder's alignment
    content_bottom: int | None = None  # lowest edge of the template's body placeholder (its footer lies below)
    template: bool = False
    aspect: str = "16:9"
    areas: tuple[tuple[str, Area], ...] = ()  # layout role -> where its layout puts title, text and picture

    def area(self, role: str) -> Area | None:
        return dict(self.areas).get(role)

    @classmethod
    def for_aspect(cls, aspect: str) -> "Geometry":
        aspect = aspect if aspect in SLIDE_W_IN else "16:9"
        return cls(inch(SLIDE_W_IN[aspect]), inch(SLIDE_H_IN), aspect=aspect)


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
    layouts: dict[str, LayoutRef] = field(default_factory=dict)  # layout role -> the layout
    link_colour: str | None = None  # the theme's hyperlink colour to write; None keeps the template's
    leave_out: tuple[str, ...] = ()  # parts of the template not to copy (broken ones the deck can do without)
    low_resolution: tuple[tuple[tuple[str, object], ...], ...] = ()
    """Pictures shown smaller than their box for want of pixels: each the values of a
    ``low_resolution_slide`` console note."""

    def pictures(self) -> list[Picture]:
        return [s for sl in self.slides for s in sl.shapes if isinstance(s, Picture)]

    def image_requests(self) -> list[ImageRequest]:
        """The pictures the deck needs, once each (see :func:`image_request`)."""
        return list(dict.fromkeys(image_request(pic) for pic in self.pictures()))


def image_request(pic: Picture) -> ImageRequest:
    """What the deck asks of the image stage for a picture: its box at slide resolution, or a
    print-sized variant of up to twice that (pictures are placed by box, so either fits)."""
    return ImageRequest(pic.image.path, *pic.request_px, oversample=2.0)
