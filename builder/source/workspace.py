"""A teacher's workspace folder and how its files are named in messages (no parsing: cheap to import)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")


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
