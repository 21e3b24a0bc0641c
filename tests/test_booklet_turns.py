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


def test_a_video_code_goes_after_the_steps_when_that_lets_the_first_steps_face_the_picture(default):
    """In large print on A5, Arch and Curl's title, picture and video code fill its first page and
    its cautions and starting position the facing one: the code goes after the steps (and why it
    helps), so the first steps face the picture; a movement whose steps face it anyway keeps its
    code under the picture."""
    bplan = booklet_plan.plan(default, booklet_plan.Edition(large_print=True, page_size="A5"))
    moved = 0
    for m in default.movements:
        pages = bplan.units()[f"movement:{m.id}"]
        tags = [t for n in pages for t in bplan.pages[n - 1].blocks]
        qr, picture = tags.index(("qr",)), tags.index(("picture",))
        first_step = next(k for k, t in enumerate(tags) if t[:1] == ("step",))
        if qr > first_step:
            moved += 1
            assert _step_pages(bplan, m)[0, 1] - pages[0] <= 1, (m.id, pages)
            assert qr > max(k for k, t in enumerate(tags) if t[:1] == ("step",)), m.id
        else:
            assert qr == picture + 1, m.id
    assert moved >= 1


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
    # every later page of the log (its own, or further days the padding adds) says it goes on
    log = bplan.units()["log"]
    for n in log:
        text = "".join(r.text for r in bplan.pages[n - 1].body if hasattr(r, "text"))
        assert "Practice log" in text and ("Practice log, continued" in text) == (n != log[0]), (n, text[:60])


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


def _workspace(root: Path, program: str) -> object:
    """A workspace of ``program`` with a landscape, a portrait and a square photo; its loaded program."""
    (root / "images").mkdir(parents=True)
    for name, (w, h) in {"land.jpg": (1600, 1000), "portrait.jpg": (900, 1400), "square.jpg": (1200, 1200),
                         "narrow.jpg": (600, 1800)}.items():
        factory._photo(w, h, len(name)).save(root / "images" / name, quality=85)
    (root / "content").mkdir()
    path = root / "content" / "p.yaml"
    path.write_text(program, encoding="utf-8")
    loader = Loader(Workspace(root))
    loaded = loader.load(path)
    assert loaded is not None, loader.report.errors
    return loaded


def _flow(n: int) -> str:
    steps = "\n".join(f"      - 'Step {k}: move the {side} arm slowly, breathing {way} as you go.'"
                      for k, side, way in ((k, ("left", "right")[k % 2], ("in", "out")[k % 2]) for k in range(1, n + 1)))
    return f"""  - id: flow
    name: Twenty-Five Steps Flow
    summary: A long flowing sequence of small steps.
    position: Stand with your feet hip-width apart.
    image: square.jpg
    steps:
{steps}
    repeat: once through, then rest
"""


def test_a_movement_s_first_page_shows_more_than_its_name(tmp_path):
    """A one-page movement before one that must start on a left page is spread over an opening
    only when that fills its first page: never its name and summary alone on a page, with the
    picture and the steps overleaf."""
    program = _workspace(tmp_path, """title: Hips
movements:
  - id: long
    name: The Extremely Long Named Movement For Releasing The Hips, Waist, Ribs And Shoulders Together Slowly
    summary: Its name is longer than eighty characters, to wrap in headings, contents and running heads.
    position: Sit on a chair with both feet on the floor.
    image: portrait.jpg
    steps: [Sit tall., Let the ribs slide to the right., Return to the middle., Repeat to the left.]
    repeat: 4 times each way
    sides: both
    duration: 3 min
""" + _flow(25))
    for edition in EDITIONS:
        bplan = booklet_plan.plan(program, edition)
        for m in program.movements:
            first = bplan.units()[f"movement:{m.id}"][0]
            shown = {t[0] for t in bplan.pages[first - 1].blocks if t}
            assert shown & {"position", "step", "picture"}, (edition, m.id, first, shown)


@pytest.mark.parametrize("edition", EDITIONS, ids=["A5", "A4-large", "A5-large", "letter"])
def test_a_routine_longer_than_a_page_is_on_one_opening_and_its_later_pages_say_which(tmp_path, edition):
    """A routine that takes two pages starts on a left-hand page (a notes page before it if need
    be), so the client sees it whole on one opening; each later page opens with "Name, continued"."""
    moves = "".join(f"""  - id: m{k}
    name: Movement number {k}
    image: {("land.jpg", "portrait.jpg", "square.jpg")[k % 3]}
    steps: [Lie down., Move slowly., Rest.]
    repeat: 5 times
""" for k in range(1, 15))
    for count in (10, 14):
        root = tmp_path / f"r{count}"
        program = _workspace(root, f"""title: Hips
movements:
{moves}sequences:
  - id: daily
    name: Daily practice
    movements: [{', '.join(f'm{k}' for k in range(1, count + 1))}]
    opening: Lie on your back and notice how your back meets the floor.
    closing: Rest for a minute.
""")
        bplan = booklet_plan.plan(program, edition)
        pages = bplan.units()["routine:daily"]
        assert len(pages) >= 2, (count, pages)
        if len(pages) == 2:
            assert pages[0] % 2 == 0, (count, pages)
        for n in pages[1:]:
            assert bplan.pages[n - 1].blocks[0] == ("continued", "daily"), (count, n, bplan.pages[n - 1].blocks[:2])


@pytest.mark.parametrize("edition", EDITIONS, ids=["A5", "A4-large", "A5-large", "letter"])
def test_every_picture_stays_in_the_frame_with_its_caption_under_it(tmp_path, edition):
    """A tall narrow photo beside the steps stays inside the frame (it ran into the margin), and
    a caption starts where its picture does, also for two pictures side by side ("End" stood in
    the gap beside a square picture)."""
    from builder.layout.page import Picture, TextRun

    program = _workspace(tmp_path, """title: Hips
movements:
  - id: narrow
    name: Reach
    position: Stand tall with your feet together.
    image: {file: narrow.jpg, caption: Tall}
    steps: [Reach up., Come down., Rest.]
  - id: two
    name: Cat
    images: [{file: land.jpg, caption: Start}, {file: square.jpg, caption: End}]
    steps: [Round the back., Let it sag., Return.]
""")
    bplan = booklet_plan.plan(program, edition)
    g = bplan.geometry
    doc = bplan.document()
    seen = set()
    for page in doc.pages:
        pictures = [it for it in page.items if isinstance(it, Picture) and it.w > g.frame_w * 0.1]
        for p in pictures:
            assert g.margin_x - 0.01 <= p.x and p.x + p.w <= page.width - g.margin_x + 0.01, (edition, p.x, p.w)
        for run in (it for it in page.items if isinstance(it, TextRun) and it.text in ("Tall", "Start", "End")):
            if run.text == "Tall":  # under a narrow picture at the frame's end: wide enough to read, in the frame
                (p,) = [p for p in pictures if p.y > run.y]
                assert g.margin_x - 0.01 <= run.x <= p.x + 0.01, (edition, run.x, p.x)
            else:
                under = [p for p in pictures if p.y > run.y and p.x - 0.01 <= run.x <= p.x + p.w]
                assert under and min(abs(run.x - p.x) for p in under) < 0.5, (edition, run.text, run.x, [p.x for p in pictures])
            seen.add(run.text)
    assert seen == {"Tall", "Start", "End"}, seen


def test_a_part_s_heading_never_ends_a_page_away_from_its_steps(tmp_path):
    """A movement in two parts, in large print: keeping each part whole on a page never leaves
    the second part's heading alone under the page's "continued" head, its steps overleaf."""
    program = _workspace(tmp_path, """title: Hips
cautions:
  - {id: go-slowly, title: Slowly, text: Do every movement slowly and gently., level: caution}
booklet: {large_print: true, page_size: A5}
movements:
  - id: wake
    name: Hamstring Wake
    summary: Helps the muscles around the hamstring let go, so movement feels easier and freer in daily life.
    position: Lie on your back with your knees bent and your feet flat on the floor, about hip-width apart. Rest your arms by your sides.
    repeat: 5 times, slowly
    sides: both
    duration: 4 min
    image: land.jpg
    parts:
      - name: First stage
        steps:
          - {text: "Breathe in and slowly begin the movement, paying attention to the muscles that work.", breath: in}
          - {text: "Breathe out and slowly release, taking longer to let go than you took to tighten. Notice the difference.", breath: out}
          - Rest completely before the next one, letting the floor take your weight.
        repeat: 3 times
      - name: Second stage
        steps:
          - {text: "Breathe out and slowly release, taking longer to let go than you took to tighten. Notice the difference.", breath: out}
          - Rest completely before the next one, letting the floor take your weight.
          - {text: Hold the position gently for a moment without straining., breath: hold}
          - Lengthen the whole side slowly and return to neutral, then relax completely before you begin the next round.
        repeat: 4 times
    why: |
      This movement teaches the muscles to rest at a longer length.

      Over time the habit of guarding softens and the joint moves more freely.
    afterwards: Lie still and notice how your body feels now compared with before.
    video: https://example.org/videos/hamstring-wake
""")
    for edition in EDITIONS:
        planner = booklet_plan._Planner(program, edition)
        planner.run()
        pages = [pg.placed for pg in planner.pages if pg.unit == "movement:wake"]
        assert len(pages) >= 2
        for k, placed in enumerate(pages[:-1]):
            assert not placed[-1].block.keep_next, (edition, k, [pl.block.tag for pl in placed])
