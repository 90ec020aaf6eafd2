"""Write the flat tables (:mod:`newsfuse.store.tables`) as CSV, NDJSON or Parquet.

One row per record, one value per column, so a spreadsheet, pandas or DuckDB
reads an export as it is. CSV leaves a missing value empty and writes
numbers as Python prints them; NDJSON writes ``null``; Parquet keeps the
SQL column types (text, 64-bit integers, doubles), also for an empty table.
Parquet needs ``pyarrow`` (a dependency of newsfuse).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import astuple, fields
from typing import IO, Any, Iterable

from .store.tables import TABLES, columns, read_rows

__all__ = ["FORMATS", "write_table", "export_table", "csv_cell"]

FORMATS = ("csv", "ndjson", "parquet")

# A CSV cell that starts with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any, *, safe: bool = False) -> Any:
    """A value as a CSV cell; with ``safe``, text a spreadsheet would run as a
    formula gets a leading apostrophe (for files that come from untrusted articles).

    Example:
        >>> csv_cell(None), csv_cell(3), csv_cell("=HYPERLINK(1)", safe=True), csv_cell(-2.5, safe=True)
        ('', 3, "'=HYPERLINK(1)", -2.5)
    """
    if value is None:
        return ""
    if safe and isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_csv(name: str, rows: Iterable, out: IO[str], safe: bool) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns(name))
    count = 0
    for row in rows:
        writer.writerow([csv_cell(v, safe=safe) for v in astuple(row)])
        count += 1
    return count


def _write_ndjson(name: str, rows: Iterable, out: IO[str]) -> int:
    cols = columns(name)
    count = 0
    for row in rows:
        out.write(json.dumps(dict(zip(cols, astuple(row))), ensure_ascii=False) + "\n")
        count += 1
    return count


def _arrow_type(annotation: str):
    import pyarrow as pa

    if annotation.startswith("int"):
        return pa.int64()
    if annotation.startswith("float"):
        return pa.float64()
    return pa.string()


def _write_parquet(name: str, rows: Iterable, out: IO[bytes]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise RuntimeError("Parquet needs pyarrow: pip install pyarrow") from None
    record = TABLES[name]
    schema = pa.schema([(f.name, _arrow_type(str(f.type))) for f in fields(record)])
    values = [astuple(r) for r in rows]
    table = pa.Table.from_arrays(
        [pa.array([v[i] for v in values], type=field.type) for i, field in enumerate(schema)], schema=schema)
    pq.write_table(table, out)
    return len(values)


def write_table(conn: sqlite3.Connection, name: str, fmt: str, out: IO, *, story: str | None = None,
                safe: bool = False) -> int:
    """Write table ``name`` (an export name: ``stories``, ``claims``...) to ``out``.

    Args:
        fmt: ``csv`` or ``ndjson`` (``out`` is a text stream) or ``parquet`` (binary stream).
        story: only this story's rows.
        safe: CSV only: neutralise cells a spreadsheet would run as formulas (:func:`csv_cell`).

    Returns:
        the number of rows written.
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r} (one of {', '.join(TABLES)})")
    rows = read_rows(conn, name, story)
    if fmt == "csv":
        return _write_csv(name, rows, out, safe)
    if fmt == "ndjson":
        return _write_ndjson(name, rows, out)
    if fmt == "parquet":
        return _write_parquet(name, rows, out)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def export_table(conn: sqlite3.Connection, name: str, fmt: str, *, story: str | None = None,
                 safe: bool = False) -> bytes:
    """A whole export in memory (for the web downloads and tests)."""
    if fmt == "parquet":
        buffer = io.BytesIO()
        write_table(conn, name, fmt, buffer, story=story)
        return buffer.getvalue()
    text = io.StringIO()
    write_table(conn, name, fmt, text, story=story, safe=safe)
    return text.getvalue().encode("utf-8")
