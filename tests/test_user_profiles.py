"""`--profiles FILE_OR_DIR`: a reviewer's own table kinds, validated like the built-in ones
(file:line errors, exit 3), tried before them, replacing a built-in kind of the same name;
the documented example docs/examples/profiles-rsud.yaml + rules-rsud.yaml (issue 15, item 5).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.errors import ConfigError
from auditor.recognise.profiles import load_profiles

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
PROFILES = EXAMPLES / "profiles-rsud.yaml"
RULES = EXAMPLES / "rules-rsud.yaml"
REPORT = EXAMPLES / "laporan-rsud.txt"
WITH_EXAMPLE = ["--profiles", str(PROFILES), "--rules", str(RULES)]


def _json(args: list[str]) -> tuple[int, dict]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, json.loads(result.output)


def test_the_example_adds_a_kind_and_its_rule_finds_the_impossible_bor():
    code, document = _json(["audit", str(REPORT), "--format", "json", *WITH_EXAMPLE])
    assert code == 0  # a warning: below --fail-on error
    assert [t["kind"] for t in document["tables"]] == ["statistik_rawat_inap"]
    found = [(f["rule"], f["severity"], f["column"], f["reported"]) for f in document["findings"]]
    assert found == [("RSU301", "warning", "bor", "107,40")]


def test_without_the_profiles_the_table_is_not_recognised():
    result = CliRunner().invoke(main, ["audit", str(REPORT), "--format", "json"])
    assert result.exit_code == 4  # nothing could be checked
    # The rule pack names a kind only the profiles declare: refused, naming file and line.
    result = CliRunner().invoke(main, ["audit", str(REPORT), "--rules", str(RULES)])
    assert result.exit_code == 3
    assert "rules-rsud.yaml:" in result.output and "statistik_rawat_inap" in result.output


@pytest.mark.parametrize("folder", [False, True])
def test_tables_shows_the_user_kind(tmp_path, folder):
    if folder:  # a folder of profile files
        (tmp_path / "rsud.yml").write_text(PROFILES.read_text())
    where = tmp_path if folder else PROFILES
    code, document = _json(["tables", str(REPORT), "--format", "json", "--profiles", str(where)])
    assert code == 0
    assert "statistik_rawat_inap" in json.dumps(document)


def test_rules_and_explain_know_the_user_rule():
    result = CliRunner().invoke(main, ["rules", "--format", "json", *WITH_EXAMPLE])
    assert result.exit_code == 0 and "RSU301" in result.output
    result = CliRunner().invoke(main, ["explain", "RSU301", *WITH_EXAMPLE])
    assert result.exit_code == 0, result.output


def test_batch_workers_receive_the_profiles(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(REPORT), "-j", "1", "--output", str(out), *WITH_EXAMPLE]
    )
    assert result.exit_code == 0, result.output
    document = json.loads((out / "laporan-rsud.json").read_text())
    assert [f["rule"] for f in document["findings"]] == ["RSU301"]


def test_export_gx_accepts_profiles(tmp_path):
    result = CliRunner().invoke(
        main, ["export-gx", str(REPORT), "--output", str(tmp_path / "gx"), *WITH_EXAMPLE]
    )
    assert result.exit_code == 0, result.output
    assert any("statistik_rawat_inap" in p.name for p in (tmp_path / "gx").rglob("*.csv"))


def test_an_invalid_profile_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nkinds:\n  - kind: Bad-Name\n    title: {id: x, en: x}\n")
    result = CliRunner().invoke(main, ["audit", str(REPORT), "--profiles", str(bad)])
    assert result.exit_code == 3
    assert f"{bad}:3" in result.output
    missing = CliRunner().invoke(main, ["audit", str(REPORT), "--profiles", str(tmp_path / "no")])
    assert missing.exit_code == 3 and "not found" in missing.output


def test_a_kind_declared_in_two_user_files_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(PROFILES.read_text())
    (tmp_path / "b.yaml").write_text(PROFILES.read_text())
    with pytest.raises(ConfigError, match=r"b\.yaml:\d+: table kind 'statistik_rawat_inap' "):
        load_profiles(extra=[tmp_path])


def test_user_kinds_come_first_and_replace_a_built_in_of_the_same_name(tmp_path):
    """A reviewer widens the built-in budget-realisation kind to a "Belanja" header; the
    core rules still apply to it."""
    built_in = {p.kind: p for p in load_profiles()}
    own = tmp_path / "wider.yaml"
    own.write_text(
        "version: 1\nkinds:\n"
        "  - kind: realisasi_anggaran\n"
        "    title: {id: Realisasi belanja, en: Spending}\n"
        "    header_all: ['anggaran|pagu|alokasi|belanja', realisasi]\n"
        "    header_none: [indikator, target, efisiensi]\n"
        "    label: uraian\n"
        "    levels: [urusan, program, kegiatan, sub_kegiatan]\n"
        "    columns:\n"
        "      - {name: uraian, type: name, match: [program, kegiatan, uraian, jenis]}\n"
        "      - {name: sisa, type: number, exact: true, amount: true, match: [sisa]}\n"
        "      - {name: penyerapan, type: number, match: ['%', serapan]}\n"
        "      - {name: realisasi, type: number, exact: true, amount: true, match: [realisasi]}\n"
        "      - {name: anggaran, type: number, exact: true, amount: true,"
        " match: [anggaran, pagu, belanja]}\n"
    )
    profiles = load_profiles(extra=[own])
    assert profiles[0].kind == "realisasi_anggaran" and profiles[0] != built_in[profiles[0].kind]
    assert [p.kind for p in profiles].count("realisasi_anggaran") == 1
    report = tmp_path / "belanja.txt"
    report.write_text(
        "Tabel 4 Realisasi Belanja Kecamatan Sukamaju Tahun 2024\n\n"
        "NO\tJENIS BELANJA\tBELANJA\tREALISASI\t%\n"
        "1.\tBelanja Pegawai\t800.000.000\t790.000.000\t98,75\n"
        "2.\tBelanja Barang dan Jasa\t400.000.000\t390.000.000\t97,50\n"
        "\tJUMLAH\t1.200.000.000\t1.180.000.000\t98,33\n"
    )
    code, document = _json(["audit", str(report), "--format", "json", "--profiles", str(own)])
    assert [t["kind"] for t in document["tables"]] == ["realisasi_anggaran"]
    assert code == 0 and document["findings"] == []
    assert document["summary"]["coverage"]["tables_checked"] == 1  # footed and ratios checked
    report.write_text(report.read_text().replace("790.000.000", "970.000.000"))
    code, document = _json(["audit", str(report), "--format", "json", "--profiles", str(own)])
    assert code == 1  # the core rules judge the reviewer's version of the kind
    assert ("1", "realisasi") in {(f["row"], f["column"]) for f in document["findings"]}


def test_a_replacement_that_drops_what_core_rules_need_is_refused(tmp_path):
    own = tmp_path / "narrow.yaml"
    own.write_text(
        "version: 1\nkinds:\n"
        "  - kind: realisasi_anggaran\n"
        "    title: {id: Realisasi, en: Spending}\n"
        "    header_all: [pagu, realisasi]\n"
        "    columns:\n"
        "      - {name: uraian, type: name, match: [uraian]}\n"
    )
    result = CliRunner().invoke(main, ["audit", str(REPORT), "--profiles", str(own)])
    assert result.exit_code == 3
    assert "can never produce an outcome" in result.output or "unknown column" in result.output
