"""How many lines a paragraph takes at a width: exactly what :func:`builder.layout.text.wrap`
makes, without making the lines (the planner compares dozens of layouts; drawing one needs
its lines, choosing one only their number).

A paragraph is prepared once (its characters' faces and advance widths at
:data:`REF_PT`, and the pieces between its break opportunities); widths scale with the type
size, so counting it at any size and width is one pass over those pieces. The rules are the
text engine's: whitespace runs count as one space and are trimmed at the ends, spaces hang at
a line's end, a piece wider than the line breaks between its characters (never before a
combining mark). Lengths are PDF points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ... import fonts
from .. import text as tx

REF_PT = 10.0
_SPACES = re.compile("[ \t\r\n\f\v]+")
_EPS = 1e-6


@dataclass(frozen=True)
class Prepared:
    """A paragraph's pieces between break opportunities at :data:`REF_PT`: each piece's width
    without its trailing spaces, with them, and (for breaking a piece wider than a line) the
    widths of its clusters."""

    bare: tuple[float, ...]
    full: tuple[float, ...]
    clusters: tuple[tuple[float, ...], ...]
    counted: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    """Lines counted so far, by (size, width): the planner asks the same of a paragraph in
    layout after layout (four in five of its questions, in a routine of ten movements)."""

    @property
    def natural(self) -> float:
        """The paragraph set on one line, at :data:`REF_PT` (trailing spaces not counted)."""
        return sum(self.full[:-1]) + self.bare[-1] if self.full else 0.0


def _text(spans: tuple[tx.Span, ...]) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) of each span as the engine sets it: Arabic shaped, whitespace
    collapsed across the joins and trimmed at both ends."""
    out: list[list] = []
    prev_space = True
    for s in spans:
        t = _SPACES.sub(" ", s.text)
        if prev_space:
            t = t.lstrip(" ")
        if not t:
            continue
        prev_space = t.endswith(" ")
        out.append([t, s.bold, s.italic])
    if out:
        out[-1][0] = out[-1][0].rstrip(" ")
        if not out[-1][0]:
            out.pop()
    return [(tx.shape(t), b, i) for t, b, i in out]


@lru_cache(maxsize=50_000)
def prepare(spans: tuple[tx.Span, ...]) -> Prepared:
    parts = _text(spans)
    text = "".join(t for t, _, _ in parts)
    widths: list[float] = []
    prev = None
    for t, bold, italic in parts:
        for ch in t:
            face = prev if (prev is not None and tx.is_mark(ch)) else fonts.print_face(ch, bold, italic)
            widths.append(fonts.metrics(face.path).width(ch, REF_PT))
            prev = face
    n = len(text)
    starts = [0] + tx.break_opportunities(text) + [n] if n else [0]
    bare, full, clusters = [], [], []
    for k in range(len(starts) - 1):
        a, b = starts[k], starts[k + 1]
        e = b
        while e > a and text[e - 1] == " ":
            e -= 1
        bare.append(sum(widths[a:e]))
        full.append(sum(widths[a:b]))
        cl: list[float] = []
        for i in range(a, e):
            if cl and tx.is_mark(text[i]):
                cl[-1] += widths[i]
            else:
                cl.append(widths[i])
        clusters.append(tuple(cl))
    return Prepared(tuple(bare), tuple(full), tuple(clusters))


def count(spans: tuple[tx.Span, ...], size: float, width: float) -> int:
    """The number of lines :func:`~builder.layout.text.wrap` makes of ``spans`` at ``size``
    points in ``width`` points (the paragraph's direction does not change where lines break)."""
    p = prepare(spans)
    if not p.bare:
        return 0
    key = (size, width)
    got = p.counted.get(key)
    if got is None:
        got = p.counted[key] = _count(p, size, width)
    return got


def _count(p: Prepared, size: float, width: float) -> int:
    limit = round(width, 3) * REF_PT / round(size, 3)
    eps = _EPS * REF_PT / size
    lines = 0
    used = 0.0
    empty = True
    for bare, full, cl in zip(p.bare, p.full, p.clusters):
        if not empty and used + bare <= limit + eps:
            used += full
            continue
        if not empty:  # a new line for this piece
            lines += 1
        if bare <= limit + eps:
            used, empty = full, False
            continue
        # a piece wider than a line: whole clusters to each line, at least one
        run = 0.0
        for k, w in enumerate(cl):
            if run + w > limit + eps and run > 0:
                lines += 1
                run = 0.0
            run += w
        used, empty = run + (full - bare), False
    return lines + (0 if empty else 1)
