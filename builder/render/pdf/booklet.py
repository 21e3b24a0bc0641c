"""The home-practice booklet (``booklet.pdf``) and its print version (``booklet-print.pdf``), drawn.

Every page was decided by the planner (:mod:`builder.layout.booklet`): this draws its
document (:func:`.draw.draw`) and imposes it as the plan's print version says.
"""

from __future__ import annotations

from typing import Mapping

from ... import theme
from ...build.targets import Note, RenderResult, plan_notes
from ...layout.booklet import BookletPlan
from .draw import draw
from .kit import setup
from .impose import bound_on_right, impose, perfect_sides, saddle_sides


def warm() -> None:
    """What every booklet needs, made ready before any plan is drawn (see ``Target.warm``)."""
    setup()


def render_pdf(bplan: BookletPlan, images: Mapping) -> tuple[bytes, int]:
    """The booklet as PDF bytes and its page count (a multiple of four)."""
    return draw(bplan.document(), images, "booklet"), len(bplan.pages)


def render_print(bplan: BookletPlan, pdf: bytes) -> bytes:
    """The print version: the pages 2-up on the plan's paper, in its binding's order."""
    pr = bplan.printing
    if pr.binding == "perfect":
        sides = perfect_sides(pr.pages)
    else:
        sides = saddle_sides(pr.signatures, pr.creep_pt)
    if pr.rtl:
        sides = bound_on_right(sides)
    return impose(pdf, theme.page_size_pt(pr.paper, landscape=True), sides=sides)


def render(bplan: BookletPlan, images: Mapping) -> RenderResult:
    """``booklet.pdf`` and ``booklet-print.pdf`` of ``bplan``."""
    pdf, n = render_pdf(bplan, images)
    printed = render_print(bplan, pdf)
    pr = bplan.printing
    return RenderResult(
        files={"booklet.pdf": pdf, "booklet-print.pdf": printed},
        summary=f"booklet.pdf {n} pages, booklet-print.pdf {pr.sheets} sheets",
        notes=tuple(Note(key, params) for key, params in pr.notes) + plan_notes("booklet", bplan),
    )
