"""Reading a movement's ``duration`` ("4 min", "90 s", "1 h 10 min", "3-5 min", "5 Minuten") as minutes."""

from __future__ import annotations

import re

DURATION_UNITS: dict[str, float] = {
    # minutes per unit. English, and the words of the languages movebook has labels for (the
    # long and short forms CLDR gives for hours, minutes and seconds, checked against Babel in
    # tests/test_loader.py), so that "5 Minuten", "90 secondes", "1 hora" or "5分" count too.
    **dict.fromkeys(["h", "hr", "hrs", "hour", "hours", "std", "std.", "stunde", "stunden", "heure", "heures",
                     "hora", "horas", "ora", "ore", "u", "uur", "時間",
                     "שעה", "שעות", "שע׳", "שע'", "ساعة", "ساعات", "س"], 60.0),
    **dict.fromkeys(["m", "min", "min.", "mins", "minute", "minutes", "minuten", "mn", "minuto", "minutos",
                     "minuti", "minuut", "分", "分間",
                     "דקה", "דקות", "דק׳", "דק'", "دقيقة", "دقائق", "د"], 1.0),
    **dict.fromkeys(["s", "sec", "sec.", "secs", "second", "seconds", "sek", "sek.", "sekunde", "sekunden",
                     "seconde", "secondes", "seconden", "seg", "segundo", "segundos", "secondo", "secondi",
                     "秒", "秒間", "שניה", "שנייה", "שניות", "שנ׳", "שנ'", "ثانية", "ثوان", "ثوانٍ", "ثواني", "ث"], 1 / 60),
}
"""Duration unit words (lower case) -> minutes."""

DURATION_WORDS: dict[str, float] = {
    # minutes. Words that are a whole duration, number and unit in one, as Hebrew and Arabic
    # write one or two of a unit (CLDR too): "שעתיים" (two hours), "دقيقة" (a minute), "دقيقتان".
    "שעה": 60.0, "שעתיים": 120.0, "דקה": 1.0, "שתי דקות": 2.0, "שניה": 1 / 60, "שנייה": 1 / 60, "שתי שניות": 2 / 60,
    "ساعة": 60.0, "ساعتان": 120.0, "ساعتين": 120.0, "دقيقة": 1.0, "دقيقتان": 2.0, "دقيقتين": 2.0,
    "ثانية": 1 / 60, "ثانيتان": 2 / 60, "ثانيتين": 2 / 60,
}
"""A duration written as words alone -> minutes."""

_UNIT = "|".join(re.escape(w) for w in sorted(DURATION_UNITS, key=len, reverse=True))
_WORDS = "|".join(re.escape(w) for w in sorted(DURATION_WORDS, key=len, reverse=True))
_DUR_PART = re.compile(rf"(?:(\d+(?:[.,]\d+)?)\s*({_UNIT})?|({_WORDS}))(?![^\W\d_])")
_DUR_RANGE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:-|–|—|~|〜|～|to|bis|à|a|tot|até|עד|إلى)\s*(\d+(?:[.,]\d+)?)\s*(.*)")
_DUR_AND = {"", "and", "und", "et", "y", "e", "en", "ו", "ו-", "ו־", "و"}
"""What may stand between two parts of a duration ("1 h and 10 min", "1 Std. und 10 Min.")."""


def parse_minutes(text: str | None, limit: bool = True) -> float | None:
    """``"4 min"`` -> 4.0, ``"90 s"`` -> 1.5, ``"1 h 10 min"`` -> 70, ``"3-5 min"`` -> 5,
    ``"5 Minuten"`` -> 5, ``"1時間10分"`` -> 70, ``"שעתיים"`` -> 120; None if unreadable."""
    if not text:
        return None
    t = text.strip().lower()
    m = re.fullmatch(r"(\d+):([0-5]\d)", t)
    if m:
        return int(m.group(1)) + int(m.group(2)) / 60
    m = _DUR_RANGE.fullmatch(t)
    if m:
        t = f"{m.group(2)} {m.group(3)}"
    total = 0.0
    pos = 0
    found = False
    for part in _DUR_PART.finditer(t):
        if t[pos : part.start()].strip(" ,") not in _DUR_AND:
            return None
        if part.group(3):
            total += DURATION_WORDS[part.group(3)]
        else:
            total += float(part.group(1).replace(",", ".")) * DURATION_UNITS[part.group(2) or "min"]
        pos = part.end()
        found = True
    if not found or t[pos:].strip(" .") != "":
        return None
    return total if total <= 24 * 60 or not limit else None  # a day or more is not a movement's duration
