"""The bundled fonts (SIL Open Font Licence, see fonts/OFL.txt) and what characters they cover.

The booklet and handouts print in Noto Sans, embedded and subset. The deck names Arial,
which presenters have, and measures its text with Liberation Sans, Arial's metric twin;
on a teacher's template it names the template's theme fonts and measures them with their
metric twins (:func:`deck_face`): Liberation Sans and Serif for Arial, Helvetica and Times,
Carlito for Calibri, Caladea for Cambria.

Characters Noto Sans lacks are printed in another face: Arabic, Hebrew and Thai in the
bundled Noto Sans Arabic, Hebrew and Thai (:data:`SCRIPT_FACES`), and the rest (Chinese,
Japanese, Armenian, Georgian, Ethiopic, symbols...) in a fallback font found on the
machine (:data:`FALLBACK_FONTS`), if there is one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

FONT_DIR = Path(__file__).parent

PRINT_FAMILY = "Noto Sans"
PRINT_FILES = {
    "regular": FONT_DIR / "NotoSans-Regular.ttf",
    "bold": FONT_DIR / "NotoSans-Bold.ttf",
    "italic": FONT_DIR / "NotoSans-Italic.ttf",
    "bolditalic": FONT_DIR / "NotoSans-BoldItalic.ttf",
}

DECK_FONT_NAME = "Arial"
"""The font the deck names; PowerPoint and LibreOffice lay it out with these metrics."""
DECK_METRIC_FILES = {
    "regular": FONT_DIR / "LiberationSans-Regular.ttf",
    "bold": FONT_DIR / "LiberationSans-Bold.ttf",
    "italic": FONT_DIR / "LiberationSans-Italic.ttf",
    "bolditalic": FONT_DIR / "LiberationSans-BoldItalic.ttf",
}


COVERAGE_FILE = FONT_DIR / "coverage.json"
"""What the bundled fonts cover (ranges of code points) and how wide their characters are
(advance widths), by file name, with each file's hash: so that a build need not parse the fonts
(nor import fontTools) to know it. :func:`write_coverage` makes it and a test checks it against
the fonts."""


@lru_cache(maxsize=None)
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for: a bundled font's from :data:`COVERAGE_FILE`
    (when the file is the one recorded there), any other's from the font itself."""
    return _recorded_or_read(Path(path), _shipped_coverage, read_coverage)


def _recorded_or_read(path: Path, recorded: Callable, read: Callable):
    """What the record holds of a bundled font (``recorded``, None when it holds nothing for
    this very file), else what ``read`` reads from the font."""
    found = recorded(path) if path.parent == FONT_DIR else None
    return read(path) if found is None else found


def read_coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for, read from the font (its best cmap)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _shipped_coverage(path: Path) -> frozenset[int] | None:
    return _shipped(path, lambda entry: frozenset(cp for first, last in entry["ranges"]
                                                  for cp in range(int(first), int(last) + 1)))


def _shipped(path: Path, decode: Callable[[dict], T]) -> T | None:
    """``decode`` of the font's entry in the record, or None when the record has no sound entry for this very file."""
    entry = _coverage_record().get(path.name)
    try:
        if not isinstance(entry, dict) or entry.get("sha256") != _file_hash(path):
            return None
        return decode(entry)
    except (OSError, KeyError, TypeError, ValueError):
        return None


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()  # half a millisecond for a font


@lru_cache(maxsize=1)
def _coverage_record() -> dict:
    try:
        record = json.loads(COVERAGE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def write_coverage() -> None:
    """Write :data:`COVERAGE_FILE` from the bundled fonts (after adding or changing one:
    ``python -c "from builder.fonts import write_coverage; write_coverage()"``)."""
    record = {}
    for font in sorted(FONT_DIR.glob("*.ttf")):
        ranges: list[list[int]] = []
        for cp in sorted(read_coverage(font)):
            if ranges and cp == ranges[-1][1] + 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
        m = read_metrics(font)
        cps = sorted(m.advances)
        record[font.name] = {"sha256": _file_hash(font), "ranges": ranges, "metrics": {
            "units_per_em": m.units_per_em, "missing": m.missing,
            "code_points": _pack("I", cps), "advances": _pack("H", [m.advances[cp] for cp in cps])}}
    COVERAGE_FILE.write_text(json.dumps(record, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


def _pack(kind: str, values: list[int]) -> str:
    """Unsigned integers (``kind``: "H" 16 bits, "I" 32 bits) as base64 of their little-endian bytes."""
    a = array(kind, values)
    if sys.byteorder == "big":
        a.byteswap()
    return base64.b64encode(a.tobytes()).decode("ascii")


def _unpack(kind: str, text: str) -> list[int]:
    a = array(kind)
    a.frombytes(base64.b64decode(text, validate=True))
    if sys.byteorder == "big":
        a.byteswap()
    return a.tolist()


def missing(text: str, path: Path) -> list[str]:
    """Characters of ``text`` the font has no glyph for (spaces and line breaks are fine)."""
    cov = coverage(path)
    seen: list[str] = []
    for ch in text:
        if ord(ch) not in cov and not ch.isspace() and ch not in seen and ord(ch) not in _INVISIBLE:
            seen.append(ch)
    return seen


_INVISIBLE = {0x200B, 0x200C, 0x200D, 0xFE0E, 0xFE0F, 0x00AD}


FALLBACK_FONTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # (name in the PDF, candidate TrueType files); the first file found is used.
    # Only scripts that print correctly without text shaping or right-to-left ordering.
    ("DroidSansFallback", (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # Debian/Ubuntu fonts-droid-fallback
        "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",  # Fedora
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",  # macOS
        "/Library/Fonts/Arial Unicode.ttf",
    )),
    ("NotoSansArmenian", ("/usr/share/fonts/truetype/noto/NotoSansArmenian-Regular.ttf",)),
    ("NotoSansGeorgian", ("/usr/share/fonts/truetype/noto/NotoSansGeorgian-Regular.ttf",)),
    ("NotoSansEthiopic", ("/usr/share/fonts/truetype/noto/NotoSansEthiopic-Regular.ttf",)),
    ("NotoSansSymbols2", ("/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",)),
)
"""Fallback fonts for print, looked for on the machine (Debian and Ubuntu: fonts-droid-fallback, fonts-noto-core)."""


SCRIPT_FACES: tuple[tuple[str, Path, Path], ...] = (
    # (name in the PDF, regular file, bold file): bundled, for scripts Noto Sans lacks
    ("NotoSansArabic", FONT_DIR / "NotoSansArabic-Regular.ttf", FONT_DIR / "NotoSansArabic-Bold.ttf"),
    ("NotoSansHebrew", FONT_DIR / "NotoSansHebrew-Regular.ttf", FONT_DIR / "NotoSansHebrew-Bold.ttf"),
    ("NotoSansThai", FONT_DIR / "NotoSansThai-Regular.ttf", FONT_DIR / "NotoSansThai-Bold.ttf"),
)
"""Bundled faces for Arabic, Hebrew and Thai (the print text engine shapes and orders them)."""


@lru_cache(maxsize=None)
def fallback_files() -> tuple[tuple[str, Path], ...]:
    """The fallback fonts, bundled script faces first, then those present on this machine: (name, file)."""
    found = [(name, regular) for name, regular, _ in SCRIPT_FACES]
    for name, candidates in FALLBACK_FONTS:
        for c in candidates:
            p = Path(c)
            if p.is_file():
                found.append((name, p))
                break
    return tuple(found)


@lru_cache(maxsize=4096)
def fallback_for(ch: str) -> tuple[str, Path] | None:
    """The first fallback font (name, file) with a glyph for ``ch``, or None."""
    cp = ord(ch)
    for name, path in fallback_files():
        if cp in coverage(path):
            return name, path
    return None


# --------------------------------------------------------------------------- faces and metrics


@dataclass(frozen=True)
class Face:
    """A font file and the name it is registered under in a PDF."""

    name: str
    path: Path


PRINT_FACES = {
    (False, False): Face("MBSans", PRINT_FILES["regular"]),
    (True, False): Face("MBSans-Bold", PRINT_FILES["bold"]),
    (False, True): Face("MBSans-Italic", PRINT_FILES["italic"]),
    (True, True): Face("MBSans-BoldItalic", PRINT_FILES["bolditalic"]),
}
"""The print family by (bold, italic)."""


@lru_cache(maxsize=8192)
def print_face(ch: str, bold: bool = False, italic: bool = False) -> Face:
    """The face that prints ``ch`` in the given style: Noto Sans, else a script face (bold where
    it has one), else a fallback found on the machine, else Noto Sans (a missing-glyph box)."""
    main = PRINT_FACES[(bold, italic)]
    cp = ord(ch)
    if cp in coverage(main.path) or ch.isspace():
        return main
    for name, regular, bold_file in SCRIPT_FACES:
        if cp in coverage(regular):
            return Face(f"{name}-Bold", bold_file) if bold else Face(name, regular)
    found = fallback_for(ch)
    return Face(*found) if found else main


@dataclass(frozen=True)
class Metrics:
    """Advance widths of one font file, in font units (``units_per_em`` to the em)."""

    units_per_em: int
    advances: dict[int, int]  # code point -> advance width
    missing: int  # the advance of the missing-glyph box

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` at ``size`` points, in points (no kerning, as PDF text draws it)."""
        adv = self.advances
        miss = self.missing
        return sum(adv.get(ord(c), miss) for c in text) * size / self.units_per_em


@lru_cache(maxsize=None)
def metrics(path: Path) -> Metrics:
    """The advance widths of a font file, once per process: a bundled font's from
    :data:`COVERAGE_FILE` (when the file is the one recorded there), any other's from the font."""
    return _recorded_or_read(Path(path), _shipped_metrics, read_metrics)


def _shipped_metrics(path: Path) -> Metrics | None:
    def decode(entry: dict) -> Metrics | None:
        m = entry["metrics"]
        cps, advances = _unpack("I", m["code_points"]), _unpack("H", m["advances"])
        if len(cps) != len(advances):
            return None
        return Metrics(int(m["units_per_em"]), dict(zip(cps, advances)), int(m["missing"]))

    return _shipped(path, decode)


def read_metrics(path: Path) -> Metrics:
    """The advance widths of a font file, read from the font."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        hmtx = font["hmtx"].metrics
        cmap = font.getBestCmap()
        advances = {cp: hmtx[name][0] for cp, name in cmap.items() if name in hmtx}
        missing = hmtx[font.getGlyphOrder()[0]][0]
        return Metrics(font["head"].unitsPerEm, advances, missing)


# --------------------------------------------------------------------------- deck faces

UNKNOWN_FONT_MARGIN = 1.2
"""A font without bundled metrics is measured as Arial this much wider: 20%, more than
Century Gothic (9% wider than Arial on the default program's text), Noto Sans (7%) or
DejaVu Sans (15%, 20% bold), the faces a renderer without the font substitutes."""

_TWINS = {
    "Liberation Sans": ("arial", "helvetica", "arimo", "liberation sans"),
    "Liberation Serif": ("times new roman", "times", "tinos", "liberation serif"),
    "Carlito": ("calibri", "carlito"),
    "Caladea": ("cambria", "caladea"),
}
_TWIN_FILES = {
    # regular, bold, italic, bold italic: an italic is measured upright where no italic is bundled
    # (Carlito's, Caladea's and Liberation Serif's italics are 1-2% narrower than their upright).
    "Liberation Sans": tuple(DECK_METRIC_FILES[k] for k in ("regular", "bold", "italic", "bolditalic")),
    "Liberation Serif": (FONT_DIR / "LiberationSerif-Regular.ttf", FONT_DIR / "LiberationSerif-Bold.ttf") * 2,
    "Carlito": (FONT_DIR / "Carlito-Regular.ttf", FONT_DIR / "Carlito-Bold.ttf") * 2,
    "Caladea": (FONT_DIR / "Caladea-Regular.ttf", FONT_DIR / "Caladea-Bold.ttf") * 2,
}


@dataclass(frozen=True)
class DeckFace:
    """A font the deck names and how its text is measured.

    ``typeface`` is what a run names (``"Arial"``, or a theme font reference such as
    ``"+mn-lt"``), ``name`` the font itself (``"Calibri"``); ``files`` are the metric
    files (regular, bold, italic, bold italic) and ``scale`` multiplies their widths
    (above 1 for a font measured with another's metrics, a safety margin).
    """

    typeface: str
    name: str
    files: tuple[Path, Path, Path, Path]
    scale: float = 1.0

    @property
    def known(self) -> bool:
        """True if the font is measured with its own metrics (its metric twin's)."""
        return self.scale == 1.0

    @property
    def measured_closely(self) -> bool:
        """True if the font is measured with its own metrics or those of its regular weight."""
        return self.scale <= LIGHT_MARGIN

    @property
    def measured_as(self) -> str:
        """The family whose metrics measure this face."""
        return next(k for k, v in _TWIN_FILES.items() if v == self.files)


def metric_twin(name: str) -> str | None:
    """The bundled family metric-compatible with font ``name`` ("Calibri" -> "Carlito"), or None."""
    key = " ".join((name or "").lower().split())
    return next((twin for twin, names in _TWINS.items() if key in names), None)


LIGHT_MARGIN = 1.03
"""A light weight of a font with a metric twin ("Calibri Light", the headings of PowerPoint's
own Office theme) is measured with the twin's regular widths this much wider: a light weight
is no wider than its regular, so lines end at most a little early."""


def deck_face(name: str, typeface: str | None = None) -> DeckFace:
    """How the deck measures font ``name``: with its metric twin (a light weight with its
    regular's twin, :data:`LIGHT_MARGIN` wider), else as Arial :data:`UNKNOWN_FONT_MARGIN` wider."""
    twin = metric_twin(name)
    if twin is None:
        words = " ".join((name or "").split())
        regular = metric_twin(words[: -len(" light")]) if words.lower().endswith(" light") else None
        if regular:
            return DeckFace(typeface or name, name, _TWIN_FILES[regular], LIGHT_MARGIN)
        return DeckFace(typeface or name, name, _TWIN_FILES["Liberation Sans"], UNKNOWN_FONT_MARGIN)
    return DeckFace(typeface or name, name, _TWIN_FILES[twin])


ARIAL = deck_face(DECK_FONT_NAME)
"""The deck's own face: Arial, measured with Liberation Sans."""
