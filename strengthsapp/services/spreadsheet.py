"""Spreadsheets as CSV files that spreadsheet programs open as they were written.

Three things make that so:
- UTF-8 with a byte-order mark first: without it Excel reads the file in the machine's old
  code page, and "María" or an emoji comes out as mojibake.
- Formulas neutralised (OWASP, "CSV Injection"): a text cell that starts with `=`, `+`,
  `-`, `@`, a tab or a carriage return would be run as a formula, so it gets a leading
  apostrophe, which the spreadsheet shows as text. Numbers are written as numbers (the
  integer -2 stays -2; the text "-2" becomes "'-2").
- Every text cell in double quotes (`QUOTE_NONNUMERIC`), so that a spreadsheet set to
  another separator (";" in many languages) can't split "a;=1+1" into a second cell that
  starts with "=".

The standard library's `csv` does the writing. `csv_chunks` hands the file out in pieces
of about CHUNK_CHARS characters, written into a small buffer that is emptied after each:
the rows are read as they are written, and the whole file is never in memory.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

BOM = "\ufeff"
# What a spreadsheet takes as the start of a formula (OWASP), and the tab and carriage
# return that can hide one from a person reading the cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A piece of 16 K characters keeps the peak at about a quarter of a megabyte whatever the
# file's size (a StringIO holds 4 bytes a character once written to); 64 K cost twice that.
CHUNK_CHARS = 16 * 1024

Cell = str | int | float | date | None


def safe_cell(value: Cell) -> str | int | float:
    """One cell as written: text exactly as given, with an apostrophe in front if it
    would otherwise start a formula; a number as a number; a date as YYYY-MM-DD (a moment
    as ISO 8601); nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):  # an int to Python, but a word to a person
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[bytes]:
    """The file, in pieces of UTF-8: the byte-order mark and the header first, then the
    rows, as they come. `rows` is read only as far as the pieces are taken."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)  # lines end in CRLF, as RFC 4180 says

    def taken() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        # Text from the database is always whole UTF-8; "replace" only keeps a lone
        # surrogate (which no keyboard makes) from breaking the file halfway.
        return text.encode("utf-8", errors="replace")

    buffer.write(BOM)
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        if buffer.tell() >= CHUNK_CHARS:
            yield taken()
    if buffer.tell():
        yield taken()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The whole file at once, for a small one (a part of a ZIP)."""
    return b"".join(csv_chunks(header, rows))
