"""The label catalogues of the other languages: finding, reading and checking ``.po`` files.

English is the source (:mod:`.catalogue`). Every other language is a gettext catalogue,
``<code>.po`` (``de.po``, ``pt_BR.po``): each message's ``msgctxt`` is the label id,
``msgid`` the English words (``msgid_plural`` for a counted label) and ``msgstr`` the
translation. movebook ships catalogues in ``locale/`` beside this file; a workspace may
hold its own in ``labels/`` (a language movebook lacks, or different words for one it
has), which come first. Catalogues are read when first needed, with Babel, and kept for
the process: there is no build step. ``scripts/update_catalogues.py`` keeps the shipped
ones in step with the source catalogue.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from .catalogue import ENGLISH

LOCALE_DIR = Path(__file__).with_name("locale")
"""The shipped catalogues: ``<code>.po`` per language, and the template ``messages.pot``."""

WORKSPACE_FOLDER = "labels"
"""A workspace's own catalogues: ``<workspace>/labels/<code>.po``."""

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
"""Plural rules a new catalogue starts with, where they differ from Babel's."""

FORMAT_LOCALE = {"pt": "pt_PT"}
"""Catalogue code -> Babel locale for dates and numbers, where they differ (Babel's ``pt`` is Brazil's)."""

_PLURAL_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


# ---- the source catalogue's labels ---------------------------------------------------------


def english_forms(key: str) -> tuple[str, ...]:
    """The English words of a label: one text, or its singular and plural forms."""
    text = ENGLISH[key]
    return (text,) if isinstance(text, str) else tuple(text)


def is_plural(key: str) -> bool:
    """Whether the label is counted (has singular and plural forms)."""
    return not isinstance(ENGLISH[key], str)


def placeholders(text: str) -> set[str] | None:
    """The ``{name}`` placeholders of a label text; None if its braces are malformed or a
    placeholder is more than a name (``{n:>10}``, ``{n!r}``: a format the words cannot know)."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return None
    if any(spec or conv for _, spec, conv in fields):
        return None
    return {name for name, _, _ in fields}


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


# ---- reading a catalogue ------------------------------------------------------------------


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
    shipped: bool = True


class CatalogueError(Exception):
    """A ``.po`` file that cannot be read; ``line`` counts from 1 (0: the whole file)."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def read_catalogue(path: Path, code: str, shipped: bool = True) -> Catalogue:
    """Read a ``.po`` file whose messages are keyed by label id (``msgctxt``)."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        data = path.read_bytes()
        _check_lines(path, data.decode("utf-8"))
        cat = read_po(io.BytesIO(data), locale=None, domain="movebook", abort_invalid=True)
    except PoFileError as exc:
        raise CatalogueError(path, exc.lineno + 1, f"not a catalogue line the way gettext writes them: {exc.line.strip()!r}") from None
    except (UnicodeDecodeError, LookupError) as exc:
        raise CatalogueError(path, 0, f"cannot be read as UTF-8 text ({exc}); save it as UTF-8") from None
    except OSError as exc:
        raise CatalogueError(path, 0, f"cannot be read: {exc.strerror or exc}") from None
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
    return Catalogue(code, path, words, plural_forms, tuple(problems[k] for k in ENGLISH if k in problems), shipped)


_PO_LINE = re.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')


def _check_lines(path: Path, text: str) -> None:
    """Refuse a line Babel would read wrongly without a word (it drops the last letter of a
    text whose closing quote is missing): every line is blank, a comment, or a quoted text."""
    for i, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s and not s.startswith("#") and not _PO_LINE.match(line):
            raise CatalogueError(path, i, f"`{s}` is not a catalogue line: write the words in double quotes, "
                                          'as in  msgstr "Schritte", and a quote inside them as \\"')


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


# ---- finding the catalogue of a language --------------------------------------------------


def available(folder: Path | None = None) -> list[str]:
    """The codes of the shipped catalogues ("de", "pt_BR", ...) and of the workspace's, sorted."""
    found = {p.stem for p in LOCALE_DIR.glob("*.po")}
    if folder is not None and folder.is_dir():
        found |= {p.stem for p in folder.glob("*.po")}
    return sorted(found)


@functools.lru_cache(maxsize=None)
def catalogue(code: str) -> Catalogue | None:
    """The shipped catalogue ``locale/<code>.po``, read once per process; None if there is none."""
    path = LOCALE_DIR / f"{code}.po"
    if not path.is_file():
        return None
    return read_catalogue(path, code)


@functools.lru_cache(maxsize=16)
def _workspace_catalogue(path: Path, code: str, stamp: tuple[int, int]) -> Catalogue:
    return read_catalogue(path, code, shipped=False)


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


def find(tag: str, folder: Path | None = None) -> tuple[str, Catalogue | None] | None:
    """The catalogue for a language tag: (code, catalogue), the catalogue None for plain
    English; None when there is no catalogue. The workspace's ``folder`` comes first.
    Raises :class:`CatalogueError` for a workspace catalogue that cannot be read."""
    for code in candidates(tag):
        own = folder / f"{code}.po" if folder is not None else None
        if own is not None and own.is_file():
            st = own.stat()
            return code, _workspace_catalogue(own, code, (st.st_mtime_ns, st.st_size))
        if code == SOURCE_LANGUAGE:
            return code, None
        cat = catalogue(code)
        if cat is not None:
            return code, cat
    return None


def resolve(tag: str, folder: Path | None = None) -> str | None:
    """The catalogue code for a language tag (``de-CH`` -> "de", ``pt-BR`` -> "pt_BR"), or None."""
    found = find(tag, folder)
    return found[0] if found else None


def stamp(tag: str, folder: Path | None) -> tuple:
    """Changes when a workspace catalogue the tag may use appears, changes or goes."""
    if folder is None:
        return ()
    out = []
    for code in candidates(tag):
        try:
            st = (folder / f"{code}.po").stat()
        except OSError:
            continue
        out.append((code, st.st_mtime_ns, st.st_size))
    return tuple(out)


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
    try:
        return str(Locale.parse(FORMAT_LOCALE.get(code, code)))
    except Exception:  # noqa: BLE001 - a workspace catalogue for a language Babel does not know
        return SOURCE_LANGUAGE


def language_problems(tag: str, folder: Path | None = None) -> list[str]:
    """What a build in ``tag`` should warn about, worded for the teacher (empty if nothing).

    A language without a catalogue builds in English; a catalogue with untranslated labels
    prints those in English. Raises :class:`CatalogueError` for an unreadable workspace catalogue.
    """
    found = find(tag, folder)
    if found is None:
        have = ", ".join(c.replace("_", "-") for c in available(folder))
        return [f"there are no labels in `{tag}` yet, so the fixed words of the outputs print in English "
                f"(labels exist for {have}; to add `{tag}`, put a translated {candidates(tag)[-1]}.po in "
                f"{WORKSPACE_FOLDER}/: see docs/translating.md)"]
    code, cat = found
    if cat is not None and cat.problems:
        where = cat.path.name if cat.shipped else f"{WORKSPACE_FOLDER}/{cat.path.name}"
        shown = "; ".join(cat.problems[:3]) + (f"; and {len(cat.problems) - 3} more" if len(cat.problems) > 3 else "")
        return [f"the `{code}` labels ({where}) are incomplete, so these print in English: {shown}"]
    return []


def workspace_file(tag: str, folder: Path | None) -> Path | None:
    """The workspace catalogue a program in ``tag`` uses, if any (an input of its outputs)."""
    found = find(tag, folder)
    if found and found[1] is not None and not found[1].shipped:
        return found[1].path
    return None
