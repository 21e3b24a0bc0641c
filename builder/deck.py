"""The workshop deck target: a :class:`~builder.deck_plan.DeckPlan` written as a .pptx file.

This is the only module that imports python-pptx (with :mod:`builder.pptx_xml` for the
few private-API touches). Every position, size and line break was decided by the
planner; here each plan object becomes a shape. Autofit is off on every text box
(the planner already made the text fit), word wrap is on, line pitch is exact.

Pictures are letterboxed: the whole prepared photo is placed, centred and undistorted,
inside its planned box (nothing is cropped, so no part of a pose is cut off).
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime, timezone
from typing import Iterable, Mapping

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from . import pptx_xml
from .targets import RenderResult
from .deck_plan import FONT_NAME, DeckPlan, Geometry, Para, Picture, Rect, TextBox, plan_deck
from .errors import ContentError, Problem
from .model import Program

_ALIGN = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT, "center": PP_ALIGN.CENTER}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BLANK_LAYOUT = 6  # "Blank" in python-pptx's default template


# ----------------------------------------------------------------------------- template

class _Layouts:
    """The slide layouts to use: the default template's blank one, or a user template's by placeholder type."""

    def __init__(self, prs, template: bool):
        self.template = template
        if not template:
            self.title = self.title_only = prs.slide_layouts[_BLANK_LAYOUT]
            return
        layouts = self.layouts = list(prs.slide_layouts)
        self.master = prs.slide_master

        def types(layout) -> list:
            out = []
            for ph in layout.placeholders:
                t = ph.placeholder_format.type
                if t not in (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
                    out.append(t)
            return out

        with_title = [lay for lay in layouts if PP_PLACEHOLDER.TITLE in types(lay)]
        # "Title Only" by its placeholders (names are translated): a title and as little else as possible.
        self.title_only = min(with_title, key=lambda lay: len(types(lay))) if with_title else layouts[-1]
        # "Title Slide" by its placeholders: a (centred) title and a subtitle; fewest others first.
        covers = [lay for lay in layouts if PP_PLACEHOLDER.SUBTITLE in types(lay)
                  and {PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.TITLE} & set(types(lay))]
        covers.sort(key=lambda lay: (PP_PLACEHOLDER.CENTER_TITLE not in types(lay), len(types(lay))))
        centre = [lay for lay in layouts if PP_PLACEHOLDER.CENTER_TITLE in types(lay)]
        self.title = covers[0] if covers else centre[0] if centre else self.title_only
        self.cover = bool(covers)
        self.cover_align = "left"

    def content_bottom(self) -> int | None:
        """The bottom of the body placeholder of the first title-and-content layout (footers lie below it)."""
        for lay in self.layouts:
            phs = {ph.placeholder_format.type: ph for ph in lay.placeholders}
            if PP_PLACEHOLDER.TITLE in phs:
                body = [ph for t, ph in phs.items() if t in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)]
                bottoms = [int(ph.top) + int(ph.height) for ph in body if ph.height]
                if bottoms:
                    return max(bottoms)
                break  # its body inherits the master's position
        for ph in self.master.placeholders:
            if ph.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT) and ph.height:
                return int(ph.top) + int(ph.height)
        return None

    def cover_boxes(self) -> tuple[tuple[int, int, int, int] | None, tuple[int, int, int, int] | None]:
        """The title layout's (centred) title and subtitle placeholder boxes, or (None, None)."""
        if not self.template or not self.cover:
            return None, None
        found = {}
        for ph in self.title.placeholders:
            t = ph.placeholder_format.type
            kind = "title" if t in (PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.TITLE) else "subtitle" if t == PP_PLACEHOLDER.SUBTITLE else None
            if kind is None or kind in found:
                continue
            box = (ph.left, ph.top, ph.width, ph.height)
            if None in box or not ph.width or not ph.height:
                return None, None
            found[kind] = tuple(int(v) for v in box)
            if kind == "subtitle":
                self.cover_align = {"ctr": "center", "r": "right"}.get(pptx_xml.placeholder_align(ph) or "", "left")
        return found.get("title"), found.get("subtitle")

    def title_box(self) -> tuple[int, int, int, int] | None:
        for ph in self.title_only.placeholders:
            if ph.placeholder_format.type == PP_PLACEHOLDER.TITLE:
                return (int(ph.left), int(ph.top), int(ph.width), int(ph.height))
        return None


def _open(program: Program):
    """The presentation to build on, and the geometry the planner must use."""
    if program.deck.template:
        try:
            prs = Presentation(str(program.deck.template))
        except Exception as exc:  # a damaged template is the user's content, not our crash
            raise ContentError([Problem(program.deck.template_loc or program.where("deck.template"), "deck.template",
                                        f"the template {program.deck.template.name} cannot be opened: {exc}")]) from None
        pptx_xml.drop_all_slides(prs)
        pptx_xml.fast_part_names(prs)
        layouts = _Layouts(prs, template=True)
        cover_title, cover_subtitle = layouts.cover_boxes()
        geo = Geometry(int(prs.slide_width), int(prs.slide_height), title_box=layouts.title_box(),
                       cover_title_box=cover_title, cover_subtitle_box=cover_subtitle, cover_align=layouts.cover_align,
                       content_bottom=layouts.content_bottom(), template=True)
        return prs, layouts, geo
    prs = Presentation()
    pptx_xml.fast_part_names(prs)
    pptx_xml.set_theme_link_colours(prs, program.theme.accent)  # links in the accent colour, not default blue
    geo = Geometry.for_aspect(program.deck.aspect)
    prs.slide_width, prs.slide_height = Emu(geo.width), Emu(geo.height)
    return prs, _Layouts(prs, template=False), geo


def _geometry(program: Program) -> Geometry:
    return _open(program)[2]


# ----------------------------------------------------------------------------- target

class DeckTarget:
    name = "deck"
    files = ("deck.pptx",)

    def image_requests(self, program: Program) -> Iterable:
        from .images import ImageRequest

        plan = plan_deck(program, _geometry(program))
        reqs = [ImageRequest(pic.image.path, *pic.request_px) for pic in plan.pictures()]
        return list(dict.fromkeys(reqs))

    def render(self, program: Program, images: Mapping) -> RenderResult:
        prs, layouts, geo = _open(program)
        plan = plan_deck(program, geo)
        write_plan(prs, layouts, plan, images, program)
        buf = io.BytesIO()
        prs.save(buf)
        data = normalise_zip(buf.getvalue())
        return RenderResult(files={"deck.pptx": data}, summary=f"deck.pptx {len(plan.slides)} slides")


TARGET = DeckTarget()


# ----------------------------------------------------------------------------- writing

def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def write_plan(prs, layouts: _Layouts, plan: DeckPlan, images: Mapping, program: Program) -> None:
    from .images import ImageRequest

    lang = plan.language
    for sp in plan.slides:
        layout = layouts.title if sp.layout == "title" else layouts.title_only
        slide = prs.slides.add_slide(layout)
        if plan.background:
            fill = slide.background.fill
            fill.solid()
            fill.fore_color.rgb = _rgb(plan.background)
        # The layout's placeholders the plan fills (by type), the others removed (no empty "Click to add").
        wanted = {s.placeholder for s in sp.shapes if isinstance(s, TextBox) and s.placeholder}
        phs = {}
        for ph in list(slide.placeholders):
            t = ph.placeholder_format.type
            kind = ("title" if t in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
                    else "subtitle" if t == PP_PLACEHOLDER.SUBTITLE else None)
            if kind in wanted and kind not in phs:
                phs[kind] = ph
            else:
                pptx_xml.remove_shape(ph)
        for shape in sp.shapes:
            if isinstance(shape, Rect):
                r = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(shape.x), Emu(shape.y), Emu(shape.w), Emu(shape.h))
                r.fill.solid()
                r.fill.fore_color.rgb = _rgb(shape.fill)
                r.line.fill.background()
                r.shadow.inherit = False
                r.name = shape.role
            elif isinstance(shape, Picture):
                req = ImageRequest(shape.image.path, *shape.request_px)
                prepared = images[req]
                x, y, w, h = shape.placed(prepared.width_px, prepared.height_px)
                pic = slide.shapes.add_picture(str(prepared.path), Emu(x), Emu(y), Emu(w), Emu(h))
                pptx_xml.set_alt_text(pic, shape.image.alt)
                pic.name = shape.role
            elif isinstance(shape, TextBox):
                ph = phs.get(shape.placeholder) if shape.placeholder else None
                if ph is not None:
                    ph.left, ph.top = Emu(shape.x), Emu(shape.y)
                    ph.width, ph.height = Emu(shape.w), Emu(shape.h)
                    _fill(ph.text_frame, shape, plan, lang, placeholder=True)
                else:
                    tb = slide.shapes.add_textbox(Emu(shape.x), Emu(shape.y), Emu(shape.w), Emu(shape.h))
                    tb.name = shape.role
                    _fill(tb.text_frame, shape, plan, lang)
        if sp.notes:
            slide.notes_slide.notes_text_frame.text = sp.notes

    cp = prs.core_properties
    when = _fixed_time()
    # Core properties hold at most 255 characters (python-pptx refuses more); the full
    # text is on the slides, so a long title is shortened here only.
    cp.title = _core(plan.title)
    cp.author = _core(plan.author)
    cp.subject = _core(plan.subject)
    cp.language = _core(plan.language)
    cp.created = when
    cp.modified = when
    cp.last_modified_by = _core(plan.author) or "movebook"
    cp.revision = 1
    cp.keywords = ""
    cp.comments = "Made with movebook"
    cp.category = "Workshop slides"
    cp.content_status = ""
    if cp.last_printed is not None:
        cp.last_printed = when


def _fixed_time() -> datetime:
    """The deck's created/modified time: ``SOURCE_DATE_EPOCH`` if set, else 2000-01-01 (as the PDFs' invariant mode).

    Not the program file's mtime: saving the same YAML again (or a fresh git checkout)
    must give the same bytes, so the build can skip unchanged outputs.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).replace(tzinfo=None)
    return datetime(2000, 1, 1)


def _fill(tf, box: TextBox, plan: DeckPlan, lang: str, placeholder: bool = False) -> None:
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE  # never shrink: the planner measured the text
    l, t, r, b = box.insets
    tf.margin_left, tf.margin_top, tf.margin_right, tf.margin_bottom = Emu(l), Emu(t), Emu(r), Emu(b)
    if box.anchor:  # None: the placeholder's own anchor
        tf.vertical_anchor = _ANCHOR[box.anchor]
    tf.clear()
    for i, para in enumerate(box.paras):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        _paragraph(p, para, plan, lang, first=i == 0)


def _paragraph(p, para: Para, plan: DeckPlan, lang: str, first: bool) -> None:
    if para.align:  # None: the placeholder's own alignment
        p.alignment = _ALIGN[para.align]
    p.line_spacing = Pt(para.line_pt)  # exact pitch, as measured
    p.space_before = Pt(0 if first else para.space_before_pt)
    p.space_after = Pt(0)
    if para.bullet:
        pptx_xml.set_bullet(p, para.indent_emu, plan.accent, FONT_NAME)
    else:
        pptx_xml.set_no_bullet(p)
    for span in para.spans:
        if not span.link:
            pptx_xml.add_run(p, span.text, FONT_NAME, para.size_pt, span.bold, span.italic, span.colour or para.colour, lang)
            continue
        run = p.add_run()
        run.text = span.text  # literal: python-pptx escapes it for XML
        f = run.font
        f.name = FONT_NAME
        f.size = Pt(para.size_pt)
        f.bold = span.bold
        f.italic = span.italic
        colour = span.colour or para.colour
        if colour:
            f.color.rgb = _rgb(colour)
        pptx_xml.set_other_script_fonts(run, FONT_NAME)
        pptx_xml.set_lang(run, lang)
        if span.link:
            run.hyperlink.address = span.link


def _core(text: str | None, limit: int = 255) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def normalise_zip(data: bytes) -> bytes:
    """The same package with fixed entry times, so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()
