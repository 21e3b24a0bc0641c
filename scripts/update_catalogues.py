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
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from builder.compose import pofiles  # noqa: E402
from builder.compose import translations as tr  # noqa: E402

TEMPLATE = tr.LOCALE_DIR / "messages.pot"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--add", metavar="CODE", help="start a catalogue for a new language, e.g. el, pt_BR")
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is out of date or a label untranslated")
    args = ap.parse_args(argv)

    tmpl = pofiles.template()
    writes: dict[Path, bytes] = {}
    pot = pofiles.render(tmpl, omit_header=False)
    if not TEMPLATE.is_file() or not pofiles.same(TEMPLATE.read_bytes(), pot):
        writes[TEMPLATE] = pot

    catalogs = {p: pofiles.read(p, p.stem) for p in sorted(tr.LOCALE_DIR.glob("*.po"))}
    if args.add:
        code = args.add.replace("-", "_")
        path = tr.LOCALE_DIR / f"{code}.po"
        if path.exists():
            print(f"{path.relative_to(REPO)} exists already")
            return 2
        catalogs[path] = pofiles.new_catalogue(code, tmpl)

    report = []
    for path, cat in sorted(catalogs.items()):
        code = path.stem
        dropped = pofiles.merge(cat, tmpl, code)
        data = pofiles.render(cat)
        if not path.exists() or not pofiles.same(path.read_bytes(), data):
            writes[path] = data
        report.append((code, pofiles.missing(pofiles.read(data, code)), dropped))

    ok = True
    for path, data in writes.items():
        if args.check:
            print(f"out of date: {path.relative_to(REPO)} (run scripts/update_catalogues.py)")
            ok = False
        else:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(REPO)}")
    total = len(tr.ENGLISH)
    for code, gaps, dropped in report:
        if dropped:
            print(f"{code}: dropped removed labels {', '.join(dropped)}")
        if gaps:
            ok = False
            print(f"{code}: {len(gaps)} of {total} labels to translate: {', '.join(gaps)}")
        else:
            print(f"{code}: all {total} labels translated")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
