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

from .targets import RenderResult
from .deck_plan import FONT_NAME, DeckPlan, Geometry, Picture, Rect, TextBox, plan_deck
from .errors import ContentError, Problem
from .model import Program

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BLANK_LAYOUT = 6  # "Blank" in python-pptx's default template


# ----------------------------------------------------------------------------- template

class _Layouts:
    """The slide layouts to use: the default template's blank one, or a user template's by placeholder type."""

    def __init__(self, prs, template: bool):
        from pptx.enum.shapes import PP_PLACEHOLDER

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
        from pptx.enum.shapes import PP_PLACEHOLDER

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
        from pptx.enum.shapes import PP_PLACEHOLDER

        from . import pptx_xml

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
        from pptx.enum.shapes import PP_PLACEHOLDER

        for ph in self.title_only.placeholders:
            if ph.placeholder_format.type == PP_PLACEHOLDER.TITLE:
                return (int(ph.left), int(ph.top), int(ph.width), int(ph.height))
        return None


def _open(program: Program):
    """The presentation to build on, and the geometry the planner must use."""
    from pptx import Presentation
    from pptx.util import Emu

    from . import pptx_xml

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
    if not program.deck.template:
        return Geometry.for_aspect(program.deck.aspect)  # no need to open python-pptx's default
    return _open(program)[2]


# ----------------------------------------------------------------------------- target

class DeckTarget:
    name = "deck"
    files = ("deck.pptx",)

    def image_requests(self, program: Program) -> Iterable:
        plan = plan_deck(program, _geometry(program))
        return list(dict.fromkeys(_request(pic) for pic in plan.pictures()))

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

def _request(pic: Picture):
    """What the deck asks of the image stage for a picture: its box at slide resolution, or a
    print-sized variant of up to twice that (pictures are placed by box, so either fits)."""
    from .images import ImageRequest

    return ImageRequest(pic.image.path, *pic.request_px, oversample=2.0)


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def write_plan(prs, layouts: _Layouts, plan: DeckPlan, images: Mapping, program: Program) -> None:
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.util import Emu

    from . import pptx_xml

    lang = plan.language
    notes = pptx_xml.NotesWriter(prs.part.package)
    for sp in plan.slides:
        layout = layouts.title if sp.layout == "title" else layouts.title_only
        rid, slide = prs.part.add_slide(layout)
        prs.slides._sldIdLst.add_sldId(rid)
        if plan.background:
            fill = slide.background.fill
            fill.solid()
            fill.fore_color.rgb = _rgb(plan.background)
        # Only the layout's placeholders the plan fills (by type) are put on the slide,
        # so there is no empty "Click to add" box.
        wanted = {s.placeholder for s in sp.shapes if isinstance(s, TextBox) and s.placeholder}
        phs = {}
        if wanted:
            for ph in layout.placeholders:
                t = ph.placeholder_format.type
                kind = ("title" if t in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
                        else "subtitle" if t == PP_PLACEHOLDER.SUBTITLE else None)
                if kind in wanted and kind not in phs:
                    slide.shapes.clone_placeholder(ph)
                    phs[kind] = slide.shapes[-1]
        next_id = pptx_xml.next_shape_id(slide)

        def link_rid(url: str, part=slide.part) -> str:
            """The slide's relationship to a hyperlink (python-pptx reuses one per address)."""
            return part.relate_to(url, RT.HYPERLINK, is_external=True)

        fragments = []
        for shape in sp.shapes:
            if isinstance(shape, Rect):
                fragments.append(pptx_xml.rect_xml(next_id, shape.role, shape.x, shape.y, shape.w, shape.h, shape.fill))
            elif isinstance(shape, Picture):
                prepared = images[_request(shape)]
                _, image_rid = slide.part.get_or_add_image_part(str(prepared.path))
                x, y, w, h = shape.placed(prepared.width_px, prepared.height_px)
                fragments.append(pptx_xml.picture_xml(next_id, shape.role, shape.image.alt, image_rid, x, y, w, h))
            elif isinstance(shape, TextBox):
                ph = phs.get(shape.placeholder) if shape.placeholder else None
                body = _text_body(shape, plan, lang, link_rid)
                if ph is not None:
                    ph.left, ph.top = Emu(shape.x), Emu(shape.y)
                    ph.width, ph.height = Emu(shape.w), Emu(shape.h)
                    pptx_xml.replace_text_body(ph, body)
                    continue
                fragments.append(pptx_xml.textbox_xml(next_id, shape.role, shape.x, shape.y, shape.w, shape.h, body))
            next_id += 1
        pptx_xml.append_shapes(slide, fragments)
        if sp.notes:
            notes.add(slide, sp.notes)

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


_ANCHOR_XML = {"top": "t", "middle": "ctr"}
_ALIGN_XML = {"left": "l", "right": "r", "center": "ctr"}


def _text_body(box: TextBox, plan: DeckPlan, lang: str, link_rid) -> str:
    """The box's text as ``p:txBody`` markup: wrapped, never autofit (the planner measured it), exact line pitch."""
    from . import pptx_xml

    body_pr = pptx_xml.body_pr_xml(box.insets, _ANCHOR_XML[box.anchor] if box.anchor else None)
    paras = []
    for i, para in enumerate(box.paras):
        runs = "".join(
            pptx_xml.run_xml(span.text, font=FONT_NAME, size_pt=para.size_pt, bold=span.bold, italic=span.italic,
                             colour=span.colour or para.colour, lang=lang,
                             link_rid=link_rid(span.link) if span.link else None)
            for span in para.spans
        )
        paras.append(pptx_xml.paragraph_xml(
            runs, align=_ALIGN_XML[para.align] if para.align else None, line_pt=para.line_pt,
            before_pt=0 if i == 0 else para.space_before_pt, bullet_indent=para.indent_emu if para.bullet else None,
            bullet_colour=plan.accent, font=FONT_NAME))
    return pptx_xml.text_body_xml(body_pr, paras)


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
