"""A client: one person's selection of a program's movements, with their own dose and notes.

The loader turns a client file (``content/clients/<id>.yaml``) or a row of
``content/clients.csv`` into a :class:`Client` and a client's own :class:`Program` (see
:func:`client_program`): the program's texts with only the selected movements, in the
client's order, their doses overridden, and one routine of the selection. The booklet and
handout planners plan that program like any other, reading ``program.client`` for what is
personal (the cover's "Prepared for", the teacher's note, the next session).

Client names are personal data: they go into that client's own files only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from ..errors import Loc


@dataclass(frozen=True)
class Client:
    id: str  # the file name (or the CSV's `id`): the client's output folder
    name: str  # printed on the cover: "Prepared for <name>"
    program: str  # the program it starts from: content/<program>.yaml
    source: Path  # the client file, or clients.csv
    date: datetime.date  # printed; the build day when not given
    follow_up: datetime.date | None = None  # "Next session" on the back cover
    note: str | None = None  # the teacher's note, on the first page
    notes: Mapping[str, str] = field(default_factory=dict)  # movement id -> a personal line for this client
    loc: Loc | None = field(default=None, compare=False)


def client_program(program, client: Client, movements: tuple, *, language: str | None = None,
                   large_print: bool | None = None, practice_log_days: int | None = None, routine: str = ""):
    """The program a client's outputs are planned from.

    ``movements`` are the client's selection (already with the client's overrides), in order;
    ``routine`` names the routine of the selection ("Your routine", in the client's language).
    The program's intro and cautions carry over; its routines are replaced by one routine of
    the selection; the client's language, large print and log length override the program's.
    """
    from .program import Sequence

    booklet = program.booklet
    if large_print is not None or practice_log_days is not None:
        booklet = replace(booklet,
                          large_print=booklet.large_print if large_print is None else large_print,
                          practice_log_days=booklet.practice_log_days if practice_log_days is None else practice_log_days)
    routine = Sequence(id="routine", name=routine or program.title, movements=movements, loc=client.loc)
    return replace(
        program,
        name=f"{program.name}/clients/{client.id}",
        movements=movements,
        sequences=(routine,),
        booklet=booklet,
        language=language or program.language,
        client=client,
        sources=tuple(program.sources) + ((client.source,) if client.source.suffix.lower() != ".csv" else ()),
    )
