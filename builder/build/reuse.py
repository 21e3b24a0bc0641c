"""Where plan units are kept between builds: ``output/.cache/units/`` (see :mod:`builder.layout.reuse`).

A unit's file is named by the hash of its inputs, of movebook's own code and fonts, and of
the fallback fonts found on this machine, so a unit is only ever reused for exactly the
inputs it was planned from. Units planned in a build are written when the build succeeds;
units no build has used for two weeks are removed then. Any trouble reading or writing
the folder only means planning again: the cache is never needed for a correct build.
"""

from __future__ import annotations

import copy
import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import Any

from .fingerprint import code_hash, machine_fonts

KEEP_UNUSED_S = 14 * 24 * 3600
PRUNE_EVERY_S = 24 * 3600
"""Long-unused units are looked for at most this often (a look reads every unit's time)."""


class UnitStore:
    """Plan units in a folder, by key; new ones are kept in memory until :meth:`save`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._salt = hashlib.sha256(f"{code_hash()}\0{machine_fonts()}".encode()).hexdigest()
        self.new: dict[Path, bytes] = {}
        self.used: set[Path] = set()
        self.seen: dict[Path, Any] = {}  # units read or made by this job, by file (planners only read units)

    def fresh(self) -> "UnitStore":
        """A store of the same folder with nothing new or used yet: one planning job's own,
        handed back to the build's store with :meth:`absorb`."""
        other = copy.copy(self)
        other.new, other.used, other.seen = {}, set(), {}
        return other

    def __getstate__(self) -> dict:
        """What a planning job sends back: the units it made and used, not the ones it read."""
        return {**self.__dict__, "seen": {}}

    def absorb(self, other: "UnitStore") -> None:
        """Take in what a job's store planned and reused."""
        self.new.update(other.new)
        self.used |= other.used

    def _path(self, key: str) -> Path:
        name = hashlib.sha256(f"{self._salt}\0{key}".encode()).hexdigest()
        return self.folder / name[:2] / f"{name}.pickle"

    def get(self, key: str) -> Any | None:
        path = self._path(key)
        if path in self.seen:  # asked again in the same job (a booklet planned twice over)
            return self.seen[path]
        try:
            value = pickle.loads(path.read_bytes())
        except Exception:  # missing, half-written or from another Python: plan again
            return None
        self.used.add(path)
        self.seen[path] = value
        return value

    def touch(self, key: str) -> None:
        """Count the unit of ``key`` as used by this build (so it is not pruned), without reading it."""
        path = self._path(key)
        if path.exists():
            self.used.add(path)

    def put(self, key: str, value: Any) -> None:
        path = self._path(key)
        try:
            self.new[path] = pickle.dumps(value, protocol=5)
        except Exception:  # a unit that does not pickle is simply planned every time
            return
        self.seen[path] = value

    def save(self) -> None:
        """Write the units planned in this build; mark the ones reused; forget long-unused ones."""
        try:
            for path, data in self.new.items():  # a temporary renamed into place: never half a unit
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
                tmp.write_bytes(data)
                os.replace(tmp, path)
            now = time.time()
            for path in self.used:
                os.utime(path, (now, now))
            marker = self.folder / ".pruned"
            try:
                due = now - marker.stat().st_mtime > PRUNE_EVERY_S
            except FileNotFoundError:
                due = True
            if (self.new or self.used) and due:
                for path in self.folder.glob("*/*.pickle"):
                    if path not in self.used and path not in self.new and now - path.stat().st_mtime > KEEP_UNUSED_S:
                        path.unlink()
                marker.touch()
        except OSError:
            pass  # the units only spare the next build some planning
