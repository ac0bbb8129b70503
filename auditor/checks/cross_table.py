"""Cross-table equality: the same indicator, program or sasaran has the same value everywhere.

An LKjIP repeats its figures: a target set in the performance agreement (PK) reappears in
the achievement and efficiency tables, one year's realisation in the achievement, multi-year
and end-of-Renstra tables, a program budget in the program list, the budget-realisation
table and the PK attachment. Rows are matched across tables by their normalised name keys
(`<name>__key`): the exact key first, then a strict similarity (see `similarity`), and one
row is never matched to two rows of another table. Values are compared as printed intervals
(`%` or no unit is the same number); an ambiguous separator agrees if any reading does.

Three ways to decide which value is right, chosen by the rule:

- reference (default): cells of the `reference` kinds (first kind in the list that has the
  row) are authoritative, e.g. the signed PK for targets; every other cell is a subject.
  Two reference tables that disagree (a PK in the body, another in the appendix): the one
  the other tables follow is the reference and the other one a finding.
- majority: the value most cells agree on; `reference` kinds only break a tie. The finding
  is marked ambiguous on a tie, or when the majority repeats the same row's value for an
  earlier year (a stale copy of last year's figure is then as likely as a typo).
- sum (`groups` set): a subject row equals the sum of the `reference` rows that a grouping
  table places under it, e.g. a sasaran's budget = the budgets of the programs the program
  performance table lists under that sasaran.

Year-suffixed columns (`realisasi_2021`, `realisasi_2023`) resolve to the report year: the
year of the achievement tables' target column, else the most frequent year in captions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from auditor.arith import Interval, Rounding, printed_interval, sum_intervals
from auditor.checks import Param
from auditor.checks.cells import AuditContext, is_exact, number, ref
from auditor.findings import Outcome
from auditor.numbers import ParsedNumber
from auditor.recognise.tables import YEAR_RE

if TYPE_CHECKING:
    from auditor.findings import CellRef
    from auditor.recognise.tables import Dataset, MappedColumn
    from auditor.rules import Rule

ROUNDING_SENSITIVE = True

PARAMS = {
    # The canonical column compared (year-suffixed variants resolve to the report year).
    "column": Param("column"),
    # Authoritative kinds in order of preference (majority mode: tie-breakers; sum mode:
    # the tables the summed member values come from).
    "reference": Param("kinds"),
    # Name columns (type name) tried in order; the first one a table has is its match key.
    "names": Param("columns", required=False, default=["indikator"]),
    "majority": Param("bool", required=False, default=False),
    # Only rows at these hierarchy levels, in tables whose profile declares levels.
    "levels": Param("texts", required=False, default=[]),
    "similarity": Param("number", required=False, default=0.85),
    # Sum mode: the kinds whose hierarchy groups members under a subject row.
    "groups": Param("kinds", required=False, default=[]),
    "group_level": Param("text", required=False, default="sasaran"),
    "member_level": Param("text", required=False, default="program"),
}

# Words that carry no identity in a name; a leading label word is dropped as well.
STOPWORDS = frozenset(
    {"yang", "dan", "di", "ke", "dari", "untuk", "pada", "terhadap", "bagi", "dalam", "atau"}
    | {"serta", "dengan", "oleh"}
)
LEADING_LABELS = frozenset(["program", "kegiatan", "sub", "sasaran", "tujuan", "indikator"])
SKIPPED_ROLES = frozenset({"section", "total", "blank"})
YEAR_RANGE_RE = re.compile(r"\b(?:19|20)[0-9]{2}\s*[-\u2013\u2014/]\s*(?:19|20)[0-9]{2}\b")
EXACT_KEY = 2.0  # identical keys outrank any similarity score
FUZZY_TOKEN = 0.8  # spelling variants ("sosial" / "social") of tokens of 5+ letters


# --- name matching -------------------------------------------------------------------------


def _acronyms(*token_lists: Sequence[str]) -> set[str]:
    return {
        t
        for tokens in token_lists
        for t in tokens
        if 3 <= len(t) <= 6 and t.isalpha() and t not in STOPWORDS
    }


def _collapse(tokens: list[str], acronyms: set[str]) -> list[str]:
    """Replace a spelled-out run by its acronym when the acronym is printed too.

    "pemerlu pelayan kesejahtera sosial ppks" and "ppks" name the same thing; the run's
    initials (stopwords inside it skipped) must spell an acronym found in either name.
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        replaced = False
        if tokens[i] not in STOPWORDS:
            initial = tokens[i][0]
            for acronym in sorted((a for a in acronyms if a[0] == initial), key=len, reverse=True):
                j, initials = i, ""
                while j < len(tokens) and len(initials) < len(acronym):
                    if tokens[j] not in STOPWORDS:
                        initials += tokens[j][0]
                    j += 1
                if initials == acronym and j - i > 1:
                    out.append(acronym)
                    i = j + (j < len(tokens) and tokens[j] == acronym)
                    replaced = True
                    break
        if not replaced:
            out.append(tokens[i])
            i += 1
    return out


def content_tokens(key: str, acronyms: set[str] | None = None) -> list[str]:
    """The tokens of a name key that identify it: no stopwords, no leading label word."""
    tokens = key.split()
    while tokens and tokens[0] in LEADING_LABELS:
        tokens = tokens[1:]
    if acronyms:
        tokens = _collapse(tokens, acronyms)
    return [t for t in tokens if t not in STOPWORDS]


def _tokens_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[0] != b[0] or min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 2:
        return False  # cheap rejections before the quadratic comparison
    return SequenceMatcher(None, a, b).ratio() >= FUZZY_TOKEN


@lru_cache(maxsize=65536)  # pure; names repeat across tables and rounding passes
def similarity(a: str, b: str) -> float:
    """How surely two name keys name the same thing: EXACT_KEY, else 0..1.

    A token-set score (2·matched / total tokens) after dropping stopwords and collapsing
    acronyms, and 0 unless every token of the shorter name is matched: "Indeks Pembangunan
    Gender" and "Indeks Pemberdayaan Gender" differ in one content word and never match,
    while a missing "yang" or "social" for "sosial" does.
    """
    if not a or not b:
        return 0.0
    if a == b:
        return EXACT_KEY
    acronyms = _acronyms(a.split(), b.split())
    left, right = content_tokens(a, acronyms), content_tokens(b, acronyms)
    if not left or not right:
        return 0.0
    if len(left) > len(right):
        left, right = right, left
    unused = list(right)
    matched = 0
    for token in left:
        hit = next((u for u in unused if u == token), None) or next(
            (u for u in unused if _tokens_match(token, u)), None
        )
        if hit is None:
            return 0.0
        unused.remove(hit)
        matched += 1
    return 2 * matched / (len(left) + len(right))


def pair(
    left: Sequence[Sequence[str]], right: Sequence[Sequence[str]], threshold: float
) -> dict[int, int]:
    """One-to-one matches left index → right index; each item has one or more name keys.

    Best scores are taken first (exact keys before similar ones, then document order), so
    a row is never matched to two rows and a near-miss never steals an exact match.
    """
    scored = []
    for i, keys_a in enumerate(left):
        for j, keys_b in enumerate(right):
            score = max((similarity(a, b) for a in keys_a for b in keys_b), default=0.0)
            if score >= threshold:
                scored.append((-score, i, j))
    matches: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(scored):
        if i not in matches and j not in used:
            matches[i] = j
            used.add(j)
    return matches


# --- rows and columns --------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # identity: datasets hold frames
class Entry:
    """One row of one table taking part in a comparison."""

    ordinal: int
    dataset: Dataset
    i: int  # 0-based frame row
    column: str | None  # resolved value column (None for grouping rows)
    key: str
    name: str

    @property
    def kind(self) -> str | None:
        return self.dataset.kind

    @property
    def cell(self) -> ParsedNumber | None:
        return number(self.dataset, self.i, self.column) if self.column else None

    def ref(self) -> CellRef:
        return ref(self.ordinal, self.dataset, self.i, self.column)

    def intervals(self, rounding: Rounding) -> list[Interval]:
        cell = self.cell
        if cell is None:
            return []
        exact = is_exact(self.dataset, self.column or "")
        return [printed_interval(r.value, r.decimals, rounding, exact) for r in cell.readings]


def report_year(ctx: AuditContext) -> int | None:
    """The year reported on: the achievement tables' target year, else the captions' year."""
    years = Counter(
        c.year
        for _, d in ctx.datasets(("capaian",))
        for c in d.columns
        if c.year and re.fullmatch(r"target(?:_[0-9]{4})?", c.name)
    )
    if not years:
        # "Renstra 2021-2026" names a period, not the year reported on.
        years = Counter(
            int(y)
            for d in ctx.recognition.datasets
            if d.table.caption
            for y in YEAR_RE.findall(YEAR_RANGE_RE.sub(" ", d.table.caption.text))
        )
    return max(years, key=lambda y: (years[y], y)) if years else None


def year_columns(dataset: Dataset, base: str) -> list[MappedColumn]:
    """The columns named `base` or `base_<year>` (one per year in multi-year tables)."""
    pattern = re.compile(rf"{re.escape(base)}(?:_[0-9]{{4}})?")
    return [c for c in dataset.columns if pattern.fullmatch(c.name)]


def resolve_column(dataset: Dataset, base: str, year: int | None) -> str | None:
    """The column holding `base` for the report year: `base`, `base_<year>` or none."""
    candidates = year_columns(dataset, base)
    same_year = [c for c in candidates if year is not None and c.year == year]
    undated = [c for c in candidates if c.year is None]
    chosen = (same_year or undated or [None])[0]
    return chosen.name if chosen else None


def _name_column(dataset: Dataset, names: list[str]) -> str | None:
    return next((n for n in names if f"{n}__key" in dataset.frame.columns), None)


def entries(
    ordinal: int,
    dataset: Dataset,
    column: str | None,
    names: list[str],
    levels: list[str],
) -> list[Entry]:
    """The named rows of a table (no totals or section headings), optionally by level."""
    name = _name_column(dataset, names)
    if name is None:
        return []
    leveled = bool(levels) and bool(dataset.profile and dataset.profile.levels)
    return [
        Entry(ordinal, dataset, i, column, row[f"{name}__key"], str(row[name]))
        for i, row in enumerate(dataset.records)
        if row[f"{name}__key"]
        and row["role"] not in SKIPPED_ROLES
        and not (leveled and row["level"] not in levels)
    ]


def _tables(rule: Rule, ctx: AuditContext, kinds: Sequence[str]) -> list[list[Entry]]:
    p = rule.params
    year = report_year(ctx)
    tables = []
    for ordinal, dataset in ctx.datasets(tuple(kinds)):
        column = resolve_column(dataset, p["column"], year)
        if column is not None:
            tables.append(entries(ordinal, dataset, column, p["names"], p["levels"]))
    return tables


# --- equality ----------------------------------------------------------------------------


def overlaps(x: Interval, y: Interval) -> bool:
    """Whether two printed values can stand for the same true value.

    A printed interval is half-open (truncated 65 is [65, 66), rounded 65 is [64,5; 65,5)),
    so two intervals that only touch, like those of "65" and "66", do not agree. An exact
    value (a point) is tested inclusively, which can only err towards agreement.
    """
    if x.lo == x.hi or y.lo == y.hi:
        return x.intersects(y)
    return x.lo < y.hi and y.lo < x.hi


def conventions(rounding: Rounding) -> tuple[Rounding, ...]:
    """One document follows one convention: "either" means one of them, not their union.

    The union would let a truncated 65 and a rounded 66 both stand for 65,7.
    """
    return ("round", "truncate") if rounding == "either" else (rounding,)


def agree(a: Entry, b: Entry, rounding: Rounding) -> bool:
    return any(
        overlaps(x, y)
        for convention in conventions(rounding)
        for x in a.intervals(convention)
        for y in b.intervals(convention)
    )


def group_entities(tables: list[list[Entry]], threshold: float) -> list[list[Entry]]:
    """Rows of all tables grouped by what they name, at most one row per table each."""
    entities: list[list[Entry]] = []
    for table in tables:
        matches = pair(
            [[e.key] for e in table], [[m.key for m in ent] for ent in entities], threshold
        )
        for n, entry in enumerate(table):
            if n in matches:
                entities[matches[n]].append(entry)
            else:
                entities.append([entry])
    return entities


def _rank(rule: Rule, entry: Entry) -> tuple[int, int, int]:
    reference = rule.params["reference"]
    kind_rank = reference.index(entry.kind) if entry.kind in reference else len(reference)
    return (kind_rank, entry.ordinal, entry.i)


def _outcome(
    rule: Rule,
    ctx: AuditContext,
    subject: Entry,
    refs: list[Entry],
    passed: bool,
    status: str = "located",
) -> Outcome:
    cell = subject.cell
    assert cell is not None
    # One printing per distinct value: "48,00%" and "48%" are the same reference.
    printed: dict[Decimal | None, str] = {}
    for r in refs:
        if r.cell is not None:
            printed.setdefault(r.cell.value, r.cell.raw.strip())
    return Outcome(
        rule=rule,
        passed=passed,
        subject=subject.ref(),
        related=tuple(r.ref() for r in refs),
        reported=cell.raw.strip(),
        expected=" / ".join(printed.values()),
        interval=refs[0].intervals(ctx.rounding)[0],
        params={
            "name": subject.name,
            "reference_table": ", ".join(dict.fromkeys(r.dataset.id for r in refs)),
        },
        status=status,
    )


def _consensus(
    rule: Rule, ctx: AuditContext, candidates: list[Entry], valued: list[Entry]
) -> tuple[list[Entry], bool]:
    """The candidates agreeing with the one most cells agree with, and whether that is a tie.

    Ties go to the preferred kind (the `reference` order), then to document order.
    """
    support = {id(e): sum(agree(e, o, ctx.rounding) for o in valued) for e in candidates}
    best = min(candidates, key=lambda e: (-support[id(e)], _rank(rule, e)))
    group = [e for e in candidates if agree(e, best, ctx.rounding)]
    tie = any(support[id(e)] >= support[id(best)] for e in candidates if e not in group)
    return group, tie


def _by_reference(rule: Rule, ctx: AuditContext, valued: list[Entry]) -> Iterator[Outcome]:
    kind = next((k for k in rule.params["reference"] if any(e.kind == k for e in valued)), None)
    if kind is None:
        return
    refs = [e for e in valued if e.kind == kind]
    # Two reference tables (a PK in the body and the signed PK in the appendix) that
    # disagree: the one the rest of the report follows is the reference, the other a finding.
    group, tie = _consensus(rule, ctx, refs, valued)
    for subject in valued:
        if subject in group:
            continue
        passed = subject not in refs and any(agree(subject, r, ctx.rounding) for r in group)
        status = "ambiguous" if tie and subject in refs else "located"
        yield _outcome(rule, ctx, subject, group, passed, status)


def _earlier(entry: Entry, base: str) -> list[Entry]:
    """The same row's cells of `base` for years before the compared column's year."""
    mapped = entry.dataset.column(entry.column or "")
    if mapped is None or mapped.year is None:
        return []
    return [
        replace(entry, column=c.name)
        for c in year_columns(entry.dataset, base)
        if c.year is not None and c.year < mapped.year
    ]


def _by_majority(
    rule: Rule, ctx: AuditContext, entity: list[Entry], valued: list[Entry]
) -> Iterator[Outcome]:
    winners, tie = _consensus(rule, ctx, valued, valued)
    # A majority that repeats an earlier year's value may be a stale copy, not the truth.
    earlier = [x for e in entity for x in _earlier(e, rule.params["column"])]
    stale = any(agree(w, x, ctx.rounding) for w in winners for x in earlier)
    for subject in valued:
        if subject in winners:
            others = [w for w in winners if w is not subject]
            if others:
                yield _outcome(rule, ctx, subject, others, True)
        else:
            status = "ambiguous" if tie or stale else "located"
            yield _outcome(rule, ctx, subject, winners, False, status)


# --- sum of members ----------------------------------------------------------------------


def _descendants(dataset: Dataset, i: int, level: str) -> list[int]:
    """Rows at `level` whose chain of parents reaches row i."""
    rows = dataset.records
    top = rows[i]["key"]
    parents = {r["key"]: r["parent"] for r in rows if isinstance(r["key"], str)}
    found = []
    for n, row in enumerate(rows):
        parent = row["parent"]
        while isinstance(parent, str) and parent != top:
            parent = parents.get(parent)
        if row["level"] == level and parent == top:
            found.append(n)
    return found


def _sum_of_members(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = rule.params
    threshold = p["similarity"]
    subject_kinds = [k for k in rule.tables if k not in p["reference"] and k not in p["groups"]]
    subjects = [e for t in _tables(rule, ctx, subject_kinds) for e in t]
    sources = _tables(rule, ctx, p["reference"])
    for ordinal, grouping in ctx.datasets(tuple(p["groups"])):
        heads = entries(ordinal, grouping, None, p["names"], [p["group_level"]])
        matches = pair([[s.key] for s in subjects], [[h.key] for h in heads], threshold)
        for n, head in ((n, heads[j]) for n, j in matches.items()):
            below = set(_descendants(grouping, head.i, p["member_level"]))
            members = [
                m
                for m in entries(ordinal, grouping, None, p["names"], [p["member_level"]])
                if m.i in below
            ]
            outcome = _member_sum(rule, ctx, subjects[n], head, members, sources, threshold)
            if outcome is not None:
                yield outcome


def _member_sum(
    rule: Rule,
    ctx: AuditContext,
    subject: Entry,
    head: Entry,
    members: list[Entry],
    sources: list[list[Entry]],
    threshold: float,
) -> Outcome | None:
    """Subject vs the sum of its members' values in the first source table that has all."""
    cell = subject.cell
    if cell is None or not members:
        return None
    for source in sources:
        matches = pair([[m.key] for m in members], [[s.key] for s in source], threshold)
        found = [source[matches[n]] for n in range(len(members)) if n in matches]
        cells = [f.cell for f in found]
        if len(found) < len(members) or any(c is None or c.value is None for c in cells):
            continue
        sums = {
            c: sum_intervals([f.intervals(c)[0] for f in found])
            for c in {ctx.rounding, *conventions(ctx.rounding)}
        }
        passed = any(overlaps(subject.intervals(c)[0], sums[c]) for c in conventions(ctx.rounding))
        point = sum((c.value for c in cells if c is not None and c.value is not None), Decimal(0))
        return Outcome(
            rule=rule,
            passed=passed,
            subject=subject.ref(),
            related=tuple(f.ref() for f in found),
            reported=cell.raw.strip(),
            expected=ctx.fmt(point, cell.decimals),
            interval=sums[ctx.rounding],
            params={
                "name": subject.name,
                "group_table": head.dataset.id,
                "reference_table": found[0].dataset.id,
                "programs": " + ".join(
                    f"{f.name} ({c.raw.strip()})" for f, c in zip(found, cells, strict=True) if c
                ),
            },
        )
    return None


# --- entry point -------------------------------------------------------------------------


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = rule.params
    if p["groups"]:
        yield from _sum_of_members(rule, ctx)
        return
    # Reference kinds first, so every entity is seeded by its authoritative row.
    kinds = list(dict.fromkeys([*p["reference"], *rule.tables]))
    tables = _tables(rule, ctx, kinds)
    tables.sort(key=lambda t: min((_rank(rule, e) for e in t), default=(len(kinds), 0, 0)))
    for entity in group_entities(tables, p["similarity"]):
        valued = [e for e in entity if e.cell is not None]
        if len(valued) < 2:
            continue
        if p["majority"]:
            yield from _by_majority(rule, ctx, entity, valued)
        else:
            yield from _by_reference(rule, ctx, valued)
