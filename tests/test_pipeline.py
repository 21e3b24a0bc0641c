"""The pipeline as a whole: `check` agrees with `build`, every error of a run is reported, the
install is never written to, and an output is rebuilt exactly when an input it uses changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factory import REPO, copy_default_workspace

from builder.build.fingerprint import output_fingerprint
from builder.cli import main
from builder.source.loader import Loader, Workspace


def run(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def errors_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": " in line and "[warning]" not in line and not line[0].isdigit()]


def long_routine(ws: Path, n: int) -> None:
    """Add a routine of ``n`` movements (the default program's four, over and over) to the default program."""
    prog = ws / "content" / "reverse-hip-pain.yaml"
    ids = ["arch-and-flatten", "arch-and-curl", "side-bend", "washrag"]
    items = ", ".join(ids[i % 4] for i in range(n))
    text = prog.read_text(encoding="utf-8").replace("sequences:\n", f"sequences:\n  - id: long\n    name: Long routine\n    movements: [{items}]\n", 1)
    prog.write_text(text, encoding="utf-8")


def bad_template(ws: Path) -> None:
    (ws / "templates").mkdir()
    (ws / "templates" / "t.pptx").write_bytes(b"PK\x03\x04 not really a zip")
    prog = ws / "content" / "reverse-hip-pain.yaml"
    prog.write_text(prog.read_text(encoding="utf-8").replace("deck:\n", "deck:\n  template: templates/t.pptx\n", 1), encoding="utf-8")


@pytest.mark.parametrize("change", [None, "routine-26", "routine-40", "bad-template"])
def test_check_and_build_agree(tmp_path, monkeypatch, capsys, change):
    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    if change == "routine-26":
        long_routine(ws, 26)
    elif change == "routine-40":
        long_routine(ws, 40)
    elif change == "bad-template":
        bad_template(ws)
    monkeypatch.chdir(ws)
    check_code, check_err = run(capsys, "check")
    build_code, build_err = run(capsys, "build")
    assert check_code == build_code, (check_err, build_err)
    assert errors_of(check_err) == errors_of(build_err)


def test_check_after_a_build_reuses_its_plan_units_and_writes_none(tmp_path, monkeypatch, capsys):
    """`check` reads the units a build kept (planned from exactly the same inputs), so it replans
    only what changed since, says what it said before, and writes nothing into output/."""
    from builder.build import reuse

    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    monkeypatch.chdir(ws)
    first = run(capsys, "check")
    assert run(capsys, "build")[0] == 0
    units = ws / "output" / ".cache" / "units"
    before = {p: p.stat().st_mtime_ns for p in units.rglob("*")}
    read = []
    real_get = reuse.UnitStore.get

    def get(self, key):
        got = real_get(self, key)
        read.append(got is not None)
        return got

    monkeypatch.setattr(reuse.UnitStore, "get", get)
    monkeypatch.setenv("MOVEBOOK_WORKERS", "1")  # planned here, where what it reads is seen
    again = run(capsys, "check")
    assert again == first
    assert any(read), "check planned everything again"
    assert {p: p.stat().st_mtime_ns for p in units.rglob("*")} == before


def test_every_missing_library_movement_is_reported_whatever_the_order(tmp_path, monkeypatch, capsys):
    (tmp_path / "content" / "movements").mkdir(parents=True)
    (tmp_path / "images").mkdir()
    # a.yaml has an error of its own and names a library movement that does not exist
    (tmp_path / "content" / "a.yaml").write_text("title: A\nbogus: 1\nmovements:\n  - gone-move\n")
    (tmp_path / "content" / "b.yaml").write_text("title: B\nmovements:\n  - gone-move\n")
    monkeypatch.chdir(tmp_path)
    for order in (["content/a.yaml", "content/b.yaml"], ["content/b.yaml", "content/a.yaml"]):
        code, err = run(capsys, "check", *order)
        assert code == 1
        assert "content/b.yaml:3:5: movements[0]: no movement `gone-move` in the library" in err, err
        assert "content/a.yaml:2:1: bogus: unknown key `bogus`" in err, err


def test_no_bytecode_is_written_into_the_package(tmp_path):
    """With PYTHONDONTWRITEBYTECODE set, running movebook writes nothing into its own install."""
    copy = tmp_path / "site"
    shutil.copytree(REPO / "builder", copy / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    res = subprocess.run([sys.executable, "-m", "builder", "-C", str(ws), "check"], capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    written = [p for p in copy.rglob("*") if p.suffix == ".pyc" or p.name == "__pycache__"]
    assert written == []


def _load(ws: Path):
    loader = Loader(Workspace(ws))
    program = loader.load(ws / "content" / "reverse-hip-pain.yaml")
    assert program is not None, loader.report.errors
    return program


def test_fingerprint_follows_only_the_inputs_an_output_uses(tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    unused = ws / "content" / "movements" / "unused-move.yaml"
    unused.write_text("id: unused-move\nname: Unused\nsteps: [one]\n")
    before = {t: output_fingerprint(_load(ws), t) for t in ("booklet", "deck", "handout")}

    unused.write_text("id: unused-move\nname: Unused, edited\nsteps: [one, two]\n")
    assert {t: output_fingerprint(_load(ws), t) for t in before} == before, "an unused library movement changed the outputs"

    used = ws / "content" / "movements" / "washrag.yaml"
    used.write_text(used.read_text(encoding="utf-8").replace("Washrag", "Wash rag", 1), encoding="utf-8")
    after = {t: output_fingerprint(_load(ws), t) for t in before}
    assert all(after[t] != before[t] for t in before), "a used library movement did not change the outputs"

    # the fallback fonts found on the machine decide glyphs in print: they are an input too
    from builder import fonts

    monkeypatch.setattr(fonts, "fallback_files", lambda: (("SomeFallback", tmp_path / "fallback.ttf"),))
    assert output_fingerprint(_load(ws), "booklet") != after["booklet"]


def test_an_unused_library_edit_rebuilds_nothing(tmp_path, monkeypatch, capsys):
    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    unused = ws / "content" / "movements" / "unused-move.yaml"
    unused.write_text("id: unused-move\nname: Unused\nsteps: [one]\n")
    monkeypatch.chdir(ws)
    assert main(["build"]) == 0
    capsys.readouterr()
    unused.write_text("id: unused-move\nname: Unused, edited\nsteps: [one, two]\n")
    assert main(["build"]) == 0
    assert "reverse-hip-pain: up to date" in capsys.readouterr().out


def test_a_build_with_nothing_changed_reads_no_yaml_and_any_change_is_seen(tmp_path, monkeypatch, capsys):
    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    monkeypatch.chdir(ws)
    assert main(["build"]) == 0
    capsys.readouterr()
    from builder.source import loader as loader_mod

    def no_reading(self, path):
        raise AssertionError("a build with nothing changed read a program file")

    monkeypatch.setattr(loader_mod.Loader, "load", no_reading)
    assert main(["build"]) == 0
    assert "reverse-hip-pain: up to date" in capsys.readouterr().out
    monkeypatch.undo()
    monkeypatch.chdir(ws)
    # a change to anything a build reads or wrote is seen: a picture, a library file, an output
    for change in (lambda: os.utime(ws / "images" / "washrag.png", ns=(1, 1)),
                   lambda: (ws / "content" / "movements" / "new-one.yaml").write_text("id: new-one\nname: N\nsteps: [a]\n"),
                   lambda: (ws / "output" / "reverse-hip-pain" / "handout.pdf").unlink()):
        change()
        loads = []
        real = loader_mod.Loader.load
        monkeypatch.setattr(loader_mod.Loader, "load", lambda self, path: loads.append(path) or real(self, path))
        assert main(["build"]) == 0
        assert loads, "a change went unseen"
        monkeypatch.undo()
        monkeypatch.chdir(ws)
    assert (ws / "output" / "reverse-hip-pain" / "handout.pdf").exists()


def _step_word(ws: Path) -> None:
    f = ws / "content" / "movements" / "side-bend.yaml"
    text = f.read_text(encoding="utf-8")
    assert "Keep your knees together" in text
    f.write_text(text.replace("Keep your knees together", "Keep both knees together", 1), encoding="utf-8")


def _caution(ws: Path) -> None:
    f = ws / "content" / "reverse-hip-pain.yaml"
    text = f.read_text(encoding="utf-8")
    assert "Speed and effort" in text
    f.write_text(text.replace("Speed and effort", "Speed and force", 1), encoding="utf-8")


def _routine(ws: Path) -> None:
    f = ws / "content" / "reverse-hip-pain.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("sequences:\n", "sequences:\n  - id: short\n    name: Short one\n"
                              "    movements: [washrag, side-bend]\n", 1), encoding="utf-8")


def _photo(ws: Path) -> None:
    """A photo replaced by one of another shape under the same name (its size is measured again)."""
    from PIL import Image

    f = ws / "images" / "washrag.png"
    with Image.open(f) as im:
        w, h = im.size
        im.convert("RGB").resize((w, h * 2)).save(f)


def _new_letters(ws: Path) -> None:
    """Letters no page held before (their codes in the fonts' subsets come between others'),
    and a script of another face."""
    f = ws / "content" / "movements" / "side-bend.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("Keep your knees together", "Keep your knees together – ñandú ǅ שלום", 1), encoding="utf-8")


@pytest.mark.parametrize("edit, reuses", [(_step_word, True), (_caution, False), (_routine, True), (_photo, True),
                                          (_new_letters, True)],
                         ids=["step-word", "program-caution", "routine", "photo-reshaped", "new-letters"])
def test_incremental_equals_cold(tmp_path, monkeypatch, capsys, edit, reuses):
    """A rebuild that reuses the planned units of the last build gives the very bytes a cold
    build of the same inputs gives (a program-wide caution changes every unit: none is reused)."""
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    copy_default_workspace(warm)
    monkeypatch.chdir(warm)
    assert main(["build"]) == 0
    units = warm / "output" / ".cache" / "units"
    before = set(units.rglob("*.pickle"))
    assert before, "the build kept no planned units"
    edit(warm)
    assert main(["build"]) == 0
    after = set(units.rglob("*.pickle"))
    assert after - before, "the edit planned nothing new"
    if reuses:
        assert len(after - before) < len(before), "the edit planned every unit again: nothing was reused"

    shutil.copytree(warm, cold, ignore=shutil.ignore_patterns("output"))
    monkeypatch.chdir(cold)
    assert main(["build"]) == 0
    capsys.readouterr()
    outputs = sorted(p.relative_to(warm / "output") for p in (warm / "output").rglob("*")
                     if p.is_file() and ".cache" not in p.parts and not p.name.startswith("."))
    assert outputs
    for rel in outputs:
        assert (warm / "output" / rel).read_bytes() == (cold / "output" / rel).read_bytes(), f"{rel} differs"


def test_a_fresh_process_builds_text_in_the_script_faces(tmp_path):
    """Planned in one worker process and drawn in another, text in a bundled script face
    (Hebrew, Arabic) still finds its font: a fresh `movebook build` gives every output."""
    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    f = ws / "content" / "movements" / "washrag.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("name: Washrag", "name: Washrag שלום مرحبا", 1), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MOVEBOOK_WORKERS"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "builder", "build"], cwd=ws, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = ws / "output" / "reverse-hip-pain"
    for name in ("booklet.pdf", "booklet-print.pdf", "deck.pptx", "handout.pdf"):
        assert (out / name).stat().st_size > 0


def test_units_unused_for_two_weeks_are_removed_at_most_daily(tmp_path):
    """Kept plan units no build used for two weeks are removed; the look for them (which reads
    every unit's time) is made at most once a day."""
    from builder.build import reuse as kept

    store = kept.UnitStore(tmp_path / "units")
    store.put("old", [1])
    store.put("new", [2])
    store.save()
    old = store._path("old")
    long_ago = old.stat().st_mtime - kept.KEEP_UNUSED_S - 60

    def age(path, when=long_ago):
        os.utime(path, (when, when))

    marker = tmp_path / "units" / ".pruned"
    assert marker.exists()
    age(old)
    later = kept.UnitStore(tmp_path / "units")
    assert later.get("new") == [2]
    later.save()
    assert old.exists(), "looked for unused units twice in a day"
    age(marker, marker.stat().st_mtime - kept.PRUNE_EVERY_S - 60)
    later.save()
    assert not old.exists(), "a unit unused for two weeks was kept"
    assert store._path("new").exists()


def test_a_job_remembers_what_the_last_build_s_same_job_worked_out(tmp_path):
    """Line breaking (a pure function of its text, size and width) is kept per job from one build
    to the next: the next build's same job asks for nothing again, and keeps only what it used."""
    from builder.build import reuse as kept
    from builder.layout import reuse

    made = []

    def wrap(text):
        return reuse.memo("wrap", text, lambda: made.append(text) or text.upper())

    store = kept.UnitStore(tmp_path / "units")
    with reuse.remembering(store, "p\0booklet\x000"):
        assert [wrap("a"), wrap("b"), wrap("a")] == ["A", "B", "A"]
    assert made == ["a", "b"]
    store.save()
    later = kept.UnitStore(tmp_path / "units")
    with reuse.remembering(later, "p\0booklet\x000"):
        assert [wrap("b"), wrap("c")] == ["B", "C"]
    assert made == ["a", "b", "c"], "worked out again what the last build had"
    with reuse.remembering(later, "p\0deck\x000"):  # another job remembers its own
        wrap("b")
    assert made[-1] == "b"
    later.save()
    again = kept.UnitStore(tmp_path / "units")
    with reuse.remembering(again, "p\0booklet\x000"):
        wrap("a")
    assert made[-1] == "a", "kept what the last build did not use"
    assert wrap("z") == "Z" and made[-1] == "z"  # outside a build: worked out every time
    with reuse.remembering(again, "p\0deck\x000"):
        pass  # the job's units were all kept: it asks nothing
    assert again._path("memo\0p\0deck\x000") in again.used, "a memory no job reads would be pruned as unused"
    again.save()
    last = kept.UnitStore(tmp_path / "units")
    with reuse.remembering(last, "p\0deck\x000"):
        assert wrap("b") == "B"
    assert made[-1] == "z", "a job that asked nothing lost what it remembered"


def test_a_planning_job_sends_back_the_units_it_made_not_those_it_read(tmp_path):
    """A job's unit store goes back to the build pickled: with what it planned and used, never
    with every unit it read (200 clients' jobs would hold them all in the build's memory)."""
    import pickle

    from builder.build import reuse as kept

    store = kept.UnitStore(tmp_path / "units")
    store.put("old", ["pages"])
    store.save()
    job = kept.UnitStore(tmp_path / "units").fresh()
    assert job.get("old") == ["pages"]
    job.put("new", ["more pages"])
    back = pickle.loads(pickle.dumps(job))
    assert back.seen == {}
    assert back.used == job.used and back.new == job.new


def _same_as_a_cold_build(warm: Path, cold: Path, monkeypatch, names: tuple[str, ...]) -> None:
    """A cold build of a copy of ``warm``'s inputs in ``cold`` gives the same bytes for the
    default program's outputs ``names`` as ``warm``'s last build."""
    shutil.copytree(warm, cold, ignore=shutil.ignore_patterns("output"))
    monkeypatch.chdir(cold)
    assert main(["build"]) == 0
    for name in names:
        rel = Path("output") / "reverse-hip-pain" / name
        assert (warm / rel).read_bytes() == (cold / rel).read_bytes(), f"{name} differs"


def test_incremental_equals_cold_after_a_label_edit(tmp_path, monkeypatch, capsys):
    """A workspace's own label words (labels/de.po) changed between builds: every kept unit
    that prints them (routine page references, the cover's list) is laid out again."""
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    prog = copy_default_workspace(warm)
    prog.write_text(prog.read_text(encoding="utf-8").replace("language: en", "language: de", 1), encoding="utf-8")
    monkeypatch.chdir(warm)
    assert main(["labels", "de", "--translate"]) == 0
    assert main(["build"]) == 0
    po = warm / "labels" / "de.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Seite {page}"' in text
    po.write_text(text.replace('msgstr "Seite {page}"', 'msgstr "S. {page}"', 1), encoding="utf-8")
    assert main(["build"]) == 0
    _same_as_a_cold_build(warm, cold, monkeypatch, ("booklet.pdf", "deck.pptx", "handout.pdf"))
    capsys.readouterr()


def test_the_command_ends_without_a_traceback_when_its_output_is_closed(tmp_path):
    """`movebook check >&-`: no standard output at all is not a crash with a traceback."""
    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    res = subprocess.run(f'"{sys.executable}" -m builder -C "{ws}" check >&-', shell=True, capture_output=True,
                         text=True, timeout=300)
    assert "Traceback" not in res.stderr, res.stderr


def test_a_disk_that_fills_while_the_outputs_are_written_leaves_every_earlier_one(tmp_path, monkeypatch, capsys):
    """Each rendered output is written beside its file as soon as it is rendered, and all are
    renamed into place at the end: the disk filling at the second one leaves every output of the
    last build as it was, and no temporary behind."""
    import errno

    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    monkeypatch.chdir(ws)
    assert main(["build"]) == 0
    out = ws / "output" / "reverse-hip-pain"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    f = ws / "content" / "movements" / "side-bend.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("Keep your knees together", "Keep both knees together", 1),
                 encoding="utf-8")
    real = os.fdopen
    temporaries = []

    def filling(fd, *args, **kw):
        if ".part" in os.readlink(f"/proc/self/fd/{fd}"):
            temporaries.append(fd)
            if len(temporaries) == 2:
                os.close(fd)
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, *args, **kw)

    monkeypatch.setattr(os, "fdopen", filling)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "could not write the outputs" in err and "earlier outputs are unchanged" in err, err
    assert len(temporaries) == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    monkeypatch.setattr(os, "fdopen", real)
    assert main(["build"]) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} != before
    assert not list(out.glob(".*.part"))


def test_a_folder_where_an_output_goes_is_named_and_nothing_is_renamed(tmp_path, monkeypatch, capsys):
    """A folder left where the deck goes: the build says so (no internal error), renames no
    output into place and leaves no temporary."""
    ws = tmp_path / "ws"
    copy_default_workspace(ws)
    monkeypatch.chdir(ws)
    assert main(["build"]) == 0
    out = ws / "output" / "reverse-hip-pain"
    (out / "deck.pptx").unlink()
    (out / "deck.pptx").mkdir()
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    f = ws / "content" / "movements" / "side-bend.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("Keep your knees together", "Keep both knees together", 1),
                 encoding="utf-8")
    capsys.readouterr()
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "could not write the outputs" in err and "deck.pptx" in err and "internal error" not in err, err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not list(out.glob(".*.part"))


def test_how_to_print_names_the_booklets_each_way_is_for_when_they_differ():
    """A program's booklet in three stacks and its clients' in one: each way of printing names
    the folders it is for; when every booklet prints the same way, it is said once, plainly."""
    from builder.build.pipeline import _notes_for

    same = {"print_booklet": {"To print booklet-print.pdf: fold.": ["output/p/", "output/p/clients/jo/"]}}
    assert _notes_for(same) == ["To print booklet-print.pdf: fold."]
    mixed = {"print_signatures": {"To print booklet-print.pdf: 3 stacks.": ["output/p/"]},
             "print_booklet": {"To print booklet-print.pdf: fold.": ["output/p/clients/a/", "output/p/clients/b/",
                                                                    "output/p/clients/c/"]}}
    assert _notes_for(mixed) == ["output/p/: To print booklet-print.pdf: 3 stacks.",
                                 "output/p/clients/a/, output/p/clients/b/ and 1 more: To print booklet-print.pdf: fold."]


@pytest.mark.parametrize("clients", [0, 2])
def test_a_one_word_edit_draws_again_only_the_pages_it_changed(tmp_path, monkeypatch, capsys, clients):
    """The booklet's and handout's pages the edit leaves as they were are written from the
    operators the last build kept, not drawn again; a page the edit changed is drawn. With
    clients, each client's booklet and handout keep their pages too (none evicts another's)."""
    from builder.layout.page import TextRun
    from builder.render.pdf import draw as pdf_draw

    copy_default_workspace(tmp_path)
    for n in range(clients):
        (tmp_path / "content" / "clients").mkdir(exist_ok=True)
        (tmp_path / "content" / "clients" / f"client-{n}.yaml").write_text(
            f"client: Client {n}\nprogram: reverse-hip-pain\ndate: 2026-12-01\n"
            f"movements:\n  - side-bend\n  - {('washrag', 'arch-and-curl')[n]}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MOVEBOOK_WORKERS", "1")  # drawn here, where the drawing is counted
    drawn: list[str] = []
    real = pdf_draw._draw_item
    monkeypatch.setattr(pdf_draw, "_draw_item",
                        lambda c, item, *a: (isinstance(item, TextRun) and drawn.append(item.text), real(c, item, *a))[1])
    assert main(["build"]) == 0
    first = list(drawn)
    drawn.clear()
    _step_word(tmp_path)
    assert main(["build"]) == 0
    capsys.readouterr()
    assert any("both knees" in t for t in drawn), "the edited page was not drawn"
    assert len(drawn) < len(first) / 3, f"{len(drawn)} lines drawn again of {len(first)}"


def test_damaged_kept_pages_are_drawn_again(tmp_path, monkeypatch, capsys):
    """Kept PDF pages that are not what the build keeps (a damaged cache) are drawn from their
    plan: the build succeeds and gives a cold build's bytes."""
    import pickle

    warm, cold = tmp_path / "warm", tmp_path / "cold"
    copy_default_workspace(warm)
    monkeypatch.chdir(warm)
    assert main(["build"]) == 0
    damaged = 0
    for f in (warm / "output" / ".cache" / "units").rglob("*.pickle"):
        value = pickle.loads(f.read_bytes())
        if isinstance(value, dict) and value and all(isinstance(v, tuple) and len(v) == 3 for v in value.values()):
            keys = list(value)
            value[keys[0]] = ("not a page",)
            value[keys[-1]] = (["q"], (), 5)
            f.write_bytes(pickle.dumps(value))
            damaged += 1
    assert damaged == 2, "the booklet's and the handout's kept pages were not found"
    _step_word(warm)
    assert main(["build"]) == 0
    _same_as_a_cold_build(warm, cold, monkeypatch, ("booklet.pdf", "booklet-print.pdf", "handout.pdf"))
    capsys.readouterr()


def test_damaged_kept_slides_are_written_again(tmp_path, monkeypatch, capsys):
    """Kept deck slides that are not what the build keeps (a damaged cache) are written from
    their plan: the build succeeds and gives a cold build's deck."""
    import pickle

    warm, cold = tmp_path / "warm", tmp_path / "cold"
    copy_default_workspace(warm)
    monkeypatch.chdir(warm)
    assert main(["build"]) == 0
    damages = [("not a slide",), (b"<p:sld/>", (("rId1", "x", "image", 5),), None),
               (b"<p:sld/>", (("rId1", "x", "notes", None),), None), (b"<p:sld/>", "rels", None)]
    damaged = 0
    for f in sorted((warm / "output" / ".cache" / "units").rglob("*.pickle")):
        value = pickle.loads(f.read_bytes())
        if isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], bytes) and b"<p:sld" in value[0]:
            f.write_bytes(pickle.dumps(damages[damaged % len(damages)]))
            damaged += 1
    assert damaged > 10, "the deck's kept slides were not found"
    _step_word(warm)
    assert main(["build"]) == 0
    _same_as_a_cold_build(warm, cold, monkeypatch, ("deck.pptx",))
    capsys.readouterr()


def test_a_library_installed_anew_remakes_the_outputs(tmp_path, monkeypatch):
    """The code's fingerprint (which outputs and kept units are keyed by) covers the libraries
    that draw the outputs: reportlab installed anew gives another fingerprint."""
    import importlib.util

    from builder.build import fingerprint

    monkeypatch.setattr(fingerprint, "_CODE_HASH", None)
    before = fingerprint.code_hash()
    other = tmp_path / "__init__.py"
    other.write_text("# another reportlab\n")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: importlib.util.spec_from_file_location(name, other) if name == "reportlab"
                        else real(name, *a))
    monkeypatch.setattr(fingerprint, "_CODE_HASH", None)
    assert fingerprint.code_hash() != before


@pytest.mark.parametrize("asked", ["", "lots", "0", "-2"])
def test_a_worker_count_that_is_not_a_number_is_left_alone(tmp_path, monkeypatch, capsys, asked):
    """MOVEBOOK_WORKERS set to nothing or to what is not a count: the build uses every core."""
    copy_default_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MOVEBOOK_WORKERS", asked)
    assert main(["build", "--only", "handout"]) == 0
    assert (tmp_path / "output" / "reverse-hip-pain" / "handout.pdf").exists()
