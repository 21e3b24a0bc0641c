"""The ``movebook`` command: build, check, new, schema.

Exit status: 0 success, 1 content errors (or an output folder that cannot be written),
2 usage errors, 3 an internal failure (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import traceback
from pathlib import Path

from . import __version__
from .errors import ContentError, Report

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="movebook",
        description="Turn a YAML program of movements into a home-practice booklet, a workshop deck and class handouts.",
    )
    p.add_argument("--version", action="version", version=f"movebook {__version__}")
    p.add_argument("--debug", action="store_true", help="show the Python traceback of an internal error")
    p.add_argument("-C", dest="directory", metavar="DIR", help="run as if started in the workspace DIR")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build programs into output/<program>/")
    b.add_argument("programs", nargs="*", metavar="PROGRAM.yaml", help="program files (default: every file in content/)")
    b.add_argument("--only", metavar="LIST", help="comma-separated outputs to build: booklet,deck,handout")
    b.add_argument("--out", metavar="DIR", help="write to DIR/<program>/ instead of output/<program>/")

    c = sub.add_parser("check", help="check programs without building")
    c.add_argument("programs", nargs="*", metavar="PROGRAM.yaml", help="program files (default: every file in content/ and the movement library)")

    n = sub.add_parser("new", help="make a ready workspace that builds as it is")
    n.add_argument("dir", metavar="DIR")

    d = sub.add_parser("docs", help="where the guides are (the content format, editor set-up); or print one")
    d.add_argument("guide", nargs="?", choices=sorted(GUIDES), help="print this guide instead of listing them")

    s = sub.add_parser("schema", help="print the JSON Schema of a program file (for editors)")
    s.add_argument("--movement", action="store_true", help="the schema of a library movement file instead")
    return p


class _Console:
    """A console stream whose reader may go away (``movebook check 2>&1 | head -1``).

    Once the pipe is closed the rest of the output is dropped, and the command still ends
    with the exit status of what it did (1 when there were errors), not with a traceback.
    """

    def __init__(self, stream):
        self._stream = stream
        self._gone = False

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._went_away()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._went_away()

    def _went_away(self) -> None:
        self._gone = True
        try:  # Python's own flush at exit must not find the closed pipe either
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Console(sys.stdout), _Console(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = saved


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except UsageError as exc:
        print(f"movebook: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader of our output went away (`movebook build | head`): not an error of ours.
        # Only summaries go to stdout, after the work is done; stop writing quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        print("movebook: stopped; earlier outputs are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one paragraph, not a traceback
        if args.debug:
            traceback.print_exc()
        print(
            f"movebook: internal error ({type(exc).__name__}: {exc}). This is a bug in movebook, not in your content; "
            "earlier outputs are unchanged. Run the command again with --debug and send the output to the maintainers.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _run(args) -> int:
    if args.command is None:
        _parser().print_help(sys.stderr)
        return EXIT_USAGE
    cwd = Path.cwd()
    root = Path(args.directory).resolve() if args.directory else cwd
    if args.directory and not root.is_dir():
        raise UsageError(f"-C {args.directory}: no such folder")
    if args.command == "schema":
        from .source.schema import json_schema, movement_json_schema

        print(json.dumps(movement_json_schema() if args.movement else json_schema(), indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.command == "new":
        return _new(Path(args.dir))
    if args.command == "docs":
        return _docs(args.guide)

    ws, programs = _resolve(root, args.programs)
    report = Report()
    if args.command == "check":
        return _check(ws, programs, report, explicit=bool(args.programs), base=cwd)
    return _build(ws, programs, args, report, root=root, base=cwd)


def _resolve(root: Path, names: list[str]):
    """Find the workspace and the program files named on the command line."""
    from .source.loader import Workspace

    if not names:
        ws = Workspace(root)
        programs = ws.programs()
        _refuse_shared_names(programs)
        if not programs and root.name == "content" and Workspace(root.parent).programs():
            raise UsageError("run movebook from the workspace folder (the one that holds content/), not from inside content/: cd ..")
        if not programs:
            raise UsageError(
                f"no program files in {ws.content if ws.content.is_dir() else root / 'content'}; "
                "run movebook in a workspace (a folder with content/ and images/) or start one with `movebook new DIR`"
            )
        return ws, programs
    programs = []
    roots = set()
    for name in names:
        p = (root / name).resolve()  # relative names are relative to -C DIR (else the current folder)
        if not p.exists():
            raise UsageError(f"{name}: no such file")
        if p.is_dir():
            raise UsageError(f"{name}: is a folder; name a program file such as content/my-program.yaml")
        if p.parent.name == "movements" and p.parent.parent.name == "content":
            raise UsageError(f"{name}: is a library movement; build or check the program that uses it")
        if p not in programs:  # the same file named twice is built once
            programs.append(p)
        roots.add(p.parent.parent if p.parent.name == "content" else root)
    if len(roots) > 1:
        raise UsageError("the program files belong to different workspaces; build them one workspace at a time")
    _refuse_shared_names(programs)
    return Workspace(roots.pop()), programs


def _refuse_shared_names(programs: list[Path]) -> None:
    """Two program files with one name (x.yaml, x.yml) would write into the same output folder."""
    seen: dict[str, Path] = {}
    for p in programs:
        if p.stem in seen:
            raise UsageError(f"{seen[p.stem].name} and {p.name} would both build into output/{p.stem}/; rename one of them")
        seen[p.stem] = p


def _print_problems(report: Report) -> None:
    for w in sorted(set(report.warnings), key=lambda p: (p.loc.file, p.loc.line, p.loc.column)):
        print(f"{w}  [warning]", file=sys.stderr)


def _check(ws, programs, report: Report, explicit: bool, base: Path) -> int:
    from .source.loader import Loader, display_path

    loader = Loader(ws, report, base=base)
    loaded = [(p, loader.load(p)) for p in programs]
    if not explicit:
        loader.check_library()
    _check_layouts([prog for _, prog in loaded if prog is not None], report)
    _print_problems(report)
    if report.errors:
        err = ContentError(report.errors)
        print(err, file=sys.stderr)
        print(f"{len(err.problems)} error{'s' if len(err.problems) != 1 else ''}; nothing was built", file=sys.stderr)
        return EXIT_CONTENT
    for path, prog in loaded:
        if prog is not None:
            counts = ", ".join(_count(n, what) for n, what in (
                (len(prog.movements), "movement"), (len(prog.sequences), "sequence"), (len(prog.images), "image")))
            print(f"{display_path(path, base)}: ok ({counts})")
    return EXIT_OK


def _check_layouts(programs, report: Report) -> None:
    """Run every output's planner, as `build` does, so `check` reports what cannot be laid out too."""
    from .build import targets
    from .build.pipeline import plan_outputs

    plan_outputs(((prog, name) for prog in programs for name in targets.TARGETS), report)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _build(ws, programs, args, report: Report, root: Path, base: Path) -> int:
    from .build.pipeline import OutputError, build, print_progress_bar
    from .build.targets import TARGETS

    only = None
    if args.only:
        only = [x.strip() for x in args.only.split(",") if x.strip()]
        bad = [x for x in only if x not in TARGETS]
        if bad or not only:
            raise UsageError(f"--only {args.only}: choose from {', '.join(TARGETS)}")
    # --out is read like program names: relative to -C DIR when given, else the current folder
    out_root = (root / args.out).resolve() if args.out else (ws.root / "output").resolve()
    for protected in (ws.content, ws.images):
        if out_root.is_relative_to(protected.resolve()):
            raise UsageError(f"--out {args.out}: the outputs must not go into {protected.name}/, which holds your sources")
    try:
        result = build(
            programs, ws, out_root, only=only, report=report,
            say=lambda s: print(s, file=sys.stderr), progress=print_progress_bar(), base=base,
        )
    except ContentError as exc:
        _print_problems(report)
        print(exc, file=sys.stderr)
        n = len(exc.problems)
        print(f"{n} error{'s' if n != 1 else ''}; nothing was written (earlier outputs are unchanged)", file=sys.stderr)
        return EXIT_CONTENT
    except OutputError as exc:
        _print_problems(report)
        print(f"movebook: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    _print_problems(report)
    for line in result.lines:
        print(line)
    for note in result.notes:
        print(note)
    return EXIT_OK


GUIDES = {
    "format": ("content-format.md", "the content format: every key, with examples, and how to read and fix errors"),
    "editor": ("editor-setup.md", "completion and checking as you type in your text editor"),
}


def guide_folder() -> Path | None:
    """The folder of the guides: installed with the package, or the repository's docs/ in a checkout."""
    here = Path(__file__).resolve().parent
    for folder in (here / "guide", here.parent / "docs"):
        if (folder / GUIDES["format"][0]).is_file():
            return folder
    return None


def _docs(name: str | None) -> int:
    folder = guide_folder()
    if folder is None:
        raise UsageError("the guides were not installed with this copy of movebook; reinstall it with pip")
    if name:
        print((folder / GUIDES[name][0]).read_text(encoding="utf-8"))
        return EXIT_OK
    for key, (file, what) in GUIDES.items():
        print(f"{what}:\n    {folder / file}")
    print("Open them in any text editor, or print one here: movebook docs format")
    return EXIT_OK


def _shell_quote(path: str) -> str:
    """``path`` as it must be typed in this system's shell."""
    if os.name == "nt":
        return f'"{path}"' if any(c in path for c in ' &()[]{}^=;!\'+,`~') else path
    import shlex

    return shlex.quote(path)


def _new(target: Path) -> int:
    starter = Path(__file__).with_name("starter")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: is a file; choose a new folder name")
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target}: exists and is not empty; choose a new folder")
    try:
        shutil.copytree(starter, target, dirs_exist_ok=True)
    except OSError as exc:
        from .build.write import describe_os_error

        raise UsageError(f"cannot make the workspace: {describe_os_error(exc, target)}") from None
    print(f"made a workspace in {target}{os.sep} (content/, images/, README.md)")
    print(f"next: cd {_shell_quote(str(target))} && movebook build")
    return EXIT_OK
