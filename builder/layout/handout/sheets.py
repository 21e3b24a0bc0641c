"""What each handout shows, before layout: one :class:`Sheet` per routine.

A sheet is the planner's whole input for one routine's pages: its title and facts, its
movements (:class:`Entry`, each a movement with the dose to print and an optional personal
line), its notes and cautions, the QR code and the options the pages are set with. A
program's sheets come from :func:`program_sheets`; a client's handout (a selection of
movements with their own doses, a personal note, the client's name and the date, in their
language and print size) is a sheet built the same way from the client's data and planned by
:func:`builder.layout.handout.plan_sheets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...compose import facts
from ...compose.labels import Labels, labels_for
from ...model import Caution, Image, Movement, Program, right_to_left


@dataclass(frozen=True)
class Entry:
    """A movement on a handout. Dose overrides are already in ``movement`` (a client's repeat
    or sides replace the program's with :func:`dataclasses.replace`); ``note`` is a personal
    line printed with it."""

    movement: Movement
    note: str | None = None


@dataclass(frozen=True)
class Options:
    """How a handout is set: page size, large print, accent colour, language and labels."""

    page_size: str
    large_print: bool
    accent: str
    language: str
    labels: Labels
    title: str  # the document's title and author (PDF metadata)
    author: str = ""

    @property
    def rtl(self) -> bool:
        """The language reads right to left (its pages are mirrored)."""
        return right_to_left(self.language)

    @classmethod
    def of(cls, program: Program, **changes) -> "Options":
        L = labels_for(program)
        base = dict(page_size=program.handout.page_size, large_print=program.booklet.large_print,
                    accent=program.theme.accent, language=program.language, labels=L,
                    title=L("handout_title", title=program.title),
                    author=program.author or program.organisation or "")
        base.update(changes)
        return cls(**base)


@dataclass(frozen=True)
class Contact:
    """The footer: who, how to reach them, and the QR code with its caption."""

    who: tuple[str, ...] = ()  # author, organisation
    reach: tuple[str, ...] = ()  # e-mail, phone (and the website when there is no QR code)
    address: str | None = None
    qr_url: str | None = None
    qr_caption: str | None = None
    logo: Image | None = None


@dataclass(frozen=True)
class Sheet:
    """One routine's handout pages, before layout."""

    key: str  # what it comes from, e.g. "sequences[1]"
    title: str
    short_title: str  # said instead of the title where a very long title would not fit (running header)
    kicker: str | None  # the small accent line above the title
    facts: tuple[facts.Fact, ...]  # how often, time
    entries: tuple[Entry, ...]
    cautions: tuple[Caution, ...]  # stop ones near the top, the others grouped after the movements
    contact: Contact
    opening: str | None = None
    closing: str | None = None
    subline: str | None = None  # plain words under the title ("All movements, in the order they are taught")
    byline: str | None = None  # a worded line under the title (a client's name and the date)
    note: str | None = None  # a personal note, shown before the movements
    first_number: int = 1  # the number of the first movement


def contact_of(program: Program, movements, L: Labels) -> Contact:
    c = program.contact
    qr_url, qr_caption = facts.qr_choice(program, movements, L)
    who = tuple(v for v in (program.author, program.organisation) if v)
    reach = [v for v in (c.email, c.phone) if v]
    if c.website and not qr_url:
        reach.append(facts.short_url(c.website))
    return Contact(who, tuple(reach), c.address, qr_url, qr_caption, program.logo)


def program_sheets(program: Program) -> list[Sheet]:
    """One sheet per sequence; without sequences one sheet of every movement in teaching order
    (with none either, a sheet of the title, cautions and contact: never an empty handout)."""
    L = labels_for(program)
    client = program.client
    out = []
    for i, seq in enumerate(program.sequences):
        if client is not None:  # a client's own sheet: their name and the day, the teacher's note, personal lines
            day = L.date(client.date).replace(" ", "\u00a0")  # one unit: never "November" and "20, 2026" on two lines
            byline = L("prepared_for", name=client.name) + " · " + L("prepared_on", date=day)
            entries = tuple(Entry(m, client.notes.get(m.id)) for m in seq.movements)
        else:
            byline, entries = None, tuple(Entry(m) for m in seq.movements)
        out.append(Sheet(
            key=f"sequences[{i}]", title=seq.name, short_title=L("routine_number", number=i + 1),
            kicker=program.title, facts=tuple(facts.routine_facts(seq, L)),
            entries=entries, cautions=program.cautions,
            contact=contact_of(program, seq.movements, L), opening=seq.opening, closing=seq.closing,
            byline=byline, note=client.note if client is not None else None,
        ))
    if not out:
        out.append(Sheet(
            key="movements", title=program.title, short_title=L("movements"), kicker=program.subtitle,
            facts=(), entries=tuple(Entry(m) for m in program.movements), cautions=program.cautions,
            contact=contact_of(program, program.movements, L),
            subline=L("all_movements") if program.movements else None,
        ))
    return out
