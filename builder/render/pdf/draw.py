"""Draw a :class:`~builder.layout.page.Document` with reportlab's canvas: the PDF bytes.

Nothing is measured or decided here: every run, box and picture is where the planner put it.
Fonts are embedded and subset; identical documents give identical bytes (reportlab's
invariant mode); each prepared picture becomes one PDF image object however often it is
placed (JPEGs embedded without decoding).
"""

from __future__ import annotations

import io
from typing import Mapping

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from ...layout import text as tx
from ...layout.page import Box, Document, LinkArea, Picture, QRCode, Rule, TextRun
from . import kit

_registered: set[str] = set()


def _font(name: str) -> str:
    """Register the face ``name`` (by the file the text engine used) once per process."""
    if name not in _registered:
        try:
            pdfmetrics.getFont(name)
        except KeyError:
            pdfmetrics.registerFont(TTFont(name, str(tx.face_path(name))))
        _registered.add(name)
    return name


def draw(doc: Document, images: Mapping) -> bytes:
    """The PDF of ``doc``; ``images`` maps each picture's request to its prepared file."""
    kit.setup()
    buf = io.BytesIO()
    first = doc.pages[0] if doc.pages else None
    size = (first.width, first.height) if first else (595.0, 842.0)
    c = rl_canvas.Canvas(buf, pagesize=size, invariant=1, pageCompression=1, initialFontName=kit.FONT,
                         initialFontSize=10, lang=doc.language or None)
    c.setTitle(doc.title)
    if doc.author:
        c.setAuthor(doc.author)
    if doc.subject:
        c.setSubject(doc.subject)
    c.setCreator(doc.creator)
    if doc.rtl:
        c.setViewerPreference("Direction", "R2L")
    with kit.images_made_once():
        for page in doc.pages:
            c.setPageSize((page.width, page.height))
            for key in page.anchors:
                c.bookmarkPage(key)
            state: dict = {}  # the text colour set on this page (a page starts in black, unset here)
            for item in page.items:
                _draw_item(c, item, images, state)
            c.showPage()
        for entry in doc.outline:
            c.addOutlineEntry(entry.title, entry.anchor, level=entry.level, closed=False)
        c.save()
    return buf.getvalue()


def _draw_item(c, item, images: Mapping, state: dict) -> None:
    """``state["fill"]``: the colour text was last given on the page; lines of one colour set it
    once (other items change colours only between saveState and restoreState)."""
    if isinstance(item, TextRun):
        if state.get("fill") != item.colour:
            c.setFillColor(kit.colour(item.colour))
            state["fill"] = item.colour
        c.setFont(_font(item.face), item.size)
        if item.heavier:  # fill and outline: bold where the face has none
            t = c.beginText(item.x, item.y)
            t.setTextRenderMode(2)
            c.saveState()
            c.setStrokeColor(kit.colour(item.colour))
            c.setLineWidth(item.size * 0.04)
            t.textOut(item.text)
            c.drawText(t)
            c.restoreState()
        else:
            c.drawString(item.x, item.y, item.text)
    elif isinstance(item, Box):
        c.saveState()
        if item.fill:
            c.setFillColor(kit.colour(item.fill))
        if item.stroke:
            c.setStrokeColor(kit.colour(item.stroke))
            c.setLineWidth(item.line_w)
        fill, stroke = int(bool(item.fill)), int(bool(item.stroke))
        if item.radius:
            c.roundRect(item.x, item.y, item.w, item.h, item.radius, stroke=stroke, fill=fill)
        else:
            c.rect(item.x, item.y, item.w, item.h, stroke=stroke, fill=fill)
        c.restoreState()
    elif isinstance(item, Rule):
        c.saveState()
        c.setStrokeColor(kit.colour(item.colour))
        c.setLineWidth(item.width)
        c.line(item.x1, item.y1, item.x2, item.y2)
        c.restoreState()
    elif isinstance(item, Picture):
        prepared = images[item.request]
        c.drawImage(kit.LocationFree(str(prepared.path)), item.x, item.y, item.w, item.h,
                    mask="auto" if prepared.has_alpha else None)
    elif isinstance(item, QRCode):
        c.saveState()
        c.translate(item.x, item.y)
        kit.draw_qr(c, item.modules, item.size, item.colour)
        c.restoreState()
    elif isinstance(item, LinkArea):
        rect = (item.x, item.y, item.x + item.w, item.y + item.h)
        if item.url:
            c.linkURL(item.url, rect, relative=0, thickness=0)
        elif item.dest:
            c.linkRect("", item.dest, rect, relative=0, thickness=0)
    else:  # pragma: no cover - a plan item this renderer does not know is a bug
        raise TypeError(f"cannot draw {type(item).__name__}")
