"""The places the deck reaches below python-pptx's public API, kept in one module.

python-pptx has no public setter for a picture's alt text, a paragraph's bullet and
hanging indent, a run's language, or for dropping a template's sample slides, and its
proxy objects are slow for decks of hundreds of slides. These helpers write and touch
the XML (the ``_element`` objects) directly.
"""

from __future__ import annotations

import hashlib
import os
from xml.sax.saxutils import escape as _escape, quoteattr as _quoteattr

from pptx.oxml.ns import qn


def placeholder_align(placeholder) -> str | None:
    """A layout placeholder's own first-level alignment (``a:lstStyle/a:lvl1pPr/@algn``): "l", "ctr", "r"... or None."""
    el = placeholder._element.find(qn("p:txBody"))
    if el is None:
        return None
    lvl1 = el.find(qn("a:lstStyle") + "/" + qn("a:lvl1pPr"))
    return lvl1.get("algn") if lvl1 is not None else None


def remove_shape(shape) -> None:
    """Drop a shape (an unused layout placeholder) from its slide."""
    el = shape._element
    el.getparent().remove(el)


def drop_all_slides(prs) -> None:
    """Remove a template's own sample slides (their parts are not written once unlinked)."""
    sld_id_lst = prs.slides._sldIdLst
    for sld_id in list(sld_id_lst):
        prs.part.drop_rel(sld_id.rId)
        sld_id_lst.remove(sld_id)


def fast_part_names(prs) -> None:
    """Make adding slides, notes and pictures linear instead of quadratic (naming and image lookup).

    python-pptx finds the next free part name (``slide7.xml``, ``image3.png``) by walking
    every part of the package each time, so a 260-slide deck spends seconds there. This
    gives this one presentation's package name functions that remember the names in use.
    Behaviour is the same: the lowest free number above the ones already used.
    """
    from pptx.opc.packuri import PackURI

    package = prs.part.package
    used: dict[str, set[str]] = {}
    last: dict[str, int] = {}

    def _used(prefix: str) -> set[str]:
        if prefix not in used:
            used[prefix] = {str(p.partname) for p in package.iter_parts() if str(p.partname).startswith(prefix)}
        return used[prefix]

    def next_partname(tmpl: str) -> PackURI:
        names = _used(tmpl[: (tmpl % 42).find("42")])
        n = last.get(tmpl, 0) + 1
        while tmpl % n in names:
            n += 1
        last[tmpl] = n
        names.add(tmpl % n)
        return PackURI(tmpl % n)

    image_prefix = "/ppt/media/image"
    image_numbers: set[int] = set()

    def next_image_partname(ext: str) -> PackURI:
        if not image_numbers:
            stems = (x[len(image_prefix):].split(".")[0] for x in _used(image_prefix))
            image_numbers.update(int(s) for s in stems if s.isdigit())
            image_numbers.add(0)
        n = max(image_numbers) + 1
        image_numbers.add(n)
        return PackURI(f"{image_prefix}{n}.{ext}")

    package.next_partname = next_partname
    package.next_image_partname = next_image_partname

    # Picture de-duplication by SHA1 likewise scans every part per picture; remember the
    # parts this build made (a template's own images are found by one scan, then cached).
    from pptx.parts.image import Image as _PptxImage, ImagePart

    by_sha1: dict[str, object] = {}
    by_path: dict[str, object] = {}  # prepared pictures are named by their content: read once
    scanned = False

    def get_or_add_image_part(image_file):
        nonlocal scanned
        if isinstance(image_file, str) and image_file in by_path:
            return by_path[image_file]
        if isinstance(image_file, str):
            with open(image_file, "rb") as f:
                blob = f.read()
            filename = os.path.basename(image_file)
        else:
            image_file.seek(0)
            blob, filename = image_file.read(), None
        sha1 = hashlib.sha1(blob).hexdigest()
        if sha1 not in by_sha1 and not scanned:
            by_sha1.update({p.sha1: p for p in package.iter_parts() if isinstance(p, ImagePart)})
            scanned = True
        part = by_sha1.get(sha1)
        if part is None:
            # The image stage makes only JPEG and PNG (QR codes are PNG): told by their first
            # bytes, where python-pptx would open each picture with Pillow to ask its format.
            kind = _KNOWN_IMAGES.get(blob[:2])
            if kind is None:
                part = ImagePart.new(package, _PptxImage(blob, filename))
            else:
                ext, content_type = kind
                part = ImagePart(package.next_image_partname(ext), content_type, package, blob, filename)
            by_sha1[sha1] = part
        if isinstance(image_file, str):
            by_path[image_file] = part
        return part

    package.get_or_add_image_part = get_or_add_image_part


_KNOWN_IMAGES = {b"\xff\xd8": ("jpg", "image/jpeg"), b"\x89P": ("png", "image/png")}


def leave_out(prs, parts) -> None:
    """Leave the named parts ("ppt/slideLayouts/slideLayout3.xml") out of the package.

    A slide layout is removed from its master; the notes or handout master from the
    presentation (python-pptx makes a plain notes master when notes need one); any other
    part is unlinked from whatever relates to it, so it is not written.
    """
    names = {"/" + p.lstrip("/") for p in parts}
    for master in prs.slide_masters:
        for layout in list(master.slide_layouts):
            if str(layout.part.partname) in names:
                master.slide_layouts.remove(layout)
    pres = prs.part._element
    package = prs.part.package
    for part in [package, *package.iter_parts()]:
        rels = part._rels if part is package else part.rels
        for rid, rel in list(rels.items()):
            if rel.is_external or str(rel.target_part.partname) not in names:
                continue
            if part is prs.part:
                for lst in ("p:notesMasterIdLst", "p:handoutMasterIdLst"):
                    el = pres.find(qn(lst))
                    if el is not None and any(child.get(qn("r:id")) == rid for child in el):
                        pres.remove(el)
            rels.pop(rid)


def set_theme_link_colours(prs, colour_hex: str) -> None:
    """Make the master theme's hyperlink colours (``a:hlink``, ``a:folHlink``) ``colour_hex``.

    PowerPoint and LibreOffice draw hyperlinked text in the theme's link colour, not the
    run's own colour, so this is how a video link shows in the accent colour (still a link).
    The theme part is a plain blob in python-pptx; it is parsed, changed and written back.
    """
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    val = colour_hex.lstrip("#").upper()
    for tag in ("a:hlink", "a:folHlink"):
        for el in root.iter(qn(tag)):
            for child in list(el):
                el.remove(child)
            etree.SubElement(el, qn("a:srgbClr"), {"val": val})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)



# --------------------------------------------------------------------------- shapes as XML
#
# A deck of hundreds of slides spends most of its time in python-pptx's proxy objects
# (each setter searches the element tree). Shapes are therefore written as XML text, the
# same markup python-pptx writes, and parsed once per slide. Every user string goes
# through ``_esc`` (text) or ``_attr`` (attribute values), so it arrives literally.

_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def _esc(text: str) -> str:
    return _escape(text)


def _attr(value: str) -> str:
    return _quoteattr(value, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _xfrm(x: int, y: int, w: int, h: int) -> str:
    return f'<a:xfrm><a:off x="{int(x)}" y="{int(y)}"/><a:ext cx="{int(w)}" cy="{int(h)}"/></a:xfrm>'


def rect_xml(shape_id: int, name: str, x: int, y: int, w: int, h: int, fill: str) -> str:
    """A filled rectangle without outline or shadow."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={_attr(name)}/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr>{_xfrm(x, y, w, h)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:solidFill><a:srgbClr val="{_hex(fill)}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


def _ph(ph: tuple[str, int] | None) -> str:
    """``p:ph`` of a layout placeholder (XML type, idx): the title has no idx, "obj" is the default type."""
    if ph is None:
        return ""
    kind, idx = ph
    type_attr = "" if kind == "obj" else f' type="{kind}"'
    idx_attr = "" if kind in ("title", "ctrTitle") and not idx else f' idx="{int(idx)}"'
    return f"<p:ph{type_attr}{idx_attr}/>"


def picture_xml(shape_id: int, name: str, alt: str, rid: str, x: int, y: int, w: int, h: int,
                ph: tuple[str, int] | None = None, link_rid: str | None = None) -> str:
    """A picture (its image part already related to the slide as ``rid``) with alt text; in placeholder ``ph`` if given."""
    link = f'<a:hlinkClick r:id="{link_rid}"/>' if link_rid else ""
    cnv = f'<p:cNvPr id="{shape_id}" name={_attr(name)} descr={_attr(alt)}>{link}</p:cNvPr>' if link else \
        f'<p:cNvPr id="{shape_id}" name={_attr(name)} descr={_attr(alt)}/>'
    locks = '<a:picLocks noGrp="1" noChangeAspect="1"/>' if ph else '<a:picLocks noChangeAspect="1"/>'
    return (f'<p:pic><p:nvPicPr>{cnv}<p:cNvPicPr>{locks}</p:cNvPicPr><p:nvPr>{_ph(ph)}</p:nvPr></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            f'<p:spPr>{_xfrm(x, y, w, h)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')


def placeholder_xml(shape_id: int, name: str, ph: tuple[str, int], x: int, y: int, w: int, h: int, body: str) -> str:
    """A layout placeholder on the slide (title, body, subtitle, slide number) at its planned box, holding ``body``."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={_attr(name)}/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f'<p:nvPr>{_ph(ph)}</p:nvPr></p:nvSpPr><p:spPr>{_xfrm(x, y, w, h)}</p:spPr>{body}</p:sp>')


def textbox_xml(shape_id: int, name: str, x: int, y: int, w: int, h: int, body: str) -> str:
    """A text box holding ``body`` (a ``p:txBody`` from :func:`text_body_xml`)."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={_attr(name)}/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr>{_xfrm(x, y, w, h)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f'{body}</p:sp>')


def body_pr_xml(insets: tuple[int, int, int, int], anchor: str | None) -> str:
    """Horizontal text, word wrap on, autofit off (the text was measured), the given insets; anchor "t"/"ctr"/"b" or the placeholder's own."""
    l, t, r, b = (int(v) for v in insets)
    anchor_attr = f' anchor="{anchor}"' if anchor else ""
    return (f'<a:bodyPr vert="horz" wrap="square" lIns="{l}" tIns="{t}" rIns="{r}" bIns="{b}"{anchor_attr}>'
            '<a:noAutofit/></a:bodyPr>')


def paragraph_xml(runs: str, *, align: str | None, line_pt: float, before_pt: float,
                  bullet_indent: int | None, bullet_colour: str | None, font: str, number: int | None = None,
                  rtl: bool = False, end_size_pt: float | None = None) -> str:
    """A paragraph: exact line pitch, space before, a hanging bullet, a hanging list number (its run comes first in ``runs``), or none.

    ``rtl``: a right-to-left paragraph (PowerPoint shapes and orders its text itself).
    """
    algn = f' algn="{align}"' if align else ""
    marl = int(bullet_indent or 0)
    rtl_attr = ' rtl="1"' if rtl else ""
    ppr = (f'<a:pPr marL="{marl}" indent="{-marl}"{algn}{rtl_attr}><a:lnSpc><a:spcPts val="{_centipoints(line_pt)}"/></a:lnSpc>'
           f'<a:spcBef><a:spcPts val="{_centipoints(before_pt)}"/></a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft>')
    if bullet_indent is not None and number is None:
        if bullet_colour:
            ppr += f'<a:buClr><a:srgbClr val="{_hex(bullet_colour)}"/></a:buClr>'
        ppr += f'<a:buSzPct val="100000"/><a:buFont typeface={_attr(font)}/><a:buChar char="\u2022"/>'
    else:
        ppr += "<a:buNone/>"
    if number is not None:
        # A list number written out ("3." and a tab to the hanging indent): renderers restart an
        # automatic list differently (LibreOffice ignores startAt="1"), a written number is the same everywhere.
        ppr += f'<a:tabLst><a:tab pos="{marl}" algn="l"/></a:tabLst>'
    end = f'<a:endParaRPr sz="{_centipoints(end_size_pt)}"/>' if end_size_pt else ""
    return f"<a:p>{ppr}</a:pPr>{runs}{end}</a:p>"


SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # a fixed id: the deck stays byte-reproducible


def run_xml(text: str, *, font: str, size_pt: float, bold: bool, italic: bool, colour: str | None,
            lang: str | None, link_rid: str | None = None, field: str | None = None) -> str:
    """A styled run; a hyperlink's relationship id goes in ``link_rid``; ``field="slidenum"``: the slide number.

    ``font`` is a typeface ("Arial") or a theme font reference ("+mn-lt", "+mj-lt"): then the
    East Asian and complex-script faces are the theme's too ("+mn-ea", "+mn-cs").
    """
    lang_attr = f" lang={_attr(lang)}" if lang else ""
    fill = f'<a:solidFill><a:srgbClr val="{_hex(colour)}"/></a:solidFill>' if colour else ""
    theme_ref = font[:3] if font.startswith(("+mn-", "+mj-")) else None
    latin, ea, cs = ((_attr(font), _attr(theme_ref + "-ea"), _attr(theme_ref + "-cs")) if theme_ref
                     else (_attr(font),) * 3)
    link = f'<a:hlinkClick r:id="{link_rid}"/>' if link_rid else ""
    rpr = (f'<a:rPr{lang_attr} sz="{_centipoints(size_pt)}" b="{int(bold)}" i="{int(italic)}">{fill}'
           f'<a:latin typeface={latin}/><a:ea typeface={ea}/><a:cs typeface={cs}/>{link}</a:rPr>')
    if field:
        return f'<a:fld id="{SLIDE_NUMBER_FIELD_ID}" type={_attr(field)}>{rpr}<a:t>{_esc(text)}</a:t></a:fld>'
    return f"<a:r>{rpr}<a:t>{_esc(text)}</a:t></a:r>"


def text_body_xml(body_pr: str, paragraphs: list[str]) -> str:
    return f"<p:txBody>{body_pr}<a:lstStyle/>{''.join(paragraphs) or '<a:p/>'}</p:txBody>"


def _centipoints(pt: float) -> int:
    return int(round(pt * 100))


def parse_fragments(fragments: list[str]) -> list:
    """Parse shape (or ``p:txBody``) markup into python-pptx's element classes, in order."""
    from pptx.oxml import parse_xml

    root = parse_xml(f"<p:spTree {_NS}>{''.join(fragments)}</p:spTree>")
    return list(root)


class SlideAdder:
    """Slides added to a presentation in linear time.

    python-pptx's ``add_slide`` looks through every relationship of the presentation for one
    to the new slide, and numbers its ``p:sldId`` by reading every other one: quadratic in
    the slides. A new slide has no relationship yet and the next id is one more than the last,
    so this adds the same relationship (the next free rId) and the same id directly.
    """

    def __init__(self, prs):
        self.prs = prs
        self.ids = prs.slides._sldIdLst
        self.next_id = self.ids._next_id

    def add(self, layout):
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.parts.slide import SlidePart

        part = self.prs.part
        slide_part = SlidePart.new(part._next_slide_partname, part.package, layout.part)
        rid = part.rels._add_relationship(RT.SLIDE, slide_part)
        self.ids._add_sldId(id=self.next_id, rId=rid)
        self.next_id += 1
        return slide_part.slide


def next_shape_id(slide) -> int:
    ids = [int(v) for v in slide._element.xpath("//@id") if str(v).isdigit()]
    return max(ids, default=0) + 1


def append_shapes(slide, fragments: list[str]) -> None:
    """Append shapes, given as markup, to the top of the slide's z-order."""
    tree = slide.shapes._spTree
    for el in parse_fragments(fragments):
        tree.append(el)


def replace_text_body(shape, body: str) -> None:
    """Give a shape (a placeholder) the text body ``body``."""
    sp = shape._element
    new = parse_fragments([body])[0]
    old = sp.find(qn("p:txBody"))
    if old is not None:
        old.addprevious(new)
        sp.remove(old)
    else:
        sp.append(new)


class NotesWriter:
    """Speaker notes for many slides: the first through python-pptx, the rest copied from it.

    python-pptx builds each notes slide by cloning the notes master's placeholders, which
    costs milliseconds a slide; copying the first finished notes slide is the same markup.
    """

    def __init__(self, package):
        self.package = package
        self.template = None

    @staticmethod
    def _fill(el, text: str, rtl) -> None:
        """The notes body's paragraphs: one a line, right to left (a:pPr rtl="1" algn="r") where ``rtl`` flags it."""
        body = next(sp for sp in el.iter(qn("p:sp"))
                    if any(ph.get("type") == "body" for ph in sp.iter(qn("p:ph"))))
        tx = body.find(qn("p:txBody"))
        for para in tx.findall(qn("a:p")):
            tx.remove(para)
        out = []
        for k, line in enumerate(text.split("\n")):
            ppr = '<a:pPr algn="r" rtl="1"/>' if k < len(rtl) and rtl[k] else ""
            out.append(f"<a:p>{ppr}<a:r><a:t>{_esc(line)}</a:t></a:r></a:p>" if line else f"<a:p>{ppr}</a:p>")
        for para in parse_fragments([f"<p:txBody>{''.join(out)}</p:txBody>"])[0]:
            tx.append(para)

    def add(self, slide, text: str, rtl: tuple[bool, ...] = ()) -> None:
        """``rtl``: one flag a line of ``text``, True for a right-to-left paragraph."""
        import copy

        from pptx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
        from pptx.parts.slide import NotesSlidePart

        if self.template is None:
            slide.notes_slide.notes_text_frame.text = text
            self.template = slide.part.notes_slide.part._element
            if any(rtl):
                self._fill(self.template, text, rtl)
            return
        el = copy.deepcopy(self.template)
        self._fill(el, text, rtl)
        slide_part = slide.part
        partname = self.package.next_partname("/ppt/notesSlides/notesSlide%d.xml")
        part = NotesSlidePart(partname, CT.PML_NOTES_SLIDE, self.package, el)
        part.relate_to(self.package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)


# --------------------------------------------------------------------------- slides kept between builds
#
# A slide whose plan did not change since the last build is written from what that build
# wrote: its part's XML and its relationships (to the layout, its pictures, its links and its
# speaker notes, whose XML is kept too), added back in the same order under the same rIds,
# so the package comes out byte for byte as if the slide had been made again.


def slide_record(slide_part, layout_part) -> tuple | None:
    """What :func:`replay_slide` needs to write ``slide_part`` again, or None for a slide that
    relates to anything else than its layout, pictures, links and notes."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.oxml import serialize_part_xml
    from pptx.parts.image import ImagePart
    from pptx.parts.slide import NotesSlidePart

    rels, notes_xml = [], None
    for rid, rel in slide_part.rels.items():
        if rel.is_external:
            rels.append((rid, rel.reltype, "link", rel.target_ref))
            continue
        target = rel.target_part
        if target is layout_part:
            rels.append((rid, rel.reltype, "layout", None))
        elif isinstance(target, ImagePart):
            rels.append((rid, rel.reltype, "image", target.sha1))
        elif isinstance(target, NotesSlidePart) and notes_xml is None:
            back = [(r, x.reltype, None if x.is_external else x.target_part) for r, x in target.rels.items()]
            if [(r, t) for r, t, _ in back] != [("rId1", RT.NOTES_MASTER), ("rId2", RT.SLIDE)] or back[1][2] is not slide_part:
                return None
            notes_xml = serialize_part_xml(target._element)
            rels.append((rid, rel.reltype, "notes", None))
        else:
            return None
    return serialize_part_xml(slide_part._element), tuple(rels), notes_xml


def _sound_record(record) -> bool:
    """Whether a kept slide is what :func:`slide_record` makes (a damaged cache gives other things)."""
    if not (isinstance(record, tuple) and len(record) == 3 and isinstance(record[0], bytes)
            and isinstance(record[1], tuple) and (record[2] is None or isinstance(record[2], bytes))):
        return False
    kinds = {"link": str, "layout": type(None), "image": str, "notes": type(None)}
    return all(isinstance(rel, tuple) and len(rel) == 4 and isinstance(rel[0], str) and isinstance(rel[1], str)
               and rel[2] in kinds and isinstance(rel[3], kinds[rel[2]])
               and (rel[2] != "notes" or record[2] is not None) for rel in record[1])


def replay_slide(adder: SlideAdder, layout_part, record: tuple, image_files: list) -> bool:
    """Add the slide of ``record`` (see :func:`slide_record`) to the presentation, its pictures
    from ``image_files`` (paths or PNG bytes, in the slide's order). False, with nothing added
    but pictures the slide would add itself, when a kept picture is not among them or the record
    is not what :func:`slide_record` makes (a damaged cache)."""
    from pptx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TARGET_MODE as RTM, RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part, _Relationship

    if not _sound_record(record):
        return False
    blob, rels, notes_xml = record
    package = adder.prs.part.package
    pictures = {}
    for f in image_files:
        part = package.get_or_add_image_part(f)
        pictures[part.sha1] = part
    if any(kind == "image" and ref not in pictures for _, _, kind, ref in rels):
        return False
    pres = adder.prs.part
    slide_part = Part(pres._next_slide_partname, CT.PML_SLIDE, package, blob)
    rid = pres.rels._add_relationship(RT.SLIDE, slide_part)
    adder.ids._add_sldId(id=adder.next_id, rId=rid)
    adder.next_id += 1
    own = slide_part.rels
    for rid, reltype, kind, ref in rels:
        mode, target = RTM.INTERNAL, None
        if kind == "link":
            mode, target = RTM.EXTERNAL, ref
        elif kind == "layout":
            target = layout_part
        elif kind == "image":
            target = pictures[ref]
        else:  # the notes
            target = Part(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"), CT.PML_NOTES_SLIDE, package, notes_xml)
            target.relate_to(pres.notes_master_part, RT.NOTES_MASTER)
            target.relate_to(slide_part, RT.SLIDE)
        own._rels[rid] = _Relationship(own._base_uri, rid, reltype, mode, target)
    return True


# --------------------------------------------------------------------------- the package's .rels items

_RELS_HEAD = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">')
_PLAIN_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def rels_xml(rels, relative: dict) -> bytes:
    """The ``.rels`` item of a part's relationships ``rels``: the bytes python-pptx writes
    (``_Relationships.xml``), made as text rather than through an element tree, which took
    most of the time a deck of hundreds of slides spent in packaging. ``relative``: a cache of
    relative targets by (base, partname), shared over the package. Relationships it does not
    know how to write exactly (none, or a target with a control character) are left to python-pptx."""
    try:
        items = rels._rels  # python-pptx's own dict of rId -> relationship: its properties cost more than the writing
        ordered = sorted((int(r[3:]) if r.startswith("rId") and r[3:].isdigit() else 0, r) for r in items)
        out = [_RELS_HEAD]
        for _, rid in ordered:
            rel = items[rid]
            if rel._target_mode == "External":
                target, mode = rel._target, ' TargetMode="External"'
            else:
                key = (rel._base_uri, rel._target._partname)
                target = relative.get(key)
                if target is None:
                    target = relative[key] = rel.target_ref
                mode = ""
            if not (rid + rel._reltype + target).isprintable():  # lxml writes these as character references: let it
                return rels.xml
            out.append(f'<Relationship Id="{rid.translate(_PLAIN_ATTR)}" Type="{rel._reltype.translate(_PLAIN_ATTR)}" '
                       f'Target="{target.translate(_PLAIN_ATTR)}"{mode}/>')
    except AttributeError:  # another python-pptx: its own writing
        return rels.xml
    if len(out) == 1:
        return rels.xml
    out.append("</Relationships>")
    return "".join(out).encode("utf-8")
