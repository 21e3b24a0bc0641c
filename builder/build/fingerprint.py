"""Fingerprints: an output is rebuilt exactly when an input it uses changed.

An output's fingerprint covers movebook's own code and fonts, the YAML files its program
was read from (the program file and the library movements it uses, not the others),
the deck template for the deck, the pictures the program names (size and time), and the
fallback fonts found on this machine (they change which glyphs print).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import __version__, fonts
from ..model import Program

_CODE_HASH: str | None = None
_CODE_SUFFIXES = (".py", ".ttf", ".po")


def code_hash() -> str:
    """Changes whenever the builder's own code, fonts or catalogues change, so outputs are remade."""
    global _CODE_HASH
    if _CODE_HASH is None:
        h = hashlib.blake2b(__version__.encode(), digest_size=16)
        pkg = Path(__file__).resolve().parent.parent
        for p in sorted(pkg.rglob("*")):
            if p.is_file() and p.suffix in _CODE_SUFFIXES and "starter" not in p.relative_to(pkg).parts:
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
