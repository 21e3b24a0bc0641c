"""Draw a :class:`~builder.layout.page.Document` with reportlab's canvas: the PDF bytes.

Nothing is measured or decided here: every run, box and picture is where the planner put it.
Fonts are embedded and subset; identical documents give identical bytes (reportlab's
invariant mode); each prepared picture becomes one PDF image object however often it is
placed (JPEGs embedded without decoding).

Pages kept between builds: every character of the document is given its code in its font's
subsets before anything is drawn, in the order of the characters (not of the pages), and the
fonts their names in the order of theirs, so a page's drawing operators depend on the page
and on the codes of its own characters only. During a build (a unit store installed, see
:mod:`builder.layout.reuse`) the operators of each page are kept, and a page whose items,
pictures and character codes are those of a page the last build of the same document drew is
written from them: its pictures and links are placed again (they are objects of the
document); its text and shapes are not worked out again. The bytes are those of a drawing
from scratch (``test_incremental_equals_cold``).
"""

from __future__ import annotations

import io
from typing import Mapping

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from ...layout import reuse, text as tx
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


def draw(doc: Document, images: Mapping, name: str = "") -> bytes:
    """The PDF of ``doc``; ``images`` maps each picture's request to its prepared file.
    ``name``: which output it is (its pages are kept under it between builds)."""
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
    _give_codes(c, doc)
    document = (name, doc.edition, doc.title, doc.author, doc.subject, doc.language, doc.rtl)
    kept = None
    if reuse.keeps_units():
        kept = reuse.recall("pdf-pages", document)
        if not isinstance(kept, dict):  # nothing kept (or not what this code keeps)
            kept = {}
    drawn: dict = {}
    needs: list[str] = []  # what the page being drawn asked of the document's PDF version
    if kept is not None:
        ensure = c._doc.ensureMinPdfVersion
        c._doc.ensureMinPdfVersion = lambda *keys: (needs.extend(keys), ensure(*keys))[1]
    with kit.images_made_once():
        for page in doc.pages:
            c.setPageSize((page.width, page.height))
            for key in page.anchors:
                c.bookmarkPage(key)
            key = _page_key(c, page, images) if kept is not None else None
            record = kept.get(key) if key is not None else None
            if record is not None and not _sound(record):
                record = None
            if record is not None:
                _place_again(c, page, images, record)
            else:
                needs.clear()
                state: dict = {}  # the text colour set on this page (a page starts in black, unset here)
                for item in page.items:
                    _draw_item(c, item, images, state)
            if key is not None:
                drawn[key] = record or (list(c._code), tuple(dict.fromkeys(needs)), tuple(c._extgstate._c.items()))
            c.showPage()
        for entry in doc.outline:
            c.addOutlineEntry(entry.title, entry.anchor, level=entry.level, closed=False)
        c.save()
    if kept is not None and drawn != kept:
        reuse.renew("pdf-pages", document, drawn)
    return buf.getvalue()


def _give_codes(c, doc: Document) -> None:
    """Give every character of ``doc`` its code in its font's subsets, and every font its name
    in the document, in the order of the characters and of the fonts' names: neither depends
    on which page first used a character (see :func:`_page_key`)."""
    chars: dict[str, set[str]] = {}
    for page in doc.pages:
        for face, got in _characters(page).items():
            chars.setdefault(face, set()).update(got)
    for face in sorted(chars):
        font = pdfmetrics.getFont(_font(face))
        if getattr(font, "_dynamicFont", False):
            font.splitString("".join(sorted(chars[face])), c._doc)
            font.getSubsetInternalName(0, c._doc)


def _characters(page) -> dict[str, set[str]]:
    """The characters a page's text sets, by face."""
    chars: dict[str, set[str]] = {}
    for item in page.items:
        if isinstance(item, TextRun):
            chars.setdefault(item.face, set()).update(item.text)
    return chars


def _page_key(c, page, images: Mapping) -> str | None:
    """What a page's operators depend on: its size, its items, the files of its pictures, and
    the names and codes its fonts and characters were given in this document."""
    chars = _characters(page)
    codes = []
    for face in sorted(chars):
        font = pdfmetrics.getFont(face)
        state = font.state.get(c._doc) if getattr(font, "_dynamicFont", False) else None
        if state is None:
            codes.append((face,))
            continue
        got = state.assignments
        codes.append((face, state.internalName, tuple(got.get(ord(ch)) for ch in sorted(chars[face]))))
    pictures = tuple((images[i.request].path.name, images[i.request].has_alpha) for i in page.items
                     if isinstance(i, Picture))
    return reuse.digest("pdf-page", page.width, page.height, page.items, pictures, tuple(codes))


def _sound(record) -> bool:
    """Whether a kept page is what :func:`draw` keeps (operators, version needs, graphics states)."""
    return (isinstance(record, tuple) and len(record) == 3 and isinstance(record[0], list)
            and all(isinstance(op, str) for op in record[0]) and isinstance(record[1], tuple)
            and isinstance(record[2], tuple))


def _place_again(c, page, images: Mapping, record: tuple) -> None:
    """Write a page from what drawing it left (see :func:`draw`): its operators, what it asked
    of the PDF version, its graphics states; its pictures and links are made objects of the
    document again, in the order drawing it would (the same objects, the same numbers)."""
    code, needs, states = record
    for item in page.items:
        if isinstance(item, (Picture, LinkArea)):
            _draw_item(c, item, images, {})
    if needs:
        c._doc.ensureMinPdfVersion(*needs)
    c._extgstate._c.update(states)
    c._code[:] = code


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
