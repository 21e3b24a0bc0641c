"""Evening a list out over pages or slides: items moved on from one to the next until none holds
two or more fewer than the one before it (8 items as 4 and 4, not 6 and 2). Shared by the
booklet's routine pages and the deck's step slides; each gives its own paginator. Pure."""

from __future__ import annotations

from typing import Callable, TypeVar

B = TypeVar("B")  # a block
E = TypeVar("E")  # what a page holds: a block, or a block placed


def even_lists(blocks: list[B], pages: list[list[E]], *, block_of: Callable[[E], B], is_item: Callable[[B], bool],
               starting: Callable[[B], B], repaginate: Callable[[list[B]], list[list[E]]],
               worse: Callable[[list[list[E]], list[list[E]]], bool]) -> list[list[E]]:
    """``pages`` (of ``blocks``) with the last item of a page holding two or more items more than
    the next moved on to it (``starting(block)``: the block made to start a page, then
    ``repaginate``), over and over from the last such pair, for as long as that is not
    ``worse(again, pages)`` (a page more, a keep rule broken) and a piece of a split block is
    not what would move."""
    original = list(blocks)
    for _ in range(len(blocks)):
        counts = [[k for k, e in enumerate(p) if is_item(block_of(e))] for p in pages]
        pairs = [i for i in range(len(pages) - 1)
                 if counts[i] and counts[i + 1] and len(counts[i]) - len(counts[i + 1]) >= 2]
        if not pairs:
            return pages
        i = pairs[-1]
        last = block_of(pages[i][counts[i][-1]])
        where = next((k for k, b in enumerate(blocks) if b is last), None)
        if where is None:  # a piece of a split block: leave the pages as they are
            return pages
        trial = list(blocks)
        trial[where] = starting(last)
        # the page it moves to no longer starts where it was made to (its first block after any head)
        first = next((block_of(e) for e in pages[i + 1] if any(block_of(e) is b for b in blocks)), None)
        at = next((k for k, b in enumerate(blocks) if b is first), None)
        if at is not None and blocks[at] is not original[at]:
            trial[at] = original[at]
        again = repaginate(trial)
        if worse(again, pages):
            return pages
        blocks, pages = trial, again
    return pages
