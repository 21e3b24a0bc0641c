"""The workshop deck: a :class:`~builder.layout.deck.DeckPlan` written as a .pptx file.

This is the only module that imports python-pptx (with :mod:`.xml` for the
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
from pathlib import Path
from typing import Mapping

from ...build.targets import RenderResult, plan_notes
from ...errors import ContentError, Loc, Problem
from ...layout import reuse
from ...layout.deck import DeckPlan, Picture, QRCode, Rect, TextBox, image_request
from . import xml as pptx_xml

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BLANK_LAYOUT = 6  # "Blank" in python-pptx's default template


def warm() -> None:
    """python-pptx imported before any plan is written (see ``Target.warm``)."""
    import importlib

    for name in ("pptx", "pptx.parts.image", "pptx.parts.slide", "pptx.slide"):
        importlib.import_module(name)


def _open(plan: DeckPlan):
    """The presentation to build on: the template (its sample slides dropped), else python-pptx's default."""
    from pptx import Presentation
    from pptx.util import Emu

    if plan.template:
        try:
            prs = Presentation(str(plan.template))
        except Exception as exc:  # a damaged template is the user's content, not our crash
            raise ContentError([Problem(plan.template_loc or Loc(plan.template.name), "deck.template",
                                        f"the template {plan.template.name} cannot be opened: {exc}")]) from None
        pptx_xml.drop_all_slides(prs)
        pptx_xml.fast_part_names(prs)
    else:
        prs = Presentation()
        pptx_xml.fast_part_names(prs)
        if (prs.slide_width, prs.slide_height) != (plan.width, plan.height):  # its size's name ("screen4x3") is the old size's
            prs.part._element.sldSz.attrib.pop("type", None)  # no name: a custom size
        prs.slide_width, prs.slide_height = Emu(plan.width), Emu(plan.height)
    if plan.link_colour:  # links in a colour that reads on the slides (renderers draw them in the theme's)
        pptx_xml.set_theme_link_colours(prs, plan.link_colour)
    return prs


def render(plan: DeckPlan, images: Mapping) -> RenderResult:
    """The deck file of ``plan``, with the pictures the image stage prepared for it."""
    prs = _open(plan)
    layouts = {role: (ref, prs.slide_layouts[ref.index]) for role, ref in plan.layouts.items()}
    if plan.leave_out:  # after the layouts are found: leaving one out renumbers the rest
        pptx_xml.leave_out(prs, plan.leave_out)
    write_plan(prs, plan, images, layouts)
    data = package_bytes(prs)
    notes = plan_notes("deck", plan)
    return RenderResult(files={"deck.pptx": data}, summary=f"deck.pptx {len(plan.slides)} slides", notes=notes)


# ----------------------------------------------------------------------------- writing

def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def write_plan(prs, plan: DeckPlan, images: Mapping, layouts: Mapping | None = None) -> None:
    """Every slide of ``plan`` into ``prs``. During a build (a unit store installed, see
    :mod:`builder.layout.reuse`) a slide whose inputs are those of a slide of an earlier build
    is written from what that build wrote (:func:`.xml.replay_slide`), byte for byte the same."""
    notes = pptx_xml.NotesWriter(prs.part.package)
    if layouts is None:
        layouts = {role: (ref, prs.slide_layouts[ref.index]) for role, ref in plan.layouts.items()}
    qr_parts: dict[tuple[str, str], bytes] = {}
    adder = pptx_xml.SlideAdder(prs)
    # The first slide with notes is always made: its notes are made by python-pptx, the rest copied from them.
    first_notes = next((i for i, sp in enumerate(plan.slides) if sp.notes), None)
    shared = _shared_inputs(plan) if reuse.keeps_units() else None
    for i, sp in enumerate(plan.slides):
        ref, layout = layouts.get(sp.layout) or layouts.get("title_only") or (None, prs.slide_layouts[_BLANK_LAYOUT])
        if shared is None or i == first_notes:
            _write_slide(adder, sp, ref, layout, plan, images, notes, qr_parts)
            continue
        files = _image_files(sp, images, qr_parts)
        pictures = tuple((p.path.name, p.width_px, p.height_px)
                         for p in (images[image_request(s)] for s in sp.shapes if isinstance(s, Picture)))
        made: list = []

        def make(sp=sp, ref=ref, layout=layout):
            part = _write_slide(adder, sp, ref, layout, plan, images, notes, qr_parts)
            made.append(part)
            return pptx_xml.slide_record(part, layout.part)

        inputs = (shared, sp, ref, str(layout.part.partname), pictures)
        record = reuse.unit("deck-slide", inputs, make)
        if not made and (record is None or not pptx_xml.replay_slide(adder, layout.part, record, files)):
            reuse.renew("deck-slide", inputs, make())  # what was kept will not do: made again, kept anew

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
    cp.comments = _core(plan.comments)
    cp.category = _core(plan.category)
    cp.content_status = ""
    if cp.last_printed is not None:
        cp.last_printed = when


def _write_slide(adder, sp, ref, layout, plan: DeckPlan, images: Mapping, notes, qr_parts: dict):
    """One slide made from its plan; returns its part."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    slide = adder.add(layout)
    if plan.background:
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = _rgb(plan.background)
    next_id = pptx_xml.next_shape_id(slide)

    def link_rid(url: str, part=slide.part) -> str:
        """The slide's relationship to a hyperlink (python-pptx reuses one per address)."""
        return part.relate_to(url, RT.HYPERLINK, is_external=True)

    used: set[str] = set()  # a placeholder kind is filled once a slide

    def placeholder(kind: str | None):
        if not kind or ref is None or kind in used:
            return None
        ph = ref.ph(kind)
        if ph is not None:
            used.add(kind)
        return ph

    fragments = []
    for shape in sp.shapes:
        if isinstance(shape, Rect):
            fragments.append(pptx_xml.rect_xml(next_id, shape.role, shape.x, shape.y, shape.w, shape.h, shape.fill))
        elif isinstance(shape, Picture):
            prepared = images[image_request(shape)]
            _, image_rid = slide.part.get_or_add_image_part(str(prepared.path))
            x, y, w, h = shape.placed(prepared.width_px, prepared.height_px)
            fragments.append(pptx_xml.picture_xml(next_id, shape.role, shape.image.alt, image_rid, x, y, w, h,
                                                  ph=placeholder(shape.placeholder)))
        elif isinstance(shape, QRCode):
            _, image_rid = slide.part.get_or_add_image_part(io.BytesIO(_qr_bytes(shape, qr_parts)))
            fragments.append(pptx_xml.picture_xml(next_id, shape.role, shape.alt, image_rid, shape.x, shape.y, shape.w,
                                                  shape.w, link_rid=link_rid(shape.data)))
        elif isinstance(shape, TextBox):
            body = _text_body(shape, plan, link_rid)
            ph = placeholder(shape.placeholder)
            if ph is not None:
                fragments.append(pptx_xml.placeholder_xml(next_id, shape.role, ph, shape.x, shape.y, shape.w, shape.h, body))
            else:
                fragments.append(pptx_xml.textbox_xml(next_id, shape.role, shape.x, shape.y, shape.w, shape.h, body))
        next_id += 1
    pptx_xml.append_shapes(slide, fragments)
    if sp.notes:
        notes.add(slide, sp.notes, sp.notes_rtl)
    return slide.part


def _qr_bytes(shape: QRCode, qr_parts: dict) -> bytes:
    key = (shape.data, shape.colour)
    if key not in qr_parts:
        qr_parts[key] = qr_png(shape.modules, shape.colour)
    return qr_parts[key]


def _image_files(sp, images: Mapping, qr_parts: dict) -> list:
    """The pictures a slide places, in its order: prepared files' paths, QR codes' PNG bytes."""
    return [str(images[image_request(s)].path) if isinstance(s, Picture) else io.BytesIO(_qr_bytes(s, qr_parts))
            for s in sp.shapes if isinstance(s, (Picture, QRCode))]


def _shared_inputs(plan: DeckPlan) -> str | None:
    """What every slide's markup depends on besides its own plan, layout and pictures: the
    deck's background and language, the template file's bytes, and the library versions that
    write the markup."""
    import hashlib

    import lxml.etree
    import pptx

    h = hashlib.sha256(repr((plan.background, plan.language, plan.width, plan.height, tuple(plan.leave_out or ()),
                             pptx.__version__, lxml.etree.LXML_VERSION)).encode())
    if plan.template:
        try:
            h.update(Path(plan.template).read_bytes())
        except OSError:
            return None
    return h.hexdigest()


def qr_png(modules, colour: str = "#000000", scale: int = 12, border: int = 4) -> bytes:
    """A QR code (its :class:`~builder.layout.qr.QRMatrix`) as PNG bytes: ``scale`` pixels a
    module, the standard 4-module quiet zone, dark modules in ``colour`` on white."""
    from PIL import Image

    n = modules.size + 2 * border
    pixels = bytearray(n * n)  # one byte a module: 0 white, 1 dark
    for y, x, length in modules.runs:
        at = (y + border) * n + x + border
        pixels[at:at + length] = b"\x01" * length
    im = Image.frombytes("P", (n, n), bytes(pixels))
    rgb = colour.lstrip("#")
    im.putpalette([255, 255, 255] + [int(rgb[i:i + 2], 16) for i in (0, 2, 4)])
    buf = io.BytesIO()
    im.resize((n * scale, n * scale), Image.Resampling.NEAREST).save(buf, "PNG", bits=1)
    return buf.getvalue()


def _fixed_time() -> datetime:
    """The deck's created/modified time: ``SOURCE_DATE_EPOCH`` if set, else 2000-01-01 (as the PDFs' invariant mode).

    Not the program file's mtime: saving the same YAML again (or a fresh git checkout)
    must give the same bytes, so the build can skip unchanged outputs.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).replace(tzinfo=None)
    return datetime(2000, 1, 1)


_ANCHOR_XML = {"top": "t", "middle": "ctr", "bottom": "b"}
_ALIGN_XML = {"left": "l", "right": "r", "center": "ctr"}


_RTL_LANGS = ("ar", "he", "fa", "ur", "yi", "ps", "dv", "ku", "sd", "ug")


def _run_lang(lang: str, rtl: bool, text: str) -> str:
    """A run's language: the program's, or for a right-to-left paragraph in a left-to-right program its script's."""
    if not rtl or lang.split("-")[0].lower() in _RTL_LANGS:
        return lang
    return "he" if any("\u0590" <= ch <= "\u05ff" for ch in text) else "ar"


def _text_body(box: TextBox, plan: DeckPlan, link_rid) -> str:
    """The box's text as ``p:txBody`` markup: wrapped, never autofit (the planner measured it), exact line pitch."""
    body_pr = pptx_xml.body_pr_xml(box.insets, _ANCHOR_XML[box.anchor] if box.anchor else None)
    paras = []
    for i, para in enumerate(box.paras):
        lang = _run_lang(plan.language, para.rtl, para.text)
        font = para.face.typeface
        runs = "".join(
            pptx_xml.run_xml(span.text, font=font, size_pt=para.size_pt, bold=span.bold, italic=span.italic,
                             colour=span.colour or para.colour, lang=lang,
                             link_rid=link_rid(span.link) if span.link else None, field=span.field)
            for span in para.spans
        )
        if para.number is not None:
            # the tab goes to the hanging indent; right to left, a no-break space before it keeps
            # the number apart from the text where a reader does not honour the tab stop there
            gap = "\u00a0\t" if para.rtl else "\t"
            runs = pptx_xml.run_xml(f"{para.number}.{gap}", font=font, size_pt=para.size_pt, bold=True, italic=False,
                                    colour=para.marker_colour, lang=lang) + runs
        listed = para.bullet or para.number is not None
        align = para.align
        paras.append(pptx_xml.paragraph_xml(
            runs, align=_ALIGN_XML[align] if align else None, line_pt=para.line_pt,
            before_pt=0 if i == 0 else para.space_before_pt, bullet_indent=para.indent_emu if listed else None,
            bullet_colour=para.marker_colour if listed else None, font=para.face.name or font, number=para.number,
            rtl=para.rtl))
    return pptx_xml.text_body_xml(body_pr, paras)


def _core(text: str | None, limit: int = 255) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_STORED = (".png", ".jpg", ".jpeg", ".gif", ".wdp", ".mp4", ".m4a")
"""Parts already compressed: stored as they are (deflating them again costs time and saves nothing)."""


class _FixedZip:
    """python-pptx's physical package writer, with fixed entry times (equal input gives equal
    bytes) and pictures stored rather than deflated a second time."""

    def __init__(self, file):
        self._zipf = zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._zipf.close()

    def write(self, pack_uri, blob: bytes) -> None:
        name = pack_uri.membername
        zi = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        zi.compress_type = zipfile.ZIP_STORED if name.lower().endswith(_STORED) else zipfile.ZIP_DEFLATED
        zi.external_attr = 0o644 << 16
        self._zipf.writestr(zi, blob)


def package_bytes(prs) -> bytes:
    """The .pptx file of ``prs`` written in one pass (python-pptx's own save writes entry times
    of the clock and would have to be rewritten)."""
    from pptx.opc.packuri import PACKAGE_URI
    from pptx.opc.serialized import PackageWriter

    relative: dict = {}  # relative targets, shared by every part's .rels

    class _Writer(PackageWriter):
        def _write(self) -> None:
            with _FixedZip(self._pkg_file) as w:
                self._write_content_types_stream(w)
                self._write_pkg_rels(w)
                self._write_parts(w)

        def _write_pkg_rels(self, w) -> None:
            w.write(PACKAGE_URI.rels_uri, pptx_xml.rels_xml(self._pkg_rels, relative))

        def _write_parts(self, w) -> None:  # as python-pptx's, with the .rels items written as text
            for part in self._parts:
                w.write(part.partname, part.blob)
                if part._rels:
                    w.write(part.partname.rels_uri, pptx_xml.rels_xml(part._rels, relative))

    package = prs.part.package
    out = io.BytesIO()
    _Writer.write(out, package._rels, tuple(package.iter_parts()))
    return out.getvalue()
