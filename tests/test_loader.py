"""The loader: every malformed input becomes a content error at the right file, line and column."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from builder.errors import ContentError
from builder.source.loader import Loader, Workspace, parse_minutes
from factory import bomb_png, truncated_jpeg

MINIMAL = """title: Test
movements:
  - id: a
    name: A
    steps: [one]
"""


def load(tmp_path: Path, text: str | bytes, name: str = "p.yaml", library: dict[str, str] | None = None):
    (tmp_path / "content" / "movements").mkdir(parents=True, exist_ok=True)
    (tmp_path / "images").mkdir(exist_ok=True)
    for mid, body in (library or {}).items():
        (tmp_path / "content" / "movements" / f"{mid}.yaml").write_text(body)
    f = tmp_path / "content" / name
    f.write_bytes(text.encode() if isinstance(text, str) else text)
    loader = Loader(Workspace(tmp_path), base=tmp_path)
    program = loader.load(f)
    return program, loader.report


def only_error(tmp_path, text, **kw):
    program, report = load(tmp_path, text, **kw)
    assert program is None
    assert report.errors, "expected a content error"
    return report.errors


def test_minimal_program_loads(tmp_path):
    program, report = load(tmp_path, MINIMAL)
    assert report.errors == []
    assert program.title == "Test"
    assert program.movements[0].steps[0].text == "one"
    assert program.booklet.page_size == "A5" and program.deck.aspect == "16:9"


def test_error_names_file_line_column_and_path(tmp_path):
    errors = only_error(tmp_path, "title: X\nmovements:\n  - id: a\n    name: A\n    steps:\n      - ok\n      - [x, y]\n")
    assert str(errors[0]) == "content/p.yaml:7:9: movements[0].steps[1]: expected text, got a list"


@pytest.mark.parametrize(
    "text, line, needle",
    [
        ("title: X\nmovements:\n  - id: a\n    name: A\n    reapeat: 3\n    steps: [s]\n", 5, "did you mean `repeat`"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    sides: sideways\n    steps: [s]\n", 5, "one of both, left, right, none"),
        ("title: X\nmovements:\n  - id: Side Bend\n    name: A\n    steps: [s]\n", 3, "not a valid id"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n  - id: a\n    name: B\n    steps: [s]\n", 6, "used twice"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    steps: [s]\nsequences:\n  - id: s\n    name: S\n    movements: [a, b]\n", 9, "no movement `b`"),
        ("title: X\ncautions:\n  - id: go-slowly\n    text: t\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n    cautions: [go-slowy]\n", 9, "did you mean `go-slowly`"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    image: nope.jpg\n    steps: [s]\n", 5, "does not exist"),
        ("title: X\ncover_image: ../etc/passwd\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 2, "inside the images/ folder"),
        ("title: X\ncover_image: /etc/passwd\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 2, "inside the images/ folder"),
        ("- a\n- b\n", 1, "must be a mapping"),
        ("", 1, "empty"),
        ("# only a comment\n", 1, "only comments"),
        ('title: !!python/object/apply:os.system ["ls"]\nmovements: []\n', 1, "tag"),
        ("title: &a [*a]\n", 1, "recursive alias"),
        (b"title: Caf\xe9\nmovements: []\n", 1, "not UTF-8"),
        ("title: X\nmovements:\n\t- id: a\n", 3, "tab"),
        ("title: X\n", 1, "`movements` is missing"),
        ("title: X\ntheme:\n  accent: #2f6f6a\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 3, "quotes"),
        ("title: X\ntitle: Y\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 2, "appears twice"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n", 3, "no `steps` or `parts`"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    steps: []\n", 5, "no `steps` or `parts`"),
        ("title: X\nmovements:\n  - washrg\n", 3, "no movement `washrg` in the library"),
        ("title: X\nbooklet:\n  page_size: A6\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 3, "did you mean `A5`"),
        ("title: X\nbooklet:\n  practice_log_days: lots\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 3, "whole number"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    video: example.org/x\n    steps: [s]\n", 5, "https://"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n    image: a.jpg\n    images: [b.jpg]\n", 3, "not both"),
        ("title: X\ndeck:\n  template: nope.pptx\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 3, "does not exist"),
        ("title: X\nlanguage: english language\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 2, "language tag"),
        ("title: [a, b]\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 1, "expected text, got a list"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n  - id: b\n    name: B\n    steps: [s]\n    breath: in\n", 9, "unknown key `breath`"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    steps:\n      - text: s\n        breath: inhale\n", 7, "not a breath"),
        ("title: X\n  bad: indent\n", 2, "YAML"),
        ("title: X\n---\ntitle: Y\n", 2, "more than one YAML document"),
    ],
)
def test_malformed_inputs_name_the_line(tmp_path, text, line, needle):
    errors = only_error(tmp_path, text)
    assert any(e.loc.line == line and needle in e.message for e in errors), [str(e) for e in errors]
    assert all(e.loc.file == "content/p.yaml" for e in errors)


def test_all_errors_are_reported_together(tmp_path):
    text = "title: X\nmovements:\n  - id: a\n    name: A\n    reapeat: 3\n    sides: up\n    steps: [s]\nsequences:\n  - id: s\n    name: S\n    movements: [zz]\n"
    errors = only_error(tmp_path, text)
    assert {e.loc.line for e in errors} >= {5, 6}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_program_saved_as_utf16_with_or_without_its_mark_is_told_to_save_as_utf8(tmp_path, encoding):
    errors = only_error(tmp_path, MINIMAL.encode(encoding))
    assert [str(e) for e in errors] == ["content/p.yaml:1:1: the file is saved as UTF-16; save it as UTF-8"]


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, cur in zip("abcdefg", "bcdefgh"):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    # the processor time this test spends, not the wall clock: a shared machine that stalls
    # for a second must not fail it, an expansion of the 43 million nodes still would
    t0 = time.process_time()
    errors = only_error(tmp_path, "\n".join(lines) + "\n")
    assert time.process_time() - t0 < 1.0
    assert "alias bomb" in errors[0].message and "50,000" in errors[0].message


def test_deep_nesting_is_an_error(tmp_path):
    errors = only_error(tmp_path, "title: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "deeply" in errors[0].message


def test_library_movement_and_use_overrides(tmp_path):
    lib = {"washrag": "id: washrag\nname: Washrag\nsteps: [Tip the knees.]\nrepeat: 3 times\n"}
    text = "title: X\nmovements:\n  - washrag\n  - use: washrag\n    id: washrag-slow\n    repeat: 4 times each way\n"
    program, report = load(tmp_path, text, library=lib)
    assert report.errors == []
    assert [m.id for m in program.movements] == ["washrag", "washrag-slow"]
    assert program.movements[0].repeat == "3 times"
    assert program.movements[1].repeat == "4 times each way"
    assert program.movements[1].steps == program.movements[0].steps


def test_library_errors_point_into_the_library_file(tmp_path):
    lib = {"washrag": "id: washrag\nname: Washrag\nstepz: [x]\n"}
    errors = only_error(tmp_path, "title: X\nmovements:\n  - washrag\n", library=lib)
    assert any(e.loc.file == "content/movements/washrag.yaml" and e.loc.line == 3 and "did you mean `steps`" in e.message for e in errors)


def test_library_id_must_match_file_name(tmp_path):
    lib = {"washrag": "id: wash\nname: Washrag\nsteps: [x]\n"}
    errors = only_error(tmp_path, "title: X\nmovements:\n  - washrag\n", library=lib)
    assert "must match the file name" in errors[0].message


def test_text_scalars_stay_as_typed(tmp_path):
    text = "title: X\nedition: 2026\nmovements:\n  - id: a\n    name: 'yes'\n    repeat: yes\n    duration: 1.50\n    steps: [3]\ndeck:\n  aspect: 4:3\n"
    program, report = load(tmp_path, text)
    assert report.errors == []
    m = program.movements[0]
    assert program.edition == "2026" and m.repeat == "yes" and m.duration == "1.50" and m.steps[0].text == "3"
    assert program.deck.aspect == "4:3"


def test_caution_texts_ids_and_levels(tmp_path):
    text = (
        "title: X\ncautions:\n  - id: slow\n    text: Go slowly.\n    level: stop\n  - Never force.\n"
        "movements:\n  - id: a\n    name: A\n    steps: [s]\n    cautions: [slow, Only as far as comfortable.]\n"
    )
    program, report = load(tmp_path, text)
    assert report.errors == []
    assert [c.level for c in program.cautions] == ["stop", "caution"]
    assert [c.text for c in program.movements[0].cautions] == ["Go slowly.", "Only as far as comfortable."]


def test_images_are_checked(tmp_path):
    (tmp_path / "images").mkdir(parents=True)
    truncated_jpeg(tmp_path / "images" / "cut.jpg")
    bomb_png(tmp_path / "images" / "bomb.png")
    (tmp_path / "images" / "text.jpg").write_text("not an image")
    text = (
        "title: X\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n    images:\n"
        "      - cut.jpg\n      - bomb.png\n      - text.jpg\n"
    )
    errors = only_error(tmp_path, text)
    assert sorted(e.loc.line for e in errors) == [7, 8, 9]


def test_missing_image_suggests_a_close_name(tmp_path):
    (tmp_path / "images").mkdir(parents=True)
    from factory import _photo

    _photo(40, 30).save(tmp_path / "images" / "side-bend.jpg")
    errors = only_error(tmp_path, "title: X\nmovements:\n  - id: a\n    name: A\n    image: side-bnd.jpg\n    steps: [s]\n")
    assert "did you mean `side-bend.jpg`" in errors[0].message


def test_image_alt_falls_back_to_caption_then_name(tmp_path):
    (tmp_path / "images").mkdir(parents=True)
    from factory import _photo

    _photo(40, 30).save(tmp_path / "images" / "a.jpg")
    text = (
        "title: X\nmovements:\n  - id: a\n    name: Side Bend\n    steps: [s]\n    images:\n"
        "      - file: a.jpg\n        alt: Alt text\n      - file: a.jpg\n        caption: A caption\n      - a.jpg\n"
    )
    program, report = load(tmp_path, text)
    assert report.errors == []
    assert [i.alt for i in program.movements[0].images] == ["Alt text", "A caption", "Side Bend"]


def test_missing_glyph_is_a_warning_naming_the_field(tmp_path):
    program, report = load(tmp_path, "title: X\nmovements:\n  - id: a\n    name: A\n    steps: [one, 'breathe 🙂 slowly']\n")
    assert program is not None and report.errors == []
    w = report.warnings[0]
    assert (w.loc.line, w.path) == (5, "movements[0].steps[1]") and "U+1F642" in w.message
    # it says what each output does with it: the PDFs leave it out, the slides show a box
    assert ("the booklet and handouts leave it out" in w.message) == ("booklet and handout font" in w.message)
    assert ("the slides show an empty box" in w.message) == ("deck font" in w.message)


def test_the_missing_glyph_warning_says_what_each_output_does_with_each_character(monkeypatch):
    """A character the print font has but the deck font lacks is only boxed on the slides; one
    neither has is left out of the PDFs too: each is said with its own outcome."""
    from builder import fonts
    from builder.source.glyphs import missing_glyphs

    monkeypatch.setattr(fonts, "fallback_for", lambda ch: None)  # as on a machine with no other fonts
    assert not fonts.missing("\ua66e", fonts.PRINT_FILES["regular"]) and fonts.missing("\ua66e", fonts.DECK_METRIC_FILES["regular"])
    said = missing_glyphs("Side Bend \U0001F642 \ua66e").split("; ")
    (smile,) = [x for x in said if "U+1F642" in x]
    (o,) = [x for x in said if "U+A66E" in x]
    assert smile.endswith("the booklet and handouts leave it out, the slides show an empty box"), smile
    assert o.endswith("not in the deck font (" + fonts.DECK_FONT_NAME + "): the slides show an empty box"), o


def test_content_error_lists_every_problem():
    from builder.errors import Loc, Problem

    err = ContentError([Problem(Loc("b.yaml", 2, 1), "x", "two"), Problem(Loc("a.yaml", 9, 1), "y", "one")])
    assert str(err).splitlines() == ["a.yaml:9:1: y: one", "b.yaml:2:1: x: two"]


@pytest.mark.parametrize(
    "text, minutes",
    [("4 min", 4), ("90 s", 1.5), ("1 h 10 min", 70), ("3-5 min", 5), ("5", 5), ("1:30", 1.5), ("2 minutes", 2), ("about a while", None)],
)
def test_parse_minutes(text, minutes):
    assert parse_minutes(text) == minutes


def test_a_program_with_too_much_text_is_refused(tmp_path):
    step = "x" * 15_000
    steps = "\n".join(f"      - {step}" for _ in range(25))
    errors = only_error(tmp_path, f"title: X\nmovements:\n  - id: a\n    name: A\n    steps:\n{steps}\n")
    assert "the limit is 300,000" in errors[0].message


def test_too_many_steps_is_refused_with_the_limit(tmp_path):
    steps = "\n".join(f"      - s{i}" for i in range(501))
    errors = only_error(tmp_path, f"title: X\nmovements:\n  - id: a\n    name: A\n    steps:\n{steps}\n")
    assert "the limit is 500" in errors[0].message and errors[0].loc.line == 6


@pytest.mark.parametrize(
    "text, line, needle",
    [
        ("title: X\nmovements:\n  - id: a\n    name: A\n    steps:\n      - Remember: slowly is the point.\n", 6, 'quotes: "Remember: slowly is the point."'),
        ("title: X\nsubtitle: ! Important\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 2, "leading `!`"),
    ],
)
def test_yaml_surprises_get_a_hint(tmp_path, text, line, needle):
    errors = only_error(tmp_path, text)
    assert any(e.loc.line == line and needle in e.message for e in errors), [str(e) for e in errors]


def test_quoted_numbers_are_accepted_for_whole_numbers(tmp_path):
    program, report = load(tmp_path, MINIMAL + 'booklet:\n  practice_log_days: "7"\n')
    assert report.errors == [] and program.booklet.practice_log_days == 7


def test_a_broken_library_movement_is_not_also_unknown_in_sequences(tmp_path):
    lib = {"washrag": "id: washrag\nname: Washrag\nsides: bothh\nsteps: [x]\n"}
    text = "title: X\nmovements:\n  - washrag\nsequences:\n  - id: s\n    name: S\n    movements: [washrag]\n"
    errors = only_error(tmp_path, text, library=lib)
    assert len(errors) == 1 and errors[0].loc.file == "content/movements/washrag.yaml"


def test_missing_images_are_reported_with_shape_errors(tmp_path):
    text = "title: X\ncover_image: gone.png\nmovements:\n  - id: a\n    name: A\n    sides: bothh\n    image: nope.jpg\n    steps: [s]\n"
    errors = only_error(tmp_path, text)
    assert {(e.loc.line, "does not exist" in e.message or "not a side" in e.message) for e in errors} == {(2, True), (6, True), (7, True)}


@pytest.mark.parametrize(
    "text, line, needle",
    [
        ('title: X\nmovements:\n  - id: a\n    name: A\n    steps: ["a\\x07b"]\n', 5, "U+0007"),
        ('title: "T\\ud800"\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n', 1, "U+D800"),
        ('title: "T\\x00"\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n', 1, "U+0000"),
        ("title: X\ncover_image: ''\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 2, "empty"),
        ("title: X\ncover_image: '" + "a" * 300 + ".png'\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 2, "file name"),
        ('title: X\ncover_image: "a\\tb.png"\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n', 2, "does not exist"),
        ("title: X\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n    video: https://example.org/" + "x" * 600 + "\n", 6, "the limit is 500"),
        ("title: X\ndeck:\n  template: t.potx\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n", 3, None),
    ],
)
def test_unprintable_and_unusable_values_are_content_errors(tmp_path, text, line, needle):
    if "t.potx" in text:
        (tmp_path / "t.potx").write_bytes(b"PK")
        needle = ".pptx"
    errors = only_error(tmp_path, text)
    assert any(e.loc.line == line and needle in e.message for e in errors), [str(e) for e in errors]


def test_absurd_durations_are_unreadable_not_a_crash(tmp_path):
    program, report = load(tmp_path, MINIMAL.replace("steps: [one]", "steps: [one]\n    duration: '" + "9" * 400 + " min'"))
    assert program is not None and program.movements[0].duration_minutes is None
    assert "more than a day" in report.warnings[0].message


def test_library_caution_error_names_the_program(tmp_path):
    lib = {"washrag": "id: washrag\nname: Washrag\nsteps: [x]\ncautions: [go-slowly]\n"}
    errors = only_error(tmp_path, "title: X\nmovements:\n  - washrag\n", library=lib)
    assert "used by content/p.yaml" in errors[0].message and errors[0].loc.file == "content/movements/washrag.yaml"


def test_template_shape_overrides_aspect_with_a_warning(tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    prs.save(tmp_path / "t.pptx")
    program, report = load(tmp_path, MINIMAL + 'deck:\n  aspect: "4:3"\n  template: t.pptx\n')
    assert program is not None and "16:9" in report.warnings[0].message and report.warnings[0].loc.line == 7


def test_a_yml_library_file_is_checked_alongside_program_errors(tmp_path):
    (tmp_path / "content" / "movements").mkdir(parents=True)
    (tmp_path / "content" / "movements" / "washrag.yml").write_text("id: washrag\nname: W\nstepz: [x]\n")
    errors = only_error(tmp_path, "title: X\nsubtitle: [a]\nmovements:\n  - washrag\n")
    assert {e.loc.file for e in errors} == {"content/p.yaml", "content/movements/washrag.yml"}


@pytest.mark.parametrize("names", [("washrag.yaml", "washrag.yml"), ("washrag.YAML",), ("Washrag.yaml",)])
def test_a_library_movement_in_two_files_is_an_error_and_any_case_of_yaml_is_read(tmp_path, names):
    """washrag.yaml beside washrag.yml: the teacher may be editing either, so neither is taken
    silently; a single file is read whatever the case of its extension (as the library lists it)."""
    (tmp_path / "content" / "movements").mkdir(parents=True)
    for name in names:
        (tmp_path / "content" / "movements" / name).write_text("id: washrag\nname: W\nsteps: [x]\n")
    text = "title: X\nmovements:\n  - washrag\n"
    if len(names) == 1:
        program, report = load(tmp_path, text)
        assert report.errors == [] and program.movements[0].name == "W"
        return
    errors = only_error(tmp_path, text)
    assert any(str(e.loc) == "content/movements/washrag.yml:1:1" and "two files hold the movement `washrag`" in e.message
               for e in errors), [str(e) for e in errors]


# ---- content format 1.1: logo, labels, intro `slide`, movement `cues`


def test_format_1_1_keys_load(tmp_path):
    from factory import _photo

    (tmp_path / "images").mkdir(parents=True, exist_ok=True)
    _photo(200, 100).save(tmp_path / "images" / "logo.png")
    program, report = load(tmp_path, """title: T
logo: logo.png
labels:
  practice_log: My week
intro:
  - heading: Why
    text: Long text.
    slide: [One point, Another point]
movements:
  - id: a
    name: A
    steps: [one]
    cues: [Knees stacked, Exhale and lift]
""")
    assert report.errors == []
    assert program.logo.name == "logo.png" and program.logo in program.images
    assert program.labels == {"practice_log": "My week"}
    assert program.intro[0].slide == ("One point", "Another point")
    assert program.movements[0].cues == ("Knees stacked", "Exhale and lift")


@pytest.mark.parametrize("text, where, needle", [
    ("labels:\n  practise_log: My week\n", "p.yaml:4:3: labels.practise_log", "did you mean `practice_log`"),
    ("labels:\n  minutes: \"{n} Minuten {x}\"\n", "p.yaml:4:12: labels.minutes", "it takes `{n}`"),
    # a placeholder that is more than a name would stop the build (or fill the memory) when printed
    ("labels:\n  movement_number: \"No. {number:s}\"\n", "p.yaml:4:20: labels.movement_number", "a plain name"),
    ("labels:\n  minutes: \"{n:999999999} min\"\n", "p.yaml:4:12: labels.minutes", "it takes `{n}`"),
    ("labels:\n  minutes: \"{n!z} min\"\n", "p.yaml:4:12: labels.minutes", "it takes `{n}`"),
    ("logo: nowhere.png\n", "p.yaml:3:7: logo", "does not exist"),
])
def test_format_1_1_program_key_errors(tmp_path, text, where, needle):
    errors = only_error(tmp_path, "title: T\nmovements: [{id: a, name: A, steps: [s]}]\n" + text)
    assert any(where in str(e) and needle in str(e) for e in errors), [str(e) for e in errors]


@pytest.mark.parametrize("name", ["\u200b\u200b", "\u200d \ufeff", "\u2060"])
def test_a_name_of_only_invisible_characters_is_an_error_at_its_line(tmp_path, name):
    """A movement name pasted as zero-width spaces would print as nothing: an error, like an empty one."""
    errors = only_error(tmp_path, f'title: T\nmovements:\n  - id: a\n    name: "{name}"\n    steps: [s]\n')
    assert any("p.yaml:4:11: movements[0].name" in str(e) and "invisible characters" in str(e) for e in errors), \
        [str(e) for e in errors]


def test_a_label_that_leaves_out_its_placeholder_is_a_warning_at_its_line(tmp_path):
    """`movement_number: Movement` would print "Movement" on every movement without its number:
    the teacher is told where, and the program still builds with the words as written."""
    program, report = load(tmp_path, "title: T\nmovements: [{id: a, name: A, steps: [s]}]\n"
                                     "labels:\n  movement_number: Movement\n  practice_log: My week\n")
    assert report.errors == []
    (w,) = report.warnings
    assert "p.yaml:4:20: labels.movement_number" in str(w) and "leaves out `{number}`" in str(w), str(w)
    assert program.labels == {"movement_number": "Movement", "practice_log": "My week"}


@pytest.mark.parametrize("cues, needle", [
    ("[" + ", ".join(f"cue {i}" for i in range(7)) + "]", "has 7 items; the limit is 6"),
    ("[" + "x" * 81 + "]", "a cue is at most 80"),
    ("[]", "needs at least one item"),
])
def test_cue_limits(tmp_path, cues, needle):
    errors = only_error(tmp_path, f"title: T\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n    cues: {cues}\n")
    assert any(needle in str(e) and "movements[0].cues" in str(e) for e in errors), [str(e) for e in errors]


@pytest.mark.parametrize("accent, darkened", [("#ffffff", True), ("#ff9900", True), ("#2f6f6a", False), ("#123456", False)])
def test_an_accent_too_light_to_read_on_paper_is_printed_darker_with_a_warning_at_its_line(tmp_path, accent, darkened):
    """White (or orange) headings and step numbers on white paper cannot be read: the outputs
    take the nearest shade that reads (WCAG 4.5:1), and the teacher is told where and which."""
    from builder import theme

    program, report = load(tmp_path, f'title: X\ntheme:\n  accent: "{accent}"\nmovements:\n  - id: a\n    name: A\n    steps: [s]\n')
    got = program.theme.accent
    assert theme.contrast(got, "#ffffff") >= 4.5
    if darkened:
        assert got != accent and theme.contrast(got, "#ffffff") < 4.7  # as little darker as it takes
        (w,) = report.warnings
        assert str(w).startswith("content/p.yaml:3:11: theme.accent:") and got in str(w), str(w)
    else:
        assert got == accent and not report.warnings


@pytest.mark.parametrize("duration, needle", [("about two minutes", "cannot read"), ("99999 min", "more than a day")])
def test_a_duration_left_out_of_the_agenda_says_why(tmp_path, duration, needle):
    program, report = load(tmp_path, f"title: X\nmovements:\n  - id: a\n    name: A\n    duration: {duration}\n    steps: [s]\n")
    (w,) = report.warnings
    assert str(w).startswith("content/p.yaml:5:15: movements[0].duration:") and needle in str(w), str(w)


def test_a_key_allowed_elsewhere_is_not_suggested_as_itself():
    from builder.source import schema

    assert schema.did_you_mean("use", ["use", "repeat", "note"]) == ""  # not "unknown key use (did you mean use?)"
    assert schema.did_you_mean("repaet", ["use", "repeat", "note"]) == " (did you mean `repeat`?)"
