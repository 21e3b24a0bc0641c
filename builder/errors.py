"""Content errors and warnings, reported like a compiler: ``file:line:col: path: message``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a source file; line and column count from 1."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


def key_path(path: tuple) -> str:
    """Render ``('movements', 3, 'steps', 1)`` as ``movements[3].steps[1]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True, order=True)
class Problem:
    """One content error or warning, tied to a place and a key path."""

    loc: Loc
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.loc}: "
        return f"{where}{self.path + ': ' if self.path else ''}{self.message}"


class ContentError(Exception):
    """Raised with every problem of a run; the build writes nothing new."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # survives the trip back from a worker process
        return (ContentError, (self.problems,))


def _problem_order(p: Problem):
    return (p.loc.file, p.loc.line, p.loc.column, p.path, p.message)


@dataclass
class Report:
    """Collects problems and warnings during one load or build."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, loc: Loc, path: tuple | str, message: str) -> None:
        self.errors.append(Problem(loc, path if isinstance(path, str) else key_path(path), message))

    def warn(self, loc: Loc, path: tuple | str, message: str) -> None:
        self.warnings.append(Problem(loc, path if isinstance(path, str) else key_path(path), message))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors)
