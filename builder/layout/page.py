"""Printed pages as plain data: what a PDF planner produces and :mod:`builder.render.pdf.draw` draws.

A :class:`Document` is a tuple of :class:`Page`; a page is a tuple of items drawn in order:
text runs, boxes, rules, pictures, QR codes and link areas. Every position was decided by
the planner; the renderer only draws. Lengths are PDF points, with the origin at the
bottom-left corner of the page and ``y`` going up (text is placed by its baseline).

:class:`TextBlock` is the planner's helper for setting paragraphs: it wraps them with
:mod:`.text` and turns the lines into positioned :class:`TextRun` items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..images import ImageRequest
from . import text as tx
from .qr import QRMatrix
from .qr import matrix as qr_matrix


@dataclass(frozen=True)
class TextRun:
    """A piece of text drawn from ``x`` along the baseline ``y``."""

    x: float
    y: float
    text: str
    face: str  # PDF font name, see builder.fonts.Face
    size: float
    colour: str
    link: str | None = None  # web address: the run is a link
    width: float = 0.0
    heavier: bool = False  # bold in a face that has no bold: drawn with a thin outline as well


@dataclass(frozen=True)
class Box:
    """A rectangle (``x``, ``y`` its bottom-left corner), filled and/or outlined."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    line_w: float = 0.0
    radius: float = 0.0


@dataclass(frozen=True)
class Rule:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float = 0.5


@dataclass(frozen=True)
class Picture:
    """A prepared picture drawn into the rectangle (its aspect already kept by the planner)."""

    x: float
    y: float
    w: float
    h: float
    request: ImageRequest
    alt: str = ""
    # placed smaller than its frame for lack of pixels: ((name, value), ...) of a ``low_resolution``
    # console note (the picture, the ppi it would have had filling the frame, the pixels that would fill it)
    short_of: tuple = ()


@dataclass(frozen=True)
class QRCode:
    """A QR code for ``url``, ``size`` points square (quiet zone included); ``modules`` are its
    dark modules (:mod:`.qr`), worked out when the item is made."""

    x: float
    y: float
    size: float
    url: str
    colour: str = "#000000"
    modules: QRMatrix | None = None

    def __post_init__(self):
        if self.modules is None:
            object.__setattr__(self, "modules", qr_matrix(self.url))


@dataclass(frozen=True)
class LinkArea:
    """A clickable rectangle: to a web address, or to a place in the document (``dest``)."""

    x: float
    y: float
    w: float
    h: float
    url: str | None = None
    dest: str | None = None


Item = TextRun | Box | Rule | Picture | QRCode | LinkArea


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    items: tuple[Item, ...]
    anchors: tuple[str, ...] = ()  # places links and the outline point to
    label: str = ""  # what the page shows, for messages and tests


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark in the PDF's outline: ``title`` at ``anchor`` (a page's anchor), ``level`` from 0."""

    title: str
    anchor: str
    level: int = 0


@dataclass(frozen=True)
class Document:
    """A whole PDF: its pages, outline and metadata."""

    pages: tuple[Page, ...]
    title: str
    author: str = ""
    subject: str = ""
    language: str = "en"
    outline: tuple[OutlineEntry, ...] = ()
    creator: str = "movebook"
    rtl: bool = False  # read right to left: viewers show facing pages bound on the right
    edition: str = ""  # whose it is: "" for the program's own, a client's id for theirs (not printed)

    def image_requests(self) -> list[ImageRequest]:
        """Every picture box the document places, once."""
        return list(dict.fromkeys(it.request for pg in self.pages for it in pg.items if isinstance(it, Picture)))


# --------------------------------------------------------------------------- setting text


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph is set: size (pt), line pitch (pt), colour and default weight."""

    size: float
    leading: float
    colour: str
    bold: bool = False
    italic: bool = False
    align: str = "start"  # start | left | right | center | end (start: left, or right for right-to-left text)
    frame_rtl: bool = False  # set in a right-to-left document: "start" is the right edge for every line


@dataclass
class TextBlock:
    """Paragraphs wrapped to a width: its lines know their height before they are placed."""

    lines: list[tx.Line]
    style: TextStyle
    width: float
    first_baseline: float = field(default=0.0)  # from the block's top to the first baseline

    @classmethod
    def of(cls, spans, style: TextStyle, width: float, first_width: float | None = None) -> "TextBlock":
        spans = tuple(s if (s.bold or not style.bold) and (s.italic or not style.italic)
                      else tx.Span(s.text, s.bold or style.bold, s.italic or style.italic, s.colour, s.link)
                      for s in spans)
        lines = tx.wrap(spans, style.size, width, first_width=first_width)
        return cls(lines, style, width, first_baseline=style.size * 0.93 + (style.leading - style.size * 1.2) / 2)

    @property
    def height(self) -> float:
        return len(self.lines) * self.style.leading

    def split(self, n: int) -> tuple["TextBlock", "TextBlock"]:
        """The first ``n`` lines and the rest (for a page break inside a paragraph)."""
        a = TextBlock(self.lines[:n], self.style, self.width, self.first_baseline)
        b = TextBlock(self.lines[n:], self.style, self.width, self.first_baseline)
        return a, b

    def _align(self, align: str) -> str:
        """``align`` as an edge: in a right-to-left document every line starts at the right edge
        (a paragraph of Latin text too: its words keep their order, its lines sit flush right)."""
        if self.style.frame_rtl and align in ("start", "end"):
            return "right" if align == "start" else "left"
        return align

    def runs(self, x: float, top: float, align: str | None = None) -> list[Item]:
        """The block's text set with its first line's top at ``top``, between ``x`` and ``x + width``."""
        out: list[Item] = []
        style = self.style
        for k, line in enumerate(self.lines):
            base = top - self.first_baseline - k * style.leading
            x0 = x + line.offset(self.width, self._align(align or style.align))
            for p in line.pieces:
                out.append(TextRun(x0 + p.x, base + p.rise, p.text, p.face, p.size, p.colour or style.colour, p.link,
                                   p.width, p.heavier))
                if p.link:
                    out.append(LinkArea(x0 + p.x, base - p.size * 0.25, p.width, p.size * 1.15, url=p.link))
        return out
