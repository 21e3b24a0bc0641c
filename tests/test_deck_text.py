"""Measuring slide text in the teacher's language: where lines break, how wide text is, which way it runs."""

from __future__ import annotations

import pytest

from builder.layout import deck as dp
from builder.layout.deck.linebreak import NO_END, NO_START, THAI_PREFIX_VOWELS, breaks, is_mark


def _pieces(text: str) -> list[str]:
    cuts = [0] + breaks(text) + [len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


SAMPLES = [
    "これは「テスト」です。ちょっと待ってください、ね。",
    "今日は（晴れ）です。価格は¥500。",
    "呼吸：慢慢地放松全身，然后再试一次。",
    "สวัสดีครับ ยินดีต้อนรับ",
    "เราไปโรงเรียน",
    "Breathe in, well-known 日本語テキスト and ไทย mixed.",
    "خذ 5 أنفاس عميقة",
    "Crème brûlée, naïve café",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_bracket(text):
    for b in breaks(text):
        assert text[b] not in NO_START, (text, b)
        assert text[b - 1] not in NO_END, (text, b)
        assert not is_mark(text[b]), (text, b)  # never between a letter and its combining mark
        assert text[b - 1] not in THAI_PREFIX_VOWELS, (text, b)


def test_east_asian_text_breaks_between_characters():
    assert _pieces("日本") == ["日", "本"]
    assert _pieces("これは「テスト」です。") == ["こ", "れ", "は", "「テ", "ス", "ト」", "で", "す。"]
    assert _pieces("今日は（晴れ）です。") == ["今", "日", "は", "（晴", "れ）", "で", "す。"]


def test_spaced_text_breaks_at_spaces_and_after_a_hyphen_between_letters():
    assert _pieces("ab cd") == ["ab ", "cd"]
    assert _pieces("well-known a -5") == ["well-", "known ", "a ", "-5"]


def test_thai_breaks_at_words_never_inside_a_syllable():
    assert _pieces("เราไปโรงเรียน") == ["เรา", "ไป", "โรงเรียน"]
    # marks stay with their letter: ที่ never splits from its tone mark
    for piece in _pieces("ค่อยๆ ยกเข่าขึ้นช้าๆ แล้วหายใจออก"):
        assert not is_mark(piece[0])


def test_a_japanese_paragraph_wraps_to_its_width_without_kinsoku_violations():
    text = "腰を持ち上げて、ゆっくりと下ろします。これを五回繰り返します。無理をしないでください。" * 3
    lines = dp.wrap((dp.Span(text),), 24, 200)
    assert len(lines) > 5
    assert "".join(t.text for line in lines for t in line) == text
    for line in lines:
        first = line[0].text[0]
        assert first not in NO_START, line[0].text
        assert sum(t.width(24) for t in line) <= 200
        assert line[-1].text[-1] not in NO_END


def test_wide_characters_are_measured_at_least_a_full_em():
    assert dp.text_width_pt("呼吸" * 5, 20) >= 10 * 20 * 0.95


def test_arabic_is_measured_with_its_joined_letter_forms():
    from builder.layout.deck import text

    if text._arabic_font(False) is None:
        pytest.skip("no font with Arabic letter forms on this machine (fonts-noto-core or fonts-dejavu)")
    word = "بالعالم"
    joined = dp.text_width_pt(word, 20)
    isolated = sum(dp.text_width_pt(ch, 20) for ch in word)
    assert 0 < joined < isolated  # joined forms are narrower than the letters one by one


@pytest.mark.parametrize("text,rtl", [
    ("مرحبا بالعالم", True),
    ("שלום עולם", True),
    ("5 أنفاس", True),  # digits are weak: the first strong character decides
    ("Breathe: خذ 5 أنفاس", False),
    ("(שלום)", True),
    ("123", False),
])
def test_a_paragraph_is_right_to_left_when_its_first_strong_character_is(text, rtl):
    assert dp.is_rtl(text) is rtl
    p = dp.para([dp.Span(text)], 24, dp.inch(4))
    assert p.rtl is rtl
    assert p.align == ("right" if rtl else "left")


def test_right_to_left_text_is_kept_in_logical_order():
    text = "ضع يدك العليا على خصرك"
    p = dp.para([dp.Span(text)], 24, dp.inch(2))
    assert p.text == text and p.lines >= 2
    assert "".join(t.text + " " for line in dp.wrap(p.spans, 24, dp.emu_pt(dp.inch(2))) for t in line).strip() == text
