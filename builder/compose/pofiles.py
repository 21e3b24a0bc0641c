"""Writing label catalogues: the gettext template of the source catalogue, and merging it into
a language's ``.po`` (for ``scripts/update_catalogues.py`` and ``movebook labels LANG --translate``).

Reading them is :mod:`.translations`; this module is needed only when a catalogue is written.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from . import translations as tr

WIDTH = 100
"""Line width of the written files (Babel wraps longer texts)."""

FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
"""The date headers a new file gets, so that regenerating changes nothing."""

SECTION_NOTES = {
    "shared by every output": "printed in: every output (booklet, handout, deck)",
    "deck speaker notes": "speaker notes: read by the teacher, not shown to the room",
}

TEMPLATE_HEADER = """\
# The labels of movebook's outputs: the template for a new language.
# Generated from builder/compose/catalogue.py by scripts/update_catalogues.py; do not edit.
# To add a language, see docs/translating.md."""


def _catalog(**kw) -> Catalog:
    from .. import __version__

    return Catalog(project="movebook", version=__version__, domain="movebook", creation_date=FIXED_DATE,
                   revision_date=FIXED_DATE, copyright_holder="the movebook authors", fuzzy=False, **kw)


def template() -> Catalog:
    """The gettext template of the source catalogue, in its order, each label with where it is printed."""
    where = tr.sections()
    cat = _catalog(header_comment=TEMPLATE_HEADER)
    for key, text in tr.ENGLISH.items():
        comments = []
        section = where.get(key, "")
        if section:
            comments.append(SECTION_NOTES.get(section, f"printed in: {section}"))
        names = sorted(tr.allowed_placeholders(key))
        if names:
            comments.append("keep the placeholders: " + ", ".join(f"{{{n}}}" for n in names))
        cat.add(text, context=key, auto_comments=comments)
    return cat


def render(cat: Catalog, **kw) -> bytes:
    """The ``.po`` (or ``.pot``) bytes of a catalogue."""
    buf = io.BytesIO()
    write_po(buf, cat, width=WIDTH, ignore_obsolete=True, include_previous=True, **kw)
    return buf.getvalue()


def same(a: bytes, b: bytes) -> bool:
    """Equal apart from the date headers Babel writes."""
    drop = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*\n', re.M)
    return drop.sub(b"", a) == drop.sub(b"", b)


def read(data: bytes | Path, code: str) -> Catalog:
    """A catalogue for merging (Babel's object, comments and flags kept)."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    return read_po(io.BytesIO(raw), locale=code, domain="movebook")


def merge(cat: Catalog, tmpl: Catalog, code: str, identity: bool | None = None) -> list[str]:
    """Update ``cat`` from the template with Babel's catalogue update; returns the ids it dropped.

    A new label arrives with an empty translation; a label whose English words changed keeps
    its translation marked fuzzy (not used until a translator checks it and removes the mark),
    with the old English as "previous"; a removed label is dropped. ``identity`` (default: for
    ``en``, movebook's own English catalogue) fills every translation with the English.
    """
    tmpl = copy.deepcopy(tmpl)  # Babel's update puts the template's own new messages into ``cat``
    by_context = {m.context: m for m in tmpl if m.id}
    # Babel matches messages by (msgid, msgctxt); our key is the id (msgctxt) alone.
    previous = {}
    for old in [m for m in cat if m.id]:
        new = by_context.get(old.context)
        if new is not None and old.id != new.id:
            string = old.string
            if isinstance(new.id, (list, tuple)) and not isinstance(string, (list, tuple)):
                string = [string] + [""] * (cat.num_plurals - 1)  # now counted: the old words as a first form
            elif not isinstance(new.id, (list, tuple)) and isinstance(string, (list, tuple)):
                string = string[0] if string else ""  # no longer counted
            cat.delete(old.id, context=old.context)
            cat.add(new.id, string=string, context=old.context, flags=old.flags | {"fuzzy"},
                    user_comments=old.user_comments)
            previous[old.context] = [old.id] if isinstance(old.id, str) else list(old.id)
    dropped = [m.context for m in cat if m.id and m.context not in by_context]
    cat.update(tmpl, no_fuzzy_matching=True, update_creation_date=False)
    for m in cat:
        if m.context in previous:
            m.previous_id = previous[m.context]
    if code == tr.SOURCE_LANGUAGE if identity is None else identity:
        for m in cat:
            if m.id:
                m.string = m.id
                m.flags.discard("fuzzy")
                m.previous_id = []
    return dropped


def missing(cat: Catalog) -> list[str]:
    """Ids whose translation is empty or marked fuzzy."""
    n = cat.num_plurals
    out = []
    for m in cat:
        if not m.id:
            continue
        forms = (m.string,) if isinstance(m.string, str) else tuple(m.string)[:n]
        if m.fuzzy or not all(s.strip() for s in forms):
            out.append(m.context)
    return out


def new_catalogue(code: str, tmpl: Catalog) -> Catalog:
    """An empty catalogue for a new language, with its plural rule and a header to fill in."""
    name = language_name(code)
    cat = _catalog(locale=code if _babel_knows(code) else None, language_team=name, last_translator="",
                   header_comment=(
                       f"# movebook labels in {name} ({code}).\n"
                       "# Translate each msgstr; keep the {placeholders}. Lines starting with #. say where\n"
                       "# a label is printed. Note your choices of register and words here."))
    m = tr._PLURAL_HEADER.match(tr.default_plural_forms(code))
    cat._num_plurals, cat._plural_expr = int(m.group(1)), m.group(2)
    cat.update(tmpl, no_fuzzy_matching=True, update_creation_date=False)
    return cat


def language_name(code: str) -> str:
    """The English name of a catalogue's language ("German", "Portuguese (Portugal)"), else the code."""
    try:
        from babel import Locale

        return Locale.parse(tr.FORMAT_LOCALE.get(code, code)).english_name
    except Exception:  # noqa: BLE001 - a code Babel does not know
        return code


def _babel_knows(code: str) -> bool:
    try:
        from babel import Locale

        Locale.parse(code)
        return True
    except Exception:  # noqa: BLE001
        return False


def updated(path: Path | None, code: str, start: Path | None = None) -> tuple[bytes, list[str], list[str]]:
    """The catalogue at ``path`` (else a copy of ``start``, else a new one) merged with the
    current template: (bytes, ids left to translate, ids dropped)."""
    tmpl = template()
    source = path if path is not None and path.is_file() else start
    cat = read(source, code) if source is not None else new_catalogue(code, tmpl)
    if source is not None and source != path and _babel_knows(code):  # a copy of another language's file
        cat.locale, cat.language_team = code, language_name(code)
    dropped = merge(cat, tmpl, code, identity=False)
    data = render(cat)
    return data, missing(read(data, code)), dropped
