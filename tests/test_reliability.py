"""Reliability of real builds: killed builds, concurrent builds, and text that arrives as typed."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from builder.compose.facts import about, level_word, short_url, whole_minutes
from builder.compose.labels import ENGLISH_LABELS

from factory import ACCENTS, CJK, CYRILLIC, GREEK, copy_default_workspace, make_stress_workspace

OUTPUTS = ("booklet.pdf", "booklet-print.pdf", "deck.pptx", "handout.pdf")


def movebook(ws: Path, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "builder", "-C", str(ws), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def assert_whole(folder: Path) -> None:
    """Every file under a final name opens completely."""
    for f in folder.iterdir():
        if f.name.startswith("."):
            continue
        data = f.read_bytes()
        if f.suffix == ".pdf":
            assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:], f"{f.name} is cut short"
            if shutil.which("qpdf"):
                r = subprocess.run(["qpdf", "--check", str(f)], capture_output=True, text=True)
                assert r.returncode in (0, 3), f"{f.name}: {r.stdout[-500:]}"
        elif f.suffix == ".pptx":
            with zipfile.ZipFile(f) as z:
                assert z.testzip() is None


@pytest.fixture(scope="module")
def default_ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("default")
    copy_default_workspace(root)
    return root


def test_killed_builds_leave_only_whole_files(default_ws):
    out = default_ws / "output" / "reverse-hip-pain"
    p = movebook(default_ws, "build")
    assert p.wait(120) == 0, p.stderr.read()
    before = {f: (out / f).read_bytes() for f in OUTPUTS}
    program = default_ws / "content" / "reverse-hip-pain.yaml"
    original = program.read_text()
    for i, delay in enumerate((0.2, 0.6, 1.0, 1.6, 2.4)):
        program.write_text(original.replace("title: Reverse Hip Pain", f"title: Reverse Hip Pain {i}"))
        p = movebook(default_ws, "build")
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait(30)
        assert_whole(out)
        for f in OUTPUTS:
            assert (out / f).exists()
    program.write_text(original)
    p = movebook(default_ws, "build")
    assert p.wait(120) == 0, p.stderr.read()
    assert not list(out.glob(".*.part")), "a later build clears temporaries of killed builds"
    assert {f: (out / f).read_bytes() for f in OUTPUTS} == before, "outputs are reproducible byte for byte"


def test_two_builds_at_once_do_not_corrupt_each_other(default_ws):
    shutil.rmtree(default_ws / "output", ignore_errors=True)
    a, b = movebook(default_ws, "build"), movebook(default_ws, "build")
    assert a.wait(180) == 0, a.stderr.read()
    assert b.wait(180) == 0, b.stderr.read()
    assert_whole(default_ws / "output" / "reverse-hip-pain")


@pytest.fixture(scope="module")
def stress_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("stress")
    make_stress_workspace(root)
    p = movebook(root, "build")
    assert p.wait(300) == 0, p.stderr.read()
    return root / "output" / "stress"


LITERALS = ["<b>this</b>", "{braces}", "100%", "&amp;", "a < b > c", '"quoted"', GREEK, CYRILLIC, ACCENTS]


def _pdf_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _norm(s: str) -> str:
    return " ".join(s.split())


def test_chinese_text_prints_in_a_fallback_font(stress_build):
    from builder import fonts

    if fonts.fallback_for(CJK[0]) is None:
        pytest.skip("no fallback font for Chinese on this machine (Debian/Ubuntu: fonts-droid-fallback)")
    assert _norm(CJK) in _norm(_pdf_text(stress_build / "booklet.pdf"))
    if shutil.which("pdffonts") is None:
        return
    listed = subprocess.run(["pdffonts", str(stress_build / "booklet.pdf")], capture_output=True, text=True).stdout
    assert fonts.fallback_for(CJK[0])[0] in listed


@pytest.mark.parametrize("name", ["booklet.pdf", "handout.pdf"])
def test_text_reaches_the_pdfs_as_typed(stress_build, name):
    text = _norm(_pdf_text(stress_build / name))
    for lit in LITERALS if name == "booklet.pdf" else ["{one}", "<morning>", GREEK, CYRILLIC]:
        assert _norm(lit) in text, f"{lit!r} missing from {name}"


def test_text_reaches_the_deck_as_typed(stress_build):
    from pptx import Presentation

    deck = Presentation(str(stress_build / "deck.pptx"))
    slides, notes = [], []
    for s in deck.slides:
        for shape in s.shapes:
            if shape.has_text_frame:
                slides.append(shape.text_frame.text)
        if s.has_notes_slide:
            notes.append(s.notes_slide.notes_text_frame.text)
    everything = _norm(" ".join(slides + notes))
    for lit in LITERALS + [CJK]:
        assert _norm(lit) in everything, f"{lit!r} missing from the deck"
    assert "🙂 emoji in notes" in " ".join(notes)


def test_every_output_states_a_routine_time_the_same_way(stress_build):
    """A routine of 16.5 minutes is "about 17 min" in the booklet, the handout and the deck alike."""
    from pptx import Presentation

    from builder import theme
    from builder.source.loader import Loader, Workspace

    root = stress_build.parent.parent
    program = Loader(Workspace(root)).load(root / "content" / "stress.yaml")
    timed = [s for s in program.sequences if s.duration_minutes]
    assert timed
    deck = _norm(" ".join(sh.text_frame.text for s in Presentation(str(stress_build / "deck.pptx")).slides
                          for sh in s.shapes if sh.has_text_frame))
    for name in ("booklet.pdf", "handout.pdf"):
        text = _norm(_pdf_text(stress_build / name))
        for s in timed:
            assert about(s.duration_minutes, ENGLISH_LABELS) in text, (name, s.name)
    for s in timed:
        assert about(s.duration_minutes, ENGLISH_LABELS) in deck, s.name


# --------------------------------------------------------------------------- work beside the build


def _in_child():
    import os

    return os.getpid()


def _fails_in_a_child_only(parent: int):
    import os

    if os.getpid() != parent:
        raise RuntimeError("trouble over there")
    return "done here"


def test_a_job_beside_runs_in_another_process_while_the_build_goes_on(monkeypatch):
    """The YAML is read in a forked process while the build readies its renderers: the job's
    result comes back; a job that fails there (or whose result does not pickle) is done here
    instead, so it reports or raises as it would without the second process."""
    import os

    from builder.build import workers

    if workers._pool_size(2) < 2:
        pytest.skip("one core: the job runs in the build's own process")
    seen = []
    assert workers.beside(_in_child, lambda: seen.append(os.getpid())) != os.getpid()
    assert seen == [os.getpid()]
    assert workers.beside(lambda: _fails_in_a_child_only(os.getpid()), lambda: None) == "done here"
    lock = __import__("threading").Lock()  # does not pickle
    assert workers.beside(lambda: lock, lambda: None) is lock
    with pytest.raises(ZeroDivisionError):
        workers.beside(lambda: 1 / 0, lambda: None)


def test_with_one_worker_the_job_runs_here(monkeypatch):
    import os

    from builder.build import workers

    monkeypatch.setenv("MOVEBOOK_WORKERS", "1")
    assert workers.beside(_in_child, lambda: None) == os.getpid()
