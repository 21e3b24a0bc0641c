"""Every fixed word the outputs print, looked up by id, in the program's language.

Output code never holds a phrase of its own; it asks a :class:`Labels` for one by id::

    L = labels_for(program)
    L("practice_log")                  # "Practice log" / "Übungstagebuch"
    L("movement_number", number=3)     # "Movement 3" / "Bewegung 3"
    L.plural("label_id", n, n=n)       # a counted label, in the form the language uses for n
    L.date(day)                        # "March 5, 2026" / "5. März 2026"
    L.number(1234.5)                   # "1,234.5" / "1.234,5"

The English words are the source catalogue (:mod:`.catalogue`); the other languages are
gettext catalogues (:mod:`.translations`). Placeholders are written ``{name}`` (Python's
brace format); a label given ``**params`` is formatted with them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .catalogue import ENGLISH, Plural  # noqa: F401 - re-exported
from .translations import (  # noqa: F401 - re-exported: the labels API in one place
    ENGLISH_PLURAL_FORMS,
    SOURCE_LANGUAGE,
    WORKSPACE_FOLDER,
    allowed_placeholders,
    available,
    candidates,
    english_forms,
    find,
    format_locale,
    is_plural,
    language_problems,
    placeholders,
    plural_rule,
    resolve,
    sections,
    stamp,
)


@dataclass(frozen=True)
class Labels:
    """The fixed words of one program's outputs, in its language, with its own overrides.

    ``language`` is the program's tag; ``catalogue`` the code of the catalogue it uses
    ("en" when it has none). ``words`` maps a label id to its text (or plural forms); ids
    it lacks fall back to :data:`ENGLISH`. ``plural_forms`` is the catalogue's gettext
    rule, ``locale`` the Babel locale for dates and numbers.
    """

    language: str = SOURCE_LANGUAGE
    words: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)
    catalogue: str = SOURCE_LANGUAGE
    plural_forms: str = ENGLISH_PLURAL_FORMS
    locale: str = SOURCE_LANGUAGE

    def __call__(self, key: str, /, **params) -> str:
        text = self.words.get(key, ENGLISH[key])
        if isinstance(text, tuple):
            text = text[0]
        return text.format(**params) if params else text

    def plural(self, key: str, count: int, /, **params) -> str:
        """The form of a counted label for ``count``, by the language's plural rule."""
        forms = self.words.get(key)
        if forms is None:
            forms, rule = english_forms(key), plural_rule(ENGLISH_PLURAL_FORMS)
        else:
            rule = plural_rule(self.plural_forms)
        if isinstance(forms, str):  # an override: one text for every count
            text = forms
        else:
            text = forms[min(rule(count), len(forms) - 1)]
        return text.format(**params) if params else text

    def date(self, day, form: str = "long") -> str:
        """A date as the language writes it: ``form`` is "long" (5. März 2026), "medium" or "short"."""
        from babel.dates import format_date

        return format_date(day, format=form, locale=self.locale)

    def number(self, value, digits: int | None = None) -> str:
        """A number as the language writes it (1,234.5 / 1.234,5); ``digits``: fixed decimals."""
        from babel.numbers import format_decimal

        pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)


ENGLISH_LABELS = Labels()


def labels_in(tag: str, overrides: Mapping[str, str] | None = None, folder: Path | None = None) -> Labels:
    """The labels of language ``tag`` (English without a catalogue), with ``overrides`` on top;
    ``folder``: a workspace's own catalogues (``labels/``), which come before the shipped ones."""
    return _labels_in(tag, tuple(sorted((overrides or {}).items())), folder, stamp(tag, folder))


@functools.lru_cache(maxsize=64)
def _labels_in(tag: str, overrides: tuple[tuple[str, str], ...], folder: Path | None, _stamp: tuple) -> Labels:
    found = find(tag, folder)
    code, cat = found if found else (None, None)
    if cat is None and not overrides and tag == SOURCE_LANGUAGE:
        return ENGLISH_LABELS
    words = dict(cat.words) if cat else {}
    words.update(overrides)
    return Labels(
        language=tag,
        words=words,
        catalogue=code or SOURCE_LANGUAGE,
        plural_forms=cat.plural_forms if cat else ENGLISH_PLURAL_FORMS,
        locale=format_locale(tag, code),
    )


def workspace_labels(workspace: Path | None) -> Path | None:
    """A workspace's folder of its own catalogues (``<workspace>/labels``), or None."""
    return workspace / WORKSPACE_FOLDER if workspace is not None else None


def labels_for(program) -> Labels:
    """The labels of a program's outputs: its language's catalogue (the workspace's own first),
    with the program's own ``labels:`` on top."""
    return labels_in(program.language or SOURCE_LANGUAGE, program.labels, workspace_labels(program.workspace))
