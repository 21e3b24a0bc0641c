"""The back of the booklet: routines, the practice log, notes, the pages that pad it to a
multiple of four (a routine summary, more log, notes) and the back cover.

Lengths are points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from ... import theme
from ...compose import facts
from ...compose.labels import Labels
from ...model import Program, Sequence
from ...model.markdown import plain_inline
from .. import text as tx
from ..page import Box, LinkArea, QRCode, Rule, TextBlock
from .blocks import Maker, placed_size, plain, request, spans
from .flow import Block, Placed, Row
from .front import bottom_pages, logo_row
from .geometry import Geometry, Styles

LOG_TICK_MIN_MM = 7.5  # a numbered tick-box column: a box of at least 4 mm with room around it
LOG_TICK_MAX_KEYED_MM = 11.0
LOG_TICK_NAMED_MM = 15.0  # narrower than this, columns are numbered and a key names them
LOG_NAME_MAX_CHARS = 40  # longer routine names go in the key, never in a column head
LOG_FEEL_FRAC = 0.34  # the "how did it feel" column keeps at least this share of the frame


ROW_GROWTH = 1.75
"""How much taller than usual a practice log's rows may grow to fill the log's page."""


@dataclass(frozen=True)
class LogPlan:
    days: int
    columns: tuple[str, ...]  # tick-box column headings (routine names), in order
    keyed: bool  # True: columns are numbered and a key above the table names them
    tick_col_w: float
    row_h: float
    groups: tuple[tuple[int, ...], ...] = ()  # the columns of each table when one table cannot hold them

    @property
    def tables(self) -> tuple[tuple[int, ...], ...]:
        return self.groups or (tuple(range(len(self.columns))),)


def log_fixed_w(g: Geometry) -> float:
    """Width of the day and date columns of the log, in points."""
    return theme.pt(10 + 17) * g.scale


def log_plan(program: Program, g: Geometry, L: Labels, sequences: tuple[Sequence, ...] | None = None) -> LogPlan | None:
    days = program.booklet.practice_log_days
    if days <= 0:
        return None
    seqs = program.sequences if sequences is None else sequences
    names = tuple(s.name for s in seqs) or (L("practised"),)
    feel_min = g.frame_w * LOG_FEEL_FRAC
    room = g.frame_w - log_fixed_w(g) - feel_min
    tick = min(theme.pt(22), room / len(names))
    # a name over its column's head is never broken inside a word (an Arabic word broken in two
    # loses its joined letters): a word wider than the room a column may have numbers the columns
    widest = max(_widest_word(n, g.small_pt) for n in names) + 2
    keyed = tick < theme.pt(LOG_TICK_NAMED_MM) or any(len(n) > LOG_NAME_MAX_CHARS for n in names) \
        or widest > room / len(names)
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
    else:  # a named column as wide as its name needs to stand on two lines at most, as room allows
        tick = max(tick, widest, min(room / len(names), max(tx.narrowest([tx.Span(n, bold=True)], g.small_pt) for n in names) + 2))
    row_h = theme.pt(9.5 if g.large_print else 8)
    return LogPlan(days, names, keyed, tick, row_h, groups)


def _widest_word(name: str, size: float) -> float:
    """The width (pt) of the widest piece of ``name`` a line may not break (a word; in Japanese
    or Thai, which have no spaces, what lies between the text engine's break points), in bold at
    ``size`` pt."""
    cuts = [0, *tx.break_opportunities(name), len(name)]
    pieces = [name[a:b].strip() for a, b in zip(cuts, cuts[1:])]
    return max((tx.wrap([tx.Span(w, bold=True)], size, 1e6)[0].width for w in pieces if w), default=0.0)


class Back:
    """Blocks and pages of the back matter of one booklet."""

    def __init__(self, program: Program, g: Geometry, st: Styles, L: Labels, mk: Maker,
                 page_of: Callable[[str], int]):
        self.p, self.g, self.st, self.L, self.mk = program, g, st, L, mk
        self.page_of = page_of

    # -- routines

    def routine(self, seq: Sequence, number: int, many: bool, movement_anchor: Callable[[str], str | None]) -> list[Block]:
        g, st, mk, L = self.g, self.st, self.mk, self.L
        kicker = L("routine_number", number=number) if many else L("routine")
        head = [mk.heading(plain(kicker.upper()), st.label, tag=("routine", seq.id)),
                mk.heading(spans(seq.name), st.h1)]
        head += self.facts_lines(facts.routine_facts(seq, L))
        opening = self.box(L("to_begin"), seq.opening) if seq.opening else None
        closing = self.box(L("to_finish"), seq.closing) if seq.closing else None
        fixed = sum(b.height + b.space_before for b in head) + sum(
            b.height + b.space_before for b in (opening, closing) if b)
        items: list[Block] = []
        for scale in (1.0, 0.92, 0.84, 0.76):
            items = self.routine_items(seq, scale, movement_anchor)
            if fixed + sum(b.height + b.space_before for b in items) <= g.frame_h:
                break
        blocks = head + ([opening] if opening else []) + items + ([closing] if closing else [])
        fits = sum(b.height + b.space_before for b in blocks) - blocks[0].space_before <= g.frame_h
        for b in blocks[:-1]:
            b.keep_next = b.keep_next or fits
        if not fits and len(items) >= 2:
            items[0].keep_next = True  # never a lone first or last item
            items[-2].keep_next = True
        if not fits and items:  # how to begin and to finish stay with the first and last movement
            if opening:
                opening.keep_next = True
            if closing:
                items[-1].keep_next = True
        blocks[0].new_page = True
        return blocks

    def log_continued(self) -> Block:
        """"Practice log, continued": the head of the log's later pages."""
        return self.mk.continued(self.L("handout_continued", name=self.L("practice_log")), None, ("continued", "log"))

    def routine_continued(self, seq: Sequence) -> Block:
        """"Morning routine, continued": the head of a routine's later page."""
        return self.mk.continued(self.L("handout_continued", name=plain_inline(seq.name)), None, ("continued", seq.id))

    def facts_lines(self, fl) -> list[Block]:
        """"How often ... · Time about 24 min" on one line, else a fact a line (never a
        separator left at a line's end)."""
        g, st, mk = self.g, self.st, self.mk
        parts = []
        for k, f in enumerate(fl):
            value = f.value if f.markup else f.value.replace(" ", "\u00a0")
            parts.append((plain("   ·   ") if k else ()) + plain(f.label + "\u00a0\u00a0", colour=st.accent, bold=True)
                         + (spans(value) if f.markup else plain(value)))
        if not parts:
            return []
        one = mk.para(tuple(x for p in parts for x in p), st.body, space_before=g.unit * 0.5, keep_next=True)
        if len(one.rows) == 1:
            return [one]
        return [mk.para(p[1:] if k else p, st.body, space_before=g.unit * 0.5 if k == 0 else 0.0, keep_next=True)
                for k, p in enumerate(parts)]

    def dose_lines(self, m, style, width: float) -> TextBlock | None:
        """A movement's repeat and sides: "5 times, slowly · Both sides" on one line, else one a line."""
        parts = ([spans(m.repeat)] if m.repeat else []) + ([plain(facts.sides_text(m, self.L))]
                                                             if facts.sides_text(m, self.L) else [])
        if not parts:
            return None
        one = self.mk.lines(tuple(x for k, p in enumerate(parts) for x in (plain(" · ") if k else ()) + p), style, width)
        if len(one.lines) == 1 or len(parts) == 1:
            return one
        blocks = [self.mk.lines(p, style, width) for p in parts]
        return TextBlock(blocks[0].lines + blocks[1].lines, style, width, blocks[0].first_baseline)

    def box(self, label: str, text: str) -> Block:
        g, st, mk = self.g, self.st, self.mk
        inner = mk.panel_width(bar_w=2.5)
        content = [mk.heading(plain(label.upper()), st.label, inner)] + mk.prose(text, st.body, inner)
        return mk.panel(content, st.accent, theme.tint(st.accent, 0.92), space_before=g.unit, bar_w=2.5)

    def thumb_box(self) -> tuple[float, float]:
        g = self.g
        w = theme.pt(34 if g.wide else 30) * (1.15 if g.large_print else 1.0)
        return w, w * 2 / 3

    def routine_items(self, seq: Sequence, scale: float, movement_anchor) -> list[Block]:
        g, st, mk, L = self.g, self.st, self.mk, self.L
        tw, th = self.thumb_box()
        tw, th = tw * scale, th * scale
        num_w = st.h2.size * 1.6
        ref_w = TextBlock.of(plain(L("page_ref", page="000")), st.small, 1e6).lines[0].width + g.unit
        text_w = g.frame_w - num_w - tw - g.unit * 2 - ref_w
        # a column too narrow for a name and its dose (large print on a small page): the page
        # reference goes under them rather than beside them
        inline_ref = text_w < st.body.size * 14
        if inline_ref:
            text_w += ref_w
            ref_w = 0.0
        out = []
        for i, m in enumerate(seq.movements, 1):
            name = mk.lines(spans(m.name), st.bold, text_w)
            detail = self.dose_lines(m, st.body, text_w)
            anchor = movement_anchor(m.id)
            text_h = name.height + (detail.height if detail else 0.0) + (st.small.leading if inline_ref and anchor else 0.0)
            img = m.images[0] if m.images else None
            pw, ph = placed_size(img, tw, th) if img else (0.0, 0.0)
            req = request(img, pw, ph) if img else None
            num = mk.lines(plain(str(i)), st.h2, num_w)
            pad = g.unit * 0.75
            h = max(text_h, ph, num.height) + 2 * pad
            last = i == len(seq.movements)

            def paint(x, top, name=name, detail=detail, img=img, pw=pw, ph=ph, req=req, num=num, anchor=anchor,
                      h=h, last=last):
                from ..page import Picture

                rtl = g.rtl
                items = []
                t = top - pad
                col = [x, x + num_w, x + num_w + tw + g.unit * 2, x + g.frame_w - ref_w + g.unit]
                if rtl:  # mirrored: number at the right, the page reference at the left
                    col = [x + g.frame_w - num_w, x + g.frame_w - num_w, x + ref_w, x]
                items += num.runs(col[0], t, align="left")
                if img is not None:
                    px = col[1] if not rtl else col[1] - pw
                    items.append(Picture(px, t - ph, pw, ph, req, img.alt))
                items += name.runs(col[2], t)
                if detail is not None:
                    items += detail.runs(col[2], t - name.height)
                if anchor and inline_ref:
                    ref = TextBlock.of(plain(L("page_ref", page=self.page_of(anchor))), st.small, text_w)
                    items += ref.runs(col[2], t - name.height - (detail.height if detail is not None else 0.0))
                elif anchor:
                    ref = TextBlock.of(plain(L("page_ref", page=self.page_of(anchor))), st.small, ref_w - g.unit)
                    items += ref.runs(col[3], t - (st.bold.leading - st.small.leading) / 2, align="end")
                    items.append(LinkArea(x, top - h, g.frame_w, h, dest=anchor))
                if not last:
                    items.append(Rule(x, top - h, x + g.frame_w, top - h, theme.RULE, 0.4))
                return items

            if h > g.frame_h * 0.6:  # a name or dose too long to stand in a row: one under the other
                blk = Block([Row(num.height, lambda x, top, num=num: num.runs(x, top, align="start"))]
                            + mk.line_rows(name) + (mk.line_rows(detail) if detail else []),
                            space_before=g.unit * 0.5, tag=("routine-item", i))
            else:
                blk = Block([Row(h, paint)], [False], space_before=0.0 if i > 1 else g.unit * 0.5,
                            tag=("routine-item", i))
            out.append(blk)
        return out

    # -- the practice log

    def log(self, lp: LogPlan, first_day: int = 1, days: int | None = None, lead: bool = True,
            anchor: str = "log") -> list[Block]:
        g, st, mk, L = self.g, self.st, self.mk, self.L
        days = lp.days if days is None else days
        title = L("practice_log") if lead else L("handout_continued", name=L("practice_log"))  # further days: "continued"
        out = [mk.heading(plain(title), st.h1, tag=("anchor", anchor))]
        out[0].new_page = True
        if lead:
            out.append(mk.para(plain(L("practice_log_lead")), st.body, space_before=g.unit, keep_next=True))
        tables = lp.tables
        for n, cols in enumerate(tables):
            part: list[Block] = []
            if len(tables) > 1:
                first, last = cols[0] + 1, cols[-1] + 1
                words = (L("routine_number", number=first) if first == last
                         else L("routines") + " " + L("range", first=first, last=last))
                part.append(mk.heading(plain(L("log_group", routines=words, part=n + 1, parts=len(tables))),
                                       st.label, space_before=g.unit * (2 if n else 1)))
            if lp.keyed:  # short names run on in one paragraph; a long one takes a line a name
                apart = "" if any(len(lp.columns[i]) > LOG_NAME_MAX_CHARS for i in cols) else "     "
                entries = [plain((apart if k else "") + f"{i + 1}\u00a0", bold=True, colour=st.accent) + spans(lp.columns[i])
                           for k, i in enumerate(cols)]
                entries = [sum(entries, ())] if apart else entries
                part += [mk.para(e, st.small_ink, space_before=g.unit if k == 0 else g.unit * 0.25, keep_next=True)
                         for k, e in enumerate(entries)]
            table = self.log_table(lp, cols, first_day, days, part if n else out + part)
            if n:  # a later table over half a page starts a page of its own, and its rows take that page's room
                part[0].new_page = sum(b.height for b in part) + table.height > g.frame_h * 0.5
                if not part[0].new_page:
                    table = self.log_table(lp, cols, first_day, days, out + part)
            out += part + [table]
        return out

    def log_table(self, lp: LogPlan, cols: tuple[int, ...], first_day: int, days: int, above: list[Block]) -> Block:
        g, st, mk, L = self.g, self.st, self.mk, self.L
        day_w, date_w = theme.pt(10) * g.scale, theme.pt(17) * g.scale
        feel_w = g.frame_w - day_w - date_w - lp.tick_col_w * len(cols)
        heads = [mk.lines(plain(L("day")), st.head_cell, day_w), mk.lines(plain(L("date")), st.head_cell, date_w)]
        heads += [mk.lines(plain(str(i + 1)) if lp.keyed else spans(lp.columns[i]), st.head_cell, lp.tick_col_w - 2)
                  for i in cols]
        heads.append(mk.lines(plain(L("how_did_it_feel")), st.head_cell, feel_w - g.unit))
        widths = [day_w, date_w] + [lp.tick_col_w] * len(cols) + [feel_w]
        head_h = max(h.height for h in heads) + g.unit * 0.6
        room = g.frame_h - sum(b.height + b.space_before for b in above) - head_h - g.unit - 2
        fit = room / days
        floor = theme.pt(9.0 if g.large_print else 6.0)  # room to write a few words in 16 pt hands
        row_h = lp.row_h if (lp.row_h <= fit or fit < floor) else math.floor(fit * 10) / 10
        if fit > row_h:  # a short log takes its page: more room to write in each day (up to ROW_GROWTH)
            row_h = math.floor(min(fit, lp.row_h * ROW_GROWTH) * 10) / 10
        box = min(lp.tick_col_w * 0.55, row_h * 0.5, theme.pt(4.2) * g.scale)
        accent = st.accent

        def lefts(x: float) -> list[float]:
            """Each column's left edge: day, date, the movements, "how did it feel" from the
            start side (the right, in a right-to-left booklet)."""
            out, cx = [], x
            for w in widths:
                out.append(x + g.frame_w - (cx - x) - w if g.rtl else cx)
                cx += w
            return out

        def decorate(x, top, h):
            items = []
            at = lefts(x)
            for k, (hd, w) in enumerate(zip(heads, widths)):
                centred = 2 <= k < len(heads) - 1
                hx = at[k] + (g.unit if k == len(heads) - 1 and not g.rtl else 0.0)
                items += hd.runs(hx, top - head_h + g.unit * 0.6 + hd.height, align="center" if centred else None)
            items.append(Rule(x, top - head_h, x + g.frame_w, top - head_h, accent, 0.9))
            # between the date and the first movement, and between the last movement and the feelings
            for rx in ((at[1], at[-2]) if g.rtl else (at[2], at[-1])):
                items.append(Rule(rx, top - head_h, rx, top - h, theme.RULE, 0.4))
            return items

        rows = []
        for d in range(first_day, first_day + days):
            day = mk.lines(plain(str(d)), st.small, day_w)

            def paint(x, top, day=day):
                at = lefts(x)
                items = day.runs(at[0], top - (row_h - day.height) / 2)
                for bx in at[2:-1]:
                    items.append(Box(bx + (lp.tick_col_w - box) / 2, top - (row_h + box) / 2, box, box,
                                     stroke=theme.MUTED, line_w=0.8))
                items.append(Rule(x, top - row_h, x + g.frame_w, top - row_h, theme.RULE, 0.4))
                return items

            rows.append(Row(row_h, paint))
        # a page break leaves at least three days on each side (under the header, repeated):
        # never a header with one row, nor one row alone on a page
        keep = 3
        breaks = [False] + [keep <= i <= len(rows) - keep for i in range(1, len(rows))]
        return Block(rows, breaks, pad_top=head_h, decorate=decorate, space_before=g.unit, tag=("log",))

    def more_log(self, lp: LogPlan, page: int = 0) -> list[Block]:
        """A padding page (the ``page``-th, from 0): the log goes on from the day after its last,
        in whole runs of its own length (two weeks a page for a week's log), or for as many
        days as the page holds."""
        g, st = self.g, self.st
        lines = max(1, int((g.frame_h - st.h1.leading - g.unit * 6) / theme.pt(9.5 if g.large_print else 8)))
        if lp.days <= lines:
            lines -= lines % lp.days
        one = LogPlan(lines, lp.columns, lp.keyed, lp.tick_col_w, lp.row_h, lp.groups)
        days = lines if len(lp.tables) == 1 else lp.days
        return self.log(one if len(lp.tables) == 1 else lp, first_day=lp.days + 1 + page * days,
                        days=days, lead=False, anchor="log-more" + (str(page) if page else ""))

    # -- notes, summary, back cover

    def notes(self, anchor: str, about: str | None = None) -> list[Block]:
        """A page of ruled lines; ``about`` names the movement it follows (a page left before a
        movement that starts on a left-hand page is for notes on the one before)."""
        g, st, mk, L = self.g, self.st, self.mk, self.L
        head = mk.heading(plain(L("notes")), st.h1, tag=("anchor", anchor))
        head.new_page = True
        blocks = [head]
        if about:
            blocks.append(mk.para(spans(about), st.lead, keep_next=True))
        used = sum(b.height + b.space_before for b in blocks)
        pitch = g.leading * 1.6
        n = max(1, int((g.frame_h - used - g.unit * 2) / pitch))
        rows = [Row(pitch, lambda x, top: [Rule(x, top - pitch, x + g.frame_w, top - pitch, theme.RULE, 0.5)])
                for _ in range(n)]
        return blocks + [Block(rows, space_before=g.unit * 2)]

    def summary(self, sequences: tuple[Sequence, ...]) -> list[Block]:
        """A padding page: every routine at a glance (its movements and how often), for the fridge door."""
        g, st, mk, L = self.g, self.st, self.mk, self.L
        out = [mk.heading(plain(L.plural("at_a_glance", len(sequences))), st.h1, tag=("anchor", "glance"))]
        out[0].new_page = True
        for k, seq in enumerate(sequences):
            out.append(mk.heading(spans(seq.name), st.h2, space_before=g.unit * (1 if k == 0 else 3)))
            out += self.facts_lines(facts.routine_facts(seq, L))
            for n, m in enumerate(seq.movements, 1):
                b = mk.step(n, spans(m.name, bold=True), None, g.frame_w, g.unit * 0.5, ("glance", k, n))
                dose = self.dose_lines(m, st.body, g.frame_w - st.body.size * 2.0)
                if dose is not None:
                    b.rows += mk.line_rows(dose, 0.0 if g.rtl else st.body.size * 2.0)
                    b.breaks = [False] * len(b.rows)
                out.append(b)
        return out

    def back_cover(self) -> list[list[Placed]]:
        p, g, st, mk, L = self.p, self.g, self.st, self.mk, self.L
        block: list[Block] = []
        if p.client is not None and p.client.follow_up:  # a client's next session, where it is seen
            inner = mk.panel_width()
            content = [mk.heading(plain(L("next_session").upper()), st.label, inner),
                       mk.para(plain(L.date(p.client.follow_up), bold=True), st.h3, inner)]
            block.append(mk.panel(content, st.accent, theme.tint(st.accent, 0.9)))
            block.append(Block([Row(g.unit * 6, lambda x, top: [])], [False]))
        if p.logo:
            block.append(Block([logo_row(p.logo, g, "start")]))
        if p.organisation:
            block.append(mk.para(plain(p.organisation, colour=st.accent, bold=True), st.body, space_before=g.unit))
        if p.author:
            block.append(mk.para(plain(p.author), st.body))
        if p.contact:
            block += [mk.para(plain(line), st.body) for line in p.contact.lines()]
        url, caption = facts.qr_choice(p, (), L)
        if url:
            qr = theme.pt(max(theme.QR_MIN_MM, 24.0))
            cap = mk.lines(plain(caption), st.small, g.frame_w - qr - g.unit * 2)

            def paint(x, top):
                qx = x + g.frame_w - qr if g.rtl else x
                out = [QRCode(qx, top - qr, qr, url), LinkArea(qx, top - qr, qr, qr, url=url)]
                out += cap.runs(x if g.rtl else x + qr + g.unit * 2, top - (qr - cap.height) / 2)
                return out

            block.append(Block([Row(max(qr, cap.height), paint)], [False], space_before=g.unit * 2))
        block.append(mk.para(spans(p.title), st.small, space_before=g.unit * 2))
        if p.edition:
            block.append(mk.para(plain(p.edition), st.small))
        return bottom_pages(g, [], block)
