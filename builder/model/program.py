"""The program model: frozen, typed, already checked. Renderers see only this.

Prose fields hold the text as typed (with the small Markdown subset still in it);
use :mod:`builder.markdown` to split it into paragraphs, list items and styled runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from ..errors import Loc
from .template import TemplateInfo

if TYPE_CHECKING:
    from .client import Client

__all__ = [
    "LEVELS", "SIDES", "BREATHS", "BOOKLET_PAGE_SIZES", "BINDINGS", "HANDOUT_PAGE_SIZES", "ASPECTS",
    "Image", "Caution", "Step", "Part", "Movement", "Section", "Sequence", "Contact",
    "BookletOptions", "DeckOptions", "HandoutOptions", "Theme", "Program", "RTL_LANGUAGES", "right_to_left",
]

LEVELS = ("info", "caution", "stop")
SIDES = ("both", "left", "right", "none")
BREATHS = ("in", "out", "hold")
BOOKLET_PAGE_SIZES = ("A5", "A4", "letter", "half-letter")
HANDOUT_PAGE_SIZES = ("A4", "letter")
ASPECTS = ("16:9", "4:3")
BINDINGS = ("auto", "saddle", "signatures", "perfect")
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})
"""Languages written right to left (BCP 47 primary subtags): their outputs read from the right."""


def right_to_left(language: str) -> bool:
    """Whether ``language`` (a BCP 47 tag such as ``he`` or ``ar-EG``) is written right to left."""
    return language.split("-")[0].lower() in RTL_LANGUAGES


@dataclass(frozen=True)
class Image:
    """A picture from the workspace's ``images/`` folder."""

    path: Path  # absolute path of the source file
    name: str  # the name as typed in the YAML, e.g. "hips/side-bend.jpg"
    alt: str  # alt text: `alt`, else caption, else the movement name / heading
    caption: str | None = None
    width_px: int = 0  # upright size (after EXIF orientation)
    height_px: int = 0
    loc: Loc | None = field(default=None, compare=False)  # where the picture is named, for messages

    @property
    def aspect(self) -> float:
        """Width / height of the upright picture (1.0 when unknown)."""
        return self.width_px / self.height_px if self.width_px and self.height_px else 1.0


@dataclass(frozen=True)
class Caution:
    text: str
    level: str = "caution"  # one of LEVELS
    title: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Step:
    text: str
    breath: str | None = None  # one of BREATHS


@dataclass(frozen=True)
class Part:
    name: str
    steps: tuple[Step, ...]
    repeat: str | None = None


@dataclass(frozen=True)
class Movement:
    id: str
    name: str
    summary: str | None = None
    why: str | None = None
    targets: tuple[str, ...] = ()
    position: str | None = None
    images: tuple[Image, ...] = ()
    parts: tuple[Part, ...] = ()
    steps: tuple[Step, ...] = ()
    cues: tuple[str, ...] = ()  # short cues for a slide or a handout; the full instruction is in the steps
    steps_first: bool = False  # True when `steps` came before `parts` in the YAML
    repeat: str | None = None
    sides: str = "none"  # one of SIDES
    afterwards: str | None = None
    cautions: tuple[Caution, ...] = ()
    teaching_notes: str | None = None
    video: str | None = None
    duration: str | None = None
    duration_minutes: float | None = None  # parsed from `duration`, None if not given/unreadable
    loc: Loc | None = field(default=None, compare=False)  # where the movement is written, for messages

    @property
    def stages(self) -> tuple[Part, ...]:
        """Parts and the plain steps in teaching order; plain steps form a part with an empty name."""
        plain = (Part(name="", steps=self.steps),) if self.steps else ()
        return plain + self.parts if self.steps_first else self.parts + plain

    @property
    def all_steps(self) -> tuple[Step, ...]:
        return tuple(s for p in self.stages for s in p.steps)


@dataclass(frozen=True)
class Section:
    heading: str
    text: str | None = None
    image: Image | None = None
    notes: str | None = None  # teacher only
    slide: tuple[str, ...] = ()  # the points the deck shows for this section (else its text)


@dataclass(frozen=True)
class Sequence:
    id: str
    name: str
    movements: tuple[Movement, ...]
    how_often: str | None = None
    opening: str | None = None
    closing: str | None = None
    loc: Loc | None = field(default=None, compare=False)  # where the sequence is written, for messages

    @property
    def duration_minutes(self) -> float | None:
        known = [m.duration_minutes for m in self.movements if m.duration_minutes is not None]
        return sum(known) if known else None


@dataclass(frozen=True)
class Contact:
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    address: str | None = None

    def lines(self) -> tuple[str, ...]:
        return tuple(v for v in (self.website, self.email, self.phone, self.address) if v)

    def __bool__(self) -> bool:
        return bool(self.lines())


@dataclass(frozen=True)
class BookletOptions:
    page_size: str = "A5"
    practice_log_days: int = 14
    large_print: bool = False
    binding: str = "auto"  # one of BINDINGS: how booklet-print.pdf is imposed
    paper_thickness_mm: float = 0.1  # the printing paper's thickness, for creep correction


@dataclass(frozen=True)
class DeckOptions:
    aspect: str = "16:9"
    template: Path | None = None  # absolute path of a user .pptx
    template_loc: Loc | None = field(default=None, compare=False)  # the `template:` line, for messages
    template_info: TemplateInfo | None = field(default=None, compare=False, repr=False)  # what the template offers


@dataclass(frozen=True)
class HandoutOptions:
    page_size: str = "A4"


@dataclass(frozen=True)
class Theme:
    accent: str = "#2f6f6a"  # "#rrggbb"

    @property
    def accent_rgb(self) -> tuple[int, int, int]:
        h = self.accent.lstrip("#")
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


@dataclass(frozen=True)
class Program:
    name: str  # the program file's stem: output/<name>/
    source: Path  # the program file
    workspace: Path
    title: str
    subtitle: str | None = None
    author: str | None = None
    organisation: str | None = None
    contact: Contact = field(default_factory=Contact)
    edition: str | None = None
    language: str = "en"
    cover_image: Image | None = None
    logo: Image | None = None
    disclaimer: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # label id -> this program's own word for it
    intro: tuple[Section, ...] = ()
    cautions: tuple[Caution, ...] = ()
    movements: tuple[Movement, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    booklet: BookletOptions = field(default_factory=BookletOptions)
    deck: DeckOptions = field(default_factory=DeckOptions)
    handout: HandoutOptions = field(default_factory=HandoutOptions)
    theme: Theme = field(default_factory=Theme)
    locations: Mapping[str, Loc] = field(default_factory=dict, compare=False, repr=False)
    """Key path ("sequences[1].name") -> where it is written in the program file."""
    sources: tuple[Path, ...] = field(default=(), compare=False, repr=False)
    """The files the program was read from: its own file, then the library movements it uses, then
    the workspace's own label catalogue (labels/<code>.po) if its language has one."""
    client: "Client | None" = field(default=None, compare=False)
    """For a client's own booklet and handout: who it is for (see :mod:`.client`); None for a program."""

    def where(self, path: str) -> Loc:
        """The place of ``path`` in the program file, else of its nearest parent, else the file."""
        p = path
        while p:
            if p in self.locations:
                return self.locations[p]
            p = p[: max(p.rfind("."), p.rfind("["), 0)]
        return self.locations.get("", Loc(str(self.source)))

    @property
    def images(self) -> tuple[Image, ...]:
        """Every distinct picture the program uses, in order of first use."""
        seen: dict[Path, Image] = {}
        pool = [self.cover_image, self.logo] + [s.image for s in self.intro] + [i for m in self.movements for i in m.images]
        for img in pool:
            if img is not None and img.path not in seen:
                seen[img.path] = img
        return tuple(seen.values())

    @property
    def duration_minutes(self) -> float | None:
        known = [m.duration_minutes for m in self.movements if m.duration_minutes is not None]
        return sum(known) if known else None
