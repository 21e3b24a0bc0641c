"""Plain-words explanations of YAML syntax errors, at the line the teacher must fix.

PyYAML reports where its scanner gave up ("could not find expected ':'" on the line
*after* a pasted bullet); :func:`explain` looks at the text around that place for the
mistakes people actually make (word-processor bullets and non-breaking spaces, lines
indented by one space too many or too few, backslashes in double quotes, quotes that
never close, text that starts with a YAML indicator) and says what to type instead.
"""

from __future__ import annotations

import re

import yaml

#: Characters a word processor or a web page puts where YAML wants "- ".
BULLETS = "•◦▪▫●○■□‣⁃∙·–—−‒―➢➤►▸→✓✔"
#: Spaces that look like a space but are not one to YAML.
ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
_SPACE_NAMES = {"\u00a0": "a non-breaking space", "\u202f": "a narrow non-breaking space", "\u200b": "a zero-width space",
                "\u3000": "an ideographic space", "\ufeff": "an invisible byte-order mark"}

_BULLET_LINE = re.compile(rf"^([ ]*)([{BULLETS}])[ {ODD_SPACES}]")
_DASH_ODD_SPACE = re.compile(rf"^([ ]*)-([{ODD_SPACES}])")
_KEY_ODD_SPACE = re.compile(rf"^([ ]*(?:- )?)([A-Za-z_][A-Za-z0-9_-]*):([{ODD_SPACES}])")
_WIDE_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*)\s*\uff1a")
_ODD_INDENT = re.compile(rf"^([ ]*)([{ODD_SPACES}])")
_KEY_LINE = re.compile(r"^([ ]*)(?:- +)?([A-Za-z_][A-Za-z0-9_-]*)[ ]*:(?:[ ]|$)")
_ITEM_LINE = re.compile(r"^([ ]*)-(?:[ ]|$)")


def _space_name(ch: str) -> str:
    return _SPACE_NAMES.get(ch, f"an unusual space (U+{ord(ch):04X})")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_lines(lines: list[str], before: int) -> list[int]:
    """Indexes of the lines above ``before`` that hold YAML (not blank, not a comment), nearest first."""
    return [i for i in range(before - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")]


def _paste_problem(lines: list[str], i: int) -> tuple[int, int, str] | None:
    """A pasted bullet or odd space on line index ``i``: (line, column, message) or None."""
    line = lines[i]
    m = _BULLET_LINE.match(line)
    if m:
        bullet = m.group(2)
        return (i + 1, len(m.group(1)) + 1,
                f"this line starts with `{bullet}`, a bullet pasted from a word processor; in YAML a list item starts "
                f"with `- ` (a hyphen and a space): replace `{bullet}` with `-`")
    m = _DASH_ODD_SPACE.match(line)
    if m:
        return (i + 1, len(m.group(1)) + 2,
                f"after the `-` comes {_space_name(m.group(2))} (pasted from a word processor), which YAML does not read "
                "as a space: delete it and type an ordinary space")
    m = _KEY_ODD_SPACE.match(line)
    if m:
        return (i + 1, len(m.group(1)) + len(m.group(2)) + 2,
                f"after `{m.group(2)}:` comes {_space_name(m.group(3))} (pasted from a word processor), which YAML does "
                "not read as a space: delete it and type an ordinary space")
    m = _WIDE_COLON.match(line)
    if m:
        return (i + 1, len(m.group(1)) + len(m.group(2)) + 1,
                f"after `{m.group(2)}` comes a full-width colon `：` (from a Chinese or Japanese keyboard), which YAML "
                "does not read as a colon: type an ordinary `:`")
    m = _ODD_INDENT.match(line)
    if m:
        return (i + 1, len(m.group(1)) + 1,
                f"the indentation of this line holds {_space_name(m.group(2))} (pasted from a word processor): "
                "indent with ordinary spaces only")
    return None


def _key_at(line: str) -> tuple[int, str] | None:
    """(column, key) of a ``key:`` line, counting from 0, also after a list dash; None for other lines."""
    m = _KEY_LINE.match(line)
    if not m:
        return None
    return len(m.group(0)) - len(m.group(0).lstrip(" -")), m.group(2)


def _indentation(lines: list[str], i: int, loose: bool = False) -> tuple[int, int, str] | None:
    """Line index ``i`` is indented so that it lines up with nothing above it.

    ``loose``: the line may be a known key that YAML read as part of the text above (one
    space too deep); then the nearest shallower key above is named as the one to line up with.
    """
    line = lines[i]
    n = _indent(line)
    above = _content_lines(lines, i)
    if _ITEM_LINE.match(line):
        for j in above:
            if _ITEM_LINE.match(lines[j]):
                if _indent(lines[j]) != n:
                    return (i + 1, n + 1,
                            f"this list item is indented by {n} space{'s' if n != 1 else ''}, the item above it "
                            f"(line {j + 1}) by {_indent(lines[j])}: the `-` of every item of one list must line up")
                break
            if _indent(lines[j]) < n:
                break
    key = _key_at(line)
    if not key:
        return None
    col, name = key
    shallower = None
    for j in above:
        other = _key_at(lines[j])
        if not other:
            continue
        if other[0] == col:
            return None  # it does line up with a key above; the mistake is elsewhere
        if abs(other[0] - col) <= 2:
            shallower = (j, other)
            break
        if other[0] < col and shallower is None:
            shallower = (j, other)
            if not loose:
                break
    if shallower is None:
        return None
    j, (other_col, other_name) = shallower
    if abs(other_col - col) > 2 and not loose:
        return None
    return (i + 1, col + 1,
            f"`{name}:` is indented by {col} space{'s' if col != 1 else ''}, but `{other_name}:` on line {j + 1} by "
            f"{other_col}: the keys of one mapping (one movement, one step) must line up exactly")


def _quote_opened_before(text: str, pm) -> tuple[str, object] | None:
    """The quote and start mark of a quoted text spanning several lines that ends just before ``pm``."""
    last = None
    try:
        for tok in yaml.scan(text, Loader=yaml.SafeLoader):
            if tok.start_mark.index >= pm.index:
                break
            last = tok
    except yaml.YAMLError:
        pass
    if (isinstance(last, yaml.ScalarToken) and last.style in ('"', "'")
            and last.end_mark.line == pm.line and last.start_mark.line < last.end_mark.line):
        return last.style, last.start_mark
    return None


def _known_keys() -> list[str]:
    from .schema import ALL_KEYS

    return ALL_KEYS


def explain(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """(line, column, message) for a YAML syntax error, or None when no plain explanation fits.

    Lines and columns count from 1.
    """
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    pm, cm = exc.problem_mark, exc.context_mark
    lines = text.splitlines() or [""]
    p_line = min(pm.line, len(lines) - 1) if pm else 0
    c_line = min(cm.line, len(lines) - 1) if cm else p_line

    # Pasted bullets and spaces: the scanner gives up a line or two later, so look back from there.
    for i in sorted({c_line, *range(max(0, min(c_line, p_line - 2)), p_line + 1)}, reverse=True):
        found = _paste_problem(lines, i)
        if found:
            return found

    if "unknown escape character" in problem or ("double-quoted" in context and "escape" in problem):
        ch = problem.rsplit(" ", 1)[-1].strip("'")
        return (pm.line + 1, pm.column,
                f"in double quotes a backslash starts an escape, and `\\{ch}` is none: between folders write `/` "
                "(`sub/photo.jpg`), or put the text in single quotes ('...'), where a backslash is an ordinary character")
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        quote = lines[c_line][cm.column] if cm and cm.column < len(lines[c_line]) else '"'
        return (cm.line + 1, cm.column + 1,
                f"the quote `{quote}` that opens here is never closed: add the closing `{quote}` at the end of the text"
                + (" (write a `\"` inside the text as `\\\"`)" if quote == '"' else " (write an apostrophe inside single quotes as `''`)"))
    # a [ or { that runs into the file's end, or into a key on a later line: it was never closed
    if ("flow sequence" in context or "flow mapping" in context) and cm and pm and pm.line > cm.line \
            and ("<stream end>" in problem or "got ':'" in problem):
        opened = lines[c_line][cm.column] if cm.column < len(lines[c_line]) else "["
        close = "]" if opened == "[" else "}"
        return (cm.line + 1, cm.column + 1,
                f"the `{opened}` that opens here is not closed on its line: add `{close}` where it ends, "
                f"or put the text in quotes if the `{opened}` is part of it")
    if "alias" in context or "undefined alias" in problem:
        where = cm or pm
        typed = lines[min(where.line, len(lines) - 1)][where.column:].strip()
        example = f'"{typed}"' if typed.startswith("*") and len(typed) <= 60 and '"' not in typed else '"*Slowly* lift the head"'
        return (where.line + 1, where.column + 1,
                "text that starts with `*` (Markdown *italic* or **bold**) must be in quotes, because YAML reads a leading "
                f"`*` as a reference: write {example}")
    if "anchor" in context:
        return (cm.line + 1, cm.column + 1, "text that starts with `&` must be in quotes: \"& more\"")
    if "cannot start any token" in problem:
        ch = re.search(r"character '(.+?)'", problem)
        shown = ch.group(1) if ch else "this character"
        if shown == "\\t":
            return None
        return (pm.line + 1, pm.column + 1,
                f"text cannot start with `{shown}` in YAML: put the whole text in quotes, e.g. \"{shown}home practice\"")
    if "found '<scalar>'" in problem and pm:
        line = lines[p_line]
        before = line[: pm.column].rstrip()
        if before.endswith("'") and before.count("'") >= 2:
            return (pm.line + 1, pm.column + 1,
                    "an apostrophe ends text in single quotes: write it twice ('Child''s pose'), or use double quotes "
                    "(\"Child's pose\")")
        opened = _quote_opened_before(text, pm)
        if opened:
            q, mark = opened
            return (mark.line + 1, mark.column + 1,
                    f"the quote `{q}` that opens here is not closed on its line, so the text runs on to line {pm.line + 1}: "
                    f"add the closing `{q}` at the end of this line's text")
        if before.endswith('"'):
            return (pm.line + 1, pm.column + 1,
                    "the text goes on after its closing quote: put the whole text in the quotes, or write a `\"` inside "
                    "it as `\\\"`")
        if before.endswith(("]", "}")):
            return (pm.line + 1, pm.column + 1,
                    "text that starts with `[` or `{` is read by YAML as a list or mapping: put the whole text in quotes")
    if "expected <block end>" in problem or "while parsing a block" in context:
        found = _indentation(lines, p_line)
        if found:
            return found
    if "mapping values are not allowed" in problem:
        key = _key_at(lines[p_line])
        if key and key[1] in _known_keys() and lines[p_line][: pm.column].strip(" -") == key[1]:
            found = _indentation(lines, p_line, loose=True)
            if found:
                return found
    if "could not find expected ':'" in problem and cm:
        line = lines[c_line]
        stripped = line.lstrip(" ")
        if stripped.startswith("-") and not stripped.startswith(("- ", "--")) and len(stripped) > 1:
            return (c_line + 1, _indent(line) + 2, "a list item needs a space after the `-`: write `- " + stripped[1:40] + "`")
        return (c_line + 1, cm.column + 1,
                "this line is neither `key: value` nor a list item (`- ...`): if it continues the text above, indent it "
                "like that text; if it is an item of a list, start it with `- `")
    return None
