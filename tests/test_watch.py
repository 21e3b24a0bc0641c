"""`movebook watch`: build, then build again each time a file of the workspace is saved."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from factory import copy_default_workspace

from builder.build.watch import snapshot, wait_for_change
from builder.source.workspace import Workspace


def test_a_change_is_built_once_it_holds_still():
    """Nothing happens until the files change; then the change must hold still (an editor
    saving in several writes causes one build, after its last write)."""
    states = iter(["a", "a", "a", "b", "c", "c"])
    seen = []

    def take():
        seen.append(next(states))
        return seen[-1]

    wait_for_change(take, "a", sleep=lambda s: None)
    assert seen == ["a", "a", "a", "b", "c", "c"]


def test_what_a_watch_looks_at(tmp_path):
    """Every file of content/, images/ and labels/ and the files named as extras; not editors'
    swap or backup files, not the output folder."""
    copy_default_workspace(tmp_path / "ws")
    ws = Workspace(tmp_path / "ws")
    before = snapshot(ws)
    (ws.root / "output").mkdir()
    (ws.root / "output" / "booklet.pdf").write_bytes(b"%PDF")
    (ws.content / ".reverse-hip-pain.yaml.swp").write_text("x")
    (ws.content / "reverse-hip-pain.yaml~").write_text("x")
    assert snapshot(ws) == before
    (ws.images / "new.png").write_bytes(b"x")
    assert snapshot(ws) != before
    template = ws.root / "templates" / "t.pptx"
    template.parent.mkdir()
    template.write_bytes(b"x")
    assert str(template) in {name for name, _, _ in snapshot(ws, [str(template)])}


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)


def _until(lines: queue.Queue, needle: str, timeout: float = 240) -> list[str]:
    got, end = [], time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        got.append(line)
        if needle in line:
            return got
    raise AssertionError(f"no {needle!r} within {timeout} s; got {got}")


def test_watch_builds_an_edit_then_stops_cleanly(tmp_path):
    """A saved edit is built without being asked; a bad edit is reported and the watch goes on
    (the outputs stay as they were); Ctrl-C ends it with status 0."""
    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    proc = subprocess.Popen([sys.executable, "-m", "builder", "-C", str(ws), "watch"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True)
    reader.start()
    try:
        _until(lines, "watching")
        booklet = ws / "output" / "reverse-hip-pain" / "booklet.pdf"
        first = booklet.read_bytes()
        step = ws / "content" / "movements" / "side-bend.yaml"
        text = step.read_text(encoding="utf-8")
        step.write_text(text.replace("Keep your knees together", "Keep both knees together", 1), encoding="utf-8")
        got = _until(lines, "watching")
        assert any("building again" in line for line in got)
        assert any(line.startswith("done in") for line in got), got
        assert booklet.read_bytes() != first
        assert not any("To print" in line for line in got), "the printing advice was given again"

        edited = booklet.read_bytes()
        step.write_text(text.replace("steps:", "steps: [", 1), encoding="utf-8")
        got = _until(lines, "watching")
        assert any("side-bend.yaml:" in line for line in got), got
        assert booklet.read_bytes() == edited
        assert proc.poll() is None, "a bad edit ended the watch"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        reader.join(timeout=10)
    out = "".join(lines.queue)
    assert proc.returncode == 0
    assert "stopped watching" in out
    assert "Traceback" not in out
