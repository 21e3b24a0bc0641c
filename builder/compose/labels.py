"""Every fixed word the outputs print, looked up by id: one catalogue, plural forms included.

Output code never holds a phrase of its own; it asks a :class:`Labels` for one by id::

    L = labels_for(program)
    L("practice_log")                  # "Practice log"
    L("movement_number", number=3)     # "Movement 3"
    L.plural("times", 5, n=5)          # "5 times"

The English words below are the source catalogue. Placeholders are written ``{name}``
(Python's brace format); a label given ``**params`` is formatted with them.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Mapping

Plural = tuple[str, str]
"""English singular and plural forms of a counted label."""

ENGLISH: dict[str, str | Plural] = {
    # ---- shared by every output
    "movements": "Movements",
    "movement_number": "Movement {number}",
    "routine": "Routine",
    "routines": "Routines",
    "routine_number": "Routine {number}",
    "repeat": "Repeat",
    "sides": "Sides",
    "time": "Time",
    "video": "Video",
    "how_often": "How often",
    "steps": "Steps",
    "starting_position": "Starting position",
    "afterwards": "Afterwards",
    "why_it_helps": "Why it helps",
    "works_on": "Works on",
    "contact": "Contact",
    "minutes": "{n} min",
    "about_time": "about {time}",
    "sides_both": "Both sides",
    "sides_left": "Left side",
    "sides_right": "Right side",
    "level_info": "Good to know",
    "level_caution": "Caution",
    "level_stop": "Stop",
    "breath_in": "breathe in",
    "breath_out": "breathe out",
    "breath_hold": "hold",
    "list_separator": ", ",
    "range": "{first}–{last}",
    # ---- booklet
    "please_read_first": "Please read first",
    "contents": "Contents",
    "before_you_begin": "Before you begin",
    "before_you_begin_lead": "Please read these points before you try the movements, and come back to them "
                             "whenever you need to.",
    "scan_to_watch": "Scan to watch the video",
    "watch_the_video": "Watch the video",
    "scan_or_type": "Point your phone’s camera at the code, or type this address:",
    "to_begin": "To begin",
    "to_finish": "To finish",
    "page_ref": "page {page}",
    "practice_log": "Practice log",
    "practice_log_lead": "Tick a box each time you practise, and note a word or two about how it felt.",
    "practised": "Practised",
    "day": "Day",
    "date": "Date",
    "how_did_it_feel": "How did it feel?",
    "log_group": "{routines} ({part} of {parts})",
    "notes": "Notes",
    "booklet_subject": "Home-practice booklet",
    # ---- handout
    "begin": "Begin",
    "finish": "Finish",
    "all_movements": "All movements, in the order they are taught",
    "all_movements_part": "All movements, in the order they are taught: {part} of {total}",
    "scan_for_website": "Scan for the website",
    "scan_for_video": "Scan for the video of {name}",
    "handout_title": "{title}: class handouts",
    "handout_subject": "Class handout: {names}",
    # ---- deck
    "agenda": "Agenda",
    "introduction": "Introduction",
    "sequences": "Sequences",
    "before_we_begin": "Before we begin",
    "before_we_begin_agenda": "Before we begin: taking care",
    "total_movement_time": "Total movement time",
    "continued": "{title} (continued)",
    "take_care": "{name}: take care",
    "thank_you": "Thank you",
    "repeat_value": "Repeat {value}",
    "repeat_value_lower": "repeat {value}",
    "workshop_slides": "Workshop slides",
    "made_with": "Made with movebook",
    # ---- deck speaker notes (read by the teacher)
    "note_welcome": "Welcome to {title}.",
    "note_presented_by": "Presented by {who}.",
    "note_total_time": "Movement time in total: {time}.",
    "note_agenda": "Agenda.",
    "note_sequence_item": "Sequence {name}",
    "note_total_movement_time": "Total movement time: {time}.",
    "note_on_the_slide": "On the slide:",
    "note_cautions_lead": "Before we begin, please take these to heart:",
    "note_point_out": "Before {name}, point out:",
    "note_thank": "Thank the group. Point to the contact details and the home-practice booklet.",
    "note_teaching": "Teaching notes:",
    "note_cautions": "Cautions:",
    "note_timing": "Timing: {time}",
    "note_timing_sequence": "Timing: {time} of movement",
    "note_why": "Why: {text}",
    "note_targets": "Targets: {text}",
    "note_starting_position": "Starting position: {text}",
    "note_steps": "Steps:",
    "note_repeat": "Repeat: {text}",
    "note_sides": "Sides: {text}",
    "note_video": "Video: {text}",
    "note_afterwards": "Afterwards: {text}",
    "note_whole_movement": "Whole movement: {text}",
    "note_sequence": "Sequence: {name}",
    "note_how_often": "How often: {text}",
    "note_opening": "Opening: {text}",
    "note_closing": "Closing: {text}",
    "note_contact": "Contact: {text}",
    "note_disclaimer": "Disclaimer: {text}",
}
"""The source catalogue: label id -> English words (or singular and plural forms)."""


@dataclass(frozen=True)
class Labels:
    """The fixed words of one program's outputs, in its language, with its own overrides.

    ``words`` maps a label id to its text (or plural forms); ids it lacks fall back to
    :data:`ENGLISH`. Calling the object looks a label up and fills its placeholders.
    """

    language: str = "en"
    words: Mapping[str, str | Plural] = field(default_factory=dict)

    def __call__(self, key: str, /, **params) -> str:
        text = self.words.get(key, ENGLISH[key])
        if isinstance(text, tuple):
            text = text[0]
        return text.format(**params) if params else text

    def plural(self, key: str, count: int, /, **params) -> str:
        """The form of a counted label for ``count`` (English: singular for 1, else plural)."""
        forms = self.words.get(key, ENGLISH[key])
        if isinstance(forms, str):
            forms = (forms, forms)
        text = forms[0] if count == 1 else forms[1]
        return text.format(**params) if params else text


ENGLISH_LABELS = Labels()


def placeholders(text: str) -> set[str] | None:
    """The ``{name}`` placeholders of a label text; None if its braces are malformed."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def labels_for(program) -> Labels:
    """The labels of a program's outputs: the catalogue's words, with the program's own ``labels:``."""
    if not program.labels:
        return ENGLISH_LABELS
    return Labels(program.language, dict(program.labels))
