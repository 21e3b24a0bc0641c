"""PowerPoint templates made in the tests, like the ones teachers bring.

:func:`make_template` writes a .pptx package from python-pptx's blank template: its slide
master (placeholders scaled to the slide size), its theme with the fonts and colours
given, and the layouts given (their placeholders, backgrounds and colour mappings), plus
a sample slide the deck must drop. The named templates mimic real cases: the standard
blank theme saved in another language, a 16:9 company template, a dark variant, a file of
many layouts with ties, and a template with a broken part.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pptx

EMU = 914400
W169, W43, H = 12192000, 9144000, 6858000

_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_LAYOUT_CT = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
_SLIDE_CT = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"


@dataclass
class Ph:
    """A layout placeholder: its type ("title", "ctrTitle", "subTitle", "body", "obj", "pic", ...), box in inches."""

    type: str
    box: tuple[float, float, float, float] | None = None  # x, y, w, h in inches; None: the master's position
    idx: int = 0
    vertical: bool = False
    fill: str | None = None  # its own solid fill ("RRGGBB")
    colour: str | None = None  # its own text colour: a scheme name ("tx1", "bg1", "accent1") or "RRGGBB"


@dataclass
class Lay:
    name: str
    phs: list[Ph]
    background: str | None = None  # its own solid background ("RRGGBB") or a scheme colour ("bg1", "tx2")
    dark: bool = False  # maps the background to dark and the text to light (p:clrMapOvr)
    decor: list[tuple[float, float, float, float, str]] = field(default_factory=list)  # filled rectangles (in, "RRGGBB")


def _emu(v: float) -> int:
    return round(v * EMU)


def _fill(colour: str) -> str:
    if re.fullmatch(r"[0-9A-Fa-f]{6}", colour):
        return f'<a:solidFill><a:srgbClr val="{colour.upper()}"/></a:solidFill>'
    return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'


_PH_NAMES = {"title": "Title", "ctrTitle": "Title", "subTitle": "Subtitle", "body": "Text Placeholder", "obj": "Content Placeholder",
             "pic": "Picture Placeholder", "dt": "Date Placeholder", "ftr": "Footer Placeholder", "sldNum": "Slide Number Placeholder"}


def _ph_xml(ph: Ph, shape_id: int) -> str:
    type_attr = "" if ph.type == "obj" else f' type="{ph.type}"'
    idx_attr = "" if ph.type in ("title", "ctrTitle") else f' idx="{ph.idx}"'
    xfrm = ""
    if ph.box:
        x, y, w, h = (_emu(v) for v in ph.box)
        xfrm = f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
    fill = _fill(ph.fill) if ph.fill else ""
    sppr = f"<p:spPr>{xfrm}{fill}</p:spPr>"
    vert = ' vert="eaVert"' if ph.vertical else ""
    lst = f"<a:lstStyle><a:lvl1pPr><a:defRPr>{_fill(ph.colour)}</a:defRPr></a:lvl1pPr></a:lstStyle>" if ph.colour else "<a:lstStyle/>"
    text = {"dt": '<a:fld id="{5BCAD085-E8A6-8845-BD4E-CB4CCA059FC4}" type="datetimeFigureOut"><a:rPr lang="en-US"/><a:t>1/1/24</a:t></a:fld>',
            "sldNum": '<a:fld id="{C1FF6DA9-008F-8B48-92A6-B652298478BF}" type="slidenum"><a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld>',
            "ftr": ""}.get(ph.type, '<a:r><a:rPr lang="en-US"/><a:t>Click to edit</a:t></a:r>')
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{_PH_NAMES.get(ph.type, "Placeholder")} {shape_id}"/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph{type_attr}{idx_attr}/></p:nvPr></p:nvSpPr>'
            f'{sppr}<p:txBody><a:bodyPr{vert}/>{lst}<a:p>{text}</a:p></p:txBody></p:sp>')


def _rect_xml(shape_id: int, x: float, y: float, w: float, h: float, colour: str) -> str:
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Decoration {shape_id}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{_emu(x)}" y="{_emu(y)}"/><a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(colour)}<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


_GROUP = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/>'
          '<a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')
_DARK_MAP = ('<a:overrideClrMapping bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2" accent1="accent1" accent2="accent2" accent3="accent3" '
             'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>')


def _layout_xml(lay: Lay, extra: str = "") -> str:
    shapes = "".join(_rect_xml(2 + k, *d) for k, d in enumerate(lay.decor))
    next_id = 2 + len(lay.decor)
    auto = 1
    for ph in lay.phs:
        if ph.type not in ("title", "ctrTitle") and not ph.idx:
            ph.idx = {"dt": 10, "ftr": 11, "sldNum": 12}.get(ph.type, auto)
            if ph.type not in ("dt", "ftr", "sldNum"):
                auto += 1
        shapes += _ph_xml(ph, next_id)
        next_id += 1
    bg = f"<p:bg><p:bgPr>{_fill(lay.background)}<a:effectLst/></p:bgPr></p:bg>" if lay.background else ""
    mapping = _DARK_MAP if lay.dark else "<a:masterClrMapping/>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sldLayout {_NS} preserve="1">'
            f'<p:cSld name="{lay.name}"{extra}>{bg}<p:spTree>{_GROUP}{shapes}</p:spTree></p:cSld>'
            f"<p:clrMapOvr>{mapping}</p:clrMapOvr></p:sldLayout>")


def _foot(w: float) -> list[Ph]:
    """Date, footer and slide number along the bottom of a slide ``w`` inches wide."""
    return [Ph("dt", (0.5, 6.95, 2.6, 0.4)), Ph("ftr", (w / 2 - 2, 6.95, 4, 0.4)), Ph("sldNum", (w - 3.1, 6.95, 2.6, 0.4))]


def make_template(path: Path, layouts: list[Lay], *, width: int = W169, major: str = "Calibri", minor: str = "Calibri",
                  colours: dict[str, str] | None = None, master_background: str | None = None, dark_master: bool = False,
                  master_decor: list[tuple[float, float, float, float, str]] = (), broken: dict[str, str] | None = None,
                  sample_slide: bool = True) -> Path:
    """Write a template to ``path`` (see the module docstring).

    ``colours``: theme colours by scheme name ("dk1", "accent1", "hlink" -> "RRGGBB");
    ``master_background``: the master's solid background ("RRGGBB"); ``dark_master``: the
    master maps its background to dk1 and its text to lt1 (a dark theme); ``broken``:
    part name -> markup to put in it (a part that fails validation).
    """
    src = zipfile.ZipFile(os.path.join(os.path.dirname(pptx.__file__), "templates", "default.pptx"))
    files = {n: src.read(n) for n in src.namelist() if not n.startswith("ppt/slideLayouts/")}
    scale = width / W43
    # presentation: the slide size
    pres = files["ppt/presentation.xml"].decode()
    pres = re.sub(r'<p:sldSz [^>]*/>', f'<p:sldSz cx="{width}" cy="{H}"/>', pres)
    # theme: fonts and colours
    theme = files["ppt/theme/theme1.xml"].decode()
    theme = re.sub(r'(<a:majorFont><a:latin typeface=")[^"]*', rf"\g<1>{major}", theme)
    theme = re.sub(r'(<a:minorFont><a:latin typeface=")[^"]*', rf"\g<1>{minor}", theme)
    for name, val in (colours or {}).items():
        theme = re.sub(rf"<a:{name}>.*?</a:{name}>", f'<a:{name}><a:srgbClr val="{val.upper()}"/></a:{name}>', theme)
    files["ppt/theme/theme1.xml"] = theme.encode()
    # master: placeholders scaled to the width, background, colour map, decoration, layouts
    master = files["ppt/slideMasters/slideMaster1.xml"].decode()
    master = re.sub(r'<a:off x="(\d+)"', lambda m: f'<a:off x="{round(int(m.group(1)) * scale)}"', master)
    master = re.sub(r'<a:ext cx="(\d+)"', lambda m: f'<a:ext cx="{round(int(m.group(1)) * scale)}"', master)
    if master_background:
        master = re.sub(r"<p:bg>.*?</p:bg>", f"<p:bg><p:bgPr>{_fill(master_background)}<a:effectLst/></p:bgPr></p:bg>", master)
    if dark_master:
        master = re.sub(r"<p:clrMap [^>]*/>", '<p:clrMap bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2" accent1="accent1" '
                        'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" '
                        'hlink="hlink" folHlink="folHlink"/>', master)
    if master_decor:
        decor = "".join(_rect_xml(100 + k, *d) for k, d in enumerate(master_decor))
        master = re.sub(r"(</p:grpSpPr>)", rf"\1{decor}", master, count=1)
    ids = "".join(f'<p:sldLayoutId id="{2147483649 + k}" r:id="rId{k + 1}"/>' for k in range(len(layouts)))
    master = re.sub(r"<p:sldLayoutIdLst>.*?</p:sldLayoutIdLst>", f"<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst>", master)
    files["ppt/slideMasters/slideMaster1.xml"] = master.encode()
    rels = "".join(f'<Relationship Id="rId{k + 1}" Type="{_REL}/slideLayout" Target="../slideLayouts/slideLayout{k + 1}.xml"/>'
                   for k in range(len(layouts)))
    rels += f'<Relationship Id="rId{len(layouts) + 1}" Type="{_REL}/theme" Target="../theme/theme1.xml"/>'
    files["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>').encode()
    layout_rel = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
                  f'package/2006/relationships"><Relationship Id="rId1" Type="{_REL}/slideMaster" '
                  'Target="../slideMasters/slideMaster1.xml"/></Relationships>').encode()
    for k, lay in enumerate(layouts, start=1):
        files[f"ppt/slideLayouts/slideLayout{k}.xml"] = _layout_xml(lay).encode()
        files[f"ppt/slideLayouts/_rels/slideLayout{k}.xml.rels"] = layout_rel
    types = files["[Content_Types].xml"].decode()
    types = re.sub(r'<Override PartName="/ppt/slideLayouts/[^>]*/>', "", types)
    types = types.replace("</Types>", "".join(f'<Override PartName="/ppt/slideLayouts/slideLayout{k}.xml" ContentType="{_LAYOUT_CT}"/>'
                                              for k in range(1, len(layouts) + 1)) + "</Types>")
    if sample_slide:  # a sample slide on the first layout, which the deck drops
        files["ppt/slides/slide1.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sld {_NS}><p:cSld><p:spTree>{_GROUP}'
            '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="ctrTitle"/>'
            '</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>Sample slide</a:t>'
            '</a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>').encode()
        files["ppt/slides/_rels/slide1.xml.rels"] = layout_rel.replace(b"slideMaster\"", b"slideLayout\"").replace(
            b"../slideMasters/slideMaster1.xml", b"../slideLayouts/slideLayout1.xml")
        types = types.replace("</Types>", f'<Override PartName="/ppt/slides/slide1.xml" ContentType="{_SLIDE_CT}"/></Types>')
        pres = pres.replace("</p:sldMasterIdLst>", '</p:sldMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rId99"/></p:sldIdLst>')
        prels = files["ppt/_rels/presentation.xml.rels"].decode()
        files["ppt/_rels/presentation.xml.rels"] = prels.replace(
            "</Relationships>", f'<Relationship Id="rId99" Type="{_REL}/slide" Target="slides/slide1.xml"/></Relationships>').encode()
    files["ppt/presentation.xml"] = pres.encode()
    files["[Content_Types].xml"] = types.encode()
    for name, markup in (broken or {}).items():
        files[name] = markup.encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


# ----------------------------------------------------------------------------- the templates

def _standard(w: float, names: list[str]) -> list[Lay]:
    """PowerPoint's eleven standard layouts on a slide ``w`` inches wide (positions from the master), named ``names``."""
    m = 0.5
    cw = w - 2 * m
    half = (cw - 0.3) / 2
    foot = _foot(w)
    return [
        Lay(names[0], [Ph("ctrTitle", (w * 0.1, 2.2, w * 0.8, 1.6)), Ph("subTitle", (w * 0.2, 4.0, w * 0.6, 1.8))] + _foot(w)),
        Lay(names[1], [Ph("title"), Ph("obj")] + _foot(w)),
        Lay(names[2], [Ph("title", (m + 0.3, 4.4, cw - 0.6, 1.4)), Ph("body", (m + 0.3, 2.9, cw - 0.6, 1.5))] + _foot(w)),
        Lay(names[3], [Ph("title"), Ph("obj", (m, 1.75, half, 4.95)), Ph("obj", (m + half + 0.3, 1.75, half, 4.95))] + _foot(w)),
        Lay(names[4], [Ph("title"), Ph("body", (m, 1.68, half, 0.7)), Ph("obj", (m, 2.38, half, 4.3)),
                       Ph("body", (m + half + 0.3, 1.68, half, 0.7)), Ph("obj", (m + half + 0.3, 2.38, half, 4.3))] + _foot(w)),
        Lay(names[5], [Ph("title")] + _foot(w)),
        Lay(names[6], list(foot)),
        Lay(names[7], [Ph("title", (m, 0.3, cw * 0.36, 1.27)), Ph("obj", (m + cw * 0.4, 0.3, cw * 0.6, 6.4)),
                       Ph("body", (m, 1.57, cw * 0.36, 5.1))] + _foot(w)),
        Lay(names[8], [Ph("title", (w * 0.2, 5.25, w * 0.6, 0.62)), Ph("pic", (w * 0.2, 0.67, w * 0.6, 4.5)),
                       Ph("body", (w * 0.2, 5.87, w * 0.6, 0.88))] + _foot(w)),
        Lay(names[9], [Ph("title"), Ph("body", vertical=True)] + _foot(w)),
        Lay(names[10], [Ph("title", (w - 2.75, 0.3, 2.25, 6.4), vertical=True), Ph("body", (m, 0.3, w - 3.5, 6.4), vertical=True)]
            + _foot(w)),
    ]


SPANISH = ["Diapositiva de título", "Título y objetos", "Encabezado de sección", "Dos objetos", "Comparación", "Solo el título",
           "En blanco", "Contenido con título", "Imagen con título", "Título y texto vertical", "Título vertical y texto"]


def blank_spanish_4x3(path: Path) -> Path:
    """PowerPoint's standard blank theme at 4:3 (Calibri, the Office colours), saved by a Spanish PowerPoint."""
    return make_template(path, _standard(10, SPANISH), width=W43)


def company_16x9(path: Path) -> Path:
    """A 16:9 company template: Dutch layout names, Century Gothic, a dark title and section layout, and
    first among the layouts with a title one with a third-width picture on the right whose body ends at
    63% of the slide's height."""
    w = 13.333
    navy = "1F3A5F"
    layouts = [
        Lay("Titeldia", [Ph("ctrTitle", (1.0, 2.3, 11.3, 1.5)), Ph("subTitle", (1.0, 3.9, 11.3, 1.2))] + _foot(w), dark=True,
            background="dk2"),
        Lay("1/3 afbeelding rechts", [Ph("title", (0.6, 0.4, 7.9, 1.1)), Ph("body", (0.6, 1.6, 7.9, 3.1)),
                                      Ph("pic", (9.0, 0.0, 4.333, 7.5))] + _foot(8.6)),
        Lay("Titel en object", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("obj", (0.6, 1.65, 12.1, 5.1))] + _foot(w)),
        Lay("Sectiekop", [Ph("title", (0.6, 2.6, 12.1, 1.4)), Ph("body", (0.6, 4.1, 12.1, 1.0))] + _foot(w), dark=True,
            background="dk2"),
        Lay("Twee objecten", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("obj", (0.6, 1.65, 5.9, 5.1)), Ph("obj", (6.8, 1.65, 5.9, 5.1))]
            + _foot(w)),
        Lay("Alleen titel", [Ph("title", (0.6, 0.4, 12.1, 1.1))] + _foot(w)),
        Lay("Afsluiting", [Ph("title", (0.6, 2.0, 12.1, 1.4)), Ph("body", (0.6, 3.5, 12.1, 2.5))] + _foot(w), dark=True,
            background="dk2"),
        Lay("Leeg", _foot(w)),
    ]
    return make_template(path, layouts, major="Century Gothic", minor="Century Gothic",
                         colours={"dk2": navy, "accent1": "E87722", "accent2": navy, "hlink": "E87722"},
                         master_decor=[(0, 0, w, 0.12, "E87722")])


def dark_variant(path: Path) -> Path:
    """A dark theme: the master maps its background to a near-black dk1 and its text to a light lt1; its accent
    (a dark blue) and its link colour (PowerPoint's blue) are hard to read on it. Titles in Calibri Light."""
    layouts = _standard(13.333, ["Title Slide", "Title and Content", "Section Header", "Two Content", "Comparison",
                                 "Title Only", "Blank", "Content with Caption", "Picture with Caption",
                                 "Title and Vertical Text", "Vertical Title and Text"])
    return make_template(path, layouts, major="Calibri Light", minor="Calibri", dark_master=True,
                         colours={"dk1": "15191F", "lt1": "F2F2F2", "dk2": "222A35", "lt2": "D9D9D9",
                                  "accent1": "1F3864", "accent2": "2E75B6", "hlink": "0563C1", "folHlink": "954F72"})


def many_layouts(path: Path) -> Path:
    """A test file of many layouts (Cambria headings, Calibri text), with ties: two equal text layouts (one
    dark), a title slide with a text box as large as theirs, two equal picture layouts, vertical text, quotes."""
    w = 13.333
    full = (0.6, 1.7, 12.1, 5.0)
    layouts = [
        Lay("Title Slide", [Ph("ctrTitle", (1.0, 1.2, 11.3, 1.5)), Ph("subTitle", (1.0, 2.8, 11.3, 0.8))] + _foot(w)),
        Lay("Title Slide with Text", [Ph("ctrTitle", (0.6, 0.3, 12.1, 1.2)), Ph("subTitle", (0.6, 1.5, 12.1, 0.2)),
                                      Ph("body", full)] + _foot(w)),
        Lay("Quote", [Ph("title", (1.5, 0.8, 10.3, 2.0)), Ph("body", (1.5, 3.0, 10.3, 1.0))] + _foot(w)),
        Lay("Title and Content (dark)", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("obj", full)] + _foot(w), dark=True,
            background="bg2"),
        Lay("Title and Content", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("obj", full)] + _foot(w)),
        Lay("Title and Content 2", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("obj", full)] + _foot(w)),
        Lay("Section Header", [Ph("title", (0.6, 4.4, 12.1, 1.4)), Ph("body", (0.6, 2.9, 12.1, 1.5))] + _foot(w)),
        Lay("Title and Vertical Text", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("body", full, vertical=True)] + _foot(w)),
        Lay("Vertical Title and Text", [Ph("title", (10.6, 0.3, 2.1, 6.4), vertical=True),
                                        Ph("body", (0.6, 0.3, 9.8, 6.4), vertical=True)] + _foot(w)),
        Lay("Picture Left", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("pic", (0.6, 1.7, 5.9, 5.0)), Ph("body", (6.8, 1.7, 5.9, 5.0))]
            + _foot(w)),
        Lay("Picture Left 2", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("pic", (0.6, 1.7, 5.9, 5.0)), Ph("body", (6.8, 1.7, 5.9, 5.0))]
            + _foot(w)),
        Lay("Picture with Caption", [Ph("title", (2.6, 5.25, 8.0, 0.62)), Ph("pic", (2.6, 0.67, 8.0, 4.5)),
                                     Ph("body", (2.6, 5.87, 8.0, 0.88))] + _foot(w)),
        Lay("Two Content", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("obj", (0.6, 1.7, 5.9, 5.0)), Ph("obj", (6.8, 1.7, 5.9, 5.0))]
            + _foot(w)),
        Lay("Comparison", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("body", (0.6, 1.7, 5.9, 0.7)), Ph("obj", (0.6, 2.4, 5.9, 4.3)),
                           Ph("body", (6.8, 1.7, 5.9, 0.7)), Ph("obj", (6.8, 2.4, 5.9, 4.3))] + _foot(w)),
        Lay("Content with Caption", [Ph("title", (0.6, 0.3, 4.0, 1.3)), Ph("obj", (5.0, 0.3, 7.7, 6.4)),
                                     Ph("body", (0.6, 1.6, 4.0, 5.1))] + _foot(w)),
        Lay("Title Only (dark)", [Ph("title", (0.6, 0.4, 12.1, 1.1))] + _foot(w), dark=True, background="bg2"),
        Lay("Title Only", [Ph("title", (0.6, 0.4, 12.1, 1.1))] + _foot(w)),
        Lay("Big Number", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("body", (0.6, 1.7, 3.0, 5.0))] + _foot(w)),
        Lay("Agenda", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("body", (0.6, 1.7, 12.1, 2.0)), Ph("body", (0.6, 3.9, 12.1, 2.8))]
            + _foot(w)),
        Lay("Blank", _foot(w)),
        Lay("Closing", [Ph("ctrTitle", (1.0, 2.5, 11.3, 1.5)), Ph("subTitle", (1.0, 4.1, 11.3, 1.0))] + _foot(w), dark=True,
            background="bg2"),
    ]
    return make_template(path, layouts, major="Cambria", minor="Calibri")


BROKEN_LAYOUT = "ppt/slideLayouts/slideLayout12.xml"


def with_broken_parts(path: Path) -> Path:
    """The standard blank theme (16:9) with a twelfth layout and document properties that fail validation."""
    w = 13.333
    layouts = _standard(w, ["Title Slide", "Title and Content", "Section Header", "Two Content", "Comparison", "Title Only",
                            "Blank", "Content with Caption", "Picture with Caption", "Title and Vertical Text",
                            "Vertical Title and Text"])
    layouts.append(Lay("Broken Layout", [Ph("title", (0.6, 0.4, 12.1, 1.1)), Ph("obj", (0.6, 1.7, 12.1, 5.0))] + _foot(w)))
    make_template(path, layouts)
    # the twelfth layout with an element PresentationML does not have, and app.xml with one of its own
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files[BROKEN_LAYOUT] = files[BROKEN_LAYOUT].replace(b"<p:spTree>", b"<p:spTree><p:bogus/>", 1)
    files["docProps/app.xml"] = files["docProps/app.xml"].replace(b"</Properties>", b"<Bogus>1</Bogus></Properties>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


TEMPLATES = {
    "blank-es-4x3": blank_spanish_4x3,
    "company-nl": company_16x9,
    "dark": dark_variant,
    "many-layouts": many_layouts,
}
"""The templates every deck test builds the default program with (name -> maker)."""
