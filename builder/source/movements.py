"""Movements: inline, from the library (``content/movements/<id>.yaml``), with overrides, for a client.

Part of the loader (:class:`~.loader.Loader` mixes this in): each library file is read and
checked once per run, a reference to a movement without a file is reported wherever it is
made, and what each movement was made from is kept so a client can override it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import ValidationError

from .. import model
from ..errors import Loc
from . import schema
from .durations import parse_minutes
from .reader import Source, read_yaml
from .validation import report_validation

_MISSING = object()
"""A library movement that has no file."""


@dataclass
class _Lib:
    src: Source
    movement: schema.MovementIn


class Movements:
    """Building the model's movements (a part of the loader)."""

    def check_library(self) -> None:
        """Check every file of the movement library, used or not: the problems of a file no
        program has used in this run are warnings (it is not in any output), so that `check`
        and `build` agree on it; a used file's problems were reported, as errors, when it was used."""
        before = len(self.report.errors)
        for p in self.workspace.library_files():
            self._library_movement(p.stem, None, ())
        unused = self.report.errors[before:]
        del self.report.errors[before:]
        for e in unused:
            self.report.warn(e.loc, e.path, e.message + " (no program uses this movement yet)")

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
        files = self._library_files_of(mid)
        if not files:
            return _MISSING
        file = files[0]
        if len(files) > 1:  # which one the teacher edits cannot be known: neither is taken
            self.report.error(Loc(self._display(files[1]), 1, 1), "",
                              f"two files hold the movement `{mid}`: {' and '.join(f.name for f in files)}; "
                              "keep one of them (remove or rename the other)")
            return None
        lsrc = read_yaml(file, self._display(file), self.report,
                         needs=f"a library movement needs at least `id: {mid}`, a `name` and `steps`")
        if lsrc is None:
            return None
        try:
            mv = schema.MovementIn.model_validate(lsrc.data)
        except ValidationError as exc:
            report_validation(exc, lsrc, self.report, root="movements")
            self._scan_images(lsrc)
            return None
        if mv.id.casefold() != file.stem.casefold():
            self.report.error(lsrc.loc(("id",)), "id", f"the id `{mv.id}` must match the file name `{file.stem}`")
            return None
        return _Lib(lsrc, mv)

    @cached_property
    def _library_by_name(self) -> dict[str, list]:
        """The library's files by case-folded name (as a Mac's or Windows' disk finds them), the folder read once."""
        out: dict[str, list] = {}
        for p in self.workspace.library_files():
            out.setdefault(p.stem.casefold(), []).append(p)
        return out

    def _library_files_of(self, mid: str) -> list:
        """The library's files named ``mid`` (any case of .yaml or .yml)."""
        return self._library_by_name.get(mid.casefold(), [])

    def _sources_of(self, src: Source, data: schema.ProgramIn) -> list[tuple[Source, tuple]]:
        out = [(src, ())]
        for item in data.movements:
            ref = item if isinstance(item, str) else getattr(item, "use", None)
            lib = self._library.get(ref) if ref else None
            if isinstance(lib, _Lib):
                out.append((lib.src, ()))
        return out

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
        if "repeat" in overrides and "parts" not in overrides and m.parts:
            # the client's dose is the one to follow: the parts' own repeats would contradict it
            update["parts"] = [p.model_copy(update={"repeat": None}) for p in m.parts]
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
            if parse_minutes(m.duration, limit=False) is not None:
                self.report.warn(s.loc(p), p, f"`{m.duration}` is more than a day, longer than a movement's duration can be "
                                              "(24 hours); it is left out of the agenda total")
            else:
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
