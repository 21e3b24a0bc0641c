"""The outputs movebook makes, and the contract between the build, the planners and the renderers.

Each output (a :class:`Target`) has a planner in :mod:`builder.layout` and a renderer in
:mod:`builder.render`. The build plans every output in the main process (that is also
what ``movebook check`` runs, so both report the same problems), asks the image stage
for what the plans name, then renders each plan in a worker:

* ``plan(program) -> plan``: pure; raises :class:`~builder.errors.ContentError` for content
  that cannot be laid out. A plan is plain data (picklable) with an ``image_requests()``
  method listing the picture boxes it places.
* A target whose planner lays out independent pieces (the handout: one sheet per routine)
  counts them with ``split(program)``; its planner's module then has ``plan_piece(program, k)``
  and ``join(program, planned) -> plan``, so the build can plan the pieces side by side. The
  count is made here, without importing the planner, so workers start at once.
* ``render(plan, images) -> RenderResult``: the files' bytes, drawn from the plan and the
  prepared pictures (``ImageRequest -> PreparedImage``, chosen among those of the plan's own
  program) without deciding anything new. During a build a renderer may keep what it wrote
  for the next build, as planners keep units (:mod:`builder.layout.reuse`: the deck keeps its
  slides' markup), provided what it gives back is the same bytes.

``TARGETS`` names them; ``movebook build --only deck`` picks from it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..model import Program


@dataclass(frozen=True)
class Note:
    """Something the build tells the user after writing: a message id of :mod:`.messages` and its values."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **params) -> "Note":
        return cls(key, tuple(sorted(params.items())))


@dataclass(frozen=True)
class RenderResult:
    """What a renderer made: file name -> bytes, a summary ("24 pages") and notes for the user."""

    files: Mapping[str, bytes]
    summary: str
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Target:
    """One output: its files, its planner and its renderer (``"module:function"``, imported when used)."""

    name: str
    files: tuple[str, ...]
    planner: str
    renderer: str
    split: Callable[[Program], int] | None = None  # how many pieces the planner plans side by side

    def plan(self, program: Program):
        return _function(self.planner)(program)

    def pieces(self, program: Program) -> int:
        """How many pieces the plan of ``program`` is made of (1 for a target that is not split)."""
        return self.split(program) if self.split else 1

    def plan_piece(self, program: Program, k: int):
        return self._planner("plan_piece")(program, k) if self.split else self.plan(program)

    def join(self, program: Program, planned: list):
        return self._planner("join")(program, planned) if self.split else planned[0]

    def _planner(self, name: str) -> Callable:
        return getattr(importlib.import_module(self.planner.partition(":")[0]), name)

    def render(self, plan, images: Mapping) -> RenderResult:
        return _function(self.renderer)(plan, images)

    def warm(self) -> None:
        """Import the renderer and let it make ready what does not depend on a plan (its
        ``warm()``: fonts parsed, libraries imported), so workers forked later inherit it."""
        try:
            module = importlib.import_module(self.renderer.partition(":")[0])
            getattr(module, "warm", lambda: None)()
        except Exception:  # noqa: BLE001 - only a head start: the renderer meets the same trouble itself and reports it
            pass


_LOW_RESOLUTION = {"deck": "low_resolution_slide", "handout": "low_resolution", "booklet": "low_resolution"}


def plan_notes(name: str, plan) -> tuple[Note, ...]:
    """What a plan of output ``name`` tells the user (a picture placed smaller than its frame for
    lack of pixels): the renderer passes them on, and ``check``, which renders nothing, says them too."""
    key = _LOW_RESOLUTION.get(name)
    own = tuple(Note(k, tuple(params)) for k, params in getattr(plan, "notes", ()))  # e.g. a cover picture left out
    if key is None:
        return own
    return own + tuple(Note.of(key, output=name, **dict(params)) for params in getattr(plan, "low_resolution", ()))


def _function(ref: str) -> Callable:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def _sheets(program: Program) -> int:
    """The handout's pieces: one sheet per routine, one sheet without routines (as
    :func:`builder.layout.handout.pieces`)."""
    return max(1, len(program.sequences))


TARGETS: dict[str, Target] = {
    "booklet": Target("booklet", ("booklet.pdf", "booklet-print.pdf"),
                      "builder.layout.booklet:plan", "builder.render.pdf.booklet:render"),
    "deck": Target("deck", ("deck.pptx",), "builder.layout.deck:plan_deck", "builder.render.pptx.deck:render"),
    "handout": Target("handout", ("handout.pdf",), "builder.layout.handout:plan", "builder.render.pdf.handout:render",
                      split=_sheets),
}
"""Output name -> its target, in the order the build reports them."""
