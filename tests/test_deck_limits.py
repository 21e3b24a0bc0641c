"""The deck planner ends on any text up to the documented limit: it plans, or reports a content error.

Every text the deck shows is pushed, alone, to the limit a text may have
(:data:`builder.source.schema.MAX_TEXT_CHARS`, 20,000 characters; web addresses and cues
have smaller limits of their own), as words and as one unbreakable word. Each plan must
come back within a time bound (an alarm, so a planner that loops fails the test instead
of hanging the suite), and whatever it plans stays on the slide.
"""

from __future__ import annotations

import signal
from dataclasses import replace

import pytest

from builder.errors import ContentError
from builder.layout import deck as dp
from builder.model import Caution, Step
from builder.source.loader import Loader, Workspace
from builder.source.schema import MAX_CUE_CHARS, MAX_TEXT_CHARS, MAX_URL_CHARS
from factory import copy_default_workspace

SECONDS = 60  # per plan: generous (a plan of this size takes a few seconds), a loop never ends


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    root = tmp_path_factory.mktemp("limits")
    program = copy_default_workspace(root)
    p = Loader(Workspace(root)).load(program)
    assert p is not None
    return p


def _words(n: int) -> str:
    return ("Slowly lift the top foot and let the hip slide up toward the ribs. " * (n // 60 + 1))[:n].strip()


def _solid(n: int) -> str:
    return ("Pandiculation" * (n // 13 + 1))[:n]


def _side_bend(p):
    return next(m for m in p.movements if m.parts)


def _with_movement(p, **changes):
    m = _side_bend(p)
    return replace(p, movements=tuple(replace(x, **changes) if x is m else x for x in p.movements))


FIELDS = {
    # the program
    "title": lambda p, t: replace(p, title=t),
    "subtitle": lambda p, t: replace(p, subtitle=t),
    "author": lambda p, t: replace(p, author=t),
    "organisation": lambda p, t: replace(p, organisation=t),
    "edition": lambda p, t: replace(p, edition=t),
    "disclaimer": lambda p, t: replace(p, disclaimer=t),
    "contact.email": lambda p, t: replace(p, contact=replace(p.contact, email=t)),
    "contact.phone": lambda p, t: replace(p, contact=replace(p.contact, phone=t)),
    "contact.address": lambda p, t: replace(p, contact=replace(p.contact, address=t)),
    "contact.website": lambda p, t: replace(p, contact=replace(p.contact, website="https://example.org/" + t[:MAX_URL_CHARS - 20])),
    # intro sections and the program's cautions
    "intro.heading": lambda p, t: replace(p, intro=(replace(p.intro[0], heading=t),) + p.intro[1:]),
    "intro.text": lambda p, t: replace(p, intro=(replace(p.intro[0], text=t, slide=()),) + p.intro[1:]),
    "intro.slide": lambda p, t: replace(p, intro=(replace(p.intro[0], slide=(t, "Two", "Three")),) + p.intro[1:]),
    "caution.text": lambda p, t: replace(p, cautions=(Caution(t, "stop", "Stop"),) + p.cautions),
    "caution.title": lambda p, t: replace(p, cautions=(Caution("Rest.", "info", t),) + p.cautions),
    # a movement
    "movement.name": lambda p, t: _with_movement(p, name=t),
    "movement.summary": lambda p, t: _with_movement(p, summary=t),
    "movement.position": lambda p, t: _with_movement(p, position=t),
    "movement.step": lambda p, t: _with_movement(p, steps=(Step(t, "in"),) + _side_bend(p).steps),
    "movement.repeat": lambda p, t: _with_movement(p, repeat=t),
    "movement.duration": lambda p, t: _with_movement(p, duration=t),
    "part.name": lambda p, t: _with_movement(p, parts=(replace(_side_bend(p).parts[0], name=t),) + _side_bend(p).parts[1:]),
    "part.repeat": lambda p, t: _with_movement(p, parts=(replace(_side_bend(p).parts[0], repeat=t),) + _side_bend(p).parts[1:]),
    "movement.caution": lambda p, t: _with_movement(p, cautions=(Caution(t),)),
    "movement.video": lambda p, t: _with_movement(p, video="https://example.org/" + t[:MAX_URL_CHARS - 20]),
    "movement.cues": lambda p, t: _with_movement(p, cues=(t[:MAX_CUE_CHARS],) * 6),
    # a routine
    "sequence.name": lambda p, t: replace(p, sequences=(replace(p.sequences[0], name=t),)),
    "sequence.how_often": lambda p, t: replace(p, sequences=(replace(p.sequences[0], how_often=t),)),
    "sequence.opening": lambda p, t: replace(p, sequences=(replace(p.sequences[0], opening=t),)),
    "sequence.closing": lambda p, t: replace(p, sequences=(replace(p.sequences[0], closing=t),)),
}


class _Timeout(Exception):
    pass


def _plan_within(program, aspect: str, seconds: int = SECONDS):
    """The plan, or the ContentError the planner raised; fails if the planner takes longer than ``seconds``."""
    def alarm(signum, frame):
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        return dp.plan_deck(program, dp.Geometry.for_aspect(aspect))
    except ContentError as exc:
        return exc
    except _Timeout:
        pytest.fail(f"the deck planner did not finish within {seconds} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _on_the_slides(plan) -> None:
    for slide in plan.slides:
        for s in slide.shapes:
            assert 0 <= s.x and s.x + s.w <= plan.width and 0 <= s.y and s.y + s.h <= plan.height, (slide.title[:40], s.role)
            if isinstance(s, dp.TextBox):
                assert all(p.size_pt >= dp.MIN_PT for p in s.paras)


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_every_deck_text_at_the_limit_plans_or_is_a_content_error(default, field):
    k = sorted(FIELDS).index(field)
    text = (_words if k % 2 else _solid)(MAX_TEXT_CHARS)
    aspect = ("16:9", "4:3")[(k // 2) % 2]
    out = _plan_within(FIELDS[field](default, text), aspect)
    if isinstance(out, ContentError):
        assert out.problems
        return
    _on_the_slides(out)
    shown = "".join("".join(b.text.split()) for sl in out.slides for b in sl.shapes if isinstance(b, dp.TextBox))
    notes = "".join("".join(sl.notes.split()) for sl in out.slides)
    probe = "".join(text.split())[:40]
    assert probe in shown or probe in notes, field  # nothing is dropped: the text is on the slides or in the notes


@pytest.mark.parametrize("field,length,aspect", [
    ("movement.repeat", 1000, "16:9"),  # the reported hangs: a row taller than a slide
    ("movement.name", 700, "16:9"),
    ("movement.repeat", 500, "4:3"),
    ("part.repeat", 1000, "4:3"),
    ("movement.name", 700, "4:3"),
])
def test_the_reported_hangs_end(default, field, length, aspect):
    for text in (_words(length), _solid(length)):
        out = _plan_within(FIELDS[field](default, text), aspect)
        if not isinstance(out, ContentError):
            _on_the_slides(out)


def test_check_returns_on_a_very_long_repeat(tmp_path):
    """``movebook check`` runs the deck planner: a 1,000-character repeat on a 4:3 deck gives an answer, not a hang."""
    program = copy_default_workspace(tmp_path)
    text = program.read_text(encoding="utf-8")
    text = text.replace('aspect: "16:9"', 'aspect: "4:3"').replace("repeat: 4 times to each side, slowly",
                                                                    "repeat: " + _words(1000).replace(":", ""))
    program.write_text(text, encoding="utf-8")
    p = Loader(Workspace(tmp_path)).load(program)
    assert p is not None and p.deck.aspect == "4:3" and len(p.movements[-1].repeat) > 900
    _on_the_slides(_plan_within(p, "4:3"))
