"""Speaker notes: what the teacher reads, as plain text, once per movement or section.

The full script of a movement (steps with breath, teaching notes, cautions, timing) is in
the notes of its first slide; a continuation slide's notes hold the script of what it
shows (its steps with their breath, its cues and the steps they teach), not the rest again.
"""

from __future__ import annotations

from ...compose import facts
from ...compose.labels import Labels
from ...compose.script import caution_line, movement_script, stage_script
from ...model import Movement, Program, Section, Sequence
from ...model.markdown import plain, plain_inline


def cover(p: Program, L: Labels) -> str:
    notes = [L("note_welcome", title=p.title)]
    if p.subtitle:
        notes.append(plain(p.subtitle))
    who = L("list_separator").join(x for x in (p.author, p.organisation) if x)
    if who:
        notes.append(L("note_presented_by", who=who))
    if p.duration_minutes:
        notes.append(L("note_total_time", time=facts.about(p.duration_minutes, L)))
    return "\n\n".join(notes)


def agenda(p: Program, L: Labels) -> str:
    notes = [L("note_agenda")]
    for s in p.intro:
        notes.append(f"- {plain_inline(s.heading)}")
    for m in p.movements:
        notes.append(f"- {m.name}" + (f": {m.duration}" if m.duration else ""))
    if p.duration_minutes:  # the movements' own sum, said under them (a routine repeats them: no grand total)
        notes.append(L("note_total_movement_time", time=facts.about(p.duration_minutes, L)))
    for q in p.sequences:
        notes.append("- " + L("note_sequence_item", name=q.name) + (f": {facts.about(q.duration_minutes, L)}" if q.duration_minutes else ""))
    return "\n".join(notes)


def section(s: Section, L: Labels) -> str:
    """The section's teaching notes and its full text (whatever the slides show)."""
    notes = []
    if s.notes:
        notes.append(plain(s.notes))
    if s.text:
        notes.append(L("note_full_text") + "\n" + plain(s.text))
    return "\n\n".join(notes)


def section_continued(title: str, paras, L: Labels) -> str:
    """An intro section's continuation slide: what it shows, to read (the first slide's notes hold the rest)."""
    lines = [L("note_continued_here", title=title)]
    lines += [("- " if p.bullet else "") + p.text for p in paras]
    return "\n".join(lines)


def cautions(cs, L: Labels) -> str:
    return "\n".join([L("note_cautions_lead")] + [caution_line(c, L, upper=True) for c in cs])


def movement(m: Movement, L: Labels) -> str:
    return movement_script(m, L)


def movement_continued(m: Movement, shown: list, L: Labels) -> str:
    """A movement's continuation slide: the script of what it shows.

    ``shown``: the tags of the blocks on this slide
    ("position", ("cue", k) from 0, (stage, step) from 1). Cues bring the steps they
    stand for (the slide teaches the movement by them).
    """
    out = [L("note_continued_here", title=m.name)]
    if "position" in shown and m.position:
        out.append(L("note_starting_position", text=plain(m.position)))
    cues = sorted({t[1] for t in shown if isinstance(t, tuple) and t[0] == "cue"})
    if cues:
        out.append("\n".join("- " + plain_inline(m.cues[k]) for k in cues))
        out += [stage_script(st, L) for st in m.stages]
    steps: dict[int, list[int]] = {}
    for t in shown:
        if isinstance(t, tuple) and isinstance(t[0], int):
            steps.setdefault(t[0], []).append(t[1])
    out += [stage_script(m.stages[k], L, nums) for k, nums in sorted(steps.items())]
    return "\n\n".join(out)


def movement_pictures(m: Movement, pictures, L: Labels) -> str:
    """A slide of a movement's pictures: which movement, and each picture's caption (else its description)."""
    names = "\n".join("- " + plain_inline(img.caption or img.alt) for img in pictures if img.caption or img.alt)
    return "\n\n".join(filter(None, [L("note_continued_here", title=m.name), names]))


def routine(q: Sequence, L: Labels) -> str:
    lines = [L("note_sequence", name=q.name)]
    if q.how_often:
        lines.append(L("note_how_often", text=q.how_often))
    if q.duration_minutes:
        lines.append(L("note_timing_sequence", time=facts.about(q.duration_minutes, L)))
    if q.opening:
        lines.append(L("note_opening", text=plain(q.opening)))
    for k, m in enumerate(q.movements, start=1):
        lines.append(f"{k}. {m.name}" + (f": {m.repeat}" if m.repeat else "") + (f" ({m.duration})" if m.duration else ""))
    if q.closing:
        lines.append(L("note_closing", text=plain(q.closing)))
    return "\n".join(lines)


def closing(p: Program, L: Labels) -> str:
    notes = [L("note_thank")]
    if p.contact:
        notes.append(L("note_contact", text="; ".join(p.contact.lines())))
    if p.disclaimer:
        notes.append(L("note_disclaimer", text=plain(p.disclaimer)))
    return "\n\n".join(notes)
