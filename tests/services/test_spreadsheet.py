"""The CSV writer (services.spreadsheet): what a person wrote comes back exactly, through
the standard library's reader, and nothing in it can run as a formula."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from strengthsapp.services import spreadsheet
from strengthsapp.services.spreadsheet import BOM, csv_bytes, csv_chunks, safe_cell

HYPERLINK = '=HYPERLINK("http://x","y")'
LONG = ("I want to walk to the river every morning and say hello to the ducks. " * 200)[:10_000]
PEOPLE_WROTE = [
    "Find a job with animals",
    "🌱 Grow tomatoes on the balcony 🍅",
    "أريد أن أزور أختي",  # Arabic: "I want to visit my sister"
    "אני רוצה ללמוד לבשל",  # Hebrew: "I want to learn to cook"
    "Mix: English then עברית then 123",
    'She said "yes!", then: hooray',
    "line one\nline two\r\nline three",
    "a;=1+1",  # another separator can't make the second part a formula: the cell is quoted
    " =not at the start",
    "",
    LONG,
]


def parsed(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("=", "'="),
    ],
)
def test_a_cell_that_would_start_a_formula_starts_with_an_apostrophe(cell, written):
    assert safe_cell(cell) == written


def test_numbers_stay_numbers_and_nothing_is_an_empty_cell():
    assert safe_cell(-2) == -2 and safe_cell(3) == 3 and safe_cell(1.5) == 1.5
    assert safe_cell(None) == ""
    assert safe_cell(True) == "True"  # a word, not the number 1
    assert safe_cell(float("nan")) == "nan"
    assert safe_cell(date(2026, 3, 1)) == "2026-03-01"
    assert safe_cell(datetime(2026, 3, 1, 9, 30, tzinfo=UTC)) == "2026-03-01T09:30:00+00:00"


def test_the_integer_minus_two_is_a_number_and_the_text_minus_two_is_text():
    data = csv_bytes(["text", "number"], [["-2", -2]])
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1] == '"\'-2",-2'
    assert parsed(data)[1] == ["'-2", "-2"]


def test_what_people_wrote_comes_back_exactly():
    data = csv_bytes(["What I want"], [[words] for words in PEOPLE_WROTE])
    assert [row[0] for row in parsed(data)] == ["What I want", *PEOPLE_WROTE]


def test_a_formula_comes_back_with_only_the_apostrophe_added():
    rows = [[HYPERLINK, "+1", "-2", -2, "@SUM(A1)", "🎉 =HYPERLINK"]]
    [_header, back] = parsed(csv_bytes(["a", "b", "c", "d", "e", "f"], rows))
    assert back == ["'" + HYPERLINK, "'+1", "'-2", "-2", "'@SUM(A1)", "🎉 =HYPERLINK"]
    assert [cell.removeprefix("'") for cell in back[:3]] == [HYPERLINK, "+1", "-2"]


def test_every_text_cell_is_quoted_and_numbers_are_not():
    line = csv_bytes(["a"], [["words", 7, "a;=1+1"]]).decode("utf-8-sig").splitlines()[1]
    assert line == '"words",7,"a;=1+1"'


def test_the_file_is_utf8_with_a_byte_order_mark_and_lines_end_in_crlf():
    data = csv_bytes(["Name"], [["María 🌱"]])
    assert data == b'\xef\xbb\xbf"Name"\r\n"Mar\xc3\xada \xf0\x9f\x8c\xb1"\r\n'


def test_the_rows_are_read_only_as_far_as_the_file_is_taken(monkeypatch):
    monkeypatch.setattr(spreadsheet, "CHUNK_CHARS", 1000)
    read = []

    def rows():
        for n in range(1000):
            read.append(n)
            yield [f"Row {n}", LONG[:90]]

    pieces = csv_chunks(["Name", "Words"], rows())
    first = next(pieces)
    assert first.startswith(BOM.encode("utf-8")) and 0 < len(read) < 20
    rest = list(pieces)
    assert len(read) == 1000 and max(len(p) for p in rest) < 1200
    assert [row[0] for row in parsed(first + b"".join(rest))[1:]] == [f"Row {n}" for n in range(1000)]


def test_an_empty_sheet_is_its_header():
    assert list(csv_chunks(["Month", "How many"], [])) == [b'\xef\xbb\xbf"Month","How many"\r\n']
