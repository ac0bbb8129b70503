"""Fuzzing every parser of untrusted input: the result is clean or an `AuditorError`, never
any other exception (and never a hang or exhausted memory).

- the number parser, on arbitrary text and on strings built from digits and separators;
- the text reader, on generated documents that look like reports (TAB and pipe rows,
  captions, numbers, prose, blank lines, page breaks), through recognition and a full
  audit, and on arbitrary bytes;
- the rule-pack loader, on YAML-ish text (anchors and aliases, tags, flow collections) and
  on mutated copies of the core packs (keys dropped, wrong types, unknown check kinds, huge
  numbers, deep nesting, alias bombs).

Examples are bounded so the whole module runs in seconds. Regression tests for what the
fuzzing found are at the end.
"""

from __future__ import annotations

import copy
import io
from decimal import Decimal
from unittest.mock import patch

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.checks.scale import parse_range
from auditor.engine import audit
from auditor.errors import ConfigError, InputError
from auditor.ingest import read_document
from auditor.ingest.blocks import clean_text
from auditor.ingest.text import parse_text
from auditor.model import Document, Paragraph, Table
from auditor.numbers import detect_convention, format_number, parse_number
from auditor.recognise.profiles import load_profiles
from auditor.recognise.tables import recognise
from auditor.resources import bundled_path, sample_report
from auditor.rules import Rule, load_rules

RULE_KEYS = {name for name, field in Rule.model_fields.items() if not field.exclude}
PROFILES = load_profiles()
RULES = load_rules([], PROFILES)
CORE_PACKS = sorted(bundled_path("rules", "core").glob("*.yaml"))
PARSED_PACKS = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in CORE_PACKS]
FUZZ = settings(max_examples=200, deadline=None)

# --- numbers -------------------------------------------------------------------------------

GROUPED = st.from_regex(r"\A[0-9]{1,3}(?:[.,][0-9]{3}){0,4}(?:[.,][0-9]{1,4})?\Z")
NUMBER_PIECES = st.sampled_from(
    ["(", ")", "-", "\u2212", "Rp", "Rp.", "rp ", "IDR", "%", " ", "\u00a0", ",-", ".-", ".", ","]
) | st.sampled_from(["*", "_", "N/A", "strata ", "Madya", "0", "00"])
NUMBERISH = st.lists(
    st.one_of(GROUPED, st.integers(0, 10**40).map(str), NUMBER_PIECES), max_size=8
).map("".join)


@FUZZ
@given(raw=st.one_of(st.text(), NUMBERISH), convention=st.sampled_from(["id", "en"]))
def test_parse_number_never_raises_and_keeps_printed_precision(raw, convention):
    parsed = parse_number(raw, convention)
    assert parsed.raw == raw
    for reading in parsed.readings:
        assert reading.value.is_finite()
        assert -reading.value.as_tuple().exponent == reading.decimals
        if parsed.is_number:  # printing a reading again gives a string that reads as it
            again = format_number(reading.value, reading.decimals, reading.convention or "id")
            values = [r.value for r in parse_number(again, reading.convention or "id").readings]
            assert reading.value in values
    assert detect_convention([raw, raw]) in ("id", "en")


# --- the text reader -----------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "NO",
        "SASARAN",
        "INDIKATOR",
        "SATUAN",
        "TARGET",
        "REALISASI",
        "CAPAIAN",
        "ANGGARAN",
        "PREDIKAT",
    ]
) | st.sampled_from(
    ["Program", "Persentase PMKS", "Jumlah", "Total", "N/A", "-", "Sangat Berhasil", "KLA", "", " "]
)
VALUES = st.from_regex(r"\A-?(?:Rp ?)?[0-9]{1,3}(?:\.[0-9]{3}){0,3}(?:,[0-9]{1,4})?(?: ?%)?\Z")
CODES = st.sampled_from(["1", "2", "1.", "1.1", "1.1.1", "A.", "B.2.3", "(1)", "(2)", "(3)"])
CELL = st.one_of(WORDS, VALUES, CODES, st.text(max_size=6))
TAB_ROW = st.lists(CELL, min_size=1, max_size=8).map("\t".join)
PIPE_ROW = st.lists(CELL, min_size=1, max_size=7).map(lambda cells: "| " + " | ".join(cells))
MARKDOWN_RULE = st.integers(1, 7).map(lambda n: "|" + "---|" * n)
CAPTION = st.builds(
    "Tabel {} {}".format,
    st.sampled_from(["1", "2.2.1", "3.1.3", "3.7.1", "III.4"]),
    st.sampled_from(["Capaian Kinerja", "Realisasi Anggaran", "Perjanjian Kinerja", "Skala", ""]),
)
PROSE = st.one_of(
    st.sampled_from(
        [
            "Capaian Persentase PMKS sebesar 90,00% dengan predikat Sangat Berhasil.",
            "Total anggaran Rp 1.234.567 terserap 95,5%.",
            "terdiri dari 11 program, 23 kegiatan dan 38 sub kegiatan",
            "BAB III AKUNTABILITAS KINERJA",
            "# Realisasi Anggaran",
        ]
    ),
    st.text(max_size=40),
)
BLANK = st.sampled_from(["", " ", "\t", "\t\t", "\u00a0", "\f", "\u2028"])
# The sample's own table headers (with their captions), so that generated tables are
# recognised and every check kind gets to run on their random rows.
HEADERS = [
    (
        table.caption.text if table.caption else "",
        "\n".join("\t".join(cell.raw for cell in row) for row in table.header_rows),
        table.width,
    )
    for table in read_document(sample_report()).tables
]


@st.composite
def table_block(draw: st.DrawFn) -> str:
    caption, header, width = draw(st.sampled_from(HEADERS))
    row = st.lists(st.one_of(CODES, WORDS, VALUES, VALUES), min_size=width, max_size=width)
    rows = ["\t".join(cells) for cells in draw(st.lists(row, max_size=12))]
    return "\n".join([caption, header, *rows])


LINE = st.one_of(table_block(), TAB_ROW, TAB_ROW, PIPE_ROW, MARKDOWN_RULE, CAPTION, PROSE, BLANK)
REPORT = st.builds(
    lambda lines, newline: newline.join(lines),
    st.lists(LINE, max_size=40),
    st.sampled_from(["\n", "\r\n"]),
)


def editor_lines(content: str) -> list[str]:
    """The lines an editor numbers: universal newlines, nothing else breaks a line."""
    return [line.rstrip("\n") for line in io.StringIO(content, newline=None)]


def assert_located(content: str, blocks: list[Paragraph | Table]) -> None:
    lines = editor_lines(content)
    for block in blocks:
        if isinstance(block, Paragraph):
            assert block.text == clean_text(lines[block.location.line - 1]), block
        else:
            for row in block.header_rows + block.body_rows:
                line = lines[row[0].location.line - 1]
                assert "\t" in line or "|" in line, (row[0].location, line)


@FUZZ
@given(content=REPORT)
def test_text_tables_parse_recognise_and_audit(content):
    blocks = parse_text(content)
    assert_located(content, blocks)
    document = Document.from_source("fuzz.txt", "text", content.encode(), blocks)
    recognise(document, PROFILES)
    audit(document, RULES, PROFILES)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=200),
        st.tuples(REPORT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])).map(
            lambda pair: pair[0].encode(pair[1], errors="replace")
        ),
    )
)
def test_text_file_reads_cleanly_or_is_refused(tmp_path_factory, data):
    path = tmp_path_factory.getbasetemp() / "fuzz.txt"
    path.write_bytes(data)
    try:
        read_document(path)
    except InputError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)


# --- the rule-pack loader ------------------------------------------------------------------

HUGE = "9" * 5000
YAML_SYNTAX = ["rules:", "\n", "\n  ", "\n    ", "- ", ": ", ", ", "? ", "{", "}", "[", "]"]
YAML_SYNTAX += ["'", '"', "|", ">", "#", "\t"]
YAML_ALIASES = ["&a ", "&b ", "*a", "*b", "<<: *a"]
YAML_TAGS = ["!!python/object:os.system ", "!!python/name:os.system ", "!!binary ", "!!set "]
YAML_TAGS += ["!!omap ", "!!map ", "!!int ", "!!float ", "!!bool ", "!!timestamp "]
YAML_SCALARS = ["~", "null", HUGE, "2023-02-30", ".nan", "-.inf", "1e999", "0x1F", "yes"]
RULE_PIECES = ["code: LKJ901", "name: x", "severity: error", "tables: [capaian]", "check: ratio"]
RULE_PIECES += ["check: eval", "params:", "value: capaian", "message: {id: a, en: b}", "source: s"]
YAML_PIECES = st.sampled_from(
    [*YAML_SYNTAX, *YAML_ALIASES, *YAML_TAGS, *YAML_SCALARS, *RULE_PIECES, "version: 1"]
)
YAMLISH = st.lists(st.one_of(YAML_PIECES, st.text(max_size=5)), max_size=50).map("".join)


def alias_bomb(levels: int, width: int) -> str:
    """A "billion laughs": each level a list of `width` aliases of the level below."""
    lines = ["rules:", "  - code: LKJ901", "    name: &l0 lol"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"    x{level}: &l{level} [{aliases}]")
    return "\n".join([*lines, f"    tables: *l{levels}", ""])


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.sampled_from(["ratio", "sum", "eval", "capaian", "realisasi", "no_such_kind", "LKJ9999"]),
)
VALUES_YAML = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(sorted(RULE_KEYS)), st.text(max_size=6)), inner),
    ),
    max_leaves=12,
)


def nested(depth: int) -> object:
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def mutated_pack(draw: st.DrawFn) -> str:
    """A core pack with one to three random edits anywhere in its structure."""
    pack = copy.deepcopy(draw(st.sampled_from(PARSED_PACKS)))
    for _ in range(draw(st.integers(1, 3))):
        parent, node = None, pack
        key: object = None
        while isinstance(node, dict | list) and node and draw(st.integers(0, 2)):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, draw(st.sampled_from(keys))
            node = node[key]
        edit = draw(st.sampled_from(["drop", "replace", "add", "deep"]))
        if parent is None or (edit == "add" and isinstance(node, dict)):
            target = node if isinstance(node, dict) else pack
            target[draw(st.text(max_size=8))] = draw(VALUES_YAML)
        elif edit == "drop":
            del parent[key]
        elif edit == "add" and isinstance(node, list):
            node.append(draw(VALUES_YAML))
        else:
            parent[key] = nested(draw(st.integers(40, 80))) if edit == "deep" else draw(VALUES_YAML)
    return yaml.safe_dump(pack, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def load_pack(tmp_path_factory):
    """Load a pack's text as the only rule pack (the core packs left out: no code clashes)."""
    folder = tmp_path_factory.mktemp("packs")
    empty = folder / "empty"
    empty.mkdir()
    path = folder / "pack.yaml"

    def load(text: str) -> list:
        path.write_text(text, encoding="utf-8")
        with patch("auditor.rules.bundled_path", return_value=empty):
            try:
                return load_rules([path], PROFILES)
            except ConfigError as exc:
                assert str(exc).startswith(f"{path}:") and "\n" not in str(exc)
                return []

    return load


@FUZZ
@given(
    text=st.one_of(
        YAMLISH,
        VALUES_YAML.map(yaml.safe_dump),
        st.builds(alias_bomb, st.integers(1, 9), st.integers(1, 12)),
    )
)
def test_rule_pack_loader_on_yamlish_text(load_pack, text):
    load_pack(text)


@FUZZ
@given(text=mutated_pack())
def test_rule_pack_loader_on_mutated_core_packs(load_pack, text):
    load_pack(text)


def test_every_core_pack_loads_alone(load_pack):
    """The fuzzing above starts from packs that load: the edits make the difference."""
    for path in CORE_PACKS:
        assert load_pack(path.read_text(encoding="utf-8"))


# --- regressions: what the fuzzing found ---------------------------------------------------


@pytest.mark.parametrize("separator", ["\f", "\u2028", "\x1c", "\x85", "\v"])
def test_line_numbers_count_only_line_ends(separator):
    """`str.splitlines` broke lines at form feeds (PDF-to-text page breaks) and Unicode
    separators too, so every line after one was numbered one too high."""
    content = f"Satu{separator}dua\nTabel 1 Capaian\nNO\tINDIKATOR\tTARGET\n1\tPMKS\t80\nAkhir\n"
    blocks = parse_text(content)
    assert_located(content, blocks)
    assert blocks[-1].location.line == 5


RULE = """\
rules:
  - code: {code}
    name: fuzz
    severity: error
    tables: {tables}
    check: ratio
    params: {params}
    message: {{id: a, en: b}}
    source: s
    version: 1
"""


def rule(code: str = "LKJ901", tables: str = "[capaian]", params: str = "{value: x}") -> str:
    return RULE.format(code=code, tables=tables, params=params)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Escaped as other exceptions (an internal error, not a pack error):
        ("a: 2023-02-30\n", ": line 1: invalid timestamp (day is out of range for month)"),
        (f"a:\n  b: {HUGE}\n", ": line 2: invalid int (Exceeds the limit (4300 digits)"),
        ("a: !!int\n", ": line 1: invalid int (string index out of range)"),  # IndexError
        ("a: !!bool x\n", ": line 1: invalid bool ('x')"),  # KeyError
        ("a: !!map [1]\n", ": line 1: expected a mapping"),  # TypeError
        ("a: " + "[" * 60 + "]" * 60 + "\n", ": line 1: nested more than 50 levels deep"),
        (rule(tables="[[capaian]]"), ":5: rules[0].tables[0]: Input should be a valid string"),
        (rule(params=""), ":7: rules[0].params: Input should be a valid dictionary"),
        (rule(params="[]"), ":7: rules[0].params: Input should be a valid dictionary"),
        # Exhausted memory wherever the data was printed or walked:
        (alias_bomb(9, 9), ": line 9: aliases expand this to more than 100000 values"),
        ("a: &a [1, *a]\n", ": line 1: an alias refers to a value that holds it"),
        # Messages of two lines or more:
        ("rules: []\n\x08", ":2: invalid YAML: character U+0008 is not allowed"),
        ('rules: []\n"x\\ny": 1\n', ":2: unknown key 'x\\ny' (allowed: pack, rules, version)"),
        (rule(code='"LKJ901\\n"'), ":2: rules[0].code: 'LKJ901\\n' is not a rule code like"),
    ],
    ids=[
        "date",
        "huge-int",
        "empty-int",
        "bad-bool",
        "map-of-a-list",
        "deep",
        "unhashable-kind",
        "null-params",
        "list-params",
        "billion-laughs",
        "recursive",
        "control-character",
        "newline-in-key",
        "newline-in-code",
    ],
)
def test_rule_pack_errors_found_by_fuzzing(tmp_path, text, message):
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules([path], PROFILES)
    assert str(caught.value).startswith(f"{path}{message}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("text", ["0.1.2", "1.2,3.4 - 100", "> 9.99.9"])
def test_scale_range_with_a_malformed_number_is_unreadable(text):
    """A predicate-scale row such as "0.1.2" failed an assertion in the scale check."""
    assert parse_range(text) is None


@pytest.mark.parametrize("raw", ["-" + "1" * 29, "(" + "9" * 40 + ")", "-1" + ".000" * 10])
def test_negative_numbers_keep_every_digit(raw):
    """Negating a parsed value rounded it to 28 significant digits."""
    digits = raw.strip("-()").replace(".", "")
    assert parse_number(raw).value == Decimal("-" + digits)
