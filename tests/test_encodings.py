"""Text reports in the encodings Windows and Office save: UTF-8 (with or without a BOM),
UTF-16 with a BOM and Windows-1252 all read as the same document, with the same line
numbers; bytes that are not text in any of them are refused with one line naming the byte."""

from __future__ import annotations

import codecs

import pytest

from auditor.errors import InputError
from auditor.ingest import read_document
from auditor.resources import sample_report

# NBSP, an en dash and curly quotes: the non-ASCII characters reports are full of.
SMALL = (
    "Renstra 2021\u20132026 \u201cSosial\u201d\n"
    "Tabel 3.1 Capaian\n"
    "NO\tSASARAN\tINDIKATOR\tTARGET\tREALISASI\tCAPAIAN\n"
    "1\tMeningkatnya layanan\tPersentase PMKS\t80\u00a0%\t72\u00a0%\t90,00\u00a0%\n"
)


def _blocks(path):
    return read_document(path).blocks


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.replace("\n", "\r\n").encode("cp1252"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.replace("\n", "\r\n").encode("utf-16-be"),
    ],
    ids=["utf-8-bom", "cp1252-crlf", "utf-16-le", "utf-16-be-crlf"],
)
@pytest.mark.parametrize("text", [SMALL, sample_report().read_text(encoding="utf-8")])
def test_encodings_read_as_the_same_document(tmp_path, encode, text):
    original = tmp_path / "utf8.txt"
    original.write_bytes(text.encode("utf-8"))
    other = tmp_path / "other.txt"
    other.write_bytes(encode(text))
    assert _blocks(other) == _blocks(original)


def test_cp1252_cells_keep_their_characters(tmp_path):
    path = tmp_path / "laporan.txt"
    path.write_bytes(SMALL.encode("cp1252"))
    document = read_document(path)
    assert document.paragraphs[0].text == "Renstra 2021\u20132026 \u201cSosial\u201d"
    (table,) = document.tables
    cell = table.body_rows[0][3]
    assert (cell.raw, cell.location.line) == ("80\u00a0%", 4)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Tabel 1\n\x00\x01", "byte 8 is a control character (0x00); UTF-16 text must"),
        ("Tabel 1\n".encode("utf-16-le"), "byte 1 is a control character (0x00)"),
        (b"Tabel 1\n\x1b[31m", "byte 8 is a control character (0x1B)"),
        # 0xC3 0x81 is UTF-8 "Á" but 0x81 is undefined in Windows-1252; 0xFF is not UTF-8.
        ("Á ".encode() + b"\xff", "byte 3 (0xFF) is not UTF-8, and byte 1 (0x81) is not Windows"),
        (codecs.BOM_UTF16_LE + b"A\x00\x00\xdc", "byte 4 is not UTF-16-LE, the encoding its"),
        (codecs.BOM_UTF8 + b"Tabel \xff", "byte 9 is not UTF-8, the encoding its byte-order mark"),
        ("Tabel 1\n\u0085".encode(), "byte 8 is a control character (0x85)"),  # a C1 control
    ],
    ids=["nul", "utf-16-no-bom", "escape", "neither", "utf-16-bad", "utf-8-bom-bad", "c1"],
)
def test_not_text_is_refused_naming_the_byte(tmp_path, data, message):
    path = tmp_path / "laporan.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: not a text file: ")
    assert message in str(caught.value)
