"""Reading the prose is linear in a sentence's length, gives what the plain reading gives,
and never hangs: what a time budget leaves unread is counted as not checked.

The plain reading (each claim scanning the text before it again) is kept here as the
specification, and the linear one must agree with it on generated paragraphs dense in
claim words and on the sample reports.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.engine import AuditResult, audit
from auditor.enums import Verdict
from auditor.i18n import Lang
from auditor.ingest import read_document
from auditor.ingest.text import parse_text
from auditor.model import Document, Location, Paragraph
from auditor.numbers import Convention, parse_number
from auditor.recognise import claims
from auditor.recognise.claims import (
    _ABBREVIATION_END_RE,
    _CONTINUATION_RE,
    _COUNT_PREFIX_RE,
    _PART_RE,
    AMOUNT_RE,
    AMOUNT_WORD_RE,
    BARE_YEAR_RE,
    CLAUSE_END_RE,
    COUNT_RE,
    NOT_VALUES,
    NUMBER_RE,
    PERCENT_RE,
    QUANTITY_RE,
    SCALE_WORDS,
    SENTENCE_END_RE,
    SPECIFIC_UNIT_RE,
    YEAR_RE,
    AmountClaim,
    Claim,
    CountClaim,
    PredicateClaim,
    _level,
    _word_number,
    claim_statistics,
    excerpt,
    extract_amounts,
    extract_claims,
    extract_counts,
    extract_predicates,
    prose_claims,
    sentences,
)
from auditor.recognise.profiles import load_profiles
from auditor.report.view import coverage_parts
from auditor.rules import Rule, load_rules

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "datasets" / "lkjip-sumenep-dinsos-p3a-2023.txt"
REPAIRED = ROOT / "datasets" / "lkjip-sumenep-dinsos-p3a-2023-repaired.txt"
PROFILES = load_profiles()
RULES = load_rules([], PROFILES)
PROSE_CHECKS = {
    "narrative",
    "narrative_total",
    "narrative_predicate",
    "claimed_count",
    "achieved_count",
}
PROSE_RULES = [r for r in RULES if r.check in PROSE_CHECKS]


# --- the plain reading, as the specification ----------------------------------------------

# The patterns as they were written for the plain reading (the linear one anchors them
# differently or takes their spaces possessively).
SUBSET_RE = re.compile("^" + claims._SUBSET_RE.pattern, re.IGNORECASE)
UNIT_PRICE_RE = re.compile(r"^\s*(?:per\b|/|setiap\b|tiap\b)", re.IGNORECASE)
WHOLE_YEAR_RE = re.compile(
    r"\btelah\s+melaksanakan\b|\bmelaksanakan\b.*\bprogram\b|\btahun\s+anggaran\b"
    r"|\bterdiri\s+(?:atas|dari)\b.*\bprogram\b|\bsebanyak\s+\S+\s+(?:\([^)]*\)\s*)?program\b",
    re.IGNORECASE,
)
PREDICATE_RE = re.compile(
    r"\b(?:predikat|kategori|kriteria)(?:nya)?(?:\s+(?:capaian|kinerja|penilaian))*\s*[:=]?"
    r"\s*[\"“”'‘’*_]*\s*(?P<phrase>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_][^\W\d_ ]*){0,3})",
    re.IGNORECASE,
)


def plain_sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in (s.strip() for s in SENTENCE_END_RE.split(text)):
        if not piece:
            continue
        if out and _ABBREVIATION_END_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


PARENTHESIS_RE = re.compile(r"\([^()]*\)")


def same_clause(between: str) -> bool:
    """Whether two places with `between` between them are in one clause: once the whole
    parentheses in it are taken out, no clause end and no parenthesis is left."""
    while (cut := PARENTHESIS_RE.sub("\0", between)) != between:
        between = cut
    return not CLAUSE_END_RE.search(between) and "(" not in between and ")" not in between


def in_a_name(sentence: str, start: int) -> bool:
    before = sentence[:start].rstrip()
    return sentence[start].isupper() and before != "" and before[-1].isalpha()


def plain_quantity(sentence: str, position: int) -> str | None:
    """What the last quantity word before `position` in its clause names, bar the words of
    a name."""
    words = [
        m
        for m in QUANTITY_RE.finditer(sentence)
        if m.end() <= position
        and not in_a_name(sentence, m.start())
        and same_clause(sentence[m.end() : position])
    ]
    return words[-1].lastgroup if words else None


def plain_claims(text: str, location: Location, convention: Convention) -> list[Claim]:
    found = []
    for sentence in plain_sentences(text):
        for match in NUMBER_RE.finditer(sentence):
            number, percent = match.group("number"), match.group("percent")
            if not (percent or match.group("lead")) or BARE_YEAR_RE.match(number):
                continue
            before = sentence[: match.start("number")]
            quantity = plain_quantity(sentence, match.start("number"))
            if quantity in NOT_VALUES:
                continue
            years = YEAR_RE.findall(before)
            raw = number + ("%" if percent else "")
            found.append(
                Claim(
                    sentence,
                    raw,
                    parse_number(raw, convention),
                    quantity,
                    int(years[-1]) if years else None,
                    location,
                )
            )
    return found


def plain_counts(text: str, location: Location) -> list[CountClaim]:
    out = []
    for sentence in plain_sentences(text):
        found = []
        for match in COUNT_RE.finditer(sentence):
            before = sentence[: match.start()]
            if not before.strip(" *_-•") or _COUNT_PREFIX_RE.search(before):
                continue
            if SUBSET_RE.match(sentence[match.end() :].lstrip()):
                continue
            digits = match.group("digits")
            count = int(digits) if digits else _word_number(match.group("words"))
            if count is None or (digits and BARE_YEAR_RE.match(digits)):
                continue
            raw = match.group(0)[: match.start("level") - match.start()].strip(" *_")
            found.append((match.start(), raw, count, _level(match.group("level"))))
        if not found:
            continue
        specific = SPECIFIC_UNIT_RE.search(sentence[: found[0][0]]) is not None
        levels = {level for *_, level in found}
        whole = not specific and (len(levels) >= 2 or WHOLE_YEAR_RE.search(sentence) is not None)
        out += [CountClaim(sentence, r, c, lv, whole, location, s) for s, r, c, lv in found]
    return out


def plain_amounts(text: str, location: Location, convention: Convention) -> list[AmountClaim]:
    found = []
    for sentence in plain_sentences(text):
        for match in AMOUNT_RE.finditer(sentence):
            number = parse_number(match.group("number"), convention)
            if not number.is_number:
                continue
            scale = match.group("scale")
            before = sentence[: match.start()]
            words = [w for w in AMOUNT_WORD_RE.finditer(before) if w.lastgroup != "date"]
            last = words[-1] if words else None
            quantity = last.lastgroup if last and last.lastgroup != "other" else None
            between = before[last.end() :] if last else before
            total = (
                quantity is not None
                and not AMOUNT_RE.search(between)
                and not _PART_RE.search(between)
                and not UNIT_PRICE_RE.match(sentence[match.end() :])
                and not SPECIFIC_UNIT_RE.search(before)
            )
            exponent = SCALE_WORDS[scale.lower()] if scale else 0
            raw = match.group(0).strip()
            found.append(
                AmountClaim(
                    sentence, raw, number, exponent, quantity, total, *match.span(), location
                )
            )
    return found


def plain_qualified(text: str, end: int) -> tuple[re.Match[str], str | None] | None:
    found = []
    for percent in PERCENT_RE.finditer(text, 0, end):
        found.append((percent, plain_quantity(text, percent.start())))
    chosen = [f for f in found if f[1] == "capaian"] or found
    return chosen[-1] if chosen else None


def plain_predicates(text: str, location: Location, convention: Convention) -> list[PredicateClaim]:
    out = []
    previous: str | None = None
    for sentence in plain_sentences(text):
        for match in PREDICATE_RE.finditer(sentence):
            found, context, offset = plain_qualified(sentence, match.start()), sentence, 0
            if found is None and previous is not None and _CONTINUATION_RE.match(sentence):
                found = plain_qualified(previous, len(previous))
                if found is not None:
                    context, offset = f"{previous} {sentence}", len(previous) + 1
            if found is None:
                after = PERCENT_RE.search(sentence, match.end())
                found = (after, None) if after else None
            if found is None:
                continue
            percent, quantity = found
            raw = percent.group("number") + "%"
            out.append(
                PredicateClaim(
                    context,
                    match.group("phrase"),
                    raw,
                    parse_number(raw, convention),
                    location,
                    offset + match.start(),
                    quantity,
                )
            )
        previous = sentence
    return out


def plain_excerpt(sentence: str, start: int, width: int = 160) -> str:
    if len(sentence) <= width:
        return sentence
    lo = max(0, min(start - width // 2, len(sentence) - width))
    lo = sentence.rfind(" ", 0, lo) + 1 if lo else 0
    text = sentence[lo : lo + width]
    if lo + width < len(sentence):
        text = text[: text.rfind(" ")] + "..." if " " in text else text + "..."
    return ("..." if lo else "") + text


# --- generated prose --------------------------------------------------------------------

WORDS = [
    *"""capaian Capaian capaiannya realisasi Realisasi terealisasi nilai target ditargetkan
    sebesar adalah mencapai menjadi yaitu hanya tahun Tahun 2023 2024 TA T.A. anggaran Anggaran
    Rp Rp. IDR 2.500.000 12.064.331.310 7,5 miliar juta 3 14 88,38 % persen 72,5% 100% 9%
    predikat kategori kriteria Baik Sangat Berhasil Cukup “Berhasil” ** program Program kegiatan
    Kegiatan subkegiatan sub-kegiatan (empat) (dua belas) dua puluh lima belas sebelas empat
    telah melaksanakan terdiri atas dari sebanyak untuk per / setiap tiap DAU DAK ini tersebut
    itu Bidang Seksi unggulan yang belum sisa pagu total jumlah alokasi penyerapan honorarium
    belanja pegawai nomor No. pasal salah satu dengan dan atau serta sehingga : = " “ ” * _ - •
    ( ) (tujuh) masing-masing rincian bersumber APBD indikator IKU Persentase layanan dinas x Z
    sub. Nomor. ; , sedangkan terhadap akhir Renstra rumus × / + − = 60–85% 60 - 85 batas
    minimal paling tinggi s.d. Nilai Realisasi Target Capaian""".split(),  # noqa: SIM905 (a vocabulary, read as one)
    "Tahun Anggaran",
    "antara lain",
    "sub kegiatan",
    "Indikator Kinerja Utama",
]
PHRASES = [
    "sebanyak 9 (sembilan) program",
    "sebanyak 4 program",
    "Tahun \n  Anggaran 6 program",
    "Rp 75.000 per bulan",
    "pagu sebesar Rp 2.500.000.000",
    "jumlah anggaran Rp. 9.876.543.210,00",
    "realisasi anggaran sebesar Rp 8.100.000 dari pagu Rp 9.000.000 atau 90,00%",
    "telah melaksanakan 7 program, 19 kegiatan dan 41 sub kegiatan",
    "capaian 78,25%. dengan predikat “Baik”",
    "Kegiatan tersebut terdiri atas 3 sub kegiatan",
    "sebanyak 2-sebanyak 3 program",
    "melaksanakan 4 kegiatan\ndan program",
    "terdiri\ndari 5 kegiatan pada program",
    "Nomor    12 kegiatan",
    "dengan kriteria: Cukup (capaian 64,1 persen)",
    "capaian kinerja 91,2% sedangkan realisasi 80% dengan predikat Baik",
    "realisasi 84 dengan target 80; capaian terhadap target sebesar 105%",
    "Capaian indikator Persentase Realisasi PAD sebesar 96% (realisasi 48 (dari target 50))",
    "rumus 100% + ((target − realisasi) / target × 100%)",
    "batas minimal 80% dan rentang ideal 60–85%, serta target akhir Renstra 90",
    "capaian (x) realisasi 7,5%) target ( 12 persen",
    "predikat" + " " * 30 + "7",
]
SEPARATORS = [" ", " ", " ", "  ", "\n", "", ", ", ". ", "! ", "? ", " . ", "\t", ": "]


def generated_paragraph(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 8)):
        if rng.random() < 0.5:
            parts.append(rng.choice(PHRASES))
        else:
            words = [rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 12))]
            parts.append("".join(words))
    return rng.choice(SEPARATORS).join(parts).strip()


def assert_same_reading(text: str) -> None:
    paragraph = Paragraph(text, Location(line=3))
    assert sentences(text) == plain_sentences(text), text
    assert extract_claims(paragraph, "id") == plain_claims(text, paragraph.location, "id"), text
    assert extract_counts(paragraph) == plain_counts(text, paragraph.location), text
    assert extract_amounts(paragraph, "id") == plain_amounts(text, paragraph.location, "id"), text
    predicates = plain_predicates(text, paragraph.location, "id")
    assert extract_predicates(paragraph, "id") == predicates, text
    for sentence in sentences(text):
        for start in range(0, len(sentence), max(1, len(sentence) // 5)):
            assert excerpt(sentence, start) == plain_excerpt(sentence, start)


def test_linear_reading_is_the_plain_reading_on_generated_prose() -> None:
    rng = random.Random(20240611)
    for _ in range(1500):
        assert_same_reading(generated_paragraph(rng))


@pytest.mark.parametrize("path", [SAMPLE, REPAIRED], ids=["sample", "repaired"])
def test_linear_reading_is_the_plain_reading_on_the_samples(path: Path) -> None:
    for paragraph in read_document(path).paragraphs:
        assert_same_reading(paragraph.text)


def test_excerpt_of_a_long_spaceless_stretch() -> None:
    sentence = "x" * 5000 + " capaian " + "y" * 5000 + " 45% akhir"
    for start in (10, 4000, 5004, 7000, 10010):
        assert excerpt(sentence, start) == plain_excerpt(sentence, start)


# --- time ---------------------------------------------------------------------------------

# A budget table the checks test the prose against, and claim-like phrases to repeat.
TABLE = """
Tabel 3.9 Realisasi Anggaran Tahun 2024
| NO | PROGRAM/KEGIATAN | ANGGARAN (Rp) | REALISASI (Rp) | % |
|---|---|---|---|---|
| 1. | PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH | 900.000.000 | 850.000.000 | 94,44 |
| 1.1 | Administrasi Keuangan Perangkat Daerah | 900.000.000 | 850.000.000 | 94,44 |
| | JUMLAH | 900.000.000 | 850.000.000 | 94,44 |
"""
CLAIM_PHRASES = [
    "nilai capaian mencapai {a},{b}% ",
    "dengan realisasi {a} persen dan kategori Sangat Baik ",
    "serta target sebesar {a},{b} ",
    "anggaran Rp {a}.{b}00.000 untuk {c} kegiatan ",
    "tahun 2024 telah melaksanakan {c} program dan {a} sub kegiatan ",
    "kriteria Cukup pada indikator ",
]


def long_paragraph(size: int, seed: int = 5) -> str:
    """One sentence of about `size` characters of claim-like phrases (no full stop)."""
    rng = random.Random(seed)
    parts, length = ["Pada tahun 2024 "], 0
    while length < size:
        phrase = rng.choice(CLAIM_PHRASES).format(
            a=rng.randint(10, 99), b=rng.randint(10, 99), c=rng.randint(2, 9)
        )
        parts.append(phrase)
        length += len(phrase)
    return "".join(parts).rstrip() + "."


def prose_audit(size: int) -> tuple[float, AuditResult]:
    document = Document("x.txt", "text", "", parse_text(TABLE + "\n" + long_paragraph(size)))
    start = time.perf_counter()
    result = audit(document, PROSE_RULES, PROFILES, RULES)
    result.claim_counts()
    return time.perf_counter() - start, result


def fastest(run: Callable[[], float], times: int = 3) -> float:
    return min(run() for _ in range(times))


def test_doubling_a_sentence_roughly_doubles_the_time() -> None:
    small = fastest(lambda: prose_audit(25_000)[0])
    large = fastest(lambda: prose_audit(50_000)[0])
    # Linear: about 2; the plain reading was 4 or more. Generous for a busy machine.
    assert large < 3 * small + 0.05, (small, large)
    _, result = prose_audit(50_000)
    counts = result.claim_counts()
    assert counts["found"] > 1000 and counts["not_checked"] < counts["found"]


def test_a_report_with_a_60_kb_sentence_audits_within_a_minute(tmp_path: Path) -> None:
    report = tmp_path / "laporan.txt"
    body = SAMPLE.read_text(encoding="utf-8")
    report.write_text(body + "\n\n" + long_paragraph(60_000, seed=11) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "auditor", "audit", str(report), "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    claims_found = json.loads(done.stdout)["summary"]["claims"]
    assert claims_found["found"] > 1000


def test_prose_is_read_once_per_document() -> None:
    document = read_document(SAMPLE)
    first = prose_claims(document, "id")
    assert prose_claims(document, "id") is first
    assert prose_claims(read_document(SAMPLE), "id") is not first  # another document
    assert prose_claims(document, "en") is not first  # another convention
    document.blocks.append(Paragraph("Capaian sebesar 90%.", Location(line=9999)))
    again = prose_claims(document, "id")  # the document changed: read anew
    assert again is not first and again.paragraphs[-1].figures


# --- the time budget ------------------------------------------------------------------------


def test_out_of_time_the_rest_counts_as_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = claim_statistics(read_document(SAMPLE), "id")
    assert whole["unread"] == 0
    monkeypatch.setattr(claims, "PROSE_SECONDS", -1.0)
    cut = claim_statistics(read_document(SAMPLE), "id")
    assert cut["unread"] >= 1 and cut["figure"] == cut["unread"]  # nothing read in time
    assert cut["count"] == cut["amount"] == cut["predicate"] == 0
    # The audit tests no prose claim, and says every claim it found is not checked.
    result = audit(read_document(SAMPLE), PROSE_RULES, PROFILES, RULES)
    assert not [o for o in result.outcomes if o.rule.check in PROSE_CHECKS]
    counts = result.claim_counts()
    assert counts["checked"] == 0 and counts["not_checked"] == counts["found"] >= 1


def test_prose_left_unread_makes_the_verdict_partly_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    whole = audit(read_document(REPAIRED), RULES, PROFILES, RULES)
    assert whole.verdict() == Verdict.CONSISTENT
    assert whole.coverage.to_dict()["prose_claims_unread"] == 0
    monkeypatch.setattr(claims, "PROSE_SECONDS", -1.0)
    cut = audit(read_document(REPAIRED), RULES, PROFILES, RULES)
    unread = cut.coverage.prose_unread
    assert unread >= 1 and cut.coverage.to_dict()["prose_claims_unread"] == unread
    assert cut.verdict() == Verdict.PARTLY_CHECKED  # never "consistent" on unread prose
    assert any("time limit" in part for part in coverage_parts(cut.coverage, Lang.EN))


def test_a_budget_cut_midway_keeps_what_was_read(monkeypatch: pytest.MonkeyPatch) -> None:
    counts_in = claims._counts_in

    def slow_counts(text: str, location: Location) -> list[CountClaim]:
        time.sleep(0.005)  # every sentence takes a while: the budget runs out midway
        return counts_in(text, location)

    monkeypatch.setattr(claims, "_counts_in", slow_counts)
    monkeypatch.setattr(claims, "PROSE_SECONDS", 0.5)
    document = read_document(SAMPLE)
    cut = prose_claims(document, "id")
    monkeypatch.undo()
    whole = prose_claims(read_document(SAMPLE), "id")
    assert whole.unread == 0 and len(whole.paragraphs) == len(document.paragraphs)
    assert 0 < len(cut.paragraphs) < len(whole.paragraphs) and cut.unread >= 1
    # What was read is what a full reading finds there.
    for part, full in zip(cut.paragraphs[:-1], whole.paragraphs, strict=False):
        assert part == full
    last = cut.paragraphs[-1]
    full = whole.paragraphs[len(cut.paragraphs) - 1]
    assert full.figures[: len(last.figures)] == last.figures
    stats = claim_statistics(document, "id")  # the cut reading, kept for this document
    read = sum(len(p.figures) for p in cut.paragraphs)
    assert stats["unread"] == cut.unread and stats["figure"] == read + cut.unread


def rule_codes(rules: list[Rule]) -> list[str]:
    return sorted(r.code for r in rules)


def test_prose_rules_are_the_narrative_ones() -> None:
    assert rule_codes(PROSE_RULES) == ["LKJ701", "LKJ702", "LKJ703", "LKJ704", "LKJ705", "LKJ706"]
