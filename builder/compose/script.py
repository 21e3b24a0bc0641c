"""The speaker script: what the teacher reads in the deck's notes, as plain text.

Format-neutral: the deck planner places these strings in its slides' notes; every fixed
word comes from the labels, every word of the YAML that is for the teacher is here.
"""

from __future__ import annotations

from ..model import Caution, Movement
from ..model.markdown import plain, plain_inline
from .facts import breath_word, level_word, sides_text
from .labels import Labels


def step_line(number: int, step, L: Labels) -> str:
    """One step as the notes show it: "3. Lift the head. (breathe out)"."""
    text = plain_inline(step.text)
    if step.breath:
        text = L("note_step_breath", text=text, breath=breath_word(step.breath, L))
    return f"{number}. {text}"


def caution_line(c: Caution, L: Labels, upper: bool = False) -> str:
    """"- Caution: Go slowly. Do every movement slowly." (the level word in capitals with ``upper``)."""
    word = level_word(c.level, L)
    level = word.upper() if upper else word
    if c.title:
        return "- " + L("note_caution_titled", level=level, title=c.title, text=plain_inline(c.text))
    return "- " + L("note_caution", level=level, text=plain_inline(c.text))


def stage_script(stage, L: Labels, numbers=None) -> str:
    """A part's steps as the notes show them, under its name ("Steps:" for an unnamed part).

    ``numbers``: only these steps (1-based), the part's repeat after them if its last step is among them.
    """
    name = plain_inline(stage.name) if stage.name else L("steps")
    lines = [L("note_part", name=name)]
    shown = range(1, len(stage.steps) + 1) if numbers is None else sorted(set(numbers))
    for k in shown:
        lines.append(step_line(k, stage.steps[k - 1], L))
    if stage.repeat and len(stage.steps) in shown:
        lines.append(L("note_repeat", text=stage.repeat))
    return "\n".join(lines)


def movement_tail(m: Movement, L: Labels) -> str:
    """Teaching notes, cautions and timing: the part of the script every movement's first slide carries."""
    out = []
    if m.teaching_notes:
        out.append(L("note_teaching") + "\n" + plain(m.teaching_notes))
    if m.cautions:
        out.append(L("note_cautions") + "\n" + "\n".join(caution_line(c, L) for c in m.cautions))
    if m.duration:
        out.append(L("note_timing", time=m.duration))
    return "\n\n".join(out)


def movement_script(m: Movement, L: Labels) -> str:
    """The full speaker script of a movement: nothing from the YAML is lost."""
    out = [m.name]
    if m.summary:
        out.append(plain(m.summary))
    if m.why:
        out.append(L("note_why", text=plain(m.why)))
    if m.targets:
        out.append(L("note_targets", text=L("list_separator").join(m.targets)))
    if m.position:
        out.append(L("note_starting_position", text=plain(m.position)))
    for stage in m.stages:
        out.append(stage_script(stage, L))
    facts = []
    if m.repeat:
        facts.append(L("note_repeat", text=m.repeat))
    sides = sides_text(m, L)
    if sides:
        facts.append(L("note_sides", text=sides))
    if m.video:
        facts.append(L("note_video", text=m.video))
    if facts:
        out.append("\n".join(facts))
    if m.afterwards:
        out.append(L("note_afterwards", text=plain(m.afterwards)))
    tail = movement_tail(m, L)
    if tail:
        out.append(tail)
    return "\n\n".join(out)
