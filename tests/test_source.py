"""Reading YAML: line marks, scalars kept as typed, encodings."""

from builder.errors import Report
from builder.source.reader import RawScalar, read_yaml


def read(tmp_path, data: bytes):
    f = tmp_path / "x.yaml"
    f.write_bytes(data)
    report = Report()
    return read_yaml(f, "x.yaml", report), report


def test_marks_point_at_values_and_keys(tmp_path):
    src, report = read(tmp_path, b"title: T\nmovements:\n  - id: a\n    steps:\n      - one\n")
    assert not report.errors
    assert src.marks[("movements", 0, "steps", 0)] == (5, 9)
    assert src.key_marks[("movements", 0, "steps")] == (4, 5)
    assert str(src.loc(("movements", 0, "nope"))) == "x.yaml:3:5"


def test_scalars_keep_their_text_and_resolved_value(tmp_path):
    src, _ = read(tmp_path, b"a: 16:9\nb: yes\nc: 1.50\nd: '3'\ne:\n")
    assert src.data["a"] == "16:9" and isinstance(src.data["a"], RawScalar)
    assert src.data["b"] == "yes" and src.data["b"].resolved is True
    assert src.data["c"] == "1.50"
    assert src.data["d"].resolved == "3"
    assert src.data["e"] is None


def test_bom_is_accepted_and_utf16_refused(tmp_path):
    src, report = read(tmp_path, "\ufefftitle: Ä".encode("utf-8"))
    assert src.data == {"title": "Ä"}
    src, report = read(tmp_path, "title: x".encode("utf-16"))
    assert src is None and "UTF-16" in report.errors[0].message


def test_control_characters_are_errors(tmp_path):
    src, report = read(tmp_path, b"title: a\x07b\n")
    assert src is None and report.errors[0].loc.line == 1


def test_huge_file_is_refused(tmp_path):
    src, report = read(tmp_path, b"title: " + b"x" * 3_000_000)
    assert src is None and "limit" in report.errors[0].message
