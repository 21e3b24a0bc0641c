"""The ``movebook`` command: build, check, new, schema, labels.

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
    p.add_argument("--debug", action="store_true",
                   help="show the Python traceback of an internal error, and which template layout each kind of slide uses")
    p.add_argument("-C", dest="directory", metavar="DIR", help="run as if started in the workspace DIR")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build programs into output/<program>/")
    w = sub.add_parser("watch", help="build, then build again each time you save a file of the workspace (Ctrl-C stops)",
                       description="Build as `movebook build` does, then stay running and build again each time a "
                                   "file under content/, images/ or labels/ (or the deck template) is saved. A rebuild "
                                   "in a running watch skips starting up, so it is the quickest way to see an edit.")
    for cmd in (b, w):  # watch takes what build takes
        cmd.add_argument("programs", nargs="*", metavar="PROGRAM.yaml", help="program files (default: every file in content/)")
        cmd.add_argument("--only", metavar="LIST", help="comma-separated outputs to build: booklet,deck,handout")
        cmd.add_argument("--out", metavar="DIR", help="write to DIR/<program>/ instead of output/<program>/")
        cmd.add_argument("--clients", action="store_true",
                         help="only the clients (content/clients/*.yaml and content/clients.csv), not the programs")

    c = sub.add_parser("check", help="check programs without building")
    c.add_argument("programs", nargs="*", metavar="PROGRAM.yaml", help="program files (default: every file in content/ and the movement library)")
    c.add_argument("--clients", action="store_true", help="only the clients")

    n = sub.add_parser("new", help="make a ready workspace that builds as it is")
    n.add_argument("dir", metavar="DIR")

    d = sub.add_parser("docs", help="where the guides are (the content format, editor set-up); or print one")
    d.add_argument("guide", nargs="?", choices=sorted(GUIDES), help="print this guide instead of listing them")

    s = sub.add_parser("schema", help="print the JSON Schema of a program file (for editors)")
    s.add_argument("--movement", action="store_true", help="the schema of a library movement file instead")

    lb = sub.add_parser("labels", help="list the fixed words of the outputs by id, in a language or as a program has them",
                        description="List every label id with its words: in English, in LANG (e.g. de, pt-BR), "
                                    "or as PROGRAM.yaml prints them (its language and its own `labels:`).")
    lb.add_argument("which", nargs="?", metavar="LANG|PROGRAM.yaml", help="a language tag or a program file (default: English)")
    lb.add_argument("--translate", action="store_true",
                    help="write labels/<LANG>.po in the workspace to translate (or reword) the labels of LANG; "
                         "run it again after updating movebook to add new labels")
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


def entry() -> None:
    """The ``movebook`` command (and ``python -m builder``): :func:`main`, then exit at once.

    Everything is written and closed by then; what is skipped is Python freeing, one by one,
    the objects of a build and the libraries it imported (a few tenths of a second).
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed pipe or stream (or none at all): nothing more can be said on it
            pass
    import logging

    logging.shutdown()
    os._exit(code if isinstance(code, int) else EXIT_INTERNAL)


def main(argv: list[str] | None = None) -> int:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Console(sys.stdout), _Console(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = saved


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    _debug_log(args.debug)
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


def _debug_log(on: bool) -> None:
    """``--debug``: movebook's own debug lines (which template layout each kind of slide got) to stderr."""
    import logging

    log = logging.getLogger("movebook")
    if on and not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("movebook: %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.DEBUG if on else logging.WARNING)


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
    if args.command == "labels":
        if args.translate:
            return _translate(args.which, root)
        return _labels(args.which, root, cwd)
    if args.command == "docs":
        return _docs(args.guide)

    if args.command == "watch":
        return _watch(root, args, base=cwd)
    ws, programs, clients = _resolve(root, args.programs, only_clients=args.clients)
    report = Report()
    if args.command == "check":
        return _check(ws, programs, clients, report, explicit=bool(args.programs), base=cwd)
    return _build(ws, programs, clients, args, report, root=root, base=cwd)


def _resolve(root: Path, names: list[str], only_clients: bool = False):
    """Find the workspace, the program files and the clients named on the command line.

    Returns (workspace, program files, clients): clients is "all" (every client file and
    clients.csv), a list of client files, or None.
    """
    from .source.workspace import Workspace

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
        return ws, ([] if only_clients else programs), "all"
    programs = []
    clients: list[Path] = []
    roots = set()
    for name in names:
        p = (root / name).resolve()
        if p.is_file() and ((p.parent.name == "clients" and p.parent.parent.name == "content")
                            or (p.name == "clients.csv" and p.parent.name == "content")):
            if p not in clients:
                clients.append(p)
            roots.add(p.parent.parent.parent if p.parent.name == "clients" else p.parent.parent)
            continue
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
    return Workspace(roots.pop()), programs, (clients or None)


def _refuse_shared_names(programs: list[Path]) -> None:
    """Two program files with one name (x.yaml, x.yml) would write into the same output folder;
    so would two whose names differ only in capitals (Dup.yaml, dup.yaml) on a Mac or Windows disk."""
    seen: dict[str, Path] = {}
    for p in programs:
        key = p.stem.casefold()
        if key in seen:
            other = seen[key]
            where = (f"output/{p.stem}/" if other.stem == p.stem
                     else f"output/{other.stem}/ and output/{p.stem}/, one folder on a Mac or Windows disk")
            raise UsageError(f"{other.name} and {p.name} would both build into {where}; rename one of them")
        seen[key] = p


def _print_problems(report: Report) -> None:
    for w in sorted(set(report.warnings), key=lambda p: (p.loc.file, p.loc.line, p.loc.column)):
        print(f"{w}  [warning]", file=sys.stderr)


_NO_CLIENTS = ("no clients: none in content/clients/ or content/clients.csv (see Clients in the format guide)")


def _check(ws, programs, clients, report: Report, explicit: bool, base: Path) -> int:
    from .build.pipeline import load_programs
    from .source.loader import display_path

    # as build does: the library's unused files checked too, their problems warnings
    loaded_programs, client_programs = load_programs(programs, ws, report, base, clients, library=not explicit)
    by_name = {p.name: p for p in loaded_programs}
    loaded = [(p, by_name.get(p.stem)) for p in programs]
    notes = _check_layouts(loaded_programs, report, client_programs, ws.root / "output" / ".cache" / "units")
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
    if client_programs:
        print(f"clients: ok ({_count(len(client_programs), 'client')})")
    elif clients == "all" and not programs:
        print(_NO_CLIENTS)
    for note in notes:
        print(note)
    return EXIT_OK


def _check_layouts(programs, report: Report, client_programs=(), units: Path | None = None) -> list[str]:
    """Run every output's planner, as `build` does, so `check` reports what cannot be laid out too.

    ``units``: the build's kept plan units (``output/.cache/units``), read but never written: a
    unit is kept for exactly the inputs it was planned from, so reusing it plans the same (a
    check after a build replans only what changed since)."""
    from .build import targets
    from .build.messages import picture_places, say
    from .build.pipeline import CLIENT_OUTPUTS, plan_outputs
    from .build.reuse import UnitStore

    try:
        store = UnitStore(units) if units is not None and units.is_dir() else None  # never saved
    except OSError:  # a cache folder that cannot be looked into: plan everything
        store = None
    plans = plan_outputs(((prog, name) for prog in programs for name in targets.TARGETS), report, store)
    plans.update(plan_outputs(((prog, name) for prog in client_programs for name in CLIENT_OUTPUTS), report, store))
    places = picture_places([*programs, *client_programs])
    lines = []  # what build says of the plans (pictures placed smaller): said here too
    for (_, name), plan in plans.items():
        for note in targets.plan_notes(name, plan):
            line = say(note, places)
            if line not in lines:
                lines.append(line)
    return lines


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _out_root(ws, args, root: Path) -> Path:
    # --out is read like program names: relative to -C DIR when given, else the current folder
    out_root = (root / args.out).resolve() if args.out else (ws.root / "output").resolve()
    for protected in (ws.content, ws.images, ws.root / "labels"):
        if out_root.is_relative_to(protected.resolve()):
            raise UsageError(f"--out {args.out}: the outputs must not go into {protected.name}/, which holds your sources")
    return out_root


def _watch(root: Path, args, base: Path) -> int:
    """``movebook watch``: build, then build again after each saved change, until Ctrl-C.

    A build's errors are reported as ``build`` reports them and the watch goes on (the earlier
    outputs stay); so does a program file that goes missing for a while. Only a mistake on
    the command line itself, found by the first build, ends it.
    """
    import time

    from .build.watch import read_extras, snapshot, stat_all, wait_for_change
    from .source.loader import display_path

    last = None  # (workspace, output folder) of the last build that could start
    said: set[str] = set()  # printing advice is given once, not after every build
    try:
        while True:
            # What the build will read, looked at before it starts: a change made while it runs
            # (or while the command line is read again) is built next.
            if last is not None:
                extras = read_extras(last[1])
                before = snapshot(last[0], extras)
            try:
                ws, programs, clients = _resolve(root, args.programs, only_clients=args.clients)
                out_root = _out_root(ws, args, root)
            except UsageError as exc:
                if last is None:
                    raise
                print(f"movebook: {exc}", file=sys.stderr)
                print(f"waiting for {display_path(last[0].root, base)}/ to change; Ctrl-C stops", file=sys.stderr)
                wait_for_change(lambda: snapshot(last[0], extras), before)
                continue
            if last is None or (last[0].root, last[1]) != (ws.root, out_root):
                extras = read_extras(out_root)
                before = snapshot(ws, extras)
            _build(ws, programs, clients, args, Report(), root=root, base=base, said=said)
            last = (ws, out_root)
            # a template or logo the build read or stopped reading: looked at, or not, from now on
            now_read = read_extras(out_root)
            gone, new = set(extras) - set(now_read), set(now_read) - set(extras)
            since = frozenset(e for e in before if e[0] not in gone) | stat_all(new)
            extras = now_read
            print(f"watching {display_path(ws.root, base)}/ for changes; Ctrl-C stops", file=sys.stderr)
            sys.stdout.flush()
            wait_for_change(lambda: snapshot(ws, extras), since)
            print(f"\n{time.strftime('%H:%M:%S')} a file changed: building again", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nmovebook: stopped watching", file=sys.stderr)
        return EXIT_OK


def _build(ws, programs, clients, args, report: Report, root: Path, base: Path, said: set[str] | None = None) -> int:
    from .build.pipeline import OutputError, build, print_progress_bar
    from .build.targets import TARGETS

    only = None
    if args.only is not None:
        only = [x.strip() for x in args.only.split(",") if x.strip()]
        bad = [x for x in only if x not in TARGETS]
        if bad or not only:
            raise UsageError(f"--only {args.only}: choose from {', '.join(TARGETS)}")
    out_root = _out_root(ws, args, root)
    try:
        result = build(
            programs, ws, out_root, only=only, report=report,
            say=lambda s: print(s, file=sys.stderr), progress=print_progress_bar(), base=base, clients=clients,
            library=not args.programs,
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
    if not result.lines and clients == "all" and not programs:
        print(_NO_CLIENTS)
    for note in result.notes:
        if said is None or note not in said:
            print(note)
        if said is not None:
            said.add(note)
    return EXIT_OK


def _labels(which: str | None, root: Path, base: Path) -> int:
    """``movebook labels [LANG|PROGRAM.yaml]``: every label id and its words, by section."""
    from .compose import labels as lb
    from .source.loader import display_path
    from .source.schema import LANG_RE

    program = None
    if which and (which.lower().endswith((".yaml", ".yml")) or not LANG_RE.match(which) and (root / which).is_file()):
        ws, programs, _ = _resolve(root, [which])
        from .source.loader import Loader

        report = Report()
        program = Loader(ws, report, base=base).load(programs[0])
        _print_problems(report)
        if report.errors or program is None:
            err = ContentError(report.errors)
            print(err, file=sys.stderr)
            return EXIT_CONTENT
        tag, L = program.language, lb.labels_for(program)
    elif which is None or LANG_RE.match(which):
        from .compose.translations import CatalogueError

        tag = which or lb.SOURCE_LANGUAGE
        folder = lb.workspace_labels(root)  # the workspace's own catalogues come first
        try:
            problems = lb.language_problems(tag, folder)
        except CatalogueError as exc:
            print(f"{display_path(exc.path, root)}:{exc.line}: {exc.message}", file=sys.stderr)
            return EXIT_CONTENT
        for message in problems:
            print(f"movebook: {message}", file=sys.stderr)
        L = lb.labels_in(tag, folder=folder)
    else:
        raise UsageError(f"labels {which}: not a language tag such as en, de, pt-BR, nor a program file")

    own = set(program.labels) if program else set()
    sections = lb.sections()
    width = max(len(k) for k in lb.ENGLISH) + 2
    language = _language_name(L.catalogue)
    if program:
        print(f"# The fixed words of {which}'s outputs: {language}, with the program's own `labels:` marked.")
    elif L.catalogue == lb.SOURCE_LANGUAGE and lb.candidates(tag)[-1] != lb.SOURCE_LANGUAGE:
        print(f"# The fixed words of the outputs for `{tag}`: {language}, as there are no labels in `{tag}` yet.")
    else:
        print(f"# The fixed words of the outputs for `{tag}`: {language}.")
    print("# Change any of them for one program with `labels:` in its file, e.g.")
    print("#   labels:\n#     practice_log: My week\n# and keep the {placeholders} a label has.")
    section = None
    for key in lb.ENGLISH:
        if sections.get(key) != section:
            section = sections.get(key)
            print(f"\n## {section or 'labels'}")
        words = L.words.get(key, lb.ENGLISH[key])
        if isinstance(words, tuple):
            text = " | ".join(words) + "   (counted: one form per plural form of the language)"
        else:
            text = words
        mark = "   (this program's own)" if key in own else (
            "   (not translated: English)" if L.catalogue != lb.SOURCE_LANGUAGE and key not in L.words else "")
        print(f"{key:<{width}}{_shown(text)}{mark}")
    return EXIT_OK


def _translate(tag: str | None, root: Path) -> int:
    """``movebook labels LANG --translate``: write (or bring up to date) the workspace's labels/<code>.po."""
    from .compose import pofiles, translations as tr
    from .compose.catalogue import ENGLISH
    from .source.loader import display_path
    from .source.schema import LANG_RE

    if not tag or not LANG_RE.match(tag):
        raise UsageError("labels --translate needs a language tag, e.g. movebook labels el --translate")
    folder = root / tr.WORKSPACE_FOLDER
    code = tr.candidates(tag)[0]
    path = folder / f"{code}.po"
    try:
        found = tr.find(tag, folder)
    except tr.CatalogueError as exc:
        print(f"{display_path(exc.path, root)}:{exc.line}: {exc.message}", file=sys.stderr)
        return EXIT_CONTENT
    start = found[1].path if found and found[1] is not None else (tr.LOCALE_DIR / "en.po" if found else None)
    existed = path.is_file()
    data, todo, dropped = pofiles.updated(path if existed else None, code, start)
    if existed and pofiles.same(path.read_bytes(), data):
        print(f"{display_path(path, root)} is up to date")
    else:
        folder.mkdir(exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        frm = "" if existed else (f", starting from {start.name} ({pofiles.language_name(start.stem)})" if start else "")
        print(f"{'updated' if existed else 'wrote'} {display_path(path, root)}{frm}")
    if dropped:
        print(f"labels movebook no longer has were taken out: {', '.join(dropped)}")
    if todo:
        print(f"{len(todo)} of {len(ENGLISH)} labels to translate: {', '.join(todo[:8])}{' ...' if len(todo) > 8 else ''}")
        print("Fill in each msgstr \"\" (in a text editor or Poedit), keep the {placeholders}, then run movebook build.")
    else:
        print("every label has words; edit any msgstr and run movebook build to use them")
    return EXIT_OK


def _language_name(code: str) -> str:
    """ "German, de": a catalogue's language in English, for the console."""
    from .compose import translations as lb

    try:
        from babel import Locale

        return f"{Locale.parse(lb.FORMAT_LOCALE.get(code, code)).english_name}, {code.replace('_', '-')}"
    except Exception:  # noqa: BLE001 - a code Babel does not know
        return code


def _shown(text: str) -> str:
    """A label's words on one console line: a leading or trailing space and line breaks made visible."""
    text = text.replace("\n", "\\n")
    return f"\"{text}\"" if text != text.strip() else text
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
