"""The facts every output states about a movement or a routine, worded once.

Dose (repeat and sides), routine times, caution level words and their order, breath
words and the QR code's choice are composed here from the model and the labels, so the
booklet, the handout and the deck say the same thing the same way. Values that are the
teacher's own prose keep their inline Markdown (``Fact.markup``); output code styles them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..model import Caution, Movement, Program, Sequence
from ..model.markdown import plain_inline
from .labels import Labels

LEVEL_ORDER = ("stop", "caution", "info")
"""Caution levels, most serious first: the order cautions are grouped and shown in."""


@dataclass(frozen=True)
class Fact:
    """A labelled fact ("Repeat" / "5 times, slowly"); ``markup`` says ``value`` is the teacher's
    prose with inline Markdown, else it is plain text."""

    key: str
    label: str
    value: str
    markup: bool = False


def whole_minutes(minutes: float, L: Labels) -> str:
    """A running time as every output states it: whole minutes rounded half up, at least 1 ("17 min")."""
    return L("minutes", n=max(1, int(minutes + 0.5)))


def about(minutes: float, L: Labels) -> str:
    """An approximate running time: "about 17 min"."""
    return L("about_time", time=whole_minutes(minutes, L))


def sides_text(m: Movement, L: Labels) -> str | None:
    """A reader's wording of ``sides`` ("Both sides"), or None for "none"."""
    return L(f"sides_{m.sides}") if m.sides in ("both", "left", "right") else None


def level_word(level: str, L: Labels) -> str:
    """The word for a caution level: "Good to know", "Caution", "Stop"."""
    return L(f"level_{level}")


def breath_word(breath: str, L: Labels) -> str:
    """The breath cue of a step: "breathe in", "breathe out", "hold"."""
    return L(f"breath_{breath}")


def dose(m: Movement, L: Labels) -> list[Fact]:
    """Repeat and sides of a whole movement."""
    out = []
    if m.repeat:
        out.append(Fact("repeat", L("repeat"), m.repeat, markup=True))
    sides = sides_text(m, L)
    if sides:
        out.append(Fact("sides", L("sides"), sides))
    return out


def part_repeats(m: Movement) -> list[tuple[str, str]]:
    """(part name, repeat) of each stage that has its own repeat; the name is "" for plain steps."""
    return [(p.name, p.repeat) for p in m.stages if p.repeat]


def routine_facts(seq: Sequence, L: Labels) -> list[Fact]:
    """How often and the routine's running time."""
    out = []
    if seq.how_often:
        out.append(Fact("how_often", L("how_often"), seq.how_often, markup=True))
    if seq.duration_minutes:
        out.append(Fact("time", L("time"), about(seq.duration_minutes, L)))
    return out


def by_level(cautions: Iterable[Caution]) -> list[tuple[str, list[Caution]]]:
    """Cautions grouped by level, most serious level first, each group in the given order."""
    groups: dict[str, list[Caution]] = {}
    for c in cautions:
        groups.setdefault(c.level, []).append(c)
    return [(level, groups[level]) for level in sorted(groups, key=_level_rank)]


def stop_first(cautions: Iterable[Caution]) -> tuple[list[Caution], list[tuple[str, list[Caution]]]]:
    """The stop-level cautions (shown where a reader sees them before starting), then the
    others grouped by level, most serious first (see :func:`by_level`)."""
    groups = by_level(cautions)
    stop = [c for level, cs in groups if level == "stop" for c in cs]
    return stop, [(level, cs) for level, cs in groups if level != "stop"]


def own_cautions(m: Movement, shown: Iterable[Caution]) -> list[Caution]:
    """The cautions of a movement that are not among ``shown`` (the program cautions a page
    already states), in the movement's order."""
    shown = tuple(shown)
    return [c for c in m.cautions if c not in shown]


def _level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else 1


def qr_choice(program: Program, movements: Iterable[Movement], L: Labels) -> tuple[str | None, str | None]:
    """(address, caption) of a page's QR code: the website, else the first movement video."""
    if program.contact.website:
        return program.contact.website, L("scan_for_website")
    for m in movements:
        if m.video:
            return m.video, L("scan_for_video", name=plain_inline(m.name))
    return None, None


def short_url(url: str) -> str:
    """A URL as printed beside its QR code: no scheme, no trailing slash."""
    for prefix in ("https://", "http://"):
        if url.lower().startswith(prefix):
            url = url[len(prefix):]
    if url.lower().startswith("www."):
        url = url[4:]
    return url.rstrip("/")
