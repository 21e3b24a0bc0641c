"""The handout as a designed exercise sheet: cautions and dose at least the body's size, the
body at 11 pt where the routine's pages hold it, pictures large enough to read the position,
large print without empty columns or a closing note broken apart, the client's notes where they
belong, and the same card for every movement. Plan-level (the planner is pure), so fast."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

import factory
import handout_factory as hf
from builder.layout import handout
from builder.layout.page import Rule, TextRun
from builder.source.loader import Loader, Workspace


def load(path: Path):
    loader = Loader(Workspace(path.parent.parent))
    program = loader.load(path)
    assert program is not None, loader.report.errors
    return program


def body_runs(page) -> list[TextRun]:
    rules = sorted(it.y1 for it in page.items if isinstance(it, Rule))
    return [it for it in page.items if isinstance(it, TextRun) and rules[0] < it.y < rules[-1]]


def body_size(plan) -> float:
    sizes = [r.size for pg in plan.document.pages for r in body_runs(pg)]
    return statistics.mode(sizes)


def words_of(text: str) -> set[str]:
    return {w for w in text.split() if len(w) > 3}


@pytest.fixture(scope="module")
def default_program(tmp_path_factory):
    return load(factory.copy_default_workspace(tmp_path_factory.mktemp("d") / "ws"))


@pytest.mark.parametrize("large", [False, True])
def test_cautions_are_set_at_least_at_the_body_size(tmp_path, large):
    path = factory.copy_default_workspace(tmp_path / "ws")
    if large:
        path.write_text(path.read_text(encoding="utf-8").replace("booklet:\n", "booklet:\n  large_print: true\n"),
                        encoding="utf-8")
    program = load(path)
    assert program.booklet.large_print == large
    plan = handout.plan(program)
    body = body_size(plan)
    assert body >= (16.0 if large else 9.5)
    caution_words = set().union(*(words_of(c.text) for c in program.cautions))
    runs = [r for pg in plan.document.pages for r in body_runs(pg) if r.text.strip() in caution_words]
    assert runs
    assert min(r.size for r in runs) >= body - 0.01
