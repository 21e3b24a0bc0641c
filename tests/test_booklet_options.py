"""The booklet's print options in YAML: `binding` and `paper_thickness_mm`."""

from __future__ import annotations

from builder.source.loader import Loader, Workspace

BASE = "title: X\nmovements:\n  - id: a\n    name: A\n    steps: [s]\nbooklet:\n"


def load(tmp_path, text: str):
    (tmp_path / "content").mkdir(exist_ok=True)
    f = tmp_path / "content" / "p.yaml"
    f.write_text(text, encoding="utf-8")
    loader = Loader(Workspace(tmp_path))
    program = loader.load(f)
    return program, loader.report


def test_defaults_and_values(tmp_path):
    program, report = load(tmp_path, BASE + "  page_size: A5\n")
    assert report.errors == []
    assert program.booklet.binding == "auto" and program.booklet.paper_thickness_mm == 0.1
    program, report = load(tmp_path, BASE + "  binding: perfect\n  paper_thickness_mm: 0.12\n")
    assert report.errors == [] and program.booklet.binding == "perfect" and program.booklet.paper_thickness_mm == 0.12


def test_mistakes_are_content_errors_at_their_line(tmp_path):
    _, report = load(tmp_path, BASE + "  binding: stapled\n  paper_thickness_mm: 2\n")
    messages = [str(p) for p in report.errors]
    assert any(":7:12:" in m and "did you mean `saddle`" in m for m in messages), messages
    assert any(":8:23:" in m and "out of range" in m for m in messages), messages
