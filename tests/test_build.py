"""Building: atomic writes, nothing lost on failure, unchanged outputs not rewritten, exit codes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import builder.build.targets as targets_mod
from builder.build.pipeline import write_atomically
from builder.cli import main

PROGRAM = "title: {title}\nmovements:\n  - id: a\n    name: A\n    steps: [one]\n"


@pytest.fixture
def ws(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    (tmp_path / "images").mkdir()
    (tmp_path / "content" / "p.yaml").write_text(PROGRAM.format(title="First"))
    import fake_target

    monkeypatch.setattr(targets_mod, "TARGETS", {"fake": fake_target.TARGET})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args) -> int:
    return main(list(args))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_outputs_and_summary(ws, capsys):
    assert run("build") == 0
    assert (ws / "output" / "p" / "fake.txt").read_bytes() == b"First"
    out = capsys.readouterr().out
    assert "p: fake 1 page" in out


def test_unchanged_outputs_are_not_rerendered_or_rewritten(ws):
    import fake_target

    assert run("build") == 0
    f = ws / "output" / "p" / "fake.txt"
    stamp = f.stat().st_mtime_ns
    calls = fake_target.calls
    assert run("build") == 0
    assert fake_target.calls == calls, "an up-to-date output was rendered again"
    assert f.stat().st_mtime_ns == stamp
    (ws / "content" / "p.yaml").write_text(PROGRAM.format(title="Second"))
    assert run("build") == 0
    assert f.read_bytes() == b"Second"


def test_a_deleted_output_is_rebuilt(ws):
    assert run("build") == 0
    (ws / "output" / "p" / "fake.txt").unlink()
    assert run("build") == 0
    assert (ws / "output" / "p" / "fake.txt").read_bytes() == b"First"


def test_content_errors_leave_earlier_outputs_untouched(ws, capsys):
    assert run("build") == 0
    before = snapshot(ws / "output")
    (ws / "content" / "p.yaml").write_text("title: X\nmovements:\n  - id: a\n    name: A\n    stepz: [one]\n")
    assert run("build") == 1
    err = capsys.readouterr().err
    assert "content/p.yaml:5:5: movements[0].stepz: unknown key `stepz`" in err
    assert "nothing was written" in err
    assert snapshot(ws / "output") == before


def test_a_renderer_content_error_writes_nothing(ws, capsys):
    assert run("build") == 0
    before = snapshot(ws / "output")
    (ws / "content" / "p.yaml").write_text(PROGRAM.format(title="render error"))
    assert run("build") == 1
    assert "too many movements" in capsys.readouterr().err
    assert snapshot(ws / "output") == before


def test_an_internal_error_is_one_paragraph_exit_3(ws, capsys):
    assert run("build") == 0
    before = snapshot(ws / "output")
    (ws / "content" / "p.yaml").write_text(PROGRAM.format(title="crash"))
    assert run("build") == 3
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: boom)" in err and "Traceback" not in err and "--debug" in err
    assert snapshot(ws / "output") == before
    assert run("--debug", "build") == 3
    assert "Traceback" in capsys.readouterr().err


def test_build_never_writes_into_content_or_images(ws):
    before = snapshot(ws / "content"), snapshot(ws / "images")
    assert run("build") == 0
    assert (snapshot(ws / "content"), snapshot(ws / "images")) == before
    assert run("build", "--out", "content/out") == 2
    assert run("build", "--out", "images") == 2
    assert not (ws / "content" / "out").exists()


def test_out_option_writes_elsewhere(ws):
    assert run("build", "--out", "elsewhere") == 0
    assert (ws / "elsewhere" / "p" / "fake.txt").exists()
    assert not (ws / "output" / "p").exists()


def test_unwritable_out_is_reported(ws, capsys):
    (ws / "afile").write_text("x")
    assert run("build", "--out", "afile/sub") == 1
    assert "cannot create the output folder" in capsys.readouterr().err


def test_write_atomically_keeps_old_files_when_a_write_fails(tmp_path, monkeypatch):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_atomically({a: b"old a", b: b"old b"})
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def failing_fdopen(fd, *args, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, *args, **kw)

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    with pytest.raises(OSError):
        write_atomically({a: b"new a", b: b"new b"})
    assert a.read_bytes() == b"old a" and b.read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"], "temporary files were left behind"


@pytest.mark.parametrize("refused", [1, 2])
def test_a_rename_refused_part_way_puts_back_the_files_already_replaced(tmp_path, monkeypatch, refused):
    """The third output cannot be replaced (held open, made read-only): the two before it,
    already renamed into place, go back to the last build's files, and a new file that had no
    earlier one is removed, so the folder never mixes the two builds; nothing is left behind."""
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.pptx", tmp_path / "c.pdf"
    write_atomically({a: b"old a", c: b"old c"})
    real_replace = os.replace

    def refusing(src, dst, *args, **kw):
        if Path(dst) == c and str(src).endswith(".part"):
            raise PermissionError(1, "Operation not permitted", str(dst))
        return real_replace(src, dst, *args, **kw)

    monkeypatch.setattr(os, "replace", refusing)
    files = {a: b"new a", b: b"new b", c: b"new c"} if refused == 1 else {b: b"new b", a: b"new a", c: b"new c"}
    with pytest.raises(OSError):
        write_atomically(files)
    assert a.read_bytes() == b"old a" and c.read_bytes() == b"old c" and not b.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "c.pdf"], "temporary files were left behind"


@pytest.mark.parametrize("broken", ["id: extra\nname: [x\n", "id: extra\nname: Extra\nsteps: [a]\ncolour: red\n"])
def test_check_and_build_agree_on_a_broken_library_movement_no_program_uses(ws, capsys, broken):
    """A half-written file in the movement library that no program uses yet: a warning from
    both `check` and `build` (at its line), and both go on; the outputs are built."""
    (ws / "content" / "movements").mkdir()
    (ws / "content" / "movements" / "extra.yaml").write_text(broken)
    said = {}
    for command in ("check", "build"):
        assert run(command) == 0, command
        err = capsys.readouterr().err
        said[command] = [line for line in err.splitlines() if "extra.yaml:" in line]
        assert said[command] and all(line.endswith("[warning]") for line in said[command]), err
    assert said["check"] == said["build"]
    assert (ws / "output" / "p" / "fake.txt").exists()
    # used by a program, the same file's problem is an error in both
    (ws / "content" / "p.yaml").write_text(PROGRAM.format(title="First") + "  - use: extra\n")
    assert run("check") == run("build") == 1


def test_an_empty_only_is_a_usage_error(ws, capsys):
    assert run("build", "--only", "") == 2
    assert "--only" in capsys.readouterr().err


def test_usage_errors_exit_2(ws, capsys):
    assert run("build", "--only", "poster") == 2
    assert run("build", "content/nope.yaml") == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        run("frobnicate")
    assert exc.value.code == 2


def test_check_exit_codes(ws, capsys):
    assert run("check") == 0
    assert "content/p.yaml: ok" in capsys.readouterr().out
    (ws / "content" / "p.yaml").write_text("title: [x]\nmovements: []\n")
    assert run("check") == 1


def test_no_workspace_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run("build") == 2
    assert "movebook new" in capsys.readouterr().err


def test_schema_is_json(capsys):
    import json

    assert run("schema") == 0
    schema = json.loads(capsys.readouterr().out)
    assert "movements" in schema["properties"] and "title" in schema["required"]
    assert run("schema", "--movement") == 0
    assert "steps" in json.loads(capsys.readouterr().out)["properties"]


def test_the_schema_accepts_the_default_content_and_its_short_forms():
    import json

    import jsonschema
    import yaml

    from builder.source.schema import json_schema, movement_json_schema

    repo = Path(__file__).resolve().parent.parent
    program = jsonschema.Draft202012Validator(json_schema())
    movement = jsonschema.Draft202012Validator(movement_json_schema())
    for f in (repo / "content").glob("*.yaml"):
        assert not list(program.iter_errors(yaml.safe_load(f.read_text()))), f
    for f in (repo / "content" / "movements").glob("*.yaml"):
        assert not list(movement.iter_errors(yaml.safe_load(f.read_text()))), f
    bad = yaml.safe_load("title: X\nmovements:\n  - id: a\n    name: A\n    sidez: both\n    steps: [s]\n")
    assert list(program.iter_errors(bad)), "the schema must still reject unknown keys"
    json.dumps(json_schema())


def test_new_makes_a_workspace_that_checks(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run("new", "studio") == 0
    assert (tmp_path / "studio" / "README.md").exists()
    assert run("-C", "studio", "check") == 0
    assert "content/my-program.yaml: ok (2 movements, 1 sequence, 2 images)" in capsys.readouterr().out
    assert run("new", "studio") == 2, "new must not overwrite an existing workspace"


def test_outputs_get_normal_file_permissions(tmp_path):
    f = tmp_path / "x.pdf"
    old = os.umask(0o022)
    try:
        write_atomically({f: b"x"})
    finally:
        os.umask(old)
    assert f.stat().st_mode & 0o777 == 0o644


def test_a_closed_pipe_is_not_an_internal_error(ws):
    import subprocess
    import sys

    p = subprocess.run(f"{sys.executable} -m builder schema | head -c 10", shell=True, capture_output=True, text=True)
    assert "internal error" not in p.stderr and "Traceback" not in p.stderr


def test_program_files_sharing_a_name_are_refused(ws, capsys):
    (ws / "content" / "p.yml").write_text(PROGRAM.format(title="Other"))
    assert run("build") == 2
    assert "would both build into output/p/" in capsys.readouterr().err


def test_program_files_whose_names_differ_only_in_capitals_are_refused(ws, capsys):
    """P.yaml and p.yaml build into one folder on a Mac or Windows disk: one would overwrite the other."""
    (ws / "content" / "P.yaml").write_text(PROGRAM.format(title="Other"))
    if (ws / "content" / "p.yaml").samefile(ws / "content" / "P.yaml"):
        pytest.skip("this disk does not tell capitals apart")
    assert run("check") == 2
    assert "rename one of them" in capsys.readouterr().err
    assert run("build") == 2
    err = capsys.readouterr().err
    assert "P.yaml" in err and "p.yaml" in err and "rename one of them" in err, err


def test_dotfiles_in_content_are_not_programs(ws):
    (ws / "content" / "._p.yaml").write_bytes(b"\x00\x05binary")
    assert run("build") == 0


def test_out_is_relative_to_the_workspace_given_with_C(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path.parent)
    assert run("-C", str(ws), "build", "--out", "built") == 0
    assert (ws / "built" / "p" / "fake.txt").exists()


def test_check_runs_the_output_planners(ws, monkeypatch, capsys):
    import fake_target

    def refuse(program):
        from builder.errors import ContentError, Loc, Problem

        raise ContentError([Problem(Loc("content/p.yaml", 3, 3), "sequences[0]", "does not fit one page")])

    monkeypatch.setattr(fake_target, "plan", refuse)
    assert run("check") == 1
    assert "does not fit one page" in capsys.readouterr().err


def test_a_picture_that_fails_to_decode_is_reported_at_its_yaml_line(ws, monkeypatch, capsys):
    import builder.images.stage as images
    from factory import _photo

    _photo(80, 60).save(ws / "images" / "a.jpg")
    (ws / "content" / "p.yaml").write_text(
        "title: T\nmovements:\n  - id: a\n    name: A\n    image: a.jpg\n    steps: [one]\n")

    def plan_with_picture(program):
        return fake_target.FakePlan(program, [images.ImageRequest(program.movements[0].images[0].path, 40, 40)])

    def broken(path, variants):
        raise images.ImageError("is cut short (truncated)")

    import fake_target

    monkeypatch.setattr(fake_target, "plan", plan_with_picture)
    monkeypatch.setattr(images, "_make_variants", broken)
    assert run("build") == 1
    err = capsys.readouterr().err
    assert "content/p.yaml:5:12: the image `a.jpg` is cut short (truncated)" in err
