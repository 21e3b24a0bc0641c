"""Shared reportlab pieces for the booklet and the handouts (the only PDF-writing helpers).

Fonts are registered by an explicit call, user text is escaped before any markup is added,
QR codes are vector squares, and pictures come from the image stage already sized.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph

from . import fonts, markdown, theme

FONT = "MBSans"
FONT_BOLD = "MBSans-Bold"
FONT_ITALIC = "MBSans-Italic"
FONT_BOLD_ITALIC = "MBSans-BoldItalic"

_registered = False


def setup() -> None:
    """Register the bundled Noto Sans family (embedded and subset) and PDF settings. Idempotent."""
    global _registered
    if _registered:
        return
    rl_config.useA85 = 0  # binary streams: no 25% ASCII85 overhead
    files = fonts.PRINT_FILES
    pdfmetrics.registerFont(TTFont(FONT, str(files["regular"])))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(files["bold"])))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(files["italic"])))
    pdfmetrics.registerFont(TTFont(FONT_BOLD_ITALIC, str(files["bolditalic"])))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)
    _registered = True


def colour(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


def text(s: str | None) -> str:
    """Plain user text as reportlab Paragraph markup: escaped, nothing interpreted."""
    return escape(s or "").replace("\n", "<br/>")


def rich(s: str | None) -> str:
    """One line of prose: **bold** and *italic* become tags, everything else is escaped."""
    out = []
    for run in markdown.inline(" ".join((s or "").split())):
        piece = escape(run.text)
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return "".join(out)


def runs_markup(runs) -> str:
    out = []
    for run in runs:
        piece = escape(run.text)
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return "".join(out)


def prose(s: str | None, style: ParagraphStyle, bullet_style: ParagraphStyle | None = None) -> list[Flowable]:
    """Prose with paragraphs and "- " lists as Paragraph flowables (bullets hang)."""
    flow: list[Flowable] = []
    bullet_style = bullet_style or ParagraphStyle(
        style.name + "-bullet", parent=style, leftIndent=style.fontSize * 1.2, bulletIndent=style.fontSize * 0.2,
    )
    for block in markdown.blocks(s):
        if isinstance(block, markdown.Paragraph):
            flow.append(Paragraph(runs_markup(block.runs), style))
        else:
            for item in block.items:
                flow.append(Paragraph(runs_markup(item), bullet_style, bulletText="•"))
    return flow


def style(name: str, size: float, leading: float | None = None, **kw) -> ParagraphStyle:
    """A paragraph style in the bundled family; ``size`` in points (never below 7 pt)."""
    size = max(size, theme.MIN_PRINT_PT)
    kw.setdefault("textColor", colour(theme.INK))
    kw.setdefault("alignment", TA_LEFT)
    return ParagraphStyle(name, fontName=kw.pop("fontName", FONT), fontSize=size, leading=leading or size * 1.35, **kw)


def qr_drawing(url: str, size_pt: float, fill: str = "#000000") -> Drawing:
    """A QR code for ``url`` as vector squares, ``size_pt`` wide including a 2-module quiet zone."""
    import segno

    code = segno.make(url, error="m", micro=False)
    rows = list(code.matrix_iter(border=2))
    n = len(rows)
    module = size_pt / n
    d = Drawing(size_pt, size_pt)
    d.add(Rect(0, 0, size_pt, size_pt, fillColor=colors.white, strokeColor=None))
    ink = colour(fill)
    for y, row in enumerate(rows):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                # one rectangle per horizontal run of dark modules; slight overlap avoids hairline gaps
                d.add(Rect(start * module, size_pt - (y + 1) * module, (x - start) * module + 0.05, module + 0.05,
                           fillColor=ink, strokeColor=None))
            else:
                x += 1
    return d


def fitted_size(width_px: int, height_px: int, box_w: float, box_h: float) -> tuple[float, float]:
    """The largest size with the picture's aspect ratio inside a box (no distortion)."""
    if not width_px or not height_px:
        return box_w, box_h
    scale = min(box_w / width_px, box_h / height_px)
    return width_px * scale, height_px * scale
