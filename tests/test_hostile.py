"""Unlucky and hostile input: pasted text, mis-indentation, a full disk, a read-only cache,
huge photos, Ctrl-C, closed pipes. Each case says what went wrong in words a teacher can act on,
at the line to fix, and never blames the wrong thing."""

from __future__ import annotations

import contextlib

import zipfile
from pathlib import Path

import pytest

from builder.cli import main as run
from builder.source.loader import Loader, Workspace

STARTER = Path(__file__).resolve().parent.parent / "builder" / "starter"


@pytest.fixture
def ws(tmp_path):
    """A fresh copy of the workspace `movebook new` makes."""
    import shutil

    shutil.copytree(STARTER, tmp_path / "ws")
    return tmp_path / "ws"


def errors_of(ws: Path, program: str | None = None) -> list[str]:
    """The errors `check` reports for the starter program (optionally replaced by ``program``)."""
    f = ws / "content" / "my-program.yaml"
    if program is not None:
        f.write_text(program, encoding="utf-8")
    loader = Loader(Workspace(ws), base=ws)
    loader.load(f)
    loader.check_library()
    return [str(e) for e in loader.report.errors]


def edited(ws: Path, old: str, new: str) -> str:
    text = (ws / "content" / "my-program.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def line_of(ws: Path, needle: str) -> int:
    text = (ws / "content" / "my-program.yaml").read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


# ---- friendly YAML diagnostics ---------------------------------------------------------

STEP = "      - Repeat to the other side."


@pytest.mark.parametrize("bullet", ["•", "–", "—", "·", "▪"])
def test_a_pasted_bullet_is_named_at_its_own_line(ws, bullet):
    line = line_of(ws, STEP)
    errs = errors_of(ws, edited(ws, STEP, STEP.replace("-", bullet, 1)))
    assert len(errs) == 1
    assert errs[0].startswith(f"content/my-program.yaml:{line}:7: this line starts with `{bullet}`"), errs
    assert "replace `" + bullet + "` with `-`" in errs[0]
    assert "could not find expected" not in errs[0]


def test_a_pasted_bullet_before_a_key_is_named_at_its_own_line(ws):
    old = "      - text: Breathe out and let"
    line = line_of(ws, old)
    errs = errors_of(ws, edited(ws, old, old.replace("-", "•")))
    assert errs and errs[0].startswith(f"content/my-program.yaml:{line}:7: this line starts with `•`"), errs


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_a_non_breaking_space_after_a_dash_is_named(ws, space):
    line = line_of(ws, STEP)
    errs = errors_of(ws, edited(ws, STEP, STEP.replace("- ", "-" + space)))
    assert len(errs) == 1 and errs[0].startswith(f"content/my-program.yaml:{line}:8: after the `-` comes"), errs
    assert "non-breaking space" in errs[0] and "ordinary space" in errs[0]


def test_a_non_breaking_space_after_a_key_is_named(ws):
    old = "    repeat: 4 times to each side"
    line = line_of(ws, old)
    errs = errors_of(ws, edited(ws, old, old.replace(": ", ":\u00a0")))
    assert errs and errs[0].startswith(f"content/my-program.yaml:{line}:"), errs
    assert "after `repeat:` comes a non-breaking space" in errs[0]


@pytest.mark.parametrize("spaces", [3, 5])
def test_a_mis_indented_key_is_named_with_the_key_it_must_line_up_with(ws, spaces):
    old = "    repeat: 4 times to each side"
    line = line_of(ws, old)
    errs = errors_of(ws, edited(ws, old, " " * spaces + old.lstrip()))
    assert len(errs) == 1, errs
    assert errs[0].startswith(f"content/my-program.yaml:{line}:{spaces + 1}: `repeat:` is indented by {spaces} spaces"), errs
    assert "by 4" in errs[0] and "block end" not in errs[0]


@pytest.mark.parametrize("spaces", [5, 4])
def test_a_mis_indented_list_item_is_named(ws, spaces):
    line = line_of(ws, STEP)
    errs = errors_of(ws, edited(ws, STEP, " " * spaces + STEP.lstrip()))
    assert len(errs) == 1, errs
    assert errs[0].startswith(f"content/my-program.yaml:{line}:{spaces + 1}: this list item is indented by {spaces} spaces"), errs
    assert "must line up" in errs[0] and "block end" not in errs[0]


def test_a_backslash_folder_in_double_quotes_is_explained(ws):
    f_escape = edited(ws, "      file: washrag.png", '      file: "sub\\foo.png"')
    d_escape = edited(ws, "      file: washrag.png", '      file: "sub\\dir.png"')
    errs = errors_of(ws, f_escape)
    assert len(errs) == 1 and "`\\f` became an invisible control character" in errs[0], errs
    assert "write `/`" in errs[0] and "U+000C" not in errs[0]
    errs = errors_of(ws, d_escape)
    assert len(errs) == 1 and "`\\d` is none" in errs[0] and "write `/`" in errs[0], errs


@pytest.mark.parametrize("typed, needle", [
    ('    repeat: "4 times\n', "is not closed on its line"),
    ("    repeat: '4 time's'\n", "write it twice"),
    ("    repeat: *Slowly* 4 times\n", "must be in quotes"),
    ("    repeat: @home\n", "cannot start with `@`"),
    ("    repeat: [4] times\n", "put the whole text in quotes"),
    ('    repeat: "4" times\n', "goes on after its closing quote"),
    ("    repeat: [4 times\n", "the `[` that opens here is not closed on its line"),
    ("    repeat: {4 times\n", "the `{` that opens here is not closed on its line"),
    ("    repeat\uff1a 4 times\n", "full-width colon"),
])
def test_text_that_yaml_misreads_gets_the_fix(ws, typed, needle):
    old = "    repeat: 4 times to each side\n"
    line = line_of(ws, old)
    errs = errors_of(ws, edited(ws, old, typed))
    assert len(errs) == 1 and needle in errs[0], errs
    assert errs[0].startswith(f"content/my-program.yaml:{line}:"), errs


def test_a_list_over_several_lines_that_is_closed_is_not_called_unclosed(ws):
    old = "    repeat: 4 times to each side\n"
    errs = errors_of(ws, edited(ws, old, '    repeat: [4 times,\n      "to each" side,\n      slowly]\n'))
    assert errs and not any("not closed" in e for e in errs), errs


def test_a_list_item_without_a_space_after_the_dash(ws):
    line = line_of(ws, STEP)
    errs = errors_of(ws, edited(ws, STEP, STEP.replace("- ", "-")))
    assert errs and errs[0].startswith(f"content/my-program.yaml:{line}:") and "needs a space after the `-`" in errs[0], errs


def test_an_empty_library_movement_is_told_what_a_movement_needs(ws):
    (ws / "content" / "movements" / "arch-and-flatten.yaml").write_text("# nothing yet\n")
    errs = errors_of(ws)
    assert any("content/movements/arch-and-flatten.yaml:1:1: the file holds only comments; a library movement needs "
               "at least `id: arch-and-flatten`, a `name` and `steps`" in e for e in errs), errs
    assert not any("title" in e for e in errs)


def _renamed(kind: str, dest: Path) -> None:
    """A PowerPoint template or show saved under a .pptx name."""
    import io

    from pptx import Presentation

    buf = io.BytesIO()
    Presentation().save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.presentation.main+xml", f"presentationml.{kind}.main+xml".encode())
            zout.writestr(info, data)


@pytest.mark.parametrize("kind, says", [("template", "is a PowerPoint template (.potx)"), ("slideshow", "is a PowerPoint show (.ppsx)")])
def test_a_renamed_potx_is_named_as_such_by_check(ws, kind, says, capsys):
    _renamed(kind, ws / "t.pptx")
    (ws / "content" / "my-program.yaml").write_text(edited(ws, '  aspect: "16:9"', "  template: t.pptx"))
    assert run(["-C", str(ws), "check"]) == 1
    err = capsys.readouterr().err
    assert says in err and "save it as a PowerPoint presentation (.pptx)" in err and "content type" not in err, err


# ---- the computer, not the content: full disks, read-only folders -----------------------

OUTPUTS = ("booklet.pdf", "booklet-print.pdf", "deck.pptx", "handout.pdf")


def _immutable(path: Path, on: bool) -> bool:
    """Make ``path`` unwritable even for root (chattr +i); False where the file system cannot."""
    import shutil
    import subprocess

    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True).returncode == 0


@contextlib.contextmanager
def read_only_folder(folder: Path):
    """``folder`` made, and unwritable even for root while the block runs (the test is skipped
    where the file system cannot do that)."""
    folder.mkdir(parents=True)
    if not _immutable(folder, True):
        pytest.skip("cannot make a read-only folder on this file system")
    try:
        yield folder
    finally:
        _immutable(folder, False)


@pytest.mark.parametrize("which", [".cache", ".cache/images"])
def test_a_read_only_cache_builds_without_it(ws, capsys, which):
    out = ws / "output"
    with read_only_folder(out / which):
        assert run(["-C", str(ws), "build"]) == 0
        err = capsys.readouterr().err
        assert f"the cache folder {ws / 'output' / '.cache'}" in err or "cache folder" in err
        assert "cannot be written (permission denied" in err or "cannot be written (operation not permitted" in err, err
        assert "building without it" in err and "internal error" not in err
        for f in OUTPUTS:
            assert (out / "my-program" / f).stat().st_size > 0


def test_a_cache_that_is_a_file_builds_without_it(ws, capsys):
    (ws / "output").mkdir()
    (ws / "output" / ".cache").write_text("not a folder")
    assert run(["-C", str(ws), "build"]) == 0
    err = capsys.readouterr().err
    assert "cannot be written (a file stands where a folder must be); building without it" in err, err
    assert (ws / "output" / "my-program" / "booklet.pdf").exists()


def _refuse_picture_writes(monkeypatch, code: int) -> None:
    """Writing a prepared picture into the cache fails with ``code`` (an errno)."""
    import os

    import builder.images.stage as stage

    real = os.fdopen

    def fdopen(fd, mode="r", *a, **kw):
        fh = real(fd, mode, *a, **kw)
        if "w" in mode and ".tmp-" in os.readlink(f"/proc/self/fd/{fd}") and "/images/" in os.readlink(f"/proc/self/fd/{fd}"):
            fh.close()
            raise OSError(code, os.strerror(code))
        return fh

    monkeypatch.setattr(stage.os, "fdopen", fdopen)
    monkeypatch.setenv("MOVEBOOK_WORKERS", "1")


def test_a_full_disk_is_not_blamed_on_the_photos(ws, monkeypatch, capsys):
    import errno

    _refuse_picture_writes(monkeypatch, errno.ENOSPC)
    assert run(["-C", str(ws), "build"]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and "output/.cache/images" in err, err
    assert "damaged" not in err and "arch-and-flatten.png" not in err and "washrag.png" not in err
    assert not (ws / "output" / "my-program").exists()


def test_a_picture_cache_that_refuses_writes_builds_without_it(ws, monkeypatch, capsys):
    import errno

    _refuse_picture_writes(monkeypatch, errno.EACCES)
    import builder.build.pipeline as pipeline

    monkeypatch.setattr(pipeline, "_cache_problem", lambda cache_dir: None)  # the first look saw a writable cache
    calls = {"n": 0}
    import builder.images.stage as stage

    real_prepare = stage.ImageStage.prepare

    def prepare(self, requests):
        calls["n"] += 1
        if calls["n"] > 1:
            monkeypatch.undo()  # the temporary folder accepts the pictures
        return real_prepare(self, requests)

    monkeypatch.setattr(stage.ImageStage, "prepare", prepare)
    assert run(["-C", str(ws), "build"]) == 0
    err = capsys.readouterr().err
    assert "cannot be written (permission denied); building without it" in err and "damaged" not in err, err
    assert (ws / "output" / "my-program" / "booklet.pdf").exists()


def test_a_really_full_disk(ws, tmp_path, capsys):
    """On a small RAM disk (where this machine lets the tests mount one)."""
    import shutil
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a small disk here")
    try:
        shutil.copytree(ws, disk / "ws")
        from PIL import Image

        Image.effect_noise((1200, 900), 80).convert("RGB").save(disk / "ws" / "images" / "washrag.png")
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"\0" * max(0, free - 64 * 1024))
        assert run(["-C", str(disk / "ws"), "build"]) == 1
        err = capsys.readouterr().err
        assert "the disk is full" in err and "damaged" not in err, err
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_an_output_folder_that_is_a_file(ws, capsys):
    (ws / "output").write_text("x")
    assert run(["-C", str(ws), "build"]) == 1
    err = capsys.readouterr().err
    assert "is a file where a folder must be" in err and "internal error" not in err, err


# ---- photos from 108 and 200 MP phones ------------------------------------------------------

@pytest.mark.parametrize("size, mode", [((12000, 9000), "RGB"), ((16320, 12240), "L")])
def test_photos_from_108_and_200_megapixel_phones_build(ws, capsys, size, mode):
    """A 108 MP colour photo and a 200 MP one (grey, to keep the test quick: the size is what counts)."""
    from PIL import Image, ImageDraw

    im = Image.new(mode, size, 200 if mode == "L" else (200, 180, 160))
    ImageDraw.Draw(im).ellipse([size[0] // 4, size[1] // 4, 3 * size[0] // 4, 3 * size[1] // 4], fill=60 if mode == "L" else (40, 90, 60))
    im.save(ws / "images" / "phone.jpg", quality=75)
    del im
    (ws / "content" / "my-program.yaml").write_text(edited(ws, "      file: washrag.png", "      file: phone.jpg"))
    assert run(["-C", str(ws), "check"]) == 0, capsys.readouterr().err
    from bounded import run_bounded

    done = run_bounded(["-C", str(ws), "build", "--only", "booklet,deck"], seconds=120)
    assert done.code == 0 and "limit" not in done.err, done.err
    # decoded reduced: the build's processes stayed far below what one full decode takes (324 or 600 MB)
    assert done.peak_mb < 300, f"peak {done.peak_mb:.0f} MB"


# ---- Ctrl-C and closed pipes ---------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to see the workers")
def test_ctrl_c_while_rendering_prints_one_line(ws):
    import os
    import signal
    import subprocess
    import sys
    import time

    tmp_path = ws
    for wait in (0.0, 0.005, 0.4):  # as the first worker is forked, and while they work
        p = subprocess.Popen([sys.executable, "-m", "builder", "-C", str(tmp_path), "build"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
        t0 = time.monotonic()
        while not _children(p.pid) and p.poll() is None and time.monotonic() - t0 < 60:
            time.sleep(0.02)  # until its workers run (pictures, then the outputs)
        time.sleep(wait)
        os.killpg(p.pid, signal.SIGINT)  # what a terminal does on Ctrl-C: the whole job gets it
        out, err = p.communicate(timeout=60)
        assert p.returncode == 130 and err == "movebook: stopped; earlier outputs are unchanged\n", err[-2000:]
        assert not (tmp_path / "output" / "my-program" / "booklet.pdf").exists()


@pytest.mark.parametrize("command, status", [("check 2>&1", 1), ("check 2>&1 >/dev/null", 1), ("build 2>&1", 1), ("schema", 0)])
def test_a_closed_pipe_keeps_the_exit_status(tmp_path, command, status):
    import shlex
    import subprocess
    import sys

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "p.yaml").write_text("".join(f"title: T{i}\n" for i in range(1500)))  # 1,499 errors: more than a pipe holds
    r = subprocess.run(f"{shlex.quote(sys.executable)} -m builder -C {shlex.quote(str(tmp_path))} {command} | head -c 1; "
                       "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash", capture_output=True, text=True)
    assert r.returncode == status, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr


# ---- movebook new, movebook docs ---------------------------------------------------------------

def test_new_quotes_the_folder_in_its_hint(tmp_path, capsys):
    import subprocess

    target = tmp_path / "sp ace" / "Yoga Kurse"
    assert run(["new", str(target)]) == 0
    hint = capsys.readouterr().out.splitlines()[-1]
    assert hint.startswith("next: cd ")
    command = hint[len("next: "):].replace("movebook build", "test -f content/my-program.yaml")
    assert subprocess.run(command, shell=True, executable="/bin/sh").returncode == 0, hint


def test_new_refuses_a_file(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert run(["new", str(tmp_path / "f")]) == 2
    assert "is a file" in capsys.readouterr().err


def test_docs_shows_the_guides_installed_with_the_package(capsys):
    assert run(["docs"]) == 0
    out = capsys.readouterr().out
    paths = [Path(line.strip()) for line in out.splitlines() if line.startswith("    ")]
    assert [p.name for p in paths] == ["content-format.md", "editor-setup.md"]
    for p in paths:
        assert p.is_file() and Path(__file__).resolve().parent.parent / "builder" in p.parents
    assert run(["docs", "format"]) == 0
    assert "# Writing a program: the movebook YAML format" in capsys.readouterr().out


def test_the_workspace_readme_says_how_to_find_the_guide_and_its_example_error_is_real(ws):
    readme = (ws / "README.md").read_text()
    assert "movebook docs" in readme and "docs/content-format.md" not in (ws / "content" / "my-program.yaml").read_text()
    example = next(line.strip() for line in readme.splitlines() if "bothh" in line)
    errs = errors_of(ws, edited(ws, "    sides: both", "    sides: bothh"))
    assert errs == [example]


def test_the_guides_are_package_data():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    data = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    assert "guide/*.md" in data["tool"]["setuptools"]["package-data"]["builder"]


@pytest.mark.parametrize("which, says", [
    ("output", "cannot write into the output folder: permission denied: `{ws}/output` cannot be written"),
    ("output/my-program", "could not write the outputs: permission denied: `{ws}/output/my-program/booklet.pdf` cannot be written"),
])
def test_a_read_only_output_folder_is_named(ws, capsys, which, says):
    with read_only_folder(ws / which):
        assert run(["-C", str(ws), "build"]) == 1
        err = capsys.readouterr().err
        assert says.format(ws=ws) in err.replace("operation not permitted", "permission denied"), err
        assert "note: the cache" not in err and ".part" not in err


@pytest.mark.parametrize("order", ["in order", "last first"])
def test_an_unwritable_output_is_named_the_same_whichever_output_finishes_first(ws, capsys, monkeypatch, order):
    """Outputs finish rendering in any order; the output named is always the first in the
    build's order that could not be written (here the booklet, before the deck and handout)."""
    from builder.build import workers

    def in_turn(one, names, serial=False, each=None):
        if each is None:  # planning: results in the jobs' order
            return [one(i) for i in range(len(names))]
        turns = range(len(names)) if order == "in order" else reversed(range(len(names)))
        for i in turns:
            each(i, one(i))
        return []

    monkeypatch.setattr(workers, "_run", in_turn)
    with read_only_folder(ws / "output" / "my-program"):
        assert run(["-C", str(ws), "build"]) == 1
        err = capsys.readouterr().err
        assert f"`{ws}/output/my-program/booklet.pdf` cannot be written" in err, err
        assert not list((ws / "output").rglob("*.part"))


# ---- the editor's JSON Schema accepts exactly what movebook accepts --------------------------

_MOVE = "movements:\n  - id: m\n    name: M\n    steps: [s]\n"
SCHEMA_FIELDS = {  # where the value goes: each a whole small program
    "text": "title: {v}\n" + _MOVE,
    "optional text": "title: T\nsubtitle: {v}\n" + _MOVE,
    "language": "title: T\nlanguage: {v}\n" + _MOVE,
    "web address": "title: T\ncontact:\n  website: {v}\n" + _MOVE,
    "caution id": "title: T\ncautions:\n  - id: {v}\n    text: Go slowly.\n" + _MOVE,
    "movement id": "title: T\nmovements:\n  - id: {v}\n    name: M\n    steps: [s]\n",
    "caution level": "title: T\ncautions:\n  - text: Go slowly.\n    level: {v}\n" + _MOVE,
    "caution item": "title: T\ncautions:\n  - {v}\n" + _MOVE,
    "sides": "title: T\nmovements:\n  - id: m\n    name: M\n    steps: [s]\n    sides: {v}\n",
    "breath": "title: T\nmovements:\n  - id: m\n    name: M\n    steps:\n      - text: s\n        breath: {v}\n",
    "targets": "title: T\nmovements:\n  - id: m\n    name: M\n    steps: [s]\n    targets: {v}\n",
    "steps": "title: T\nmovements:\n  - id: m\n    name: M\n    steps: {v}\n",
    "step item": "title: T\nmovements:\n  - id: m\n    name: M\n    steps:\n      - {v}\n",
    "cues": "title: T\nmovements:\n  - id: m\n    name: M\n    steps: [s]\n    cues: {v}\n",
    "video": "title: T\nmovements:\n  - id: m\n    name: M\n    steps: [s]\n    video: {v}\n",
    "intro text": "title: T\nintro:\n  - heading: H\n    text: {v}\n" + _MOVE,
    "slide points": "title: T\nintro:\n  - heading: H\n    text: t\n    slide: {v}\n" + _MOVE,
    "page size": "title: T\nbooklet:\n  page_size: {v}\n" + _MOVE,
    "log days": "title: T\nbooklet:\n  practice_log_days: {v}\n" + _MOVE,
    "large print": "title: T\nbooklet:\n  large_print: {v}\n" + _MOVE,
    "aspect": "title: T\ndeck:\n  aspect: {v}\n" + _MOVE,
    "accent": "title: T\ntheme:\n  accent: {v}\n" + _MOVE,
    "label": "title: T\nlabels:\n  routine: {v}\n" + _MOVE,
    "sequence id": "title: T\n" + _MOVE + "sequences:\n  - id: {v}\n    name: S\n    movements: [m]\n",
}
SCHEMA_VALUES = [
    "plain text", '"quoted"', "''", '"  "', "5", '"5"', "5.5", "-3", "0", "14", '"14"', '" 14 "', "14.0", "367",
    "true", "yes", '"yes"', "Off", "no", "~", "[a, b]", "[]", "[5]", "{a: b}", "{}", "{text: x}", "2026-01-01",
    "https://example.org", '" https://example.org "', "example.org", '"#2f6f6a"', "2f6f6a", "123456", "BOTH", "In", "a5",
    '"16:9"', "16:9", "4:3", "en-GB", "English", "my-id", "My Id", "0x10", ".inf", "[{name: P, steps: [a]}]",
]
LONG_VALUES = {  # one more than each limit, and the limit itself
    "text": ["x" * 20000, "x" * 20001], "label": ["x" * 200, "x" * 201], "cues": [f"[{'x' * 80}]", f"[{'x' * 81}]"],
    "web address": ["https://example.org/" + "a" * 480, "https://example.org/" + "a" * 481],
    "steps": ["[" + ", ".join(["a"] * 500) + "]", "[" + ", ".join(["a"] * 501) + "]"],
}
# What JSON cannot tell apart: the editor sees `true` where movebook sees the typed word.
SCHEMA_EXCEPTIONS = {
    ("language", "true"): "`language: no` is Norwegian to movebook but a yes/no to YAML 1.1: the schema takes yes/no words",
    **{(f"{kind} id", value): "YAML 1.1 reads 16:9 and 4:3 as base-60 numbers (969, 243), and JSON Schema counts 14.0 as "
       "a whole number: to the schema they are ids like 14, to movebook the typed text is not an id"
       for kind in ("caution", "movement", "sequence") for value in ("16:9", "4:3", "14.0")},
}


def _as_json(value):
    """The YAML value as an editor's validator sees it (JSON types; dates are text)."""
    import datetime

    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def test_the_schema_accepts_exactly_what_movebook_accepts(tmp_path):
    import jsonschema
    import yaml

    from builder.source.schema import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    (tmp_path / "content").mkdir()
    f = tmp_path / "content" / "p.yaml"
    disagree = []
    for field, template in SCHEMA_FIELDS.items():
        for value in SCHEMA_VALUES + LONG_VALUES.get(field, []):
            text = template.format(v=value)
            if (field, value) in SCHEMA_EXCEPTIONS:
                continue
            f.write_text(text)
            loader = Loader(Workspace(tmp_path), base=tmp_path)
            loader.load(f)
            by_movebook = not loader.report.errors
            by_schema = validator.is_valid(_as_json(yaml.safe_load(text)))
            if by_movebook != by_schema:
                disagree.append(f"{field}: {value[:40]}: movebook {'accepts' if by_movebook else 'refuses'}, "
                                f"the schema {'accepts' if by_schema else 'refuses'} "
                                f"{[str(e) for e in loader.report.errors][:1]}")
    assert not disagree, "\n".join(disagree)


def test_the_movement_schema_agrees_too(tmp_path):
    """A library movement file, checked by `movebook schema --movement`."""
    import jsonschema
    import yaml

    from builder.source.schema import movement_json_schema

    validator = jsonschema.Draft202012Validator(movement_json_schema())
    lib = tmp_path / "content" / "movements"
    lib.mkdir(parents=True)
    (tmp_path / "content" / "p.yaml").write_text("title: T\nmovements: [m]\n")
    for body, ok in [("id: m\nname: M\nsteps: [s]\n", True), ("id: m\nname: M\nsteps: []\n", False),
                     ("id: m\nname: M\n", False), ("id: m\nname: M\nparts: [{name: P, steps: [a]}]\n", True),
                     ("id: m\nname: 5\nsteps: [6]\n", True), ("id: m\nname: M\nsteps: [s]\nsides: Both\n", True),
                     ("id: m\nname: ''\nsteps: [s]\n", False)]:
        (lib / "m.yaml").write_text(body)
        loader = Loader(Workspace(tmp_path), base=tmp_path)
        loader.load(tmp_path / "content" / "p.yaml")
        assert (not loader.report.errors) == ok, (body, loader.report.errors)
        assert validator.is_valid(yaml.safe_load(body)) == ok, body


# ---- more hostile workspaces ---------------------------------------------------------------------

@pytest.mark.parametrize("make, says", [
    (lambda p: p.write_bytes(b""), "is an empty file"),
    (lambda p: p.mkdir(), "is a folder, not a picture file"),
    (lambda p: __import__("os").mkfifo(p), "is a pipe or a device, not a picture file"),
    (lambda p: p.symlink_to(p.name), "is a link that leads back to itself"),
    (lambda p: p.symlink_to("/dev/zero"), "leads outside the images/ folder"),
    (lambda p: p.symlink_to("washrag.png"), None),  # a link inside images/ is fine
])
def test_odd_picture_files_are_named_for_what_they_are(ws, make, says):
    make(ws / "images" / "odd.png")
    errs = errors_of(ws, edited(ws, "      file: washrag.png", "      file: odd.png"))
    if says is None:
        assert errs == []
    else:
        assert len(errs) == 1 and says in errs[0] and "does not exist" not in errs[0], errs


def test_a_program_file_that_is_a_pipe_does_not_hang(ws, capsys):
    import os

    os.mkfifo(ws / "content" / "pipe.yaml")
    assert run(["-C", str(ws), "check", "content/pipe.yaml"]) == 1
    assert "content/pipe.yaml: is a pipe or a device, not a YAML file" in capsys.readouterr().err
    assert run(["-C", str(ws), "check"]) == 0, "a pipe in content/ is not a program"


def test_an_images_folder_that_is_a_file(ws):
    import shutil

    shutil.rmtree(ws / "images")
    (ws / "images").write_text("x")
    errs = errors_of(ws)
    assert errs and all("images is a file, not a folder" in e for e in errs), errs


@pytest.mark.parametrize("encode", [
    lambda t: t.replace("\n", "\r\n").encode(),          # saved on Windows
    lambda t: b"\xef\xbb\xbf" + t.encode(),              # with a byte-order mark
    lambda t: t.replace("\n", "\r").encode(),            # old Mac line ends
])
def test_line_ends_and_byte_order_marks_do_not_matter(ws, encode):
    f = ws / "content" / "my-program.yaml"
    f.write_bytes(encode(f.read_text(encoding="utf-8")))
    assert errors_of(ws) == []


def test_a_utf16_file_is_told_to_be_saved_as_utf8(ws):
    f = ws / "content" / "my-program.yaml"
    f.write_bytes(f.read_text(encoding="utf-8").encode("utf-16"))
    errs = errors_of(ws)
    assert len(errs) == 1 and "saved as UTF-16; save it as UTF-8" in errs[0]


def test_a_huge_yaml_file_is_refused_quickly(ws):
    import time

    f = ws / "content" / "my-program.yaml"
    f.write_text("title: T\n" + "# padding\n" * 210_000)
    t0 = time.process_time()  # this process's own work, not the wall clock of a shared machine
    errs = errors_of(ws)
    assert any("the limit is 2,000,000" in e for e in errs) and time.process_time() - t0 < 5


@pytest.mark.parametrize("damage", ['{"my-program/booklet": 5}', "[1, 2]", '{"my-program/deck": {"fp": 1, "files": [1]}}', "\x00\x01"])
def test_a_damaged_build_record_only_means_a_full_rebuild(ws, capsys, damage):
    assert run(["-C", str(ws), "build"]) == 0
    (ws / "output" / ".cache" / "fingerprints.json").write_text(damage)
    assert run(["-C", str(ws), "build"]) == 0, capsys.readouterr().err


def test_a_template_that_is_a_folder(ws):
    (ws / "t.pptx").mkdir()
    errs = errors_of(ws, edited(ws, '  aspect: "16:9"', "  template: t.pptx"))
    assert len(errs) == 1 and "the template `t.pptx` is a folder, not a PowerPoint file" in errs[0], errs
