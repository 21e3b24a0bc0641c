"""What an output target is: the interface between the build and the renderers.

A target plans from the frozen :class:`~builder.model.Program` only: it names the pictures
it needs (``image_requests``) and then renders bytes from the prepared pictures. The build
knows targets by name (``build.TARGETS``); a target never imports the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Protocol

from .model import Program


@dataclass(frozen=True)
class RenderResult:
    """What a target made: file name -> bytes, a summary ("24 pages") and notes for the user."""

    files: Mapping[str, bytes]
    summary: str
    notes: tuple[str, ...] = ()


class Target(Protocol):
    name: str
    files: tuple[str, ...]

    def image_requests(self, program: Program) -> Iterable:  # Iterable[images.ImageRequest]
        ...

    def render(self, program: Program, images: Mapping) -> RenderResult:
        ...
