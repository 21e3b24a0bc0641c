"""Which layout each kind of slide uses, and where their placeholders are.

Layouts are chosen by the placeholders they offer, never by name (names are translated in
non-English PowerPoint):

* ``cover``: the title slide: a (centred) title and a subtitle;
* ``title_only``: a title and as little else as possible (the agenda);
* ``content``: a title and one body placeholder (intro text, cautions, routines, closing);
* ``picture``: a title, a picture and a body placeholder (movements, intro sections with a picture).

A deck without a template is built on python-pptx's default template, described here
(:data:`DEFAULT_TEMPLATE`) so the planner needs no rendering library. Lengths are EMU.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.template import Box, Layout, Placeholder, TemplateInfo
from .deck.shapes import LayoutRef

_FOOT = (Placeholder("dt", 10, (457200, 6356350, 2133600, 365125)), Placeholder("ftr", 11, (3124200, 6356350, 2895600, 365125)),
         Placeholder("sldNum", 12, (6553200, 6356350, 2133600, 365125)))
_TITLE = Placeholder("title", 0, (457200, 274638, 8229600, 1143000))

DEFAULT_TEMPLATE = TemplateInfo(
    path=Path("python-pptx default template"), width=9144000, height=6858000,
    layouts=(
        Layout(0, "Title Slide", (Placeholder("ctrTitle", 0, (685800, 2130425, 7772400, 1470025)),
                                  Placeholder("subTitle", 1, (1371600, 3886200, 6400800, 1752600))) + _FOOT),
        Layout(1, "Title and Content", (_TITLE, Placeholder("obj", 1, (457200, 1600200, 8229600, 4525963))) + _FOOT),
        Layout(2, "Section Header", (Placeholder("title", 0, (722313, 4406900, 7772400, 1362075)),
                                     Placeholder("body", 1, (722313, 2906713, 7772400, 1500187))) + _FOOT),
        Layout(3, "Two Content", (_TITLE, Placeholder("obj", 1, (457200, 1600200, 4038600, 4525963)),
                                  Placeholder("obj", 2, (4648200, 1600200, 4038600, 4525963))) + _FOOT),
        Layout(4, "Comparison", (_TITLE, Placeholder("body", 1, (457200, 1535113, 4040188, 639762)),
                                 Placeholder("obj", 2, (457200, 2174875, 4040188, 3951288)),
                                 Placeholder("body", 3, (4645025, 1535113, 4041775, 639762)),
                                 Placeholder("obj", 4, (4645025, 2174875, 4041775, 3951288))) + _FOOT),
        Layout(5, "Title Only", (_TITLE,) + _FOOT),
        Layout(6, "Blank", _FOOT),
        Layout(7, "Content with Caption", (Placeholder("title", 0, (457200, 273050, 3008313, 1162050)),
                                           Placeholder("obj", 1, (3575050, 273050, 5111750, 5853113)),
                                           Placeholder("body", 2, (457200, 1435100, 3008313, 4691063))) + _FOOT),
        Layout(8, "Picture with Caption", (Placeholder("title", 0, (1792288, 4800600, 5486400, 566738)),
                                           Placeholder("pic", 1, (1792288, 612775, 5486400, 4114800)),
                                           Placeholder("body", 2, (1792288, 5367338, 5486400, 804862))) + _FOOT),
        Layout(9, "Title and Vertical Text", (_TITLE, Placeholder("body", 1, (457200, 1600200, 8229600, 4525963))) + _FOOT),
        Layout(10, "Vertical Title and Text", (Placeholder("title", 0, (6629400, 274638, 2057400, 5851525)),
                                               Placeholder("body", 1, (457200, 274638, 6019800, 5851525))) + _FOOT),
    ),
    master_placeholders=(),
)
"""python-pptx's default template (``pptx/templates/default.pptx``), as :mod:`builder.source.template` reads it."""

_TITLES = ("title", "ctrTitle")
_BODIES = ("body", "obj")


@dataclass(frozen=True)
class LayoutChoice:
    """The layouts of a deck by role (see the module docstring)."""

    title: Layout  # the cover
    title_only: Layout
    content: Layout
    picture: Layout
    cover: bool  # the title layout has a title and a subtitle placeholder
    cover_align: str  # the subtitle placeholder's alignment: left | center | right

    def cover_boxes(self) -> tuple[Box | None, Box | None]:
        """The title layout's (centred) title and subtitle placeholder boxes, or (None, None)."""
        if not self.cover:
            return None, None
        found: dict[str, Box] = {}
        for ph in self.title.placeholders:
            kind = "title" if ph.type in _TITLES else "subtitle" if ph.type == "subTitle" else None
            if kind is None or kind in found:
                continue
            if ph.box is None or not ph.box[2] or not ph.box[3]:
                return None, None
            found[kind] = ph.box
        return found.get("title"), found.get("subtitle")

    def title_box(self) -> Box | None:
        ph = self.title_only.first(*_TITLES)
        return ph.box if ph else None

    def refs(self) -> dict[str, LayoutRef]:
        """Layout role -> the layout's index and the placeholders the deck fills (kind, XML type, idx)."""
        return {"cover": _ref(self.title), "title_only": _ref(self.title_only), "content": _ref(self.content),
                "picture": _ref(self.picture)}


def _ref(lay: Layout) -> LayoutRef:
    kinds: list[tuple[str, str, int]] = []
    number_box = None
    for ph in lay.placeholders:
        kind = ("title" if ph.type in _TITLES else "subtitle" if ph.type == "subTitle" else "pic" if ph.type == "pic"
                else "body" if ph.type in _BODIES else "sldNum" if ph.type == "sldNum" else None)
        if kind is None or any(k == kind for k, _, _ in kinds):
            continue
        kinds.append((kind, ph.type, ph.idx))
        if kind == "sldNum" and ph.box and ph.box[2] and ph.box[3]:
            number_box = ph.box
    return LayoutRef(lay.index, tuple(kinds), number_box)


def choose_layouts(info: TemplateInfo) -> LayoutChoice:
    layouts = list(info.layouts)
    with_title = [lay for lay in layouts if {"title"} & set(lay.types())]
    # "Title Only" by its placeholders: a title and as little else as possible.
    title_only = min(with_title, key=lambda lay: len(lay.types())) if with_title else layouts[-1]
    # "Title and Content": a title and one body, nothing else.
    content_like = [lay for lay in with_title if sum(t in _BODIES for t in lay.types()) == 1 and "pic" not in lay.types()]
    content = min(content_like, key=lambda lay: len(lay.types())) if content_like else title_only
    # "Picture with Caption": a title, a picture and a body.
    picture_like = [lay for lay in with_title if "pic" in lay.types() and any(t in _BODIES for t in lay.types())]
    picture = min(picture_like, key=lambda lay: len(lay.types())) if picture_like else content
    # "Title Slide" by its placeholders: a (centred) title and a subtitle; fewest others first.
    covers = [lay for lay in layouts if "subTitle" in lay.types() and set(_TITLES) & set(lay.types())]
    covers.sort(key=lambda lay: ("ctrTitle" not in lay.types(), len(lay.types())))
    centre = [lay for lay in layouts if "ctrTitle" in lay.types()]
    title = covers[0] if covers else centre[0] if centre else title_only
    align = "left"
    if covers:
        sub = next((ph for ph in title.placeholders if ph.type == "subTitle"), None)
        align = {"ctr": "center", "r": "right"}.get((sub.align if sub else None) or "", "left")
    return LayoutChoice(title, title_only, content, picture, bool(covers), align)


def content_bottom(info: TemplateInfo) -> int | None:
    """The bottom of the body placeholder of the first layout with a title (footers lie below it)."""
    for lay in info.layouts:
        phs = {ph.type: ph for ph in lay.placeholders}
        if "title" in phs:
            bottoms = [ph.box[1] + ph.box[3] for t, ph in phs.items() if t in _BODIES and ph.box and ph.box[3]]
            if bottoms:
                return max(bottoms)
            break  # its body inherits the master's position
    for ph in info.master_placeholders:
        if ph.type in _BODIES and ph.box and ph.box[3]:
            return ph.box[1] + ph.box[3]
    return None
