"""The booklet's paginator: keep rules, clean breaks and that it always ends."""

from __future__ import annotations

import random

from builder.layout.booklet.flow import Block, Row, paginate

FRAME = 100.0


def para(lines: int, keep_next=False, whole=False, space=0.0, tag=()) -> Block:
    rows = [Row(10.0) for _ in range(lines)]
    breaks = [False] + [(not whole) and 2 <= i <= lines - 2 for i in range(1, lines)]
    return Block(rows, breaks, space_before=space, keep_next=keep_next, tag=tag)


def pieces(pages, tag):
    return [n for n, page in enumerate(pages) for p in page if p.block.tag == tag]


def test_a_heading_stays_with_what_follows():
    blocks = [para(8), para(1, keep_next=True, tag=("h",)), para(3, whole=True, tag=("step",))]
    pages = paginate(blocks, FRAME)
    assert pieces(pages, ("h",)) == pieces(pages, ("step",)) == [1]


def test_a_paragraph_breaks_with_two_lines_on_each_side():
    pages = paginate([para(7), para(6, tag=("p",))], FRAME)
    rows = [len(p.block.rows) for page in pages for p in page if p.block.tag == ("p",)]
    assert rows == [3, 3] or all(r >= 2 for r in rows)


def test_a_step_never_breaks_unless_it_alone_is_taller_than_a_page():
    pages = paginate([para(7), para(5, whole=True, tag=("step",))], FRAME)
    assert pieces(pages, ("step",)) == [1]
    pages = paginate([para(25, whole=True, tag=("step",))], FRAME)
    assert [len(p.block.rows) for page in pages for p in page] == [10, 10, 5]


def test_a_chain_taller_than_a_page_starts_where_its_first_piece_fits():
    blocks = [para(5), para(1, keep_next=True, tag=("h",)), para(30, tag=("p",))]
    pages = paginate(blocks, FRAME)
    assert pieces(pages, ("h",)) == [0] and pieces(pages, ("p",))[0] == 0


def test_a_chain_taller_than_a_page_runs_on_block_by_block_without_leaving_one_alone():
    # a heading, a lead, a long panel and a last one, all kept together: taller than a page, so
    # the first page holds what fits of the run (not the heading alone), the long panel breaks
    blocks = [para(1, keep_next=True, tag=("h",)), para(2, keep_next=True, tag=("lead",)),
              para(9, keep_next=True, tag=("a",)), para(3, whole=True, tag=("b",))]
    pages = paginate(blocks, FRAME)
    assert [[p.block.tag[0] for p in page] for page in pages] == [["h", "lead", "a"], ["a", "b"]]
    # unbreakable blocks: each stays while the first piece of the next fits beside it, and one
    # that does not is kept on rather than leave the heading before it alone
    blocks = [para(1, keep_next=True, tag=("h",)), para(6, keep_next=True, whole=True, tag=("a",)),
              para(4, keep_next=True, whole=True, tag=("b",)), para(4, whole=True, tag=("c",))]
    pages = paginate(blocks, FRAME)
    assert [[p.block.tag[0] for p in page] for page in pages] == [["h", "a"], ["b", "c"]]


def test_a_chain_taller_than_any_page_starts_below_what_is_there_where_its_first_piece_fits():
    # a short section, then a heading kept with a long panel kept with another: the heading and
    # the panel's first lines follow on below the section rather than leave its page near empty
    blocks = [para(3, tag=("intro",)), para(1, keep_next=True, tag=("h",)),
              para(9, keep_next=True, tag=("a",)), para(4, whole=True, tag=("b",))]
    pages = paginate(blocks, FRAME)
    assert [p.block.tag[0] for p in pages[0]] == ["intro", "h", "a"]
    assert [p.block.tag[0] for p in pages[1]] == ["a", "b"]


def test_random_blocks_always_paginate_within_the_frame():
    rnd = random.Random(7)
    for _ in range(300):
        blocks = [para(rnd.randint(1, 40), keep_next=rnd.random() < 0.4, whole=rnd.random() < 0.5,
                       space=rnd.choice([0.0, 5.0]), tag=(k,)) for k in range(rnd.randint(1, 30))]
        for b in blocks:
            b.new_page = rnd.random() < 0.1
        pages = paginate(blocks, FRAME)
        assert sum(len(p.block.rows) for page in pages for p in page) == sum(len(b.rows) for b in blocks)
        for page in pages:
            assert page
            assert max(p.top + p.block.height for p in page) <= FRAME + 1e-6
