"""Generate invented LKjIP reports in many dialects, each with a clean twin and an answer
key of planted slips (DIALECTS.md §1–§9; see datasets/dialects/README.md).

    python datasets/dialects/generate.py --seed 2026 --count 60 datasets/dialects/fixed

writes, per report `NNN-<agency>`: `<stem>.txt/.docx/.pdf` (with the planted slips),
`<stem>.clean.txt/.docx/.pdf` (the clean twin) and `<stem>.key.json` (the answer key).
`--formats txt,docx` skips the PDF (which needs Chromium).
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import random
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import vocabulary as V  # noqa: E402
from model import (  # noqa: E402
    HUNDRED,
    HeaderCell,
    Num,
    Paragraph,
    Ref,
    Relation,
    Report,
    Row,
    Table,
    fmt,
    holds,
    parse,
    quantize,
    ratio_value,
)

SLIP_KINDS = (
    "digit",
    "transposition",
    "scale100",
    "separator",
    "copy_above",
    "wrong_total",
    "wrong_formula",
    "target_mismatch",
    "prose_mismatch",
)
FORMULA_TEXT = {
    "neg2": "(2 × target − realisasi) / target × 100%",
    "tr": "target / realisasi × 100%",
    "100plus": "100% + ((target − realisasi) / target × 100%)",
}


# --- the dialect -------------------------------------------------------------------------


def sample_dialect(rng: random.Random) -> dict[str, str]:
    """One choice per dimension, each drawn independently."""
    pick = rng.choice
    return {
        "caption": pick(["dotted", "dotted3", "roman", "plain", "next_line", "below", "mixed"]),
        "note": pick(["none", "unit", "source"]),
        "case": pick(["upper", "title", "lower"]),
        "abbrev": pick(["no", "no", "yes"]),
        "colnums": pick(["none", "none", "paren", "plain", "letters"]),
        "no_column": pick(["yes", "yes", "no"]),
        "sasaran": pick(["group_rows", "merged", "repeated", "column_combined"]),
        "codes": pick(["letters", "roman", "rekening", "words"]),
        "total_pos": pick(["bottom", "bottom", "top"]),
        "total_word": pick(V.TOTAL_WORDS),
        "convention": pick(["id", "id", "id", "en"]),
        "cap_decimals": pick(["2", "2", "2", "0", "1", "3", "4"]),
        "rounding": pick(["round", "truncate"]),
        "money": pick(["rupiah", "rupiah", "ribuan", "jutaan"]),
        "polarity": pick(["column", "definitions", "prose", "none"]),
        "polarity_words": str(rng.randrange(len(V.POLARITY_WORDS))),
        "negative_formula": pick(["neg2", "neg2", "tr", "100plus"]),
        "cap": pick(["none", "none", "100", "120"]),
        "scale": str(rng.randrange(len(V.SCALES))),
        "bands": pick(["ge", "range", "interval"]),
        "mean_row": pick(["yes", "no"]),
        "percent_sign": pick(["header", "cell"]),
        "efficiency": pick(["difference", "unspent"]),
        "quarterly": pick(["per_quarter", "cumulative"]),
        "multiyear": pick(["realisasi", "groups"]),
        "ruled": pick(["yes", "yes", "no"]),
    }


def _case(text: str, d: dict[str, str]) -> str:
    if d["case"] == "upper":
        return text.upper()
    if d["case"] == "lower":
        return text.lower()
    return text


class Builder:
    """Builds one report: its blocks, relations and figures."""

    def __init__(self, rng: random.Random, number: int) -> None:
        self.rng = rng
        self.d = sample_dialect(rng)
        self.conv = self.d["convention"]
        self.rounding = self.d["rounding"]
        self.cap_dec = int(self.d["cap_decimals"])
        self.year = rng.choice([2022, 2023, 2024, 2025])
        self.blocks: list[Paragraph | Table] = []
        self.relations: list[Relation] = []
        self.prose_nums: dict[tuple[int, int], Num] = {}
        self.cells: dict[tuple[str, str, str], Ref] = {}  # (kind, entity, meaning) → ref
        self.table_count = 0
        self._agency(number)
        self._indicators()
        self._budget()

    # --- content -----------------------------------------------------------------------

    def _agency(self, number: int) -> None:
        rng = self.rng
        kind, pattern, domain = rng.choice(V.AGENCIES)
        region = "".join(rng.choice(V.SYLLABLES) for _ in range(3)).capitalize()
        region += " " + rng.choice(["Jaya", "Raya", "Barat", "Timur", "Selatan", "Indah"])
        level = rng.choice(["Kabupaten", "Kota"])
        self.agency = pattern.format(
            level=level,
            region=region,
            district=rng.choice(["Sukamaju", "Lembah Hijau"]),
            person=rng.choice(V.PERSONS),
            province=rng.choice(V.PROVINCES),
            directorate=rng.choice(V.DIRECTORATES),
            ministry=rng.choice(V.MINISTRIES),
        )
        self.agency_type, self.domain = kind, domain
        self.domain_word = V.DOMAIN_WORD[domain]
        self.slug = f"{number:03d}-{kind}-{domain}"

    def _indicators(self) -> None:
        rng = self.rng
        pool = list(V.INDICATORS[self.domain]) + rng.sample(V.GENERIC, 2)
        rng.shuffle(pool)
        chosen = pool[: rng.randint(4, 6)]
        n_sasaran = rng.randint(2, 3)
        sasaran = rng.sample(V.SASARAN, n_sasaran)
        self.inds: list[dict] = []
        zero_target_done = False
        for i, (name, unit, pol, typ, lo, hi, dec) in enumerate(chosen):
            ind = {
                "name": name,
                "unit": unit,
                "pol": pol,
                "type": typ,
                "dec": dec,
                "sasaran": sasaran[min(i * n_sasaran // len(chosen), n_sasaran - 1)].format(
                    domain=self.domain_word
                ),
            }
            if typ == "ordinal":
                levels = V.ORDINALS[name]
                t = rng.randrange(1, len(levels) - 1)
                r = rng.choice([t, t, t + 1])
                ind.update(
                    target=levels[t],
                    real=levels[r],
                    levels=levels,
                    cap=quantize(HUNDRED, self.cap_dec, self.rounding),
                )
            else:
                scale = Decimal(10) ** dec
                t = Decimal(round(rng.uniform(lo, hi) * float(scale))) / scale
                t = quantize(t, dec, "round")
                if typ == "pct" and t > 100:
                    t = Decimal(100)
                factor = Decimal(str(rng.uniform(0.82, 1.12)))
                r = quantize(t * factor, dec, "round")
                if typ == "pct" and r > 100:
                    r = Decimal(100)
                if pol == "-" and not zero_target_done and typ == "count" and rng.random() < 0.3:
                    t, r, zero_target_done = Decimal(0), Decimal(0), True
                if r <= 0 < t:
                    r = t
                ind.update(target=t, real=r)
                ind["cap"] = self._capaian(t, r, pol)
            self.inds.append(ind)
        self.sasaran = sasaran[:n_sasaran]
        self.sasaran = [s.format(domain=self.domain_word) for s in self.sasaran]
        self.sasaran = [s for s in self.sasaran if any(i["sasaran"] == s for i in self.inds)]

    def formula(self, pol: str) -> str:
        neg = self.d["negative_formula"]
        return "pos" if pol == "+" else ("neg2" if neg == "100plus" else neg)

    def cap_limit(self) -> Decimal | None:
        return None if self.d["cap"] == "none" else Decimal(self.d["cap"])

    def _capaian(self, t: Decimal, r: Decimal, pol: str) -> Decimal | None:
        if t == 0:  # not computable: the report prints 100 when nothing happened either
            return quantize(HUNDRED, self.cap_dec, self.rounding) if r == 0 else None
        value = ratio_value(self.formula(pol), r, t)
        if value is None:
            return None
        cap = self.cap_limit()
        if cap is not None:
            value = min(value, cap)
        return quantize(value, self.cap_dec, self.rounding)

    def _budget(self) -> None:
        rng = self.rng
        names = [p.format(domain=self.domain_word.title()) for p in V.PROGRAMS]
        programs = [names[0], *rng.sample(names[1:], rng.randint(2, 4))]
        self.depth = rng.choice([2, 3])
        self.programs: list[dict] = []
        for p in programs:
            prog = {"name": p, "children": []}
            for k in rng.sample(V.KEGIATAN, rng.randint(1, 3)):
                keg = {"name": k, "children": []}
                subs = rng.sample(V.SUB_KEGIATAN, rng.randint(1, 3)) if self.depth == 3 else [""]
                for s in subs:
                    a = rng.randrange(40_000, 2_500_000) * 1000
                    real = int(a * rng.uniform(0.72, 1.0))
                    keg["children"].append({"name": s, "a": a, "r": real})
                keg["a"] = sum(c["a"] for c in keg["children"])
                keg["r"] = sum(c["r"] for c in keg["children"])
                if self.depth == 2:
                    keg["children"] = []
                prog["children"].append(keg)
            prog["a"] = sum(c["a"] for c in prog["children"])
            prog["r"] = sum(c["r"] for c in prog["children"])
            self.programs.append(prog)
        self.total_a = sum(p["a"] for p in self.programs)
        self.total_r = sum(p["r"] for p in self.programs)

    # --- cells -------------------------------------------------------------------------

    def num(
        self,
        value: Decimal,
        decimals: int,
        meaning: str,
        unit: Decimal = Decimal(1),
        percent: bool = False,
    ) -> Num:
        text = fmt(value, decimals, self.conv)
        if percent and self.d["percent_sign"] == "cell":
            text += "%"
        return Num(value, decimals, meaning, unit, text)

    def money(self, rupiah: int, meaning: str) -> Num:
        unit = {"rupiah": 1, "ribuan": 1000, "jutaan": 1_000_000}[self.d["money"]]
        decimals = 2 if unit == 1_000_000 else 0
        value = quantize(Decimal(rupiah) / unit, decimals, self.rounding)
        return self.num(value, decimals, meaning, Decimal(unit))

    def pct(self, value: Decimal | None, meaning: str) -> Num | None:
        if value is None:
            return None
        return self.num(
            quantize(value, self.cap_dec, self.rounding), self.cap_dec, meaning, percent=True
        )

    def word(self, meaning: str) -> str:
        full, short = self.rng.choice(V.WORDS[meaning])
        return _case(short if self.d["abbrev"] == "yes" else full, self.d)

    def hc(self, text: str, colspan: int = 1, rowspan: int = 1) -> HeaderCell:
        return HeaderCell(_case(text, self.d), colspan, rowspan)

    # --- tables ------------------------------------------------------------------------

    def caption(self, title: str) -> tuple[str | None, bool, str | None]:
        self.table_count += 1
        n = self.table_count
        style = self.d["caption"]
        if style == "mixed":
            style = self.rng.choice(["dotted", "plain", "none", "lampiran"])
        if style == "none":
            return None, False, None
        if style == "lampiran":
            return f"Lampiran {n}. {title}", False, None
        number = {
            "dotted": f"3.{n}",
            "dotted3": f"3.2.{n}",
            "roman": f"III.{n}",
            "plain": f"{n + 8}",
            "next_line": f"3.{n}",
            "below": f"3.{n}",
        }[style]
        if style == "next_line":
            return f"Tabel {number}", False, title
        return f"Tabel {number} {title}", style == "below", None

    def add_table(
        self,
        kind: str,
        title: str,
        header: list[list[HeaderCell]],
        meanings: list[str],
        rows: list[Row],
        money: bool = False,
        merge_down: tuple[int, ...] = (),
        numeric: bool = True,
    ) -> int:
        caption, below, next_line = self.caption(title)
        notes: list[str] = []
        if money and self.d["money"] == "ribuan":
            notes.append(self.rng.choice(["(dalam ribuan rupiah)", "Satuan: Rp 000"]))
        elif money and self.d["money"] == "jutaan":
            notes.append(self.rng.choice(["(dalam jutaan rupiah)", "Satuan: Rp juta"]))
        elif self.d["note"] == "source":
            notes.append(f"Sumber: {self.agency}, {self.year + 1}")
        colnums = None
        if self.d["colnums"] != "none":
            colnums = [
                {"paren": f"({i + 1})", "plain": str(i + 1), "letters": "abcdefghijklmnop"[i]}[
                    self.d["colnums"]
                ]
                for i in range(len(meanings))
            ]
        table = Table(
            kind,
            caption,
            header,
            meanings,
            rows,
            caption_below=below,
            title_next_line=next_line,
            notes=notes,
            colnums=colnums,
            landscape=len(meanings) >= 8,
            ruled=self.d["ruled"] == "yes",
            merge_down=merge_down,
            numeric=numeric,
        )
        self.blocks.append(table)
        return len([b for b in self.blocks if isinstance(b, Table)]) - 1

    def place(self, t: int, rows: list[Row], kind: str) -> None:
        """Register every numeric cell of table `t` under (kind, entity, meaning)."""
        for r, row in enumerate(rows):
            for c, num in row.nums.items():
                self.cells.setdefault((kind, row.entity, num.meaning), ("t", t, r, c))

    def ref(self, t: int, rows: list[Row], entity: str, meaning: str) -> Ref | None:
        for r, row in enumerate(rows):
            if row.entity == entity:
                for c, num in row.nums.items():
                    if num.meaning == meaning:
                        return ("t", t, r, c)
        return None

    def make_row(
        self, label: str, texts: list[str | Num | None], role: str = "data", entity: str = ""
    ) -> Row:
        cells, nums = [], {}
        for c, item in enumerate(texts):
            if isinstance(item, Num):
                cells.append(item.text)
                nums[c] = item
            else:
                cells.append(item or "")
        return Row(label, cells, role, nums, entity or label, bold=role != "data")

    def ratio_rel(self, out: Ref, num: Ref, den: Ref, pol: str) -> None:
        declared = self.d["polarity"] != "none"
        true = self.formula(pol)
        formulas = (true,) if declared else ("pos", "neg2", "tr")
        self.relations.append(
            Relation("ratio", out, (num, den), formulas, "" if declared else true, self.cap_limit())
        )

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def numeric_indicators(self) -> list[dict]:
        return [i for i in self.inds if i["type"] != "ordinal"]

    def value(self, ind: dict, which: str) -> Num | str:
        if ind["type"] == "ordinal":
            return str(ind["target" if which == "target" else "real"])
        v = ind["target" if which == "target" else "real"]
        return self.num(v, ind["dec"], which, percent=ind["unit"] == "%")

    def polarity_word(self, ind: dict) -> str:
        pos, neg = V.POLARITY_WORDS[int(self.d["polarity_words"])]
        return pos if ind["pol"] == "+" else neg

    def predicate(self, cap: Decimal | None) -> str:
        names = V.SCALES[int(self.d["scale"])]
        if cap is None:
            return "-"
        for bound, name in zip(V.BANDS, names, strict=False):
            if cap >= bound:
                return name
        return names[4]

    def capaian_table(self) -> None:
        d = self.d
        layout = d["sasaran"]
        cols: list[tuple[str, str]] = []
        if d["no_column"] == "yes":
            cols.append(("no", self.word("no")))
        if layout in ("merged", "repeated"):
            cols.append(("sasaran", self.word("sasaran")))
        cols.append(
            (
                "indikator",
                "Sasaran / Indikator Kinerja"
                if layout == "column_combined"
                else self.word("indikator"),
            )
        )
        cols.append(("satuan", self.word("satuan")))
        if d["polarity"] == "column":
            cols.append(("polaritas", self.word("polaritas")))
        first_value = len(cols)
        cols += [
            ("target", self.word("target")),
            ("realisasi", self.word("realisasi")),
            ("capaian", self.word("capaian")),
        ]
        with_predicate = self.rng.random() < 0.5
        if with_predicate:
            cols.append(("kategori", self.word("kategori")))
        meanings = [m for m, _ in cols]
        grouped = self.rng.random() < 0.5
        if grouped:
            header = [
                [self.hc(w, rowspan=2) for _, w in cols[:first_value]]
                + [self.hc(f"Tahun {self.year}", colspan=3)]
                + [self.hc(w, rowspan=2) for _, w in cols[first_value + 3 :]],
                [self.hc(w) for _, w in cols[first_value : first_value + 3]],
            ]
        else:
            header = [[self.hc(w) for _, w in cols]]
        rows: list[Row] = []
        n = 0
        for s_index, sasaran in enumerate(self.sasaran):
            members = [i for i in self.inds if i["sasaran"] == sasaran]
            if layout in ("group_rows", "column_combined"):
                texts: list[str | Num | None] = [None] * len(cols)
                if "no" in meanings:
                    texts[0] = "ABCDEFG"[s_index] if layout == "group_rows" else f"{s_index + 1}"
                texts[meanings.index("indikator")] = sasaran
                rows.append(self.make_row(sasaran, texts, "group", f"sasaran:{sasaran}"))
            for k, ind in enumerate(members):
                n += 1
                texts = []
                for m in meanings:
                    if m == "no":
                        texts.append(f"{n}." if layout != "merged" or k == 0 else "")
                    elif m == "sasaran":
                        texts.append(sasaran if layout == "repeated" or k == 0 else "")
                    elif m == "indikator":
                        texts.append(ind["name"])
                    elif m == "satuan":
                        texts.append(ind["unit"])
                    elif m == "polaritas":
                        texts.append(self.polarity_word(ind))
                    elif m in ("target", "realisasi"):
                        texts.append(self.value(ind, m))
                    elif m == "capaian":
                        texts.append(self.pct(ind["cap"], "capaian") or "-")
                    else:
                        texts.append(self.predicate(ind["cap"]))
                if layout == "merged" and "no" in meanings and k > 0:
                    texts[0] = ""
                rows.append(self.make_row(ind["name"], texts, entity=ind["name"]))
        caps = [
            row.nums[meanings.index("capaian")]
            for row in rows
            if meanings.index("capaian") in row.nums
        ]
        if d["mean_row"] == "yes" and caps:
            mean = sum((c.value for c in caps), Decimal(0)) / len(caps)
            texts = [None] * len(cols)
            texts[meanings.index("indikator")] = _case(self.rng.choice(V.MEAN_WORDS), d)
            texts[meanings.index("capaian")] = self.pct(mean, "capaian")
            rows.append(
                self.make_row(
                    str(texts[meanings.index("indikator")]), texts, "mean", "mean:capaian"
                )
            )
        merge = tuple(
            i for i, m in enumerate(meanings) if m in ("no", "sasaran") and layout == "merged"
        )
        t = self.add_table(
            "capaian",
            f"Capaian Kinerja {self.agency} Tahun {self.year}",
            header,
            meanings,
            rows,
            merge_down=merge,
        )
        self.place(t, rows, "capaian")
        c_cap, c_t, c_r = (meanings.index(m) for m in ("capaian", "target", "realisasi"))
        cap_refs = []
        for r, row in enumerate(rows):
            ind = next((i for i in self.inds if i["name"] == row.entity), None)
            if row.role == "data" and c_cap in row.nums:
                cap_refs.append(("t", t, r, c_cap))
            if row.role == "data" and ind and c_cap in row.nums and c_t in row.nums:
                if ind["target"] != 0:
                    self.ratio_rel(
                        ("t", t, r, c_cap), ("t", t, r, c_r), ("t", t, r, c_t), ind["pol"]
                    )
            elif row.role == "mean":
                self.relations.append(Relation("mean", ("t", t, r, c_cap), tuple(cap_refs)))

    def pk_table(self, with_budget: bool) -> None:
        meanings = ["no", "sasaran", "indikator", "target"]
        words = [self.word("no"), self.word("sasaran"), self.word("indikator"), self.word("target")]
        rows = []
        for n, ind in enumerate(self.inds, 1):
            rows.append(
                self.make_row(
                    ind["name"],
                    [f"{n}", ind["sasaran"], ind["name"], self.value(ind, "target")],
                    entity=ind["name"],
                )
            )
        t = self.add_table(
            "pk",
            f"Perjanjian Kinerja Tahun {self.year}",
            [[self.hc(w) for w in words]],
            meanings,
            rows,
        )
        self._link_targets(t, rows)
        if with_budget:
            rows = [
                self.make_row(
                    p["name"], [f"{n}", p["name"], self.money(p["a"], "anggaran")], entity=p["name"]
                )
                for n, p in enumerate(self.programs, 1)
            ]
            total = self.make_row(
                _case(self.d["total_word"], self.d),
                [None, _case(self.d["total_word"], self.d), self.money(self.total_a, "anggaran")],
                "total",
                "total",
            )
            rows.append(total)
            words = [self.word("no"), "Program", self.word("anggaran") + self.unit_suffix()]
            t2 = self.add_table(
                "pk_budget",
                "Program dan Anggaran Perjanjian Kinerja",
                [[self.hc(w) for w in words]],
                ["no", "program", "anggaran"],
                rows,
                money=True,
            )
            self.relations.append(
                Relation(
                    "sum",
                    ("t", t2, len(rows) - 1, 2),
                    tuple(("t", t2, r, 2) for r in range(len(rows) - 1)),
                )
            )
            self._link_amounts(t2, rows)

    def unit_suffix(self) -> str:
        return {"rupiah": " (Rp)", "ribuan": "", "jutaan": ""}[self.d["money"]]

    def _link_targets(self, t: int, rows: list[Row]) -> None:
        """Targets equal to the capaian table's (the PK rules)."""
        for r, row in enumerate(rows):
            for c, num in row.nums.items():
                other = self.cells.get(("capaian", row.entity, "target"))
                if num.meaning == "target" and other:
                    self.relations.append(Relation("eq", ("t", t, r, c), (other,)))

    def _link_amounts(self, t: int, rows: list[Row]) -> None:
        for r, row in enumerate(rows):
            for c, num in row.nums.items():
                other = self.cells.get(("budget", row.entity, num.meaning))
                if other and row.role == "data":
                    self.relations.append(Relation("eq", ("t", t, r, c), (other,)))

    def iku_table(self) -> None:
        rows = [
            self.make_row(
                i["name"], [f"{n}", i["name"], i["unit"], self.value(i, "target")], entity=i["name"]
            )
            for n, i in enumerate(self.inds, 1)
        ]
        words = [
            self.word("no"),
            "Indikator Kinerja Utama",
            self.word("satuan"),
            f"{self.word('target')} {self.year}",
        ]
        t = self.add_table(
            "iku",
            f"Indikator Kinerja Utama {self.agency}",
            [[self.hc(w) for w in words]],
            ["no", "indikator", "satuan", "target"],
            rows,
        )
        self._link_targets(t, rows)

    def definitions_table(self) -> None:
        rows = [
            self.make_row(
                i["name"],
                [
                    i["name"],
                    self.polarity_word(i),
                    "realisasi / target × 100%"
                    if i["pol"] == "+"
                    else FORMULA_TEXT[self.d["negative_formula"]],
                ],
            )
            for i in self.inds
        ]
        self.add_table(
            "definitions",
            "Definisi Operasional dan Polaritas Indikator",
            [[self.hc("Indikator"), self.hc("Polaritas"), self.hc("Formula Capaian")]],
            ["indikator", "polaritas", "formula"],
            rows,
            numeric=False,
        )

    def budget_table(self) -> None:
        d = self.d
        codes = d["codes"]
        words = [self.word("anggaran"), self.word("realisasi_anggaran")]
        meanings = (["kode"] if codes != "words" else []) + [
            "uraian",
            "anggaran",
            "realisasi_anggaran",
        ]
        with_sisa = self.rng.random() < 0.5
        if with_sisa:
            meanings.append("sisa")
            words.append(self.word("sisa"))
        meanings.append("penyerapan")
        words.append(self.word("penyerapan"))
        header_words = (["Kode"] if codes != "words" else []) + [
            "Program / Kegiatan / Sub Kegiatan" if self.depth == 3 else "Program / Kegiatan"
        ]
        header = [
            [
                self.hc(w)
                for w in header_words
                + [
                    w + self.unit_suffix() if m in ("anggaran", "realisasi_anggaran", "sisa") else w
                    for w, m in zip(words, meanings[-len(words) :], strict=True)
                ]
            ]
        ]
        rows: list[Row] = []
        tree: list[tuple[int, list[int]]] = []  # (parent row, child rows)

        def line(code: str, label: str, node: dict, role: str, level: int) -> int:
            texts: list[str | Num | None] = [code] if codes != "words" else []
            texts.append(label)
            texts += [
                self.money(node["a"], "anggaran"),
                self.money(node["r"], "realisasi_anggaran"),
            ]
            if with_sisa:
                texts.append(self.money(node["a"] - node["r"], "sisa"))
            texts.append(self.pct(Decimal(node["r"]) / Decimal(node["a"]) * HUNDRED, "penyerapan"))
            row = self.make_row(label, texts, role, entity=label)
            row.indent = level
            row.bold = level == 0
            rows.append(row)
            return len(rows) - 1

        roman = ["I", "II", "III", "IV", "V", "VI"]
        total_word = _case(d["total_word"], d)
        total_node = {"a": self.total_a, "r": self.total_r}
        top = d["total_pos"] == "top"
        if top:
            total_row = line("", total_word, total_node, "total", 0)
        programs = []
        for p_i, prog in enumerate(self.programs):
            code, label = {
                "letters": (f"{p_i + 1}.", prog["name"]),
                "roman": (roman[p_i], prog["name"]),
                "rekening": (f"1.06.{p_i + 1:02d}", prog["name"]),
                "words": ("", prog["name"]),
            }[codes]
            p_row = line(code, label, prog, "subtotal", 0)
            programs.append(p_row)
            kegs = []
            for k_i, keg in enumerate(prog["children"]):
                code, label = {
                    "letters": (f"{p_i + 1}.{k_i + 1}", keg["name"]),
                    "roman": (f"{k_i + 1}.", keg["name"]),
                    "rekening": (f"1.06.{p_i + 1:02d}.2.{k_i + 1:02d}", keg["name"]),
                    "words": ("", f"Kegiatan {keg['name']}"),
                }[codes]
                k_row = line(code, label, keg, "subtotal" if keg["children"] else "data", 1)
                kegs.append(k_row)
                subs = []
                for s_i, sub in enumerate(keg["children"]):
                    code, label = {
                        "letters": (f"{p_i + 1}.{k_i + 1}.{s_i + 1}", sub["name"]),
                        "roman": ("abcdefg"[s_i] + ".", sub["name"]),
                        "rekening": (
                            f"1.06.{p_i + 1:02d}.2.{k_i + 1:02d}.{s_i + 1:04d}",
                            sub["name"],
                        ),
                        "words": ("", f"Sub Kegiatan {sub['name']}"),
                    }[codes]
                    subs.append(line(code, label, sub, "data", 2))
                if subs:
                    tree.append((k_row, subs))
            tree.append((p_row, kegs))
        if not top:
            total_row = line("", total_word, total_node, "total", 0)
        tree.append((total_row, programs))
        t = self.add_table(
            "budget",
            f"Realisasi Anggaran per Program dan Kegiatan Tahun {self.year}",
            header,
            meanings,
            rows,
            money=True,
        )
        c_a, c_r = meanings.index("anggaran"), meanings.index("realisasi_anggaran")
        c_p = meanings.index("penyerapan")
        for parent, children in tree:
            for c in (c_a, c_r) + ((meanings.index("sisa"),) if with_sisa else ()):
                self.relations.append(
                    Relation("sum", ("t", t, parent, c), tuple(("t", t, ch, c) for ch in children))
                )
        for r in range(len(rows)):
            self.relations.append(
                Relation("ratio", ("t", t, r, c_p), (("t", t, r, c_r), ("t", t, r, c_a)))
            )
            if with_sisa:
                c_s = meanings.index("sisa")
                self.relations.append(
                    Relation("diff", ("t", t, r, c_s), (("t", t, r, c_a), ("t", t, r, c_r)))
                )
        self.place(t, rows, "budget")
        rows[total_row].entity = "total"
        self.cells[("budget", "total", "anggaran")] = ("t", t, total_row, c_a)
        self.cells[("budget", "total", "realisasi_anggaran")] = ("t", t, total_row, c_r)
        self.cells[("budget", "total", "penyerapan")] = ("t", t, total_row, c_p)

    def amount_table(
        self,
        kind: str,
        title: str,
        lines: list[tuple[str, int, int, str]],
        first: str,
        target_word: str,
        real_word: str,
    ) -> None:
        """A table of amounts with subtotals (role "subtotal" lines sum the "data" lines
        that follow them) and a total: belanja per jenis, pendapatan, budget per sasaran."""
        meanings = ["uraian", "anggaran", "realisasi_anggaran", "penyerapan"]
        header = [
            [
                self.hc(first),
                self.hc(target_word + self.unit_suffix()),
                self.hc(real_word + self.unit_suffix()),
                self.hc(self.word("penyerapan")),
            ]
        ]
        rows = []
        for label, a, r, role in lines:
            rows.append(
                self.make_row(
                    label,
                    [
                        label,
                        self.money(a, "anggaran"),
                        self.money(r, "realisasi_anggaran"),
                        self.pct(Decimal(r) / Decimal(a) * HUNDRED, "penyerapan"),
                    ],
                    role,
                )
            )
        total_word = _case(self.d["total_word"], self.d)
        ta = sum(
            a
            for _, a, _, role in lines
            if role != "data" or not any(x[3] == "subtotal" for x in lines)
        )
        tr = sum(
            r
            for _, _, r, role in lines
            if role != "data" or not any(x[3] == "subtotal" for x in lines)
        )
        rows.append(
            self.make_row(
                total_word,
                [
                    total_word,
                    self.money(ta, "anggaran"),
                    self.money(tr, "realisasi_anggaran"),
                    self.pct(Decimal(tr) / Decimal(ta) * HUNDRED, "penyerapan"),
                ],
                "total",
                "total",
            )
        )
        t = self.add_table(kind, title, header, meanings, rows, money=True)
        subtotals = [i for i, x in enumerate(lines) if x[3] == "subtotal"]
        tops = subtotals or list(range(len(lines)))
        for c in (1, 2):
            for s in subtotals:
                nxt = [j for j in subtotals if j > s]
                end = nxt[0] if nxt else len(lines)
                self.relations.append(
                    Relation(
                        "sum", ("t", t, s, c), tuple(("t", t, j, c) for j in range(s + 1, end))
                    )
                )
            self.relations.append(
                Relation("sum", ("t", t, len(rows) - 1, c), tuple(("t", t, j, c) for j in tops))
            )
        for r in range(len(rows)):
            self.relations.append(
                Relation("ratio", ("t", t, r, 3), (("t", t, r, 2), ("t", t, r, 1)))
            )

    def _split(self, total: int, n: int) -> list[int]:
        cuts = sorted(self.rng.sample(range(1, 1000), n - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 1000], strict=True)]
        values = [total * p // 1000 for p in parts]
        values[-1] += total - sum(values)
        return values

    def _spent_parts(self, parts: list[int]) -> list[int]:
        """Realisasi of parts of the budget, summing to the report's total realisasi."""
        spent = [a * self.total_r // self.total_a for a in parts]
        spent[-1] += self.total_r - sum(spent)
        return spent

    def belanja_table(self) -> None:
        parts = self._split(self.total_a, 4)
        spent = self._spent_parts(parts)
        pegawai, barang, modal1, modal2 = parts
        lines = [
            ("Belanja Operasi", pegawai + barang, 0, "subtotal"),
            ("Belanja Pegawai", pegawai, spent[0], "data"),
            ("Belanja Barang dan Jasa", barang, spent[1], "data"),
            ("Belanja Modal", modal1 + modal2, 0, "subtotal"),
            ("Belanja Modal Peralatan dan Mesin", modal1, spent[2], "data"),
            ("Belanja Modal Gedung dan Bangunan", modal2, spent[3], "data"),
        ]
        lines[0] = (*lines[0][:2], lines[1][2] + lines[2][2], "subtotal")
        lines[3] = (*lines[3][:2], lines[4][2] + lines[5][2], "subtotal")
        self.amount_table(
            "belanja",
            f"Realisasi Belanja per Jenis Tahun {self.year}",
            lines,
            "Jenis Belanja",
            self.word("anggaran"),
            self.word("realisasi_anggaran"),
        )

    def pendapatan_table(self) -> None:
        names = [
            "Pendapatan Jasa Layanan",
            "Pendapatan Hasil Kerja Sama",
            "Pendapatan Retribusi Daerah",
            "Lain-lain Pendapatan yang Sah",
        ]
        lines = []
        for name in self.rng.sample(names, 3):
            target = self.rng.randrange(50_000, 9_000_000) * 1000
            lines.append((name, target, int(target * self.rng.uniform(0.8, 1.15)), "data"))
        self.amount_table(
            "pendapatan",
            f"Target dan Realisasi Pendapatan Tahun {self.year}",
            lines,
            "Jenis Pendapatan",
            self.word("target"),
            self.word("realisasi"),
        )

    def per_sasaran_table(self) -> None:
        parts = self._split(self.total_a, len(self.sasaran))
        lines = [
            (s, a, r, "data")
            for s, a, r in zip(self.sasaran, parts, self._spent_parts(parts), strict=True)
        ]
        self.amount_table(
            "budget_sasaran",
            "Anggaran dan Realisasi per Sasaran Strategis",
            lines,
            self.word("sasaran"),
            self.word("anggaran"),
            self.word("realisasi_anggaran"),
        )

    def staff_table(self) -> None:
        groups = self.rng.choice(
            [
                ["Golongan IV", "Golongan III", "Golongan II", "Golongan I"],
                ["S2", "S1/D4", "D3", "SMA/Sederajat"],
            ]
        )
        rows = []
        for g in groups:
            men, women = self.rng.randint(0, 40), self.rng.randint(0, 40)
            rows.append(
                self.make_row(
                    g,
                    [
                        g,
                        self.num(Decimal(men), 0, "laki_laki"),
                        self.num(Decimal(women), 0, "perempuan"),
                        self.num(Decimal(men + women), 0, "jumlah"),
                    ],
                )
            )
        totals = [sum(row.nums[c].value for row in rows) for c in (1, 2, 3)]
        word = _case(self.d["total_word"], self.d)
        rows.append(
            self.make_row(
                word,
                [word]
                + [
                    self.num(v, 0, m)
                    for v, m in zip(totals, ("laki_laki", "perempuan", "jumlah"), strict=True)
                ],
                "total",
                "total",
            )
        )
        first = "Golongan" if groups[0].startswith("Gol") else "Pendidikan"
        t = self.add_table(
            "staff",
            f"Jumlah Pegawai menurut {first}",
            [[self.hc(first), self.hc("Laki-laki"), self.hc("Perempuan"), self.hc("Jumlah")]],
            ["uraian", "laki_laki", "perempuan", "jumlah"],
            rows,
        )
        n = len(rows) - 1
        for c in (1, 2, 3):
            self.relations.append(
                Relation("sum", ("t", t, n, c), tuple(("t", t, r, c) for r in range(n)))
            )
        for r in range(len(rows)):
            self.relations.append(Relation("sum", ("t", t, r, 3), (("t", t, r, 1), ("t", t, r, 2))))

    def service_table(self) -> None:
        stats = [
            ("BOR", "%", "60-85", 55, 85, 2),
            ("LOS", "hari", "6-9", 3, 7, 1),
            ("TOI", "hari", "1-3", 1, 4, 1),
            ("BTO", "kali", "40-50", 38, 60, 0),
        ]
        years = [self.year - 2, self.year - 1, self.year]
        rows = []
        for name, unit, ideal, lo, hi, dec in stats:
            values = [
                self.num(
                    quantize(Decimal(str(self.rng.uniform(lo, hi))), dec, "round"),
                    dec,
                    f"nilai_{y}",
                )
                for y in years
            ]
            rows.append(self.make_row(name, [name, unit, ideal, *values]))
        self.add_table(
            "service",
            "Indikator Pelayanan Rumah Sakit",
            [
                [
                    self.hc("Indikator"),
                    self.hc("Satuan"),
                    self.hc("Standar Ideal"),
                    *[self.hc(str(y)) for y in years],
                ]
            ],
            ["indikator", "satuan", "standar", *[f"nilai_{y}" for y in years]],
            rows,
        )

    def scale_table(self) -> None:
        names = V.SCALES[int(self.d["scale"])]
        style = self.d["bands"]
        b = V.BANDS
        c = self.conv
        ranges = {
            "ge": [
                f"≥ {b[0]}",
                f"{b[1]} ≤ X < {b[0]}",
                f"{b[2]} ≤ X < {b[1]}",
                f"{b[3]} ≤ X < {b[2]}",
                f"< {b[3]}",
            ],
            "range": [
                f"{b[0]} – 100",
                f"{b[1]} – {b[0] - 1}",
                f"{b[2]} – {b[1] - 1}",
                f"{b[3]} – {b[2] - 1}",
                f"≤ {b[3] - 1}",
            ],
            "interval": [
                f"X ≥ {fmt(Decimal(b[0]), 2, c)}",
                f"{fmt(Decimal(b[1]), 2, c)} – {fmt(Decimal(b[0]) - Decimal('0.01'), 2, c)}",
                f"{fmt(Decimal(b[2]), 2, c)} – {fmt(Decimal(b[1]) - Decimal('0.01'), 2, c)}",
                f"{fmt(Decimal(b[3]), 2, c)} – {fmt(Decimal(b[2]) - Decimal('0.01'), 2, c)}",
                f"X < {fmt(Decimal(b[3]), 2, c)}",
            ],
        }[style]
        rows = [
            self.make_row(n, [f"{i + 1}", r, n])
            for i, (r, n) in enumerate(zip(ranges, names, strict=True))
        ]
        self.add_table(
            "scale",
            "Skala Nilai Peringkat Kinerja",
            [[self.hc("No"), self.hc("Rentang Capaian (%)"), self.hc("Kategori")]],
            ["no", "rentang", "kategori"],
            rows,
        )

    def multiyear_table(self) -> None:
        inds = self.numeric_indicators()[:4]
        if self.d["multiyear"] == "realisasi":
            years = list(range(self.year - 4, self.year + 1))
            rows = []
            for ind in inds:
                history = []
                for y in years[:-1]:
                    drift = Decimal(str(self.rng.uniform(0.85, 1.1)))
                    history.append(
                        self.num(
                            quantize(ind["real"] * drift, ind["dec"], "round"),
                            ind["dec"],
                            f"realisasi_{y}",
                        )
                    )
                rows.append(
                    self.make_row(
                        ind["name"],
                        [ind["name"], *history, self.value(ind, "realisasi")],
                        entity=ind["name"],
                    )
                )
            t = self.add_table(
                "multiyear",
                f"Perbandingan Realisasi Kinerja Tahun {years[0]}–{years[-1]}",
                [
                    [
                        self.hc(self.word("indikator")),
                        self.hc(self.word("realisasi"), colspan=len(years)),
                    ],
                    [self.hc(str(y)) for y in years],
                ],
                ["indikator", *[f"realisasi_{y}" for y in years[:-1]], "realisasi"],
                rows,
            )
            self._link_values(t, rows, ("realisasi",))
            return
        prior = self.year - 1
        rows = []
        for ind in inds:
            t0 = ind["target"]
            r0 = quantize(t0 * Decimal(str(self.rng.uniform(0.85, 1.08))), ind["dec"], "round")
            c0 = self._capaian(t0, r0, ind["pol"])
            rows.append(
                self.make_row(
                    ind["name"],
                    [
                        ind["name"],
                        self.num(t0, ind["dec"], f"target_{prior}"),
                        self.num(r0, ind["dec"], f"realisasi_{prior}"),
                        self.pct(c0, f"capaian_{prior}") or "-",
                        self.value(ind, "target"),
                        self.value(ind, "realisasi"),
                        self.pct(ind["cap"], "capaian") or "-",
                    ],
                    entity=ind["name"],
                )
            )
        sub = [self.word("target"), self.word("realisasi"), self.word("capaian")]
        t = self.add_table(
            "multiyear",
            f"Perbandingan Capaian Kinerja Tahun {prior} dan {self.year}",
            [
                [
                    self.hc(self.word("indikator"), rowspan=2),
                    self.hc(f"Tahun {prior}", colspan=3),
                    self.hc(f"Tahun {self.year}", colspan=3),
                ],
                [self.hc(w) for w in sub + sub],
            ],
            [
                "indikator",
                f"target_{prior}",
                f"realisasi_{prior}",
                f"capaian_{prior}",
                "target",
                "realisasi",
                "capaian",
            ],
            rows,
        )
        for r, (row, ind) in enumerate(zip(rows, inds, strict=True)):
            for c_t in (1, 4):
                if ind["target"] != 0 and c_t + 2 in row.nums:
                    self.ratio_rel(
                        ("t", t, r, c_t + 2), ("t", t, r, c_t + 1), ("t", t, r, c_t), ind["pol"]
                    )
        self._link_values(t, rows, ("target", "realisasi"))

    def _link_values(self, t: int, rows: list[Row], meanings: tuple[str, ...]) -> None:
        for r, row in enumerate(rows):
            for c, num in row.nums.items():
                other = self.cells.get(("capaian", row.entity, num.meaning))
                if num.meaning in meanings and other:
                    self.relations.append(Relation("eq", ("t", t, r, c), (other,)))

    def renstra_table(self) -> None:
        end = self.year + self.rng.randint(1, 3)
        rows = []
        rels = []
        for ind in self.numeric_indicators()[:4]:
            if ind["target"] == 0:
                continue
            step = Decimal(str(self.rng.uniform(1.0, 1.12)))
            goal = quantize(
                ind["target"] * (step if ind["pol"] == "+" else 2 - step), ind["dec"], "round"
            )
            if ind["unit"] == "%":
                goal = min(goal, Decimal(100))
            value = ratio_value(self.formula(ind["pol"]), ind["real"], goal)
            if value is None:
                continue
            rows.append(
                self.make_row(
                    ind["name"],
                    [
                        ind["name"],
                        self.num(goal, ind["dec"], "target_renstra"),
                        self.value(ind, "realisasi"),
                        self.pct(value, "capaian_renstra"),
                    ],
                    entity=ind["name"],
                )
            )
            rels.append((len(rows) - 1, ind))
        t = self.add_table(
            "renstra",
            f"Capaian terhadap Target Akhir Renstra Tahun {end}",
            [
                [
                    self.hc(self.word("indikator")),
                    self.hc(f"Target Akhir Renstra ({end})"),
                    self.hc(f"{self.word('realisasi')} {self.year}"),
                    self.hc("Capaian terhadap Target Akhir Renstra (%)"),
                ]
            ],
            ["indikator", "target_renstra", "realisasi", "capaian_renstra"],
            rows,
        )
        for r, ind in rels:
            declared = self.d["polarity"] != "none"
            true = self.formula(ind["pol"])
            self.relations.append(
                Relation(
                    "ratio",
                    ("t", t, r, 3),
                    (("t", t, r, 2), ("t", t, r, 1)),
                    (true,) if declared else ("pos", "neg2", "tr"),
                    "" if declared else true,
                )
            )
        self._link_values(t, rows, ("realisasi",))

    def comparison_table(self) -> None:
        rows = []
        for ind in self.numeric_indicators()[:4]:
            other = [
                self.num(
                    quantize(
                        ind["real"] * Decimal(str(self.rng.uniform(0.8, 1.2))), ind["dec"], "round"
                    ),
                    ind["dec"],
                    m,
                )
                for m in ("provinsi", "nasional")
            ]
            rows.append(
                self.make_row(
                    ind["name"],
                    [ind["name"], ind["unit"], self.value(ind, "realisasi"), *other],
                    entity=ind["name"],
                )
            )
        short = self.agency.split(" ")[-2] + " " + self.agency.split(" ")[-1]
        t = self.add_table(
            "comparison",
            "Perbandingan Capaian dengan Provinsi dan Nasional",
            [
                [
                    self.hc(self.word("indikator")),
                    self.hc(self.word("satuan")),
                    self.hc(f"{self.word('realisasi')} {short}"),
                    self.hc("Provinsi"),
                    self.hc("Nasional"),
                ]
            ],
            ["indikator", "satuan", "realisasi", "provinsi", "nasional"],
            rows,
        )
        self._link_values(t, rows, ("realisasi",))

    def quarterly_table(self) -> None:
        cumulative = self.d["quarterly"] == "cumulative"
        outputs = [
            "Jumlah Layanan Konsultasi yang Diberikan",
            "Jumlah Dokumen Perencanaan Tersusun",
            "Jumlah Kegiatan Pembinaan Terlaksana",
        ]
        rows = []
        for name in self.rng.sample(outputs, 2):
            target = self.rng.randrange(40, 400)
            parts = self._split(int(target * self.rng.uniform(0.85, 1.1)), 4)
            annual = sum(parts)
            quarters = [sum(parts[: i + 1]) for i in range(4)] if cumulative else parts
            cap = quantize(Decimal(annual) / target * HUNDRED, self.cap_dec, self.rounding)
            rows.append(
                self.make_row(
                    name,
                    [
                        name,
                        self.num(Decimal(target), 0, "target"),
                        *[self.num(Decimal(q), 0, f"tw{i + 1}") for i, q in enumerate(quarters)],
                        self.num(Decimal(annual), 0, "realisasi"),
                        self.num(cap, self.cap_dec, "capaian", percent=True),
                    ],
                    entity=name,
                )
            )
        label = "Realisasi s.d. " if cumulative else self.word("realisasi") + " "
        t = self.add_table(
            "quarterly",
            f"Realisasi Kinerja per Triwulan Tahun {self.year}",
            [
                [
                    self.hc(self.word("indikator")),
                    self.hc(self.word("target")),
                    *[self.hc(f"{label}TW {q}") for q in ("I", "II", "III", "IV")],
                    self.hc(f"{self.word('realisasi')} Tahunan"),
                    self.hc(self.word("capaian")),
                ]
            ],
            ["indikator", "target", "tw1", "tw2", "tw3", "tw4", "realisasi", "capaian"],
            rows,
        )
        for r in range(len(rows)):
            if cumulative:
                self.relations.append(Relation("eq", ("t", t, r, 6), (("t", t, r, 5),)))
            else:
                self.relations.append(
                    Relation("sum", ("t", t, r, 6), tuple(("t", t, r, c) for c in (2, 3, 4, 5)))
                )
            self.relations.append(
                Relation("ratio", ("t", t, r, 7), (("t", t, r, 6), ("t", t, r, 1)))
            )

    def efficiency_table(self) -> None:
        rows = []
        unspent = self.d["efficiency"] == "unspent"
        for prog in self.programs:
            if unspent:
                e = (1 - Decimal(prog["r"]) / Decimal(prog["a"])) * HUNDRED
                texts: list[str | Num | None] = [
                    prog["name"],
                    self.money(prog["a"], "anggaran"),
                    self.money(prog["r"], "realisasi_anggaran"),
                    self.pct(e, "efisiensi"),
                ]
            else:
                kin = quantize(Decimal(str(self.rng.uniform(85, 110))), self.cap_dec, self.rounding)
                serap = quantize(
                    Decimal(prog["r"]) / Decimal(prog["a"]) * HUNDRED, self.cap_dec, self.rounding
                )
                texts = [
                    prog["name"],
                    self.num(kin, self.cap_dec, "capaian", percent=True),
                    self.num(serap, self.cap_dec, "penyerapan", percent=True),
                    self.num(kin - serap, self.cap_dec, "efisiensi", percent=True),
                ]
            rows.append(self.make_row(prog["name"], texts, entity=prog["name"]))
        if unspent:
            header = [
                "Program",
                self.word("anggaran") + self.unit_suffix(),
                self.word("realisasi_anggaran") + self.unit_suffix(),
                "Efisiensi (%)",
            ]
            meanings = ["program", "anggaran", "realisasi_anggaran", "efisiensi"]
        else:
            header = [
                "Program",
                "Capaian Kinerja (%)",
                "Penyerapan Anggaran (%)",
                "Tingkat Efisiensi (%)",
            ]
            meanings = ["program", "capaian", "penyerapan", "efisiensi"]
        t = self.add_table(
            "efficiency",
            "Efisiensi Penggunaan Sumber Daya",
            [[self.hc(w) for w in header]],
            meanings,
            rows,
            money=unspent,
        )
        for r in range(len(rows)):
            if unspent:
                self.relations.append(
                    Relation(
                        "ratio", ("t", t, r, 3), (("t", t, r, 2), ("t", t, r, 1)), ("unspent",)
                    )
                )
            else:
                self.relations.append(
                    Relation("diff", ("t", t, r, 3), (("t", t, r, 1), ("t", t, r, 2)))
                )

    def sasaran_table(self) -> None:
        cap_refs = {
            s: [
                self.cells[("capaian", i["name"], "capaian")]
                for i in self.inds
                if i["sasaran"] == s
                and ("capaian", i["name"], "capaian") in self.cells
                and i["cap"] is not None
            ]
            for s in self.sasaran
        }
        rows, rels = [], []
        for n, s in enumerate(self.sasaran, 1):
            members = [i["cap"] for i in self.inds if i["sasaran"] == s and i["cap"] is not None]
            if not members:
                continue
            mean = sum(members, Decimal(0)) / len(members)
            num = self.pct(mean, "capaian")
            rows.append(
                self.make_row(
                    s,
                    [
                        f"{n}",
                        s,
                        self.num(Decimal(len(members)), 0, "jumlah_indikator"),
                        num,
                        self.predicate(num.value if num else None),
                    ],
                    entity=f"sasaran:{s}",
                )
            )
            rels.append((len(rows) - 1, cap_refs[s]))
        t = self.add_table(
            "capaian_sasaran",
            "Capaian Kinerja per Sasaran Strategis",
            [
                [
                    self.hc(self.word("no")),
                    self.hc(self.word("sasaran")),
                    self.hc("Jumlah Indikator"),
                    self.hc("Rata-rata Capaian (%)"),
                    self.hc(self.word("kategori")),
                ]
            ],
            ["no", "sasaran", "jumlah_indikator", "capaian", "kategori"],
            rows,
        )
        for r, refs in rels:
            if refs:
                self.relations.append(Relation("mean", ("t", t, r, 3), tuple(refs)))

    # --- prose -------------------------------------------------------------------------

    def para(
        self,
        text: str,
        figures: list[tuple[Num, Ref | None, str]] | None = None,
        heading: bool = False,
    ) -> None:
        block = Paragraph(text, heading)
        index = len(self.blocks)
        for f, (num, other, entity) in enumerate(figures or []):
            block.figures.append((num.text, num.meaning, entity))
            self.prose_nums[(index, f)] = num
            if other is not None:
                self.relations.append(Relation("eq", ("p", index, f, 0), (other,)))
        self.blocks.append(block)

    def opening(self) -> None:
        self.para(f"LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN {self.year}", heading=True)
        self.para(self.agency.upper(), heading=True)
        self.para("BAB I PENDAHULUAN", heading=True)
        self.para(
            f"Laporan ini disusun berdasarkan Peraturan Presiden Nomor 29 Tahun 2014 dan "
            f"Peraturan Menteri PANRB Nomor 53 Tahun 2014, memuat capaian "
            f"{len(self.inds)} indikator kinerja dari {len(self.sasaran)} sasaran strategis "
            f"sampai dengan 31 Desember {self.year}."
        )
        if self.d["polarity"] == "prose":
            neg = [i["name"] for i in self.inds if i["pol"] == "-"]
            if neg:
                self.para(
                    "Indikator yang semakin rendah semakin baik (polaritas negatif), yaitu "
                    + ", ".join(neg)
                    + ", dihitung dengan rumus "
                    + FORMULA_TEXT[self.d["negative_formula"]]
                    + "; indikator lainnya semakin tinggi semakin baik."
                )
        elif self.d["polarity"] != "none" and any(i["pol"] == "-" for i in self.inds):
            self.para(
                "Capaian indikator berpolaritas negatif dihitung dengan rumus "
                + FORMULA_TEXT[self.d["negative_formula"]]
                + "."
            )
        if self.d["cap"] != "none":
            self.para(f"Capaian kinerja dibatasi paling tinggi {self.d['cap']}%.")

    def indicator_prose(self) -> None:
        self.para("BAB III AKUNTABILITAS KINERJA", heading=True)
        inds = [i for i in self.numeric_indicators() if i["cap"] is not None and i["target"] != 0]
        for ind in self.rng.sample(inds, min(3, len(inds))):
            real = self.value(ind, "realisasi")
            target = self.value(ind, "target")
            cap = self.pct(ind["cap"], "capaian")
            assert isinstance(real, Num) and isinstance(target, Num) and cap is not None
            figs = [
                (real, self.cells.get(("capaian", ind["name"], "realisasi")), ind["name"]),
                (target, self.cells.get(("capaian", ind["name"], "target")), ind["name"]),
                (cap, self.cells.get(("capaian", ind["name"], "capaian")), ind["name"]),
            ]
            style = self.rng.randrange(3)
            unit = "%" if ind["unit"] == "%" else f" {ind['unit']}"
            captext = cap.text.rstrip("%")
            if style == 0:
                text = (
                    f"{ind['name']} pada tahun {self.year} terealisasi {real.text.rstrip('%')}"
                    f"{unit} dari target {target.text.rstrip('%')}{unit}, sehingga capaian "
                    f"kinerja sebesar {captext}% (kategori {self.predicate(ind['cap'])})."
                )
            elif style == 1:
                text = (
                    f"Realisasi indikator {ind['name']} sebesar {real.text.rstrip('%')}{unit} "
                    f"dengan target {target.text.rstrip('%')}{unit}; capaian terhadap target "
                    f"sebesar {captext}%."
                )
            else:
                text = (
                    f"Capaian indikator {ind['name']} sebesar {captext}% dengan realisasi "
                    f"{real.text.rstrip('%')}{unit} terhadap target "
                    f"{target.text.rstrip('%')}{unit}."
                )
            order = [0, 1, 2] if style == 0 else ([0, 1, 2] if style == 1 else [2, 0, 1])
            self.para(text, [figs[i] for i in order])
        self.para(
            "Standar pelayanan minimal menetapkan batas minimal 80% dan rentang ideal "
            "60–85%, sebagaimana diatur dalam Permendagri Nomor 86 Tahun 2017."
        )

    def budget_prose(self) -> None:
        if ("budget", "total", "anggaran") not in self.cells:
            return
        a = self.num(Decimal(self.total_a), 0, "anggaran")
        r = self.num(Decimal(self.total_r), 0, "realisasi_anggaran")
        p = self.pct(Decimal(self.total_r) / Decimal(self.total_a) * HUNDRED, "penyerapan")
        assert p is not None
        self.para(
            f"Pagu anggaran {self.agency} tahun {self.year} sebesar Rp {a.text} dengan "
            f"realisasi Rp {r.text} atau {p.text.rstrip('%')}%, yang digunakan untuk "
            f"{len(self.programs)} program.",
            [
                (a, self.cells[("budget", "total", "anggaran")], "total"),
                (r, self.cells[("budget", "total", "realisasi_anggaran")], "total"),
                (p, self.cells[("budget", "total", "penyerapan")], "total"),
            ],
        )
        if self.d["efficiency"] == "difference":
            self.para(
                "Tingkat efisiensi dihitung sebagai selisih capaian kinerja dan persentase "
                "penyerapan anggaran."
            )
        else:
            self.para(
                "Efisiensi dihitung sebagai persentase anggaran yang tidak terserap: "
                "(1 − realisasi / anggaran) × 100%."
            )

    # --- the report --------------------------------------------------------------------

    def build(self) -> Report:
        rng = self.rng
        optional = [
            "pk",
            "pk_budget",
            "iku",
            "capaian_sasaran",
            "multiyear",
            "renstra",
            "comparison",
            "quarterly",
            "efficiency",
            "budget_sasaran",
            "belanja",
            "pendapatan",
            "staff",
            "scale",
        ]
        kinds = set(rng.sample(optional, rng.randint(4, 7)))
        if self.agency_type == "rsud":  # a hospital reports its service statistics
            kinds.add("service")
        self.opening()
        if "staff" in kinds:
            self.staff_table()
            staff = self.blocks[-1]
            assert isinstance(staff, Table)
            total = staff.rows[-1].nums[3]
            self.para(
                f"Jumlah pegawai sebanyak {total.text} orang.",
                [
                    (
                        copy.copy(total),
                        ("t", len(self.tables()) - 1, len(staff.rows) - 1, 3),
                        "total",
                    )
                ],
            )
        if self.d["polarity"] == "definitions":
            self.definitions_table()
        if "scale" in kinds:
            self.scale_table()
        self.capaian_table()
        self.indicator_prose()
        for kind, make in (
            ("capaian_sasaran", self.sasaran_table),
            ("multiyear", self.multiyear_table),
            ("renstra", self.renstra_table),
            ("comparison", self.comparison_table),
            ("quarterly", self.quarterly_table),
            ("iku", self.iku_table),
        ):
            if kind in kinds:
                make()
        self.para("C. REALISASI ANGGARAN", heading=True)
        self.budget_table()
        self.budget_prose()
        for kind, make in (
            ("efficiency", self.efficiency_table),
            ("budget_sasaran", self.per_sasaran_table),
            ("belanja", self.belanja_table),
            ("pendapatan", self.pendapatan_table),
            ("service", self.service_table),
        ):
            if kind in kinds:
                make()
        if "pk" in kinds or "pk_budget" in kinds:
            self.para("LAMPIRAN", heading=True)
            self.pk_table(with_budget="pk_budget" in kinds)
        self.para(f"Demikian laporan ini disusun, {self.agency}, Januari {self.year + 1}.")
        return Report(
            self.slug,
            self.agency,
            self.year,
            self.conv,
            self.rounding,
            self.blocks,
            self.relations,
            dict(self.d),
            self.prose_nums,
        )


# --- slips -------------------------------------------------------------------------------


def _decimals_of(text: str, convention: str) -> int:
    point = "," if convention == "id" else "."
    body = text.rstrip("%")
    return len(body.split(point)[1]) if point in body else 0


def _slipped_text(
    kind: str,
    num: Num,
    report: Report,
    rows: list[Row] | None,
    r: int,
    c: int,
    rng: random.Random,
    rel_ratio: Relation | None,
) -> str | None:
    text = num.text
    suffix = "%" if text.endswith("%") else ""
    body = text.rstrip("%")
    digits = [i for i, ch in enumerate(body) if ch.isdigit()]
    if kind == "digit":
        # not among the last two digits of a rounded amount (within the tolerance of its unit)
        choices = digits[:-2] if num.unit > 1 and len(digits) > 3 else digits
        if not choices:
            return None
        i = rng.choice(choices)
        new = rng.choice([d for d in "0123456789" if d != body[i] and not (i == 0 and d == "0")])
        return body[:i] + new + body[i + 1 :] + suffix
    if kind == "transposition":
        pairs = [
            (a, b)
            for a, b in itertools.pairwise(digits)
            if b == a + 1 and body[a] != body[b] and not (a == 0 and body[b] == "0")
        ]
        if num.unit > 1:
            pairs = pairs[:-2]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        return body[:a] + body[b] + body[a] + body[b + 1 :] + suffix
    if kind == "scale100":
        if num.unit != 1 or num.value == 0:
            return None
        if num.value < 10 or num.decimals < 2:  # ×100, every digit kept
            return fmt(num.value * 100, max(num.decimals - 2, 0), report.convention) + suffix
        return fmt(num.value / 100, num.decimals + 2, report.convention) + suffix
    if kind == "separator":
        # Only a print that is ambiguous ("945,149": 945.149 or 945,149) reads otherwise in
        # the report's convention; "93.9" in a 93,9 report still means 93,9 (a format slip).
        if not re.fullmatch(r"[0-9]{1,3}[.,][0-9]{3}", body):
            return None
        return body.translate(str.maketrans(",.", ".,")) + suffix
    if kind in ("copy_above", "wrong_total"):
        if rows is None:
            return None
        if kind == "copy_above":
            if r == 0 or rows[r - 1].role != rows[r].role or c not in rows[r - 1].nums:
                return None
            above = rows[r - 1].nums[c].text
            return above if above != text else None
        if rows[r].role not in ("total", "subtotal"):
            return None
        delta = Decimal(rng.choice([1, 2, 5])) * Decimal(10) ** max(len(digits) - 3, 0)
        delta = delta.scaleb(-num.decimals) if num.decimals else delta
        return fmt(num.value + delta, num.decimals, report.convention) + suffix
    if kind == "wrong_formula":
        if rel_ratio is None or not num.meaning.startswith("capaian"):
            return None
        t_num = report.num(rel_ratio.inputs[1])
        r_num = report.num(rel_ratio.inputs[0])
        true = rel_ratio.hint or rel_ratio.formulas[0]
        wrong = "pos" if true != "pos" else "neg2"
        value = ratio_value(wrong, r_num.value, t_num.value)
        if value is None:
            return None
        return (
            fmt(quantize(value, num.decimals, report.rounding), num.decimals, report.convention)
            + suffix
        )
    if kind == "target_mismatch":
        if num.meaning != "target":
            return None
        step = Decimal(1).scaleb(-num.decimals) * rng.choice([5, 10, 20, 50])
        return fmt(num.value + step, num.decimals, report.convention) + suffix
    if kind == "prose_mismatch":
        magnitude = max(len(str(int(num.value))) - 3, 0) if num.value >= 1000 else 0
        step = Decimal(1).scaleb(magnitude if magnitude else -num.decimals)
        step *= rng.choice([3, 7, 12])
        return fmt(num.value + step, num.decimals, report.convention) + suffix
    return None


def _kinds_for(ref: Ref, report: Report) -> list[str]:
    if ref[0] == "p":
        return ["prose_mismatch"]
    return [
        "digit",
        "transposition",
        "scale100",
        "separator",
        "copy_above",
        "wrong_total",
        "wrong_formula",
        "target_mismatch",
    ]


def plant(report: Report, rng: random.Random, counts: Counter[str]) -> list[dict]:
    """Plant at most one slip per table (and one in the prose), each independent of the
    others: no relation touches two slipped cells. Returns the answer key entries."""
    touching: dict[Ref, list[Relation]] = {}
    for rel in report.relations:
        for ref in (rel.out, *rel.inputs):
            touching.setdefault(ref, []).append(rel)
    by_table: dict[str, list[Ref]] = {}
    for ref in touching:
        by_table.setdefault("p" if ref[0] == "p" else f"t{ref[1]}", []).append(ref)
    slipped: set[Ref] = set()
    entities: set[str] = set()
    key: list[dict] = []
    groups = sorted(by_table)
    rng.shuffle(groups)
    for group in groups:
        refs = sorted(by_table[group])
        rng.shuffle(refs)
        if group != "p" and rng.random() < 0.4:  # totals are few: give them their share
            tables = report.tables()
            refs.sort(key=lambda x: tables[x[1]].rows[x[2]].role not in ("total", "subtotal"))
        budget = 1
        for ref in refs:
            if budget == 0:
                break
            rels = touching[ref]
            if any(x in slipped for rel in rels for x in (rel.out, *rel.inputs)):
                continue
            entity = _entity(report, ref)
            if entity in entities:
                continue
            kinds = sorted(_kinds_for(ref, report), key=lambda k: (counts[k], rng.random()))
            for kind in kinds:
                entry = _try_slip(report, ref, kind, rels, rng)
                if entry:
                    counts[kind] += 1
                    slipped.add(ref)
                    entities.add(entity)
                    budget -= 1
                    entry["id"] = f"{report.name}#{len(key) + 1}"
                    key.append(entry)
                    break
    return key


def _entity(report: Report, ref: Ref) -> str:
    if ref[0] == "p":
        block = report.blocks[ref[1]]
        assert isinstance(block, Paragraph)
        return block.figures[ref[2]][2]
    return report.tables()[ref[1]].rows[ref[2]].entity


def _try_slip(
    report: Report, ref: Ref, kind: str, rels: list[Relation], rng: random.Random
) -> dict | None:
    num = report.num(ref)
    rows = report.tables()[ref[1]].rows if ref[0] == "t" else None
    ratio = next((x for x in rels if x.kind == "ratio" and x.out == ref), None)
    if kind == "target_mismatch" and not any(x.kind == "eq" for x in rels):
        return None
    if kind == "wrong_total" and not any(x.kind == "sum" and x.out == ref for x in rels):
        return None
    if kind == "wrong_formula" and (ratio is None or not num.meaning.startswith("capaian")):
        return None
    new = _slipped_text(kind, num, report, rows, ref[2], ref[3], rng, ratio)
    if new is None or new == num.text:
        return None
    try:
        value = parse(new, report.convention)
    except ArithmeticError:
        return None
    if value == num.value and kind != "separator":
        return None
    if value < 0:
        return None
    slipped = Num(value, _decimals_of(new, report.convention), num.meaning, num.unit, new)
    _set(report, ref, slipped)
    # A separator slip keeps the value under the other reading: a reviewer can only warn.
    certain = kind != "separator" and any(not holds(report, rel) for rel in rels)
    warned = any(not holds(report, rel) for rel in rels) or any(
        rel.kind == "ratio" and rel.hint and not holds(report, rel, rel.hint) for rel in rels
    )
    if not warned:
        _set(report, ref, num)
        return None
    failing = [
        rel
        for rel in rels
        if not holds(report, rel) or (rel.hint and not holds(report, rel, rel.hint))
    ]
    related = sorted({x for rel in failing for x in (rel.out, *rel.inputs) if x != ref})
    return {
        "kind": kind,
        **_place(report, ref),
        "printed": new,
        "correct": num.text,
        "certain": certain,
        "expected_severity": "error" if certain else "warning",
        "related": [_place(report, x) for x in related],
    }


def _set(report: Report, ref: Ref, num: Num) -> None:
    if ref[0] == "p":
        block = report.blocks[ref[1]]
        assert isinstance(block, Paragraph)
        old = report.prose_nums[(ref[1], ref[2])]
        fig = block.figures[ref[2]]
        old_text, new_text = old.text.rstrip("%"), num.text.rstrip("%")
        block.text = re.sub(
            rf"(?<![0-9.,]){re.escape(old_text)}(?![0-9]|[.,][0-9])", new_text, block.text, count=1
        )
        block.figures[ref[2]] = (num.text, fig[1], fig[2])
        report.prose_nums[(ref[1], ref[2])] = num
        return
    row = report.tables()[ref[1]].rows[ref[2]]
    row.nums[ref[3]] = num
    row.cells[ref[3]] = num.text


def _place(report: Report, ref: Ref) -> dict:
    if ref[0] == "p":
        block = report.blocks[ref[1]]
        assert isinstance(block, Paragraph)
        return {
            "table_kind": "prose",
            "table": None,
            "caption": None,
            "row_label": block.figures[ref[2]][2],
            "column": block.figures[ref[2]][1],
            "paragraph": block.text[:80],
            "value": report.num(ref).text,
        }
    table = report.tables()[ref[1]]
    row = table.rows[ref[2]]
    return {
        "table_kind": table.kind,
        "table": ref[1] + 1,
        "caption": table.caption + (f" {table.title_next_line}" if table.title_next_line else "")
        if table.caption
        else None,
        "row_label": row.label,
        "column": table.meanings[ref[3]],
        "value": row.cells[ref[3]],
    }


# --- the set -----------------------------------------------------------------------------


def generate(seed: int, count: int) -> list[tuple[Report, Report, list[dict]]]:
    """`count` reports: (with slips, clean twin, answer key)."""
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    out = []
    for number in range(1, count + 1):
        clean = Builder(random.Random(rng.getrandbits(64)), number).build()
        broken = [rel for rel in clean.relations if not holds(clean, rel)]
        if broken:
            raise AssertionError(f"{clean.name}: clean twin inconsistent: {broken[:3]}")
        report = copy.deepcopy(clean)
        key = plant(report, random.Random(rng.getrandbits(64)), counts)
        out.append((report, clean, key))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--formats", default="txt,docx,pdf")
    parser.add_argument(
        "--pdf-for", type=int, default=0, help="render PDF only for the first N reports (0: all)"
    )
    args = parser.parse_args(argv)
    from render import render_all

    formats = args.formats.split(",")
    args.out.mkdir(parents=True, exist_ok=True)
    for i, (report, clean, key) in enumerate(generate(args.seed, args.count)):
        fmts = [f for f in formats if f != "pdf" or not args.pdf_for or i < args.pdf_for]
        render_all(report, args.out / report.name, fmts)
        render_all(clean, args.out / f"{report.name}.clean", fmts)
        doc = {
            "schema": "lkjip-dialects/key@1",
            "report": report.name,
            "agency": report.agency,
            "year": report.year,
            "seed": args.seed,
            "convention": report.convention,
            "rounding": report.rounding,
            "dialect": report.dialect,
            "tables": [
                {
                    "table": n + 1,
                    "kind": t.kind,
                    "caption": t.caption,
                    "numeric": t.numeric,
                    "rows": len(t.rows),
                    "header": [x for row in t.header_grid() for x in row if x],
                    "labels": [row.label for row in t.rows],
                }
                for n, t in enumerate(report.tables())
            ],
            "slips": key,
        }
        (args.out / f"{report.name}.key.json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"{args.count} reports in {args.out}")


if __name__ == "__main__":
    main()
