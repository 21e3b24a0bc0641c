"""Worker processes: outputs planned and rendered in parallel over the cores, never outliving the build.

Planning workers are forked after the programs are loaded (they inherit them) and send each
plan back pickled, with the plan units they made and reused (:mod:`..layout.reuse`); rendering workers
are forked after every plan is made, so they inherit the plans and the prepared pictures
instead of receiving them pickled; each job sends back only its result (and what it kept), which
the build takes as each job ends.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable, Mapping, TypeVar

from ..errors import ContentError
from ..layout import reuse
from . import targets

T = TypeVar("T")

_JOBS: list[tuple[str, object]] = []
_IMAGES: list[Mapping] = []


def die_with_parent() -> None:
    """Pool initializer: ask Linux to end this worker when its parent build ends.

    Without it, a build killed from outside leaves its workers running (and, before the
    lock was a per-process one, holding the workspace lock). Elsewhere it does nothing.
    """
    # Ctrl-C reaches every process of the terminal's job: the build stops its workers itself,
    # so a worker must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held by the parent while it forked
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


#: The cycle collector's first threshold in a planning or rendering worker: a collection every
#: this many new objects rather than every 700. A worker lives for one build and makes
#: hundreds of thousands of small objects, few of them in cycles; at Python's default the
#: collector took a fifteenth of a rebuild's planning and drawing.
WORKER_GC_THRESHOLD = 20_000


def start_worker() -> None:
    """Pool initializer of the planning and rendering workers (see :func:`die_with_parent`),
    the cycle collector run less often (:data:`WORKER_GC_THRESHOLD`)."""
    die_with_parent()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


@contextlib.contextmanager
def interrupts_held():
    """Hold Ctrl-C while worker processes are forked (they start in ``pool.submit``).

    A Ctrl-C that lands inside Python's at-fork hooks is swallowed there ("Exception
    ignored"), and the build would run on; held, it arrives just after, where it stops the build.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def stop_workers_on_interrupt(pool):
    """On Ctrl-C, end the pool's workers at once (they ignore SIGINT) instead of waiting for their jobs."""
    try:
        yield
    except KeyboardInterrupt:
        for child in multiprocessing.active_children():
            child.terminate()
        # With its workers gone the pool's manager thread ends at once; waiting for it here keeps
        # Python's exit from poking the pool after it closed ("Bad file descriptor" tracebacks).
        pool.shutdown(wait=True, cancel_futures=True)
        raise


def beside(job: Callable[[], T], meanwhile: Callable[[], object]) -> T:
    """``job()`` in a forked process while ``meanwhile()`` runs here, its result sent back pickled.

    The build loads its YAML this way while it readies the renderers: two things that share
    nothing, on two cores. With one core, without fork, or if the process fails in any way
    (it died, its result does not pickle, ``job`` raised), ``job()`` simply runs here, so it
    raises or reports as it always would.
    """
    if logging.getLogger("movebook").isEnabledFor(logging.DEBUG) or _pool_size(2) < 2 \
            or "fork" not in multiprocessing.get_all_start_methods():
        value = job()
        meanwhile()
        return value
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice by the child
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    child = ctx.Process(target=_job_beside, args=(job, send), daemon=True)
    with interrupts_held():
        child.start()
    send.close()
    got = (False, None)
    try:
        meanwhile()
        try:
            got = receive.recv()
        except Exception:  # noqa: BLE001 - it died, or sent what does not unpickle: do the job here
            pass
    except BaseException:  # Ctrl-C, or meanwhile() failed: the job is not waited for
        child.terminate()
        raise
    finally:
        receive.close()
        child.join()
    ok, value = got if isinstance(got, tuple) and len(got) == 2 else (False, None)
    return value if ok else job()


def _job_beside(job, send) -> None:
    die_with_parent()
    try:
        got = (True, job())
    except BaseException:  # noqa: BLE001 - the build does the job again itself and meets the same trouble
        got = (False, None)
    try:
        send.send(got)
    except Exception:  # noqa: BLE001 - e.g. a result that does not pickle
        send.send((False, None))
    finally:
        send.close()


_PLANS: list[tuple[object, str, int]] = []  # (program, output name, piece) to plan
_STORE = None  # the build's unit store, inherited by planning and rendering workers


def _plan_one(i: int):
    """Plan job ``i``, one piece of an output's plan: (piece or None, content problems, the
    job's own unit store or None)."""
    prog, name, k = _PLANS[i]
    store = _STORE.fresh() if _STORE is not None else None
    # A program's jobs remember their line breaking from one build to the next; a client's booklet
    # (a few movements, of a build of hundreds) is quick to break again and not worth the memory.
    memo = store if prog.client is None else None
    with reuse.keeping(store), reuse.remembering(memo, f"{prog.name}\0{name}\0{k}"):
        try:
            return targets.TARGETS[name].plan_piece(prog, k), [], store
        except ContentError as exc:
            return None, exc.problems, store


def _pool_size(n_jobs: int) -> int:
    asked = os.environ.get("MOVEBOOK_WORKERS", "").strip()
    return min(n_jobs, os.cpu_count() or 1, int(asked) if asked.isdigit() and int(asked) > 0 else 99)


def plan_all(jobs: list[tuple[object, str]], store=None) -> list:
    """Plan every (program, output name), in parallel over the cores when there are several;
    an output planned in pieces (``Target.split``: the handout's routines) is planned piece by
    piece side by side and joined here.

    Returns (plan or None, content problems) per job, in order. ``store`` keeps plan units
    (see :mod:`..layout.reuse`); the units workers make are added to it here.
    """
    global _PLANS, _STORE
    jobs = list(jobs)
    counts = [targets.TARGETS[name].pieces(prog) for prog, name in jobs]
    _PLANS = [(prog, name, k) for (prog, name), n in zip(jobs, counts) for k in range(n)]
    _STORE = store
    try:
        serial = logging.getLogger("movebook").isEnabledFor(logging.DEBUG)  # --debug: notes in order, from here
        done = _run(_plan_one, [name for _, name, _ in _PLANS], serial)
        if store is not None:
            for _, _, job_store in done:
                store.absorb(job_store)
        out, at = [], 0
        for (prog, name), n in zip(jobs, counts):
            got, at = done[at:at + n], at + n
            problems = [p for _, found, _ in got for p in found]
            plan = None if problems else targets.TARGETS[name].join(prog, [piece for piece, _, _ in got])
            out.append((plan, problems))
        return out
    finally:
        _PLANS, _STORE = [], None


def _render_one(i: int):
    """Render job ``i`` (in a worker process or here): (result or ContentError, seconds, the
    job's own unit store or None)."""
    t0 = time.perf_counter()
    name, plan = _JOBS[i]
    store = _STORE.fresh() if _STORE is not None else None
    with reuse.keeping(store):
        try:
            result = targets.TARGETS[name].render(plan, _IMAGES[i])
        except ContentError as exc:
            result = exc
    return result, time.perf_counter() - t0, store


def render_all(jobs: list[tuple[str, object]], images: list[Mapping], store,
               each: Callable[[int, object, float], None]) -> None:
    """Render every (output name, plan), the independent ones in parallel over the cores, each
    with its prepared pictures (``images``: one mapping a job, request -> prepared picture).

    ``each(job, RenderResult or ContentError, seconds)`` is called here as each job ends (a
    result is not kept after); any other exception is raised here as it would be without
    workers. ``store`` keeps what renderers keep between builds (a deck's slides); what the
    jobs made is added to it here.
    """
    global _JOBS, _IMAGES, _STORE
    _JOBS, _IMAGES, _STORE = list(jobs), images, store

    def done(i: int, got) -> None:
        result, seconds, job_store = got
        if store is not None:
            store.absorb(job_store)
        each(i, result, seconds)

    try:
        _run(_render_one, [name for name, _ in jobs], each=done)
    finally:
        _JOBS, _IMAGES, _STORE = [], [], None


def _run(one, names: list[str], serial: bool = False, each: Callable[[int, object], None] | None = None) -> list:
    """``one(i)`` for every job ``i`` (``names``: each job's output name), in forked workers over
    the cores when there are several jobs; the longest first (booklet and deck are the big
    ones), the results in the jobs' order; or, with ``each``, ``each(i, result)`` as each job
    ends (none kept: an empty list is returned)."""
    workers = 1 if serial else _pool_size(len(names))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        if each is None:
            return [one(i) for i in range(len(names))]
        for i in range(len(names)):
            each(i, one(i))
        return []
    weight = {"booklet": 0, "deck": 1}
    order = sorted(range(len(names)), key=lambda i: weight.get(names[i], 2))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=start_worker) as pool, stop_workers_on_interrupt(pool):
        with interrupts_held():
            futures = {pool.submit(one, i): i for i in order}
        if each is None:
            by_job = {i: f for f, i in futures.items()}
            return [by_job[i].result() for i in range(len(names))]
        try:
            for future in as_completed(futures):
                each(futures.pop(future), future.result())  # the result goes with its future
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return []
