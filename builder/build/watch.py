"""``movebook watch``: build, then build again each time a file the build reads is saved.

The command stays running, so a rebuild after an edit spends no time starting Python and
importing the libraries, and finds the fonts already read. What it looks at between builds
(:func:`snapshot`) is every file under ``content/``, ``images/`` and ``labels/``, and the
files outside them that the last build read (a deck template); a change is acted on once it
has held still for a moment, so an editor that saves in several writes causes one build.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable, Iterable

POLL_S = 0.1
"""How often the files are looked at while waiting (a look at a workspace of a few hundred
files takes a millisecond or two)."""
SETTLE_S = 0.1
"""How long a change must hold still before it is built."""


def snapshot(ws, extras: Iterable[str] = ()) -> frozenset:
    """Names, sizes and modification times of every file a build of ``ws`` may read."""
    out = []
    for folder in (ws.content, ws.images, ws.root / "labels"):
        for dirpath, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in sorted(files):
                if name.startswith((".", "#")) or name.endswith("~"):  # editors' swap, auto-save and backup files
                    continue
                out.append(_stat(os.path.join(dirpath, name)))
    return frozenset(out) | stat_all(extras)


def stat_all(paths: Iterable[str]) -> frozenset:
    """Names, sizes and modification times of ``paths``."""
    return frozenset(_stat(x) for x in paths)


def _stat(path: str) -> tuple:
    try:
        st = os.stat(path)
        return path, st.st_size, st.st_mtime_ns
    except OSError:
        return path, None, None


def read_extras(out_root: Path) -> list[str]:
    """The files outside content/, images/ and labels/ that the last build read (from its record)."""
    try:
        record = json.loads((out_root / ".cache" / "fingerprints.json").read_text())
        return [str(x) for x in record["_quick"]["extras"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def wait_for_change(take: Callable[[], frozenset], since: frozenset, poll: float = POLL_S, settle: float = SETTLE_S,
                    sleep: Callable[[float], None] = time.sleep) -> None:
    """Return once ``take()`` differs from ``since`` and has then held still for ``settle`` seconds."""
    now = take()
    while now == since:
        sleep(poll)
        now = take()
    while True:
        sleep(settle)
        later = take()
        if later == now:
            return
        now = later
