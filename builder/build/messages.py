"""What the build says on the console (in English: the tool's own language, not the outputs')."""

from __future__ import annotations

from .targets import Note

CONSOLE = {
    "print_booklet": (
        "To print booklet-print.pdf: print double-sided on {paper} paper at actual size (100%, no "
        "'fit to page'), flip on the short edge, then fold the stack in half and staple along the fold. "
        "If the back sides come out upside down, print again choosing 'flip on the long edge'."
    ),
    "low_resolution": (
        "{output}: the picture {picture} has too few pixels to fill its frame on the page \"{page}\" sharply "
        "({ppi} ppi), so it is printed smaller; a file of at least {pixels} pixels wide would fill it"
    ),
}


def say(note: Note) -> str:
    """The console line of a note."""
    return CONSOLE[note.key].format(**dict(note.params))
