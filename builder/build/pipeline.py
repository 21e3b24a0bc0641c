"""Build programs into ``output/<program>/``: load, plan, prepare pictures once, render, write.

The stages, in order:

1. load every program (:mod:`builder.source`), every problem collected;
2. plan every output that is not up to date (:func:`plan_outputs`, also what ``check`` runs);
3. prepare the pictures the plans name, each source decoded once (:mod:`builder.images`);
4. render the plans in worker processes (:mod:`.workers`);
5. write the files atomically (:mod:`.write`), only those whose bytes changed.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..errors import ContentError, Loc, Report
from ..model import Program
from ..source.workspace import Workspace, display_path
from . import targets
from .fingerprint import output_fingerprint, quick_check, quick_record
from .messages import CONSOLE, picture_places, say as note_text
from .reuse import UnitStore
from .workers import beside, plan_all, render_all
from .write import (OutputError, Staged, StagingError, describe_os_error, is_disk_full, lock, os_reason,
                    remove_stale_temporaries, sha256_of, write_atomically)

__all__ = ["BuildResult", "OutputError", "build", "plan_outputs", "print_progress_bar", "write_atomically"]


@dataclass
class BuildResult:
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


CLIENT_OUTPUTS = ("booklet", "handout")
"""What a client gets: a booklet (with its print version) and a handout; no deck."""


def load_programs(programs: list[Path], ws: Workspace, report: Report, base: Path | None,
                  clients: str | list[Path] | None = None,
                  known_sizes: dict | None = None, library: bool = False) -> tuple[list[Program], list[Program]]:
    """Load the programs, and the clients asked for: "all" (every client file and clients.csv),
    a list of client files, or None. Returns (programs, the clients' own programs).
    ``known_sizes``: pictures' sizes from earlier builds (see ``Loader.known_sizes``).
    ``library``: check the movement library's unused files too (warnings), as `check` does."""
    from ..source.loader import Loader

    loader = Loader(ws, report, base=base, known_sizes=known_sizes)
    loaded = {p.stem: loader.load(p) for p in programs}
    if library:
        loader.check_library()
    own: list[Program] = []
    if clients:
        from ..source.clients import ClientLoader

        client_loader = ClientLoader(loader, dict(loaded))  # loads a program a client needs, if not loaded
        got = client_loader.load_all() if clients == "all" else client_loader.load_all(list(clients), with_csv=False)
        own = [c.program for c in got]
    return [p for p in loaded.values() if p is not None], own


def _record_key(prog: Program, name: str) -> str:
    """The fingerprint record of an output; a client's is keyed by a hash, so no name is written in the cache."""
    if prog.client is None:
        return f"{prog.name}/{name}"
    return "client:" + hashlib.sha256(prog.name.encode()).hexdigest()[:24] + f"/{name}"


def plan_outputs(jobs: Iterable[tuple[Program, str]], report: Report, store=None) -> dict[tuple[str, str], object]:
    """Plan each (program, output name), over the cores; a plan's content errors go to ``report``.

    Returns ``{(program name, output name): plan}`` for the plans that succeeded. ``store``
    keeps plan units between builds (``build`` passes one; ``check`` plans everything).
    """
    jobs = list(jobs)
    plans = {}
    for (prog, name), (plan, problems) in zip(jobs, plan_all(jobs, store)):
        if plan is not None:
            plans[(prog.name, name)] = plan
        report.errors.extend(problems)
    return plans


def build(
    programs: list[Path],
    ws: Workspace,
    out_root: Path,
    only: Iterable[str] | None = None,
    report: Report | None = None,
    say: Callable[[str], None] = lambda s: None,
    progress: Callable[[int, int], None] | None = None,
    base: Path | None = None,
    clients: str | list[Path] | None = None,
    library: bool = False,
) -> BuildResult:
    """Build ``programs`` into ``out_root/<name>/`` and the clients asked for (see :func:`load_programs`)
    into ``out_root/<program>/clients/<id>/``. Raises ContentError with every problem.
    ``library``: warn of problems in movement library files no program uses (every program built)."""
    t0 = time.perf_counter()
    report = report or Report()
    names = list(only) if only else list(targets.TARGETS)
    result = BuildResult()

    name = lambda p: display_path(Path(p), base)  # noqa: E731
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        if not out_root.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(out_root))
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {describe_os_error(exc, out_root, name)}") from None
    cache_dir = out_root / ".cache"
    stack = contextlib.ExitStack()
    try:
        stack.enter_context(lock([cache_dir / "build.lock", out_root / ".build.lock"], say))
    except OSError as exc:
        refused = OSError(exc.errno, exc.strerror, str(out_root))  # the output folder is the place to fix
        raise OutputError(f"cannot write into the output folder: {describe_os_error(refused, out_root, name)}") from None
    with stack:
        cache_problem = _cache_problem(cache_dir)
        if cache_problem:
            say(f"note: the cache folder {name(cache_dir)} cannot be written ({os_reason(cache_problem)}); "
                "building without it, which only takes longer")
        fp_file = cache_dir / "fingerprints.json"
        try:
            stored = json.loads(fp_file.read_text())
            if not isinstance(stored, dict):
                stored = {}
        except (OSError, ValueError):
            stored = {}
        selection = (sorted(map(str, programs)), clients if isinstance(clients, (str, type(None))) else sorted(map(str, clients)),
                     names, str(out_root))
        quick = quick_check(stored.get("_quick"), ws, selection, out_root)
        if quick is not None:  # nothing a build reads has changed since the last one: nothing to do
            report.warnings.extend(quick.warnings)
            result.lines += [line.replace("{elapsed}", f"{time.perf_counter() - t0:.1f}") for line in quick.lines]
            return result

        known_sizes = stored.get("_sizes") if isinstance(stored.get("_sizes"), dict) else {}

        def load():  # run with the cycle collector paused (below), here or in the forked process
            own = Report()
            got = load_programs(programs, ws, own, base, clients, known_sizes, library)
            return got, own.errors, own.warnings, known_sizes

        # The YAML is read in a process of its own while this one readies the renderers (once a
        # process: `movebook watch` reads it here from its second build on).
        cold = [n for n in names if n not in _WARMED]
        with _cycle_collector_paused():
            if cold:
                (loaded_programs, client_programs), errors, warnings, sizes = beside(load, lambda: _warm(cold))
            else:
                (loaded_programs, client_programs), errors, warnings, sizes = load()
        report.errors.extend(errors)
        report.warnings.extend(warnings)
        if sizes is not known_sizes:  # the pictures measured over there
            known_sizes.clear()
            known_sizes.update(sizes)
        # What was loaded lives until the build ends: the cycle collector leaves it alone rather
        # than walk it again at every collection (about a tenth of a rebuild), and workers forked
        # later inherit that, touching fewer of the pages they share with the build.
        gc.freeze()
        stack.callback(gc.unfreeze)
        report.raise_if_errors()
        everything = loaded_programs + client_programs
        remove_stale_temporaries(out_root / p.name for p in everything)

        todo: list[tuple[Program, str, str]] = []
        for prog in everything:
            outdir = out_root / prog.name
            for n in _outputs_of(prog, names):
                fp = output_fingerprint(prog, n)
                rec = stored.get(_record_key(prog, n))
                files = rec.get("files") if isinstance(rec, dict) else None  # a damaged record is no record
                if isinstance(files, dict) and rec.get("fp") == fp and all(sha256_of(outdir / str(f)) == h for f, h in files.items()):
                    continue
                todo.append((prog, n, fp))

        kept = None if cache_problem else UnitStore(cache_dir / "units")
        plans = plan_outputs(((prog, n) for prog, n, _ in todo), report, kept)
        report.raise_if_errors()
        jobs = [(n, plans[(prog.name, n)]) for prog, n, _ in todo]

        images: list[dict] = [{} for _ in jobs]
        stage_stats = (0, 0)
        requests = {(prog.name, n): plans[(prog.name, n)].image_requests() for prog, n, _ in todo}
        if any(requests.values()):
            from ..images.stage import CacheWriteError, ImageErrors, ImageStage

            sizes = {i.path: (i.width_px, i.height_px) for p in everything for i in p.images if i.width_px}
            sharing = _picture_sharing(todo, requests, sizes, kept)  # the deck takes the print pictures where they will do
            shared = {s: None for m in sharing for s in m.values()}
            folder = cache_dir / "images"
            if cache_problem:
                folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="movebook-pictures-")))
            # Pictures long unused leave the cache only in a build that asks for every output's
            # (one that skips up-to-date outputs does not ask for theirs).
            every = sum(len(_outputs_of(prog)) for prog in everything)
            stage = ImageStage(folder, progress=progress, prune=len(todo) == every)
            try:
                try:
                    made = stage.prepare(shared)
                except CacheWriteError as exc:
                    if is_disk_full(exc.as_os_error()) or cache_problem:
                        raise
                    # The cache turned out read-only part-way (e.g. its images/ folder): go on without it.
                    say(f"note: the cache folder {name(folder)} cannot be written ({os_reason(exc.as_os_error())}); "
                        "building without it, which only takes longer")
                    cache_problem = exc.as_os_error()
                    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="movebook-pictures-")))
                    stage = ImageStage(folder, progress=progress, prune=False)
                    made = stage.prepare(shared)
                images = [{r: made[s] for r, s in m.items()} for m in sharing]
            except CacheWriteError as exc:
                raise OutputError(f"could not prepare the pictures: {describe_os_error(exc.as_os_error(), folder, name)}; "
                                  "earlier outputs are unchanged") from None
            except ImageErrors as exc:
                _report_image_errors(exc, everything, report, base)
                report.raise_if_errors()
                raise
            stage_stats = (stage.stats.decoded, stage.stats.cache_hits)

        per_program: dict[str, list[str]] = {}
        seconds: dict[str, float] = {}  # program -> its slowest output's render time
        new_records: dict[str, dict] = {}
        outcomes: list = [None] * len(todo)  # what each job gave, but its files' bytes
        failed = False  # an output has content errors: nothing more is written, nothing renamed
        unwritten: list = []  # [job, StagingError]: the first job (in the build's order) whose file could not be written

        def arrived(i: int, outcome, took: float) -> None:
            """A rendered output, written at once beside its file (renamed into place when every
            output is written): a build holds no rendered file for longer than it takes to write it.

            A file that cannot be written is reported when every output is rendered: content
            errors first (they are what to mend), else the first output in the build's order (not
            the order they happen to finish in) that could not be written: the same message
            every time. Nothing is written after a failure but outputs before it."""
            nonlocal failed
            if isinstance(outcome, ContentError):
                outcomes[i], failed = (outcome, took, {}, ()), True
                return
            outdir = out_root / todo[i][0].name
            digests = {}
            for fname, data in outcome.files.items():
                digests[fname] = hashlib.sha256(data).hexdigest()
                if failed or (unwritten and unwritten[0] < i):
                    continue
                if sha256_of(outdir / fname) != digests[fname]:  # the same bytes are not rewritten
                    try:
                        staged.add(outdir / fname, data)
                    except StagingError as exc:
                        unwritten[:] = [i, exc]
                        break
            outcomes[i] = (outcome.summary, took, digests, outcome.notes)

        places = picture_places(everything)
        said: dict[str, dict[str, list[str]]] = {}  # a note's kind -> its words -> the output folders it is for
        try:
            with Staged() as staged:
                render_all(jobs, images, kept, each=arrived)
                for (prog, n, fp), (outcome, took, digests, notes) in zip(todo, outcomes):
                    seconds[prog.name] = max(seconds.get(prog.name, 0.0), took)  # outputs render side by side
                    if isinstance(outcome, ContentError):
                        report.errors.extend(outcome.problems)
                        continue
                    per_program.setdefault(prog.name, []).append(outcome)
                    for note in notes:
                        said.setdefault(note.key, {}).setdefault(note_text(note, places), []).append(
                            name(out_root / prog.name) + "/")
                    new_records[_record_key(prog, n)] = {"fp": fp, "files": digests}
                report.raise_if_errors()
                result.notes += _notes_for(said)
                if unwritten:
                    raise unwritten[1]
                staged.commit()
        except StagingError as exc:
            raise OutputError(f"could not write the outputs: {describe_os_error(exc.os_error, out_root, name)}; "
                              + ("some outputs were replaced and could not be put back: build again once it can be "
                                 "written" if exc.partly else "earlier outputs are unchanged")) from None
        if not cache_problem:
            kept.save()
            stored.update(new_records)
            stored["_sizes"] = {k: v for k, v in known_sizes.items() if Path(k).exists()}
            stored["_quick"] = quick_record(ws, selection, everything, loaded_programs, client_programs,
                                            out_root, base, report)
            try:
                write_atomically({fp_file: json.dumps(stored, indent=1, sort_keys=True).encode()})
            except OSError:
                pass  # the record only spares the next build some work

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
    if client_programs:
        done = sum(1 for p in client_programs if p.name in per_program)
        folders = sorted({p.name.split("/clients/")[0] for p in client_programs})
        where = ", ".join(f"{display_path(out_root / f, base)}/clients/" for f in folders)
        result.lines.append(f"clients: {len(client_programs)} ({done} rendered, {len(client_programs) - done} up to date)"
                            f" -> {where}")
    if everything:
        result.lines.append(f"done in {elapsed:.1f} s ({decoded} images processed, {hits} from cache)")
    return result


def _outputs_of(prog: Program, names: Iterable[str] | None = None) -> list[str]:
    """The outputs among ``names`` (default: every output) that ``prog`` has: a client's program has no deck."""
    return [n for n in (targets.TARGETS if names is None else names) if prog.client is None or n in CLIENT_OUTPUTS]


def _picture_sharing(todo, requests: dict, sizes: dict, store) -> list[dict]:
    """For each output to render (``todo``; ``requests``: each one's image requests, by program
    and output name), the picture to prepare for each of its requests
    (:func:`~builder.images.request.share_variants`): a request that may take a larger picture
    (the deck's) takes one another output of the same program places, so that what a deck
    holds depends on its own program only, never on which outputs this build remakes. Outputs
    of the program not planned in this build (up to date, or not asked for) are planned here
    for their requests only; a problem in one is left for its own build to report."""
    from ..images.request import share_variants

    mine: dict[str, tuple[Program, list]] = {}
    for prog, n, _ in todo:
        mine.setdefault(prog.name, (prog, []))[1].extend(requests[(prog.name, n)])
    planned = {(prog.name, n) for prog, n, _ in todo}
    others = [(prog, n) for prog, got in mine.values() if any(r.oversample > 1 for r in got)
              for n in _outputs_of(prog) if (prog.name, n) not in planned]
    for (prog, _), (plan, _) in zip(others, plan_all(others, store) if others else []):
        if plan is not None:
            mine[prog.name][1].extend(plan.image_requests())
    maps = {name: share_variants(got, sizes) for name, (_, got) in mine.items()}
    return [{r: maps[prog.name][r] for r in requests[(prog.name, n)]} for prog, n, _ in todo]


_WARMED: set[str] = set()  # the outputs whose renderers this process has readied


def _notes_for(said: dict[str, dict[str, list[str]]]) -> list[str]:
    """Each note once. How to print the booklets (``print_*`` notes) is said for every booklet
    built; a line that holds for only some of them (the program's booklet in three stacks, its
    clients' in one) names the folders it is for."""
    printing = {f for key, lines in said.items() if key.startswith("print_") for fs in lines.values() for f in fs}
    out = []
    for key, lines in said.items():
        for line, folders in lines.items():
            if key.startswith("print_") and set(folders) != printing:
                shown = ", ".join(folders[:2])
                if len(folders) > 2:
                    shown = CONSOLE["and_more"].format(shown=shown, more=len(folders) - 2)
                line = CONSOLE["for_folders"].format(folders=shown, line=line)
            if line not in out:
                out.append(line)
    return out


def _warm(names: list[str]) -> None:
    """Ready the renderers of ``names`` (libraries imported, fonts parsed), so that the workers
    forked later inherit them (see ``Target.warm``)."""
    for n in names:
        targets.TARGETS[n].warm()
        _WARMED.add(n)


@contextlib.contextmanager
def _cycle_collector_paused():
    """Python's cycle collector off while the block runs (as it was after)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _cache_problem(cache_dir: Path) -> OSError | None:
    """Why the cache folder cannot be written (None when it can): it is made if missing and tried."""
    try:
        (cache_dir / "images").mkdir(parents=True, exist_ok=True)
        for folder in (cache_dir, cache_dir / "images"):
            fd, tmp = tempfile.mkstemp(prefix=".tmp-probe-", dir=folder)
            os.close(fd)
            os.unlink(tmp)
    except OSError as exc:
        return exc
    return None


def _report_image_errors(exc, programs: list[Program], report: Report, base: Path | None) -> None:
    """An image that passed the quick check but failed to decode: name it and the YAML line."""
    for source, err in exc.errors:
        named = [i for p in programs for i in p.images if i.path == Path(source)]
        where = named[0].loc if named and named[0].loc else Loc(display_path(Path(source), base))
        report.error(where, "", f"the image `{named[0].name if named else Path(source).name}` {err}")


def print_progress_bar(stream=None) -> Callable[[int, int], None] | None:
    """A progress bar for the image stage on a terminal (standard error by default); None (silent) on a pipe."""
    stream = stream or sys.stderr
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
