"""The Markdown subset: only **bold**, *italic*, paragraphs and "- " lists are interpreted."""

from builder.model.markdown import BulletList, Paragraph, Run, blocks, inline, plain, plain_inline


def test_paragraphs_and_lists():
    b = blocks("Intro line\ncontinues here.\n\n- first\n- second\n  continued\n\nLast.")
    assert [type(x) for x in b] == [Paragraph, BulletList, Paragraph]
    assert b[0].plain == "Intro line continues here."
    assert ["".join(r.text for r in item) for item in b[1].items] == ["first", "second continued"]


def test_a_list_right_after_a_paragraph_line():
    b = blocks("Lists:\n- a\n- b")
    assert isinstance(b[0], Paragraph) and isinstance(b[1], BulletList)


def test_bold_and_italic():
    assert inline("a **b** *c* d") == (Run("a "), Run("b", bold=True), Run(" "), Run("c", italic=True), Run(" d"))
    assert inline("**bold *and italic***")[1] == Run("and italic", bold=True, italic=True)


def test_everything_else_is_literal():
    for s in ["2 * 3 * 4", "<b>not bold</b>", "a & b; 100% {x}", "*unclosed", "# heading", "`code`", "[link](x)", "__u__"]:
        assert plain_inline(s) == s


def test_plain_strips_markers_only():
    assert plain("**Go** *slowly* & gently\n\n- a <b>") == "Go slowly & gently\n\n- a <b>"


def test_empty():
    assert blocks(None) == () and blocks("") == () and plain_inline(None) == ""


def test_stars_inside_words_stay_literal():
    assert plain_inline("5*3*2 reps") == "5*3*2 reps"
    assert plain_inline("a**b**c") == "a**b**c"


def test_numbered_lines_keep_their_own_lines():
    b = blocks("Steps:\n1. lift\n2. lower\n   slowly")
    assert [x.plain for x in b] == ["Steps:", "1. lift", "2. lower slowly"]
