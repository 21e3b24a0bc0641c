"""Load clients: ``content/clients/<id>.yaml`` files and the rows of ``content/clients.csv``.

Each client becomes a :class:`~builder.model.client.Client` and the client's own program
(:func:`~builder.model.client.client_program`). Every problem is reported at its place (a
YAML line and column, or a CSV row and column, counting the header as row 1 as a spreadsheet
does) and one bad client never stops the others from being checked.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .. import model
from ..errors import Loc, Report
from ..model.client import Client, client_program
from . import schema
from .loader import YAML_SUFFIXES, Loader, Workspace, report_validation
from .reader import RawScalar, Source, read_yaml, utf16

CLIENT_FOLDER = "clients"
CSV_NAME = "clients.csv"
CSV_COLUMNS = ("id", "client", "program", "movements", "date", "follow_up", "language", "large_print", "note",
               "practice_log_days")
CSV_REQUIRED = ("id", "client", "program", "movements")
MAX_CSV_BYTES = 5_000_000


def client_files(ws: Workspace) -> list[Path]:
    """Every client file in ``content/clients/``, sorted by name."""
    folder = ws.content / CLIENT_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in YAML_SUFFIXES and not p.name.startswith(".") and p.is_file())


def csv_file(ws: Workspace) -> Path | None:
    p = ws.content / CSV_NAME
    return p if p.is_file() else None


@dataclass
class LoadedClient:
    client: Client
    program: model.Program  # the client's own program (see client_program)


def today() -> datetime.date:
    """The day of the build (``SOURCE_DATE_EPOCH`` when set, for reproducible outputs)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


class ClientLoader:
    """Loads the clients of a workspace against its programs (loading a program when a client needs it)."""

    def __init__(self, loader: Loader, programs: dict[str, model.Program | None]):
        self.loader = loader
        self.report: Report = loader.report
        self.programs = programs  # program name -> loaded program (None: it has errors)
        self.seen: dict[str, Loc] = {}

    def load_all(self, files: list[Path] | None = None, with_csv: bool = True) -> list[LoadedClient]:
        ws = self.loader.workspace
        out = []
        for f in client_files(ws) if files is None else files:
            got = self.load_csv(f) if f.suffix.lower() == ".csv" else [self.load_file(f)]
            out += [g for g in got if g]
        table = csv_file(ws)
        if with_csv and table is not None:
            out += self.load_csv(table)
        return out

    # ---- one YAML file

    def load_file(self, path: Path) -> LoadedClient | None:
        display = self.loader._display(path)
        src = read_yaml(path, display, self.report)
        if src is None:
            return None
        cid = path.stem
        if not schema.ID_RE.match(cid):
            self.report.error(Loc(display, 1, 1), "", f"the file name `{path.name}` must be a client id: a-z, 0-9 and '-' "
                                                      "(it names the client's output folder)")
            return None
        return self._load(cid, src, path, Loc(display, 1, 1))

    # ---- the CSV table

    def load_csv(self, path: Path) -> list[LoadedClient]:
        display = self.loader._display(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.report.error(Loc(display), "", f"cannot be read ({exc.strerror or exc})")
            return []
        if len(raw) > MAX_CSV_BYTES:
            self.report.error(Loc(display, 1, 1), "", f"the file is {len(raw):,} bytes; the limit is {MAX_CSV_BYTES:,}")
            return []
        if utf16(raw):
            self.report.error(Loc(display, 1, 1), "", "is saved as UTF-16 (Unicode Text); save it as CSV UTF-8 (your "
                                                      "spreadsheet offers it under Save As)")
            return []
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.report.error(Loc(display, line, 1), "", "is not UTF-8 text; save it as CSV UTF-8 (your spreadsheet "
                                                         "offers it under Save As)")
            return []
        rows, lines = self._csv_rows(text, display)
        if rows is None:
            return []
        if not rows or not any(c.strip() for c in rows[0]):
            self.report.error(Loc(display, 1, 1), "", "needs a header row naming the columns: " + ", ".join(CSV_REQUIRED))
            return []
        header = [c.strip().lower() for c in rows[0]]
        col_of: dict[str, int] = {}
        ok = True
        for k, name in enumerate(header):
            if not name:
                continue
            if name not in CSV_COLUMNS:
                self.report.error(Loc(display, 1, k + 1), "", f"unknown column `{rows[0][k].strip()}`"
                                  + schema.did_you_mean(name, CSV_COLUMNS) + f"; the columns are {', '.join(CSV_COLUMNS)}")
                ok = False
            elif name in col_of:
                self.report.error(Loc(display, 1, k + 1), "", f"the column `{name}` appears twice (also column {col_of[name] + 1})")
                ok = False
            else:
                col_of[name] = k
        missing = [c for c in CSV_REQUIRED if c not in col_of]
        if missing:
            self.report.error(Loc(display, 1, 1), "", "the header lacks the column" + ("s " if len(missing) > 1 else " ")
                              + ", ".join(f"`{c}`" for c in missing))
            ok = False
        if not ok:
            return []
        out = []
        for r, row in zip(lines[1:], rows[1:]):
            if not any(c.strip() for c in row):
                continue  # an empty line
            extra = [k for k in range(len(header), len(row)) if row[k].strip()]
            if extra:
                self.report.error(Loc(display, r, extra[0] + 1), "", f"the row has {len(row)} cells but the header names "
                                  f"{len(header)} columns; give the extra cells a column in the header, or remove them")
                continue
            got = self._csv_row(path, display, r, row, col_of)
            if got:
                out.append(got)
        return out

    def _csv_rows(self, text: str, display: str) -> tuple[list[list[str]], list[int]] | tuple[None, None]:
        """The table's rows and the line each starts on (a quoted cell may hold line breaks), or
        (None, None) with the problem reported. Any line ending a spreadsheet writes is read."""
        csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_BYTES))  # a long cell meets the fields' own limits
        first = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"), maxsplit=1)[0]
        # Excel saves "CSV" with semicolons where the comma is the decimal sign (German, French, Dutch...)
        delimiter = ";" if ";" in first and "," not in first else ","
        reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
        rows, lines, start = [], [], 1
        try:
            for row in reader:
                rows.append(row)
                lines.append(start)
                start = reader.line_num + 1
        except csv.Error as exc:
            if "end of data" in str(exc):  # "unexpected end of data": inside a quoted cell
                why = "a quote (\") opened in this row is not closed, so the rest of the file ran into one cell"
            else:
                why = f"it cannot be read as a table ({exc})"
            self.report.error(Loc(display, start, 1), "", f"{why}; check the quotes in this row")
            return None, None
        return rows, lines

    def _csv_row(self, path: Path, display: str, r: int, row: list[str], col_of: dict[str, int]) -> LoadedClient | None:
        data: dict = {}
        marks: dict[tuple, tuple[int, int]] = {(): (r, 1)}
        key_marks: dict[tuple, tuple[int, int]] = {}
        for name, k in col_of.items():
            cell = row[k].strip() if k < len(row) else ""
            marks[(name,)] = key_marks[(name,)] = (r, k + 1)
            if not cell:
                continue
            if name == "movements":
                ids = [x.strip() for x in cell.split(";") if x.strip()]
                data[name] = [RawScalar(x, x) for x in ids]
                for j in range(len(ids)):
                    marks[(name, j)] = (r, k + 1)
            elif name == "large_print":
                low = cell.lower()
                data[name] = RawScalar(cell, True if low in ("yes", "true", "1", "y") else False if low in ("no", "false", "0", "n") else cell)
            elif name == "practice_log_days":
                data[name] = RawScalar(cell, int(cell) if cell.isdigit() else cell)
            else:
                data[name] = RawScalar(cell, cell)
        src = Source(path=path, display=display, data=data, marks=marks, key_marks=key_marks)
        cid = data.get("id")
        if cid is None:
            self.report.error(src.loc(("id",)), "id", "the client needs an `id` (it names the client's output folder)")
            return None
        if not schema.ID_RE.match(cid):
            self.report.error(src.loc(("id",)), "id", f"`{cid}` is not a valid client id: use only a-z, 0-9 and '-'")
            return None
        body = {k: v for k, v in data.items() if k != "id"}
        src.data = body
        return self._load(str(cid), src, path, Loc(display, r, 1))

    # ---- shared

    def _load(self, cid: str, src: Source, path: Path, where: Loc) -> LoadedClient | None:
        before = len(self.report.errors)
        if cid in self.seen:
            self.report.error(where, "", f"the client id `{cid}` is used twice (also {self.seen[cid]}); give each client its own id")
            return None
        self.seen[cid] = where
        try:
            data = schema.ClientIn.model_validate(src.data)
        except ValidationError as exc:
            report_validation(exc, src, self.report, root="client")
            return None
        program = self._program(data.program, src)
        if program is None:
            return None
        if data.language:
            self.loader._language(data.language, src)  # a language without labels warns at the client's line
        movements = []
        notes = {}
        seen: dict[str, int] = {}
        for i, item in enumerate(data.movements):
            p = ("movements", i)
            if item.id in seen:
                self.report.error(src.loc(p), p, f"the movement `{item.id}` is chosen twice (also movements[{seen[item.id]}])")
                continue
            seen[item.id] = i
            mv = self.loader.client_movement(program, item, src, p)
            if mv is not None:
                movements.append(mv)
                if item.note:
                    notes[mv.id] = item.note
        if len(self.report.errors) > before:
            return None
        from .glyphs import check_glyphs

        check_glyphs([(src, ())], self.report)  # the client's name and notes are printed too
        client = Client(id=cid, name=data.client, program=program.name, source=path, date=data.date or today(),
                        follow_up=data.follow_up, note=data.note, notes=notes, loc=where)
        from ..compose.labels import labels_in, workspace_labels

        words = labels_in(data.language or program.language, program.labels, workspace_labels(program.workspace))
        own = client_program(program, client, tuple(movements), language=data.language, large_print=data.large_print,
                             practice_log_days=data.practice_log_days, routine=words("your_routine"))
        return LoadedClient(client, own)

    def _program(self, name: str, src: Source) -> model.Program | None:
        if name not in self.programs:
            ws = self.loader.workspace
            found = next((ws.content / f"{name}{s}" for s in YAML_SUFFIXES if (ws.content / f"{name}{s}").is_file()), None)
            if found is None:
                known = [p.stem for p in ws.programs()]
                self.report.error(src.loc(("program",)), "program", f"no program `{name}` in {self.loader._display(ws.content)}/"
                                  + schema.did_you_mean(name, known))
                return None
            self.programs[name] = self.loader.load(found)
        return self.programs[name]  # None: the program's own errors are reported already
