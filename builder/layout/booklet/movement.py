"""A movement's pages: title, why it helps, its cautions, pictures, starting position, steps,
dose and afterwards, as blocks with the keep rules of a page a client practises from.

Lengths are points.
"""

from __future__ import annotations

from typing import Callable

from ... import theme
from ...compose import facts
from ...compose.labels import Labels
from ...model import Caution, Movement, Program
from ...model.markdown import plain_inline

from ..page import QRCode
from .blocks import Maker, level_colours, placed_size, plain, spans
from .flow import Block, Row
from .geometry import Geometry, Styles

CAPTION_MIN_SHARE = 0.75
"""A caption under a picture beside the steps is at least this share of the picture's column
wide, however narrow the picture (a 1:3 photo's own width holds a few letters a line)."""

BlockMaker = Callable[[float], list[Block]]  # width (pt) -> blocks


def _pointer_spans(L: Labels, by_page: dict) -> tuple:
    """The sentences of a pointer to "Before you begin": the titles of each page's cautions, in bold."""
    mark = "\x00"
    out: tuple = ()
    for page, group in by_page.items():
        words = (L("caution_see_page", titles=mark, section=L("before_you_begin"), page=page) if page
                 else L("caution_see", titles=mark, section=L("before_you_begin")))
        a, _, b = words.partition(mark)
        titles: tuple = ()
        for k, c in enumerate(group):
            titles += (plain(L("titles_separator")) if k else ()) + spans(c.title, bold=True)
        out += (plain(" ") if out else ()) + plain(a) + titles + plain(b)
    return out


class MovementBlocks:
    """The blocks of one movement, in reading order (the movement starts on a new page)."""

    def __init__(self, program: Program, g: Geometry, st: Styles, L: Labels, mk: Maker,
                 number: int, before_page: Callable[[int], int | None], pic_scale: float = 1.0,
                 spread: bool = False, tight: float = 1.0, whole_parts: bool = False,
                 why_late: bool = False, video_late: bool = False):
        self.p, self.g, self.st, self.L, self.mk = program, g, st, L, mk
        self.number = number
        self.pic_scale = pic_scale  # pictures at this share of their box: smaller keeps a movement to an opening
        self.spread = spread  # over a whole opening: title, pictures and cautions left, the practice right
        self.tight = tight  # the space between blocks, as a share of the usual (to keep a movement to one page)
        self.before_page = before_page  # the page of the program's caution k (known before movements are placed)
        self.whole_parts = whole_parts  # each part's steps kept on one page (a page turns between parts)
        self.why_late = why_late  # "why it helps" after the steps: the picture faces the first steps
        self.video_late = video_late  # the video's code at the movement's end: the picture faces the first steps

    def blocks(self, m: Movement) -> list[Block]:
        g, st, mk, L = self.g, self.st, self.mk, self.L
        out = self.title(m)
        qr = out.pop() if out[-1].tag == ("qr",) else None
        practice, pictures = self.practice(m)
        out += pictures  # a wide picture right under the title, where the movement is seen at once
        if qr is not None and not self.video_late:  # the video's code and address under the picture, before any instruction
            out.append(qr)
        personal = self.p.client.notes.get(m.id) if self.p.client is not None else None
        if personal:  # a line the teacher wrote for this client, before anything else is read
            inner = mk.panel_width()
            content = [mk.heading(plain(L("for_you").upper()), st.label, inner), *mk.prose(personal, st.body, inner)]
            out.append(mk.panel(content, st.accent, theme.tint(st.accent, 0.9), space_before=g.unit * 2))
        why = [mk.heading(plain(L("why_it_helps")), st.h3, space_before=g.unit * 2), *mk.prose(m.why)] if m.why else []
        if not self.why_late:
            out += why
        out += self.cautions(m)
        if self.spread and practice:
            practice[0].new_page = True
        out += practice
        dose = self.dose(m)
        if dose:
            _last_step(out).keep_next = True  # the last step stays with the dose and sides
            out.append(dose)
        if self.why_late:
            out += why
        if m.afterwards:
            if dose and not (self.why_late and why):
                dose.keep_next = True
            out.append(mk.heading(plain(L("afterwards")), st.h3, space_before=g.unit * 2))
            out += mk.prose(m.afterwards)
        if qr is not None and self.video_late:
            out.append(qr)
        out[0].new_page = True
        if self.tight != 1.0:
            for b in out:
                b.space_before *= self.tight
        return out

    # -- the title block

    def title(self, m: Movement) -> list[Block]:
        g, st, mk, L = self.g, self.st, self.mk, self.L
        label = self.L("movement_number", number=self.number).upper()

        def head(width: float) -> list[Block]:
            out = [mk.heading(plain(label), st.label, width, tag=("movement", m.id)),
                   mk.heading(spans(m.name), st.h1, width)]
            if m.summary:
                out.append(mk.para(spans(m.summary), st.lead, width, space_before=g.unit * 0.5, keep_next=True))
            meta = self.meta(m)
            one = mk.para(tuple(sp for part in meta for sp in part), st.body, width, space_before=g.unit * 0.5,
                          keep_next=True) if meta else None
            if one is not None and len(one.rows) == 1:
                out.append(one)
            else:  # a fact a line, rather than a separator left dangling at a line's end
                out += [mk.para(part[1:] if k else part, st.body, width, space_before=g.unit * 0.5 if k == 0 else 0.0,
                                keep_next=True) for k, part in enumerate(meta)]
            return out

        if not m.video:
            return head(g.frame_w)
        qr = max(theme.pt(theme.QR_MIN_MM), theme.pt(24 if not g.large_print else 28))
        col_w = qr + g.unit * 2  # the code's column at the frame's end edge: the code centred, its caption under it
        text_w = g.frame_w - col_w - g.unit * 2
        blocks = head(text_w)
        scan = mk.para(plain(L("scan_to_watch")), st.small, col_w, align="center", whole=True)
        url_line = mk.para(plain(facts.short_url(m.video), colour=st.accent), st.small, text_w, whole=True)
        text_h = sum(b.height + b.space_before for b in blocks) + url_line.height
        if text_h <= g.frame_h * 0.5:
            rows, _ = mk.stack(blocks + [url_line], text_w)
            col_h = max(text_h, qr + g.unit + scan.height)
            url = m.video

            def paint(x, top):
                out = []
                y = top
                for r in rows:
                    out += r.paint(x + (col_w + g.unit * 2 if g.rtl else 0.0), y)
                    y -= r.h
                cx = x if g.rtl else x + g.frame_w - col_w
                qx = cx + g.unit
                out.append(QRCode(qx, top - qr, qr, url))
                y = top - qr - g.unit
                for r in scan.rows:
                    out += r.paint(cx, y)
                    y -= r.h
                from ..page import LinkArea
                out.append(LinkArea(qx, top - qr, qr, qr, url=url))
                return out

            return [Block([Row(col_h, paint)], [False], keep_next=True, tag=("movement", m.id))]
        # a title too long to stand beside the code: the code and its words below it
        out = head(g.frame_w)
        out.append(self.qr_block(m.video, qr))
        return out

    def meta(self, m: Movement) -> list[tuple]:
        """"Works on" and "Time", each as spans; every fact after the first opens with its separator."""
        L, accent = self.L, self.st.accent
        parts = []
        if m.targets:
            parts.append((*plain(L("works_on") + " ", colour=accent, bold=True), *plain(L("list_separator").join(m.targets))))
        if m.duration:
            dur = m.duration.replace(" ", "\u00a0") if len(m.duration) <= 16 else m.duration
            sep = plain("   ·   ") if parts else ()
            parts.append((*sep, *plain(L("time") + "\u00a0", colour=accent, bold=True), *plain(dur)))
        return parts

    def qr_block(self, url: str, qr: float) -> Block:
        g, st, mk, L = self.g, self.st, self.mk, self.L
        text_w = g.frame_w - qr - g.unit * 2
        words = [mk.para(plain(L("watch_the_video")), st.bold, text_w, whole=True),
                 mk.para(plain(L("scan_or_type")), st.body, text_w, whole=True),
                 mk.para(plain(facts.short_url(url), colour=st.accent, link=url), st.body, text_w,
                         space_before=g.unit * 0.5, whole=True)]
        rows, _ = mk.stack(words, text_w)
        h = max(qr, sum(r.h for r in rows))

        def paint(x, top):
            out = [QRCode(x + g.frame_w - qr if g.rtl else x, top - qr, qr, url)]
            y = top
            for r in rows:
                out += r.paint(x if g.rtl else x + qr + g.unit * 2, y)
                y -= r.h
            return out

        if h > g.frame_h * 0.5:  # an address so long it outgrows the page: the code, then the words
            return Block([Row(qr, lambda x, top: [QRCode(x, top - qr, qr, url)])] + rows,
                         space_before=g.unit * 2, tag=("qr",))
        return Block([Row(h, paint)], [False], space_before=g.unit * 2, tag=("qr",))

    # -- cautions

    def cautions(self, m: Movement) -> list[Block]:
        """The movement's own cautions in full, a panel a level (most serious first); the
        program-wide ones it repeats by title only, in one line pointing at "Before you begin",
        in the panel of the most serious level (a program caution without a title is given in full)."""
        g, st, mk, L = self.g, self.st, self.mk, self.L
        shared = {c for c in self.p.cautions if c.title}
        groups = facts.by_level(m.cautions)
        own_levels = {lv for lv, grp in groups if any(c not in shared for c in grp)}
        # pointers of levels with no caution of the movement's own go together, under the most serious of them
        loose = [c for lv, grp in groups if lv not in own_levels for c in grp]
        inner = mk.panel_width()
        out = []
        for level, group in groups:
            own = [c for c in group if c not in shared]
            point_here = [c for c in group if c in shared] if own else (loose if group[0] is loose[0] else [])
            if not own and not point_here:
                continue
            strong, tint = level_colours(level, st.accent)
            word = facts.level_word(level, L).upper()
            content: list[Block] = []
            for c in own:
                content += self.caution_para(c, inner, g.unit * 0.5 if content else 0.0)
            if point_here:
                content.append(self.pointer(point_here, inner, g.unit * 0.5 if content else 0.0))
            out.append(mk.caution_panel(word, L("handout_continued", name=word), content, strong, tint,
                                        space_before=g.unit * 2, tag=("caution", level)))
        return out

    def pointer(self, cautions: list[Caution], width: float, space_before: float) -> Block:
        """"Go slowly; Stop & rest: see “Before you begin”, page 6." (the titles in bold): one
        sentence for the cautions printed on each page, as "Before you begin" may take two."""
        by_page: dict[int | None, list[Caution]] = {}
        for c in cautions:
            by_page.setdefault(self.before_page(self.p.cautions.index(c)), []).append(c)
        return self.mk.para(_pointer_spans(self.L, by_page), self.st.body, width, space_before=space_before)

    def caution_para(self, c: Caution, width: float, space_before: float) -> list[Block]:
        """A caution's text (its paragraphs and lists), its title in bold at its start."""
        title = spans(c.title.rstrip(".") + ".", bold=True) + plain(" ") if c.title else ()
        return self.mk.prose(c.text, self.st.body, width, first_space=space_before, lead=title)

    # -- pictures, starting position and steps

    def practice(self, m: Movement) -> tuple[list[Block], list[Block]]:
        """The starting position and steps, and the pictures that go above the text (none when
        a portrait picture stands beside the starting position)."""
        g = self.g
        makers = self.practice_makers(m)
        imgs = m.images
        flow = [b for make in makers for b in make(g.frame_w)]
        if not imgs:
            return flow, []
        portrait = len(imgs) == 1 and (imgs[0].aspect < 1.15 or (g.wide and imgs[0].aspect < 1.9))
        if portrait and not g.large_print and makers:
            beside = self.beside(imgs[0], makers)
            if beside is not None:
                return beside, []
        return flow, self.pictures_above(m)

    def pictures_above(self, m: Movement) -> list[Block]:
        g, mk = self.g, self.mk
        imgs = m.images
        gutter = g.unit * 2
        k = self.pic_scale
        if len(imgs) == 1 or g.large_print:
            box_h = g.frame_h * (0.36 if len(imgs) == 1 else 0.3) * k
            out = [mk.picture(i, g.frame_w, box_h, i.caption, space_before=g.unit * 2) for i in imgs]
            return out
        cols = 2 if len(imgs) in (2, 4) else 3
        w = (g.frame_w - gutter * (cols - 1)) / cols
        box_h = min(g.frame_h * 0.24, w) * k
        w = min(w, w * k * 1.2)
        out = []
        for r in range(0, len(imgs), cols):
            row = imgs[r:r + cols]
            cells = [mk.picture(i, w, box_h, i.caption, width=w, align="start", tag=("picture",), shrinkable=False)
                     for i in row]
            # pictures of a row stand on one line (bottom-aligned), so their captions start on one line
            pic_h = max(placed_size(i, w, box_h)[1] for i in row)
            height = max(c.height + pic_h - placed_size(i, w, box_h)[1] for c, i in zip(cells, row))
            if height > g.frame_h * 0.85:  # captions too long for a row: each picture on its own
                out += [mk.picture(i, g.frame_w, g.frame_h * 0.3, i.caption, space_before=g.unit * 2) for i in row]
                continue

            def paint(x, top, cells=cells, row=row, pic_h=pic_h):
                items = []
                for k, (c, i) in enumerate(zip(cells, row)):
                    drop = pic_h - placed_size(i, w, box_h)[1]
                    cx = x + (cols - 1 - k) * (w + gutter) if g.rtl else x + k * (w + gutter)
                    items += c.paint(cx, top - drop)
                return items

            out.append(Block([Row(height, paint)], [False], space_before=g.unit * 2, tag=("picture",)))
        return out

    def beside(self, img, makers: list[BlockMaker]) -> list[Block] | None:
        """A portrait picture at the end side, the starting position (and first steps) beside it."""
        g, mk = self.g, self.mk
        gutter = g.unit * 2
        pic_w = g.frame_w * (0.40 if img.aspect < 1.15 else 0.46)
        col_w = g.frame_w - pic_w - gutter
        pic_h = g.frame_h * 0.45 * self.pic_scale
        pw = placed_size(img, pic_w, pic_h)[0]  # the picture's own width
        cap_w = max(pw, pic_w * CAPTION_MIN_SHARE)  # its caption under it, wide enough to read
        pic = mk.picture(img, pic_w, pic_h, img.caption, width=cap_w, align="end", shrinkable=False)
        column: list[Block] = []
        k = 0
        while k < len(makers) and (sum(b.height + b.space_before for b in column) < pic.height or k < 1):
            column += makers[k](col_w)
            k += 1
        column[0].space_before = 0.0
        rows, _ = mk.stack(column, col_w)
        col_h = sum(r.h for r in rows)
        height = max(col_h, pic.height)
        if height > g.frame_h * 0.7:
            return None

        def paint(x, top):
            items = pic.paint(x if g.rtl else x + g.frame_w - cap_w, top)  # the picture at the frame's end edge
            y = top
            for r in rows:
                items += r.paint(x + pic_w + gutter if g.rtl else x, y)
                y -= r.h
            return items

        steps = [("step",) + b.tag[1:] for b in column if b.tag[:1] == ("step",)]
        row = Block([Row(height, paint)], [False], space_before=g.unit * 2, tag=("picture", "beside", tuple(steps)))
        rest = [b for make in makers[k:] for b in make(g.frame_w)]
        if rest and rest[0].tag[:1] == ("step",) and column and column[-1].tag[:1] == ("step",):
            row.keep_next = True  # the steps go on below the picture without a page turn between them
        return [row] + rest

    def practice_makers(self, m: Movement) -> list[BlockMaker]:
        """The starting position and the steps, each a function of the width they are set in."""
        g, st, mk, L = self.g, self.st, self.mk, self.L
        makers: list[BlockMaker] = []
        if m.position:
            makers.append(lambda w: [mk.heading(plain(L("starting_position")), st.h3, w, space_before=g.unit * 2,
                                                tag=("position",))])
            makers.append(lambda w: mk.prose(m.position, width=w))
        stages = m.stages
        for s_no, stage in enumerate(stages):
            def head(w, stage=stage):
                out = [mk.heading(spans(stage.name) if stage.name else plain(L("steps")), st.h3, w,
                                  space_before=g.unit * 2)]
                if stage.repeat:
                    out.append(mk.para(plain(L("repeat") + ": ", colour=st.accent, bold=True) + spans(stage.repeat),
                                       st.body, w, keep_next=True, whole=True))
                return out

            makers.append(head)
            n_steps = len(stage.steps)
            for n, step in enumerate(stage.steps, 1):
                cue = facts.breath_word(step.breath, L).upper() if step.breath else None

                def one(w, n=n, step=step, cue=cue, s_no=s_no, n_steps=n_steps):
                    b = mk.step(n, spans(step.text), cue, w, g.unit * 0.8, tag=("step", s_no, n))
                    # step 1 never alone at a page foot: it stays with step 2; the last step of
                    # every part never alone over a page turn: it stays with the step before it
                    # (and the movement's last step with the dose after it)
                    b.keep_next = (n == 1 and n_steps > 1) or (n == n_steps - 1 and n_steps > 2)
                    # a part kept whole where that costs no page: the turn falls between parts
                    b.keep_next = b.keep_next or (self.whole_parts and n < n_steps)
                    return [b]

                makers.append(one)
        return makers

    def dose(self, m: Movement) -> Block | None:
        """Repeat and sides: a ruled table at body size, labels bold in the accent colour."""
        return self.mk.facts_table(facts.dose(m, self.L), tag=("dose",))


def _last_step(blocks: list[Block]) -> Block:
    for b in reversed(blocks):
        if b.tag[:1] == ("step",) or b.tag[:2] == ("picture", "beside"):
            return b
    return blocks[-1]


def continued(m: Movement, g: Geometry, st: Styles, L: Labels, mk: Maker) -> Block:
    """"Side Bend, continued" with a small copy of its first picture: the head of a page that
    opens a new opening of a movement, so the client knows what they are doing."""
    return mk.continued(L("handout_continued", name=plain_inline(m.name)), m.images[0] if m.images else None,
                        ("continued", m.id))
