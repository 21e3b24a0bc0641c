"""The teacher's prose on slides: Markdown paragraphs and lists as measured paragraphs, cut into sentences.

Intro text is shown at most about :data:`~.units.INTRO_WORDS` words a slide: each
paragraph is cut into sentences (blocks that join again when they share a slide) kept
together, so slides break between paragraphs (between sentences only in a paragraph
longer than a slide, between lines only in a sentence longer than a slide).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...model import markdown
from ...model.markdown import BulletList, Paragraph
from .flow import Block, items
from .shapes import Para, Span
from .text import merge, para

_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+(?=\S)|(?<=[。！？])(?=\S)")


def _spans(runs) -> tuple[Span, ...]:
    return tuple(Span(r.text, r.bold, r.italic) for r in runs)


def prose_paras(f, text: str | None, size: float, width: int, space: float | None = None,
                lead: tuple[Span, ...] = (), first_space: float = 0) -> list[Para]:
    """Markdown blocks as measured paragraphs: lists become real bullets. ``lead`` (a caution's
    level and title) starts the first paragraph, or is a line of its own before a list;
    ``first_space``: the space above the first paragraph (pt)."""
    out: list[Para] = []
    gap = round(size * 0.5) if space is None else space
    indent = round(size * 1.1 * 12700)
    for b in markdown.blocks(text):
        if isinstance(b, Paragraph):
            spans = _spans(b.runs)
            out.append(para((*lead, *spans) if not out else spans, size, width, colour=f.ink,
                            space_before_pt=gap if out else first_space))
        elif isinstance(b, BulletList):
            if lead and not out:
                out.append(para(lead, size, width, colour=f.ink, space_before_pt=first_space))
            for k, item in enumerate(b.items):
                out.append(para(_spans(item), size, width, colour=f.ink, bullet=True, indent_emu=indent, marker_colour=f.marker,
                                space_before_pt=(gap if k == 0 else round(size * 0.3)) if out else first_space))
    if lead and not out:
        out.append(para(lead, size, width, colour=f.ink, space_before_pt=first_space))
    return out


def sentences(spans: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    """``spans`` cut after every sentence end (the space between them dropped)."""
    flat = "".join(s.text for s in spans)
    cuts = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(flat)]
    if not cuts:
        return [spans]
    out = []
    start = 0
    for a, b in cuts + [(len(flat), len(flat))]:
        out.append(_slice(spans, start, a))
        start = b
    return [s for s in out if s]


def _slice(spans: tuple[Span, ...], a: int, b: int) -> tuple[Span, ...]:
    out = []
    pos = 0
    for s in spans:
        lo, hi = max(a, pos), min(b, pos + len(s.text))
        if hi > lo:
            out.append(replace(s, text=s.text[lo - pos:hi - pos]))
        pos += len(s.text)
    return merge(out)


WHOLE_LIST = 6  # a list this short is shown whole on one slide (with the sentence that leads into it)


def sentence_blocks(f, text: str | None, size: float, width: int, split: bool = True, head: Para | None = None,
                    space: float | None = None, whole: bool = False) -> list[Block]:
    """Prose as blocks: each sentence a block joined to its paragraph again on a slide; each list item a list block.

    ``split=False``: slides break between sentences (a sentence breaks between lines only
    when it alone is taller than a slide). A paragraph that ends with a colon stays with
    the list that follows it. ``whole``: a paragraph keeps its sentences together and a
    list of at most :data:`WHOLE_LIST` items its items, so slides break between
    paragraphs (within one only when it alone is longer than a slide).
    """
    out: list[Block] = []
    gap = round(size * 0.5) if space is None else space
    indent = round(size * 1.1 * 12700)
    for n, b in enumerate(markdown.blocks(text), start=1):
        if isinstance(b, Paragraph):
            sents = sentences(_spans(b.runs))
            lead = "".join(x.text for x in sents[-1]).rstrip().endswith((":", "："))  # it leads into a list
            if whole and len(sents) == 1 and not lead and out and out[-1].para is not None:
                out[-1] = replace(out[-1], keep_next=True)  # a one-sentence paragraph never alone on a slide
            for k, sent in enumerate(sents):
                p = para(sent, size, width, colour=f.ink, space_before_pt=gap if (out and k == 0) else 0)
                out.append(Block(p, split=split, join=k > 0, head=head, group=n, keep_next=whole and k < len(sents) - 1))
        elif isinstance(b, BulletList):
            if out and out[-1].para is not None and out[-1].para.text.rstrip().endswith((":", "：")):
                out[-1] = replace(out[-1], keep_next=True)
            paras = [para(_spans(item), size, width, colour=f.ink, bullet=True, indent_emu=indent, marker_colour=f.marker,
                          space_before_pt=(gap if k == 0 else round(size * 0.3)) if (out or k) else 0)
                     for k, item in enumerate(b.items)]
            listed = items(paras, split=split)
            if whole and len(listed) <= WHOLE_LIST:
                listed = [replace(x, keep_next=k < len(listed) - 1) for k, x in enumerate(listed)]
            out += [replace(x, head=head) for x in listed]
    return out
