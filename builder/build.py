"""Build programs into ``output/<program>/``: load, prepare images once, render, write atomically.

Every output is rendered in memory first; only when every program rendered without a
content error are the files written, each to a temporary file beside its final name and
renamed into place. A failed or killed build leaves earlier outputs as they were.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

from . import __version__
from .errors import ContentError, Report
from .errors import Loc
from .loader import Loader, Workspace, display_path
from .model import Program
from .procs import die_with_parent
from .targets import Target

TARGETS: dict[str, str] = {
    "booklet": "builder.booklet",
    "deck": "builder.deck",
    "handout": "builder.handout",
}
"""Output name -> module holding its ``TARGET``; ``--only`` picks from these."""


class TargetUnavailable(Exception):
    pass


def load_target(name: str) -> Target:
    try:
        module = importlib.import_module(TARGETS[name])
    except ModuleNotFoundError as exc:
        if exc.name == TARGETS[name]:
            raise TargetUnavailable(name) from None
        raise
    return module.TARGET


@dataclass
class BuildResult:
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)


_CODE_HASH: str | None = None


def _code_hash() -> str:
    """Changes whenever the builder's own code or fonts change, so outputs are remade."""
    global _CODE_HASH
    if _CODE_HASH is None:
        h = hashlib.blake2b(__version__.encode(), digest_size=16)
        pkg = Path(__file__).parent
        for p in sorted(pkg.rglob("*")):
            if p.is_file() and p.suffix in (".py", ".ttf"):
                st = p.stat()
                h.update(f"{p.relative_to(pkg)}:{st.st_size}:{st.st_mtime_ns}".encode())
        _CODE_HASH = h.hexdigest()
    return _CODE_HASH


def _inputs_digest(program: Program, ws: Workspace) -> str:
    """Everything a program's outputs are made from: code, YAML files, template, pictures' stats."""
    h = hashlib.blake2b(digest_size=20)
    h.update(_code_hash().encode())
    files = [program.source, *ws.library_files()]
    if program.deck.template:
        files.append(program.deck.template)
    for p in files:
        h.update(str(p).encode())
        h.update(p.read_bytes())
    for img in program.images:
        st = img.path.stat()
        h.update(f"{img.path}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def _lock(path: Path, say: Callable[[str], None]):
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


class OutputError(Exception):
    """The output folder cannot be used (not writable, inside content/ ...)."""


def build(
    programs: list[Path],
    ws: Workspace,
    out_root: Path,
    only: Iterable[str] | None = None,
    report: Report | None = None,
    say: Callable[[str], None] = lambda s: None,
    progress: Callable[[int, int], None] | None = None,
    base: Path | None = None,
) -> BuildResult:
    """Build ``programs`` into ``out_root/<name>/``. Raises ContentError with every problem."""
    t0 = time.perf_counter()
    report = report or Report()
    names = list(only) if only else list(TARGETS)
    result = BuildResult()

    loader = Loader(ws, report, base=base)
    loaded = [loader.load(p) for p in programs]
    report.raise_if_errors()
    loaded_programs: list[Program] = [p for p in loaded if p is not None]

    targets: dict[str, Target] = {}
    for n in names:
        try:
            targets[n] = load_target(n)
        except TargetUnavailable:
            result.unavailable.append(n)

    cache_dir = out_root / ".cache"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_root}: {exc.strerror or exc}") from None
    if not os.access(out_root, os.W_OK):
        raise OutputError(f"cannot write into the output folder {out_root}: permission denied")

    with _lock(cache_dir / "build.lock", say):
        _remove_stale_temporaries(out_root, loaded_programs)
        fp_file = cache_dir / "fingerprints.json"
        try:
            stored = json.loads(fp_file.read_text())
        except (OSError, ValueError):
            stored = {}

        todo: list[tuple[Program, str, Target, str]] = []
        for prog in loaded_programs:
            inputs = _inputs_digest(prog, ws)  # the same for every output of the program
            for n, target in targets.items():
                fp = f"{n}:{inputs}"
                rec = stored.get(f"{prog.name}/{n}")
                outdir = out_root / prog.name
                if rec and rec.get("fp") == fp and all(_sha(outdir / f) == h for f, h in rec.get("files", {}).items()):
                    continue
                todo.append((prog, n, target, fp))

        images = {}
        seconds: dict[str, float] = {}  # program -> its slowest output's render time
        stage_stats = (0, 0)
        requests = [r for prog, _, target, _ in todo for r in target.image_requests(prog)]
        if requests:
            from .images import ImageErrors, ImageStage, share_variants

            stage = ImageStage(cache_dir / "images", progress=progress)
            sizes = {i.path: (i.width_px, i.height_px) for p in loaded_programs for i in p.images if i.width_px}
            shared = share_variants(requests, sizes)  # the deck takes the print pictures where they will do
            try:
                made = stage.prepare(dict.fromkeys(shared.values()))
                images = {r: made[s] for r, s in shared.items()}
            except ImageErrors as exc:
                _report_image_errors(exc, loaded_programs, report, base)
                report.raise_if_errors()
                raise
            stage_stats = (stage.stats.decoded, stage.stats.cache_hits)

        rendered: dict[Path, bytes] = {}
        digests: dict[Path, str] = {}
        per_program: dict[str, list[str]] = {}
        new_records: dict[str, dict] = {}
        for (prog, n, target, fp), (outcome, took) in zip(todo, _render_all(todo, images)):
            seconds[prog.name] = max(seconds.get(prog.name, 0.0), took)  # outputs render side by side
            if isinstance(outcome, ContentError):
                report.errors.extend(outcome.problems)
                continue
            res = outcome
            outdir = out_root / prog.name
            for fname, data in res.files.items():
                rendered[outdir / fname] = data
                digests[outdir / fname] = hashlib.sha256(data).hexdigest()
            per_program.setdefault(prog.name, []).append(res.summary)
            result.notes.extend(x for x in res.notes if x not in result.notes)
            new_records[f"{prog.name}/{n}"] = {"fp": fp, "files": {f: digests[outdir / f] for f in res.files}}
        report.raise_if_errors()

        # bytes identical to what is already there are not rewritten
        to_write = {p: d for p, d in rendered.items() if _sha(p) != digests[p]}
        try:
            write_atomically(to_write)
            stored.update(new_records)
            write_atomically({fp_file: json.dumps(stored, indent=1, sort_keys=True).encode()})
        except OSError as exc:
            raise OutputError(f"could not write the outputs ({exc.strerror or exc}: {exc.filename or out_root}); earlier outputs are unchanged") from None

    elapsed = time.perf_counter() - t0
    decoded, hits = stage_stats
    for prog in loaded_programs:
        parts = per_program.get(prog.name) or ["up to date"]
        n_img = len(prog.images)
        took = f", rendered in {seconds[prog.name]:.1f} s" if prog.name in seconds else ""
        result.lines.append(
            f"{prog.name}: {', '.join(parts)}; {n_img} image{'s' if n_img != 1 else ''}{took}"
            f" -> {display_path(out_root / prog.name, base)}/"
        )
    if loaded_programs:
        result.lines.append(f"done in {elapsed:.1f} s ({decoded} images processed, {hits} from cache)")
    return result


def _render_one(name: str, program: Program, images: Mapping):
    """Render one output (in a worker process or here): (result or ContentError, seconds)."""
    t0 = time.perf_counter()
    try:
        result = load_target(name).render(program, images)
    except ContentError as exc:
        result = exc
    return result, time.perf_counter() - t0


def _render_all(todo: list, images: Mapping) -> list:
    """Render every (program, output) pair, the independent ones in parallel over the cores.

    Workers are forked, so they start with everything already imported; any exception other
    than a ContentError is raised here as it would be without workers.
    """
    jobs = [(name, prog) for prog, name, _, _ in todo]
    workers = min(len(jobs), os.cpu_count() or 1, int(os.environ.get("MOVEBOOK_WORKERS", "0")) or 99)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_render_one(name, prog, images) for name, prog in jobs]
    # Longest first (booklet and deck are the big ones), results kept in the original order.
    weight = {"booklet": 0, "deck": 1}
    order = sorted(range(len(jobs)), key=lambda i: weight.get(jobs[i][0], 2))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=die_with_parent) as pool:
        futures = {i: pool.submit(_render_one, jobs[i][0], jobs[i][1], images) for i in order}
        return [futures[i].result() for i in range(len(jobs))]


def _remove_stale_temporaries(out_root: Path, programs: list[Program]) -> None:
    """Temporaries left by a build that was killed (we hold the lock, so none is in use)."""
    for prog in programs:
        for tmp in (out_root / prog.name).glob(".*.part"):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _report_image_errors(exc, programs: list[Program], report: Report, base: Path | None) -> None:
    """An image that passed the quick check but failed to decode: name it and the YAML line."""
    for source, err in exc.errors:
        named = [i for p in programs for i in p.images if i.path == Path(source)]
        where = named[0].loc if named and named[0].loc else Loc(display_path(Path(source), base))
        report.error(where, "", f"the image `{named[0].name if named else Path(source).name}` {err}")


def print_progress_bar(stream=sys.stderr) -> Callable[[int, int], None] | None:
    """A progress bar for the image stage on a terminal; None (silent) on a pipe."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        stream.write(f"\rpreparing images [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
