"""Warn about characters the output fonts cannot show, naming file, line and field."""

from __future__ import annotations

import unicodedata

from .. import fonts
from ..errors import Report
from .reader import Source

# Keys whose text never reaches a printed page or slide in a font of ours.
_NOT_TYPESET = {"id", "use", "file", "template", "video", "page_size", "aspect", "accent", "breath",
                "sides", "level", "language", "teaching_notes", "notes", "practice_log_days", "large_print"}


def check_glyphs(sources: list[tuple[Source, tuple]], report: Report) -> None:
    """Add a warning for each text field holding characters missing from the output fonts."""
    for src, prefix in sources:
        _walk(src, src.data, prefix, report)


def _walk(src: Source, value, path: tuple, report: Report) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in _NOT_TYPESET:
                _walk(src, v, path + (k,), report)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk(src, v, path + (i,), report)
    elif isinstance(value, str):
        message = missing_glyphs(value)
        if message:
            report.warn(src.loc(path), path, message)


def missing_glyphs(value: str) -> str | None:
    """ "'X' (U+...) not in the deck font (...)": the characters of ``value`` no output font
    nor fallback font on this machine can show, worded for a warning; None if all can."""
    if value.isascii():
        return None
    # a character a fallback font prints is fine; the deck's apps substitute a font
    # for it the same way (PowerPoint and LibreOffice), so only the rest is missing
    print_missing = [c for c in fonts.missing(value, fonts.PRINT_FILES["regular"]) if fonts.fallback_for(c) is None]
    deck_missing = [c for c in fonts.missing(value, fonts.DECK_METRIC_FILES["regular"]) if fonts.fallback_for(c) is None]
    pm, dm = list(dict.fromkeys(print_missing)), list(dict.fromkeys(deck_missing))
    printed, deck = f"the booklet and handout font ({fonts.PRINT_FAMILY})", f"the deck font ({fonts.DECK_FONT_NAME})"
    left_out, boxed = "the booklet and handouts leave it out", "the slides show an empty box"
    said = []
    for chars, font, effect in (([c for c in pm if c in dm], f"{printed} or {deck}", f"{left_out}, {boxed}"),
                                ([c for c in pm if c not in dm], printed, left_out),
                                ([c for c in dm if c not in pm], deck, boxed)):
        if chars:
            shown = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed').lower()})" for c in chars[:5])
            more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
            said.append(f"{shown}{more} not in {font}: {effect}")
    return "; ".join(said) or None
