"""Every fixed word the outputs print, looked up by id, in the program's language.

Output code never holds a phrase of its own; it asks a :class:`Labels` for one by id::

    L = labels_for(program)
    L("practice_log")                  # "Practice log" / "Übungstagebuch"
    L("movement_number", number=3)     # "Movement 3" / "Bewegung 3"
    L.plural("label_id", n, n=n)       # a counted label, in the form the language uses for n
    L.date(day)                        # "March 5, 2026" / "5. März 2026"
    L.number(1234.5)                   # "1,234.5" / "1.234,5"

The English words are the source catalogue (:mod:`.catalogue`). The other languages are
gettext catalogues, ``locale/<code>.po`` beside this file (``de.po``, ``pt_BR.po``): each
message's ``msgctxt`` is the label id, ``msgid`` the English words, ``msgstr`` the
translation. They are read when first needed (no build step) and kept for the process.
Placeholders are written ``{name}`` (Python's brace format); a label given ``**params``
is formatted with them. ``scripts/update_catalogues.py`` brings every ``.po`` up to date
with the source catalogue.
"""

from __future__ import annotations

import functools
import gettext
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from .catalogue import ENGLISH, Plural

LOCALE_DIR = Path(__file__).with_name("locale")
"""The shipped catalogues: ``<code>.po`` per language, and the template ``messages.pot``."""

SOURCE_LANGUAGE = "en"
"""The language of :data:`ENGLISH`; its ``en.po`` is the identity catalogue."""

ENGLISH_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

PLURAL_FORMS = {
    # Babel 2.19's rules for these (from CLDR) have a third, "many" form, for round
    # millions ("1 000 000 d'exercices"), at index 1, before the ordinary plural; labels
    # never count that high, so their catalogues use the usual two gettext forms.
    "fr": "nplurals=2; plural=(n > 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "pt": "nplurals=2; plural=(n != 1);",  # Portugal: 0 takes the plural, unlike Brazil
    "es": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "ca": "nplurals=2; plural=(n != 1);",
}
"""Plural rules used when a new catalogue is started (``update_catalogues.py --add``)."""

FORMAT_LOCALE = {"pt": "pt_PT"}
"""Catalogue code -> Babel locale for dates and numbers, where they differ (Babel's ``pt`` is Brazil's)."""

_PLURAL_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


def english_forms(key: str) -> tuple[str, ...]:
    """The English words of a label: one text, or its singular and plural forms."""
    text = ENGLISH[key]
    return (text,) if isinstance(text, str) else tuple(text)


def is_plural(key: str) -> bool:
    """Whether the label is counted (has singular and plural forms)."""
    return not isinstance(ENGLISH[key], str)


def placeholders(text: str) -> set[str] | None:
    """The ``{name}`` placeholders of a label text; None if its braces are malformed."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def allowed_placeholders(key: str) -> set[str]:
    """The placeholders a label's words may use: those of its English forms."""
    out: set[str] = set()
    for form in english_forms(key):
        out |= placeholders(form) or set()
    return out


def sections() -> dict[str, str]:
    """Label id -> the section of the source catalogue it is written in ("booklet", "deck", ...).

    Read from the ``# ---- name`` comments of :mod:`.catalogue`, for translators and listings.
    """
    import ast

    from . import catalogue as source

    text = Path(source.__file__).read_text(encoding="utf-8")
    heads = {}
    for i, line in enumerate(text.splitlines(), 1):
        m = re.match(r"\s*#\s*-{2,}\s*(.+?)\s*$", line)
        if m:
            heads[i] = re.sub(r"\s*\(.*\)$", "", m.group(1))
    out = {}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Dict):
            for k in node.keys:
                if isinstance(k, ast.Constant) and k.value in ENGLISH:
                    above = [h for h in heads if h < k.lineno]
                    out[k.value] = heads[max(above)] if above else ""
    return out


# ---- catalogues ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """One language's translated labels, read from its ``.po`` file.

    ``words`` holds only usable translations (not empty, not marked fuzzy, placeholders
    as in English); ``problems`` names the labels left out and why, for a warning.
    """

    code: str
    path: Path
    words: Mapping[str, str | tuple[str, ...]]
    plural_forms: str
    problems: tuple[str, ...] = ()


def available() -> list[str]:
    """The codes of the shipped catalogues ("de", "pt_BR", ...), sorted."""
    return sorted(p.stem for p in LOCALE_DIR.glob("*.po"))


@functools.lru_cache(maxsize=None)
def catalogue(code: str) -> Catalogue | None:
    """The shipped catalogue ``locale/<code>.po``, read once per process; None if there is none."""
    path = LOCALE_DIR / f"{code}.po"
    if not path.is_file():
        return None
    return read_catalogue(path, code)


def read_catalogue(path: Path, code: str) -> Catalogue:
    """Read a ``.po`` file whose messages are keyed by label id (``msgctxt``)."""
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        cat = read_po(f, locale=None, domain="movebook")
    plural_forms = _plural_forms(cat.mime_headers, code)
    nplurals = int(_PLURAL_HEADER.match(plural_forms).group(1))
    words: dict[str, str | tuple[str, ...]] = {}
    problems: dict[str, str] = {}
    for msg in cat:
        key = msg.context
        if not msg.id or key not in ENGLISH:
            continue
        forms = (msg.string,) if isinstance(msg.string, str) else tuple(msg.string)
        needed = nplurals if is_plural(key) else 1
        if msg.fuzzy or len(forms) < needed or not all(s.strip() for s in forms[:needed]):
            problems[key] = f"`{key}` is not translated" + (" (marked fuzzy: check it, then remove the mark)" if msg.fuzzy else "")
            continue
        allowed = allowed_placeholders(key)
        bad = [s for s in forms[:needed] if placeholders(s) is None or not placeholders(s) <= allowed]
        if bad:
            names = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "no {…} placeholders"
            problems[key] = f"`{key}` is written `{bad[0]}`; it takes {names}"
            continue
        words[key] = forms[:needed] if is_plural(key) else forms[0]
    for key in ENGLISH:
        if key not in words and key not in problems:
            problems[key] = f"`{key}` is not translated"
    return Catalogue(code, path, words, plural_forms, tuple(problems[k] for k in ENGLISH if k in problems))


def _plural_forms(headers: list[tuple[str, str]], code: str) -> str:
    """The catalogue's Plural-Forms header if it is a real rule, else the language's usual rule."""
    for name, value in headers:
        if name.lower() == "plural-forms" and _PLURAL_HEADER.match(value) and "INTEGER" not in value:
            return value.strip()
    return default_plural_forms(code)


def default_plural_forms(code: str) -> str:
    """The plural rule a new catalogue for ``code`` starts with: :data:`PLURAL_FORMS`, else Babel's."""
    if code in PLURAL_FORMS:
        return PLURAL_FORMS[code]
    from babel.messages.catalog import Catalog

    try:
        return Catalog(locale=code).plural_forms
    except Exception:  # noqa: BLE001 - a code Babel does not know: the English rule
        return ENGLISH_PLURAL_FORMS


@functools.lru_cache(maxsize=None)
def plural_rule(plural_forms: str) -> Callable[[int], int]:
    """The function a Plural-Forms header describes: count -> index of the form to use."""
    m = _PLURAL_HEADER.match(plural_forms)
    nplurals = int(m.group(1))
    rule = gettext.c2py(m.group(2))
    return lambda n: min(max(int(rule(n)), 0), nplurals - 1)


# ---- choosing a language ------------------------------------------------------------------


def _subtags(tag: str) -> tuple[str, str | None, str | None]:
    """(language, script, region) of a BCP 47 tag: ``de-CH`` -> ("de", None, "CH")."""
    parts = tag.replace("_", "-").split("-")
    lang, script, region = parts[0].lower(), None, None
    for p in parts[1:]:
        if len(p) == 4 and p.isalpha() and script is None and region is None:
            script = p.title()
        elif (len(p) == 2 and p.isalpha() or len(p) == 3 and p.isdigit()) and region is None:
            region = p.upper()
    return lang, script, region


def candidates(tag: str) -> list[str]:
    """Catalogue codes to try for a language tag, most specific first: ``de-CH`` -> de_CH, de."""
    lang, script, region = _subtags(tag)
    out = []
    for parts in ((lang, script, region), (lang, script), (lang, region), (lang,)):
        if all(parts):
            code = "_".join(parts)
            if code not in out:
                out.append(code)
    return out


def resolve(tag: str) -> str | None:
    """The catalogue code for a language tag (``de-CH`` -> "de", ``pt-BR`` -> "pt_BR"), or None."""
    for code in candidates(tag):
        if code == SOURCE_LANGUAGE or catalogue(code) is not None:
            return code
    return None


def format_locale(tag: str, code: str | None) -> str:
    """The Babel locale for a program's dates and numbers: its own tag where Babel knows it
    (``de-CH`` prints Swiss dates), else its catalogue's; English when it has no catalogue."""
    if code is None:
        return SOURCE_LANGUAGE
    from babel import Locale

    for c in candidates(tag):
        if c == code:
            break
        try:
            Locale.parse(c)
            return c
        except Exception:  # noqa: BLE001 - unknown to Babel: try a shorter tag
            continue
    return FORMAT_LOCALE.get(code, code)


def language_problems(tag: str) -> list[str]:
    """What a build in ``tag`` should warn about, worded for the teacher (empty if nothing).

    For the loader: a language without a catalogue builds in English; a catalogue with
    untranslated labels prints those in English.
    """
    code = resolve(tag)
    if code is None:
        have = ", ".join(c.replace("_", "-") for c in available())
        return [f"there are no labels in `{tag}` yet, so the fixed words of the outputs print in English "
                f"(labels exist for {have}; docs/translating.md shows how to add a language)"]
    cat = catalogue(code) if code != SOURCE_LANGUAGE else None
    if cat is not None and cat.problems:
        shown = "; ".join(cat.problems[:3]) + (f"; and {len(cat.problems) - 3} more" if len(cat.problems) > 3 else "")
        return [f"the `{code}` labels ({cat.path.name}) are incomplete, so these print in English: {shown}"]
    return []


# ---- the labels of one program ------------------------------------------------------------


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


def labels_in(tag: str, overrides: Mapping[str, str] | None = None) -> Labels:
    """The labels of language ``tag`` (English without a catalogue), with ``overrides`` on top."""
    return _labels_in(tag, tuple(sorted((overrides or {}).items())))


@functools.lru_cache(maxsize=64)
def _labels_in(tag: str, overrides: tuple[tuple[str, str], ...]) -> Labels:
    code = resolve(tag)
    cat = catalogue(code) if code and code != SOURCE_LANGUAGE else None
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


def labels_for(program) -> Labels:
    """The labels of a program's outputs: its language's catalogue, with the program's own ``labels:``."""
    return labels_in(program.language or SOURCE_LANGUAGE, program.labels)
