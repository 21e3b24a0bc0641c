"""Load a program: YAML source -> checked data -> frozen :class:`~builder.model.Program`.

Every problem of every file is collected in a :class:`~builder.errors.Report` (with file,
line, column and key path) before anything is raised, so a teacher sees all of them at once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import model
from ..errors import Loc, Report, key_path
from . import schema
from .durations import parse_minutes  # noqa: F401 - part of the loader's interface
from .files import NamedFiles
from .movements import Movements
from .reader import Source, read_yaml
from .validation import report_validation  # noqa: F401 - part of the loader's interface
from .workspace import YAML_SUFFIXES, Workspace, display_path  # noqa: F401 - part of the loader's interface

MAX_PROGRAM_CHARS = 300_000
"""All the text of one program, library movements included (a 40-page booklet is about 60,000)."""


@dataclass
class Loader(NamedFiles, Movements):
    """Loads programs of one workspace, sharing the movement library and image checks.

    Its parts: :class:`~.files.NamedFiles` (pictures and templates) and
    :class:`~.movements.Movements` (inline and library movements, overrides, clients).
    """

    workspace: Workspace
    report: Report = field(default_factory=Report)
    base: Path | None = None  # messages name files relative to this folder
    _library: dict[str, Any] = field(default_factory=dict)  # id -> _Lib, None (its file has errors) or _MISSING
    _probed: dict[Path, Any] = field(default_factory=dict)  # a picture's real path -> its size, or why not
    _folders: dict[Path, Path] = field(default_factory=dict)  # a folder -> its real path
    # pictures' sizes known from earlier builds: path -> [file size, mtime_ns, [width, height]];
    # a picture whose file size or time differs is read again, and this is brought up to date
    known_sizes: dict[str, list] | None = None
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
            theme=model.Theme(accent=self._readable_accent(d.theme.accent, src)),
            locations={key_path(k): Loc(src.display, *v) for k, v in src.marks.items()},
        )

    def _readable_accent(self, accent: str, src: Source) -> str:
        """The accent colour, darkened as little as it takes to read on white paper (it sets
        headings, labels and step numbers), with a warning at its line when it had to be."""
        from .. import theme

        got = theme.readable(accent)  # the schema gives "#rrggbb", in lower case
        if got != accent:
            self.report.warn(src.loc(("theme", "accent")), "theme.accent",
                             f"{accent} is too light to read on white paper (contrast {theme.contrast(accent, theme.PAPER_WHITE):.1f}:1; "
                             f"text needs {theme.READABLE_CONTRAST:g}:1), so the outputs print it as {got}; "
                             "choose a darker colour to set it yourself")
        return got

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
        (Japanese labels without a Japanese font would be left out of the PDFs)."""
        from ..compose.labels import labels_in, workspace_labels
        from .glyphs import missing_glyphs

        L = labels_in(tag, folder=workspace_labels(self.workspace.root))
        if L.catalogue == "en" and not L.words:
            return
        words = "".join(w for v in L.words.values() for w in ((v,) if isinstance(v, str) else v))
        message = missing_glyphs(words)
        if message:
            self.report.warn(loc, "language",
                             f"the `{L.catalogue}` labels use characters no font on this machine has: {message} "
                             "(install a font with them, e.g. Noto Sans CJK for Japanese)")

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
                                      f"the label `{key}` is written like `{english}`: it takes {names}, "
                                      "each a plain name in braces; write `{{` and `}}` for a brace that should print")
                    continue
                missing = want - got if isinstance(ENGLISH[key], str) else set()  # a plural's "one" may leave the count out
                if missing:
                    names = ", ".join(f"`{{{n}}}`" for n in sorted(missing))
                    self.report.warn(src.loc(("labels", key)), ("labels", key),
                                     f"the label `{key}` leaves out {names} (written like `{english}`): "
                                     "the outputs will not show it there")
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


def _text_size(value: Any) -> int:
    if isinstance(value, dict):
        return sum(len(k) + _text_size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_text_size(v) for v in value)
    return len(value) if isinstance(value, str) else 0
