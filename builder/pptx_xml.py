"""The few places the deck reaches below python-pptx's public API, kept in one module.

python-pptx has no public setter for a picture's alt text, a paragraph's bullet and
hanging indent, a run's language, or for dropping a placeholder or a template's
sample slides; these helpers touch the XML (the ``_element`` objects) for exactly that.
"""

from __future__ import annotations

from pptx.oxml.ns import qn

_AFTER_BULLETS = ("a:tabLst", "a:defRPr", "a:extLst")


def set_alt_text(picture, alt: str) -> None:
    """Alt text (``descr``) of a picture; python-pptx sets it to the file name."""
    picture._element.nvPicPr.cNvPr.set("descr", alt)


def set_bullet(paragraph, indent_emu: int, colour_hex: str | None, font: str) -> None:
    """A real bullet (a:buChar "•") hanging ``indent_emu`` left of the text."""
    pPr = paragraph._p.get_or_add_pPr()
    pPr.set("marL", str(indent_emu))
    pPr.set("indent", str(-indent_emu))
    for tag in ("a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct", "a:buSzPts", "a:buFontTx", "a:buFont",
                "a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip"):
        for old in pPr.findall(qn(tag)):
            pPr.remove(old)
    new = []
    if colour_hex:
        clr = pPr.makeelement(qn("a:buClr"), {})
        clr.append(clr.makeelement(qn("a:srgbClr"), {"val": colour_hex.lstrip("#").upper()}))
        new.append(clr)
    new.append(pPr.makeelement(qn("a:buFont"), {"typeface": font}))
    new.append(pPr.makeelement(qn("a:buChar"), {"char": "\u2022"}))
    anchor = next((pPr.find(qn(t)) for t in _AFTER_BULLETS if pPr.find(qn(t)) is not None), None)
    for el in new:
        if anchor is not None:
            anchor.addprevious(el)
        else:
            pPr.append(el)


def set_no_bullet(paragraph) -> None:
    """``a:buNone``: no bullet even where a template's text style would add one."""
    pPr = paragraph._p.get_or_add_pPr()
    if pPr.find(qn("a:buNone")) is None and pPr.find(qn("a:buChar")) is None:
        el = pPr.makeelement(qn("a:buNone"), {})
        anchor = next((pPr.find(qn(t)) for t in _AFTER_BULLETS if pPr.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(el)
        else:
            pPr.append(el)
    pPr.set("marL", "0")
    pPr.set("indent", "0")


def set_lang(run, lang: str) -> None:
    """The run's language tag (BCP 47), for spelling and hyphenation."""
    if lang:
        run._r.get_or_add_rPr().set("lang", lang)


def set_other_script_fonts(run, font: str) -> None:
    """Name ``font`` for East Asian and complex scripts too (after the a:latin set by ``font.name``)."""
    rPr = run._r.get_or_add_rPr()
    latin = rPr.find(qn("a:latin"))
    if latin is None:
        return
    prev = latin
    for tag in ("a:ea", "a:cs"):
        el = rPr.find(qn(tag))
        if el is None:
            el = rPr.makeelement(qn(tag), {})
        el.set("typeface", font)
        prev.addnext(el)
        prev = el


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
    scanned = False

    def get_or_add_image_part(image_file):
        nonlocal scanned
        image = _PptxImage.from_file(image_file)
        if image.sha1 not in by_sha1 and not scanned:
            by_sha1.update({p.sha1: p for p in package.iter_parts() if isinstance(p, ImagePart)})
            scanned = True
        part = by_sha1.get(image.sha1)
        if part is None:
            part = by_sha1[image.sha1] = ImagePart.new(package, image)
        return part

    package.get_or_add_image_part = get_or_add_image_part


def add_run(paragraph, text: str, font: str, size_pt: float, bold: bool, italic: bool,
            colour_hex: str | None, lang: str | None) -> None:
    """Append a styled run as XML: the same markup python-pptx's run and font setters write.

    Building the few elements directly is several times faster than going through the
    proxy objects, which matters for decks of hundreds of slides. ``text`` is set as an
    element's text, so lxml escapes it: it arrives literally.
    """
    from lxml import etree

    p = paragraph._p
    r = p.makeelement(qn("a:r"), {})
    attrs = {"sz": str(int(round(size_pt * 100))), "b": "1" if bold else "0", "i": "1" if italic else "0"}
    if lang:
        attrs = {"lang": lang, **attrs}
    rpr = etree.SubElement(r, qn("a:rPr"), attrs)
    if colour_hex:
        fill = etree.SubElement(rpr, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), {"val": colour_hex.lstrip("#").upper()})
    for tag in ("a:latin", "a:ea", "a:cs"):
        etree.SubElement(rpr, qn(tag), {"typeface": font})
    etree.SubElement(r, qn("a:t")).text = text
    end = p.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(r)
    else:
        p.append(r)


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
