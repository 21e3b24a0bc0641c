"""What a teacher's PowerPoint template offers, as read by :mod:`builder.source.template`.

Lengths are EMU (914,400 to the inch); colours are "#rrggbb" strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    vertical: bool = False  # its text runs vertically (``a:bodyPr/@vert``), own or the master's
    fill: tuple[str, ...] = ()  # its own fill behind its text (a solid colour, a gradient's stops); () none
    colour: str | None = None  # the colour its text takes (its list style, else the master's text styles)


@dataclass(frozen=True)
class Layout:
    index: int  # position among the master's layouts (python-pptx's ``slide_layouts[index]``)
    name: str
    placeholders: tuple[Placeholder, ...]
    part: str = ""  # its part in the package: "ppt/slideLayouts/slideLayout2.xml"
    background: tuple[str, ...] = ()  # the colours behind its text: a solid fill, a gradient's stops, a picture's mean
    own_background: bool = False  # it sets its own background or colour mapping (not the master's look)
    text_colour: str | None = None  # the colour of a plain text box's text on it (the master's "other" style)
    link_colour: str | None = None  # the theme's hyperlink colour as this layout maps it

    def types(self) -> list[str]:
        """Content placeholder types, in order (page furniture left out)."""
        return [p.type for p in self.placeholders if p.type not in DECORATION]

    def first(self, *types: str) -> Placeholder | None:
        return next((p for p in self.placeholders if p.type in types), None)


@dataclass(frozen=True)
class Theme:
    """The template's theme: its fonts and its colour scheme."""

    major_font: str = ""  # headings (``a:majorFont/a:latin/@typeface``)
    minor_font: str = ""  # body text
    colours: tuple[tuple[str, str], ...] = ()  # scheme name ("dk1", "lt1", "accent1", "hlink"...) -> "#rrggbb"

    def colour(self, name: str) -> str | None:
        return dict(self.colours).get(name)


@dataclass(frozen=True)
class BrokenPart:
    """A part of the template that fails validation on its own."""

    part: str  # "ppt/slideLayouts/slideLayout3.xml"
    problem: str  # the validator's first complaint about it
    optional: bool  # the deck can do without it (it is left out)


@dataclass(frozen=True)
class TemplateInfo:
    """What the planner needs to know of a template."""

    path: Path
    width: int
    height: int
    layouts: tuple[Layout, ...]
    master_placeholders: tuple[Placeholder, ...]
    theme: Theme = field(default_factory=Theme)
    broken: tuple[BrokenPart, ...] = ()

    def is_broken(self, part: str) -> bool:
        return any(b.part == part for b in self.broken)
