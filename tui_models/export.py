"""Write models as JSON, CSV, ids or a table for people. Used by `list` and by export.

JSON is the byte-exact channel: ASCII with `\\u` escapes, so every id round-trips byte for byte
and no raw control or bidi character can reach a terminal. CSV, ids and tables are for
people and spreadsheets: control, invisible and direction-changing characters are written as
visible escapes (`\\x1b`), and a CSV cell that a spreadsheet would run as a formula (`=`, `+`,
`-`, `@`, tab, CR) starts with a single quote, as OWASP recommends.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.cells import cell_len

from tui_models import fields, fmt, protocols
from tui_models.model import Model
from tui_models.store.files import atomic
from tui_models.textsafe import elide, visible

if TYPE_CHECKING:
    from tui_models.listing.compare import Comparison

FORMATS = ("table", "json", "csv", "ids")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that shows its text inert and never runs as a spreadsheet formula."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA):
        value = "'" + value
    return visible(value)


def record(model: Model, *, raw: bool = True) -> dict[str, Any]:
    """The JSON record of `model`: every JSON field of the field table, then `raw`."""
    found = fields.record(model)
    if raw:
        found["raw"] = model.raw
    return found


def write_json(models: Iterable[Model], out: TextIO) -> int:
    """A JSON array, one record per line, written as it goes. Returns the count.

    `raw` is spliced in as the text the server sent (non-ASCII escaped), not re-encoded.
    """
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=True).encode
    out.write("[")
    for model in models:
        out.write(",\n" if count else "\n")
        text = dumps(fields.record(model))
        out.write(f'{text[:-1]}, "raw": {ascii_json(model.raw_text)}}}')
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


def write_csv(models: Iterable[Model], out: TextIO) -> int:
    """A header of the field table's CSV fields, then a row per model."""
    columns = [f for f in fields.all_fields() if f.csv]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.key for f in columns])
    count = 0
    for model in models:
        writer.writerow([csv_cell(field.csv_value(model)) for field in columns])
        count += 1
    return count


def write_ids(models: Iterable[Model], out: TextIO) -> int:
    """One id per line, control characters as visible escapes (JSON has them exactly)."""
    count = 0
    for model in models:
        out.write(visible(model.id) + "\n")
        count += 1
    return count


def table_columns(models: Sequence[Model]) -> list[fields.Field]:
    """The field table's columns a CLI table shows (the NEW/GONE one only when needed)."""
    shown = {"", "all"}
    if any(m.is_new or m.is_gone or m.is_fav or m.changes or fields.deprecated(m)
           for m in models):
        shown.add("marked")
    if any(m.probe is not None for m in models):
        shown.add("probed")
    if any(m.ref is not None for m in models):
        shown.add("catalog")
    return [f for f in fields.columns() if f.when in shown]


def write_table(models: Sequence[Model], out: TextIO, width: int | None = None) -> int:
    """Aligned columns for people, every server string made visible. With a `width` (a
    terminal's), long cells but ids are elided in the middle, then columns dropped by the
    field table's priority, until rows fit; without one (a pipe), every value is whole."""
    columns = table_columns(models)
    titles = [(f.title or f.key).upper() for f in columns]
    rows = [[f.display(m) for f in columns] for m in models]
    widths = [max([cell_len(t), *(cell_len(r[c]) for r in rows)]) for c, t in enumerate(titles)]
    keep = list(range(len(columns)))
    if width is not None:
        keep = _fit(columns, titles, widths, width)
    for row in [titles, *rows]:
        cells = []
        for c in keep:
            cell = row[c] if field_is_id(columns[c]) else elide(row[c], widths[c])
            pad = " " * max(widths[c] - cell_len(cell), 0)
            cells.append(pad + cell if columns[c].right else cell + pad)
        out.write("  ".join(cells).rstrip() + "\n")
    return len(models)


def field_is_id(field: fields.Field) -> bool:
    return field.key == "id"


def _fit(columns: list[fields.Field], titles: list[str], widths: list[int],
         width: int) -> list[int]:
    """The columns kept, `widths` narrowed in place, so that a row fits `width`."""
    keep = list(range(len(columns)))

    def total() -> int:
        return sum(widths[c] for c in keep) + 2 * (len(keep) - 1)

    while total() > width:
        long = [c for c in keep if not field_is_id(columns[c])
                and widths[c] > max(cell_len(titles[c]), 12)]
        if long:
            widths[max(long, key=widths.__getitem__)] -= 1
            continue
        droppable = [c for c in keep if columns[c].priority]
        if not droppable:
            break
        keep.remove(max(droppable, key=lambda c: columns[c].priority))
    return keep


def save(models: Sequence[Model], path: Path) -> Path:
    """Write `models` to `path` (CSV for `.csv`, JSON otherwise) atomically, streamed, and
    return the absolute path written. Never overwrites: an export is the user's document from
    the moment it exists (`clobber=False, own=False` in `store.files`).

    Raises FileExistsError when `path` exists, OSError when it cannot be written.
    """
    write = write_csv if path.suffix.lower() == ".csv" else write_json
    with atomic(path, clobber=False, own=False) as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        write(models, out)
        out.flush()
        out.detach()  # the file is the writer's to close, after its rename
    return path.expanduser().absolute()


def price_change(a: Model, b: Model) -> str:
    """`in $2.5 → $1.25   out $10 → $5`: what each key pays for one model."""
    before, after = fields.prices(a), fields.prices(b)
    if before["per_request"] is not None or after["per_request"] is not None:
        return (f"per call {fmt.price(before['per_request'])} → "
                f"{fmt.price(after['per_request'])}")
    return (f"in {fmt.price(before['input_per_1m'])} → {fmt.price(after['input_per_1m'])}   "
            f"out {fmt.price(before['output_per_1m'])} → {fmt.price(after['output_per_1m'])}")


def write_comparison(comparison: Comparison, a: str, b: str, format_: str,
                     out: TextIO) -> None:
    """Write a profile comparison as a table for people or as JSON."""
    if format_ == "json":
        changes = [{"protocol": left.protocol, "id": left.id,
                    "a": fields.prices(left), "b": fields.prices(right)}
                   for left, right in comparison.price_changes]
        json.dump({"a": a, "b": b,
                   "only_a": [record(m, raw=False) for m in comparison.only_a],
                   "only_b": [record(m, raw=False) for m in comparison.only_b],
                   "both": [{"protocol": m.protocol, "id": m.id} for m, _ in comparison.both],
                   "price_changes": changes}, out, ensure_ascii=True, indent=1)
        out.write("\n")
        return
    if comparison.same:
        out.write(f"no differences: {visible(a)} and {visible(b)} see the same "
                  f"{len(comparison.both):,} models at the same prices\n")
        return
    for title, models in ((f"Only in {a}", comparison.only_a),
                          (f"Only in {b}", comparison.only_b)):
        out.write(f"{visible(title)}: {len(models)}\n")
        for model in models:
            out.write(f"  {protocols.label(model.protocol):<7} {visible(model.id)}\n")
    out.write(f"In both: {len(comparison.both)}, "
              f"{len(comparison.price_changes)} at different prices\n")
    for left, right in comparison.price_changes:
        out.write(f"  {protocols.label(left.protocol):<7} {visible(left.id)}   "
                  f"{price_change(left, right)}\n")
