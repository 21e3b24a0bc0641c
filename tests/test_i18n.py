"""Outputs in the teacher's language: catalogues complete, plurals, fallbacks, no English label left."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from builder.compose import labels as lb
from builder.compose import translations as tr
from builder.compose.catalogue import ENGLISH
from builder.source.loader import Loader, Workspace
from factory import REPO, _photo

SHIPPED = ["de", "fr", "es", "it", "nl", "pt", "pt_BR", "ja", "he", "ar"]
"""Every shipped catalogue but English (the source)."""


# ---- catalogues


def test_the_shipped_catalogues_are_the_expected_languages():
    assert lb.available() == sorted(SHIPPED + ["en"])


@pytest.mark.parametrize("code", ["en"] + SHIPPED)
def test_every_catalogue_translates_every_label(code):
    """A label added to the source catalogue without its translations fails here; run
    scripts/update_catalogues.py and translate the new msgstr entries."""
    from babel.messages.pofile import read_po

    path = tr.LOCALE_DIR / f"{code}.po"
    with path.open("rb") as f:
        po = read_po(f)
    by_id = {m.context: m for m in po if m.id}
    assert set(by_id) == set(ENGLISH), f"{path.name} is out of date: run scripts/update_catalogues.py"
    cat = tr.read_catalogue(path, code)
    for key, english in ENGLISH.items():
        msg = by_id[key]
        assert msg.id == english if isinstance(english, str) else tuple(msg.id) == tuple(english), (
            f"{path.name}: `{key}` translates old English {msg.id!r}; run scripts/update_catalogues.py")
        assert not msg.fuzzy, f"{path.name}: `{key}` is marked fuzzy"
    assert cat.problems == (), cat.problems
    assert set(cat.words) == set(ENGLISH)


def test_update_script_finds_the_catalogues_up_to_date():
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "update_catalogues.py"), "--check"],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stdout + run.stderr


def test_update_script_merges_a_new_and_a_changed_label(tmp_path, monkeypatch):
    """What another helper's new label looks like to the translator: an empty msgstr; a reworded
    label keeps its translation, marked fuzzy, which the build does not use until checked."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import update_catalogues as uc
    finally:
        sys.path.remove(str(REPO / "scripts"))
    for code in ("de", "en", "fr"):  # a catalogue after en.po once got en's identity words for new labels
        (tmp_path / f"{code}.po").write_bytes((tr.LOCALE_DIR / f"{code}.po").read_bytes())
    changed = dict(ENGLISH, steps="Steps to take", brand_new=("{n} breath", "{n} breaths"))
    monkeypatch.setattr(tr, "ENGLISH", changed)
    monkeypatch.setattr(tr, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(uc, "TEMPLATE", tmp_path / "messages.pot")
    monkeypatch.setattr(uc, "REPO", tmp_path)
    monkeypatch.setattr(tr, "sections", lambda: {})
    assert uc.main(["--check"]) == 1
    assert uc.main([]) == 0  # writes the files; reports what is left to translate
    cat = tr.read_catalogue(tmp_path / "de.po", "de")
    assert "brand_new" not in cat.words and "steps" not in cat.words  # English until translated
    assert any("`steps`" in p and "fuzzy" in p for p in cat.problems)
    text = (tmp_path / "de.po").read_text(encoding="utf-8")
    assert '#| msgid "Steps"\nmsgctxt "steps"\nmsgid "Steps to take"\nmsgstr "Schritte"' in text
    assert 'msgctxt "brand_new"\nmsgid "{n} breath"\nmsgid_plural "{n} breaths"\nmsgstr[0] ""\nmsgstr[1] ""' in text
    assert "brand_new" not in tr.read_catalogue(tmp_path / "fr.po", "fr").words
    assert tr.read_catalogue(tmp_path / "en.po", "en").words["brand_new"] == ("{n} breath", "{n} breaths")


# ---- choosing a language


@pytest.mark.parametrize("tag, code, locale", [
    ("de", "de", "de"), ("de-CH", "de", "de_CH"), ("DE-ch", "de", "de_CH"), ("pt-BR", "pt_BR", "pt_BR"),
    ("pt", "pt", "pt_PT"), ("pt-PT", "pt", "pt_PT"), ("fr-CA", "fr", "fr_CA"), ("ja-JP", "ja", "ja_JP"),
    ("en-GB", "en", "en_GB"), ("el", None, "en"), ("zh-Hant-TW", None, "en"),
])
def test_language_tags_fall_back_to_the_nearest_catalogue(tag, code, locale):
    assert lb.resolve(tag) == code
    assert lb.labels_in(tag).locale == locale


def test_swiss_german_uses_the_german_words():
    assert lb.labels_in("de-CH")("practice_log") == lb.labels_in("de")("practice_log") != ENGLISH["practice_log"]
    assert lb.labels_in("pt-BR")("contact") == "Contato" and lb.labels_in("pt")("contact") == "Contacto"


def test_overrides_sit_on_top_of_the_language():
    L = lb.labels_in("de", {"practice_log": "Meine Woche"})
    assert L("practice_log") == "Meine Woche" and L("steps") == lb.labels_in("de")("steps")


# ---- plurals and formatting


@pytest.fixture
def counted(monkeypatch):
    """A counted label in the source catalogue and in four catalogues' words, as a translator writes it."""
    monkeypatch.setitem(ENGLISH, "times_done", ("{n} time", "{n} times"))
    forms = {"de": ("{n} Mal", "{n} Mal"), "fr": ("{n} fois", "{n} fois"), "ja": ("{n}回",),
             "pt_BR": ("{n} vez", "{n} vezes"), "pt": ("{n} vez", "{n} vezes")}
    lb._labels_in.cache_clear()

    def make(code):
        base = lb.labels_in(code)
        return lb.Labels(code, dict(base.words, times_done=forms[code]), code, base.plural_forms, base.locale)

    yield make
    lb._labels_in.cache_clear()


def test_plural_forms_for_1_2_and_5(counted):
    assert [lb.ENGLISH_LABELS.plural("times_done", n, n=n) for n in (1, 2, 5)] == ["1 time", "2 times", "5 times"]
    pt_br = counted("pt_BR")
    assert [pt_br.plural("times_done", n, n=n) for n in (0, 1, 2, 5)] == ["0 vez", "1 vez", "2 vezes", "5 vezes"]
    pt = counted("pt")  # Portugal: zero takes the plural
    assert [pt.plural("times_done", n, n=n) for n in (0, 1, 2, 5)] == ["0 vezes", "1 vez", "2 vezes", "5 vezes"]
    ja = counted("ja")
    assert [ja.plural("times_done", n, n=n) for n in (1, 2, 5)] == ["1回", "2回", "5回"]
    # a label the catalogue lacks falls back to English, with the English rule
    assert lb.labels_in("de").plural("times_done", 5, n=5) == "5 times"


@pytest.mark.parametrize("code, rule", [
    ("de", "nplurals=2; plural=(n != 1);"), ("fr", "nplurals=2; plural=(n > 1);"),
    ("pt_BR", "nplurals=2; plural=(n > 1);"), ("pt", "nplurals=2; plural=(n != 1);"),
    ("ja", "nplurals=1; plural=0;"), ("es", "nplurals=2; plural=(n != 1);"),
])
def test_catalogues_carry_the_usual_two_form_plural_rules(code, rule):
    """Babel's CLDR rules give fr, es, it and pt a third "many" form at index 1; the
    catalogues state the usual gettext rule so msgstr[1] is the ordinary plural."""
    assert tr.catalogue(code).plural_forms == rule
    f = lb.plural_rule(rule)
    assert [f(n) for n in (1, 2, 5, 1_000_000)] == [0, *[0 if rule.endswith("plural=0;") else 1] * 3]


@pytest.mark.parametrize("code, rule, counts", [
    ("he", "nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);",
     {1: "תנועה אחת", 2: "2 תנועות", 5: "5 תנועות", 11: "11 תנועות", 100: "100 תנועות"}),
    ("ar", "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : "
           "n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);",
     {0: "0 حركة", 1: "حركة واحدة", 2: "حركتان", 5: "5 حركات", 103: "103 حركات", 11: "11 حركة", 100: "100 حركة"}),
])
def test_right_to_left_catalogues_count_with_the_cldr_rules(code, rule, counts):
    """Hebrew has a dual (one, two, other) and Arabic six forms; the catalogues carry Babel's
    (CLDR) rule, the one `movebook labels he --translate` starts a teacher's own file with."""
    assert tr.catalogue(code).plural_forms == rule == tr.default_plural_forms(code)
    L = lb.labels_in(code)
    assert {n: L.plural("agenda_movements", n, n=n) for n in counts} == counts


def test_dates_and_numbers_follow_the_locale():
    day = datetime.date(2026, 3, 5)
    assert lb.labels_in("en").date(day) == "March 5, 2026"
    assert lb.labels_in("de").date(day) == "5. März 2026"
    assert lb.labels_in("fr").date(day) == "5 mars 2026"
    assert lb.labels_in("ja").date(day) == "2026年3月5日"
    assert lb.labels_in("pt-BR").date(day) == "5 de março de 2026"
    assert lb.labels_in("de").date(day, "medium") == "05.03.2026"
    assert lb.labels_in("el").date(day) == "March 5, 2026"  # no Greek labels: English throughout
    assert lb.labels_in("de").number(1234.5) == "1.234,5"
    assert lb.labels_in("en").number(1234.5) == "1,234.5"
    assert lb.labels_in("fr").number(2.5, digits=1) == "2,5"


# ---- the loader's warning


def _load(tmp_path: Path, text: str):
    (tmp_path / "content").mkdir(parents=True, exist_ok=True)
    (tmp_path / "images").mkdir(exist_ok=True)
    f = tmp_path / "content" / "p.yaml"
    f.write_text(text, encoding="utf-8")
    loader = Loader(Workspace(tmp_path), base=tmp_path)
    return loader.load(f), loader.report


MINIMAL = "title: T\n{lang}movements:\n  - id: a\n    name: A\n    steps: [one]\n"


def test_an_unknown_language_warns_once_at_its_line(tmp_path):
    program, report = _load(tmp_path, MINIMAL.format(lang="language: el\n"))
    assert program is not None and report.errors == []
    assert len(report.warnings) == 1
    w = report.warnings[0]
    assert (w.loc.file, w.loc.line, w.loc.column) == ("content/p.yaml", 2, 11) and w.path == "language"
    assert "`el`" in w.message and "English" in w.message
    assert lb.labels_for(program)("steps") == "Steps"


@pytest.mark.parametrize("lang", ["", "language: en\n", "language: de-CH\n", "language: pt-BR\n", "language: ja\n"])
def test_a_language_with_labels_does_not_warn(tmp_path, lang):
    _, report = _load(tmp_path, MINIMAL.format(lang=lang))
    assert report.warnings == [] and report.errors == []


def test_an_untranslated_label_in_a_catalogue_is_named_in_the_warning(tmp_path, monkeypatch):
    text = (tr.LOCALE_DIR / "de.po").read_text(encoding="utf-8")
    text = text.replace('msgstr "Schritte"', 'msgstr ""').replace('msgstr "Bewegung {number}"', 'msgstr "Bewegung {nummer}"')
    (tmp_path / "de.po").write_text(text, encoding="utf-8")
    monkeypatch.setattr(tr, "LOCALE_DIR", tmp_path)
    tr.catalogue.cache_clear()
    lb._labels_in.cache_clear()
    try:
        problems = lb.language_problems("de")
        assert len(problems) == 1 and "`steps` is not translated" in problems[0] and "`movement_number`" in problems[0]
        L = lb.labels_in("de")
        assert L("steps") == "Steps" and L("movement_number", number=2) == "Movement 2"  # English, never a crash
        assert L("practice_log") == "Übungstagebuch"
    finally:
        tr.catalogue.cache_clear()
        lb._labels_in.cache_clear()


def test_labels_no_font_on_this_machine_can_show_are_a_warning(tmp_path, monkeypatch):
    from builder import fonts

    _, report = _load(tmp_path, MINIMAL.format(lang="language: ja\n"))
    assert report.warnings == []  # this machine has a fallback font with the Japanese characters
    monkeypatch.setattr(fonts, "fallback_for", lambda ch: None)
    _, report = _load(tmp_path, MINIMAL.format(lang="language: ja\n"))
    assert len(report.warnings) == 1 and report.warnings[0].loc.line == 2
    assert "the `ja` labels use characters no font on this machine has" in report.warnings[0].message


# ---- `movebook labels`


class _Run:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def _cli(capsys):
    """Run the movebook command in this process; returns its exit status and output."""
    from builder.cli import main

    def run(*args):
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return _Run(code, out.out, out.err)

    return run


def test_labels_command_lists_every_id_in_a_language(_cli):
    run = _cli("labels", "fr")
    assert run.returncode == 0, run.stderr
    lines = {ln.split()[0]: ln for ln in run.stdout.splitlines() if ln and not ln.startswith("#")}
    assert set(ENGLISH) <= set(lines)
    assert "Journal de pratique" in lines["practice_log"]
    assert "Practice log" in _cli("labels").stdout


def test_labels_command_for_a_program_shows_its_language_and_own_words(tmp_path, _cli):
    (tmp_path / "content").mkdir()
    (tmp_path / "images").mkdir()
    (tmp_path / "content" / "p.yaml").write_text(
        "title: T\nlanguage: de\nlabels:\n  practice_log: Meine Woche\nmovements: [{id: a, name: A, steps: [s]}]\n")
    run = _cli("-C", str(tmp_path), "labels", "content/p.yaml")
    assert run.returncode == 0, run.stderr
    line = next(ln for ln in run.stdout.splitlines() if ln.startswith("practice_log "))
    assert "Meine Woche" in line and "own" in line
    assert "Schritte" in next(ln for ln in run.stdout.splitlines() if ln.startswith("steps "))


def test_labels_command_for_an_unknown_language_says_so(_cli):
    run = _cli("labels", "el")
    assert run.returncode == 0 and "no labels in `el`" in run.stderr and "Practice log" in run.stdout
    assert _cli("labels", "not a tag").returncode == 2


# ---- no English label left in any output

WORDS = ("zolba kremi vantu oskel dripa malun fexo turvi glanda pesko norvu lital brema sintu "
         "kavo yelmi dorsa quinta velbo rumpa").split()


def _prose(seed: int, n: int = 6) -> str:
    """Teacher's text in no language at all, so any English word in an output comes from a label."""
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n)).capitalize()


def _program(lang: str) -> str:
    p = _prose
    return f"""title: {p(1, 2)}
subtitle: {p(2, 5)}
author: {p(3, 2)}
organisation: {p(4, 2)}
contact:
  email: zolba@kremi.example
  website: https://kremi.example/vantu
edition: {p(5, 2)}
language: {lang}
disclaimer: {p(6, 12)}
intro:
  - heading: {p(7, 3)}
    text: {p(8, 20)}
    notes: {p(9, 8)}
cautions:
  - title: {p(10, 2)}
    text: {p(11, 10)}
    level: caution
  - title: {p(12, 2)}
    text: {p(13, 10)}
    level: stop
  - text: {p(14, 8)}
    level: info
movements:
  - id: one
    name: {p(15, 2)}
    summary: {p(16, 8)}
    why: {p(17, 10)}
    targets: [{p(18, 1)}, {p(19, 1)}]
    position: {p(20, 8)}
    image: {{file: one.png, alt: {p(21, 3)}}}
    steps:
      - text: {p(22, 8)}
        breath: in
      - text: {p(23, 8)}
        breath: out
      - text: {p(24, 8)}
        breath: hold
    repeat: {p(25, 3)}
    sides: both
    afterwards: {p(26, 8)}
    cautions: [{p(27, 6)}]
    teaching_notes: {p(28, 8)}
    video: https://kremi.example/one
    duration: "5:00"
  - id: two
    name: {p(29, 2)}
    summary: {p(30, 8)}
    image: two.png
    parts:
      - name: {p(31, 2)}
        steps: [{p(32, 6)}, {p(33, 6)}]
        repeat: {p(34, 3)}
      - name: {p(35, 2)}
        steps: [{p(36, 6)}]
    sides: left
    duration: "3:00"
  - id: three
    name: {p(37, 2)}
    image: one.png
    steps: [{p(38, 6)}]
    sides: right
    video: https://kremi.example/three
sequences:
  - id: first
    name: {p(39, 2)}
    movements: [one, two, three]
    how_often: {p(40, 4)}
    opening: {p(41, 8)}
    closing: {p(42, 8)}
  - id: second
    name: {p(43, 2)}
    movements: [two]
    how_often: {p(44, 4)}
"""


def _segments(text: str) -> list[str]:
    """The literal words of a label text, without its placeholders: "about {time}" -> ["about"]."""
    parts = re.split(r"\{[^{}]*\}", text)
    return [s for s in (re.sub(r"\s+", " ", x).strip(" ,.:;()–-") for x in parts) if re.search(r"[A-Za-z]{2,}", s)]


_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")


def _plain(text: str) -> str:
    """Text as a reader sees it, whatever form pdftotext extracts it in: Arabic shaped letters
    (presentation forms) as the letters they are, the marks around a right-to-left run as a space."""
    return unicodedata.normalize("NFKC", text).translate(_BIDI_MARKS)


def _found(phrase: str, text: str) -> bool:
    words = r"\s+".join(re.escape(w) for w in _plain(phrase).split())
    return re.search(rf"(?<![\w’']){words}(?![\w’'])", _plain(text), re.IGNORECASE) is not None


def _output_text(out: Path) -> dict[str, str]:
    from pptx import Presentation

    texts = {}
    for name in ("booklet", "handout"):
        run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out / f"{name}.pdf"), "-"], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        texts[name] = run.stdout
    bits = []
    for slide in Presentation(str(out / "deck.pptx")).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                bits.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                bits.extend(c.text for row in shape.table.rows for c in row.cells)
        if slide.has_notes_slide:
            bits.append(slide.notes_slide.notes_text_frame.text)
    texts["deck"] = "\n".join(bits)
    return texts


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pictures")
    _photo(800, 600, 1).save(folder / "one.png")
    _photo(600, 800, 2).save(folder / "two.png")
    return folder


@pytest.mark.parametrize("code", SHIPPED)
def test_no_english_label_is_left_in_any_output(tmp_path, pictures, code):
    from builder.build.pipeline import build

    ws = tmp_path / "ws"
    (ws / "content").mkdir(parents=True)
    (ws / "images").mkdir()
    for f in pictures.iterdir():
        (ws / "images" / f.name).write_bytes(f.read_bytes())
    tag = code.replace("_", "-")
    program = ws / "content" / "p.yaml"
    program.write_text(_program(tag), encoding="utf-8")
    build([program], Workspace(ws), ws / "output")
    texts = _output_text(ws / "output" / "p")

    L = lb.labels_in(tag)
    own = " \n ".join(w for v in L.words.values() for w in ((v,) if isinstance(v, str) else v))
    for output, text in texts.items():
        left = sorted({(key, seg) for key, english in ENGLISH.items()
                       for form in ((english,) if isinstance(english, str) else english)
                       for seg in _segments(form)
                       if _found(seg, text) and not _found(seg, own)})
        assert not left, f"{output} in {code} still prints English labels: {left}"
    # and the translated words are there: the test reads the real outputs
    assert _found(L("practice_log"), texts["booklet"]) and _found(L("steps"), texts["booklet"])
    assert _found(L("agenda"), texts["deck"]) and _found(L("note_part", name=L("steps")), texts["deck"])
    assert _found(L("level_stop"), texts["handout"])


# ---- a workspace's own catalogues (labels/<code>.po)


def _own_catalogue(ws: Path, code: str, replace: dict[str, str] | None = None, base: str = "de") -> Path:
    text = (tr.LOCALE_DIR / f"{base}.po").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    (ws / "labels").mkdir(exist_ok=True)
    path = ws / "labels" / f"{code}.po"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_workspace_catalogue_adds_a_language(tmp_path):
    _own_catalogue(tmp_path, "el", {'msgstr "Übungstagebuch"': 'msgstr "Ημερολόγιο εξάσκησης"'})
    program, report = _load(tmp_path, MINIMAL.format(lang="language: el\n"))
    assert report.warnings == [] and report.errors == []
    L = lb.labels_for(program)
    assert L("practice_log") == "Ημερολόγιο εξάσκησης" and L.catalogue == "el"
    assert tmp_path / "labels" / "el.po" in program.sources  # editing it rebuilds the outputs


def test_a_workspace_catalogue_comes_before_the_shipped_one(tmp_path):
    _own_catalogue(tmp_path, "de", {'msgstr "Bevor du beginnst"': 'msgstr "Bevor Sie beginnen"'})
    program, report = _load(tmp_path, MINIMAL.format(lang="language: de-AT\n"))
    assert report.warnings == []
    L = lb.labels_for(program)
    assert L("before_you_begin") == "Bevor Sie beginnen" and L("steps") == "Schritte" and L.locale == "de_AT"


def test_an_incomplete_workspace_catalogue_is_named_in_the_warning(tmp_path):
    _own_catalogue(tmp_path, "el", {'msgstr "Schritte"': 'msgstr ""'})
    program, report = _load(tmp_path, MINIMAL.format(lang="language: el\n"))
    assert program is not None and len(report.warnings) == 1
    assert "labels/el.po" in report.warnings[0].message and "`steps` is not translated" in report.warnings[0].message
    assert lb.labels_for(program)("steps") == "Steps"


def test_a_catalogue_placeholder_that_is_more_than_a_name_prints_in_english(tmp_path):
    """`{number!z}` or `{number:>9}` in a workspace's .po would stop the build when printed: the
    label is left in English with a warning, as a missing placeholder is."""
    _own_catalogue(tmp_path, "el", {'msgstr "Bewegung {number}"': 'msgstr "Κίνηση {number!z}"'})
    program, report = _load(tmp_path, MINIMAL.format(lang="language: el\n"))
    assert program is not None and len(report.warnings) == 1
    assert "`movement_number`" in report.warnings[0].message, report.warnings[0].message
    assert lb.labels_for(program)("movement_number", number=3) == "Movement 3"


def test_a_broken_workspace_catalogue_is_an_error_at_its_line(tmp_path):
    path = _own_catalogue(tmp_path, "el", {'msgstr "Schritte"': 'msgstr "Schritte'})
    line = path.read_text(encoding="utf-8").splitlines().index('msgstr "Schritte') + 1
    program, report = _load(tmp_path, MINIMAL.format(lang="language: el\n"))
    assert program is None and len(report.errors) == 1
    e = report.errors[0]
    assert (e.loc.file, e.loc.line) == ("labels/el.po", line), str(e)


def test_editing_a_workspace_catalogue_rebuilds_the_outputs(tmp_path):
    from builder.build.fingerprint import output_fingerprint

    path = _own_catalogue(tmp_path, "el")
    program, _ = _load(tmp_path, MINIMAL.format(lang="language: el\n"))
    before = output_fingerprint(program, "booklet")
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "Schritte"', 'msgstr "Βήματα"'), encoding="utf-8")
    program, _ = _load(tmp_path, MINIMAL.format(lang="language: el\n"))
    assert output_fingerprint(program, "booklet") != before
    assert lb.labels_for(program)("steps") == "Βήματα"


def test_labels_translate_starts_and_updates_a_workspace_catalogue(tmp_path, _cli):
    (tmp_path / "content").mkdir()
    (tmp_path / "images").mkdir()
    run = _cli("-C", str(tmp_path), "labels", "el", "--translate")
    assert run.returncode == 0, run.stderr
    assert f"{len(ENGLISH)} of {len(ENGLISH)} labels to translate" in run.stdout
    path = tmp_path / "labels" / "el.po"
    text = path.read_text(encoding="utf-8")
    assert 'msgctxt "practice_log"\nmsgid "Practice log"\nmsgstr ""' in text
    # the teacher translates one label and drops another (as after an upgrade that added it)
    text = text.replace('msgid "Practice log"\nmsgstr ""', 'msgid "Practice log"\nmsgstr "Ημερολόγιο"')
    text = text.replace('msgctxt "steps"\nmsgid "Steps"\nmsgstr ""\n', "")
    path.write_text(text, encoding="utf-8")
    run = _cli("-C", str(tmp_path), "labels", "el", "--translate")
    assert run.returncode == 0 and "updated labels/el.po" in run.stdout, run.stdout + run.stderr
    text = path.read_text(encoding="utf-8")
    assert 'msgstr "Ημερολόγιο"' in text and 'msgctxt "steps"' in text
    listing = _cli("-C", str(tmp_path), "labels", "el").stdout
    assert "Ημερολόγιο" in next(ln for ln in listing.splitlines() if ln.startswith("practice_log "))
    # rewording a shipped language starts from its catalogue
    run = _cli("-C", str(tmp_path), "labels", "de-CH", "--translate")
    assert "starting from de.po" in run.stdout and "every label has words" in run.stdout
    assert 'msgstr "Übungstagebuch"' in (tmp_path / "labels" / "de_CH.po").read_text(encoding="utf-8")


# ---- durations written in the teacher's language


@pytest.mark.parametrize("text, minutes", [
    ("5 Minuten", 5), ("1 Std. 10 Min.", 70), ("1 Stunde und 10 Minuten", 70), ("90 Sekunden", 1.5),
    ("3 à 5 minutes", 5), ("2 mn", 2), ("5 minutos", 5), ("3 a 5 minuti", 5), ("2 uur", 120), ("3 tot 5 minuten", 5),
    ("5分", 5), ("5分間", 5), ("1時間10分", 70), ("3〜5分", 5), ("30秒", 0.5),
    ("5 דקות", 5), ("שעה ו-10 דקות", 70), ("3 עד 5 דקות", 5), ("שעתיים", 120), ("90 שניות", 1.5),
    ("ساعة و10 دقائق", 70), ("٥ دقائق", 5), ("دقيقتان", 2), ("3-5 د", 5), ("5 דקות לכל צד", None),
    ("5 Minuten pro Seite", None), ("約5分", None),
])
def test_durations_in_the_shipped_languages_count(text, minutes):
    from builder.source.loader import parse_minutes

    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("code", ["en"] + SHIPPED)
def test_every_cldr_duration_word_of_a_shipped_language_is_read(code):
    """The unit table in the loader holds each form Babel (CLDR) writes for hours, minutes and seconds."""
    from babel.units import format_unit

    from builder.source.loader import parse_minutes

    for unit, minutes in (("duration-hour", 60), ("duration-minute", 1), ("duration-second", 1 / 60)):
        for length in ("long", "short", "narrow"):
            for n in (1, 2, 5):
                written = format_unit(n, unit, length=length, locale=tr.FORMAT_LOCALE.get(code, code))
                assert parse_minutes(written) == pytest.approx(n * minutes), (code, written)
