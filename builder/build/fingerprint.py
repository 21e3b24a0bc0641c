"""Fingerprints: an output is rebuilt exactly when an input it uses changed.

An output's fingerprint covers movebook's own code and fonts, the YAML files its program
was read from (the program file and the library movements it uses, not the others),
the deck template for the deck, the pictures the program names (size and time), and the
fallback fonts found on this machine (they change which glyphs print).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, fonts
from ..model import Program

_CODE_HASH: str | None = None
_CODE_SUFFIXES = (".py", ".ttf", ".po")
_CODE_FILES = (fonts.COVERAGE_FILE.resolve(),)  # data read at run time besides those


#: The libraries whose code decides an output's bytes (and what the build keeps between builds:
#: a page's drawing operators, a slide's markup): a new version of one remakes the outputs.
LIBRARIES = ("reportlab", "pptx", "pikepdf", "PIL", "lxml", "pydantic", "yaml")


def _libraries_line() -> str:
    """The installed libraries of :data:`LIBRARIES`, each by its package file's size and time
    (found without importing it: a few milliseconds, where asking their versions takes 35)."""
    import importlib.util

    out = []
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        out.append(f"{name}={_stat_line(Path(spec.origin)) if spec and spec.origin else 'missing'}")
    return ";".join(out)


def code_hash() -> str:
    """Changes whenever the builder's own code, fonts (and their coverage record) or catalogues
    change, or a library that draws the outputs is installed anew, so outputs are remade."""
    global _CODE_HASH
    if _CODE_HASH is None:
        h = hashlib.blake2b(__version__.encode(), digest_size=16)
        h.update(_libraries_line().encode())
        pkg = Path(__file__).resolve().parent.parent
        for p in sorted(pkg.rglob("*")):
            if p.is_file() and (p.suffix in _CODE_SUFFIXES and "starter" not in p.relative_to(pkg).parts
                                or p in _CODE_FILES):
                st = p.stat()
                h.update(f"{p.relative_to(pkg)}:{st.st_size}:{st.st_mtime_ns}".encode())
        _CODE_HASH = h.hexdigest()
    return _CODE_HASH


def _stat_line(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def machine_fonts() -> str:
    """The fallback fonts found on this machine, as a fingerprint line."""
    return ";".join(f"{name}={_stat_line(path)}" for name, path in fonts.fallback_files())


def output_fingerprint(program: Program, target: str) -> str:
    """The fingerprint of one output of ``program``."""
    h = hashlib.blake2b(digest_size=20)
    for part in (target, code_hash(), machine_fonts()):
        h.update(part.encode())
        h.update(b"\0")
    files = list(program.sources) or [program.source]
    if target == "deck" and program.deck.template:
        files.append(program.deck.template)
    for p in files:
        h.update(str(p).encode())
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"missing")
    for img in program.images:
        h.update(_stat_line(img.path).encode())
    if program.client is not None:  # a client's own choices (a CSV row is not a file of its own)
        h.update(repr((program.client, program.movements, program.booklet, program.language)).encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- nothing changed at all

@dataclass
class Quick:
    """What a build that finds nothing changed says (the last full build's words)."""

    lines: list[str]
    warnings: list


def _listing(ws) -> list[Path]:
    """The files of the folders a build reads: program files, the library, clients, label catalogues."""
    out = []
    for folder in (ws.content, ws.library, ws.content / "clients", ws.root / "labels"):
        try:
            out += sorted(p for p in folder.iterdir() if p.is_file())
        except OSError:
            continue
    return out


def _outputs_line(out_root: Path) -> str:
    """The files under the output folder as they are now (names, sizes, times), the cache left out."""
    h = hashlib.blake2b(digest_size=20)
    for folder, dirs, files in os.walk(out_root):
        dirs[:] = sorted(d for d in dirs if d != ".cache")
        for f in sorted(files):
            if f.startswith("."):
                continue
            p = Path(folder) / f
            h.update(_stat_line(p).encode())
    return h.hexdigest()


def _quick_key(ws, selection, extras: list[str], out_root: Path) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(repr((code_hash(), machine_fonts(), selection)).encode())
    for p in _listing(ws) + [Path(x) for x in extras]:
        h.update(_stat_line(p).encode())
    h.update(_outputs_line(out_root).encode())  # the outputs are still as this build left them
    return h.hexdigest()


def quick_record(ws, selection, everything, programs, clients, out_root, base, report) -> dict:
    """What the next build needs to know it has nothing to do: a digest of every file this one read
    (program files, library, clients, labels, pictures, templates) and left in the output folder,
    and what to say. No client's name or id is written: outputs are summed up, not listed."""
    from ..source.workspace import display_path

    extras = sorted({str(i.path) for p in everything for i in p.images}
                    | {str(p.deck.template) for p in everything if p.deck.template})
    lines = []
    for prog in programs:
        n_img = len(prog.images)
        lines.append(f"{prog.name}: up to date; {n_img} image{'s' if n_img != 1 else ''}"
                     f" -> {display_path(out_root / prog.name, base)}/")
    if clients:
        folders = sorted({p.name.split("/clients/")[0] for p in clients})
        where = ", ".join(f"{display_path(out_root / f, base)}/clients/" for f in folders)
        lines.append(f"clients: {len(clients)} (0 rendered, {len(clients)} up to date) -> {where}")
    if everything:
        lines.append("done in {elapsed} s (0 images processed, 0 from cache)")
    client_files = {str(p.client.source) for p in clients}
    warnings = [[w.loc.file, w.loc.line, w.loc.column, w.path, w.message] for w in report.warnings
                if "clients" not in Path(w.loc.file).parts and not w.loc.file.endswith("clients.csv")
                and w.loc.file not in client_files]
    return {"key": _quick_key(ws, selection, extras, out_root), "extras": extras, "lines": lines,
            "warnings": warnings}


def quick_check(record, ws, selection, out_root: Path) -> Quick | None:
    """The last build's words if nothing it read or wrote has changed since, else None."""
    from ..errors import Loc, Problem

    try:
        if record["key"] != _quick_key(ws, selection, list(record["extras"]), out_root):
            return None
        warnings = [Problem(Loc(f, line, col), path, msg) for f, line, col, path, msg in record["warnings"]]
        return Quick(list(record["lines"]), warnings)
    except (TypeError, KeyError, ValueError, AttributeError):
        return None  # no record, or a damaged one: build
