"""Write models as JSON, CSV, ids or a table for people. Used by `list` and by export.

JSON is ASCII with `\\u` escapes: every id round-trips byte for byte and no raw control or
bidi character can reach a terminal. CSV and ids write strings as they are, unless a `clean`
function is given (the CLI passes one when stdout is a terminal).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from rich.cells import cell_len

from tui_models import fmt
from tui_models.catalog.compare import Comparison
from tui_models.model import PROTOCOL_LABELS, Model
from tui_models.textsafe import shorten, visible

FORMATS = ("table", "json", "csv", "ids")

CSV_FIELDS = ("id", "protocol", "display_name", "owned_by", "created", "context_window",
              "max_output", "input_per_1m", "output_per_1m", "per_request", "kind",
              "endpoint_types", "methods", "capabilities", "description", "first_seen",
              "is_new", "is_gone")


def _same(text: str) -> str:
    return text


def write_json(models: Iterable[Model], out: TextIO) -> int:
    """A JSON array, one record per line, written as it goes. Returns the count.

    `raw` is spliced in as the text the server sent (non-ASCII escaped), not re-encoded.
    """
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=True).encode
    out.write("[")
    for model in models:
        out.write(",\n" if count else "\n")
        record = dumps(model.to_json(raw=False))
        out.write(f'{record[:-1]}, "raw": {ascii_json(model.raw_text)}}}')
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def ascii_json(text: str) -> str:
    """JSON text with every non-ASCII character written as a \\u escape (same value)."""
    return text if text.isascii() else _NON_ASCII.sub(_escape, text)


def write_csv(models: Iterable[Model], out: TextIO,
              clean: Callable[[str], str] = _same) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    count = 0
    for model in models:
        record = model.to_json()
        row = []
        for name in CSV_FIELDS:
            value = record[name]
            if isinstance(value, list):
                value = ";".join(value)
            row.append(clean(value) if isinstance(value, str) else
                       ("" if value is None else value))
        writer.writerow(row)
        count += 1
    return count


def write_ids(models: Iterable[Model], out: TextIO,
              clean: Callable[[str], str] = _same) -> int:
    count = 0
    for model in models:
        out.write(clean(model.id) + "\n")
        count += 1
    return count


TABLE_COLUMNS = ("PROTOCOL", "ID", "OWNER", "IN $/1M", "OUT $/1M", "CONTEXT", "KIND")
_RIGHT = {"IN $/1M", "OUT $/1M", "CONTEXT"}


def table_row(model: Model, width: int = 60) -> tuple[str, ...]:
    """The table's cells for `model`: inert, shortened text."""
    return (
        PROTOCOL_LABELS[model.protocol],
        shorten(visible(model.id), width) + (" NEW" if model.is_new else "")
        + (" GONE" if model.is_gone else ""),
        shorten(visible(model.owned_by or "–"), 24),
        fmt.price(model.input_per_1m),
        fmt.price(model.output_per_1m),
        fmt.tokens(model.context_window),
        model.kind,
    )


def write_table(models: Sequence[Model], out: TextIO) -> int:
    """Aligned columns for people; every server string made visible and cut to fit."""
    rows = [TABLE_COLUMNS, *(table_row(m) for m in models)]
    widths = [max(cell_len(row[c]) for row in rows) for c in range(len(TABLE_COLUMNS))]
    for row in rows:
        cells = []
        for name, cell, width in zip(TABLE_COLUMNS, row, widths, strict=True):
            pad = " " * (width - cell_len(cell))
            cells.append(pad + cell if name in _RIGHT else cell + pad)
        out.write("  ".join(cells).rstrip() + "\n")
    return len(models)


def save(models: Sequence[Model], path: Path) -> Path:
    """Write `models` to `path` (CSV for `.csv`, JSON otherwise) atomically; never overwrite.

    Raises FileExistsError when `path` exists, OSError when it cannot be written.
    """
    path = path.expanduser().absolute()
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            if path.suffix.lower() == ".csv":
                write_csv(models, out)
            else:
                write_json(models, out)
        os.link(temporary, path)  # fails if the path appeared meanwhile: nothing clobbered
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return path


def write_comparison(comparison: Comparison, a: str, b: str, format_: str, out: TextIO,
                     clean: Callable[[str], str] = _same) -> None:
    """Write a profile comparison as a table for people or as JSON."""
    if format_ == "json":
        changes = [{"protocol": left.protocol, "id": left.id,
                    "a": _prices(left), "b": _prices(right)}
                   for left, right in comparison.price_changes]
        json.dump({"a": a, "b": b,
                   "only_a": [m.to_json(raw=False) for m in comparison.only_a],
                   "only_b": [m.to_json(raw=False) for m in comparison.only_b],
                   "both": [{"protocol": m.protocol, "id": m.id} for m, _ in comparison.both],
                   "price_changes": changes}, out, ensure_ascii=True, indent=1)
        out.write("\n")
        return
    for title, models in ((f"Only in {a}", comparison.only_a),
                          (f"Only in {b}", comparison.only_b)):
        out.write(f"{clean(title)}: {len(models)}\n")
        for model in models:
            out.write(f"  {PROTOCOL_LABELS[model.protocol]:<7} {visible(model.id)}\n")
    out.write(f"In both: {len(comparison.both)}, "
              f"{len(comparison.price_changes)} at different prices\n")
    for left, right in comparison.price_changes:
        out.write(f"  {PROTOCOL_LABELS[left.protocol]:<7} {visible(left.id)}   "
                  f"in {fmt.price(left.input_per_1m)} → {fmt.price(right.input_per_1m)}   "
                  f"out {fmt.price(left.output_per_1m)} → {fmt.price(right.output_per_1m)}\n")


def _prices(model: Model) -> dict[str, float | None]:
    return {"input_per_1m": model.input_per_1m, "output_per_1m": model.output_per_1m,
            "per_request": model.per_request}
