"""Units of a plan kept from one build to the next: a movement's slides, a routine's handout pages
(and, while rendering, a deck slide's markup, :mod:`builder.render.pptx.deck`, and a PDF page's operators,
:mod:`builder.render.pdf.draw`).

A planner asks for a unit with :func:`unit`: the unit's inputs (every value its pages depend
on) and the function that plans it. Without a store (tests) the function simply runs. In a
build (and in ``movebook check``, which reads the build's units but keeps none) a store is
installed (:func:`keeping`) that finds a unit planned before from the same inputs and gives
its pages back without planning them again, so a one-word edit in one movement plans that
movement's slides and nothing else.

Pure: this module only hashes and calls; where units are kept (on disk) is the build's
business (:mod:`builder.build.reuse`). A unit's inputs must be the whole truth: a value the
pages depend on that is left out of them would give back stale pages, which the test
``test_incremental_equals_cold`` exists to catch.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Protocol, TypeVar

T = TypeVar("T")


class Store(Protocol):
    def get(self, key: str) -> Any | None: ...
    def put(self, key: str, value: Any) -> None: ...
    def touch(self, key: str) -> None: ...  # count what ``key`` holds as used, without reading it


_STORE: ContextVar[Store | None] = ContextVar("plan_units", default=None)


@contextmanager
def keeping(store: Store | None):
    """Plan with ``store`` keeping units (None: plan everything)."""
    token = _STORE.set(store)
    try:
        yield
    finally:
        _STORE.reset(token)


class _Memo:
    """A job's memory: what the last build's same job worked out (read from the store at the
    first question, so a job that plans nothing reads nothing) and what this job uses."""

    def __init__(self, store: Store, name: str):
        self.store, self.name = store, name
        self._kept: dict | None = None
        self.used: dict = {}

    @property
    def kept(self) -> dict:
        if self._kept is None:
            got = self.store.get(self.name)
            self._kept = got if isinstance(got, dict) else {}
        return self._kept


_MEMO: ContextVar[_Memo | None] = ContextVar("plan_memo", default=None)


@contextmanager
def remembering(store: Store | None, job: str):
    """Within the block, :func:`memo` gives back what the last build's same job (``job``: the
    program and output) worked out, and what this job works out is kept for the next build in
    ``store`` (nothing is kept without a store). A job that asks nothing (its units were all
    kept) leaves the last build's memory as it was, for the build that edits its text."""
    if store is None:
        yield
        return
    job_memo = _Memo(store, f"memo\0{job}")
    token = _MEMO.set(job_memo)
    try:
        yield
    finally:
        _MEMO.reset(token)
    if job_memo.used:
        store.put(job_memo.name, job_memo.used)
    else:
        store.touch(job_memo.name)  # kept, and kept from being pruned as unused


def memo(kind: str, key: Any, make: Callable[[], T]) -> T:
    """``make()`` for ``key``, a pure function's arguments (a line breaking's text, size and
    width): or what it gave for the same ``kind`` and ``key`` in this job, or in the last build's
    same job (see :func:`remembering`). A value a cold build makes again equal, so the outputs
    are the same bytes; what the result depends on besides ``key`` (movebook's code, the fonts)
    is in the store's own key."""
    found = _MEMO.get()
    if found is None:
        return make()
    k = (kind, key)
    used = found.used
    value = used.get(k)
    if value is None:
        value = found.kept.get(k)
        if value is None:
            value = make()
        used[k] = value
    return value


def renew(kind: str, inputs: tuple, value: Any) -> None:
    """Keep ``value`` for ``kind`` and ``inputs`` in place of what :func:`unit` gave, which its
    user found could not be used (the next build then finds this one)."""
    store = _STORE.get()
    key = digest(kind, inputs) if store is not None else None
    if key is not None:
        store.put(key, value)


def recall(kind: str, inputs: tuple) -> Any | None:
    """What an earlier build kept for ``kind`` and ``inputs`` with :func:`renew`, or None
    (nothing kept, or no store installed)."""
    store = _STORE.get()
    key = digest(kind, inputs) if store is not None else None
    return store.get(key) if key is not None else None


def keeps_units() -> bool:
    """Whether a store is installed (a build): a caller may skip making what only a store keeps."""
    return _STORE.get() is not None


def digest(*inputs: Any) -> str | None:
    """A key for ``inputs`` (frozen model objects, numbers, strings), or None when they cannot
    be pickled (the unit is then always planned)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=5)
    pickler.fast = True  # no memo: equal values give equal bytes whether or not they share objects
    try:
        pickler.dump(inputs)
    except Exception:  # a value that does not pickle (or refers to itself): no key, no keeping
        return None
    return hashlib.sha256(buf.getvalue()).hexdigest()


def program_part(program) -> Any:
    """What every unit of ``program`` depends on besides its own movement or routine: the
    program without its movements, routines and line marks (an edit to one movement leaves it
    unchanged), and the words of its labels (which a workspace's ``labels/*.po`` can change
    without the program changing): as a key for the units' inputs."""
    from dataclasses import replace

    from ..compose.labels import labels_for

    part = replace(program, movements=(), sequences=(), locations={}, sources=()), labels_for(program)
    return digest("program-part", part) or part  # its hash: hashed once, not again in every unit's key


def unit(kind: str, inputs: tuple, make: Callable[[], T]) -> T:
    """``make()``, or the value it gave before for the same ``kind`` and ``inputs``."""
    store = _STORE.get()
    if store is None:
        return make()
    key = digest(kind, inputs)
    if key is None:
        return make()
    found = store.get(key)
    if found is not None:
        return found
    value = make()
    store.put(key, value)
    return value
