"""Read what a teacher's PowerPoint template offers: slide size, layouts and their placeholders.

Pure reading of the .pptx package (zip + XML), no python-pptx: the deck planner decides
from this which layout each kind of slide uses and where text goes; the renderer then
builds on the template itself. Lengths are EMU (914,400 to the inch).

Placeholder positions follow PowerPoint's inheritance: a layout placeholder without its
own position takes the position of the slide master's placeholder of the same kind.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..model.template import Box, Layout, Placeholder, TemplateInfo

NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_R_ID = f"{{{NS['r']}}}id"

# A layout placeholder of one type inherits its position from the master's placeholder of this type.
_BASE_TYPE = {
    "body": "body", "chart": "body", "clipArt": "body", "ctrTitle": "title", "dgm": "body", "dt": "dt",
    "ftr": "ftr", "media": "body", "obj": "body", "pic": "body", "sldNum": "sldNum", "subTitle": "body",
    "tbl": "body", "title": "title",
}
class TemplateError(Exception):
    """The file is not a PowerPoint presentation this reader understands; ``str()`` says why."""


def read_template(path: Path) -> TemplateInfo:
    """Read ``path``; raises :class:`TemplateError` with a reason a teacher can act on."""
    try:
        with zipfile.ZipFile(path) as z:
            return _Reader(z, path).read()
    except zipfile.BadZipFile:
        raise TemplateError("is not a readable PowerPoint file") from None
    except KeyError as exc:
        raise TemplateError(f"is not a complete PowerPoint file (the part {exc.args[0]} is missing)") from None
    except ET.ParseError as exc:
        raise TemplateError(f"holds a damaged part ({exc})") from None
    except OSError as exc:
        raise TemplateError(f"cannot be read ({exc.strerror or exc})") from None


class _Reader:
    def __init__(self, z: zipfile.ZipFile, path: Path):
        self.z = z
        self.path = path

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.z.read(name))

    def rels(self, part: str) -> dict[str, str]:
        """Relationship id -> target part name, for ``part``."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        try:
            root = self.xml(rels_name)
        except KeyError:
            return {}
        out = {}
        for rel in root.findall("rel:Relationship", NS):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = full
        return out

    def _check_kind(self, pres_name: str) -> None:
        """A template (.potx) or show (.ppsx) renamed to .pptx: say so, not its raw content type."""
        try:
            types = self.xml("[Content_Types].xml")
        except KeyError:
            raise TemplateError("is not a complete PowerPoint file (it has no list of its parts)") from None
        ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
        kind = next((o.get("ContentType", "") for o in types.iter(f"{ct}Override")
                     if o.get("PartName", "").lstrip("/") == pres_name), "")
        if ".template." in kind:
            raise TemplateError("is a PowerPoint template (.potx) with its name changed to .pptx: open it in PowerPoint "
                                "(or LibreOffice Impress) and save it as a PowerPoint presentation (.pptx)")
        if ".slideshow." in kind:
            raise TemplateError("is a PowerPoint show (.ppsx) with its name changed to .pptx: open it in PowerPoint "
                                "(or LibreOffice Impress) and save it as a PowerPoint presentation (.pptx)")
        if kind and "presentationml" not in kind:
            raise TemplateError("is not a PowerPoint presentation inside (perhaps another kind of file renamed to .pptx)")

    def read(self) -> TemplateInfo:
        pres_name = "ppt/presentation.xml"
        self._check_kind(pres_name)
        pres = self.xml(pres_name)
        size = pres.find("p:sldSz", NS)
        if size is None:
            raise TemplateError("has no slide size (ppt/presentation.xml lacks p:sldSz)")
        width, height = int(size.get("cx", "0")), int(size.get("cy", "0"))
        if width <= 0 or height <= 0:
            raise TemplateError("has a slide size of zero")
        masters = pres.findall("p:sldMasterIdLst/p:sldMasterId", NS)
        if not masters:
            raise TemplateError("has no slide master")
        master_name = self.rels(pres_name).get(masters[0].get(_R_ID, ""))
        if not master_name:
            raise TemplateError("names a slide master that is not in the file")
        master = self.xml(master_name)
        master_phs = tuple(self._placeholders(master, {}))
        base = {}
        for ph in master_phs:
            base.setdefault(ph.type, ph)
        master_rels = self.rels(master_name)
        layouts = []
        for i, lid in enumerate(master.findall("p:sldLayoutIdLst/p:sldLayoutId", NS)):
            name = master_rels.get(lid.get(_R_ID, ""))
            if not name:
                continue
            root = self.xml(name)
            csld = root.find("p:cSld", NS)
            layouts.append(Layout(len(layouts), csld.get("name", "") if csld is not None else "",
                                  tuple(self._placeholders(root, base))))
        if not layouts:
            raise TemplateError("has no slide layouts")
        return TemplateInfo(self.path, width, height, tuple(layouts), master_phs)

    @staticmethod
    def _placeholders(root: ET.Element, base: dict[str, Placeholder]):
        tree = root.find("p:cSld/p:spTree", NS)
        if tree is None:
            return
        for shape in tree:
            ph = None
            for nv in shape:
                if nv.tag.endswith("}nvSpPr") or nv.tag.endswith("}nvPicPr") or nv.tag.endswith("}nvGraphicFramePr") \
                        or nv.tag.endswith("}nvCxnSpPr") or nv.tag.endswith("}nvGrpSpPr"):
                    ph = nv.find("p:nvPr/p:ph", NS)
                    break
            if ph is None:
                continue
            kind = ph.get("type", "obj")
            try:
                idx = int(ph.get("idx", "0"))
            except ValueError:
                idx = 0
            box = _box(shape)
            if box is None:
                inherited = base.get(_BASE_TYPE.get(kind, "body"))
                box = inherited.box if inherited else None
            lvl1 = shape.find("p:txBody/a:lstStyle/a:lvl1pPr", NS)
            yield Placeholder(kind, idx, box, lvl1.get("algn") if lvl1 is not None else None)


def _box(shape: ET.Element) -> Box | None:
    xfrm = None
    for sppr in shape:
        if sppr.tag.endswith("}spPr") or sppr.tag.endswith("}grpSpPr"):
            xfrm = sppr.find("a:xfrm", NS)
            break
        if sppr.tag.endswith("}xfrm"):  # a graphic frame holds its xfrm directly
            xfrm = sppr
            break
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    if off is None or ext is None:
        return None
    try:
        return int(off.get("x", "0")), int(off.get("y", "0")), int(ext.get("cx", "0")), int(ext.get("cy", "0"))
    except ValueError:
        return None
