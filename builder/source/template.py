"""Read what a teacher's PowerPoint template offers: slide size, layouts, placeholders, theme.

Pure reading of the .pptx package (zip + XML), no python-pptx: the deck planner decides
from this which layout each kind of slide uses, where text goes, in which fonts and
colours; the renderer then builds on the template itself. Lengths are EMU (914,400 to
the inch), colours "#rrggbb".

Placeholder positions follow PowerPoint's inheritance: a layout placeholder without its
own position takes the position of the slide master's placeholder of the same kind. So do
colours: a layout's background is its own (``p:bg``) or the master's; text takes the
colour of its placeholder's list style, else the master's text styles; scheme colours
("tx1", "bg1", "accent1") are looked up through the master's colour map, which a layout
may override (a dark layout maps the background to a dark colour and the text to a light one).

:func:`template_problems` validates the template with openxml-audit and names the parts
that fail on their own, and whether the deck can leave them out.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import json
import os
import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..model.template import Box, BrokenPart, Layout, Placeholder, TemplateInfo, Theme

NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_R_ID = f"{{{NS['r']}}}id"
_R_EMBED = f"{{{NS['r']}}}embed"
_A = f"{{{NS['a']}}}"

# A layout placeholder of one type inherits its position from the master's placeholder of this type.
_BASE_TYPE = {
    "body": "body", "chart": "body", "clipArt": "body", "ctrTitle": "title", "dgm": "body", "dt": "dt",
    "ftr": "ftr", "media": "body", "obj": "body", "pic": "body", "sldNum": "sldNum", "subTitle": "body",
    "tbl": "body", "title": "title",
}
_MAPPED = ("bg1", "tx1", "bg2", "tx2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink")
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_SCHEME = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink")
_PRESET = {"black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
           "yellow": "#ffff00", "gray": "#808080", "grey": "#808080", "darkGray": "#a9a9a9", "lightGray": "#d3d3d3",
           "navy": "#000080", "orange": "#ffa500"}
_VERTICAL = ("vert", "vert270", "eaVert", "wordArtVert", "wordArtVertRtl", "mongolianVert")


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


# ----------------------------------------------------------------------------- colours

def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02x}" for v in (r, g, b))


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _pct(el: ET.Element) -> float:
    try:
        return int(el.get("val", "100000")) / 100000
    except ValueError:
        return 1.0


def _transform(colour: str, el: ET.Element) -> str:
    """The colour after ``el``'s transforms (lumMod, lumOff, tint, shade, satMod; alpha and the rest ignored)."""
    r, g, b = _rgb(colour)
    for t in el:
        tag = t.tag.rsplit("}", 1)[-1]
        if tag in ("lumMod", "lumOff", "satMod"):
            h, l, s = colorsys.rgb_to_hls(r, g, b)
            if tag == "lumMod":
                l *= _pct(t)
            elif tag == "lumOff":
                l += _pct(t)
            else:
                s *= _pct(t)
            r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, l)), max(0.0, min(1.0, s)))
        elif tag == "tint":  # toward white
            k = _pct(t)
            r, g, b = (1 - (1 - v) * k for v in (r, g, b))
        elif tag == "shade":  # toward black
            k = _pct(t)
            r, g, b = (v * k for v in (r, g, b))
    return _hex(r, g, b)


class _Colours:
    """Scheme colours through one colour map (the master's, with a layout's override)."""

    def __init__(self, scheme: dict[str, str], mapping: dict[str, str]):
        self.scheme = scheme
        self.mapping = mapping

    def scheme_colour(self, name: str, ph_clr: str | None = None) -> str | None:
        if name == "phClr":
            return ph_clr
        name = self.mapping.get(name, _DEFAULT_MAP.get(name, name))
        return self.scheme.get(name)

    def of(self, el: ET.Element | None, ph_clr: str | None = None) -> str | None:
        """The colour an ``a:srgbClr``/``a:schemeClr``/... element (or a fill holding one) names."""
        if el is None:
            return None
        tag = el.tag.rsplit("}", 1)[-1]
        base = None
        if tag == "srgbClr":
            val = el.get("val", "")
            base = "#" + val.lower() if len(val) == 6 else None
        elif tag == "schemeClr":
            base = self.scheme_colour(el.get("val", ""), ph_clr)
        elif tag == "sysClr":
            val = el.get("lastClr") or {"windowText": "000000", "window": "FFFFFF"}.get(el.get("val", ""), "")
            base = "#" + val.lower() if len(val) == 6 else None
        elif tag == "prstClr":
            base = _PRESET.get(el.get("val", ""))
        elif tag == "scrgbClr":
            try:
                base = _hex(*(int(el.get(k, "0")) / 100000 for k in ("r", "g", "b")))
            except ValueError:
                base = None
        elif tag == "hslClr":
            try:
                h, s, l = int(el.get("hue", "0")) / 21600000, int(el.get("sat", "0")) / 100000, int(el.get("lum", "0")) / 100000
                base = _hex(*colorsys.hls_to_rgb(h, l, s))
            except ValueError:
                base = None
        elif tag == "solidFill":
            return self.of(el[0] if len(el) else None, ph_clr)
        if base is None:
            return None
        return _transform(base, el)


# ----------------------------------------------------------------------------- the reader

class _Reader:
    def __init__(self, z: zipfile.ZipFile, path: Path):
        self.z = z
        self.path = path

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.z.read(name))

    def rels(self, part: str, kind: str | None = None) -> dict[str, str]:
        """Relationship id -> target part name, for ``part`` (of relationship type ending ``kind``, if given)."""
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
            if kind and not rel.get("Type", "").endswith("/" + kind):
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
        theme, self.scheme, self.fill_styles = self._theme(master_name)
        self.master = master
        self.master_name = master_name
        self.master_map = _colour_map(master.find("p:clrMap", NS))
        self.styles = {k: master.find(f"p:txStyles/p:{k}/a:lvl1pPr/a:defRPr", NS) for k in ("titleStyle", "bodyStyle", "otherStyle")}
        self.default_style = pres.find("p:defaultTextStyle/a:lvl1pPr/a:defRPr", NS)
        master_colours = _Colours(self.scheme, self.master_map)
        master_shapes = dict(self._placeholder_shapes(master))
        master_phs = tuple(self._placeholders(master, {}, master_colours))
        base: dict[str, tuple[Placeholder, ET.Element]] = {}
        for ph in master_phs:
            base.setdefault(ph.type, (ph, master_shapes.get((ph.type, ph.idx))))
        self.base = base
        master_rels = self.rels(master_name)
        layouts = []
        for lid in master.findall("p:sldLayoutIdLst/p:sldLayoutId", NS):
            name = master_rels.get(lid.get(_R_ID, ""))
            if not name:
                continue
            layouts.append(self._layout(len(layouts), name))
        if not layouts:
            raise TemplateError("has no slide layouts")
        return TemplateInfo(self.path, width, height, tuple(layouts), master_phs, theme)

    # -- theme -------------------------------------------------------------------------

    def _theme(self, master_name: str) -> tuple[Theme, dict[str, str], dict[str, list[ET.Element]]]:
        theme_name = next(iter(self.rels(master_name, "theme").values()), None)
        scheme: dict[str, str] = {"dk1": "#000000", "lt1": "#ffffff", "dk2": "#1f497d", "lt2": "#eeece1",
                                  "hlink": "#0000ff", "folHlink": "#800080"}
        styles: dict[str, list[ET.Element]] = {"fill": [], "bg": []}
        if theme_name is None:
            return Theme(colours=tuple(scheme.items())), scheme, styles
        root = self.xml(theme_name)
        raw = _Colours({}, {})
        for key in _SCHEME:
            el = root.find(f"a:themeElements/a:clrScheme/a:{key}", NS)
            found = raw.of(el[0]) if el is not None and len(el) else None
            if found:
                scheme[key] = found
        fonts = {}
        for kind in ("majorFont", "minorFont"):
            latin = root.find(f"a:themeElements/a:fontScheme/a:{kind}/a:latin", NS)
            fonts[kind] = (latin.get("typeface", "") if latin is not None else "").strip()
        fmt = root.find("a:themeElements/a:fmtScheme", NS)
        if fmt is not None:
            for key, tag in (("fill", "a:fillStyleLst"), ("bg", "a:bgFillStyleLst")):
                lst = fmt.find(tag, NS)
                styles[key] = list(lst) if lst is not None else []
        theme = Theme(fonts["majorFont"], fonts["minorFont"], tuple((k, scheme[k]) for k in _SCHEME if k in scheme))
        return theme, scheme, styles

    # -- layouts -----------------------------------------------------------------------

    def _layout(self, index: int, name: str) -> Layout:
        root = self.xml(name)
        csld = root.find("p:cSld", NS)
        override = root.find("p:clrMapOvr/a:overrideClrMapping", NS)
        mapping = dict(self.master_map)
        if override is not None:
            mapping.update(_colour_map(override))
        colours = _Colours(self.scheme, mapping)
        own_bg = csld is not None and csld.find("p:bg", NS) is not None
        background = self._background(csld, name, colours) if own_bg else ()
        if not background:
            background = self._background(self.master.find("p:cSld", NS), self.master_name, colours)
        if not background:
            background = tuple(c for c in (colours.scheme_colour("bg1"),) if c)
        other = self._style_colour(colours, "otherStyle")
        return Layout(index, csld.get("name", "") if csld is not None else "",
                      tuple(self._placeholders(root, self.base, colours)), name, background,
                      own_bg or override is not None, other, colours.scheme_colour("hlink"))

    def _background(self, csld: ET.Element | None, part: str, colours: _Colours) -> tuple[str, ...]:
        bg = csld.find("p:bg", NS) if csld is not None else None
        if bg is None:
            return ()
        pr = bg.find("p:bgPr", NS)
        if pr is not None:
            return self._fill(pr[0] if len(pr) else None, part, colours)
        ref = bg.find("p:bgRef", NS)
        if ref is None:
            return ()
        try:
            idx = int(ref.get("idx", "0"))
        except ValueError:
            return ()
        ph_clr = colours.of(ref[0]) if len(ref) else None
        lst, k = (self.fill_styles["bg"], idx - 1001) if idx >= 1001 else (self.fill_styles["fill"], idx - 1)
        if idx == 0 or not 0 <= k < len(lst):
            return (ph_clr,) if ph_clr else ()
        return self._fill(lst[k], part, colours, ph_clr)

    def _fill(self, fill: ET.Element | None, part: str, colours: _Colours, ph_clr: str | None = None) -> tuple[str, ...]:
        """The colours of a fill: a solid colour, a gradient's stops, a pattern's two, a picture's mean colour."""
        if fill is None:
            return ()
        tag = fill.tag.rsplit("}", 1)[-1]
        if tag == "solidFill":
            c = colours.of(fill, ph_clr)
            return (c,) if c else ()
        if tag == "gradFill":
            return tuple(c for gs in fill.findall("a:gsLst/a:gs", NS) for c in [colours.of(gs[0] if len(gs) else None, ph_clr)] if c)
        if tag == "pattFill":
            return tuple(c for k in ("fgClr", "bgClr") for el in [fill.find(f"a:{k}", NS)] if el is not None and len(el)
                         for c in [colours.of(el[0], ph_clr)] if c)
        if tag == "blipFill":
            blip = fill.find("a:blip", NS)
            target = self.rels(part).get(blip.get(_R_EMBED, "")) if blip is not None else None
            mean = self._mean_colour(target) if target else None
            return (mean,) if mean else ()
        return ()

    def _mean_colour(self, part: str) -> str | None:
        try:
            from PIL import Image

            with Image.open(io.BytesIO(self.z.read(part))) as im:
                r, g, b = im.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
            return f"#{r:02x}{g:02x}{b:02x}"
        except Exception:  # noqa: BLE001 - a picture we cannot read: its colour is unknown
            return None

    # -- text colours ------------------------------------------------------------------

    def _style_colour(self, colours: _Colours, style: str) -> str | None:
        for el in (self.styles.get(style), self.default_style if style == "otherStyle" else None):
            found = colours.of(el.find("a:solidFill", NS)) if el is not None else None
            if found:
                return found
        return colours.scheme_colour("tx1")

    # -- placeholders ------------------------------------------------------------------

    @staticmethod
    def _placeholder_shapes(root: ET.Element):
        """(type, idx) -> shape element of each placeholder."""
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
            try:
                idx = int(ph.get("idx", "0"))
            except ValueError:
                idx = 0
            yield (ph.get("type", "obj"), idx), shape

    def _placeholders(self, root: ET.Element, base: dict, colours: _Colours):
        for (kind, idx), shape in self._placeholder_shapes(root):
            inherited, master_shape = base.get(_BASE_TYPE.get(kind, "body"), (None, None))
            box = _box(shape)
            if box is None:
                box = inherited.box if inherited else None
            lvl1 = shape.find("p:txBody/a:lstStyle/a:lvl1pPr", NS)
            vert = _vert(shape) or (_vert(master_shape) if master_shape is not None else None)
            fill = self._shape_fill(shape, colours) or (self._shape_fill(master_shape, colours) if master_shape is not None else ())
            colour = None
            for el in (shape, master_shape):
                if el is not None and colour is None:
                    colour = colours.of(el.find("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/a:solidFill", NS))
            if colour is None:
                colour = self._style_colour(colours, "titleStyle" if kind in ("title", "ctrTitle") else "bodyStyle")
            yield Placeholder(kind, idx, box, lvl1.get("algn") if lvl1 is not None else None,
                              vert in _VERTICAL, fill, colour)

    def _shape_fill(self, shape: ET.Element, colours: _Colours) -> tuple[str, ...]:
        sppr = shape.find("p:spPr", NS)
        if sppr is None:
            return ()
        for child in sppr:
            tag = child.tag.rsplit("}", 1)[-1]
            if tag in ("solidFill", "gradFill", "pattFill"):
                return self._fill(child, "", colours)
        return ()


def _colour_map(el: ET.Element | None) -> dict[str, str]:
    if el is None:
        return dict(_DEFAULT_MAP)
    return {k: el.get(k) for k in _MAPPED if el.get(k)}


def _vert(shape: ET.Element) -> str | None:
    body = shape.find("p:txBody/a:bodyPr", NS)
    return body.get("vert") if body is not None else None


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


# ----------------------------------------------------------------------------- validation

_DROPPED = ("ppt/slides/", "ppt/notesSlides/", "ppt/comments/")
"""Parts the deck never copies (the template's sample slides, their notes and comments)."""

_OPTIONAL = ("ppt/slideLayouts/", "ppt/notesMasters/", "ppt/handoutMasters/", "docProps/app.xml", "docProps/custom.xml",
             "docProps/thumbnail", "customXml/", "ppt/viewProps.xml", "ppt/commentAuthors.xml")
"""Parts the deck can do without: a layout it does not use, the notes master (a plain one
is made instead), the handout master, document properties other than the core ones,
custom XML, view settings."""


def template_problems(path: Path) -> tuple[BrokenPart, ...]:
    """The parts of the template that fail validation (openxml-audit) on their own, first complaint each.

    The template's sample slides are not copied, so their problems are not reported.
    Returns () when openxml-audit is not installed. Validating costs about 1.5 s in a
    fresh process, so the verdict is remembered by the file's content, in this process
    and in ``$XDG_CACHE_HOME/movebook/template-checks.json`` (``~/.cache`` by default).
    """
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ()
    if digest not in _CHECKED:
        stored = _load_checks()
        found = stored.get(digest)
        if found is None:
            found = [[b.part, b.problem] for b in _problems(path)]
            stored[digest] = found
            _save_checks(stored)
        _CHECKED[digest] = tuple(BrokenPart(part, problem, part.startswith(_OPTIONAL)) for part, problem in found)
    return _CHECKED[digest]


_CHECKED: dict[str, tuple[BrokenPart, ...]] = {}


def _checks_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "movebook" / "template-checks.json"


def _load_checks() -> dict:
    try:
        data = json.loads(_checks_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.pop("version", None) == _checker_version() else {}


def _save_checks(stored: dict) -> None:
    """Write the verdicts (at most the last 200 templates); a cache that cannot be written is no problem."""
    f = _checks_file()
    try:
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_name(f"{f.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": _checker_version(), **dict(list(stored.items())[-200:])}), encoding="utf-8")
        os.replace(tmp, f)
    except OSError:
        pass


def _checker_version() -> str:
    """The validator's version: a new one may judge differently, so older verdicts are not reused."""
    try:
        from importlib.metadata import version

        return "openxml-audit " + version("openxml-audit")
    except Exception:  # noqa: BLE001 - not installed: nothing is validated, nothing to reuse
        return "none"


def _problems(path: Path, max_errors: int = 50) -> tuple[BrokenPart, ...]:
    try:
        import openxml_audit
    except ImportError:  # pragma: no cover - a dependency; without it templates are not validated
        return ()
    try:
        result = _validator(openxml_audit, max_errors).validate(str(path))
    except Exception:  # noqa: BLE001 - the validator's own failure is not the teacher's problem
        return ()
    found: dict[str, str] = {}
    for err in result.errors:
        if str(getattr(err, "severity", "")).lower().endswith("warning"):
            continue
        part = (getattr(err, "part_uri", None) or "").lstrip("/")
        if not part or part.startswith(_DROPPED) or part in found:
            continue
        found[part] = " ".join(str(getattr(err, "description", "") or "").split())[:200]
    return tuple(BrokenPart(part, problem, part.startswith(_OPTIONAL)) for part, problem in found.items())


_VALIDATORS: dict = {}


def _validator(module, max_errors: int):
    if max_errors not in _VALIDATORS:
        _VALIDATORS[max_errors] = module.OpenXmlValidator(max_errors=max_errors)
    return _VALIDATORS[max_errors]
