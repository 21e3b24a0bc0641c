"""What the build says on the console (in English: the tool's own language, not the outputs')."""

from __future__ import annotations

from typing import Mapping

from .targets import Note

CONSOLE = {
    "for_folders": "{folders}: {line}",
    "and_more": "{shown} and {more} more",
    "cover_picture_left_out": (
        "booklet: the cover picture {picture} is left out of the booklet's cover: its title, subtitle and the "
        "client's name fill the page (a shorter subtitle, or a smaller title, leaves it room)"
    ),
    "print_booklet": (
        "To print booklet-print.pdf: print double-sided on {paper} paper at actual size (100%, no "
        "'fit to page'), flip on the short edge, then fold the stack in half and staple along the fold. "
        "If the back sides come out upside down, print again choosing 'flip on the long edge'."
    ),
    "print_signatures": (
        "To print booklet-print.pdf: it is {count} stacks of sheets ({sheets} sheets each), one after another. Print "
        "double-sided on {paper} paper at actual size (100%, no 'fit to page'), flip on the short edge; fold each "
        "stack in half on its own and staple it along the fold, then lay the stacks in order (or have them bound)."
    ),
    "print_perfect": (
        "To print booklet-print.pdf for perfect binding: print double-sided on {paper} paper at actual size, flip on "
        "the short edge, cut the stack in half down the middle, lay the right-hand half under the left-hand half, "
        "and glue or bind the spine."
    ),
    "print_too_many_sheets": (
        "booklet-print.pdf would be {sheets} sheets folded into one stack: more than a stapler goes through "
        "(about {limit}). It is split into stacks stapled one by one; set `binding: perfect` under `booklet:` to "
        "print for perfect binding instead, or `binding: saddle` to keep one stack."
    ),
    "print_creep": (
        "booklet-print.pdf moves the pages of inner sheets toward the fold ({mm} mm a sheet, the paper thickness "
        "`paper_thickness_mm` under `booklet:`), so the outer margins stay even once the folded stack is trimmed."
    ),
    "print_big_paper": (
        "booklet-print.pdf needs {paper} paper (two {size} pages side by side), larger than most home and office "
        "printers take. For a printer that takes {home} at most, choose `page_size: {smaller}` under `booklet:`, "
        "or print booklet.pdf one page a sheet."
    ),
    "low_resolution": (
        "{output}: the picture {picture} has too few pixels to fill its frame on the page \"{page}\" sharply "
        "({ppi} ppi), so it is printed smaller; a file of at least {pixels} pixels wide would fill it"
    ),
    "low_resolution_slide": (
        "{output}: the picture {picture} has too few pixels to fill its frame on slide {slide} sharply "
        "({ppi} ppi), so it is shown smaller; a file of at least {pixels} pixels wide would fill it"
    ),
}


def say(note: Note, where: Mapping[str, object] | None = None) -> str:
    """The console line of a note; a note about a picture starts with the place the YAML names it
    (``where``: picture name -> its location), as a problem does."""
    line = CONSOLE[note.key].format(**dict(note.params))
    loc = (where or {}).get(dict(note.params).get("picture"))
    return f"{loc}: {line}" if loc else line


def picture_places(programs) -> dict[str, object]:
    """Picture name -> where the YAML first names it, over ``programs``."""
    out: dict[str, object] = {}
    for prog in programs:
        for img in prog.images:
            if img.loc is not None:
                out.setdefault(img.name, img.loc)
    return out
