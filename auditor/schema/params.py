"""The parameters of each check kind, as a rule pack writes them under `params:`.

One model per check kind, named in `PARAMS` by the kind's name; the check module of that
name (auditor/checks) reads its parameters as attributes of this model. Parameters that
name a canonical column or a table kind are marked (`Column`, `Columns`, `Kinds`): which
names exist depends on the table profiles, so the rule-pack loader checks them against
the rule's own table kinds.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from auditor.formulas import Formula
from auditor.schema import IgnoreCasePatterns, Patterns, Strict


class ColumnRef:
    """Marks a parameter that names canonical columns of the rule's table kinds."""


class KindRef:
    """Marks a parameter that names table kinds."""


Column = Annotated[str, ColumnRef()]
Columns = Annotated[list[str], ColumnRef()]
Kinds = Annotated[list[str], KindRef()]
# Numbers keep the form the pack writes (100 stays whole), as messages print them.
Number = int | float
RatioVerdict = Literal["misfit", "declared_formula", "undeclared_formula", "not_computable"]


class CheckParams(Strict):
    """The parameters of one check kind (a subclass per kind)."""


class RatioParams(CheckParams):
    """value = formula(numerator, denominator) × scale, within printed precision."""

    value: Column = Field(description="The printed percentage judged (capaian, penyerapan).")
    numerator: Column = Field(description="The realisation (realisasi, realisasi_anggaran).")
    denominator: Column = Field(description="The target or budget (target, anggaran).")
    scale: Number = Field(default=100, description="100 for a percentage.")
    formulas: list[Formula] = Field(
        default=[Formula.POSITIVE],
        min_length=1,
        description="The formulas a row may follow; the one that fits is named.",
    )
    polarity: bool = Field(
        default=False,
        description="Read each row's polarity and formula as the report declares them (a "
        "Polaritas column, a definitions table, the prose); the name is only a hint.",
    )
    negative_names: IgnoreCasePatterns = Field(
        default=[],
        description="Regular expressions: a row whose name matches one is taken to be "
        "negative-polarity (a hint, outranked by any declaration).",
    )
    positive_names: IgnoreCasePatterns = Field(
        default=[],
        description='Regular expressions that overrule `negative_names`: "kasus ... yang '
        'tertangani" is positive.',
    )
    only_if_used: bool = Field(
        default=False,
        description="Only in tables that use this formula: at least half of their testable "
        "rows fit it (a table where fewer do computes its value another way).",
    )
    verdict: RatioVerdict = Field(
        default="misfit",
        description="What fails a row: `misfit`, the value fits no formula allowed for it; "
        "`declared_formula`, it fits only a formula other than the one the report declares; "
        "`undeclared_formula`, polarity undeclared and the value fits only a formula of the "
        "polarity its name does not suggest; `not_computable`, every formula allowed for it "
        "divides by zero (a target of 0).",
    )


class DifferenceParams(CheckParams):
    """value = minuend − subtrahend, within printed precision."""

    value: Column = Field(description="The printed difference judged (efisiensi, sisa).")
    minuend: Column = Field(description="What is subtracted from.")
    subtrahend: Column = Field(description="What is subtracted.")
    only_if_used: bool = Field(
        default=False,
        description="Only in tables where a testable row fits: a table whose rows all misfit "
        "uses another formula.",
    )


class SumParams(CheckParams):
    """A parent (or a total row) equals the sum of what it adds up."""

    columns: Columns = Field(min_length=1, description="The columns summed.")
    dash_as_zero: bool = Field(
        default=True, description='A cell printed "-" means nothing (zero) in budget tables.'
    )


class FootingParams(CheckParams):
    """Any table's JUMLAH/TOTAL row equals the sum of its rows, or its RATA-RATA row their
    mean, in every number column whose meaning adds up."""

    test: Literal["total", "mean", "across"] = Field(
        default="total",
        description="total: total rows (JUMLAH) equal the sum of their rows; mean: mean rows "
        "(RATA-RATA) equal the mean of their rows, rounded or truncated; across: a last "
        "JUMLAH/TOTAL column equals the sum of the columns before it that add up, in every "
        "row, once most rows show it does.",
    )
    not_summed: IgnoreCasePatterns = Field(
        default=[],
        description="Header words of columns that do not add up (percentages, ratios, rates, "
        "years, codes): never summed.",
    )
    dash_as_zero: bool = Field(default=True, description='A cell printed "-" counts as zero.')


class QuartersParams(CheckParams):
    """A quarterly table's annual realisation reconciles with its quarters."""

    cumulative: bool = Field(
        description='true: tables whose quarter columns are cumulative ("s.d. TW", '
        '"kumulatif"): the year equals the last quarter. false: tables of quarters on their '
        "own: the year equals their sum, for rows of counts (no percentages)."
    )


class PlausibleRangeParams(CheckParams):
    """A value within a band, two values not ~100x apart, or one not above another."""

    test: Literal["band", "factor", "at_most"] = Field(
        description="band: min ≤ value ≤ max; factor: value and other within `factor` of each "
        "other; at_most: value ≤ other."
    )
    value: Columns = Field(
        min_length=1, description="The value tested (the first one a table has)."
    )
    other: Columns = Field(default=[], description="The value compared with (factor, at_most).")
    min: Number = Field(default=0, description="The band's lower end.")
    max: Number = Field(default=200, description="The band's upper end.")
    factor: Number = Field(default=50, description="How far apart two values may be, at most.")


EXPLANATION_WORDS = [
    # "belum tercapai" (not achieved) explains nothing about a missing figure.
    r"\bbelum (?:bisa|dapat|tersedia|ada|di ?rilis|merilis|melakukan rilis|terbit"
    r"|diterbitkan|diukur|dihitung|dilakukan|diperoleh)",
    r"\btidak tersedia\b",
    r"\btidak (?:dapat|bisa) (?:diukur|dihitung|dilakukan|disajikan|diperoleh)",
    r"\bn/a\b",
    r"\b(?:tidak ada|tanpa) data\b",
]


class RequiredValueParams(CheckParams):
    """A required cell is not empty, N/A or a dash."""

    columns: Columns = Field(
        min_length=1,
        description="Required columns; their year-suffixed variants (realisasi_2021) too.",
    )
    report: Literal["unexplained", "explained"] = Field(
        description="Which missing cells the rule reports: unexplained ones, or explained ones."
    )
    names: Columns = Field(
        default=["indikator", "sasaran"],
        description="Columns naming the row, looked for in the explaining paragraph.",
    )
    words: Patterns = Field(
        default=[re.compile(w) for w in EXPLANATION_WORDS],
        description="Regular expressions (lower case) that mark a paragraph as an explanation.",
    )
    skip_levels: list[str] = Field(
        default=[], description="Hierarchy levels whose rows carry no values by design."
    )


class CrossTableParams(CheckParams):
    """The same row has the same value in every table that holds it."""

    column: Column = Field(
        description="The column compared; year-suffixed variants resolve to the report year."
    )
    reference: Kinds = Field(
        min_length=1,
        description="The authoritative kinds, by preference (majority mode: tie-breakers; sum "
        "mode: where the summed members' values come from).",
    )
    names: Columns = Field(
        default=["indikator"],
        description="Name columns tried in order; the first one a table has matches its rows.",
    )
    majority: bool = Field(
        default=False, description="The value most tables print is the reference."
    )
    levels: list[str] = Field(
        default=[],
        description="Only rows at these hierarchy levels, in tables whose profile has levels.",
    )
    similarity: float = Field(
        default=0.85, gt=0, le=1, description="How alike two names must be to match."
    )
    groups: Kinds = Field(
        default=[],
        description="Sum mode: the kinds whose hierarchy groups members under a subject row.",
    )
    group_level: str = Field(default="sasaran", description="Sum mode: the subject rows' level.")
    member_level: str = Field(default="program", description="Sum mode: the members' level.")


class ScaleParams(CheckParams):
    """A predicate follows the report's scale; the scale has no gap or overlap."""

    test: Literal["gap", "overlap", "predicate"] = Field(
        description="gap or overlap: of the scale itself; predicate: a row's predicate."
    )
    lower: Number = Field(default=0, description="The lowest achievement the scale must classify.")
    decimals: int = Field(
        default=2,
        ge=0,
        le=6,
        description="Achievements are printed with at most this many decimals: a gap or an "
        "overlap that holds no such number cannot affect a predicate.",
    )
    value: Column = Field(default="capaian", description="Predicate test: the achievement.")
    predicate: Column = Field(default="predikat", description="Predicate test: the word.")
    scales: Kinds = Field(default=["skala"], description="The kinds that hold the report's scale.")


class SequenceParams(CheckParams):
    """Row numbering runs without gaps or repeats."""

    detect: Literal["gap", "duplicate"] = Field(description="Which numbering slip is reported.")


class NumberFormatParams(CheckParams):
    """Numbers in numeric columns are written unambiguously and as numbers."""

    problem: Literal["ambiguous_separator", "unusual_convention", "not_a_number"] = Field(
        description="Which written-number problem is reported."
    )
    percent_columns: Columns = Field(
        default=[],
        description="Columns holding percentages: a grouped whole number there is suspect.",
    )


class NarrativeParams(CheckParams):
    """A figure the prose states equals the tables."""

    capaian_sources: Kinds = Field(
        default=["capaian", "ringkasan_capaian", "efisiensi"],
        description="Where an achievement is looked up, most authoritative first.",
    )
    realisasi_sources: Kinds = Field(
        default=["capaian", "realisasi_multitahun", "capaian_renstra", "efisiensi"],
        description="Where a realisation is looked up, most authoritative first.",
    )
    target_sources: Kinds = Field(
        default=["pk", "iku", "capaian"],
        description="Where a target is looked up, most authoritative first.",
    )
    lookback: int = Field(
        default=3, ge=0, description='How many paragraphs back "sasaran ini" may refer to.'
    )


class ClaimedCountParams(CheckParams):
    """A count the prose states equals the tables' rows."""

    hierarchies: Kinds = Field(
        default=["realisasi_anggaran"],
        description="Kinds whose rows are counted per level (program, kegiatan, sub kegiatan).",
    )
    program_lists: Kinds = Field(
        default=["program_anggaran"], description="Kinds that list programs only."
    )


class GroupMeanParams(CheckParams):
    """A sasaran's value equals the mean of its indicators' values."""

    value: Column = Field(default="capaian", description="The achievement column.")
    group: Column = Field(default="sasaran", description="The column naming the sasaran.")
    members: Kinds = Field(
        default=["capaian"], description="The kinds whose indicator rows are averaged."
    )
    similarity: float = Field(
        default=0.85, gt=0, le=1, description="How alike two sasaran names must be to match."
    )


class AchievedCountParams(CheckParams):
    """A count of achieved indicators the prose states equals the achievement tables."""

    value: Column = Field(default="capaian", description="The achievement column.")
    threshold: Number = Field(
        default=100, description="The achievement at which an indicator counts as achieved."
    )


class NarrativeTotalParams(CheckParams):
    """A total the prose states equals the tables."""

    anggaran_columns: Columns = Field(
        default=["anggaran", "anggaran_awal"], description="The columns holding a budget total."
    )
    realisasi_columns: Columns = Field(
        default=["realisasi"], description="The columns holding a spending total."
    )
    percent_gap: int = Field(
        default=6,
        ge=0,
        description='The most words between an amount and its percentage ("atau", "dengan '
        'tingkat penyerapan sebesar").',
    )
    guessed_units: bool = Field(
        default=False,
        description="Report only the totals that equal the claim once their table, which "
        "states no unit, is read in thousands, millions or billions (never an error).",
    )


class NarrativePredicateParams(CheckParams):
    """A predicate the prose states follows the report's scale."""

    scales: Kinds = Field(default=["skala"], description="The kinds that hold the report's scale.")


class CoverageParams(CheckParams):
    """What could not be checked."""

    problem: Literal["unrecognised_table", "page_without_text", "malformed_number"] = Field(
        description="Which part that could not be checked is reported."
    )


# Check kind → its parameters. The registry (auditor/checks) holds one check kind per name.
class UnitConsistencyParams(CheckParams):
    """An indicator's unit is the same in every table that states it."""

    unit_column: Column = Field(default="satuan", description="The column stating the unit.")
    names: Columns = Field(
        default=["indikator"],
        description="Name columns tried in order; the first one a table has matches its rows.",
    )
    similarity: float = Field(
        default=0.85, gt=0, le=1, description="How alike two names must be to match."
    )


PARAMS: dict[str, type[CheckParams]] = {
    "ratio": RatioParams,
    "difference": DifferenceParams,
    "hierarchical_sum": SumParams,
    "total": SumParams,
    "footing": FootingParams,
    "ratio_per_year": RatioParams,
    "quarters": QuartersParams,
    "plausible_range": PlausibleRangeParams,
    "required_value": RequiredValueParams,
    "cross_table": CrossTableParams,
    "scale": ScaleParams,
    "sequence": SequenceParams,
    "number_format": NumberFormatParams,
    "narrative": NarrativeParams,
    "claimed_count": ClaimedCountParams,
    "achieved_count": AchievedCountParams,
    "group_mean": GroupMeanParams,
    "narrative_total": NarrativeTotalParams,
    "narrative_predicate": NarrativePredicateParams,
    "coverage": CoverageParams,
    "unit_consistency": UnitConsistencyParams,
}
