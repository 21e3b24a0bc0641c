"""Plan the workshop deck: slides -> shapes -> paragraphs, with every text measured to fit.

Pure planning: reads the :class:`~builder.model.Program` and returns a :class:`DeckPlan`
(positions in EMU, font sizes in points, speaker notes as plain text). It never imports
python-pptx; :mod:`builder.render.pptx.deck` turns the plan into a .pptx file.

The package by responsibility:

* :mod:`.units` units and design numbers; :mod:`.shapes` the plan objects;
* :mod:`.linebreak` and :mod:`.text` measuring and wrapping text (East Asian, Thai, right-to-left);
* :mod:`.flow` and :mod:`.rows` paginating a column onto slides (filled, then evened out; always ends);
* :mod:`.frame` what every slide shares (titles, picture columns);
* the slide kinds: :mod:`.cover` (title and closing), :mod:`.slides` (agenda, intro, cautions),
  :mod:`.movement`, :mod:`.routine`; :mod:`.notes` the speaker notes; :mod:`.planner` the whole deck.
"""

from __future__ import annotations

from ...model import markdown  # noqa: F401  (tests reach it as deck.markdown)
from .frame import COUNTER_RESERVE, Frame, Head, counter
from .planner import Planner, plan_deck
from .shapes import (DeckPlan, Geometry, LayoutRef, Para, Picture, QRCode, Rect, Shape, SlidePlan, Span, TextBox,
                     image_request)
from .text import (CONTINUES, ambiguous, box_height_emu, breaks_word, inner_w, is_rtl, lit, para, remeasure, runs_of, spans_of,
                   split_para, text_width_pt, tokens, wrap)
from .units import *  # noqa: F401,F403

__all__ = ["plan_deck", "DeckPlan", "Geometry", "SlidePlan", "TextBox", "Picture", "QRCode", "Rect", "Para", "Span"]
