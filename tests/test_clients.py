"""Clients: a personalised selection of a program's movements, from YAML files or a CSV table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from factory import copy_default_workspace

from builder.cli import main
from builder.errors import Report
from builder.source.clients import ClientLoader
from builder.source.loader import Loader, Workspace

MARIA = """client: Maria López
program: reverse-hip-pain
date: 2026-12-01
follow_up: 2026-12-15
language: es
large_print: true
note: |
  Start with the lower part of Side Bend only.
movements:
  - arch-and-flatten
  - id: side-bend
    repeat: 3 times each side
    note: Lower part only for now.
practice_log_days: 21
"""

CSV = ("id,client,program,movements,date,follow_up,language,large_print,note,practice_log_days\n"
       'maria-lopez,María López,reverse-hip-pain,arch-and-flatten;side-bend,2026-12-01,2026-12-15,es,yes,'
       '"Start with the lower part of Side Bend only.",21\n')


@pytest.fixture
def ws(tmp_path):
    copy_default_workspace(tmp_path / "ws")
    (tmp_path / "ws" / "content" / "clients").mkdir()
    return tmp_path / "ws"


def load(ws: Path):
    w = Workspace(ws)
    loader = Loader(w, Report(), base=ws)
    programs = {p.stem: loader.load(p) for p in w.programs()}
    got = ClientLoader(loader, programs).load_all()
    return got, loader.report


def test_a_client_file_selects_orders_and_doses(ws):
    (ws / "content" / "clients" / "maria-lopez.yaml").write_text(MARIA, encoding="utf-8")
    (got,), report = load(ws)
    assert report.errors == []
    p = got.program
    assert [m.id for m in p.movements] == ["arch-and-flatten", "side-bend"]
    assert [m.id for m in p.sequences[0].movements] == ["arch-and-flatten", "side-bend"]
    side = p.movements[1]
    assert side.repeat == "3 times each side"  # the client's dose
    assert side.steps or side.parts  # everything else as the program has it
    assert p.language == "es" and p.booklet.large_print and p.booklet.practice_log_days == 21
    assert got.client.name == "Maria López" and got.client.notes == {"side-bend": "Lower part only for now."}
    assert str(got.client.date) == "2026-12-01" and str(got.client.follow_up) == "2026-12-15"
    assert p.name == "reverse-hip-pain/clients/maria-lopez"


def test_the_csv_row_and_the_yaml_file_give_the_same_selection(ws):
    (ws / "content" / "clients" / "maria-lopez.yaml").write_text(MARIA.replace("    repeat: 3 times each side\n", "")
                                                                  .replace("    note: Lower part only for now.\n", ""),
                                                                  encoding="utf-8")
    (yaml_client,), _ = load(ws)
    (ws / "content" / "clients" / "maria-lopez.yaml").unlink()
    (ws / "content" / "clients.csv").write_text(CSV, encoding="utf-8")
    (csv_client,), report = load(ws)
    assert report.errors == []
    a, b = yaml_client.program, csv_client.program
    assert a.movements == b.movements and a.booklet == b.booklet and a.language == b.language
    assert (yaml_client.client.date, yaml_client.client.follow_up) == (csv_client.client.date, csv_client.client.follow_up)


def test_a_csv_saved_with_semicolons_reads_as_the_comma_one(ws):
    """Excel in German, French or Dutch saves "CSV" with semicolons (the comma is the decimal
    sign there), quoting a cell that holds one: the table reads the same."""
    (ws / "content" / "clients.csv").write_text(CSV, encoding="utf-8")
    (comma,), _ = load(ws)
    import csv as csvlib
    import io

    rows = list(csvlib.reader(io.StringIO(CSV)))
    out = io.StringIO()
    csvlib.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    assert '"arch-and-flatten;side-bend"' in out.getvalue()
    (ws / "content" / "clients.csv").write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    (semi,), report = load(ws)
    assert report.errors == []
    assert semi.program.movements == comma.program.movements and semi.client == comma.client
    # saved as "CSV (Macintosh)": lines end in a lone CR, and a note may hold a comma
    mac = out.getvalue().replace("\r\n", "\r").replace("Start with", "Start, gently, with")
    (ws / "content" / "clients.csv").write_bytes(mac.encode("utf-8"))
    (semi,), report = load(ws)
    assert report.errors == [] and semi.program.movements == comma.program.movements


@pytest.mark.parametrize("row, where, needle", [
    ("jo,Jo,reverse-hip-pan,washrag,,,,,", "content/clients.csv:2:3: program", "did you mean `reverse-hip-pain`"),
    ("jo,Jo,reverse-hip-pain,washrag;wshrag,,,,,", "content/clients.csv:2:4: movements[1]", "did you mean `washrag`"),
    ("jo,Jo,reverse-hip-pain,washrag,2026-13-02,,,,", "content/clients.csv:2:5: date", "year-month-day"),
    ("jo,Jo,reverse-hip-pain,washrag,2026-02-30,,,,", "content/clients.csv:2:5: date", "there is no day 2026-02-30"),
    ("jo,Jo,reverse-hip-pain,washrag,1.2.2026,,,,", "content/clients.csv:2:5: date", "written year-month-day"),
    ("jo,Jo,reverse-hip-pain,washrag,\uff12\uff10\uff12\uff16-\uff11\uff12-\uff10\uff11,,,,", "content/clients.csv:2:5: date",
     "written year-month-day"),
    ("jo,Jo,reverse-hip-pain,washrag,,,,maybe,", "content/clients.csv:2:8: large_print", "true or false"),
    ("Jo Bloggs,Jo,reverse-hip-pain,washrag,,,,,", "content/clients.csv:2:1: id", "not a valid client id"),
])
def test_csv_errors_point_at_row_and_column(ws, row, where, needle):
    header = "id,client,program,movements,date,follow_up,language,large_print,note\n"
    good = "ok-client,Someone,reverse-hip-pain,washrag,,,,,\n"
    (ws / "content" / "clients.csv").write_text(header + row + "\n" + good, encoding="utf-8")
    got, report = load(ws)
    messages = [str(e) for e in report.errors]
    assert any(m.startswith(where) and needle in m for m in messages), messages
    assert [g.client.id for g in got] == ["ok-client"], "one bad row does not stop the others"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_a_csv_table_reads_with_any_line_ending_and_rows_keep_their_lines(ws, ending):
    """A spreadsheet's CSV with Windows, Unix or old Mac line endings; a quoted note over two
    lines: the rows after it are still named by the line they are on."""
    rows = ["id,client,program,movements,note", 'jo,Jo,reverse-hip-pain,washrag,"first line' + ending + 'second line"',
            "sam,Sam,reverse-hip-pan,washrag,"]
    (ws / "content" / "clients.csv").write_text(ending.join(rows) + ending, encoding="utf-8", newline="")
    got, report = load(ws)
    assert [g.client.id for g in got] == ["jo"]
    assert [str(e).split(" ")[0] for e in report.errors] == ["content/clients.csv:4:3:"], report.errors
    assert got[0].client.note.split() == ["first", "line", "second", "line"]


@pytest.mark.parametrize("text, where, needle", [
    ('id,client,program,movements\njo,"Jo,reverse-hip-pain,washrag\nsam,Sam,reverse-hip-pain,washrag\n',
     "content/clients.csv:2:1:", "not closed"),
    ("id,client,program,movements\njo,Jo,reverse-hip-pain,washrag,extra,cells\n", "content/clients.csv:2:5:",
     "header names 4 columns"),
    ("id,client,program,movements,note\njo,Jo,reverse-hip-pain,washrag," + "x" * 200_000 + "\n",
     "content/clients.csv:2:5: note", "the limit is"),
], ids=["unclosed-quote", "extra-cells", "huge-cell"])
def test_a_csv_mistake_is_a_located_problem_not_a_crash(ws, text, where, needle):
    (ws / "content" / "clients.csv").write_text(text, encoding="utf-8")
    _, report = load(ws)
    assert any(str(e).startswith(where) and needle in str(e) for e in report.errors), report.errors


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_csv_saved_as_utf16_with_or_without_its_mark_is_told_to_save_as_utf8(ws, encoding):
    (ws / "content" / "clients.csv").write_bytes("id,client,program,movements\njo,Jo,reverse-hip-pain,washrag\n".encode(encoding))
    got, report = load(ws)
    assert got == [] or all(g.client.id != "jo" for g in got)
    assert any(str(e).startswith("content/clients.csv:1:1:") and "UTF-16" in str(e) for e in report.errors), report.errors


def test_a_character_no_font_has_in_a_clients_name_or_note_is_a_warning_at_its_line(ws):
    (ws / "content" / "clients" / "sam.yaml").write_text(
        'client: "Sam \U0001F642"\nprogram: reverse-hip-pain\nnote: "Hi \U0001F642"\nmovements:\n  - washrag\n', encoding="utf-8")
    got, report = load(ws)
    assert [g.client.id for g in got] == ["sam"]
    where = sorted((w.loc.line, w.path) for w in report.warnings if "U+1F642" in w.message)
    assert where == [(1, "client"), (3, "note")], report.warnings


def test_unknown_csv_column_has_a_suggestion(ws):
    (ws / "content" / "clients.csv").write_text("id,client,program,movments\njo,Jo,reverse-hip-pain,washrag\n")
    _, report = load(ws)
    assert any(str(e).startswith("content/clients.csv:1:4:") and "did you mean `movements`" in str(e) for e in report.errors)


def test_client_file_errors_point_at_their_lines(ws):
    (ws / "content" / "clients" / "sam.yaml").write_text(
        "client: Sam\nprogram: reverse-hip-pain\nmovements:\n  - id: side-bend\n    reapeat: 2\n")
    _, report = load(ws)
    assert any(str(e).startswith("content/clients/sam.yaml:5:5: movements[0].reapeat") and "did you mean `repeat`" in str(e)
               for e in report.errors), [str(e) for e in report.errors]


def test_build_writes_each_client_and_no_name_into_the_cache(ws, monkeypatch, capsys):
    (ws / "content" / "clients" / "maria-lopez.yaml").write_text(MARIA, encoding="utf-8")
    (ws / "content" / "clients.csv").write_text(CSV.replace("maria-lopez,María López", "jo-bloggs,Jo Bloggs"), encoding="utf-8")
    monkeypatch.chdir(ws)
    assert main(["build", "--clients"]) == 0
    out = capsys.readouterr().out
    assert "Maria" not in out and "Jo Bloggs" not in out  # only ids and counts on the console
    for cid in ("maria-lopez", "jo-bloggs"):
        folder = ws / "output" / "reverse-hip-pain" / "clients" / cid
        assert sorted(p.name for p in folder.iterdir()) == ["booklet-print.pdf", "booklet.pdf", "handout.pdf"]
    assert not (ws / "output" / "reverse-hip-pain" / "deck.pptx").exists(), "--clients builds only the clients"
    cache = ws / "output" / ".cache"
    for p in cache.rglob("*"):
        assert "maria" not in p.name.lower() and "jo-bloggs" not in p.name.lower()
        if p.is_file() and p.suffix == ".json":
            text = p.read_text()
            assert "maria" not in text.lower() and "Bloggs" not in text
    fingerprints = json.loads((cache / "fingerprints.json").read_text())
    assert len([k for k in fingerprints if k.startswith("client:")]) == 4


def test_asking_for_the_clients_when_there_are_none_says_so(ws, monkeypatch, capsys):
    """`--clients` with an empty clients folder and a clients.csv of only its header: said, not silence."""
    (ws / "content" / "clients.csv").write_text("id,client,program,movements\n", encoding="utf-8")
    monkeypatch.chdir(ws)
    for command in ("check", "build"):
        assert main([command, "--clients"]) == 0
        assert "no clients:" in capsys.readouterr().out, command
    assert main(["check"]) == 0
    assert "no clients" not in capsys.readouterr().out  # the programs were asked for too


def test_one_client_by_name(ws, monkeypatch):
    (ws / "content" / "clients" / "maria-lopez.yaml").write_text(MARIA, encoding="utf-8")
    (ws / "content" / "clients" / "other.yaml").write_text(MARIA.replace("Maria López", "Other"), encoding="utf-8")
    monkeypatch.chdir(ws)
    assert main(["build", "content/clients/maria-lopez.yaml"]) == 0
    assert (ws / "output" / "reverse-hip-pain" / "clients" / "maria-lopez" / "booklet.pdf").exists()
    assert not (ws / "output" / "reverse-hip-pain" / "clients" / "other").exists()
    assert not (ws / "output" / "reverse-hip-pain" / "booklet.pdf").exists()


def _pdf_text(path: Path) -> str:
    import subprocess

    return " ".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None, reason="needs poppler-utils")
def test_client_booklet_and_handout_hold_the_selection_the_dose_and_the_name(ws, monkeypatch):
    (ws / "content" / "clients" / "maria-lopez.yaml").write_text(MARIA.replace("language: es\n", ""), encoding="utf-8")
    (ws / "content" / "clients" / "jo-bloggs.yaml").write_text(
        "client: Jo Bloggs\nprogram: reverse-hip-pain\nmovements: [washrag]\n", encoding="utf-8")
    monkeypatch.chdir(ws)
    assert main(["build", "--clients"]) == 0
    folder = ws / "output" / "reverse-hip-pain" / "clients"
    booklet = _pdf_text(folder / "maria-lopez" / "booklet.pdf")
    handout = _pdf_text(folder / "maria-lopez" / "handout.pdf")
    for text in (booklet, handout):
        assert "Prepared for Maria López" in text
        assert "3 times each side" in text  # the client's dose
        assert "Arch and Flatten" in text and "Side Bend" in text
        assert "Washrag" not in text and "Arch and Curl" not in text  # only the selection
        assert "Lower part only for now." in text  # the personal line with its movement
    assert booklet.index("MOVEMENT 1 Arch and Flatten") < booklet.index("MOVEMENT 2 Side Bend")  # in the client's order
    assert "Start with the lower part of Side Bend only." in booklet  # the teacher's note
    assert "NEXT SESSION" in booklet.upper() and "December 15, 2026" in booklet
    # a client's name is in that client's own files only
    for p in (folder / "jo-bloggs").iterdir():
        text = _pdf_text(p) if p.suffix == ".pdf" else p.read_text(errors="ignore")
        assert "Maria" not in text and "López" not in text
    for p in (folder / "maria-lopez").iterdir():
        assert "Bloggs" not in _pdf_text(p)


def test_the_csv_row_and_the_yaml_file_give_the_same_booklet(ws, monkeypatch):
    """The two forms of one client (same name, selection, dates, language, print size and
    note) give the very same booklet and handout."""
    same = MARIA.replace("    repeat: 3 times each side\n", "").replace("    note: Lower part only for now.\n", "")
    monkeypatch.chdir(ws)
    (ws / "content" / "clients" / "maria-lopez.yaml").write_text(same, encoding="utf-8")
    assert main(["build", "--clients"]) == 0
    out = ws / "output" / "reverse-hip-pain" / "clients" / "maria-lopez"
    from_yaml = {f: (out / f).read_bytes() for f in ("booklet.pdf", "handout.pdf")}
    (ws / "content" / "clients" / "maria-lopez.yaml").unlink()
    (ws / "content" / "clients.csv").write_text(CSV.replace("María López", "Maria López"), encoding="utf-8")
    shutil.rmtree(ws / "output")  # made again from the CSV row, not left up to date
    assert main(["build", "--clients"]) == 0
    for f, data in from_yaml.items():
        assert (out / f).read_bytes() == data, f"{f} differs between the YAML file and the CSV row"


@pytest.mark.parametrize("note", ["Start with the lower part of Side Bend only.",
                                  "Start with the lower part of Side Bend only. Call me if your hip aches at night.",
                                  "Take it slowly this week. " * 12])
def test_please_read_first_is_read_whole_after_the_teachers_note(ws, note):
    """Under the teacher's note, "Please read first" goes whole on the page if it fits there,
    else whole on the next: never its last paragraph alone over a page turn."""
    from builder.layout import booklet

    (ws / "content" / "clients" / "maria-lopez.yaml").write_text(
        MARIA.replace("  Start with the lower part of Side Bend only.\n", f"  {note}\n"), encoding="utf-8")
    (got,), report = load(ws)
    assert not report.errors
    from builder.layout.page import TextRun

    disclaimer = got.program.disclaimer
    last_words = " ".join(disclaimer.split()[-3:])
    text = [" ".join(" ".join(it.text for it in pg.body if isinstance(it, TextRun)).split())
            for pg in booklet.plan(got.program).pages]
    first = next(n for n, pg in enumerate(booklet.plan(got.program).pages) if ("anchor", "first") in pg.blocks)
    assert last_words in text[first], "the disclaimer runs on to the next page"
