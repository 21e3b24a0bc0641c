"""Plan the home-practice booklet: every page decided here, measured with the print text engine.

Pure (no reportlab): :func:`plan` measures the program's text (:mod:`builder.layout.text`),
paginates it by the booklet's own keep rules (:mod:`.flow`), places everything and returns a
:class:`BookletPlan`: the pages as :mod:`builder.layout.page` items plus the print version's
choices. The renderer (:mod:`builder.render.pdf.booklet`) only draws and imposes it.

The order of the booklet: cover, inside cover, contents, introduction, "Before you begin",
one unit of pages per movement (each starts on a new page; one that takes two pages or more
starts on a left-hand page, so its pictures face its steps), routines, practice log, notes,
back cover; the pages that pad it to a multiple of four go where they belong (the routines at
a glance after the routines, more log days after the log, notes last). Each page keeps its body apart from
its furniture (page number, running head), and knows the unit it belongs to.

Units: points (origin bottom-left) unless a name says ``_mm``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ... import theme
from ...compose import labels_for
from ...images import ImageRequest
from ...model import Program
from ...model.markdown import plain_inline
from .. import reuse
from .. import text as tx
from ..page import Box, Document, Item, OutlineEntry, Page, Picture, TextBlock
from .back import LOG_FEEL_FRAC, LOG_TICK_NAMED_MM, Back, LogPlan, log_fixed_w, log_plan
from .blocks import Maker, plain
from .flow import Block, Placed, Row, paginate, paginate_even
from .front import Front
from .geometry import Geometry, Styles, geometry
from .movement import MovementBlocks, continued
from .printing import PrintPlan, print_plan

__all__ = ["plan", "Edition", "BookletPlan", "PagePlan", "PrintPlan", "Geometry", "geometry", "LogPlan",
           "log_plan", "log_fixed_w", "LOG_FEEL_FRAC", "LOG_TICK_NAMED_MM", "STOCK"]


PICTURE_SCALES = (1.0, 0.85, 0.7, 0.58)
"""A movement's pictures shrink in these steps (of their box) when that keeps it to two pages."""
TIGHT = 0.55
"""The space between a movement's parts, as a share of the usual, when that keeps it to one page."""
ONE_PAGE_SCALE = 0.7
"""A movement goes on one page rather than an opening when its pictures keep this share of their box."""
SPREAD_SCALES = (1.6, 1.35, 1.15, 1.0)
"""A one-page movement spread over an opening has larger pictures, as large as keep it to two pages."""


@dataclass(frozen=True)
class Edition:
    """Which booklet of a program to plan: the stock booklet, or a variant of it.

    A client's booklet (a later issue) is an edition: the movements chosen for them, and its
    own print size. Fields left None take the program's choice.
    """

    movements: tuple[str, ...] | None = None  # ids of the movements to include, in program order
    large_print: bool | None = None
    page_size: str | None = None


STOCK = Edition()


@dataclass(frozen=True)
class PagePlan:
    """One page: its body, its furniture (what depends on its position), where links land."""

    body: tuple[Item, ...]
    furniture: tuple[Item, ...]
    anchors: tuple[str, ...]
    unit: str  # the run of pages it belongs to: "cover", "intro", "movement:<id>", "notes"...
    label: str = ""
    blocks: tuple[tuple, ...] = ()  # what the page holds, by block tag: ("step", part, n), ("picture",)...


@dataclass(frozen=True)
class BookletPlan:
    """The planned booklet: its pages, outline and metadata, and how it is printed."""

    geometry: Geometry
    pages: tuple[PagePlan, ...]
    outline: tuple[OutlineEntry, ...]
    title: str
    author: str
    subject: str
    language: str
    printing: PrintPlan
    anchor_pages: dict = field(default_factory=dict)  # anchor -> page number (1-based)
    notes: tuple = ()  # (message id, ((name, value), ...)) for the user: a cover picture left out
    edition: str = ""  # "" for the program's booklet, a client's id for theirs (see Document.edition)
    low_resolution: tuple = ()  # pictures placed smaller than their frames: ((name, value), ...) of each console note

    def document(self) -> Document:
        g = self.geometry
        pages = tuple(Page(g.page_w, g.page_h, p.body + p.furniture, p.anchors, p.label) for p in self.pages)
        return Document(pages, self.title, self.author, self.subject, self.language, self.outline, rtl=g.rtl,
                        edition=self.edition)

    def image_requests(self) -> list[ImageRequest]:
        """Every picture box the booklet places, once."""
        return list(dict.fromkeys(it.request for p in self.pages for it in p.body if isinstance(it, Picture)))

    def units(self) -> dict[str, tuple[int, ...]]:
        """Unit -> its page numbers (1-based)."""
        out: dict[str, list[int]] = {}
        for n, p in enumerate(self.pages, 1):
            out.setdefault(p.unit, []).append(n)
        return {k: tuple(v) for k, v in out.items()}


@dataclass
class _Page:
    placed: list[Placed]
    unit: str
    numbered: bool = True
    running: str = ""
    extra: list = field(default_factory=list)  # items drawn as they are (cover bands)


THIN_PAGE = 0.25
"""A page that holds less than this share of its frame is near empty: the next section follows on it."""


HOLLOW = 0.5
"""A movement's opening whose first page is filled less than this share of the frame (its name,
the picture and the steps overleaf) goes on one page instead, with its pictures smaller (down
to the smallest of :data:`PICTURE_SCALES`), when that fits (else the opening stays); a one-page
movement is not spread over such an opening."""


def _filled(placed: list[Placed]) -> float:
    """How far down the frame a page's blocks reach (pt)."""
    return max((pl.top + pl.block.height for pl in placed), default=0.0)


def _stranded(pages: list[list[Placed]]) -> bool:
    """A page ends with a block meant to stay with the next (a part's heading left at a page's
    foot, or alone under a page's "continued" head, its steps overleaf)."""
    return any(placed and placed[-1].block.keep_next for placed in pages[:-1])


def _thin_tail(pages: list[list[Placed]], frame_h: float) -> bool:
    """The last page holds under a fifth of a frame (a step and the dose left over)."""
    return _filled(pages[-1] if pages else []) < frame_h * 0.2


def _first_step_page(pages: list[list[Placed]], what: str = "step") -> int:
    """The index of the page that holds a movement's first step, or its starting position
    (``what="position"``); 0: its first page."""
    for k, placed in enumerate(pages):
        for pl in placed:
            t = pl.block.tag
            if t[:1] == (what,) or (t[:2] == ("picture", "beside") and t[2]):
                return k
    return 0


def _steps_facing(pages: list[list[Placed]]) -> int:
    """How many of a movement's steps are on its first opening, facing its picture."""
    return sum(1 for placed in pages[:2] for pl in placed if pl.block.tag[:1] == ("step",))


def plan(program: Program, edition: Edition = STOCK) -> BookletPlan:
    """Decide every page of the booklet: pure, no reportlab."""
    return _Planner(program, edition).run()


class _Planner:
    def __init__(self, program: Program, edition: Edition):
        self.p = program
        self.g = geometry(program, edition.large_print, edition.page_size)
        self.st = Styles(self.g, program.theme.accent)
        self.L = labels_for(program)
        self.mk = Maker(self.g, self.st)
        chosen = edition.movements
        self.movements = tuple(m for m in program.movements if chosen is None or m.id in chosen)
        self.movement_ids = frozenset(m.id for m in self.movements)
        self.sequences = tuple(s for s in program.sequences
                               if chosen is None or all(m.id in chosen for m in s.movements))
        self.anchor_pages: dict[str, int] = {}
        self.shared = None  # the program without its movements: what every movement's pages depend on besides it
        self.pages: list[_Page] = []
        self.inside: list[list[Placed]] | None = None
        self.front = Front(program, self.g, self.st, self.L, self.mk)
        self.back = Back(program, self.g, self.st, self.L, self.mk, self.page_of)

    def page_of(self, anchor: str) -> int:
        return self.anchor_pages.get(anchor, 0)

    def add(self, pages: list[list[Placed]], unit: str, numbered: bool = True, running: str = "") -> None:
        for placed in pages:
            self.pages.append(_Page(placed, unit, numbered, running))
            for pl in placed:
                a = _anchor(pl.block.tag)
                if a and a not in self.anchor_pages:
                    self.anchor_pages[a] = len(self.pages)

    def run(self) -> BookletPlan:
        """The booklet, planned once listing "at a glance" in the contents: again without it when
        the booklet has no page to spare for it (the contents list what is there)."""
        plan = self._run(glance=bool(self.sequences))
        if plan is not None and ("glance" in self.anchor_pages or not self.sequences):
            return plan
        self.pages, self.anchor_pages = [], {}
        return self._run(glance=False)

    def _run(self, glance: bool) -> BookletPlan | None:
        """The booklet, or None as soon as it is clear that "at a glance" has no page in it."""
        g, L, p = self.g, self.L, self.p
        self.glance = glance  # "at a glance" is listed in the contents, so it may pad the booklet
        names = [m.name for m in self.movements]
        self.add(self.cover(names), "cover", numbered=False)
        self.pages[0].extra.append(Box(0, g.page_h - theme.pt(6), g.page_w, theme.pt(6), fill=self.st.accent))
        if self.inside is None:  # the same in both passes
            self.inside = self.front.inside_cover()
        self.add(self.inside, "inside", numbered=False)
        self.add(self.front.contents(self.contents_entries(), self.page_of), "contents")
        self.add(self.intro_and_cautions(), "intro")
        self.plan_movements()
        if self.movements:
            self.anchor_pages["movements"] = self.anchor_pages[f"mv-{self.movements[0].id}"]
        # the back matter in its order: routines (then "at a glance"), the practice log (then
        # its further days), notes; the pages that pad the booklet to a multiple of four go where
        # they belong, chosen before anything is placed
        routines = []
        at = len(self.pages)
        for k, seq in enumerate(self.sequences):
            pages = self.routine_pages(seq, k + 1)
            if len(pages) >= 2 and at % 2 == 0:
                # it would start on the second page of an opening and go on overleaf: a notes page
                # first, so the whole routine is in view on one opening
                gap_pages = paginate(self.back.notes(f"gap-rt-{seq.id}"), g.frame_h)
                routines.append((gap_pages, "notes"))
                at += len(gap_pages)
            routines.append((pages, f"routine:{seq.id}"))
            at += len(pages)
        lp = log_plan(p, g, L, self.sequences)
        # over each later page of a long log of one table (a log in several tables heads each with its part)
        log_head = self.back.log_continued() if lp is not None and len(lp.tables) == 1 else None
        log = paginate(self.back.log(lp), g.frame_h, lambda k: log_head) if lp is not None else []
        notes = paginate(self.back.notes("notes"), g.frame_h)
        back = self.back.back_cover()
        count = len(self.pages) + sum(len(r) for r, _ in routines) + len(log) + len(notes) + len(back)
        extra = self.padding(count, lp)
        if glance and not extra.get("glance"):
            return None  # planned again without it (see :meth:`run`)
        for pages, unit in routines:
            self.add(pages, unit)
        if self.sequences:
            self.anchor_pages["routines"] = self.anchor_pages[f"rt-{self.sequences[0].id}"]
        self.add(extra.get("glance", []), "glance")
        self.add(log, "log")
        self.add(extra.get("log", []), "log")
        self.add(notes, "notes")
        self.add(extra.get("notes", []), "notes")
        self.add(back, "back", numbered=False)
        self.pages[-1].extra.append(Box(0, 0, g.page_w, theme.pt(6), fill=self.st.accent))
        return self.finish()

    # -- parts

    def contents_entries(self) -> list[tuple[str, int, str]]:
        L = self.L
        out = [(plain_inline(s.heading), 0, f"intro{i}") for i, s in enumerate(self.p.intro)]
        if self.p.cautions:
            out.append((L("before_you_begin"), 0, "before"))
        if self.movements:
            out.append((L("movements"), 0, self.movement_anchor(self.movements[0].id)))
            out += [(plain_inline(m.name), 1, self.movement_anchor(m.id)) for m in self.movements]
        if self.sequences:
            out.append((L("routines" if len(self.sequences) > 1 else "routine"), 0, f"rt-{self.sequences[0].id}"))
            out += [(plain_inline(s.name), 1, f"rt-{s.id}") for s in self.sequences]
        if self.glance:
            out.append((L.plural("at_a_glance", len(self.sequences)), 0, "glance"))
        if self.p.booklet.practice_log_days > 0:
            out.append((L("practice_log"), 0, "log"))
        out.append((L("notes"), 0, "notes"))
        return out

    def intro_and_cautions(self) -> list[list[Placed]]:
        """The introduction, then "Before you begin": on a new page, unless the introduction's
        last page holds only a short tail (it then follows on, rather than leave that page near
        empty). A page it runs on to opens with "Before you begin, continued"."""
        g = self.g
        intro = self.front.intro()
        before = self.front.before_you_begin()
        head = self.mk.heading(plain(self.L("handout_continued", name=self.L("before_you_begin"))), self.st.h3,
                               tag=("continued", "before"))
        head.pad_bottom = g.unit
        on = lambda k: head  # noqa: E731 - every page after the section's first
        if not intro:
            if before:
                before[0].new_page = True
            return paginate(before, g.frame_h, on) if before else []
        pages = paginate(intro, g.frame_h)
        if not before:
            return pages
        used = max((pl.top + pl.block.height for pl in pages[-1]), default=0.0)
        need = sum(b.height + b.space_before for b in before) + g.unit * 4
        before[0].space_before = g.unit * 4
        if used + need <= g.frame_h or used <= g.frame_h * THIN_PAGE:
            # after the introduction on its last page: set below a spacer as tall as what that page holds
            spacer = Block([Row(used)], [False])
            rest = paginate([spacer] + before, g.frame_h, on)
            if len(rest[0]) > 1:  # it begins there (else it starts a page, below its own heading only)
                return pages[:-1] + [pages[-1] + [pl for pl in rest[0] if pl.block is not spacer]] + rest[1:]
        before[0].new_page = True
        return pages + paginate(before, g.frame_h, on)

    def cover(self, names: list[str]) -> list[list[Placed]]:
        """The cover's pages: planned once for the same inputs (see :meth:`movement_pages`)."""
        inputs = (self.program_part(), self.g, tuple(names))
        return reuse.unit("booklet-cover", inputs, lambda: _painted(self.front.cover(names), self.g))

    def routine_pages(self, seq, number: int) -> list[list[Placed]]:
        """A routine's pages, its items even over them, painted with the page numbers of its
        movements (placed by now): planned once for the same inputs (see :meth:`movement_pages`)."""
        many = len(self.sequences) > 1
        anchors = tuple((m.id, a, self.page_of(a) if a else 0)
                        for m in seq.movements for a in (self.movement_anchor(m.id),))
        inputs = (self.program_part(), self.g, seq, number, many, anchors)

        def make():
            head = self.back.routine_continued(seq)  # on each later page
            blocks = self.back.routine(seq, number, many, self.movement_anchor)
            return _painted(paginate_even(blocks, self.g.frame_h, "routine-item", lambda k: head), self.g)

        return reuse.unit("booklet-routine", inputs, make)

    def program_part(self):
        if self.shared is None:
            self.shared = reuse.program_part(self.p)
        return self.shared

    def movement_anchor(self, movement_id: str) -> str | None:
        return f"mv-{movement_id}" if movement_id in self.movement_ids else None

    def plan_movements(self) -> None:
        g = self.g
        last_single: tuple | None = None  # (movement, number) of a one-page movement just placed on a left page
        for i, m in enumerate(self.movements):
            pages = self.movement_pages(m, i + 1)
            if len(pages) >= 2 and (len(self.pages) + 1) % 2 == 1:
                # it would start on a right-hand page: the one-page movement before it spreads over
                # its opening (a larger picture facing its steps), else a notes page comes first
                spread = self.movement_pages(*last_single, spread=True) if last_single else None
                if spread is not None and len(spread) == 2 and _filled(spread[0]) >= g.frame_h * HOLLOW:
                    del self.pages[-1]
                    self.add(spread, f"movement:{last_single[0].id}", running=plain_inline(last_single[0].name))
                else:
                    about = self.movements[i - 1].name if i else None
                    self.add(paginate(self.back.notes(f"gap-{m.id}", about), g.frame_h), "notes")
            start = len(self.pages) + 1
            self.add(pages, f"movement:{m.id}", running=plain_inline(m.name))
            last_single = (m, i + 1) if len(pages) == 1 and start % 2 == 0 and m.images else None

    def movement_pages(self, m, number: int, spread: bool = False) -> list[list[Placed]]:
        """A movement's pages, with the largest pictures that keep it to an opening: planned
        once for the same inputs and kept from one build to the next (see :mod:`..reuse`)."""
        pointed = tuple(self.anchor_pages.get(f"before-{k}") for k in range(len(self.p.cautions)))
        inputs = (self.program_part(), self.g, number, spread, pointed, m)
        return reuse.unit("booklet-movement", inputs, lambda: _painted(self._movement_pages(m, number, spread), self.g))

    def _movement_pages(self, m, number: int, spread: bool = False) -> list[list[Placed]]:
        before = lambda k: self.anchor_pages.get(f"before-{k}")  # noqa: E731 - "Before you begin" is placed by now
        return lay_movement(self.p, self.g, self.st, self.L, self.mk, before, m, number, spread)

    def padding(self, count: int, lp: LogPlan | None) -> dict[str, list[list[Placed]]]:
        """Pages that help, up to a multiple of four (``count`` pages without them), by where
        they go: a summary of the routines, more log, notes (in that order of choice)."""
        g = self.g
        need = (-count) % 4
        extras = []
        if self.sequences and self.glance:
            summary = paginate(self.back.summary(self.sequences), g.frame_h)
            if len(summary) == 1:
                extras.append((summary, "glance"))
        more = paginate(self.back.more_log(lp), g.frame_h) if lp is not None else []
        if len(more) == 1:
            extras.append((more, "log"))
        extras.append((paginate(self.back.notes("notes-1"), g.frame_h), "notes"))  # two notes pages at most
        out: dict[str, list[list[Placed]]] = {}
        k = 1
        while need > 0:
            if extras:
                pages, unit = extras.pop(0)
            elif len(more) == 1:  # the log goes on rather than a third notes page
                pages, unit = paginate(self.back.more_log(lp, k), g.frame_h), "log"
                k += 1
            else:
                pages, unit = paginate(self.back.notes(f"notes-{need}"), g.frame_h), "notes"
            out.setdefault(unit, []).extend(pages[:need])
            need -= len(pages[:need])
        return out

    # -- pages, furniture and the outline

    def finish(self) -> BookletPlan:
        g, p, L = self.g, self.p, self.L
        # every page's number and running head: made once for the same pages (kept between builds)
        numbered = tuple((n, pg.running) for n, pg in enumerate(self.pages, 1) if pg.numbered)
        furniture = reuse.unit("booklet-furniture", (self.program_part(), g, numbered),
                               lambda: {n: tuple(self.furniture(n, running)) for n, running in numbered})
        pages = []
        for n, pg in enumerate(self.pages, 1):
            body: list[Item] = list(pg.extra)
            for pl in pg.placed:
                body += pl.block.paint(g.margin_x, g.frame_top - pl.top)
            anchors = [a for a, at in self.anchor_pages.items() if at == n]
            tags = tuple(pl.block.tag for pl in pg.placed if pl.block.tag)
            pages.append(PagePlan(tuple(body), furniture.get(n, ()), tuple(anchors), pg.unit, pg.unit, tags))
        author = p.author or p.organisation or ""
        subject = plain_inline(p.subtitle) if p.subtitle else L("booklet_subject")
        printing = print_plan(p, len(pages), g.page_size)
        notes = ()
        if p.cover_image and not any(isinstance(it, Picture) and it.request.source == p.cover_image.path
                                     for it in pages[0].body):  # the cover's words left it no room (see Front.cover)
            notes = (("cover_picture_left_out", (("picture", p.cover_image.name),)),)
        low = {}
        for pg, kept in zip(self.pages, pages):
            for it in kept.body:
                if isinstance(it, Picture) and it.short_of and it.short_of[0] not in low:  # once a picture
                    low[it.short_of[0]] = (*it.short_of, ("page", pg.running or plain_inline(p.title)))
        return BookletPlan(self.g, tuple(pages), self.outline(), plain_inline(p.title), author, subject, p.language,
                           printing, dict(self.anchor_pages), notes, p.client.id if p.client is not None else "",
                           tuple(low.values()))

    def furniture(self, n: int, running: str) -> list[Item]:
        """The page number at the outer edge and the running head beside it (movement pages name
        the movement: ``running``; others the title), on the footer line: a head too long for
        it takes a second line above (it is shortened only beyond that)."""
        g, st = self.g, self.st
        y = theme.pt(theme.BOOKLET_FOOTER_BASELINE_MM)
        style = st.footer
        num = TextBlock.of(plain(str(n), bold=True, colour=st.accent), style, g.frame_w)
        nw = num.lines[0].width if num.lines else 0.0
        head_w = g.frame_w - nw - g.unit * 4  # beside the number, clear of it
        running = running or plain_inline(self.p.title)
        head = TextBlock.of(plain(running), style, head_w)
        if len(head.lines) > 2:  # a running head of two lines at most, ending on the footer line
            head = TextBlock.of(plain(_shorten(running, style.size, head_w)), style, head_w)
        elif len(head.lines) == 2:  # two lines of about the same length, not a word left on the second
            head = TextBlock.of(plain(running), style, min(head_w, tx.narrowest(plain(running), style.size)))
        # a right-hand page (odd, or even in a right-to-left booklet, bound on the right): the
        # number at the right edge, the outer one
        right = (n % 2 == 1) != g.rtl
        top = y + head.first_baseline + (len(head.lines) - 1) * style.leading  # its last line on the footer line
        num_top = y + num.first_baseline  # the number always on the footer line
        out = []
        if right:
            out += num.runs(g.page_w - g.margin_x - nw, num_top, align="left")
            out += head.runs(g.margin_x, top, align="left")
        else:
            out += num.runs(g.margin_x, num_top, align="left")
            out += head.runs(g.page_w - g.margin_x - head.width, top, align="right")
        return out

    def outline(self) -> tuple[OutlineEntry, ...]:
        L = self.L
        titles: dict[str, tuple[str, int]] = {"first": (L("please_read_first"), 0), "contents": (L("contents"), 0),
                                              "before": (L("before_you_begin"), 0), "log": (L("practice_log"), 0),
                                              "notes": (L("notes"), 0), "glance": (L.plural("at_a_glance", len(self.sequences)), 0)}
        for i, s in enumerate(self.p.intro):
            titles[f"intro{i}"] = (plain_inline(s.heading), 0)
        for m in self.movements:
            titles[f"mv-{m.id}"] = (plain_inline(m.name), 1)
        for s in self.sequences:
            titles[f"rt-{s.id}"] = (plain_inline(s.name), 1)
        out = []
        order = sorted(self.anchor_pages.items(), key=lambda kv: kv[1])
        for anchor, _ in order:
            if anchor not in titles:
                continue
            if self.movements and anchor == f"mv-{self.movements[0].id}":
                out.append(OutlineEntry(L("movements"), "movements", 0))
            if self.sequences and anchor == f"rt-{self.sequences[0].id}":
                out.append(OutlineEntry(L("routines" if len(self.sequences) > 1 else "routine"), "routines", 0))
            title, level = titles[anchor]
            out.append(OutlineEntry(title, anchor, level))
        return tuple(out)


def lay_movement(p: Program, g: Geometry, st: Styles, L, mk: Maker, before: Callable[[int], int | None], m, number: int,
                 spread: bool = False) -> list[list[Placed]]:
    """A movement's pages: on one page while its pictures keep most of their size, else on one
    opening with the largest pictures that keep it there, else over the fewest pages with its
    starting position and first steps facing its picture. ``spread``: a one-page movement laid
    over an opening with larger pictures. ``before``: the page of the program's caution ``k`` in
    "Before you begin"."""
    scales = SPREAD_SCALES if spread else PICTURE_SCALES  # large print keeps to an opening by the same rules
    memo: dict[tuple, list[list[Placed]]] = {}
    # a movement longer than an opening starts on a left page; each later opening
    # opens with its name (and a small picture), so the client knows what they are doing
    head = continued(m, g, st, L, mk)

    def laid(scale: float, tight: float, late: int, whole: bool) -> list[list[Placed]]:
        mb = MovementBlocks(p, g, st, L, mk, number, before, scale, spread, tight,
                            whole_parts=whole, why_late=late >= 1, video_late=late >= 2)
        return paginate(mb.blocks(m), g.frame_h, lambda k: head if k % 2 == 0 and not spread else None)

    def pages_at(scale: float, tight: float = 1.0, late: int = 0) -> list[list[Placed]]:
        """``late``: 1, "why it helps" after the steps; 2, the video's code too."""
        if (scale, tight, late) not in memo:
            loose = laid(scale, tight, late, False)
            # a page turns between parts rather than inside one, where that costs no page and
            # keeps the first steps on the picture's opening
            whole = laid(scale, tight, late, True) if len(loose) > 1 and len(m.stages) > 1 else None
            keep = (whole is not None and len(whole) <= len(loose) and not _stranded(whole)
                    and _first_step_page(whole) <= max(1, _first_step_page(loose)))
            memo[scale, tight, late] = whole if keep else loose
        return memo[scale, tight, late]

    if not m.images:
        scales = (1.0,)
    big = [x for x in scales if x >= ONE_PAGE_SCALE]
    if not spread:  # on one page (everything in view) while its pictures keep 70% of their size,
        for scale, tight in [(x, 1.0) for x in big] + [(x, TIGHT) for x in big]:  # closing up if need be
            if len(pages_at(scale, tight)) == 1:
                return pages_at(scale, tight)
    # else on one opening: the largest pictures first, closing up the spacing before shrinking them further
    order = ([(x, 1.0) for x in scales[:2]] + [(x, TIGHT) for x in scales[:2]]
             + [(x, t) for x in scales[2:] for t in (1.0, TIGHT)])
    for scale, tight in order:
        if len(pages_at(scale, tight)) <= 2:
            opening = pages_at(scale, tight)
            if spread or len(opening) < 2 or _filled(opening[0]) >= g.frame_h * HOLLOW:
                return opening
            # its first page would hold little more than the name (the picture and the steps
            # overleaf): on one page with smaller pictures, if that is what it takes
            small = [x for x in scales if x < ONE_PAGE_SCALE]
            for x, t in [(x, 1.0) for x in small] + [(x, TIGHT) for x in small]:
                if len(pages_at(x, t)) == 1:
                    return pages_at(x, t)
            return opening
    # longer than an opening: the starting position on the opening of the picture (why it
    # helps after the steps if that is what it takes), then the fewest pages (the largest
    # pictures among those), the first steps on that opening too, never a page that holds
    # only a fragment when another choice avoids it
    n_steps = sum(len(stage.steps) for stage in m.stages)

    def rank(pages):
        return (_first_step_page(pages, "position") > 1, len(pages), _first_step_page(pages) > 1,
                _thin_tail(pages, g.frame_h), 2 * _steps_facing(pages) < n_steps)

    # "why it helps" after the steps too, where that brings half the steps onto the picture's opening
    best = min([pages_at(scale, tight) for scale, tight in order] + [pages_at(scale, tight, 1) for scale, tight in order],
               key=rank)
    if _first_step_page(best) <= 1 or not m.video:
        return best
    # the video's code after the steps too, if that is what brings the first steps onto the
    # picture's opening, at no more than a page more and with the pictures at 70% or more
    moved = [pages_at(scale, tight, 2) for scale, tight in order if scale >= ONE_PAGE_SCALE]
    facing = [pages for pages in moved if _first_step_page(pages) <= 1 and len(pages) <= len(best) + 1]
    return min(facing, key=rank) if facing else best


def _anchor(tag: tuple) -> str | None:
    if not tag:
        return None
    if tag[0] == "anchor":
        return tag[1]
    if tag[0] == "movement":
        return f"mv-{tag[1]}"
    if tag[0] == "routine":
        return f"rt-{tag[1]}"
    return None


@lru_cache(maxsize=256)
def _shorten(s: str, size: float, width: float) -> str:
    """``s`` on one line of ``width`` points: cut at a word with an ellipsis if it is longer
    (a running head repeats a title printed in full on the page). Works in logical order, so
    right-to-left titles are cut at their end too."""
    def fits(t: str) -> bool:
        return len(tx.wrap([tx.Span(t)], size, width)) <= 1

    if fits(s):
        return s
    s = s[: int(width / (size * 0.15)) + 2]  # no line of this width holds more characters
    cut = tx.cut_at_word(s, fits)
    if cut is None:  # one long word: cut between characters
        a, b = 0, len(s)
        while a < b:
            mid = (a + b + 1) // 2
            if fits(s[:mid] + "…"):
                a = mid
            else:
                b = mid - 1
        return s[:a] + "…"
    return cut


@dataclass(frozen=True)
class _Items:
    """A block's page items, painted where its page places it (picklable, unlike its painters)."""

    items: tuple
    at: tuple[float, float]

    def __call__(self, x: float, top: float) -> list:
        if (x, top) != self.at:
            raise ValueError(f"a painted block is placed at {self.at}, not at {(x, top)}")
        return list(self.items)


def _painted(pages: list[list[Placed]], g: Geometry) -> list[list[Placed]]:
    """``pages`` with every block painted where :meth:`_Planner.finish` paints it: the same
    pages, tags and heights, kept as items so they can be stored between builds."""
    out = []
    for placed in pages:
        page = []
        for pl in placed:
            b = pl.block
            at = (g.margin_x, g.frame_top - pl.top)
            row = Row(b.height, _Items(tuple(b.paint(*at)), at))
            page.append(Placed(Block([row], [False], space_before=b.space_before, keep_next=b.keep_next,
                                     new_page=b.new_page, tag=b.tag), pl.top))
        out.append(page)
    return out
