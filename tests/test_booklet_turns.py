"""Where a booklet's pages turn: a part's steps, a movement's picture and its steps, the back
matter's order. Plan-level checks (the planner is pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

import factory
from builder.layout import booklet as booklet_plan
from builder.source.loader import Loader, Workspace

EDITIONS = [booklet_plan.STOCK, booklet_plan.Edition(large_print=True, page_size="A4"),
            booklet_plan.Edition(large_print=True, page_size="A5"), booklet_plan.Edition(page_size="letter")]


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    f = factory.copy_default_workspace(tmp_path_factory.mktemp("turns") / "ws")
    return Loader(Workspace(f.parent.parent)).load(f)


def _step_pages(bplan, m) -> dict[tuple[int, int], int]:
    """(part, step) -> the page it is on (a step beside a picture counts too)."""
    out = {}
    for n in bplan.units()[f"movement:{m.id}"]:
        for t in bplan.pages[n - 1].blocks:
            if t[:1] == ("step",):
                out.setdefault(t[1:3], n)
            if t[:2] == ("picture", "beside"):
                for s in t[2]:
                    out.setdefault(s[1:3], n)
    return out


@pytest.mark.parametrize("edition", EDITIONS, ids=["A5", "A4-large", "A5-large", "letter"])
def test_the_last_two_steps_of_every_part_share_a_page(default, edition):
    bplan = booklet_plan.plan(default, edition)
    for m in default.movements:
        at = _step_pages(bplan, m)
        for s, stage in enumerate(m.stages):
            n = len(stage.steps)
            if n >= 2:
                assert at[s, n - 1] == at[s, n], (m.id, s, {k: v for k, v in at.items() if k[0] == s})
                assert at[s, 1] == at[s, 2], (m.id, s)


@pytest.mark.parametrize("edition", EDITIONS, ids=["A5", "A4-large", "A5-large", "letter"])
def test_a_movements_first_steps_face_its_picture(default, edition):
    """A movement longer than an opening starts on a left page: its starting position (and in
    all but large print on A5, its first steps) are on that opening, so the picture faces them
    (why it helps goes after the steps if need be)."""
    bplan = booklet_plan.plan(default, edition)
    for m in default.movements:
        pages = bplan.units()[f"movement:{m.id}"]
        at = _step_pages(bplan, m)
        position = next(n for n in pages if ("position",) in bplan.pages[n - 1].blocks)
        assert position - pages[0] <= 1, (m.id, pages, position)
        if not (edition.large_print and edition.page_size == "A5"):
            assert at[0, 1] - pages[0] <= 1, (m.id, pages, at[0, 1])
        if len(pages) > 1:
            assert pages[0] % 2 == 0, (m.id, pages)


@pytest.mark.parametrize("edition", EDITIONS, ids=["A5", "A4-large", "A5-large", "letter"])
@pytest.mark.parametrize("days", [14, 30])
def test_the_back_matter_keeps_its_order_and_the_contents_list_it(tmp_path_factory, edition, days):
    """Routines, then "at a glance", the practice log with all its days together, notes last;
    the pages that pad the booklet to a multiple of four go where they belong."""
    f = factory.copy_default_workspace(tmp_path_factory.mktemp(f"back{days}") / "ws")
    f.write_text(f.read_text(encoding="utf-8").replace("practice_log_days: 14", f"practice_log_days: {days}"),
                 encoding="utf-8")
    program = Loader(Workspace(f.parent.parent)).load(f)
    bplan = booklet_plan.plan(program, edition)
    units = [p.unit for p in bplan.pages]
    last_movement = max(n for n, u in enumerate(units) if u.startswith("movement:"))
    rank = {"routine": 0, "glance": 1, "log": 2, "notes": 3, "back": 4}
    order = [rank[u.split(":")[0]] for u in units[last_movement + 1:]]
    assert order == sorted(order), units[last_movement + 1:]
    assert len(bplan.pages) % 4 == 0
    contents = "".join(r.text for n in bplan.units()["contents"] for r in bplan.pages[n - 1].body
                       if hasattr(r, "text"))
    assert ("at a glance" in contents) == ("glance" in units), units


@pytest.mark.parametrize("edition", EDITIONS, ids=["A5", "A4-large", "A5-large", "letter"])
def test_the_introduction_leaves_no_near_empty_page_and_before_you_begin_says_it_goes_on(default, edition):
    from builder.layout.page import TextRun

    bplan = booklet_plan.plan(default, edition)
    g = bplan.geometry
    pages = bplan.units()["intro"]
    for n in pages:
        page = bplan.pages[n - 1]
        lowest = min(it.y for it in page.body if isinstance(it, TextRun))
        assert (g.frame_top - lowest) / g.frame_h > 0.25, (n, pages)
    first = next(n for n in pages if ("anchor", "before") in bplan.pages[n - 1].blocks)
    for n in pages:
        if n > first:
            assert bplan.pages[n - 1].blocks[:1] == (("continued", "before"),), (n, bplan.pages[n - 1].blocks)


def _texts(page) -> list:
    from builder.layout.page import TextRun
    return [it for it in page.body if isinstance(it, TextRun)]


@pytest.mark.parametrize("edition", EDITIONS, ids=["A5", "A4-large", "A5-large", "letter"])
def test_a_routine_item_and_a_log_column_head_have_room_for_their_words(default, edition):
    """A movement's name in the routine list stands on one line (the page reference goes under
    it when the column is narrow); a named log column's head takes two lines at most."""
    bplan = booklet_plan.plan(default, edition)
    routine = bplan.pages[bplan.units()["routine:daily-hip-release"][0] - 1]
    assert "Arch and Flatten" in [r.text.strip() for r in _texts(routine)]
    log = bplan.pages[bplan.units()["log"][0] - 1]
    head = {round(r.y, 1) for r in _texts(log) if r.text.strip() and r.text.strip() in "Daily hip release"}
    assert 1 <= len(head) <= 2, head
