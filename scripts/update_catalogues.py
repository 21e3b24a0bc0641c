"""Bring the label catalogues up to date with the English source catalogue.

    python scripts/update_catalogues.py            # rewrite messages.pot and every <code>.po
    python scripts/update_catalogues.py --add el   # start a catalogue for a new language
    python scripts/update_catalogues.py --check    # exit 1 if a file is out of date or a label untranslated

The English words of every label are ``ENGLISH`` in ``builder/compose/catalogue.py``. This
script writes them as the gettext template ``builder/compose/locale/messages.pot`` (one
message a label: ``msgctxt`` the label id, ``msgid`` the English words, ``msgid_plural``
for a counted label) and merges it into every ``<code>.po`` beside it with Babel's catalogue
update: a new label arrives with an empty translation, a label whose English words changed
keeps its old translation marked ``fuzzy`` (the build ignores it until a translator checks
it and removes the mark), and a removed label is dropped. ``en.po`` is the identity
catalogue and is filled in from the English. Then it lists what each language still lacks.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from builder.compose import labels  # noqa: E402
from builder.compose.catalogue import ENGLISH  # noqa: E402

TEMPLATE = labels.LOCALE_DIR / "messages.pot"
WIDTH = 100
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)  # headers do not change on every run

SECTION_NOTES = {
    "shared by every output": "printed in: every output (booklet, handout, deck)",
    "deck speaker notes": "speaker notes: read by the teacher, not shown to the room",
}

TEMPLATE_HEADER = """\
# The labels of movebook's outputs: the template for a new language.
# Generated from builder/compose/catalogue.py by scripts/update_catalogues.py; do not edit.
# To add a language, see docs/translating.md."""


def _catalog(**kw) -> Catalog:
    from builder import __version__

    return Catalog(project="movebook", version=__version__, domain="movebook", creation_date=FIXED_DATE,
                   revision_date=FIXED_DATE,
                   copyright_holder="the movebook authors", fuzzy=False, **kw)


def template() -> Catalog:
    """The gettext template of the source catalogue, in its order."""
    where = labels.sections()
    cat = _catalog(header_comment=TEMPLATE_HEADER)
    for key, text in ENGLISH.items():
        comments = []
        section = where.get(key, "")
        if section:
            comments.append(SECTION_NOTES.get(section, f"printed in: {section}"))
        names = sorted(labels.allowed_placeholders(key))
        if names:
            comments.append("keep the placeholders: " + ", ".join(f"{{{n}}}" for n in names))
        cat.add(text, context=key, auto_comments=comments)
    return cat


def render(cat: Catalog, **kw) -> bytes:
    buf = io.BytesIO()
    write_po(buf, cat, width=WIDTH, ignore_obsolete=True, include_previous=True, **kw)
    return buf.getvalue()


def _same(a: bytes, b: bytes) -> bool:
    """Equal apart from the date headers Babel writes."""
    drop = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*\n', re.M)
    return drop.sub(b"", a) == drop.sub(b"", b)


def read(path: Path, code: str) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=code, domain="movebook")


def merge(cat: Catalog, tmpl: Catalog, code: str) -> list[str]:
    """Update ``cat`` from the template; returns the ids it dropped."""
    by_context = {m.context: m for m in tmpl if m.id}
    # Babel matches messages by (msgid, msgctxt). Our key is the id alone: a label whose English
    # words changed keeps its translation, marked fuzzy, with the old English as "previous".
    previous = {}
    for old in [m for m in cat if m.id]:
        new = by_context.get(old.context)
        if new is not None and old.id != new.id:
            cat.delete(old.id, context=old.context)
            cat.add(new.id, string=old.string, context=old.context, flags=old.flags | {"fuzzy"},
                    user_comments=old.user_comments)
            previous[old.context] = [old.id] if isinstance(old.id, str) else list(old.id)
    dropped = [m.context for m in cat if m.id and m.context not in by_context]
    cat.update(tmpl, no_fuzzy_matching=True, update_creation_date=False)
    for m in cat:
        if m.context in previous:
            m.previous_id = previous[m.context]
    if code == labels.SOURCE_LANGUAGE:
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
    from babel import Locale

    try:
        name = Locale.parse(code).english_name
    except Exception:  # noqa: BLE001
        name = code
    cat = _catalog(locale=code, language_team=name, last_translator="", header_comment=(
                      f"# movebook labels in {name} ({code}).\n"
                      "# Translate each msgstr; keep the {placeholders}. Lines starting with #. say where\n"
                      "# a label is printed. Note your choices of register and words here."))
    cat._num_plurals, cat._plural_expr = _split_plural(labels.default_plural_forms(code))
    cat.update(tmpl, no_fuzzy_matching=True, update_creation_date=False)
    return cat


def _split_plural(forms: str) -> tuple[int, str]:
    m = labels._PLURAL_HEADER.match(forms)
    return int(m.group(1)), m.group(2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--add", metavar="CODE", help="start a catalogue for a new language, e.g. el, pt_BR")
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is out of date or a label untranslated")
    args = ap.parse_args(argv)

    tmpl = template()
    stale: list[Path] = []
    writes: dict[Path, bytes] = {}
    pot = render(tmpl, omit_header=False)
    if not TEMPLATE.is_file() or not _same(TEMPLATE.read_bytes(), pot):
        writes[TEMPLATE] = pot

    catalogs: dict[Path, Catalog] = {p: read(p, p.stem) for p in sorted(labels.LOCALE_DIR.glob("*.po"))}
    if args.add:
        code = args.add.replace("-", "_")
        path = labels.LOCALE_DIR / f"{code}.po"
        if path.exists():
            print(f"{path.relative_to(REPO)} exists already")
            return 2
        catalogs[path] = new_catalogue(code, tmpl)

    report = []
    for path, cat in sorted(catalogs.items()):
        code = path.stem
        dropped = merge(cat, tmpl, code)
        data = render(cat)
        if not path.exists() or not _same(path.read_bytes(), data):
            writes[path] = data
        report.append((code, missing(read_bytes(data, code)), dropped))

    ok = True
    for path, data in writes.items():
        if args.check:
            stale.append(path)
        else:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(REPO)}")
    for path in stale:
        print(f"out of date: {path.relative_to(REPO)} (run scripts/update_catalogues.py)")
        ok = False
    for code, gaps, dropped in report:
        if dropped:
            print(f"{code}: dropped removed labels {', '.join(dropped)}")
        if gaps:
            ok = False
            print(f"{code}: {len(gaps)} of {len(ENGLISH)} labels to translate: {', '.join(gaps)}")
        else:
            print(f"{code}: all {len(ENGLISH)} labels translated")
    return 0 if ok or not args.check else 1


def read_bytes(data: bytes, code: str) -> Catalog:
    return read_po(io.BytesIO(data), locale=code, domain="movebook")


if __name__ == "__main__":
    sys.exit(main())
