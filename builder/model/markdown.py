"""The small Markdown subset of prose fields: **bold**, *italic*, paragraphs, ``- `` lists.

Everything else is literal text. Nothing here knows an output format: renderers turn
:class:`Run` lists into their own styled text (escaping it for their markup).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]

    @property
    def plain(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class BulletList:
    items: tuple[tuple[Run, ...], ...]


Block = Paragraph | BulletList

_BULLET = re.compile(r"^\s*[-•]\s+(.*)$")
# **bold** and *italic*: the marker must touch text on its inner side ("2 * 3 * 4" stays literal).
# Markers must stand at word edges: "5*3*2 reps" and "snake_case*x*y" stay literal.
_BOLD = re.compile(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", re.S)
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s")


def blocks(text: str | None) -> tuple[Block, ...]:
    """Split prose into paragraphs and bullet lists."""
    if not text:
        return ()
    out: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        para: list[str] = []
        items: list[str] = []

        def flush_para():
            if para:
                out.append(Paragraph(inline(" ".join(para))))
                para.clear()

        def flush_items():
            if items:
                out.append(BulletList(tuple(inline(i) for i in items)))
                items.clear()

        for line in chunk.split("\n"):
            m = _BULLET.match(line)
            if m:
                flush_para()
                items.append(m.group(1).strip())
            elif items and line.strip() and line[:1] in (" ", "\t"):
                items[-1] += " " + line.strip()  # an indented continuation of the item
            elif _NUMBERED.match(line):
                # "1. ..." lines are not a list in the subset, but each keeps its own line
                flush_items()
                flush_para()
                para.append(line.strip())
            elif line.strip():
                flush_items()
                para.append(line.strip())
        flush_para()
        flush_items()
    return tuple(out)


def inline(text: str) -> tuple[Run, ...]:
    """Split one line of prose into styled runs."""
    runs: list[Run] = []
    pos = 0
    for m in _BOLD.finditer(text):
        runs.extend(_italic_runs(text[pos : m.start()], bold=False))
        runs.extend(_italic_runs(m.group(1), bold=True))
        pos = m.end()
    runs.extend(_italic_runs(text[pos:], bold=False))
    return tuple(r for r in runs if r.text)


def _italic_runs(text: str, bold: bool) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in _ITALIC.finditer(text):
        runs.append(Run(text[pos : m.start()], bold, False))
        runs.append(Run(m.group(1), bold, True))
        pos = m.end()
    runs.append(Run(text[pos:], bold, False))
    return runs


def plain(text: str | None) -> str:
    """The prose without markers: paragraphs separated by blank lines, items by "- "."""
    parts = []
    for b in blocks(text):
        if isinstance(b, Paragraph):
            parts.append(b.plain)
        else:
            parts.append("\n".join("- " + "".join(r.text for r in item) for item in b.items))
    return "\n\n".join(parts)


def plain_inline(text: str | None) -> str:
    """One line of prose without markers (for titles, cues and measuring)."""
    return "".join(r.text for r in inline(" ".join((text or "").split())))
