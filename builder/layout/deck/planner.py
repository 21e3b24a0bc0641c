"""Plan the whole deck: the slides in teaching order, slide numbers, the layouts they use."""

from __future__ import annotations

import logging
import math
from dataclasses import replace

from ...model import Program, right_to_left
from .. import reuse
from ...model.markdown import plain_inline
from ...model.template import TemplateInfo
from .. import template as layouts  # the layout choice (imports this package's plan objects: used at call time)
from .cover import closing_slides, cover_slides
from .frame import Frame
from .movement import MovementSlides
from .routine import routine_slides
from .shapes import DeckPlan, Geometry, LayoutRef, Picture, SlidePlan, Span, Style, TextBox
from .slides import agenda_slides, caution_slides, intro_slides
from .text import box_height_emu, measuring, para, reads_rtl
from .units import BACKGROUND, IMAGE_PPI, SMALL_PT, inch

log = logging.getLogger("movebook.deck")


def plan_deck(program: Program, geometry: Geometry | None = None) -> DeckPlan:
    """Plan the whole deck: on the program's template if it has one, else at its aspect.

    ``geometry`` overrides the slide geometry (tests use it to plan for a given size).
    """
    info = program.deck.template_info
    style = None
    leave_out: tuple[str, ...] = ()
    if geometry is None and info is not None:
        choice = layouts.choose_layouts(info)
        style = layouts.style_for(info, choice)
        cover_title, cover_subtitle = choice.cover_boxes()
        aspect = "4:3" if info.width / info.height < 1.5 else "16:9"
        geometry = Geometry(info.width, info.height, title_box=choice.title_box(), cover_title_box=cover_title,
                            cover_subtitle_box=cover_subtitle, cover_align=choice.cover_align, template=True, aspect=aspect,
                            areas=choice.areas())
        leave_out = _leave_out(info, choice)
        _describe(program, info, choice, style)
    else:
        choice = layouts.DEFAULT_CHOICE
        geometry = geometry or Geometry.for_aspect(program.deck.aspect)
    return Planner(program, geometry, choice.refs(), style, leave_out).plan()


def _leave_out(info: TemplateInfo, choice: "layouts.LayoutChoice") -> tuple[str, ...]:
    """The template's broken parts the deck can do without (layouts only when the deck does not use them)."""
    used = {c.layout.part for c in choice.roles.values()}
    return tuple(b.part for b in info.broken if b.optional and b.part not in used)


def _describe(program: Program, info: TemplateInfo, choice: "layouts.LayoutChoice", style: Style) -> None:
    """``--debug``: which layout each kind of slide got, and the fonts."""
    if not log.isEnabledFor(logging.DEBUG):
        return
    log.debug("%s: the deck on the template %s:", program.name, info.path.name)
    for line in choice.describe():
        log.debug("  %s", line)
    for what, face in (("titles", style.title_face), ("text", style.body_face)):
        how = (f"measured with {face.measured_as}, its metric twin" if face.known
               else f"measured with {face.measured_as}, its regular weight's twin, {round((face.scale - 1) * 100)}% wider"
               if face.measured_closely
               else f"measured as {face.measured_as} (Arial's metric twin) {round((face.scale - 1) * 100)}% wider")
        log.debug("  %s: %s (%s)", what, face.name or "the theme's default font", how)


class Planner:
    """Plans one program's deck for one slide geometry."""

    def __init__(self, program: Program, geo: Geometry, layouts: dict[str, LayoutRef], style: Style | None = None,
                 leave_out: tuple[str, ...] = ()):
        self.f = Frame(program, geo, style)
        self.layouts = layouts
        self.leave_out = leave_out

    def plan(self) -> DeckPlan:
        with measuring(self.f.body_face, right_to_left(self.f.p.language)):
            return self._plan()

    def _plan(self) -> DeckPlan:
        f = self.f
        p, L = f.p, f.L
        slides: list[SlidePlan] = []
        slides += cover_slides(f)
        slides += agenda_slides(f)
        for s in p.intro:
            slides += intro_slides(f, s)
        if p.cautions:
            slides += caution_slides(f)
        movements = MovementSlides(f)
        shared = reuse.program_part(p)  # what every movement's (and routine's) slides depend on besides it
        for m in p.movements:
            slides += reuse.unit("deck-movement", (shared, self.f.geo, self.f.style, m), lambda: movements.slides(m))
        for q in p.sequences:
            slides += reuse.unit("deck-routine", (shared, self.f.geo, self.f.style, q), lambda: routine_slides(f, q))
        slides += closing_slides(f)
        slides = [self._numbered(sl, k) for k, sl in enumerate(slides, start=1)]
        slides = [self._notes_direction(sl) for sl in slides]
        content = f.on("content")
        return DeckPlan(
            width=f.W,
            height=f.H,
            slides=tuple(slides),
            accent=content.accent,
            background=None if f.geo.template else BACKGROUND,
            title=p.title,
            author=p.author or p.organisation or "",
            subject=plain_inline(p.subtitle) if p.subtitle else L("workshop_slides"),
            language=p.language,
            template=p.deck.template,
            template_loc=p.deck.template_loc,
            category=L("workshop_slides"),
            comments=L("made_with"),
            layouts=self.layouts,
            link_colour=f.style.link if f.geo.template else f.accent,
            leave_out=self.leave_out,
            low_resolution=self._low_resolution(slides),
        )

    @staticmethod
    def _low_resolution(slides: list[SlidePlan]) -> tuple:
        """The pictures shown smaller than their box (see :meth:`.shapes.Picture.placed`), once
        each: where, at what resolution they would fill it, and how many pixels would."""
        out, seen = [], set()
        for k, sl in enumerate(slides, start=1):
            for s in sl.shapes:
                ppi = s.low_resolution() if isinstance(s, Picture) else None
                if ppi is None or s.image.name in seen:
                    continue
                seen.add(s.image.name)
                fill_w = s.image.width_px * IMAGE_PPI / ppi  # its box's width at the deck's resolution
                out.append((("picture", s.image.name), ("slide", k), ("ppi", f"{ppi:.0f}"),
                            ("pixels", math.ceil(fill_w))))
        return tuple(out)

    @staticmethod
    def _notes_direction(sl: SlidePlan) -> SlidePlan:
        """Each line of the notes right to left as on the slides (see :func:`.text.reads_rtl`)."""
        flags = tuple(reads_rtl(line) for line in sl.notes.split("\n"))
        return replace(sl, notes_rtl=flags) if any(flags) else sl

    def _numbered(self, sl: SlidePlan, number: int) -> SlidePlan:
        """Every slide but the cover shows its number, bottom right (in the layout's slide-number placeholder)."""
        if sl.layout == "cover":
            return sl
        f = self.f.on(sl.layout)
        ref = self.layouts.get(sl.layout)
        w = inch(1.2)
        p = para([Span(str(number), field="slidenum", colour=f.muted)], SMALL_PT, w - inch(0.08), colour=f.muted,
                 align="right", rtl=False)
        h = box_height_emu([p])
        if f.geo.template and ref is not None and ref.number_box is not None:
            x, y, bw, bh = ref.number_box
            box = TextBox(x, y + bh - max(bh, h), bw, max(bh, h), (p,), role="slide-number", anchor="bottom",
                          placeholder="sldNum")
        else:
            box = TextBox(f.W - inch(0.3) - w, f.H - inch(0.08) - h, w, h, (p,), role="slide-number", anchor="bottom",
                          placeholder="sldNum" if ref is not None and ref.ph("sldNum") else None)
        return replace(sl, shapes=sl.shapes + (box,))
