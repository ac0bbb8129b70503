"""The HTML findings report: self-contained, escaped, in both languages, and working in a browser.

The fast tests read the rendered HTML with the standard library's parser; the browser tests
drive the system's Chromium with playwright (one browser for the module). Without Chromium
they skip, unless LKJIP_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import VIEWPORT, chromium, find_chromium, screenshot
from reporting import REPAIRED, audited

from auditor.enums import SEVERITIES
from auditor.i18n import label
from auditor.report.html import render
from auditor.report.view import AuditReport, build_report
from auditor.resources import sample_report

BUDGET_HEADER = """# LAPORAN KINERJA DINAS CONTOH KABUPATEN MAJU TAHUN 2024

Tabel 3.9 Realisasi Anggaran Tahun 2024

| NO | PROGRAM/KEGIATAN | ANGGARAN (Rp) | REALISASI (Rp) | % |
|---|---|---|---|---|
| 1. | PROGRAM PENUNJANG URUSAN | 900.000.000 | 850.000.000 | 94,44 |
| 1.1 | Administrasi Keuangan | 900.000.000 | 850.000.000 | 94,44 |
| 2. | PROGRAM PEMERINTAHAN | 500.000.000 | 480.000.000 | 96,00 |
"""
CONSISTENT = (
    BUDGET_HEADER
    + """| 2.1 | Urusan Umum | 500.000.000 | 480.000.000 | 96,00 |
| | JUMLAH | 1.400.000.000 | 1.330.000.000 | 95,00 |
"""
)
# Sub-item 2.1's budget is 50 million below its parent's and its name carries markup; the
# total is 100 million too high.
SCRIPT = "<script>alert(1)</script>"
WRONG = (
    BUDGET_HEADER
    + f"""| 2.1 | Urusan {SCRIPT} Umum | 450.000.000 | 480.000.000 | 96,00 |
| | JUMLAH | 1.500.000.000 | 1.330.000.000 | 95,00 |
"""
)


def report_for(path: Path, lang: str = "id") -> AuditReport:
    return build_report(audited(path), lang)


def report_from_text(folder: Path, text: str, lang: str = "id") -> AuditReport:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "laporan.md"
    path.write_text(text, encoding="utf-8")
    return report_for(path, lang)


@pytest.fixture(scope="module")
def sample() -> dict[str, AuditReport]:
    result = audited(sample_report())
    return {lang: build_report(result, lang) for lang in ("id", "en")}


@pytest.fixture(scope="module")
def sample_html(sample: dict[str, AuditReport]) -> dict[str, str]:
    return {lang: render(report) for lang, report in sample.items()}


# --- reading the rendered HTML -------------------------------------------------------------

VOID = {"meta", "input", "br", "hr", "img", "link", "wbr", "col", "source"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())
        ]


class _TreeBuilder(HTMLParser):
    """A strict tree: every end tag must close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def by_id(root: Node) -> dict[str, Node]:
    nodes = [n for n in root.iter() if "id" in n.attrs]
    ids = {n.attrs["id"]: n for n in nodes}
    assert len(ids) == len(nodes), "duplicate ids"
    return ids


def finding_rows(root: Node) -> list[Node]:
    return root.find_all("tr", "finding")


def cell_link(row: Node) -> str | None:
    """Where a finding row's link points (its cell, row or table), without the #."""
    links = [a.attrs["href"][1:] for a in row.find_all("a")]
    return next((target for target in links if not target.startswith("table-")), None)


# --- fast tests of the HTML ----------------------------------------------------------------


def test_self_contained_with_a_strict_content_security_policy(sample_html):
    html = sample_html["id"]
    root = parse(html)
    assert not root.find_all("link")
    assert not re.search(r"@import|url\(", html)
    for node in root.iter():
        assert "src" not in node.attrs, node
        assert node.attrs.get("href", "#").startswith("#"), node  # in-page links only
    (style,) = root.find_all("style")
    (script,) = root.find_all("script")
    (csp,) = [m for m in root.find_all("meta") if m.attrs.get("http-equiv")]
    policy = csp.attrs["content"]
    assert "default-src 'none'" in policy
    for inline in (style.text(), script.text()):
        digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy  # the page's own style and script may run


@pytest.mark.parametrize("lang", ["id", "en"])
def test_headings_are_in_the_report_language(sample, sample_html, lang):
    report = sample[lang]
    root = parse(sample_html[lang])
    (html,) = root.find_all("html")
    assert html.attrs["lang"] == lang
    assert [h.text() for h in root.find_all("h1")] == [label("report_title", lang)]
    n = len(report.findings)
    assert [h.text() for h in root.find_all("h2")] == [
        label("summary", lang),
        f"{label('findings', lang)} ({n} / {n})",
        label("extracted_tables", lang),
    ]
    table = by_id(root)["findings-table"]
    headings = [th.text() for th in table.find_all("thead")[0].find_all("th")]
    keys = ["number", "rule", "severity", "table", "row", "column", "location", "condition"]
    keys += ["reported", "expected", "status"]
    assert headings == [label(k, lang) for k in keys]
    terms = {dt.text() for dt in table.find_all("dt")}
    keys = ["diagnosis", "criteria", "impact", "recommendation", "source"]
    assert terms == {label(k, lang) for k in keys}


def test_header_describes_the_document(sample, sample_html):
    header = sample["en"].header
    (meta,) = parse(sample_html["en"]).find_all("dl", "meta")
    fields = {d.find_all("dt")[0].text(): d.find_all("dd")[0].text() for d in meta.find_all("div")}
    read = {"read": header.tables_read, "recognised": header.tables_recognised}
    assert fields == {
        label("document", "en"): "lkjip-sumenep-dinsos-p3a-2023.txt",
        label("agency", "en"): "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak "
        "Kabupaten Sumenep",
        label("report_year", "en"): "2023",
        label("format", "en"): "text",
        label("tables_read", "en"): label("tables_recognised", "en", **read),
        label("coverage", "en"): sample["en"].coverage,
        label("rules_run_title", "en"): sample["en"].rules_line,
        label("rounding", "en"): label("rounding_truncate", "en"),
        label("convention", "en"): label("convention_id", "en"),
        label("version", "en"): f"lkjip-auditor {header.tool_version}",
        "SHA-256": header.sha256,
    }


def test_every_finding_is_one_row_with_its_values(sample, sample_html):
    report = sample["id"]
    rows = finding_rows(parse(sample_html["id"]))
    assert [(r.attrs["id"], r.attrs["data-code"], r.attrs["data-severity"]) for r in rows] == [
        (f"finding-{f.number}", f.code, f.severity) for f in report.findings
    ]
    for row, f in zip(rows, report.findings, strict=True):
        cells = [td.text().strip() for td in row.children if isinstance(td, Node)]
        assert cells[0] == str(f.number) and cells[1] == f.code and cells[2] == f.severity_label
        assert cells[8:] == [f.reported, f.expected, f.status_label]
        assert f.message in cells[7] and f.recommendation in cells[7]


def test_marked_cells_carry_the_expected_value_and_link_both_ways(sample, sample_html):
    report = sample["id"]
    root = parse(sample_html["id"])
    ids = by_id(root)
    marked = 0
    for row, f in zip(finding_rows(root), report.findings, strict=True):
        target = cell_link(row)
        if f.table is None:
            assert target is None  # prose findings have no cell
            continue
        cell = ids[target]
        if not target.startswith("cell-"):
            continue
        marked += 1
        assert "mark" in cell.classes()
        assert f"#{f.number} {f.code}" in cell.attrs["title"]
        assert f"#finding-{f.number}" in {a.attrs["href"] for a in cell.find_all("a")}
        if f.expected:
            assert f"{label('expected', 'id')}: {f.expected}" in cell.attrs["title"]
            (tip,) = cell.find_all("span", "tip")
            assert f.expected in tip.text()
    # every finding on a table column is highlighted
    assert marked and marked == sum(len(n) for t in report.tables for n in t.marks.values())


def test_a_cell_with_several_findings_takes_the_worst_colour(sample, sample_html):
    root = parse(sample_html["id"])
    ids = by_id(root)
    severities_at: dict[str, set[str]] = {}
    for row, f in zip(finding_rows(root), sample["id"].findings, strict=True):
        target = cell_link(row)
        if target and target.startswith("cell-"):
            severities_at.setdefault(target, set()).add(f.severity)
    mixed = {target: s for target, s in severities_at.items() if len(s) > 1}
    assert mixed  # in the sample, table 3.5.1 has an error and a warning on one capaian
    for target, severities in mixed.items():
        worst = min(severities, key=SEVERITIES.index)
        classes = ids[target].classes()
        assert f"sev-{worst}" in classes
        assert not {f"sev-{s}" for s in severities - {worst}} & classes


def test_document_text_is_escaped(tmp_path):
    report = report_from_text(tmp_path, WRONG)
    assert any(SCRIPT in f.message for f in report.findings)  # the markup reaches a message
    # and an attribute: a quote and a tag in a message that ends up in a title="..."
    f = next(f for f in report.findings if f.column == "anggaran" and f.row == "2.1")
    hostile = 'x" onmouseover="alert(2)"><img src=x onerror=alert(3)>'
    report.findings[f.number - 1] = replace(f, message=hostile)
    html = render(report)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script") == 1  # the page's own
    root = parse(html)
    assert not root.find_all("img")
    assert all("onmouseover" not in n.attrs for n in root.iter())
    cell = by_id(root)[cell_link(by_id(root)[f"finding-{f.number}"])]
    assert hostile in cell.attrs["title"]  # shown as text, intact
    assert any(td.text() == f"Urusan {SCRIPT} Umum" for td in root.find_all("td"))


def test_repaired_copy_is_a_clean_report_that_still_lists_its_info_findings():
    report = report_for(REPAIRED)
    assert report.verdict == "consistent" and report.counts["info"] > 0
    root = parse(render(report))
    (clean,) = root.find_all("p", "verdict-consistent")
    assert clean.text() == report.verdict_text
    assert clean.text().startswith("Konsisten — tidak ada galat maupun peringatan")
    rows = finding_rows(root)
    assert len(rows) == report.counts["info"] == len(report.findings)
    assert {r.attrs["data-severity"] for r in rows} == {"info"}


def test_sample_is_not_called_clean(sample_html):
    assert not parse(sample_html["id"]).find_all("p", "verdict-consistent")
    assert parse(sample_html["id"]).find_all("p", "verdict-findings")


def test_report_without_findings(tmp_path):
    report = report_from_text(tmp_path, CONSISTENT, "en")
    assert not report.findings
    root = parse(render(report))
    assert root.find_all("p", "verdict-consistent")
    assert "findings-table" not in by_id(root)
    assert label("no_findings_here", "en") in by_id(root)["findings"].text()
    assert [c.text() for c in root.find_all("span", "count")] == ["0", "0", "0"]


def test_deterministic_and_without_local_paths(tmp_path):
    """The same document audited twice from two folders gives the same page."""
    html = render(report_from_text(tmp_path / "a", WRONG))
    assert render(report_from_text(tmp_path / "b", WRONG)) == html
    assert str(tmp_path) not in html


# --- in Chromium ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    try:
        import playwright  # noqa: F401
    except ImportError:
        reason = "playwright is not installed (pip install '.[test]')"
    else:
        reason = None if executable else "no chromium or chromium-browser on PATH"
    if reason:
        if os.environ.get("LKJIP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LKJIP_REQUIRE_BROWSER=1, but {reason}")
        pytest.skip(reason)
    with chromium(executable) as opened:
        yield opened


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory, sample_html) -> Path:
    path = tmp_path_factory.mktemp("html") / "sample-findings-id.html"
    path.write_text(sample_html["id"], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shared_page(browser):
    """One tab for the module (a fresh tab per test would double the run time)."""
    page = browser.new_page(viewport=VIEWPORT)
    page.errors = []  # console errors and uncaught exceptions
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    page.close()


@pytest.fixture
def page(shared_page, sample_file):
    """The sample report, freshly loaded; the test fails on any console or page error."""
    shared_page.errors.clear()
    shared_page.emulate_media(media="screen", color_scheme="light")
    shared_page.goto(sample_file.as_uri())
    yield shared_page
    assert shared_page.errors == []


def visible_rows(page) -> list[tuple[int, str, str]]:
    return page.eval_on_selector_all(
        "tr.finding:not([hidden])",
        "rows => rows.map(r => [Number(r.cells[0].dataset.sort), r.dataset.code,"
        " r.dataset.severity])",
    )


def test_loads_without_errors_and_shows_every_finding(page, sample):
    assert page.errors == []
    assert len(visible_rows(page)) == len(sample["id"].findings)
    assert page.is_visible("#toolbar")


def test_filter_by_rule_code(page, sample):
    findings = sample["id"].findings
    codes = Counter(f.code for f in findings)
    code = "LKJ201"
    assert 1 < codes[code] < len(findings)
    page.fill("#filter-text", code)
    rows = visible_rows(page)
    assert len(rows) == codes[code] and {c for _, c, _ in rows} == {code}
    assert page.text_content("#shown-count") == str(codes[code])
    page.fill("#filter-text", "lkj4")  # a prefix selects a family, as --select does
    assert len(visible_rows(page)) == sum(n for c, n in codes.items() if c.startswith("LKJ4"))
    page.fill("#filter-text", "9.403%")  # any other text matches anywhere in the row
    expected = [f.number for f in findings if "9.403%" in f"{f.condition} {f.reported}"]
    assert [n for n, _, _ in visible_rows(page)] == expected and expected
    page.fill("#filter-text", "tidak ada teks seperti ini")
    assert not visible_rows(page) and page.is_visible("#no-match")
    page.fill("#filter-text", "")
    assert len(visible_rows(page)) == len(findings)


def test_rule_code_does_not_match_messages_that_cite_it(page, tmp_path):
    report = report_from_text(tmp_path, WRONG)
    cited = [f for f in report.findings if "LKJ101" in f.message]
    assert cited and all(f.code != "LKJ101" for f in report.findings)
    path = tmp_path / "wrong.html"
    path.write_text(render(report), encoding="utf-8")
    page.goto(path.as_uri())
    page.fill("#filter-text", "LKJ101")
    assert visible_rows(page) == []
    page.fill("#filter-text", cited[0].code)
    assert [n for n, _, _ in visible_rows(page)] == [
        f.number for f in report.findings if f.code == cited[0].code
    ]


def test_severity_toggle_and_table_dropdown(page, sample):
    report = sample["id"]
    page.click("button[data-show-severity=warning]")
    rows = visible_rows(page)
    assert {s for _, _, s in rows} == {"warning"} and len(rows) == report.counts["warning"]
    assert page.get_attribute("button[data-show-severity=warning]", "aria-pressed") == "true"
    assert page.get_attribute("button[data-show-severity='']", "aria-pressed") == "false"
    page.select_option("#filter-table", "3.5.1")
    by_table = {table: counts for table, _, counts in report.by_table()}
    assert len(visible_rows(page)) == by_table["3.5.1"]["warning"]
    page.click("button[data-show-severity='']")
    assert len(visible_rows(page)) == sum(by_table["3.5.1"].values())
    page.select_option("#filter-table", "")
    assert len(visible_rows(page)) == len(report.findings)


def test_sorting_by_clicking_a_header(page, sample):
    findings = sample["id"].findings
    numbers = [f.number for f in findings]
    header = "#findings-table thead th:nth-child({}) button"
    page.click(header.format(1))  # No: already ascending, so descending
    assert [n for n, _, _ in visible_rows(page)] == numbers[::-1]
    page.click(header.format(1))
    assert [n for n, _, _ in visible_rows(page)] == numbers  # 1, 2, … 10, not 1, 10, 11
    assert page.get_attribute("#findings-table thead th:nth-child(1)", "aria-sort") == "ascending"
    page.click(header.format(3))  # severity: errors first, ties in document order
    expected = sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.number))
    assert [n for n, _, _ in visible_rows(page)] == [f.number for f in expected]
    page.click(header.format(2))  # rule code, as text
    assert [c for _, c, _ in visible_rows(page)] == sorted(f.code for f in findings)


def test_a_highlighted_cell_shows_its_expected_value(page, sample):
    f = next(f for f in sample["id"].findings if f.code == "LKJ101" and f.expected)
    page.click(f"#finding-{f.number} td:nth-child(6) a")  # the column: jumps to the cell
    target = page.evaluate("location.hash")
    assert target.startswith("#cell-")
    cell = page.locator(target)
    assert f.expected in cell.get_attribute("title")
    tip = cell.locator(".tip")
    assert not tip.is_visible()
    cell.hover()
    assert tip.is_visible() and f.expected in tip.inner_text()
    box = tip.bounding_box()  # placed inside the viewport, not clipped by the table's scroll
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]


def test_a_link_to_a_filtered_out_finding_clears_the_filter(page, sample):
    f = next(f for f in sample["id"].findings if f.severity == "error" and f.table)
    page.click("button[data-show-severity=info]")
    assert not page.is_visible(f"#finding-{f.number}")
    page.evaluate(f"location.hash = '#finding-{f.number}'")
    assert page.is_visible(f"#finding-{f.number}")
    assert len(visible_rows(page)) == len(sample["id"].findings)
    assert page.eval_on_selector(f"#finding-{f.number} details", "d => d.open")


def test_print_shows_every_finding_in_full(page):
    page.emulate_media(media="print")
    assert not page.is_visible("#toolbar")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.eval_on_selector_all("tr.finding details", "ds => ds.every(d => d.open)")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.eval_on_selector_all("tr.finding details", "ds => ds.every(d => !d.open)")


# The contrast ratio of each element's text on its (first opaque) background, for the
# first 25 elements a selector finds.
CONTRAST = """els => els.slice(0, 25).map(el => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let bg = el, background;
  do { background = getComputedStyle(bg).backgroundColor; bg = bg.parentElement; }
  while (background === "rgba(0, 0, 0, 0)" && bg);
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(background))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_is_readable_in_light_and_dark_mode(page, scheme):
    page.emulate_media(color_scheme=scheme)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
    for selector in (".mark .v", ".badge", ".card .count", ".refs a", "td.n", ".note", "th", "a"):
        ratios = page.eval_on_selector_all(selector, CONTRAST)
        assert ratios and min(ratios) >= 4.5, selector  # WCAG AA for normal text
    page.hover(".mark")
    assert page.eval_on_selector_all(".mark.open .tip", CONTRAST)[0] >= 4.5


def test_full_page_screenshot(page, sample_file, tmp_path):
    png = tmp_path / "sample-findings-id.png"
    screenshot(page, sample_file, png)
    print(f"screenshot: {png}")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == VIEWPORT["width"] and height > 5 * VIEWPORT["height"]  # the whole page
    if folder := os.environ.get("LKJIP_SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(folder) / png.name)
