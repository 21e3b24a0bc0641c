"""pydantic's validation errors as problems a teacher can act on, at the right line."""

from __future__ import annotations

from pydantic import ValidationError

from ..errors import Report
from . import schema
from .reader import Source


def report_validation(exc: ValidationError, src: Source, report: Report, root: str = "") -> None:
    """Turn pydantic's errors into teacher-friendly problems at the right line."""
    for e in exc.errors(include_url=False):
        loc = schema.clean_loc(tuple(e["loc"]))
        typ = e["type"]
        where = src.loc(loc)
        path = loc
        if typ == "missing":
            path = loc[:-1]
            where = src.loc(path)
            msg = f"the key `{loc[-1]}` is missing"
        elif typ == "extra_forbidden":
            key = str(loc[-1])
            where = src.loc(loc, key=True)
            msg = f"unknown key `{key}`" + schema.did_you_mean(key, schema.allowed_keys(loc[:-1], root))
        elif typ in ("model_type", "dict_type", "model_attributes_type"):
            if not loc:
                msg = f"the file must be a mapping of keys such as `title: ...`, not {schema.kind_of(e['input'])}"
            else:
                msg = f"expected a mapping (lines of `key: value`), got {schema.kind_of(e['input'])}"
        elif typ == "list_type":
            msg = f"expected a list (lines starting with `- `), got {schema.kind_of(e['input'])}"
        elif typ == "too_short":
            msg = "needs at least one item"
        elif typ == "too_long":
            msg = f"has {len(e['input']):,} items; the limit is {(e.get('ctx') or {}).get('max_length', schema.MAX_ITEMS)}"
        else:
            msg = e["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            if typ == "mb_steps":  # at an empty `steps:` or `parts:` the movement has, else at the movement
                for key in ("steps", "parts"):
                    if loc + (key,) in src.marks:
                        where = src.loc(loc + (key,), key=True)
                        break
        report.error(where, path, msg)
