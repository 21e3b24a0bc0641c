"""The teacher's prose on slides: Markdown paragraphs and lists as measured paragraphs, cut into sentences.

Intro text is shown at most about :data:`~.units.INTRO_WORDS` words a slide: each
paragraph is cut into sentences (blocks that join again when they share a slide), so
slides break between sentences; a sentence longer than a slide breaks between lines.
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


def prose_paras(f, text: str | None, size: float, width: int, space: float | None = None) -> list[Para]:
    """Markdown blocks as measured paragraphs: lists become real bullets."""
    out: list[Para] = []
    gap = round(size * 0.5) if space is None else space
    indent = round(size * 1.1 * 12700)
    for b in markdown.blocks(text):
        if isinstance(b, Paragraph):
            out.append(para(_spans(b.runs), size, width, colour=f.ink, space_before_pt=gap if out else 0))
        elif isinstance(b, BulletList):
            for k, item in enumerate(b.items):
                out.append(para(_spans(item), size, width, colour=f.ink, bullet=True, indent_emu=indent, marker_colour=f.marker,
                                space_before_pt=(gap if k == 0 else round(size * 0.3)) if out else 0))
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


def sentence_blocks(f, text: str | None, size: float, width: int, split: bool = True, head: Para | None = None,
                    space: float | None = None) -> list[Block]:
    """Prose as blocks: each sentence a block joined to its paragraph again on a slide; each list item a list block.

    ``split=False``: slides break between sentences (a sentence breaks between lines only
    when it alone is taller than a slide). A paragraph that ends with a colon stays with
    the list that follows it.
    """
    out: list[Block] = []
    gap = round(size * 0.5) if space is None else space
    indent = round(size * 1.1 * 12700)
    for n, b in enumerate(markdown.blocks(text), start=1):
        if isinstance(b, Paragraph):
            for k, sent in enumerate(sentences(_spans(b.runs))):
                p = para(sent, size, width, colour=f.ink, space_before_pt=gap if (out and k == 0) else 0)
                out.append(Block(p, split=split, join=k > 0, head=head, group=n))
        elif isinstance(b, BulletList):
            if out and out[-1].para is not None and out[-1].para.text.rstrip().endswith((":", "：")):
                out[-1] = replace(out[-1], keep_next=True)
            paras = [para(_spans(item), size, width, colour=f.ink, bullet=True, indent_emu=indent, marker_colour=f.marker,
                          space_before_pt=(gap if k == 0 else round(size * 0.3)) if (out or k) else 0)
                     for k, item in enumerate(b.items)]
            out += [replace(x, head=head) for x in items(paras, split=split)]
    return out
