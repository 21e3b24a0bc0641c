"""What a teacher's PowerPoint template offers, as read by :mod:`builder.source.template`.

Lengths are EMU (914,400 to the inch).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DECORATION = ("dt", "ftr", "sldNum")
"""Placeholder types that are page furniture (date, footer, slide number), not content."""

Box = tuple[int, int, int, int]
"""x, y, width, height in EMU."""


@dataclass(frozen=True)
class Placeholder:
    type: str  # the XML type: "title", "ctrTitle", "subTitle", "body", "obj", "pic", "dt", ...
    idx: int
    box: Box | None  # own position, else the master's; None when neither gives one
    align: str | None = None  # first-level alignment of its own list style: "l", "ctr", "r" ...


@dataclass(frozen=True)
class Layout:
    index: int  # position among the master's layouts (python-pptx's ``slide_layouts[index]``)
    name: str
    placeholders: tuple[Placeholder, ...]

    def types(self) -> list[str]:
        """Content placeholder types, in order (page furniture left out)."""
        return [p.type for p in self.placeholders if p.type not in DECORATION]

    def first(self, *types: str) -> Placeholder | None:
        return next((p for p in self.placeholders if p.type in types), None)


@dataclass(frozen=True)
class TemplateInfo:
    """What the planner needs to know of a template."""

    path: Path
    width: int
    height: int
    layouts: tuple[Layout, ...]
    master_placeholders: tuple[Placeholder, ...]
