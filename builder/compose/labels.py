"""Every fixed word the outputs print, looked up by id: one catalogue, plural forms included.

Output code never holds a phrase of its own; it asks a :class:`Labels` for one by id::

    L = labels_for(program)
    L("practice_log")                  # "Practice log"
    L("movement_number", number=3)     # "Movement 3"
    L.plural("label_id", n, n=n)       # a counted label: its singular or plural form

The English words are the source catalogue (:mod:`.catalogue`). Placeholders are written
``{name}`` (Python's brace format); a label given ``**params`` is formatted with them.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Mapping

from .catalogue import ENGLISH, Plural


@dataclass(frozen=True)
class Labels:
    """The fixed words of one program's outputs, in its language, with its own overrides.

    ``words`` maps a label id to its text (or plural forms); ids it lacks fall back to
    :data:`ENGLISH`. Calling the object looks a label up and fills its placeholders.
    """

    language: str = "en"
    words: Mapping[str, str | Plural] = field(default_factory=dict)

    def __call__(self, key: str, /, **params) -> str:
        text = self.words.get(key, ENGLISH[key])
        if isinstance(text, tuple):
            text = text[0]
        return text.format(**params) if params else text

    def plural(self, key: str, count: int, /, **params) -> str:
        """The form of a counted label for ``count`` (English: singular for 1, else plural)."""
        forms = self.words.get(key, ENGLISH[key])
        if isinstance(forms, str):
            forms = (forms, forms)
        text = forms[0] if count == 1 else forms[1]
        return text.format(**params) if params else text


ENGLISH_LABELS = Labels()


def placeholders(text: str) -> set[str] | None:
    """The ``{name}`` placeholders of a label text; None if its braces are malformed."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def labels_for(program) -> Labels:
    """The labels of a program's outputs: the catalogue's words, with the program's own ``labels:``."""
    if not program.labels:
        return ENGLISH_LABELS
    return Labels(program.language, dict(program.labels))
