"""Draw the class handouts: the planned document (:mod:`builder.layout.handout`) as PDF bytes.

Everything is decided by the planner; this module draws its pages with
:func:`~builder.render.pdf.draw.draw` and passes on its notes for the console.
"""

from __future__ import annotations

from typing import Mapping

from ...build.targets import RenderResult, plan_notes
from ...layout.handout import HandoutPlan
from .draw import draw
from .kit import setup


def warm() -> None:
    """Fonts parsed before any plan is drawn (see ``Target.warm``)."""
    setup()


def render(plan: HandoutPlan, images: Mapping) -> RenderResult:
    """handout.pdf of ``plan``; identical plans and pictures give identical bytes."""
    data = draw(plan.document, images, "handout")
    n = len(plan.document.pages)
    notes = plan_notes("handout", plan)
    return RenderResult(files={"handout.pdf": data}, summary=f"handout.pdf {n} page{'s' if n != 1 else ''}",
                        notes=notes)
