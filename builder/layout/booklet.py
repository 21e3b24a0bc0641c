"""Plan the home-practice booklet: its geometry, the order of its parts and where every picture goes.

Pure: no reportlab. The render stage (:mod:`builder.render.pdf.booklet`) lays the plan
out with reportlab and draws it.

Units: ``*_pt`` are PDF points, ``*_mm`` millimetres, ``*_px`` pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import theme
from ..compose import labels_for
from ..images import ImageRequest, box_px
from ..model import Caution, Image, Movement, Program, Section, Sequence

NOTES_MIN_PAGES = 1


@dataclass(frozen=True)
class Geometry:
    """Page, frame and type sizes of one booklet, in points."""

    page_size: str
    page_w: float
    page_h: float
    margin_x: float
    margin_top: float
    margin_bottom: float
    body_pt: float
    large_print: bool

    @property
    def frame_w(self) -> float:
        return self.page_w - 2 * self.margin_x

    @property
    def frame_h(self) -> float:
        return self.page_h - self.margin_top - self.margin_bottom

    @property
    def leading(self) -> float:
        return round(self.body_pt * theme.BOOKLET_LEADING, 2)

    @property
    def unit(self) -> float:
        """The spacing step: half a body line. Vertical gaps are multiples of it."""
        return self.leading / 2

    @property
    def scale(self) -> float:
        """Type scale relative to the 11 pt A5 design."""
        return self.body_pt / 11.0

    @property
    def wide(self) -> bool:
        return self.frame_w > theme.pt(140)


def geometry(program: Program) -> Geometry:
    opts = program.booklet
    w, h = theme.page_size_pt(opts.page_size)
    side, top, bottom = theme.BOOKLET_MARGINS_MM[opts.page_size]
    body = theme.BOOKLET_BODY_PT[opts.page_size]
    if opts.large_print:
        body = max(body, theme.BOOKLET_LARGE_BODY_PT)
    return Geometry(opts.page_size, w, h, theme.pt(side), theme.pt(top), theme.pt(bottom), body, opts.large_print)


@dataclass(frozen=True)
class Picture:
    """One placement of a picture: the box (points) it is fitted into."""

    image: Image
    box_w: float
    box_h: float

    def request(self) -> ImageRequest:
        w, h = box_px(self.box_w, self.box_h)
        return ImageRequest(source=self.image.path, max_w_px=w, max_h_px=h)


@dataclass(frozen=True)
class MovementPlan:
    movement: Movement
    number: int
    layout: str  # "above" (pictures above the text), "beside" (one picture beside the text) or "none"
    pictures: tuple[Picture, ...]
    new_page: bool


@dataclass(frozen=True)
class SequencePlan:
    sequence: Sequence
    number: int
    thumbs: tuple[Picture | None, ...]  # one per movement, in order
    page_of: tuple[int, ...]  # index into the booklet's movements, for "see page"


@dataclass(frozen=True)
class LogPlan:
    days: int
    columns: tuple[str, ...]  # tick-box column headings (sequence names), in order
    keyed: bool  # True: columns are numbered and a key above the table names them
    tick_col_w: float
    row_h: float
    # the columns of each table, as indices into ``columns``: one table when they all fit beside
    # the "how did it feel" column, else several (each with every day), one group of routines each
    groups: tuple[tuple[int, ...], ...] = ()

    @property
    def tables(self) -> tuple[tuple[int, ...], ...]:
        return self.groups or (tuple(range(len(self.columns))),)


@dataclass(frozen=True)
class BookletPlan:
    """Everything the booklet's renderer needs: the program, the geometry and what goes where."""

    program: Program
    geometry: Geometry
    cover: Picture | None
    intro: tuple[tuple[Section, Picture | None], ...]
    cautions: tuple[Caution, ...]
    movements: tuple[MovementPlan, ...]
    sequences: tuple[SequencePlan, ...]
    log: LogPlan | None
    notes_pages: int

    @property
    def pictures(self) -> tuple[Picture, ...]:
        out: list[Picture] = []
        if self.cover:
            out.append(self.cover)
        out += [p for _, p in self.intro if p]
        for m in self.movements:
            out += m.pictures
        for s in self.sequences:
            out += [t for t in s.thumbs if t]
        return tuple(out)

    def image_requests(self) -> list[ImageRequest]:
        """Each picture box the booklet places, once."""
        return list(dict.fromkeys(pic.request() for pic in self.pictures))


def thumb_box(g: Geometry, seq: Sequence | None = None) -> tuple[float, float]:
    """Box of a routine thumbnail, in points (3:2): as large as lets the routine fit one page.

    The text heights are estimated from character counts (about half an em per character),
    which is all a plan needs: a routine that still does not fit continues on the next page.
    """
    biggest = theme.pt(34 if g.wide else 30) * (1.15 if g.large_print else 1.0)
    smallest = theme.pt(18) * g.scale
    if seq is None or not seq.movements:
        return biggest, biggest * 2 / 3
    line = g.leading
    fixed = line * 5.5  # label, title, how often and the gaps between
    panel_w = g.frame_w - g.unit * 3 - 4
    per_line = max(10, panel_w / (g.body_pt * 0.95 * 0.48))
    for t in (seq.opening, seq.closing):
        if t:
            fixed += (math.ceil(len(t) / per_line) + 1) * line * 0.95 + g.unit * 3
    per_row = (g.frame_h - fixed) / len(seq.movements) - g.unit * 1.5
    w = max(smallest, min(biggest, per_row * 1.5))
    return w, w * 2 / 3


def movement_pictures(m: Movement, g: Geometry) -> tuple[str, tuple[Picture, ...]]:
    """Layout and picture boxes of a movement: a wide photo above, a portrait one beside."""
    imgs = m.images
    if not imgs:
        return "none", ()
    gutter = g.unit * 2
    if len(imgs) == 1:
        img = imgs[0]
        if img.aspect < 1.15 or (g.wide and img.aspect < 1.9):
            frac = 0.46 if img.aspect >= 1.15 else 0.40
            return "beside", (Picture(img, g.frame_w * frac, g.frame_h * 0.42),)
        return "above", (Picture(img, g.frame_w, g.frame_h * 0.36),)
    cols = 2 if len(imgs) in (2, 4) else 3
    w = (g.frame_w - gutter * (cols - 1)) / cols
    return "above", tuple(Picture(i, w, min(g.frame_h * 0.24, w)) for i in imgs)


LOG_TICK_MIN_MM = 7.5  # a numbered tick-box column: a box of at least 4 mm with room around it
LOG_TICK_MAX_KEYED_MM = 11.0
LOG_TICK_NAMED_MM = 15.0  # narrower than this, columns are numbered and a key names them
LOG_NAME_MAX_CHARS = 40  # longer sequence names go in the key, never in a column head
LOG_FEEL_FRAC = 0.34  # the "how did it feel" column keeps at least this share of the frame


def log_fixed_w(g: Geometry) -> float:
    """Width of the day and date columns of the log, in points."""
    return theme.pt(10 + 17) * g.scale


def log_plan(program: Program, g: Geometry) -> LogPlan | None:
    days = program.booklet.practice_log_days
    if days <= 0:
        return None
    names = tuple(s.name for s in program.sequences) or (labels_for(program)("practised"),)
    feel_min = g.frame_w * LOG_FEEL_FRAC
    room = g.frame_w - log_fixed_w(g) - feel_min
    tick = min(theme.pt(22), room / len(names))
    keyed = tick < theme.pt(LOG_TICK_NAMED_MM) or any(len(n) > LOG_NAME_MAX_CHARS for n in names)
    groups: tuple[tuple[int, ...], ...] = ()
    if keyed:
        tick_min = theme.pt(LOG_TICK_MIN_MM) * max(1.0, g.scale)
        per_table = max(1, int(room // tick_min))
        n_tables = math.ceil(len(names) / per_table)
        per_table = math.ceil(len(names) / n_tables)
        tick = max(tick_min, min(theme.pt(LOG_TICK_MAX_KEYED_MM), room / per_table))
        if n_tables > 1:  # balanced: 16 in 3 tables is 6, 5 and 5
            base, extra = divmod(len(names), n_tables)
            sizes = [base + (1 if i < extra else 0) for i in range(n_tables)]
            starts = [sum(sizes[:i]) for i in range(n_tables)]
            groups = tuple(tuple(range(a, a + b)) for a, b in zip(starts, sizes))
    row_h = theme.pt(9.5 if g.large_print else 8)
    return LogPlan(days, names, keyed, tick, row_h, groups)


def plan(program: Program, notes_pages: int = NOTES_MIN_PAGES) -> BookletPlan:
    """Decide what goes where: pure, no reportlab."""
    g = geometry(program)
    cover = Picture(program.cover_image, g.frame_w, g.frame_h * 0.48) if program.cover_image else None
    intro = tuple((s, Picture(s.image, g.frame_w, g.frame_h * 0.32) if s.image else None) for s in program.intro)
    movements = []
    for i, m in enumerate(program.movements):
        layout, pics = movement_pictures(m, g)
        movements.append(MovementPlan(m, i + 1, layout, pics, new_page=g.large_print or i == 0))
    index = {m.id: i for i, m in enumerate(program.movements)}
    sequences = tuple(
        SequencePlan(
            s,
            k + 1,
            tuple(Picture(m.images[0], *thumb_box(g, s)) if m.images else None for m in s.movements),
            tuple(index.get(m.id, -1) for m in s.movements),
        )
        for k, s in enumerate(program.sequences)
    )
    return BookletPlan(program, g, cover, intro, program.cautions, tuple(movements), sequences, log_plan(program, g),
                       max(1, notes_pages))


def pad_pages(n_pages: int) -> int:
    """Blank pages needed to reach a multiple of four."""
    return (-n_pages) % 4


