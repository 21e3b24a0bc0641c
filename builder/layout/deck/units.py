"""Units and the deck's design numbers: lengths in EMU (914,400 to the inch), text sizes in points."""

from __future__ import annotations

from ... import theme

EMU_PER_INCH = 914400
EMU_PER_PT = 12700
SLIDE_H_IN = 7.5
SLIDE_W_IN = {"16:9": 13.333, "4:3": 10.0}
IMAGE_PPI = 128  # a 16:9 slide shown 1707 px wide (1920 px projectors scale it up 12%): shares the print variant of a photo
MIN_SLIDE_PPI = 64  # a picture is never shown larger than its pixels allow at this resolution (each pixel 2 x 2 on screen)


def inch(v: float) -> int:
    """Inches to EMU."""
    return round(v * EMU_PER_INCH)


def pt_emu(v: float) -> int:
    """Points to EMU."""
    return round(v * EMU_PER_PT)


def emu_pt(v: int) -> float:
    """EMU to points."""
    return v / EMU_PER_PT


FONT_NAME = "Arial"
MIN_PT = 20.0  # nothing on a slide is smaller
TITLE_SIZES = (36.0, 32.0, 28.0)  # tried in order for one line, then for two
LONG_TITLE_SIZES = (28.0, 24.0, 20.0)  # a title longer than 2 lines at 28 pt: more lines, smaller
COVER_TITLE_SIZES = (48.0, 44.0, 40.0, 36.0, 32.0, 28.0)
BODY_SIZES = (24.0, 22.0, 20.0)  # steps, cues, points: the largest that keeps the fewest slides
BODY_PT = 26.0
PROSE_PT = 28.0  # intro text, at most about 100 words a slide
PROSE_SIZES = (32.0, 28.0, 24.0)  # intro points and text: the largest that keeps the fewest slides
FACT_PT = 24.0
CLOSING_SIZES = (26.0, 24.0, 22.0)  # the closing slide's author and contact: the largest that keeps the fewest slides
AGENDA_PT = 24.0
AGENDA_SIZES = (28.0, 24.0)
LABEL_PT = 20.0  # caution level words, thumbnail names, captions
SMALL_PT = 20.0  # disclaimer, slide numbers
LINE = 1.2  # line pitch / font size (Arial's own single spacing is 1.15)
TITLE_LINE = 1.15
INTRO_WORDS = 100  # at most about this many words of an intro section's text on one slide

INK = theme.INK
MUTED = theme.MUTED
BACKGROUND = "#faf9f6"  # calm off-white
WHITE = "#ffffff"

MARGIN_X_IN = 0.45
MARGIN_TOP_IN = 0.4
MARGIN_BOTTOM_IN = 0.55  # the slide number sits in this margin, bottom right
GUTTER_IN = 0.4  # between a picture and its text column
RULE_W_IN, RULE_H_IN = 1.4, 0.07  # the accent rule under every title
INSET_X_IN, INSET_Y_IN = 0.04, 0.02  # text-box insets the measurement accounts for
WIDTH_SAFETY = 0.98  # measure against 98% of the box width (kerning, renderer rounding)
HEIGHT_SLACK = 0.1  # extra height per box, in lines of its first paragraph
TITLE_MAX_SHARE = 0.3  # a title never takes more than this share of the slide height
PICTURE_SHARE = {"16:9": 0.565, "4:3": 0.5}  # the picture column's right edge, as a share of the slide width
QR_IN = 1.3  # a video QR code: 3.3 cm on a 16:9 slide, scannable from the back of a room
