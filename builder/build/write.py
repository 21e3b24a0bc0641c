"""Writing outputs: atomically, under a lock, never touching an output whose bytes are unchanged.

Every output is rendered in memory first; only when every program rendered without a
content error are the files written, each to a temporary file beside its final name and
renamed into place. A failed or killed build leaves earlier outputs as they were.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Mapping


class OutputError(Exception):
    """The output folder cannot be used (not writable, inside content/ ...)."""


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def lock(path: Path, say: Callable[[str], None]):
    """Hold an exclusive lock so two builds of one output folder do not interleave."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    # A POSIX record lock belongs to this process only: forked workers do not share it,
    # and it is released the moment the build ends, however it ends.
    with open(path, "a+") as fh:
        try:
            fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            say("waiting for another build of this workspace to finish...")
            fcntl.lockf(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(fh, fcntl.LOCK_UN)


def write_atomically(files: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary beside it, then rename all into place.

    If any temporary cannot be written (full disk, no permission) none is renamed and
    the temporaries are removed, so the earlier outputs stay exactly as they were.
    """
    temps: list[tuple[Path, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for final, data in files.items():
            final.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
            temps.append((Path(tmp), final))
            os.fchmod(fd, 0o666 & ~umask)  # like a normally created file, not mkstemp's 0600
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    for tmp, final in temps:
        os.replace(tmp, final)


def remove_stale_temporaries(folders: Iterable[Path]) -> None:
    """Temporaries left by a build that was killed (we hold the lock, so none is in use)."""
    for folder in folders:
        for tmp in folder.glob(".*.part"):
            with contextlib.suppress(OSError):
                tmp.unlink()


