"""QR codes as plan data: which modules of a code are dark.

A planner places a QR code for an address; its modules are worked out here, once per
address in a process, and travel with the plan, so the pages and slides kept between builds
(:mod:`.reuse`) keep them too: a rebuild encodes no code again, and a renderer only draws
the modules (a library with a video link on each of 120 movements spent 1.5 s a build
encoding them in each output). Pure: segno encodes, nothing is drawn here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class QRMatrix:
    """A QR code's modules (error correction M): ``size`` a side without the quiet zone, and
    the dark ones as horizontal runs ``(row, first column, length)``, row 0 at the top."""

    size: int
    runs: tuple[tuple[int, int, int], ...]


@lru_cache(maxsize=1024)
def matrix(data: str) -> QRMatrix:
    """The QR code of ``data`` (the smallest version that holds it at error correction M)."""
    import segno

    code = segno.make(data, error="m", micro=False)
    rows = list(code.matrix_iter(border=0))
    runs = []
    for y, row in enumerate(rows):
        x, n = 0, len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return QRMatrix(len(rows), tuple(runs))
