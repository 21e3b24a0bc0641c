"""The files a program names: pictures in images/ and a PowerPoint template, found and checked.

Part of the loader (:class:`~.loader.Loader` mixes this in): every problem is reported at the
line that names the file, and each picture file is probed once per run.
"""

from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path, PurePosixPath

from .. import model
from ..errors import Loc
from ..model.template import TemplateInfo
from . import schema
from .reader import Source
from .template import TemplateError, read_template, template_problems

SETTLED_NS = 2_000_000_000
"""A picture's size is kept for the next build only once its file is this old (in ns): coarse
file-system clocks (FAT, SMB: 1-2 s) could otherwise hide a change under the same time."""


class NamedFiles:
    """Finding and checking the pictures and the template a program names (a part of the loader)."""

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
        if root.exists() and not root.is_dir():
            self.report.error(src.loc(path + ("file",)), path, f"{self._display(root)} is a file, not a folder: make it a folder "
                                                                "and put the pictures in it")
            return None
        try:
            real = file.resolve(strict=False)
            inside = real.is_relative_to(self._real_folder(root))
            exists = file.is_file()
            other = None if exists else ("a folder" if file.is_dir() else "a pipe or a device" if file.exists() else None)
        except RuntimeError:  # Python 3.11 and older: a symbolic-link loop
            self.report.error(src.loc(path + ("file",)), path, f"the image `{typed[:60]}` is a link that leads back to itself")
            return None
        except (OSError, ValueError) as exc:
            if getattr(exc, "errno", None) == errno.ELOOP:
                self.report.error(src.loc(path + ("file",)), path, f"the image `{typed[:60]}` is a link that leads back to itself")
            else:
                self.report.error(src.loc(path + ("file",)), path, f"`{typed[:60]}` cannot be used as a file name ({getattr(exc, 'strerror', None) or 'not a valid name'})")
            return None
        if not inside:
            self.report.error(src.loc(path + ("file",)), path, f"the image `{typed}` leads outside the images/ folder (a link?)")
            return None
        if other:
            self.report.error(src.loc(path + ("file",)), path, f"the image `{typed}` is {other}, not a picture file")
            return None
        if not exists:
            known = self._image_names()
            self.report.error(
                src.loc(path + ("file",)), path,
                f"the image `{typed}` does not exist in {self._display(root)}/" + schema.did_you_mean(name, known),
            )
            return None
        info = self._probe(real)
        if isinstance(info, str):
            self.report.error(src.loc(path + ("file",)), path, f"the image `{typed}` {info}")
            return None
        return real, name, info

    def _real_folder(self, folder: Path) -> Path:
        """``folder`` with its links followed, worked out once a run (each step is a system call)."""
        if folder not in self._folders:
            self._folders[folder] = folder.resolve()
        return self._folders[folder]

    def _image_names(self) -> list[str]:
        root = self.workspace.images
        if not root.is_dir():
            return []
        return [str(p.relative_to(root)).replace(os.sep, "/") for p in root.rglob("*") if p.is_file()][:5000]

    def _probe(self, key: Path):
        """The size of the picture at ``key`` (its real path), or why it cannot be used."""
        if key not in self._probed:
            known = self.known_sizes
            try:
                st = key.stat()
                stamp = [st.st_size, st.st_mtime_ns]
            except OSError:
                stamp, known = None, None
            entry = known.get(str(key)) if known is not None else None
            if (isinstance(entry, list) and entry[:2] == stamp and len(entry) == 3 and isinstance(entry[2], list)
                    and len(entry[2]) == 2 and all(type(v) is int and 0 < v <= 1_000_000 for v in entry[2])):
                self._probed[key] = tuple(entry[2])
            else:
                from ..images.stage import ImageError, probe  # Pillow: not imported when every size is known

                try:
                    info = probe(key)
                    self._probed[key] = (info.width_px, info.height_px)
                    # a file saved within the file system's timestamp tick of now could change
                    # again under the same time and size: it is measured again next time
                    if known is not None and time.time_ns() - stamp[1] > SETTLED_NS:
                        known[str(key)] = [*stamp, [info.width_px, info.height_px]]
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
                                     if f and not f.startswith("+") and not deck_face(f).measured_closely))
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
        if not exists and p.exists():
            self.report.error(loc, "deck.template", f"the template `{name}` is {'a folder' if p.is_dir() else 'a pipe or a device'}, "
                                                    "not a PowerPoint file")
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
