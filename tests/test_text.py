"""The print text engine: widths as a PDF sets them, line breaks for every script, right-to-left order."""

from __future__ import annotations

import time

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from builder import fonts
from builder.layout import text as tx
from builder.layout.text import Span, wrap


def lines(text, width, size=11.0, **kw):
    return [ln.text for ln in wrap([Span(text)], size, width, **kw)]


def test_widths_are_the_widths_a_pdf_sets():
    pdfmetrics.registerFont(TTFont("WidthCheck", str(fonts.PRINT_FILES["regular"])))
    for s in ("Hello world", "Crème brûlée, naïve café", "Αναπνοή: ήρεμα", "Дыхание"):
        (line,) = wrap([Span(s)], 11, 1000)
        assert line.width == pytest.approx(pdfmetrics.stringWidth(s, "WidthCheck", 11), abs=1e-6)


def test_lines_never_exceed_the_width_and_keep_every_word():
    text = "Lie on your right side, knees folded at right angles, and breathe out slowly as you lift."
    got = wrap([Span(text)], 11, 90)
    assert all(ln.width <= 90 + 1e-6 for ln in got)
    assert " ".join(ln.text for ln in got) == text


def test_styles_make_pieces_in_their_faces():
    (line,) = wrap([Span("plain "), Span("bold", bold=True), Span(" italic", italic=True)], 11, 500)
    assert [(p.text, p.face) for p in line.pieces] == [("plain ", "MBSans"), ("bold", "MBSans-Bold"), (" italic", "MBSans-Italic")]


def test_whitespace_collapses_and_no_break_spaces_glue():
    assert lines("a   b\n c", 500) == ["a b c"]
    narrow = lines("10\u00a0min 10\u00a0min 10\u00a0min", 40)
    assert all("\u00a0" in ln for ln in narrow)  # never broken at a no-break space


def test_hyphen_between_letters_is_a_break():
    w = max(tx._width("well-", "MBSans", 11.0), tx._width("known", "MBSans", 11.0))
    assert lines("well-known", w + 1) == ["well-", "known"]


@pytest.mark.parametrize("address", ["info@northside-somatics.example.org", "northside-somatics.example.org/home-practice",
                                     "https://www.north-side.example/videos/side-bend"])
def test_an_address_never_ends_a_line_on_a_hyphen(address):
    """A web or email address breaks after a slash or @, before a dot or hyphen: a line ending on
    "northside-" would leave the reader unsure whether the hyphen is part of it."""
    text = f"Write to {address}."
    for width in range(80, 260, 6):  # wide enough for its longest piece (narrower breaks between letters)
        got = lines(text, width)
        assert "".join(got).replace(" ", "") == text.replace(" ", "")
        assert not any(ln.endswith("-") for ln in got), (width, got)
        assert not any(ln.startswith(".") and len(ln) == 1 for ln in got)
    assert any(ln.startswith("-") for w in range(80, 260, 6) for ln in lines(text, w)), "never broken before a hyphen"


def test_words_with_a_hyphen_and_dot_that_are_no_address_break_as_words():
    w = max(tx._width("e.g. well-", "MBSans", 11.0), tx._width("known", "MBSans", 11.0))
    assert lines("e.g. well-known", w + 1) == ["e.g. well-", "known"]
    assert tx._addresses("詳しくはexample.org/videosを見てください") == []
    for words in ("Bougez lentement, p.ex. les genoux", "well-being.Stop now", "Dr.med. Smith", "slowly.Then", "side-bend.yaml"):
        assert tx._addresses(words) == [], words


@pytest.mark.parametrize("text, address", [
    ("Videos are on our site (north-side.example/videos) for you.", "north-side.example/videos"),
    ("Schreiben Sie an info@north-side.example。", "info@north-side.example"),
    ("„north-side.example/videos“", "north-side.example/videos"),
    ("see www.north-side.de.", "www.north-side.de"),
])
def test_an_address_in_brackets_quotes_or_before_a_full_stop_is_found(text, address):
    assert [text[a:b] for a, b in tx._addresses(text)] == [address]


def test_a_word_wider_than_the_line_breaks_between_characters():
    got = lines("x" * 300, 100)
    assert "".join(got) == "x" * 300 and len(got) > 3


def test_combining_marks_stay_with_their_letter():
    s = "e\u0301" * 200  # é written as e + combining accent
    for ln in lines(s, 50):
        assert not ln.startswith("\u0301")


def test_japanese_breaks_between_characters_keeping_kinsoku():
    text = "これは「テスト」です。ちょっと待ってください、ね。今日は（晴れ）です。"
    got = lines(text, 60)
    assert "".join(got) == text and len(got) > 3
    for ln in got:
        assert ln[0] not in tx.NO_START, got
        assert ln[-1] not in tx.NO_END, got


def test_chinese_wraps_without_spaces():
    text = "呼吸：慢慢地放松全身" * 5
    got = lines(text, 60)
    assert "".join(got) == text and len(got) > 2


def test_thai_breaks_between_words_not_inside():
    text = "สวัสดีครับ วันนี้เราจะไปโรงเรียนด้วยกัน"
    got = lines(text, 45)
    assert len(got) > 1
    words = set(tx._thai_parser().parse("วันนี้เราจะไปโรงเรียนด้วยกัน"))
    for ln in got[1:]:  # each line starts at a word (budoux's word boundary)
        assert any(ln.startswith(w) for w in words | {"วันนี้"}), got
    for ln in got:
        assert not tx.is_mark(ln[0])


def _visual(s: str, base: str) -> str:
    from bidi.algorithm import get_display

    return get_display(tx.shape(s), base_dir=base)


@pytest.mark.parametrize("text", ["שלום עולם", "שלום 123 עולם ABC", "مرحبا بالعالم", "خذ 5 أنفاس (ببطء)", "لا إله"])
def test_right_to_left_lines_are_shaped_and_in_visual_order(text):
    (line,) = wrap([Span(text)], 11, 1000)
    assert line.rtl
    assert line.text == _visual(text, "R")
    assert line.offset(1000) == pytest.approx(1000 - line.width)  # flush right
    if "ل" in text or "م" in text:
        assert any(0xFB50 <= ord(c) <= 0xFEFF for c in line.text), "Arabic letters are joined (presentation forms)"


@pytest.mark.parametrize("text, rtl, shown", [
    ("כיפוף צד (Side Bend) 123", True, "123 (Side Bend) דצ ףופיכ"),
    ("abc (שלום) def", False, "abc (םולש) def"),
    ("שלום (abc def) עולם", True, "םלוע (abc def) םולש"),
    ("שלום [abc (def) ghi] עולם", True, "םלוע [abc (def) ghi] םולש"),
])
def test_brackets_round_other_script_words_stay_round_them(text, rtl, shown):
    """Rule N0 of the bidi algorithm (paired brackets): "(Side Bend)" in a Hebrew name is not
    printed "Side Bend) 123)"; the same order as the algorithm's reference implementation."""
    from bidi import get_display

    got = "".join(ch for ch, _ in tx._visual_order(text, rtl))
    assert got == shown
    blind = str.maketrans("()[]", "||||")  # the reference leaves the mirroring of brackets to the font
    assert got.translate(blind) == get_display(text, base_dir="R" if rtl else "L").translate(blind)


@pytest.mark.parametrize("word, vowel", [("ที่", "\u0e35"), ("ขึ้น", "\u0e36"), ("กั้น", "\u0e31")])
def test_a_thai_tone_mark_over_an_upper_vowel_is_raised_above_it(word, vowel):
    """ที่ is not ที: the PDFs draw no OpenType mark positioning, so a tone mark over an upper vowel
    is its own piece, raised (and moved) as the Thai face's mark-to-mark anchors put it."""
    (line,) = wrap([Span(word)], 20, 1000)
    (tone,) = [p for p in line.pieces if p.text in "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"]
    assert tone.rise == pytest.approx(tx._THAI_LIFT[vowel][1] * 20 / 1000) and tone.rise > 3
    assert "".join(p.text for p in line.pieces) == word  # every character, in order
    (plain,) = wrap([Span("ก่อน")], 20, 1000)  # a tone mark over a consonant stays where the font puts it
    assert all(p.rise == 0 for p in plain.pieces)


def test_right_to_left_paragraph_over_several_lines_reads_line_by_line():
    text = "שלום עולם טוב מאוד נשימה עמוקה ושקטה"
    got = wrap([Span(text)], 11, 60)
    assert len(got) > 2
    logical = []
    for ln in got:  # reversing each line's visual order gives the logical words in order
        logical.append(ln.text[::-1])
    assert " ".join(logical) == text


def test_left_to_right_paragraph_with_an_arabic_phrase():
    (line,) = wrap([Span("Breathe: خذ 5 أنفاس")], 11, 1000)
    assert not line.rtl and line.text.startswith("Breathe: ")
    assert line.text == _visual("Breathe: خذ 5 أنفاس", "L")


def test_scripts_get_their_faces():
    (line,) = wrap([Span("Hi שלום 中文 ภาษา")], 11, 1000)
    faces = {p.face for p in line.pieces}
    assert {"MBSans", "NotoSansHebrew", "NotoSansThai"} <= faces
    (bold,) = wrap([Span("שלום", bold=True)], 11, 1000)
    assert bold.pieces[0].face == "NotoSansHebrew-Bold"


@pytest.mark.parametrize("text", ["a" * 20_000, "word " * 4_000, "中" * 20_000, "שלום עולם " * 2_000, "x-" * 10_000])
def test_twenty_thousand_characters_wrap_quickly(text):
    t0 = time.process_time()
    got = wrap([Span(text)], 11, 300)
    assert time.process_time() - t0 < 5  # generous: about 0.3 s here; a quadratic break took 16 s
    assert sum(len(ln.text) for ln in got) >= len(text.replace(" ", "")) * 0.99
