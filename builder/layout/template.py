"""Which of a template's layouts each kind of slide uses, and the boxes that gives the planner.

Layouts are chosen by the placeholders they offer, never by name (names are translated in
non-English PowerPoint). Lengths are EMU.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.template import Box, Layout, TemplateInfo


@dataclass(frozen=True)
class LayoutChoice:
    """The layouts of a template deck: ``title`` for the title slide, ``title_only`` for the rest."""

    title: Layout
    title_only: Layout
    cover: bool  # the title layout has a title and a subtitle placeholder
    cover_align: str  # the subtitle placeholder's alignment: left | center | right

    def cover_boxes(self) -> tuple[Box | None, Box | None]:
        """The title layout's (centred) title and subtitle placeholder boxes, or (None, None)."""
        if not self.cover:
            return None, None
        found: dict[str, Box] = {}
        for ph in self.title.placeholders:
            kind = "title" if ph.type in ("ctrTitle", "title") else "subtitle" if ph.type == "subTitle" else None
            if kind is None or kind in found:
                continue
            if ph.box is None or not ph.box[2] or not ph.box[3]:
                return None, None
            found[kind] = ph.box
        return found.get("title"), found.get("subtitle")

    def title_box(self) -> Box | None:
        ph = self.title_only.first("title")
        return ph.box if ph else None


def choose_layouts(info: TemplateInfo) -> LayoutChoice:
    layouts = list(info.layouts)
    with_title = [lay for lay in layouts if "title" in lay.types()]
    # "Title Only" by its placeholders: a title and as little else as possible.
    title_only = min(with_title, key=lambda lay: len(lay.types())) if with_title else layouts[-1]
    # "Title Slide" by its placeholders: a (centred) title and a subtitle; fewest others first.
    covers = [lay for lay in layouts if "subTitle" in lay.types() and {"ctrTitle", "title"} & set(lay.types())]
    covers.sort(key=lambda lay: ("ctrTitle" not in lay.types(), len(lay.types())))
    centre = [lay for lay in layouts if "ctrTitle" in lay.types()]
    title = covers[0] if covers else centre[0] if centre else title_only
    align = "left"
    if covers:
        sub = next((ph for ph in title.placeholders if ph.type == "subTitle"), None)
        align = {"ctr": "center", "r": "right"}.get((sub.align if sub else None) or "", "left")
    return LayoutChoice(title, title_only, bool(covers), align)


def content_bottom(info: TemplateInfo) -> int | None:
    """The bottom of the body placeholder of the first layout with a title (footers lie below it)."""
    for lay in info.layouts:
        phs = {ph.type: ph for ph in lay.placeholders}
        if "title" in phs:
            bottoms = [ph.box[1] + ph.box[3] for t, ph in phs.items() if t in ("body", "obj") and ph.box and ph.box[3]]
            if bottoms:
                return max(bottoms)
            break  # its body inherits the master's position
    for ph in info.master_placeholders:
        if ph.type in ("body", "obj") and ph.box and ph.box[3]:
            return ph.box[1] + ph.box[3]
    return None
