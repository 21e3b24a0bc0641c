"""Writing outputs: atomically, under a lock, never touching an output whose bytes are unchanged.

Every output is rendered in memory first; only when every program rendered without a
content error are the files written, each to a temporary file beside its final name and
renamed into place. A failed or killed build leaves earlier outputs as they were.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Mapping


class OutputError(Exception):
    """The output folder cannot be used (not writable, inside content/ ...)."""


_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_DENIED = (errno.EACCES, errno.EPERM)


def is_disk_full(exc: OSError) -> bool:
    return exc.errno in _FULL


def os_reason(exc: OSError) -> str:
    """A few words for why the computer refused (no path)."""
    if exc.errno in _FULL:
        return "the disk is full"
    if exc.errno in _DENIED:
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "it is on a read-only disk"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return "a file stands where a folder must be"
    return (exc.strerror or str(exc)).lower()


def describe_os_error(exc: OSError, path: Path | str | None = None, name: Callable[[Path], str] = str) -> str:
    """What went wrong with a file or folder of the computer, in words that name the place.

    ``name`` shortens a path for messages (relative to the folder the command ran in).
    """
    where = Path(exc.filename) if exc.filename else (Path(path) if path else None)
    shown = f"`{name(where)}`" if where else "a file"
    if exc.errno in _FULL:
        return f"the disk is full: {shown} could not be written (free some space, then build again)"
    if exc.errno in _DENIED:
        return f"permission denied: {shown} cannot be written (check the folder's permissions, or build with --out DIR)"
    if exc.errno == errno.EROFS:
        return f"{shown} is on a read-only disk (build with --out DIR to write elsewhere)"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR) and where:
        blocker = next((p for p in (where, *where.parents) if p.exists() and not p.is_dir()), where)
        return f"`{name(blocker)}` is a file where a folder must be (rename or remove it)"
    if exc.errno == errno.EISDIR:
        return f"{shown} is a folder where movebook writes a file (rename or remove it)"
    return f"{shown}: {exc.strerror or exc}"


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def lock(paths: Iterable[Path], say: Callable[[str], None]):
    """Hold an exclusive lock so two builds of one output folder do not interleave.

    The lock file is the first of ``paths`` that can be opened for writing (the cache's, else
    one in the output folder itself when the cache is read-only); OSError when none can.
    """
    import fcntl

    fh = None
    error: OSError | None = None
    for path in paths:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(path, "a+")
            break
        except OSError as exc:
            error = error or exc
    if fh is None:
        raise error or OSError(errno.EACCES, "no lock file")
    # A POSIX record lock belongs to this process only: forked workers do not share it,
    # and it is released the moment the build ends, however it ends.
    with fh:
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
    try:
        with Staged() as staged:
            for final, data in files.items():
                staged.add(final, data)
            staged.commit()
    except StagingError as exc:
        raise exc.os_error from None


class StagingError(Exception):
    """A temporary could not be written; ``os_error`` names the output, not the temporary."""

    def __init__(self, os_error: OSError):
        super().__init__(str(os_error))
        self.os_error = os_error
        self.partly = False  # some outputs were replaced and could not be put back

    @classmethod
    def naming(cls, exc: OSError, final: Path) -> "StagingError":
        """``exc``, told of ``final`` (the output, not a temporary the teacher never sees)."""
        return cls(OSError(exc.errno, exc.strerror, str(final)) if exc.errno else exc)


class Staged:
    """Files written as they come (:meth:`add`), each to a temporary beside it, and renamed into
    place all together (:meth:`commit`). A block that ends otherwise removes the temporaries,
    so the earlier outputs stay exactly as they were; meanwhile none of the files' bytes is held
    in memory (a build of hundreds of clients renders more than it could hold)."""

    def __init__(self):
        self.temps: list[tuple[Path, Path]] = []
        self.umask = os.umask(0)
        os.umask(self.umask)

    def __enter__(self) -> "Staged":
        return self

    def add(self, final: Path, data: bytes) -> None:
        """Write ``data`` to a temporary beside ``final``; :class:`StagingError` if it cannot be."""
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
            self.temps.append((Path(tmp), final))
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), 0o666 & ~self.umask)  # like a normally created file, not mkstemp's 0600
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise StagingError.naming(exc, final) from None

    def commit(self) -> None:
        """Rename every temporary into place; :class:`StagingError` if one cannot be (a folder
        where the file goes, a locked file), the temporaries not yet renamed being removed."""
        for _, final in self.temps:  # what is sure to fail stops the build before anything is renamed
            if final.is_dir():
                raise StagingError(IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(final)))
        # Each file a build replaces is kept under a second name (a hard link: no copy) until every
        # rename has succeeded; a rename refused part-way (a file held open, made read-only) puts
        # back those already replaced, so the outputs never mix this build's files with the last one's.
        # (final, its earlier file's second name; None: there was none; False: it could not be made)
        done: list[tuple[Path, Path | bool | None]] = []
        try:
            while self.temps:
                tmp, final = self.temps[0]
                keep = None
                if final.exists():
                    keep = final.with_name(f".{final.name}.{os.getpid()}.was")
                    with contextlib.suppress(OSError):
                        keep.unlink()
                    try:
                        os.link(final, keep)
                    except OSError:
                        keep = False  # no second name here: it cannot be put back
                try:
                    os.replace(tmp, final)
                except OSError as exc:
                    if keep:
                        with contextlib.suppress(OSError):
                            keep.unlink()
                    restored = self._put_back(done)
                    err = StagingError.naming(exc, final)
                    err.partly = not restored
                    raise err from None
                done.append((final, keep))
                self.temps.pop(0)
        finally:
            for _, keep in done:
                if keep:
                    with contextlib.suppress(OSError):
                        keep.unlink()

    @staticmethod
    def _put_back(done: list) -> bool:
        """The earlier files of ``done`` back in place (the new ones removed where there was
        none); True if every one is as it was."""
        ok = True
        for final, keep in reversed(done):
            try:
                if keep:
                    os.replace(keep, final)
                elif keep is None:
                    final.unlink()
                else:
                    ok = False
            except OSError:
                ok = False
        done.clear()
        return ok

    def __exit__(self, *exc) -> None:
        for tmp, _ in self.temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self.temps.clear()


def remove_stale_temporaries(folders: Iterable[Path]) -> None:
    """Temporaries left by a build that was killed (we hold the lock, so none is in use)."""
    for folder in folders:
        for tmp in [*folder.glob(".*.part"), *folder.glob(".*.was")]:  # .was: an earlier file kept while renaming
            with contextlib.suppress(OSError):
                tmp.unlink()


