"""What a planner asks of the image stage, and what it gets back: pure data, no Pillow.

Units: ``*_px`` are pixels, ``*_pt`` are PDF points (1/72 inch).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ImageRequest:
    """One placement of a source image: the pixel box it must fit in.

    ``oversample`` > 1 says a picture up to that many times the fitted size will do (an
    output that places pictures by their box, like the deck), so it can share a variant
    made for another output instead of having one of its own (see :func:`share_variants`).
    """

    source: Path
    max_w_px: int
    max_h_px: int
    oversample: float = 1.0


def share_variants(requests, sizes: Mapping[Path, tuple[int, int]]) -> dict[ImageRequest, ImageRequest]:
    """Map each request to the request to prepare for it: itself, or, for a request that
    allows oversampling, the smallest exact request of the same source whose picture is at
    least as large and at most ``oversample`` times larger. ``sizes`` gives sources' upright
    pixel sizes; a source missing from it shares nothing."""
    reqs = list(dict.fromkeys(requests))
    exact: dict[Path, list[tuple[int, int, ImageRequest]]] = {}
    for r in reqs:
        size = sizes.get(_path(r.source))
        if r.oversample <= 1.0 and size:
            exact.setdefault(_path(r.source), []).append((*_target_size(*size, r.max_w_px, r.max_h_px), r))
    out: dict[ImageRequest, ImageRequest] = {}
    for r in reqs:
        out[r] = r
        if r.oversample <= 1.0:
            continue
        size = sizes.get(_path(r.source))
        if not size:
            continue
        w, h = _target_size(*size, r.max_w_px, r.max_h_px)
        fits = [(cw * ch, c) for cw, ch, c in exact.get(_path(r.source), ())
                if w <= cw <= w * r.oversample and h <= ch <= h * r.oversample]
        if fits:
            out[r] = min(fits, key=lambda x: (x[0], x[1].max_w_px, x[1].max_h_px))[1]
    return out


def _path(source) -> Path:
    """A request's source as a Path (it mostly is one already: making it again costs more than the lookup)."""
    return source if isinstance(source, Path) else Path(source)


@dataclass(frozen=True)
class PreparedImage:
    """An encoded file in the cache, ready to embed as is."""

    path: Path
    width_px: int
    height_px: int
    has_alpha: bool
    format: str  # "JPEG" or "PNG"


def box_px(w_pt: float, h_pt: float, ppi: float = 300) -> tuple[int, int]:
    """Pixel box for a placement of ``w_pt`` x ``h_pt`` points at ``ppi`` pixels per inch."""
    return (max(1, math.ceil(w_pt / 72 * ppi - 1e-6)), max(1, math.ceil(h_pt / 72 * ppi - 1e-6)))


def fit(w_px: float, h_px: float, box_w: float, box_h: float) -> tuple[float, float]:
    """Largest size with the aspect of ``w_px`` x ``h_px`` inside the box (may scale up)."""
    if w_px <= 0 or h_px <= 0:
        raise ValueError(f"fit() needs a positive size, got {w_px} x {h_px}")
    scale = min(box_w / w_px, box_h / h_px)
    return (w_px * scale, h_px * scale)


def _target_size(w: int, h: int, box_w: int, box_h: int) -> tuple[int, int]:
    """Output pixel size: fit inside the box, never upscale, at least 1 x 1."""
    scale = min(box_w / w, box_h / h, 1.0)
    if scale >= 1.0:
        return (w, h)
    tw = min(box_w, max(1, round(w * scale)))
    th = min(box_h, max(1, round(h * scale)))
    return (tw, th)
