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
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ... import fonts

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

    reportlab reads a picture each time a document draws it. The object made the first time
    is copied for later documents: same bytes, a fraction of the time. Files are told apart
    by path, size and modification time; pictures given as ImageReader are not kept.

    An opaque PNG goes into the PDF as it is (see :func:`_embed_png`), where reportlab would
    decompress it, widen a palette to RGB and compress it again.
    """
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
            if not (mask is None and isinstance(source, str) and _embed_png(self, source)):
                super().__init__(name, source, mask)
            if key is not None:
                made[key] = dict(self.__dict__)

        def format(self, document):
            png = self.__dict__.get("_png")
            return super().format(document) if png is None else _png_stream(self, png, document)

    pdfdoc.PDFImageXObject = MadeOnce
    try:
        yield
    finally:
        pdfdoc.PDFImageXObject = original


def _png_parts(path: str) -> tuple | None:
    """(width, height, bit depth, colour type, palette, compressed pixels) of a PNG that a PDF
    can hold as it is: not interlaced, grey or RGB of 8 bits or a palette, no transparency.
    None for any other file (reportlab then converts it)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, ihdr, plte, idat = 8, None, None, []
    while pos + 8 <= len(data):
        length, kind = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            return None
        pos += 12 + length
        if kind == b"IHDR":
            ihdr = body
        elif kind == b"PLTE":
            plte = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"tRNS":
            return None
        elif kind == b"IEND":
            break
    if ihdr is None or len(ihdr) != 13 or not idat:
        return None
    width, height = int.from_bytes(ihdr[0:4], "big"), int.from_bytes(ihdr[4:8], "big")
    depth, ctype, compression, filtering, interlace = ihdr[8:13]
    if compression or filtering or interlace or ctype not in (0, 2, 3) or width < 1 or height < 1:
        return None
    if ctype == 3 and (plte is None or len(plte) % 3 or not 3 <= len(plte) <= 768 or depth not in (1, 2, 4, 8)):
        return None
    if ctype != 3 and depth != 8:
        return None
    return width, height, depth, ctype, plte, b"".join(idat)


def _embed_png(obj, path: str) -> bool:
    """Make ``obj`` (a reportlab image object) hold the PNG at ``path`` as it is: its compressed
    rows, which PDF reads with the PNG predictors. False, with ``obj`` untouched, for a PNG it cannot."""
    parts = _png_parts(path)
    if parts is None:
        return False
    obj.width, obj.height, obj.bitsPerComponent = parts[0], parts[1], parts[2]
    obj.mask = None
    obj._png = parts
    obj.streamContent = parts[5]
    return True


class _Hex(pdfdoc.PDFObject):
    """Bytes as a PDF hexadecimal string (a palette)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return b"<" + self.data.hex().upper().encode("ascii") + b">"


def _png_stream(obj, parts: tuple, document) -> bytes:
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream

    width, height, depth, ctype, palette, pixels = parts
    stream = PDFStream(content=pixels)
    d = stream.dictionary
    d["Type"] = PDFName("XObject")
    d["Subtype"] = PDFName("Image")
    d["Width"] = width
    d["Height"] = height
    d["BitsPerComponent"] = depth
    if ctype == 3:
        d["ColorSpace"] = PDFArray([PDFName("Indexed"), PDFName("DeviceRGB"), len(palette) // 3 - 1, _Hex(palette)])
    else:
        d["ColorSpace"] = PDFName("DeviceGray" if ctype == 0 else "DeviceRGB")
    d["Filter"] = PDFArray([PDFName("FlateDecode")])
    # one parameter dictionary a filter, in an array as the filters are (poppler reads a lone
    # dictionary beside a filter array as no parameters, and would not undo the row predictors)
    d["DecodeParms"] = PDFArray([PDFDictionary({"Predictor": 15, "Colors": 3 if ctype == 2 else 1,
                                                "BitsPerComponent": depth, "Columns": width})])
    return stream.format(document)


@functools.lru_cache(maxsize=256)
def colour(hex_colour: str) -> colors.Color:
    """The reportlab colour of ``hex_colour`` (made once: the same few are asked for on every line)."""
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


def draw_qr(canv, modules, size_pt: float, fill: str = "#000000", border: int = 2) -> None:
    """A QR code (its :class:`~builder.layout.qr.QRMatrix`) ``size_pt`` wide, a ``border``-module
    quiet zone included, with its lower left corner at the origin: a white square, then every
    run of dark modules as one filled path (one PDF operator list, quick to draw)."""
    module = size_pt / (modules.size + 2 * border)
    canv.saveState()
    canv.setFillColor(colors.white)
    canv.rect(0, 0, size_pt, size_pt, stroke=0, fill=1)
    canv.setFillColor(colour(fill))
    path = canv.beginPath()
    for y, x, length in modules.runs:
        # slight overlap avoids hairline gaps between neighbouring runs
        path.rect((x + border) * module, size_pt - (y + border + 1) * module, length * module + 0.05, module + 0.05)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


class LocationFree(str):
    """A picture's path that formats as its file name only.

    reportlab names a PDF image object after ``"%s" % path``; the prepared pictures' file
    names are content hashes (see ``images.ImageStage``), so naming by them keeps the PDF's
    bytes the same wherever the workspace is, while the file is still opened by its full path.
    """

    def __str__(self) -> str:
        return os.path.basename(self)
