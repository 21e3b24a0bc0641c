"""Load a program: YAML source -> checked data -> frozen :class:`~builder.model.Program`.

Every problem of every file is collected in a :class:`~builder.errors.Report` (with file,
line, column and key path) before anything is raised, so a teacher sees all of them at once.
"""

from __future__ import annotations

import dataclasses
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from .. import model

from . import schema
from ..errors import Loc, Report, key_path
from .reader import Source, read_yaml
from .template import TemplateError, read_template, template_problems
from ..model.template import TemplateInfo

YAML_SUFFIXES = (".yaml", ".yml")
MAX_PROGRAM_CHARS = 300_000
"""All the text of one program, library movements included (a 40-page booklet is about 60,000)."""


@dataclass(frozen=True)
class Workspace:
    """A teacher's folder: ``content/``, ``content/movements/``, ``images/``, ``output/``."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def library(self) -> Path:
        return self.root / "content" / "movements"

    @property
    def images(self) -> Path:
        return self.root / "images"

    def programs(self) -> list[Path]:
        """Every program file in ``content/`` (not the movement library), sorted by name."""
        if not self.content.is_dir():
            return []
        return sorted(p for p in self.content.iterdir()
                      if p.suffix.lower() in YAML_SUFFIXES and not p.name.startswith(".") and p.is_file())

    def library_files(self) -> list[Path]:
        if not self.library.is_dir():
            return []
        return sorted(p for p in self.library.iterdir()
                      if p.suffix.lower() in YAML_SUFFIXES and not p.name.startswith(".") and p.is_file())


def display_path(path: Path, base: Path | None = None) -> str:
    """A short name for messages: relative to ``base`` (default: the current folder) when inside it."""
    base = base or Path.cwd()
    try:
        return os.path.relpath(path, base) if Path(os.path.abspath(path)).is_relative_to(os.path.abspath(base)) else str(path)
    except ValueError:
        return str(path)


def report_validation(exc: ValidationError, src: Source, report: Report, root: str = "") -> None:
    """Turn pydantic's errors into teacher-friendly problems at the right line."""
    for e in exc.errors(include_url=False):
        loc = schema.clean_loc(tuple(e["loc"]))
        typ = e["type"]
        where = src.loc(loc)
        path = loc
        if typ == "missing":
            path = loc[:-1]
            where = src.loc(path)
            msg = f"the key `{loc[-1]}` is missing"
        elif typ == "extra_forbidden":
            key = str(loc[-1])
            where = src.loc(loc, key=True)
            msg = f"unknown key `{key}`" + schema.did_you_mean(key, schema.allowed_keys(loc[:-1], root))
        elif typ in ("model_type", "dict_type", "model_attributes_type"):
            if not loc:
                msg = f"the file must be a mapping of keys such as `title: ...`, not {schema.kind_of(e['input'])}"
            else:
                msg = f"expected a mapping (lines of `key: value`), got {schema.kind_of(e['input'])}"
        elif typ == "list_type":
            msg = f"expected a list (lines starting with `- `), got {schema.kind_of(e['input'])}"
        elif typ == "too_short":
            msg = "needs at least one item"
        elif typ == "too_long":
            msg = f"has {len(e['input']):,} items; the limit is {(e.get('ctx') or {}).get('max_length', schema.MAX_ITEMS)}"
        else:
            msg = e["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
        report.error(where, path, msg)


def _text_size(value: Any) -> int:
    if isinstance(value, dict):
        return sum(len(k) + _text_size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_text_size(v) for v in value)
    return len(value) if isinstance(value, str) else 0


DURATION_UNITS: dict[str, float] = {
    # minutes per unit. English, and the words of the languages movebook has labels for (the
    # long and short forms CLDR gives for hours, minutes and seconds, checked against Babel in
    # tests/test_loader.py), so that "5 Minuten", "90 secondes", "1 hora" or "5分" count too.
    **dict.fromkeys(["h", "hr", "hrs", "hour", "hours", "std", "std.", "stunde", "stunden", "heure", "heures",
                     "hora", "horas", "ora", "ore", "u", "uur", "時間"], 60.0),
    **dict.fromkeys(["m", "min", "min.", "mins", "minute", "minutes", "minuten", "mn", "minuto", "minutos",
                     "minuti", "minuut", "分", "分間"], 1.0),
    **dict.fromkeys(["s", "sec", "sec.", "secs", "second", "seconds", "sek", "sek.", "sekunde", "sekunden",
                     "seconde", "secondes", "seconden", "seg", "segundo", "segundos", "secondo", "secondi",
                     "秒", "秒間"], 1 / 60),
}
"""Duration unit words (lower case) -> minutes."""

_UNIT = "|".join(re.escape(w) for w in sorted(DURATION_UNITS, key=len, reverse=True))
_DUR_PART = re.compile(rf"(\d+(?:[.,]\d+)?)\s*({_UNIT})?(?![^\W\d_])")
_DUR_RANGE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:-|–|—|~|〜|～|to|bis|à|a|tot|até)\s*(\d+(?:[.,]\d+)?)\s*(.*)")
_DUR_AND = {"", "and", "und", "et", "y", "e", "en"}
"""What may stand between two parts of a duration ("1 h and 10 min", "1 Std. und 10 Min.")."""


def parse_minutes(text: str | None) -> float | None:
    """``"4 min"`` -> 4.0, ``"90 s"`` -> 1.5, ``"1 h 10 min"`` -> 70, ``"3-5 min"`` -> 5,
    ``"5 Minuten"`` -> 5, ``"1時間10分"`` -> 70; None if unreadable."""
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
        value = float(part.group(1).replace(",", "."))
        total += value * DURATION_UNITS[part.group(2) or "min"]
        pos = part.end()
        found = True
    if not found or t[pos:].strip(" .") != "":
        return None
    return total if total <= 24 * 60 else None  # a day or more is not a movement's duration


_MISSING = object()
"""A library movement that has no file."""


@dataclass
class _Lib:
    src: Source
    movement: schema.MovementIn


@dataclass
class Loader:
    """Loads programs of one workspace, sharing the movement library and image checks."""

    workspace: Workspace
    report: Report = field(default_factory=Report)
    base: Path | None = None  # messages name files relative to this folder
    _library: dict[str, Any] = field(default_factory=dict)  # id -> _Lib, None (its file has errors) or _MISSING
    _probed: dict[Path, Any] = field(default_factory=dict)
    _program_display: str = ""
    # (program file, movement id) -> what its movement was made from, so a client can override it
    _inputs: dict[tuple[Path, str], tuple] = field(default_factory=dict)
    _program_path: Path | None = None

    def _display(self, path: Path) -> str:
        return display_path(path, self.base)

    # ---- public ---------------------------------------------------------------------

    def load(self, path: Path) -> model.Program | None:
        """Load one program file; problems go to ``self.report``. Returns None on errors."""
        before = len(self.report.errors)
        self._program_display = self._display(path)
        self._program_path = path
        src = read_yaml(path, self._program_display, self.report)
        if src is None:
            return None
        try:
            data = schema.ProgramIn.model_validate(src.data)
        except ValidationError as exc:
            report_validation(exc, src, self.report)
            # Still check pictures and the library files the program names, so all errors come at once.
            self._scan_images(src)
            self._touch_library_refs(src.data)
            return None
        program = self._program(path, src, data)
        if len(self.report.errors) > before:
            return None
        sources = self._sources_of(src, data)
        from ..compose.labels import workspace_labels
        from ..compose.translations import workspace_file

        own_labels = workspace_file(program.language, workspace_labels(self.workspace.root))  # an input too
        program = dataclasses.replace(program, sources=tuple(s.path for s, _ in sources) + ((own_labels,) if own_labels else ()))
        total = sum(_text_size(s.data) for s, _ in sources)
        if total > MAX_PROGRAM_CHARS:
            self.report.error(
                src.loc(()), "",
                f"the program holds {total:,} characters of text; the limit is {MAX_PROGRAM_CHARS:,} (split it into several programs)",
            )
            return None
        from .glyphs import check_glyphs

        check_glyphs(sources, self.report)
        return program

    def check_library(self) -> None:
        """Check every file of the movement library, used or not."""
        for p in self.workspace.library_files():
            self._library_movement(p.stem, None, ())

    # ---- library --------------------------------------------------------------------

    def _touch_library_refs(self, data: Any) -> None:
        if isinstance(data, dict) and isinstance(data.get("movements"), list):
            for item in data["movements"]:
                ref = item.get("use") if isinstance(item, dict) else item
                if isinstance(ref, str) and schema.ID_RE.match(ref):
                    self._library_movement(str(ref), None, ())  # silent when there is no such file

    def _library_movement(self, mid: str, src: Source | None, path: tuple) -> _Lib | None:
        """The library movement ``mid`` for a reference at ``src``/``path`` (None: only check the file).

        Each file is read and its own problems reported once per run; a reference to a movement
        that has no file is reported at every place that makes it, whatever was checked before.
        """
        if mid not in self._library:
            self._library[mid] = self._read_library(mid)
        lib = self._library[mid]
        if lib is _MISSING:
            if src is not None:
                known = [p.stem for p in self.workspace.library_files()]
                self.report.error(
                    src.loc(path),
                    path,
                    f"no movement `{mid}` in the library ({self._display(self.workspace.library)}/{mid}.yaml does not exist)"
                    + schema.did_you_mean(mid, known),
                )
            return None
        return lib

    def _read_library(self, mid: str):
        """Read and check ``content/movements/<mid>.yaml``: a :class:`_Lib`, None after reporting its
        problems, or :data:`_MISSING` when there is no such file."""
        file = next((self.workspace.library / f"{mid}{s}" for s in YAML_SUFFIXES if (self.workspace.library / f"{mid}{s}").is_file()), None)
        if file is None:
            return _MISSING
        lsrc = read_yaml(file, self._display(file), self.report)
        if lsrc is None:
            return None
        try:
            mv = schema.MovementIn.model_validate(lsrc.data)
        except ValidationError as exc:
            report_validation(exc, lsrc, self.report, root="movements")
            self._scan_images(lsrc)
            return None
        if mv.id != file.stem:
            self.report.error(lsrc.loc(("id",)), "id", f"the id `{mv.id}` must match the file name `{file.stem}`")
            return None
        return _Lib(lsrc, mv)

    def _sources_of(self, src: Source, data: schema.ProgramIn) -> list[tuple[Source, tuple]]:
        out = [(src, ())]
        for item in data.movements:
            ref = item if isinstance(item, str) else getattr(item, "use", None)
            lib = self._library.get(ref) if ref else None
            if isinstance(lib, _Lib):
                out.append((lib.src, ()))
        return out

    # ---- building the model -----------------------------------------------------------

    def _program(self, path: Path, src: Source, d: schema.ProgramIn) -> model.Program:
        cautions = tuple(self._caution(c) for c in d.cautions)
        self._unique(src, [("cautions", i, "id") for i, c in enumerate(d.cautions) if c.id], [c.id for c in d.cautions if c.id], "caution")
        by_id = {c.id: c for c in cautions if c.id}

        movements: list[model.Movement] = []
        id_paths: list[tuple[Source, tuple, str]] = []
        failed: set[str] = set()  # ids of movements that could not be loaded (already reported)
        for i, item in enumerate(d.movements):
            mv = self._movement_item(item, src, ("movements", i), by_id)
            if mv is not None:
                movements.append(mv)
                id_paths.append((src, ("movements", i), mv.id))
            else:
                failed.add(item if isinstance(item, str) else (getattr(item, "id", None) or getattr(item, "use", "")))
        seen: dict[str, tuple] = {}
        for s, p, mid in id_paths:
            if mid in seen:
                self.report.error(s.loc(p), p, f"the movement id `{mid}` is used twice (also {key_path(seen[mid])}); give each movement its own id")
            else:
                seen[mid] = p
        mv_by_id = {m.id: m for m in movements}

        sequences = []
        self._unique(src, [("sequences", i, "id") for i in range(len(d.sequences))], [s.id for s in d.sequences], "sequence")
        for i, s in enumerate(d.sequences):
            members = []
            for j, mid in enumerate(s.movements):
                if mid in mv_by_id:
                    members.append(mv_by_id[mid])
                elif mid in failed:
                    continue
                else:
                    p = ("sequences", i, "movements", j)
                    self.report.error(
                        src.loc(p), p, f"no movement `{mid}` in this program's `movements`" + schema.did_you_mean(mid, list(mv_by_id))
                    )
            sequences.append(model.Sequence(s.id, s.name, tuple(members), s.how_often, s.opening, s.closing,
                                            loc=src.loc(("sequences", i))))

        intro = tuple(
            model.Section(
                heading=sec.heading,
                text=sec.text,
                image=self._image(sec.image, sec.heading, src, ("intro", i, "image")) if sec.image else None,
                notes=sec.notes,
                slide=tuple(sec.slide or ()),
            )
            for i, sec in enumerate(d.intro)
        )
        for i, sec in enumerate(d.intro):
            if not sec.text and not sec.image:
                self.report.error(src.loc(("intro", i)), ("intro", i), "an intro section needs `text` (or at least an `image`)")
        cover = self._image(d.cover_image, d.title, src, ("cover_image",)) if d.cover_image else None
        logo = self._image(d.logo, d.organisation or d.title, src, ("logo",)) if d.logo else None
        labels = self._labels(d.labels or {}, src)
        self._language(d.language, src)
        contact = model.Contact(**d.contact.model_dump()) if d.contact else model.Contact()
        aspect = d.deck.aspect if "aspect" in d.deck.model_fields_set else None
        template = self._template(d.deck.template, src, aspect) if d.deck.template else None
        return model.Program(
            name=path.stem,
            source=path,
            workspace=self.workspace.root,
            title=d.title,
            subtitle=d.subtitle,
            author=d.author,
            organisation=d.organisation,
            contact=contact,
            edition=d.edition,
            language=d.language,
            cover_image=cover,
            logo=logo,
            labels=labels,
            disclaimer=d.disclaimer,
            intro=intro,
            cautions=cautions,
            movements=tuple(movements),
            sequences=tuple(sequences),
            booklet=model.BookletOptions(**d.booklet.model_dump()),
            deck=model.DeckOptions(aspect=d.deck.aspect, template=template.path if template else None,
                                   template_loc=src.loc(("deck", "template")) if template else None,
                                   template_info=template),
            handout=model.HandoutOptions(**d.handout.model_dump()),
            theme=model.Theme(accent=d.theme.accent),
            locations={key_path(k): Loc(src.display, *v) for k, v in src.marks.items()},
        )

    def _language(self, tag: str, src: Source) -> None:
        """Warn, at the `language` line, when the outputs' fixed words cannot all be in that language;
        a workspace catalogue (labels/<code>.po) that cannot be read is an error at its own line."""
        from ..compose.labels import language_problems, workspace_labels
        from ..compose.translations import CatalogueError

        try:
            problems = language_problems(tag, workspace_labels(self.workspace.root))
        except CatalogueError as exc:
            self.report.error(Loc(self._display(exc.path), exc.line, 1 if exc.line else 0), "", exc.message)
            return
        for message in problems:
            self.report.warn(src.loc(("language",)), "language", message)
        self._label_glyphs(tag, src.loc(("language",)))

    def _label_glyphs(self, tag: str, loc: Loc) -> None:
        """Warn at the `language` line when this machine has no font for the labels' characters
        (Japanese labels without a Japanese font would print as empty boxes)."""
        from ..compose.labels import labels_in, workspace_labels
        from .glyphs import missing_glyphs

        L = labels_in(tag, folder=workspace_labels(self.workspace.root))
        if L.catalogue == "en" and not L.words:
            return
        words = "".join(w for v in L.words.values() for w in ((v,) if isinstance(v, str) else v))
        message = missing_glyphs(words)
        if message:
            self.report.warn(loc, "language",
                             f"the `{L.catalogue}` labels use characters no font on this machine has: {message}; "
                             "they will show as empty boxes (install a font with them, e.g. Noto Sans CJK for Japanese)")

    def _labels(self, given: dict[str, str], src: Source) -> dict[str, str]:
        """The program's own words for labels; an unknown label id is an error with a suggestion."""
        from ..compose.labels import ENGLISH, allowed_placeholders, placeholders

        out = {}
        for key, text in given.items():
            if key in ENGLISH:
                english = ENGLISH[key] if isinstance(ENGLISH[key], str) else ENGLISH[key][-1]
                want, got = allowed_placeholders(key), placeholders(text)
                if got is None or not got <= want:
                    names = ", ".join(f"`{{{n}}}`" for n in sorted(want)) or "no `{...}` placeholders"
                    self.report.error(src.loc(("labels", key)), ("labels", key),
                                      f"the label `{key}` is written like `{english}`: it takes {names}; "
                                      "write `{{` and `}}` for a brace that should print")
                    continue
                out[key] = text
            else:
                self.report.error(src.loc(("labels", key), key=True), ("labels", key),
                                  f"no label has the id `{key}`" + schema.did_you_mean(key, list(ENGLISH))
                                  + " (`movebook labels` lists them)")
        return out

    def _unique(self, src: Source, paths: list[tuple], ids: list[str], what: str) -> None:
        first: dict[str, tuple] = {}
        for p, i in zip(paths, ids):
            if i in first:
                self.report.error(src.loc(p), p[:-1], f"the {what} id `{i}` is used twice (also {key_path(first[i][:-1])})")
            else:
                first[i] = p

    @staticmethod
    def _caution(c: schema.CautionIn) -> model.Caution:
        return model.Caution(text=c.text, level=c.level, title=c.title, id=c.id)

    def _movement_item(self, item, src: Source, path: tuple, cautions: dict) -> model.Movement | None:
        mv = self._movement_item_inner(item, src, path, cautions)
        return dataclasses.replace(mv, loc=src.loc(path)) if mv is not None else None

    def _movement_item_inner(self, item, src: Source, path: tuple, cautions: dict) -> model.Movement | None:
        if isinstance(item, str):
            lib = self._library_movement(item, src, path)
            if lib is None:
                return None
            return self._movement(lib.movement, {f: (lib.src, ()) for f in schema.MOVEMENT_KEYS}, lib.src.data, cautions)
        if isinstance(item, schema.UseIn):
            lib = self._library_movement(item.use, src, path + ("use",))
            if lib is None:
                return None
            overrides = item.model_fields_set - {"use"}
            update = {f: getattr(item, f) for f in overrides}
            if "image" in overrides:
                update.setdefault("images", None)
            if "images" in overrides:
                update.setdefault("image", None)
            merged = lib.movement.model_copy(update=update)
            where = {f: ((src, path) if f in overrides else (lib.src, ())) for f in schema.MOVEMENT_KEYS}
            raw = dict(lib.src.data) if isinstance(lib.src.data, dict) else {}
            raw.update({k: v for k, v in self._raw(src, path).items() if k != "use"})
            if not merged.steps and not merged.parts:
                self.report.error(src.loc(path), path, f"the movement `{merged.id}` has no `steps` or `parts`")
                return None
            return self._movement(merged, where, raw, cautions)
        return self._movement(item, {f: (src, path) for f in schema.MOVEMENT_KEYS}, self._raw(src, path), cautions)

    def client_movement(self, program: model.Program, item: schema.ClientMovementIn, src: Source,
                        path: tuple) -> model.Movement | None:
        """A movement of a client's selection: the program's movement (or a library movement) with
        the keys the client file gives overriding it; problems are reported at the client's lines."""
        base = self._inputs.get((program.source, item.id))
        if base is not None:
            m, where, raw, cautions = base
        else:
            lib = self._library_movement(item.id, None, ())
            if lib is None:
                known = [mv.id for mv in program.movements] + [p.stem for p in self.workspace.library_files()]
                self.report.error(src.loc(path + ("id",)) if isinstance(self._raw(src, path), dict) and self._raw(src, path) else src.loc(path),
                                  path, f"no movement `{item.id}` in the program `{program.name}` or in the library"
                                  + schema.did_you_mean(item.id, known))
                return None
            cautions = {c.id: c for c in program.cautions if c.id}
            m, where, raw = lib.movement, {f: (lib.src, ()) for f in schema.MOVEMENT_KEYS}, lib.src.data
        overrides = item.model_fields_set - {"id", "note"}
        update = {f: getattr(item, f) for f in overrides}
        if "image" in overrides:
            update.setdefault("images", None)
        if "images" in overrides:
            update.setdefault("image", None)
        merged = m.model_copy(update=update)
        where = {f: ((src, path) if f in overrides else where[f]) for f in schema.MOVEMENT_KEYS}
        raw = dict(raw) if isinstance(raw, dict) else {}
        raw.update({k: v for k, v in self._raw(src, path).items() if k not in ("id", "note")})
        if not merged.steps and not merged.parts:
            self.report.error(src.loc(path), path, f"the movement `{merged.id}` has no `steps` or `parts`")
            return None
        saved, self._program_path = self._program_path, None  # not one of the program's own movements
        try:
            mv = self._movement(merged, where, raw, cautions)
        finally:
            self._program_path = saved
        return dataclasses.replace(mv, loc=src.loc(path))

    @staticmethod
    def _raw(src: Source, path: tuple) -> dict:
        node = src.data
        for p in path:
            try:
                node = node[p]
            except (KeyError, IndexError, TypeError):
                return {}
        return node if isinstance(node, dict) else {}

    def _movement(self, m: schema.MovementIn, where: dict, raw: dict, cautions: dict) -> model.Movement:
        if self._program_path is not None:
            self._inputs.setdefault((self._program_path, m.id), (m, where, raw, cautions))
        def at(fieldname: str, *rest) -> tuple[Source, tuple]:
            s, p = where[fieldname]
            return s, p + (fieldname,) + rest

        images: list[model.Image] = []
        if m.image is not None:
            s, p = at("image")
            img = self._image(m.image, m.name, s, p)
            if img:
                images.append(img)
        for i, it in enumerate(m.images or []):
            s, p = at("images", i)
            img = self._image(it, m.name, s, p)
            if img:
                images.append(img)

        mcautions: list[model.Caution] = []
        for i, c in enumerate(m.cautions):
            if isinstance(c, schema.CautionIn):
                mcautions.append(self._caution(c))
            elif schema.ID_RE.match(c):
                if c in cautions:
                    mcautions.append(cautions[c])
                else:
                    s, p = at("cautions", i)
                    hint = schema.did_you_mean(c, list(cautions))
                    used_by = f" (used by {self._program_display})" if s.display != self._program_display else ""
                    self.report.error(
                        s.loc(p), p,
                        f"no program caution has the id `{c}`{hint}{used_by}; to write a new caution here, write it as a sentence",
                    )
            else:
                mcautions.append(model.Caution(text=c))

        keys = list(raw)
        steps_first = "steps" in keys and "parts" in keys and keys.index("steps") < keys.index("parts")
        minutes = parse_minutes(m.duration)
        if m.duration and minutes is None:
            s, p = at("duration")
            self.report.warn(s.loc(p), p, f"cannot read `{m.duration}` as a duration (write e.g. `5 min`); it is left out of the agenda total")
        return model.Movement(
            id=m.id,
            name=m.name,
            summary=m.summary,
            why=m.why,
            targets=tuple(m.targets),
            position=m.position,
            images=tuple(images),
            parts=tuple(model.Part(p.name, tuple(model.Step(s.text, s.breath) for s in p.steps), p.repeat) for p in (m.parts or [])),
            steps=tuple(model.Step(s.text, s.breath) for s in (m.steps or [])),
            cues=tuple(m.cues or ()),
            steps_first=steps_first,
            repeat=m.repeat,
            sides=m.sides,
            afterwards=m.afterwards,
            cautions=tuple(mcautions),
            teaching_notes=m.teaching_notes,
            video=m.video,
            duration=m.duration,
            duration_minutes=minutes,
        )

    # ---- files named by the content -----------------------------------------------

    def _scan_images(self, src: Source) -> None:
        """Check image names in data that failed validation, so missing pictures are reported in the same run."""

        def walk(value, path: tuple) -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    if k in ("image", "cover_image", "logo") and isinstance(v, str):
                        self._resolve_image(v, src, path + (k,))
                    elif k == "image" and isinstance(v, dict) and isinstance(v.get("file"), str):
                        self._resolve_image(v["file"], src, path + (k,))
                    elif k == "images" and isinstance(v, list):
                        for i, item in enumerate(v):
                            name = item if isinstance(item, str) else item.get("file") if isinstance(item, dict) else None
                            if isinstance(name, str):
                                self._resolve_image(name, src, path + (k, i))
                    else:
                        walk(v, path + (k,))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    walk(v, path + (i,))

        walk(src.data, ())

    def _image(self, it: schema.ImageIn, default_alt: str, src: Source, path: tuple) -> model.Image | None:
        found = self._resolve_image(it.file, src, path)
        if found is None:
            return None
        file, name, (w, h) = found
        return model.Image(path=file, name=name, alt=it.alt or it.caption or default_alt, caption=it.caption,
                           width_px=w, height_px=h, loc=src.loc(path + ("file",)))

    def _resolve_image(self, typed: str, src: Source, path: tuple):
        """(absolute path, name, (width, height)) of a picture named in the YAML, or None after reporting why not."""
        typed = typed.strip()
        if not typed:
            return None  # an empty name is already reported by the schema
        name = typed.replace("\\", "/")
        pure = PurePosixPath(name)
        root = self.workspace.images
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in pure.parts:
            self.report.error(src.loc(path + ("file",)), path, f"the image `{typed}` must be inside the images/ folder: write its name relative to images/ (no `..`, no leading `/`)")
            return None
        file = root / pure
        try:
            inside = file.resolve().is_relative_to(root.resolve())
            exists = file.is_file()
        except (OSError, RuntimeError, ValueError) as exc:
            self.report.error(src.loc(path + ("file",)), path, f"`{typed[:60]}` cannot be used as a file name ({getattr(exc, 'strerror', None) or 'not a valid name'})")
            return None
        if not inside:
            self.report.error(src.loc(path + ("file",)), path, f"the image `{typed}` leads outside the images/ folder (a link?)")
            return None
        if not exists:
            known = self._image_names()
            self.report.error(
                src.loc(path + ("file",)), path,
                f"the image `{typed}` does not exist in {self._display(root)}/" + schema.did_you_mean(name, known),
            )
            return None
        info = self._probe(file)
        if isinstance(info, str):
            self.report.error(src.loc(path + ("file",)), path, f"the image `{typed}` {info}")
            return None
        return file.resolve(), name, info

    def _image_names(self) -> list[str]:
        root = self.workspace.images
        if not root.is_dir():
            return []
        return [str(p.relative_to(root)).replace(os.sep, "/") for p in root.rglob("*") if p.is_file()][:5000]

    def _probe(self, file: Path):
        key = file.resolve()
        if key not in self._probed:
            from ..images.stage import ImageError, probe

            try:
                info = probe(key)
                self._probed[key] = (info.width_px, info.height_px)
            except ImageError as exc:
                self._probed[key] = str(exc)
        return self._probed[key]

    def _template_checked(self, info: TemplateInfo, name: str, loc: Loc) -> TemplateInfo:
        """Warn about a template's parts that fail validation and about theme fonts measured with a margin."""
        from dataclasses import replace

        from ..fonts import UNKNOWN_FONT_MARGIN, deck_face

        broken = template_problems(info.path)
        for b in broken:
            fate = ("the deck leaves it out" if b.optional else
                    "the deck cannot do without it and copies it as it is, so PowerPoint may offer to repair the deck")
            self.report.warn(loc, "deck.template", f"the template `{name}` has a part that fails validation on its own: "
                                                   f"{b.part} ({b.problem}); {fate}")
        unknown = list(dict.fromkeys(f for f in (info.theme.major_font, info.theme.minor_font)
                                     if f and not f.startswith("+") and not deck_face(f).known))
        if unknown:
            fonts = " and ".join(f"`{f}`" for f in unknown)
            self.report.warn(loc, "deck.template",
                             f"the template's theme font{'s' if len(unknown) > 1 else ''} {fonts} cannot be measured exactly "
                             f"(movebook knows the widths of Arial, Helvetica, Times New Roman, Calibri and Cambria): "
                             f"slide text is measured as Arial {round((UNKNOWN_FONT_MARGIN - 1) * 100)}% wider, "
                             f"so some lines end a little early")
        return replace(info, broken=broken)

    def _template(self, name: str, src: Source, aspect: str | None = None) -> TemplateInfo | None:
        loc = src.loc(("deck", "template"))
        try:
            p = (self.workspace.root / name).resolve()
            exists = p.is_file()
        except (OSError, RuntimeError, ValueError):
            self.report.error(loc, "deck.template", f"`{name[:60]}` cannot be used as a file name")
            return None
        if not exists:
            self.report.error(loc, "deck.template", f"the template `{name}` does not exist (its name is read relative to the workspace folder, the one that holds content/)")
            return None
        if p.suffix.lower() != ".pptx":
            hint = " (open the .potx in PowerPoint and save it as a .pptx)" if p.suffix.lower() == ".potx" else ""
            self.report.error(loc, "deck.template", f"the template `{name}` must be a PowerPoint presentation (.pptx){hint}")
            return None
        try:
            info = read_template(p)
        except TemplateError as exc:
            self.report.error(loc, "deck.template", f"the template `{name}` {exc}")
            return None
        info = self._template_checked(info, name, loc)
        if aspect:
            ratio = info.width / info.height
            shape = "16:9" if abs(ratio - 16 / 9) < 0.05 else "4:3" if abs(ratio - 4 / 3) < 0.05 else "another shape"
            if shape != aspect:
                self.report.warn(src.loc(("deck", "aspect")), "deck.aspect",
                                 f"the template's slides are {shape}, so `aspect: {aspect}` is ignored: the template decides the slide shape")
        return info
