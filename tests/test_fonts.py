"""Characters the main fonts lack: fallback fonts in print, honest widths in the deck, warnings for the rest."""

from __future__ import annotations

import pytest

from builder import fonts
from builder.layout import deck as deck_plan
from builder.render.pdf import kit as pdfkit
from builder.errors import Report
from builder.source.loader import Loader, Workspace

HAN = "呼吸"
needs_han_fallback = pytest.mark.skipif(fonts.fallback_for(HAN[0]) is None,
                                        reason="no fallback font for Chinese on this machine (fonts-droid-fallback)")


def test_latin_text_is_only_escaped():
    assert pdfkit.esc("a < b & c") == "a &lt; b &amp; c"
    assert pdfkit.esc("Crème brûlée, Αναπνοή") == "Crème brûlée, Αναπνοή"  # Noto Sans has these


@needs_han_fallback
def test_missing_characters_are_set_in_a_fallback_font_and_still_escaped():
    pdfkit.setup()
    name = fonts.fallback_for(HAN[0])[0]
    assert pdfkit.esc(f"Breathe {HAN} <slowly>") == f'Breathe <font face="{name}">{HAN}</font> &lt;slowly&gt;'
    assert pdfkit.text_width(HAN, pdfkit.FONT, 10) == pytest.approx(20, rel=0.1)  # full-width, not the missing-glyph box


@needs_han_fallback
def test_a_fallback_font_counts_as_covered_so_no_warning(tmp_path):
    (tmp_path / "content").mkdir()
    f = tmp_path / "content" / "p.yaml"
    f.write_text(f"title: {HAN}\nmovements:\n  - id: a\n    name: A\n    steps: ['{HAN}', 'smile 🙂']\n", encoding="utf-8")
    report = Report()
    assert Loader(Workspace(tmp_path), report).load(f) is not None
    assert len(report.warnings) == 1 and "U+1F642" in report.warnings[0].message


def test_deck_measures_wide_characters_at_a_full_em_at_least():
    # Arial lacks these; PowerPoint and LibreOffice draw them in a substitute font about 1 em wide.
    assert deck_plan.text_width_pt(HAN * 5, 20) >= 10 * 20 * 0.95
    assert deck_plan.text_width_pt("abc" + HAN, 20) == pytest.approx(
        deck_plan.text_width_pt("abc", 20) + deck_plan.text_width_pt(HAN, 20))


def test_deck_measures_combining_marks_at_no_width():
    # Thai vowel and tone marks sit on their consonant: "ที่นี่" is as wide as "ทน"
    assert deck_plan.text_width_pt("ที่นี่", 20) == pytest.approx(deck_plan.text_width_pt("ทน", 20))


@needs_han_fallback
def test_a_short_duration_in_a_fallback_font_prints(tmp_path):
    from pathlib import Path

    from builder.layout import booklet as booklet_plan
    from builder.model import BookletOptions, Movement, Program
    from builder.render.pdf import booklet

    p = Program(name="p", source=Path("/x/content/p.yaml"), workspace=Path("/x"), title="T", booklet=BookletOptions(),
                movements=(Movement(id="a", name="A", duration="4 分钟"),))
    pdf, n = booklet.render_pdf(booklet_plan.plan(p), {})
    assert n % 4 == 0


def test_the_recorded_coverage_is_what_the_bundled_fonts_cover():
    """coverage.json (what a build reads instead of parsing the fonts) holds every bundled font,
    and each one's code points are exactly those its cmap maps and its advance widths those of
    its hmtx table; a font file other than the recorded one is read from the font itself."""
    bundled = sorted(fonts.FONT_DIR.glob("*.ttf"))
    assert {p.name for p in bundled} <= set(fonts._coverage_record())
    for path in bundled:
        assert fonts._shipped_coverage(path) == fonts.read_coverage(path), path.name
        shipped = fonts._shipped_metrics(path)
        assert shipped is not None and shipped == fonts.read_metrics(path), path.name


def test_a_font_unlike_its_record_is_read_from_the_font(monkeypatch):
    path = fonts.PRINT_FILES["regular"]
    record = dict(fonts._coverage_record())
    record[path.name] = {**record[path.name], "sha256": "0" * 64, "ranges": [[65, 66]]}
    monkeypatch.setattr(fonts, "_coverage_record", lambda: record)
    assert fonts._shipped_coverage(path) is None
    assert fonts._shipped_metrics(path) is None
    record[path.name] = {"sha256": fonts._file_hash(path), "ranges": "junk",
                         "metrics": {**record[path.name]["metrics"], "advances": "not base64!"}}
    assert fonts._shipped_coverage(path) is None
    assert fonts._shipped_metrics(path) is None
    record[path.name]["metrics"] = {**record[path.name]["metrics"], "advances": fonts._pack("H", [500, 600])}
    assert fonts._shipped_metrics(path) is None  # fewer widths than code points


def test_a_changed_coverage_record_remakes_the_outputs():
    """The coverage record is part of what the build's fingerprints hold of its own code, as the fonts are."""
    import os

    from builder.build import fingerprint

    st = fonts.COVERAGE_FILE.stat()
    fingerprint._CODE_HASH = None  # computed afresh (it is kept for the process)
    before = fingerprint.code_hash()
    try:
        os.utime(fonts.COVERAGE_FILE, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        fingerprint._CODE_HASH = None
        assert fingerprint.code_hash() != before
    finally:
        os.utime(fonts.COVERAGE_FILE, ns=(st.st_atime_ns, st.st_mtime_ns))
        fingerprint._CODE_HASH = None
    assert fingerprint.code_hash() == before
