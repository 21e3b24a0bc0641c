"""Which layout each kind of slide uses, where its title, text and picture go, in which fonts and colours.

Layouts are chosen by what their placeholders offer, never by name (names are translated in
non-English PowerPoint). Each role takes the layout whose placeholders give the most usable
area in the arrangement the role needs:

* ``cover``: the title slide: a (centred) title and a subtitle;
* ``title_only``: a title and the most free room below it (the agenda draws its own rows);
* ``content``: a title and a body below it (intro text, cautions, routines), the largest body;
* ``picture``: a title, a picture and text side by side (movements, intro sections with a
  picture): a picture placeholder beside a body, two content placeholders side by side, or
  the content layout's body shared; the text column counts twice the picture;
* ``closing``: the last slide, as ``content``.

The usable part of a body is what lies below its title (a body above its title, as on a
section header, offers none); a body narrower than a third of the slide or lower than
:data:`MIN_TEXT_H` of it offers none either. Ties (areas within 2% of the slide) go to the
layout with fewer placeholders left empty, then the one with the master's own background,
then the earlier one. A layout holding a subtitle (a title slide) is never used for content,
nor one that fails validation when another will do.

Colours: every text, label and link of a role meets WCAG AA contrast (:data:`AA`) against its
layout's background: the template's own text colour when it does, else the best of its
theme's dark and light colours; labels take the theme's first accent, darkened or lightened
until it does. Fonts: titles in the theme's major font, the rest in its minor font, each
measured with its metric twin or with a margin (:func:`builder.fonts.deck_face`).

A deck without a template is built on python-pptx's default template, described here
(:data:`DEFAULT_TEMPLATE`) so the planner needs no rendering library. Lengths are EMU.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import theme
from ..fonts import deck_face
from ..model.template import Box, Layout, Placeholder, TemplateInfo
from .deck.shapes import Area, LayoutRef, Palette, Style

_FOOT = (Placeholder("dt", 10, (457200, 6356350, 2133600, 365125)), Placeholder("ftr", 11, (3124200, 6356350, 2895600, 365125)),
         Placeholder("sldNum", 12, (6553200, 6356350, 2133600, 365125)))
_TITLE = Placeholder("title", 0, (457200, 274638, 8229600, 1143000))

DEFAULT_TEMPLATE = TemplateInfo(
    path=Path("python-pptx default template"), width=9144000, height=6858000,
    layouts=(
        Layout(0, "Title Slide", (Placeholder("ctrTitle", 0, (685800, 2130425, 7772400, 1470025)),
                                  Placeholder("subTitle", 1, (1371600, 3886200, 6400800, 1752600))) + _FOOT),
        Layout(1, "Title and Content", (_TITLE, Placeholder("obj", 1, (457200, 1600200, 8229600, 4525963))) + _FOOT),
        Layout(2, "Section Header", (Placeholder("title", 0, (722313, 4406900, 7772400, 1362075)),
                                     Placeholder("body", 1, (722313, 2906713, 7772400, 1500187))) + _FOOT),
        Layout(3, "Two Content", (_TITLE, Placeholder("obj", 1, (457200, 1600200, 4038600, 4525963)),
                                  Placeholder("obj", 2, (4648200, 1600200, 4038600, 4525963))) + _FOOT),
        Layout(4, "Comparison", (_TITLE, Placeholder("body", 1, (457200, 1535113, 4040188, 639762)),
                                 Placeholder("obj", 2, (457200, 2174875, 4040188, 3951288)),
                                 Placeholder("body", 3, (4645025, 1535113, 4041775, 639762)),
                                 Placeholder("obj", 4, (4645025, 2174875, 4041775, 3951288))) + _FOOT),
        Layout(5, "Title Only", (_TITLE,) + _FOOT),
        Layout(6, "Blank", _FOOT),
        Layout(7, "Content with Caption", (Placeholder("title", 0, (457200, 273050, 3008313, 1162050)),
                                           Placeholder("obj", 1, (3575050, 273050, 5111750, 5853113)),
                                           Placeholder("body", 2, (457200, 1435100, 3008313, 4691063))) + _FOOT),
        Layout(8, "Picture with Caption", (Placeholder("title", 0, (1792288, 4800600, 5486400, 566738)),
                                           Placeholder("pic", 1, (1792288, 612775, 5486400, 4114800)),
                                           Placeholder("body", 2, (1792288, 5367338, 5486400, 804862))) + _FOOT),
        Layout(9, "Title and Vertical Text", (_TITLE, Placeholder("body", 1, (457200, 1600200, 8229600, 4525963))) + _FOOT),
        Layout(10, "Vertical Title and Text", (Placeholder("title", 0, (6629400, 274638, 2057400, 5851525)),
                                               Placeholder("body", 1, (457200, 274638, 6019800, 5851525))) + _FOOT),
    ),
    master_placeholders=(),
)
"""python-pptx's default template (``pptx/templates/default.pptx``), as :mod:`builder.source.template` reads it."""

ROLES = ("cover", "title_only", "content", "picture", "closing")
ROLE_NAMES = {"cover": "title slide", "title_only": "agenda", "content": "text only (intro, cautions, routines)",
              "picture": "picture with text (movements, intro with a picture)", "closing": "closing"}
"""How ``--debug`` names each role."""

AA = 4.5
"""WCAG AA contrast for normal text, asked of all deck text (20 pt and more would pass at
3:1, but a projector washes colours out)."""

MIN_TEXT_W = 0.3  # a body narrower than this share of the slide width offers no text column
MIN_TEXT_H = 0.3  # ... lower than this share of the slide height
MIN_SIDE_TEXT_W = 0.35  # the text column beside a picture
MIN_PICTURE_W, MIN_PICTURE_H = 0.25, 0.35  # a picture placeholder beside the text
TITLE_GAP = 91440  # between a title and the text below it (0.1 in)
TIE = 0.02  # areas within this share of the slide are a tie
PICTURE_SHARE = 0.5  # the picture's share of a body the picture and text share
GUTTER = 365760  # between the picture and the text sharing a body (0.4 in, :data:`.deck.units.GUTTER_IN`)

_TITLES = ("title", "ctrTitle")
_BODIES = ("body", "obj")


@dataclass(frozen=True)
class Choice:
    """The layout one role uses and the placeholders the deck fills on it."""

    layout: Layout
    title: Placeholder | None = None
    text: Placeholder | None = None
    picture: Placeholder | None = None  # a placeholder for the picture beside the text
    subtitle: Placeholder | None = None
    text_box: Box | None = None  # the usable part of ``text`` (below the title)
    picture_box: Box | None = None
    how: str = ""  # why it was chosen, for --debug
    place_title: bool = True  # the title goes where its placeholder is (False: an unusable one, placed by the deck)

    def ref(self) -> LayoutRef:
        kinds: list[tuple[str, str, int]] = []
        for kind, ph in (("title", self.title), ("subtitle", self.subtitle), ("body", self.text), ("pic", self.picture)):
            if ph is not None:
                kinds.append((kind, ph.type, ph.idx))
        number = self.layout.first("sldNum")
        number_box = None
        if number is not None:
            kinds.append(("sldNum", number.type, number.idx))
            if number.box and number.box[2] and number.box[3]:
                number_box = number.box
        return LayoutRef(self.layout.index, tuple(kinds), number_box)


@dataclass(frozen=True)
class LayoutChoice:
    """The layouts of a deck by role (see the module docstring)."""

    roles: dict[str, Choice]
    cover: bool  # the title layout has a title and a subtitle placeholder
    cover_align: str  # the subtitle placeholder's alignment: left | center | right

    def cover_boxes(self) -> tuple[Box | None, Box | None]:
        """The title layout's (centred) title and subtitle placeholder boxes, or (None, None)."""
        c = self.roles["cover"]
        if not self.cover or c.title is None or c.subtitle is None:
            return None, None
        boxes = (c.title.box, c.subtitle.box)
        if any(b is None or not b[2] or not b[3] for b in boxes):
            return None, None
        return boxes

    def title_box(self) -> Box | None:
        c = self.roles["content"]
        return c.title.box if c.title and c.place_title else None

    def refs(self) -> dict[str, LayoutRef]:
        """Layout role -> the layout's index and the placeholders the deck fills (kind, XML type, idx)."""
        return {role: c.ref() for role, c in self.roles.items()}

    def areas(self) -> tuple[tuple[str, Area], ...]:
        out = []
        for role, c in self.roles.items():
            if role == "cover":
                continue
            out.append((role, Area(c.title.box if c.title and c.place_title else None, c.text_box, c.picture_box)))
        return tuple(out)

    def describe(self) -> list[str]:
        """One line per role: which layout it got and why (``--debug``)."""
        return [f"{ROLE_NAMES[role]}: layout {c.layout.index + 1} “{c.layout.name}”{' (' + c.how + ')' if c.how else ''}"
                for role, c in self.roles.items()]


# ----------------------------------------------------------------------------- geometry

def _horizontal(ph: Placeholder | None) -> bool:
    return ph is not None and ph.box is not None and ph.box[2] > 0 and ph.box[3] > 0 and not ph.vertical


def _title(lay: Layout, W: int) -> Placeholder | None:
    """The layout's title, if it is a usable one: horizontal, across at least 45% of the slide."""
    ph = lay.first("title")
    if not _horizontal(ph) or ph.box[2] < 0.45 * W or ph.box[3] > ph.box[2]:
        return None
    return ph


def _below(title: Placeholder | None, box: Box, W: int, H: int, min_w: float = MIN_TEXT_W) -> Box | None:
    """The part of ``box`` usable for text under ``title``; None if too small or above the title."""
    x, y, w, h = box
    top = y
    if title is not None:
        tx, ty, tw, th = title.box
        if min(x + w, tx + tw) - max(x, tx) > 0.3 * w:  # the title is above (or over) the box
            if y + h <= ty + th / 2:
                return None  # the box lies above its title (a section header)
            top = max(y, ty + th + TITLE_GAP)
    h = y + h - top
    if w < min_w * W or h < MIN_TEXT_H * H:
        return None
    return (x, top, w, h)


def _area(box: Box | None) -> int:
    return box[2] * box[3] if box else 0


def _side_by_side(a: Box, b: Box) -> bool:
    return min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) < 0.1 * min(a[2], b[2])


def _usable(info: TemplateInfo) -> list[Layout]:
    """Layouts that do not fail validation (all of them if every one does)."""
    good = [lay for lay in info.layouts if not info.is_broken(lay.part)]
    return good or list(info.layouts)


def _content_like(lay: Layout) -> bool:
    """Not a title slide: no subtitle and no centred title."""
    return not {"subTitle", "ctrTitle"} & set(lay.types())


class _Best:
    """The best of some candidate layouts: the largest score, ties (within :data:`TIE` of the slide) going to
    ``rank``, then the fewest placeholders left empty, the master's own look, the earlier layout."""

    def __init__(self, W: int, H: int):
        self.tie = TIE * W * H
        self.found: list[tuple[float, tuple, Choice]] = []

    def add(self, score: float, lay: Layout, used: int, choice: Choice, rank: int = 0) -> None:
        empty = len([t for t in lay.types() if t not in _TITLES]) - used
        self.found.append((score, (rank, empty, lay.own_background, lay.index), choice))

    def best(self) -> Choice | None:
        if not self.found:
            return None
        top = max(score for score, _, _ in self.found)
        return min((c for c in self.found if c[0] >= top - self.tie), key=lambda c: c[1])[2]


def _content(info: TemplateInfo) -> Choice | None:
    W, H = info.width, info.height
    best = _Best(W, H)
    for lay in _usable(info):
        title = _title(lay, W)
        if title is None or not _content_like(lay):
            continue
        for ph in lay.placeholders:
            if ph.type not in _BODIES or not _horizontal(ph):
                continue
            box = _below(title, ph.box, W, H)
            if box is not None:
                best.add(_area(box), lay, 1, Choice(lay, title, ph, text_box=box, how=f"a text area of {_share(box, W, H)} of the slide"))
    return best.best()


def _title_only(info: TemplateInfo, content: Choice | None) -> Choice | None:
    """A title and nothing else; the room below it reaches down to the content layout's text."""
    W, H = info.width, info.height
    bottom = (content.text_box[1] + content.text_box[3]) if content and content.text_box else round(H * 0.92)
    best = _Best(W, H)
    for lay in _usable(info):
        title = _title(lay, W)
        if title is None or lay.types() != ["title"]:
            continue
        tx, ty, tw, th = title.box
        top = ty + th + TITLE_GAP
        if bottom - top < MIN_TEXT_H * H:
            continue
        x, w = (content.text_box[0], content.text_box[2]) if content and content.text_box else (tx, tw)
        box = (x, top, w, bottom - top)
        best.add(_area(box), lay, 0, Choice(lay, title, text_box=box, how=f"free room of {_share(box, W, H)} of the slide"))
    found = best.best()
    if found is None and content is not None:
        return Choice(content.layout, content.title, text_box=content.text_box, how="no title-only layout: the text layout")
    return found


def _picture(info: TemplateInfo, content: Choice | None) -> Choice | None:
    """A picture beside the text: its own placeholder, a second content placeholder, or a share of the body."""
    W, H = info.width, info.height
    best = _Best(W, H)

    def consider(score, rank, lay, used, choice):
        best.add(score, lay, used, choice, rank)

    for lay in _usable(info):
        title = _title(lay, W)
        if title is None or not _content_like(lay):
            continue
        bodies = [ph for ph in lay.placeholders if ph.type in _BODIES and _horizontal(ph)]
        pics = [ph for ph in lay.placeholders if ph.type == "pic" and _horizontal(ph)]
        for rank, pool in ((0, pics), (1, bodies)):
            for pic in pool:
                pbox = _below(title, pic.box, W, H, MIN_PICTURE_W)
                if pbox is None or pbox[3] < MIN_PICTURE_H * H:
                    continue
                for text in bodies:
                    if text is pic or not _side_by_side(text.box, pic.box):
                        continue
                    if rank == 1 and text.box[0] < pic.box[0] and text.box[2] <= pic.box[2]:
                        continue  # two content placeholders: the picture on the left, as without a template
                    tbox = _below(title, text.box, W, H, MIN_SIDE_TEXT_W)
                    if tbox is None:
                        continue
                    consider(_area(tbox) + 0.5 * _area(pbox), rank, lay, 2,
                             Choice(lay, title, text, pic, text_box=tbox, picture_box=pbox,
                                    how=f"text {_share(tbox, W, H)} and picture {_share(pbox, W, H)} of the slide, side by side"))
    if content is not None and content.text_box is not None:
        x, y, w, h = content.text_box
        text_w = round(w * (1 - PICTURE_SHARE)) - GUTTER  # as the planner shares it (a gutter between them)
        if text_w >= MIN_SIDE_TEXT_W * W:
            tbox, pbox = (x + w - text_w, y, text_w, h), (x, y, round(w * PICTURE_SHARE), h)
            consider(_area(tbox) + 0.5 * _area(pbox), 2, content.layout, 1,
                     Choice(content.layout, content.title, content.text, text_box=content.text_box,
                            how=f"the text layout's body shared by picture and text ({_share(content.text_box, W, H)} of the slide)"))
    return best.best() or content


def _cover(info: TemplateInfo) -> tuple[Choice | None, bool, str]:
    layouts = _usable(info)
    covers = [lay for lay in layouts if "subTitle" in lay.types() and set(_TITLES) & set(lay.types())]
    covers.sort(key=lambda lay: ("ctrTitle" not in lay.types(), len(lay.types()), lay.own_background, lay.index))
    if covers:
        lay = covers[0]
        sub = lay.first("subTitle")
        align = {"ctr": "center", "r": "right"}.get((sub.align if sub else None) or "", "left")
        return Choice(lay, lay.first(*_TITLES), subtitle=sub, how="a title and a subtitle"), True, align
    centre = [lay for lay in layouts if "ctrTitle" in lay.types()]
    if centre:
        return Choice(centre[0], centre[0].first("ctrTitle"), how="a centred title"), False, "left"
    return None, False, "left"


def _share(box: Box, W: int, H: int) -> str:
    return f"{round(100 * _area(box) / (W * H))}%"


def choose_layouts(info: TemplateInfo) -> LayoutChoice:
    """The layout of each role (see the module docstring)."""
    content = _content(info)
    title_only = _title_only(info, content)
    if content is None:  # no layout with a body below its title: text goes below the title-only layout's title
        content = title_only
    if content is None:  # no usable title anywhere: the first layout with a title, the title placed by the deck
        lay = next((lay for lay in info.layouts if lay.first("title") and _content_like(lay)), None) or \
            next((lay for lay in info.layouts if lay.first("title")), info.layouts[-1])
        content = title_only = Choice(lay, lay.first("title"), place_title=False,
                                      how="no layout offers a usable title with room below it")
    picture = _picture(info, content) or content
    cover, has_cover, align = _cover(info)
    roles = {"cover": cover or title_only, "title_only": title_only, "content": content, "picture": picture,
             "closing": content}
    return LayoutChoice(roles, has_cover, align)


DEFAULT_CHOICE = LayoutChoice(
    {"cover": Choice(DEFAULT_TEMPLATE.layouts[0], DEFAULT_TEMPLATE.layouts[0].placeholders[0],
                     subtitle=DEFAULT_TEMPLATE.layouts[0].placeholders[1]),
     "title_only": Choice(DEFAULT_TEMPLATE.layouts[5], _TITLE),
     "content": Choice(DEFAULT_TEMPLATE.layouts[1], _TITLE, DEFAULT_TEMPLATE.layouts[1].placeholders[1]),
     "picture": Choice(DEFAULT_TEMPLATE.layouts[8], DEFAULT_TEMPLATE.layouts[8].placeholders[0],
                       DEFAULT_TEMPLATE.layouts[8].placeholders[2], DEFAULT_TEMPLATE.layouts[8].placeholders[1]),
     "closing": Choice(DEFAULT_TEMPLATE.layouts[1], _TITLE, DEFAULT_TEMPLATE.layouts[1].placeholders[1])},
    True, "left")
"""The layouts of a deck without a template: movebook places everything itself, so only their placeholders matter."""


# ----------------------------------------------------------------------------- fonts and colours

def best_text(backgrounds: tuple[str, ...], candidates: tuple[str, ...]) -> str:
    """The candidate with the highest contrast against every one of ``backgrounds``."""
    return max(candidates, key=lambda c: theme.min_contrast(c, backgrounds))


def readable(colour: str | None, backgrounds: tuple[str, ...]) -> bool:
    return colour is not None and theme.min_contrast(colour, backgrounds) >= AA


def adjusted(colour: str, backgrounds: tuple[str, ...]) -> str | None:
    """``colour``, or it darkened or lightened just enough to meet :data:`AA` against ``backgrounds``; None if it cannot."""
    if readable(colour, backgrounds):
        return colour
    for toward in ("#000000", "#ffffff"):
        for k in range(1, 11):
            c = theme.mix(colour, toward, k / 10)
            if readable(c, backgrounds):
                return c
    return None


def style_for(info: TemplateInfo, choice: LayoutChoice) -> Style:
    """The deck's fonts and the colours of each role on ``info``'s layouts."""
    th = info.theme
    major = th.major_font or th.minor_font
    minor = th.minor_font or th.major_font
    scheme = tuple(c for c in (th.colour("dk1"), th.colour("lt1"), th.colour("dk2"), th.colour("lt2")) if c) + ("#000000", "#ffffff")
    accent = th.colour("accent1") or th.colour("dk2") or "#000000"
    palettes = []
    for role, c in choice.roles.items():
        lay = c.layout
        bg = lay.background or ("#ffffff",)
        text_ph = c.text or c.subtitle
        title_bg = (c.title.fill if c.title else ()) or bg
        text_bg = (text_ph.fill if text_ph else ()) or bg
        title_colour = c.title.colour if c.title else lay.text_colour
        body_colour = text_ph.colour if text_ph else lay.text_colour
        title = None if readable(title_colour, title_bg) else best_text(title_bg, scheme)
        both = tuple(dict.fromkeys(text_bg + bg))
        ink = None if readable(body_colour, text_bg) and readable(lay.text_colour, bg) else best_text(both, scheme)
        number = lay.first("sldNum")
        muted = None
        if number is not None and not readable(number.colour, number.fill or bg):  # the slide number
            muted = ink or (body_colour if readable(body_colour, both) else best_text(both, scheme))
        label = adjusted(accent, both) or ink or body_colour or best_text(both, scheme)
        palettes.append((role, Palette(ink=ink, title=title, muted=muted, label=label, accent=label, background=both)))
    by_role = dict(palettes)
    # Links (a video's address) sit on movement slides; renderers draw them in the theme's link colour.
    link_bgs = tuple(dict.fromkeys(b for role in ("picture", "content") for b in by_role[role].background))
    hlink = choice.roles["picture"].layout.link_colour or th.colour("hlink") or accent
    link = None
    if not readable(hlink, link_bgs):
        link = adjusted(hlink, link_bgs) or adjusted(accent, link_bgs) or best_text(link_bgs, scheme)
    return Style(title_face=deck_face(major, "+mj-lt"), body_face=deck_face(minor, "+mn-lt"), palettes=tuple(palettes),
                 link=link)
