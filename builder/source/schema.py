"""The shape of the YAML (content format version 1), checked with pydantic.

These models describe what a teacher may write; :mod:`builder.loader` turns the checked
data into the frozen :mod:`builder.model`. Error messages are written for teachers,
not programmers, and every pydantic error is mapped back to a file, line and column.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from typing import Annotated, Any, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

from .. import model
from .reader import RawScalar

MAX_TEXT_CHARS = 20_000
"""The longest prose field accepted (a long intro section is about 3,000)."""
MAX_ITEMS = 500
"""The most items in one list (steps, movements, sequences...)."""
MAX_CUES = 6
"""The most cues a movement has (what a room reads from a slide)."""
MAX_CUE_CHARS = 80
"""The longest cue."""
MAX_LABEL_CHARS = 200
"""The longest word or phrase that replaces a label."""

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
COLOUR_RE = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)


def kind_of(v: Any) -> str:
    if v is None:
        return "nothing"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, bool) or (isinstance(v, RawScalar) and isinstance(v.resolved, bool)):
        return f"yes/no (`{v}`)"
    if isinstance(v, (int, float)) or (isinstance(v, RawScalar) and isinstance(v.resolved, (int, float))):
        return f"a number (`{v}`)"
    return f"text (`{_short(str(v))}`)"


def _short(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _fail(code: str, msg: str) -> PydanticCustomError:
    return PydanticCustomError(code, msg.replace("{", "{{").replace("}", "}}"))


# ---- scalar validators --------------------------------------------------------------


def _colon_hint(v: Any) -> str | None:
    """A one-key mapping where text was expected is usually text with an unquoted ': '."""
    if isinstance(v, dict) and len(v) == 1:
        (k, val), = v.items()
        if val is None or isinstance(val, str):
            whole = f"{k}: {val}" if val is not None else f"{k}:"
            return f'expected text; YAML read `{_short(whole)}` as a key and a value because of the ": ". Put the whole text in quotes: "{_short(whole, 60)}"'
    return None


def _text(v: Any) -> str:
    hint = _colon_hint(v)
    if hint:
        raise _fail("mb_text", hint)
    if isinstance(v, str):
        s = str(v).strip()
        if not s:
            raise _fail("mb_text", "expected text, got an empty value")
        if all(c.isspace() or unicodedata.category(c) in ("Cf", "Cc") for c in s):
            raise _fail("mb_text", "expected text, got only invisible characters (zero-width spaces or joiners)")
        if len(v) > MAX_TEXT_CHARS:  # as typed, spaces included: what the JSON Schema's maxLength counts too
            raise _fail("mb_text", f"the text is {len(v):,} characters; the limit is {MAX_TEXT_CHARS:,}")
        return s
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    raise _fail("mb_text", f"expected text, got {kind_of(v)}")


def _opt_text(v: Any) -> str | None:
    return None if v is None else _text(v)


def _yaml_bool(v: Any) -> bool:
    """``v`` was typed as a YAML 1.1 yes/no word without quotes (yes, no, on, off, true, false)."""
    return isinstance(v, RawScalar) and isinstance(v.resolved, bool)


def _id(v: Any) -> str:
    if _yaml_bool(v):
        raise _fail("mb_id", f"`{v}` reads as yes/no in YAML, not as an id: choose another id, or put it in quotes")
    s = _text(v)
    if not ID_RE.match(s):
        suggestion = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
        hint = f" (for example `{suggestion}`)" if suggestion and ID_RE.match(suggestion) else ""
        raise _fail("mb_id", f"`{_short(s)}` is not a valid id: use only a-z, 0-9 and '-', starting with a letter or digit{hint}")
    return s


def _choice(values: tuple[str, ...], what: str):
    lookup = {v.lower(): v for v in values}

    def check(v: Any) -> str:
        s = _text(v)
        if s.lower() in lookup:
            return lookup[s.lower()]
        close = difflib.get_close_matches(s.lower(), list(lookup), n=1, cutoff=0.5)
        hint = f" (did you mean `{lookup[close[0]]}`?)" if close else ""
        raise _fail("mb_choice", f"`{_short(s)}` is not a {what}: use one of {', '.join(values)}{hint}")

    return check


def _int(lo: int, hi: int):
    def check(v: Any) -> int:
        r = v.resolved if isinstance(v, RawScalar) else v
        if isinstance(r, str) and re.fullmatch(r"\s*[0-9]+\s*", r):
            r = int(r.strip())  # "14" in quotes
        if isinstance(r, float) and r.is_integer():
            r = int(r)  # 14.0
        if isinstance(r, bool) or not isinstance(r, int):
            raise _fail("mb_int", f"expected a whole number, got {kind_of(v)}")
        if not lo <= r <= hi:
            raise _fail("mb_int", f"{r} is out of range: use a number from {lo} to {hi}")
        return r

    return check


def _number(lo: float, hi: float):
    def check(v: Any) -> float:
        r = v.resolved if isinstance(v, RawScalar) else v
        if isinstance(r, str):
            try:
                r = float(r.strip())  # "0.1" in quotes
            except ValueError:
                pass
        if isinstance(r, bool) or not isinstance(r, (int, float)):
            raise _fail("mb_number", f"expected a number, got {kind_of(v)}")
        if not lo <= r <= hi:
            raise _fail("mb_number", f"{r} is out of range: use a number from {lo} to {hi}")
        return float(r)

    return check


_YES_NO = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def _bool(v: Any) -> bool:
    r = v.resolved if isinstance(v, RawScalar) else v
    if isinstance(r, str) and r.strip().lower() in _YES_NO:
        r = _YES_NO[r.strip().lower()]  # "yes" in quotes, or an editor's YAML 1.2 reading of yes
    if not isinstance(r, bool):
        raise _fail("mb_bool", f"expected true or false, got {kind_of(v)}")
    return r


MAX_URL_CHARS = 500
"""The longest web address accepted (it must fit a QR code that scans from paper)."""


def _url(v: Any) -> str:
    s = _text(v)
    if len(v) > MAX_URL_CHARS:
        raise _fail("mb_url", f"the web address is {len(v):,} characters; the limit is {MAX_URL_CHARS} (use a shorter link)")
    if not URL_RE.match(s):
        raise _fail("mb_url", f"`{_short(s)}` is not a web address: write it in full, starting with https://")
    return s


def _lang(v: Any) -> str:
    s = _text(v)
    if not LANG_RE.match(s):
        raise _fail("mb_lang", f"`{_short(s)}` is not a language tag such as en, en-GB, de or el")
    return s


def _colour(v: Any) -> str:
    if v is None:
        raise _fail("mb_colour", 'expected a colour such as "#2f6f6a", got nothing (put the colour in quotes: in YAML an unquoted # starts a comment)')
    if isinstance(v, RawScalar) and not isinstance(v.resolved, str):
        raise _fail("mb_colour", f'`{v}` is read by YAML as a number: write the colour in quotes, with #: "#{v}"')
    s = _text(v)
    m = COLOUR_RE.match(s)
    if not m:
        raise _fail("mb_colour", f'`{_short(s)}` is not a colour: write it as "#rrggbb", in quotes, e.g. "#2f6f6a"')
    h = m.group(1)
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return "#" + h.lower()


def _cue(v: Any) -> str:
    s = _text(v)
    if len(str(v)) > MAX_CUE_CHARS:
        raise _fail("mb_cue", f"the cue is {len(str(v)):,} characters; a cue is at most {MAX_CUE_CHARS} (keep it short: "
                              "the full instruction belongs in `steps`)")
    return s


def _label(v: Any) -> str:
    s = _text(v)
    if len(str(v)) > MAX_LABEL_CHARS:
        raise _fail("mb_label", f"the label is {len(str(v)):,} characters; the limit is {MAX_LABEL_CHARS}")
    return s


def _string_list(v: Any) -> Any:
    if isinstance(v, str):
        return [v]
    return v


def _json(schema: dict):
    return WithJsonSchema(schema)


# ---- the JSON Schema of each kind of value --------------------------------------------
# The schema must accept exactly what movebook accepts (tests/test_hostile.py checks it value by
# value). movebook keeps every scalar as typed, so a number or a yes/no word is text too; an
# editor sees them as JSON numbers and booleans. Patterns and lengths apply to strings only.

_SCALAR = ["string", "number", "boolean"]


def _text_json(max_chars: int = MAX_TEXT_CHARS, null: bool = False) -> dict:
    return {"type": _SCALAR + (["null"] if null else []), "pattern": r"\S", "maxLength": max_chars}


def _any_case(word: str) -> str:
    """A regular expression matching ``word`` in any mix of capitals (JSON Schema has no /i flag)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def _choice_json(values: tuple[str, ...], null: bool = False) -> dict:
    words = "|".join(_any_case(v) for v in values)
    out: dict = {"type": ["string", "null"] if null else "string", "pattern": rf"^\s*({words})\s*$"}
    if set(values) >= {"16:9", "4:3"}:
        # Unquoted 16:9 and 4:3 are base-60 numbers to YAML 1.1 (969, 243); movebook reads them as typed.
        return {"anyOf": [out, {"enum": [969, 243]}]}
    return out


_ID_JSON = {"anyOf": [{"type": "string", "pattern": r"^\s*[a-z0-9][a-z0-9-]*\s*$", "maxLength": MAX_TEXT_CHARS},
                      {"type": "integer", "minimum": 0}]}
_URL_JSON = {"type": ["string", "null"], "pattern": r"^\s*[hH][tT][tT][pP][sS]?://[^\s/$.?#]\S*\s*$", "maxLength": MAX_URL_CHARS,
             "format": "uri"}


class _OrText:
    """JSON Schema marker: the value may also be written as plain text (the short form)."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        return {"anyOf": [_text_json(), handler(core_schema)]}


Text = Annotated[str, BeforeValidator(_text), _json(_text_json())]
OptText = Annotated[Union[str, None], BeforeValidator(_opt_text), _json(_text_json(null=True))]
Id = Annotated[str, BeforeValidator(_id), _json(_ID_JSON)]
OptId = Annotated[Union[str, None], BeforeValidator(lambda v: None if v is None else _id(v)), _json({"anyOf": [*_ID_JSON["anyOf"], {"type": "null"}]})]
Url = Annotated[Union[str, None], BeforeValidator(lambda v: None if v is None else _url(v)), _json(_URL_JSON)]
Level = Annotated[str, BeforeValidator(_choice(model.LEVELS, "caution level")), _json(_choice_json(model.LEVELS))]
Sides = Annotated[str, BeforeValidator(_choice(model.SIDES, "side")), _json(_choice_json(model.SIDES))]
Breath = Annotated[Union[str, None], BeforeValidator(lambda v: None if v is None else _choice(model.BREATHS, "breath")(v)), _json(_choice_json(model.BREATHS, null=True))]
BookletSize = Annotated[str, BeforeValidator(_choice(model.BOOKLET_PAGE_SIZES, "booklet page size")), _json(_choice_json(model.BOOKLET_PAGE_SIZES))]
HandoutSize = Annotated[str, BeforeValidator(_choice(model.HANDOUT_PAGE_SIZES, "handout page size")), _json(_choice_json(model.HANDOUT_PAGE_SIZES))]
Aspect = Annotated[str, BeforeValidator(_choice(model.ASPECTS, "slide shape")), _json(_choice_json(model.ASPECTS))]
Binding = Annotated[str, BeforeValidator(_choice(model.BINDINGS, "binding")), _json(_choice_json(model.BINDINGS))]
Thickness = Annotated[float, BeforeValidator(_number(0.03, 0.5)), _json({"anyOf": [
    {"type": "number", "minimum": 0.03, "maximum": 0.5},
    {"type": "string", "pattern": r"^\s*0?\.(0[3-9]|[1-4][0-9]?|50?)0*\s*$"}]})]
LogDays = Annotated[int, BeforeValidator(_int(0, 366)), _json({"anyOf": [
    {"type": "integer", "minimum": 0, "maximum": 366},
    {"type": "string", "pattern": r"^\s*0*([0-9]|[1-9][0-9]|[12][0-9][0-9]|3[0-5][0-9]|36[0-6])\s*$"}]})]
Flag = Annotated[bool, BeforeValidator(_bool), _json({"anyOf": [
    {"type": "boolean"}, {"type": "string", "pattern": rf"^\s*({'|'.join(_any_case(w) for w in _YES_NO)})\s*$"}]})]
# `language: no` (Norwegian) is a yes/no word to YAML 1.1; movebook reads it as typed.
Lang = Annotated[str, BeforeValidator(_lang), _json({"type": ["string", "boolean"], "pattern": r"^\s*[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\s*$",
                                                     "maxLength": MAX_TEXT_CHARS})]
Colour = Annotated[str, BeforeValidator(_colour), _json({"type": "string", "pattern": r"^\s*#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*$"})]
Cue = Annotated[str, BeforeValidator(_cue), _json(_text_json(MAX_CUE_CHARS))]
LabelText = Annotated[str, BeforeValidator(_label), _json(_text_json(MAX_LABEL_CHARS))]


def Items(item):  # noqa: N802 - reads like a type
    return Annotated[list[item], Field(max_length=MAX_ITEMS)]


def NonEmpty(item):  # noqa: N802
    return Annotated[list[item], Field(min_length=1, max_length=MAX_ITEMS)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- mappings -----------------------------------------------------------------------


def _mapping_or(key: str):
    """Let a bare string stand for a mapping with that one key (``- side-bend.jpg``)."""

    def wrap(v: Any) -> Any:
        if isinstance(v, str):
            return {key: v}
        if isinstance(v, dict):
            if len(v) == 1 and next(iter(v)) not in known_keys():
                hint = _colon_hint(v)
                if hint:
                    raise _fail("mb_text", hint)
            return v
        raise _fail("mb_text", f"expected text, got {kind_of(v)}")

    return wrap


class ImageIn(Strict):
    file: Text
    caption: OptText = None
    alt: OptText = None


ImageItem = Annotated[ImageIn, BeforeValidator(_mapping_or("file")), _OrText()]


class StepIn(Strict):
    text: Text
    breath: Breath = None


StepItem = Annotated[StepIn, BeforeValidator(_mapping_or("text")), _OrText()]


class PartIn(Strict):
    name: Text
    steps: NonEmpty(StepItem)
    repeat: OptText = None


class CautionIn(Strict):
    id: OptId = None
    title: OptText = None
    text: Text
    level: Level = "caution"


CautionItem = Annotated[CautionIn, BeforeValidator(_mapping_or("text")), _OrText()]


def _caution_kind(v: Any) -> str:
    if isinstance(v, dict) and not (len(v) == 1 and next(iter(v)) not in known_keys()):
        return "§map"
    return "§text"  # text, or text with an unquoted ": " (the text validator explains)


# In a movement: the id of a program caution, a new caution text, or a full caution mapping.
MovementCautionItem = Annotated[
    Union[Annotated[Text, Tag("§text")], Annotated[CautionIn, Tag("§map")]],
    Discriminator(_caution_kind),
]

MOVEMENT_KEYS = (
    "id name summary why targets position images image parts steps cues repeat sides "
    "afterwards cautions teaching_notes video duration"
).split()


class _MovementFields(Strict):
    summary: OptText = None
    why: OptText = None
    targets: Annotated[Items(Text), BeforeValidator(_string_list), _OrText()] = []
    position: OptText = None
    images: Union[Items(ImageItem), None] = None
    image: Union[ImageItem, None] = None
    parts: Union[Items(PartIn), None] = None
    steps: Union[Items(StepItem), None] = None
    cues: Union[Annotated[list[Cue], Field(min_length=1, max_length=MAX_CUES)], None] = None
    repeat: OptText = None
    sides: Sides = "none"
    afterwards: OptText = None
    cautions: Items(MovementCautionItem) = []
    teaching_notes: OptText = None
    video: Url = None
    duration: OptText = None

    @model_validator(mode="after")
    def _one_image_key(self):
        if self.images is not None and self.image is not None:
            raise _fail("mb_image", "give either `image` (one picture) or `images` (a list), not both")
        return self


class MovementIn(_MovementFields):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"anyOf": [
        {"required": ["steps"], "properties": {"steps": {"type": "array", "minItems": 1}}},
        {"required": ["parts"], "properties": {"parts": {"type": "array", "minItems": 1}}}]})

    id: Id
    name: Text

    @model_validator(mode="after")
    def _has_steps(self):
        if not self.steps and not self.parts:
            raise _fail("mb_steps", f"the movement `{self.id}` has no `steps` or `parts`; give it at least one step")
        return self


class UseIn(_MovementFields):
    """A library movement with overrides: ``- use: washrag`` plus any movement key."""

    use: Id
    id: OptId = None
    name: OptText = None


def _movement_kind(v: Any) -> str:
    if isinstance(v, dict):
        return "§use" if "use" in v else "§inline"
    return "§ref"


MovementItem = Annotated[
    Union[Annotated[Id, Tag("§ref")], Annotated[UseIn, Tag("§use")], Annotated[MovementIn, Tag("§inline")]],
    Discriminator(_movement_kind),
]


class SectionIn(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"anyOf": [
        {"required": ["text"], "properties": {"text": {"not": {"type": "null"}}}},
        {"required": ["image"], "properties": {"image": {"not": {"type": "null"}}}}]})

    heading: Text
    text: OptText = None
    image: Union[ImageItem, None] = None
    notes: OptText = None
    slide: Union[Annotated[list[Text], Field(min_length=1, max_length=MAX_ITEMS)], None] = None


class SequenceIn(Strict):
    id: Id
    name: Text
    movements: NonEmpty(Id)
    how_often: OptText = None
    opening: OptText = None
    closing: OptText = None


class ContactIn(Strict):
    email: OptText = None
    phone: OptText = None
    website: Url = None
    address: OptText = None


class BookletIn(Strict):
    page_size: BookletSize = "A5"
    practice_log_days: LogDays = 14
    large_print: Flag = False
    binding: Binding = "auto"
    paper_thickness_mm: Thickness = 0.1


class DeckIn(Strict):
    aspect: Aspect = "16:9"
    template: OptText = None


class HandoutIn(Strict):
    page_size: HandoutSize = "A4"


class ThemeIn(Strict):
    accent: Colour = "#2f6f6a"


class ProgramIn(Strict):
    """A program file: ``content/<name>.yaml``."""

    title: Text
    subtitle: OptText = None
    author: OptText = None
    organisation: OptText = None
    contact: Union[ContactIn, None] = None
    edition: OptText = None
    language: Lang = "en"
    cover_image: Union[ImageItem, None] = None
    logo: Union[ImageItem, None] = None
    disclaimer: OptText = None
    labels: Union[dict[str, LabelText], None] = None
    intro: Items(SectionIn) = []
    cautions: Items(CautionItem) = []
    movements: NonEmpty(MovementItem)
    sequences: Items(SequenceIn) = []
    booklet: BookletIn = BookletIn()
    deck: DeckIn = DeckIn()
    handout: HandoutIn = HandoutIn()
    theme: ThemeIn = ThemeIn()


# ---- clients (content format 1.1) ----------------------------------------------------


def _date(v: Any) -> datetime.date:
    r = v.resolved if isinstance(v, RawScalar) else v
    if isinstance(r, datetime.datetime):
        return r.date()
    if isinstance(r, datetime.date):
        return r
    if isinstance(r, str):
        try:
            return datetime.date.fromisoformat(r.strip())
        except ValueError:
            pass
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.strip(), re.ASCII):  # written as it should be, but no such day (2026-02-30)
            raise _fail("mb_date", f"there is no day {r.strip()}: check the month and the day (year-month-day)")
    raise _fail("mb_date", f"expected a date written year-month-day, such as 2026-12-01, got {kind_of(v)}")


Date = Annotated[datetime.date, BeforeValidator(_date), _json({"type": "string", "format": "date"})]


class ClientMovementIn(_MovementFields):
    """A movement in a client's selection: its id, any movement key to override, and a personal note."""

    id: Id
    name: OptText = None
    note: OptText = None


ClientMovementItem = Annotated[ClientMovementIn, BeforeValidator(_mapping_or("id")), _OrText()]


class ClientIn(Strict):
    """A client file: ``content/clients/<id>.yaml`` (or a row of ``content/clients.csv``)."""

    client: Text
    program: Id
    date: Union[Date, None] = None
    follow_up: Union[Date, None] = None
    language: Union[Lang, None] = None
    large_print: Union[Flag, None] = None
    note: OptText = None
    movements: NonEmpty(ClientMovementItem)
    practice_log_days: Union[LogDays, None] = None


def client_json_schema() -> dict:
    schema = ClientIn.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "movebook client (content/clients/<id>.yaml)"
    return schema


# ---- what keys are allowed where (for "did you mean") -------------------------------

_KEYS_BY_PARENT: dict[str, tuple[str, ...]] = {
    "": tuple(ProgramIn.model_fields),
    "movements": tuple(MOVEMENT_KEYS) + ("use",),
    "parts": tuple(PartIn.model_fields),
    "steps": tuple(StepIn.model_fields),
    "intro": tuple(SectionIn.model_fields),
    "cautions": tuple(CautionIn.model_fields),
    "contact": tuple(ContactIn.model_fields),
    "images": tuple(ImageIn.model_fields),
    "image": tuple(ImageIn.model_fields),
    "cover_image": tuple(ImageIn.model_fields),
    "logo": tuple(ImageIn.model_fields),
    "sequences": tuple(SequenceIn.model_fields),
    "booklet": tuple(BookletIn.model_fields),
    "deck": tuple(DeckIn.model_fields),
    "handout": tuple(HandoutIn.model_fields),
    "theme": tuple(ThemeIn.model_fields),
    "client": tuple(ClientIn.model_fields),
}
ALL_KEYS = sorted({k for keys in _KEYS_BY_PARENT.values() for k in keys})


def known_keys() -> list[str]:
    return ALL_KEYS


def allowed_keys(parent_path: tuple, root: str) -> tuple[str, ...]:
    """Keys allowed in the mapping at ``parent_path``; ``root`` is "" or "movements"."""
    names = [p for p in parent_path if isinstance(p, str)]
    last = names[-1] if names else root
    return _KEYS_BY_PARENT.get(last, ())


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(word.lower().replace(" ", "_").replace("-", "_"), list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close and close[0] != word else ""  # never the word itself


def clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's union tags from an error location."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith("§")))


def json_schema() -> dict:
    """The JSON Schema of a program file, for editors' YAML extensions."""
    from ..compose.labels import ENGLISH

    schema = ProgramIn.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "movebook program (content format version 1.1)"
    for variant in schema["properties"]["labels"].get("anyOf", [schema["properties"]["labels"]]):
        if variant.get("type") == "object":
            variant["propertyNames"] = {"enum": sorted(ENGLISH)}  # editors complete the label ids
    return schema


def movement_json_schema() -> dict:
    schema = MovementIn.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "movebook library movement (content/movements/<id>.yaml)"
    return schema
