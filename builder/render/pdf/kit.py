"""Shared reportlab pieces for the booklet and the handouts (the only PDF-writing helpers).

Fonts are registered by an explicit call, user text is escaped before any markup is added,
QR codes are vector squares, and pictures come from the image stage already sized.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import os
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph

from ... import fonts

from ...model import markdown

from ... import theme

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


@contextlib.contextmanager
def images_made_once():
    """Within this block, each picture file becomes a PDF image object once, not once per layout pass.

    reportlab reads (and for PNG, decompresses and recompresses) a picture each time a
    layout pass draws it, and a booklet is laid out twice. The object made the first
    time is copied for later passes: same bytes, a fraction of the time. Files are told
    apart by path, size and modification time; pictures given as ImageReader are not kept.
    """
    from reportlab.pdfbase import pdfdoc

    original = pdfdoc.PDFImageXObject
    made: dict[tuple, dict] = {}

    class MadeOnce(original):
        def __init__(self, name, source=None, mask=None):
            key = None
            if isinstance(source, str):
                try:
                    st = os.stat(source)
                    key = (source, st.st_size, st.st_mtime_ns, repr(mask))
                except OSError:
                    pass
            if key is not None and key in made:
                state = dict(made[key])
                smask = state.get("_smask")
                if smask is not None:
                    # the soft mask is registered in each pass's document under its own name
                    smask = copy.copy(smask)
                    smask.__dict__.pop("__InternalName__", None)
                    state["_smask"] = smask
                self.__dict__.update(state)
                self.name = name
                return
            super().__init__(name, source, mask)
            if key is not None:
                made[key] = dict(self.__dict__)

    pdfdoc.PDFImageXObject = MadeOnce
    try:
        yield
    finally:
        pdfdoc.PDFImageXObject = original


def colour(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


_fallbacks_registered: set[str] = set()


def _fallback_name(ch: str) -> str | None:
    """The registered PDF font name to print ``ch`` in when Noto Sans lacks it, or None."""
    found = fonts.fallback_for(ch)
    if found is None:
        return None
    name, path = found
    if name not in _fallbacks_registered:
        pdfmetrics.registerFont(TTFont(name, str(path)))
        # one face for every style, so <b> and <i> around it still resolve
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        _fallbacks_registered.add(name)
    return name


def font_runs(s: str) -> list[tuple[str, str | None]]:
    """``s`` cut into runs of (text, fallback font name or None for the main font)."""
    if s.isascii():
        return [(s, None)]
    cov = fonts.coverage(fonts.PRINT_FILES["regular"])
    runs: list[tuple[str, str | None]] = []
    for ch in s:
        face = None if ord(ch) in cov else _fallback_name(ch)
        if runs and runs[-1][1] == face:
            runs[-1] = (runs[-1][0] + ch, face)
        else:
            runs.append((ch, face))
    return runs


def esc(s: str) -> str:
    """User text as Paragraph markup: escaped, and set in a fallback font where Noto Sans has no glyph."""
    if s.isascii():
        return escape(s)
    return "".join(escape(t) if face is None else f'<font face="{face}">{escape(t)}</font>' for t, face in font_runs(s))


def text_width(s: str, font: str, size: float) -> float:
    """Width in points of one line of user text in ``font``, fallback fonts included."""
    return sum(pdfmetrics.stringWidth(t, face or font, size) for t, face in font_runs(s))


def text(s: str | None) -> str:
    """Plain user text as reportlab Paragraph markup: escaped, nothing interpreted."""
    return esc(s or "").replace("\n", "<br/>")


def rich(s: str | None) -> str:
    """One line of prose: **bold** and *italic* become tags, everything else is escaped."""
    out = []
    for run in markdown.inline(" ".join((s or "").split())):
        piece = esc(run.text)
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return "".join(out)


def runs_markup(runs) -> str:
    out = []
    for run in runs:
        piece = esc(run.text)
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


def facts_line(facts: list[str], style: ParagraphStyle, width: float, sep: str = " &nbsp;&nbsp;·&nbsp;&nbsp; ") -> Paragraph:
    """Short facts (markup) on one line joined by a middle dot; when they do not fit one line,
    one fact a line instead, so no line ever ends or starts with a stranded "·"."""
    para = Paragraph(sep.join(facts), style)
    if len(facts) > 1 and para.wrap(width, 1e6)[1] > style.leading * 1.5:
        para = Paragraph("<br/>".join(facts), style)
    return para


def style(name: str, size: float, leading: float | None = None, **kw) -> ParagraphStyle:
    """A paragraph style in the bundled family; ``size`` in points (never below 7 pt)."""
    size = max(size, theme.MIN_PRINT_PT)
    kw.setdefault("textColor", colour(theme.INK))
    kw.setdefault("alignment", TA_LEFT)
    kw.setdefault("bulletFontName", FONT)  # reportlab's default bullet font is Helvetica (not embedded)
    kw.setdefault("allowWidows", 0)  # never strand a paragraph's last line at the top of a page
    kw.setdefault("allowOrphans", 0)  # nor its first line at the bottom
    return ParagraphStyle(name, fontName=kw.pop("fontName", FONT), fontSize=size, leading=leading or size * 1.35, **kw)


@functools.lru_cache(maxsize=256)
def qr_runs(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """A QR code for ``url``: its width in modules (a 2-module quiet zone included) and
    its dark modules as horizontal runs ``(row, first column, length)``, row 0 at the top."""
    import segno

    code = segno.make(url, error="m", micro=False)
    rows = list(code.matrix_iter(border=2))
    runs = []
    for y, row in enumerate(rows):
        x, n = 0, len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(rows), tuple(runs)


def draw_qr(canv, url: str, size_pt: float, fill: str = "#000000") -> None:
    """A QR code ``size_pt`` wide with its lower left corner at the origin: a white square,
    then every run of dark modules as one filled path (one PDF operator list, quick to draw)."""
    n, runs = qr_runs(url)
    module = size_pt / n
    canv.saveState()
    canv.setFillColor(colors.white)
    canv.rect(0, 0, size_pt, size_pt, stroke=0, fill=1)
    canv.setFillColor(colour(fill))
    path = canv.beginPath()
    for y, x, length in runs:
        # slight overlap avoids hairline gaps between neighbouring runs
        path.rect(x * module, size_pt - (y + 1) * module, length * module + 0.05, module + 0.05)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


def fitted_size(width_px: int, height_px: int, box_w: float, box_h: float) -> tuple[float, float]:
    """The largest size with the picture's aspect ratio inside a box (no distortion)."""
    if not width_px or not height_px:
        return box_w, box_h
    scale = min(box_w / width_px, box_h / height_px)
    return width_px * scale, height_px * scale


def placed_size(width_px: int, height_px: int, box_w: float, box_h: float, min_ppi: float = 150.0) -> tuple[float, float]:
    """Size to place a prepared picture in a box: fitted (no distortion), but never so large
    that it falls below ``min_ppi`` (a small source is placed smaller rather than blurred)."""
    w, h = fitted_size(width_px, height_px, box_w, box_h)
    if width_px and w > 0:
        limit = width_px / min_ppi * 72.0
        if w > limit:
            h *= limit / w
            w = limit
    return w, h


class LocationFree(str):
    """A picture's path that formats as its file name only.

    reportlab names a PDF image object after ``"%s" % path``; the prepared pictures' file
    names are content hashes (see ``images.ImageStage``), so naming by them keeps the PDF's
    bytes the same wherever the workspace is, while the file is still opened by its full path.
    """

    def __str__(self) -> str:
        return os.path.basename(self)
