"""Read one YAML file into plain data, remembering the line and column of every value.

This is the only module that parses YAML. It never constructs Python objects from
tags, refuses aliases that expand without bound, and turns every reading problem
(encoding, syntax, tags, duplicate keys, nesting) into a :class:`~builder.errors.Problem`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import Loc, Report
from .yaml_hints import explain

MAX_FILE_BYTES = 2_000_000
"""A program or movement file larger than this is refused (a real one is a few KB)."""
MAX_VALUES = 50_000
"""Values after alias expansion (a real program has a few thousand); guards against alias bombs."""
MAX_DEPTH = 60
"""Nesting depth of mappings and lists."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


# Characters no output can hold: C0/C1 controls (tab and newline are fine) and lone surrogates,
# which YAML lets through as escapes such as "\x07" or "\ud800".
_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class RawScalar(str):
    """A scalar exactly as typed, with the value YAML would have given it in ``resolved``.

    Text fields keep the typed text (``edition: 2026`` stays "2026", ``repeat: yes`` stays
    "yes"); number and yes/no fields use ``resolved``.
    """

    resolved: Any

    def __new__(cls, text: str, resolved: Any):
        obj = super().__new__(cls, text)
        obj.resolved = resolved
        return obj


@dataclass
class Source:
    """One parsed YAML file: its data and where each value and key stands."""

    path: Path
    display: str
    data: Any = None
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def loc(self, path: tuple = (), *, key: bool = False) -> Loc:
        """The place of the value (or its key) at ``path``, else of the nearest parent."""
        table = self.key_marks if key else self.marks
        if key and tuple(path) not in table:
            table = self.marks
        p = tuple(path)
        while p:
            if p in table:
                return Loc(self.display, *table[p])
            if p in self.marks:
                return Loc(self.display, *self.marks[p])
            p = p[:-1]
        if () in self.marks:
            return Loc(self.display, *self.marks[()])
        return Loc(self.display, 1, 1)


class _Abort(Exception):
    pass


def read_yaml(path: Path, display: str, report: Report, needs: str = "a program needs at least a `title`") -> Source | None:
    """Parse ``path``; on any problem add it to ``report`` and return None.

    ``needs`` ends the message for an empty file (a program and a library movement need different keys).
    """
    src = Source(path=path, display=display)
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            report.error(Loc(display), "", "is a pipe or a device, not a YAML file")  # reading it could wait forever
            return None
        raw = path.read_bytes()
    except IsADirectoryError:
        report.error(Loc(display), "", "is a folder, not a YAML file")
        return None
    except OSError as exc:
        report.error(Loc(display), "", f"cannot be read ({exc.strerror or exc})")
        return None
    if len(raw) > MAX_FILE_BYTES:
        report.error(Loc(display, 1, 1), "", f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        return None
    text = _decode(raw, display, report)
    if text is None:
        return None
    if not text.strip():
        report.error(Loc(display, 1, 1), "", f"the file is empty; {needs}")
        return None
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        try:
            hint = explain(text, exc)
        except Exception:  # noqa: BLE001 - a hint is a kindness; the plain message still stands
            hint = None
        if hint:
            report.error(Loc(display, hint[0], hint[1]), "", hint[2])
            return None
        mark = exc.problem_mark or exc.context_mark
        msg = _yaml_message(exc)
        report.error(Loc(display, mark.line + 1, mark.column + 1) if mark else Loc(display, 1, 1), "", msg)
        return None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        report.error(Loc(display, line, col), "", f"character U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X} is not allowed in YAML; remove it")
        return None
    except yaml.YAMLError as exc:
        report.error(Loc(display, 1, 1), "", f"is not valid YAML ({exc})")
        return None
    except RecursionError:
        report.error(Loc(display, 1, 1), "", f"nests lists or mappings too deeply (the limit is {MAX_DEPTH} levels)")
        return None
    if node is None:
        report.error(Loc(display, 1, 1), "", f"the file holds only comments; {needs}")
        return None
    conv = _Converter(src, report, text)
    try:
        src.data = conv.convert(node, (), 0, ())
    except _Abort:
        return None
    except RecursionError:
        report.error(Loc(display, 1, 1), "", f"nests lists or mappings too deeply (the limit is {MAX_DEPTH} levels)")
        return None
    if conv.failed:
        return None
    return src


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it


def _compose(text: str):
    """The YAML node tree of ``text``: with libyaml (about 15 times faster; the same nodes and
    marks), and when that fails, again with PyYAML's own parser, whose messages the hints read."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, RecursionError, ValueError):
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def utf16(raw: bytes) -> bool:
    """Text saved as UTF-16: with its byte-order mark, or without one (some Windows editors),
    when every other byte of its first characters is a NUL (mostly Latin letters, digits,
    spaces, punctuation)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:200]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return any(half.count(0) >= 0.6 * len(half) and other.count(0) == 0 for half, other in ((odd, even), (even, odd)))


def _decode(raw: bytes, display: str, report: Report) -> str | None:
    if utf16(raw):
        report.error(Loc(display, 1, 1), "", "the file is saved as UTF-16; save it as UTF-8")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        report.error(
            Loc(display, line, col),
            "",
            f"byte 0x{raw[exc.start]:02X} is not UTF-8 text; save the file as UTF-8",
        )
        return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    msg = problem or context or "is not valid YAML"
    if "expected a single document" in context or "expected a single document" in problem:
        return "holds more than one YAML document (a line `---` starts a second one); keep one per file"
    if "found character '\\t'" in msg:
        return "a tab is used for indentation; YAML needs spaces"
    if "mapping values are not allowed" in msg:
        return "a `:` appears where YAML does not expect one; put quotes around text that contains ': '"
    if "found undefined alias" in msg or "found undefined" in msg:
        return f"{msg} (an `*alias` names an `&anchor` that does not exist)"
    return f"YAML syntax error: {msg}" + (f" ({context})" if context and problem and context != problem else "")


class _Converter:
    def __init__(self, src: Source, report: Report, text: str = ""):
        self.text = text
        self.src = src
        self.report = report
        self.count = 0
        self.failed = False
        self.constructor = SafeConstructor()
        self.scalars: dict[int, RawScalar] = {}  # aliases reuse nodes: resolve each once

    def _err(self, node, path: tuple, msg: str) -> None:
        self.failed = True
        m = node.start_mark
        self.report.error(Loc(self.src.display, m.line + 1, m.column + 1), path, msg)

    def convert(self, node, path: tuple, depth: int, stack: tuple) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            self._err(node, path, f"expands to more than {MAX_VALUES:,} values (an alias bomb?); write the values out")
            raise _Abort
        if depth > MAX_DEPTH:
            self._err(node, path, f"nests lists or mappings too deeply (the limit is {MAX_DEPTH} levels)")
            raise _Abort
        if id(node) in stack:
            self._err(node, path, "an alias refers to a value that contains itself (recursive alias)")
            raise _Abort
        m = node.start_mark
        self.src.marks.setdefault(path, (m.line + 1, m.column + 1))
        if node.tag not in _PLAIN_TAGS:
            self._err(node, path, f"the YAML tag `{_short_tag(node.tag)}` is not allowed; write plain text, lists and mappings")
            return None
        if isinstance(node, ScalarNode):
            if self.text[m.index : m.index + 2] in ("! ", "!\n"):
                self._err(node, path, "a leading `!` is read by YAML as a tag and would vanish; put the whole text in quotes")
                return None
            if node.tag == "tag:yaml.org,2002:null":
                return None
            bad = _BAD_CHAR.search(node.value)
            if bad:
                ch = bad.group(0)
                typed = self.text[m.index : node.end_mark.index]
                esc = re.search(r"\\[abefv0]", typed) if node.style == '"' else None
                if esc:  # "sub\foo.png": a Windows-style folder name, read as the escape \f
                    self._err(node, path, f"in double quotes a backslash starts an escape, and `{esc.group(0)}` became an invisible "
                                          "control character: between folders write `/` (`sub/photo.jpg`), or put the text "
                                          "in single quotes ('...'), where a backslash is an ordinary character")
                    return None
                self._err(node, path, f"the text contains the control character U+{ord(ch):04X}, which cannot be printed; remove it")
                return None
            cached = self.scalars.get(id(node))
            if cached is None:
                try:
                    resolved = self.constructor.construct_object(node, deep=True)
                except Exception:  # noqa: BLE001 - a value YAML cannot resolve stays text
                    resolved = node.value
                cached = self.scalars[id(node)] = RawScalar(node.value, resolved)
            return cached
        inner = stack + (id(node),)
        if isinstance(node, SequenceNode):
            return [self.convert(item, path + (i,), depth + 1, inner) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            first: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._err(key_node, path, "merge keys (`<<:`) are not supported; write the keys out")
                    continue
                if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:null":
                    self._err(key_node, path, "a key must be a plain word such as `name`")
                    continue
                key = str(key_node.value)
                if key in out:
                    self._err(key_node, path + (key,), f"the key `{key}` appears twice in this mapping (first on line {first[key]})")
                    continue
                km = key_node.start_mark
                first[key] = km.line + 1
                self.src.key_marks[path + (key,)] = (km.line + 1, km.column + 1)
                out[key] = self.convert(value_node, path + (key,), depth + 1, inner)
            return out
        self._err(node, path, "is not a value YAML knows")
        return None


def _short_tag(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:"):]
    return tag
