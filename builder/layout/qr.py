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

from .reuse import memo


@dataclass(frozen=True)
class QRMatrix:
    """A QR code's modules (error correction M): ``size`` a side without the quiet zone (at
    most 177), and the dark ones as horizontal runs, three bytes each: row (0 at the top),
    first column, length. Compact: a plan may hold hundreds of codes."""

    size: int
    packed: bytes

    @property
    def runs(self) -> list[tuple[int, int, int]]:
        """The dark runs as ``(row, first column, length)``."""
        b = self.packed
        return [(b[i], b[i + 1], b[i + 2]) for i in range(0, len(b), 3)]


def matrix(data: str) -> QRMatrix:
    """The QR code of ``data`` (the smallest version that holds it at error correction M); in a
    build, what the last build's same job worked out for it (:func:`.reuse.memo`), so a rebuild
    neither imports segno nor encodes again."""
    return memo("qr", data, lambda: _encoded(data))


@lru_cache(maxsize=1024)
def _encoded(data: str) -> QRMatrix:
    import segno

    code = segno.make(data, error="m", micro=False)
    rows = list(code.matrix_iter(border=0))
    runs = bytearray()
    for y, row in enumerate(rows):
        x, n = 0, len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs += bytes((y, start, x - start))
            else:
                x += 1
    return QRMatrix(len(rows), bytes(runs))
