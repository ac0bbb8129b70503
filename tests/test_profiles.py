"""Table profiles are data: a broken one is a clear error naming file and line."""

from __future__ import annotations

import pytest

from auditor.errors import ConfigError
from auditor.recognise.profiles import load_profiles

GOOD_KIND = """\
version: 1
kinds:
  - kind: demo
    title: {id: Contoh, en: Example}
    header_all: [anggaran]
    columns:
      - {name: anggaran, type: number, match: [anggaran]}
"""


def write(tmp_path, text):
    path = tmp_path / "tables.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_profiles_load():
    kinds = [p.kind for p in load_profiles()]
    for expected in ("pk", "iku", "capaian", "realisasi_anggaran", "efisiensi", "skala"):
        assert expected in kinds


def test_valid_custom_profile(tmp_path):
    (profile,) = load_profiles(write(tmp_path, GOOD_KIND))
    assert profile.kind == "demo"
    assert profile.column("anggaran").type == "number"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (GOOD_KIND.replace("header_all:", "header_al:"), "unknown key 'header_al'", 5),
        (GOOD_KIND.replace("type: number", "type: money"), "type: Input should be 'code'", 7),
        (
            GOOD_KIND.replace("[anggaran]\n    columns", "['(']\n    columns"),
            "header_all[0]: invalid regular expression '('",
            5,
        ),
        (GOOD_KIND + "  - kind: demo\n    title: {id: a, en: b}\n", "declared twice", 8),
        (GOOD_KIND.replace("kinds:", "kinds: [\n"), "invalid YAML", None),
        (GOOD_KIND.replace("title: {id: Contoh, en: Example}", "title: x"), "title: Input", 4),
    ],
)
def test_broken_profiles_name_file_and_line(tmp_path, text, message, line):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as excinfo:
        load_profiles(path)
    error = str(excinfo.value)
    assert str(path) in error
    assert message in error
    if line is not None:
        assert f":{line}:" in error


def test_yaml_is_loaded_safely(tmp_path):
    path = write(tmp_path, "!!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(ConfigError):
        load_profiles(path)
