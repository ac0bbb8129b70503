"""Screenshots of the HTML findings report, for the README and for reviewing the layout.

    python reports/screenshots.py

Renders the bundled sample (Indonesian and English) and its repaired copy to HTML in a
temporary folder and writes PNGs of each page's top (header, summary, first findings)
next to this file; the browser test takes full-page ones. Needs Chromium
(`apt-get install chromium`) and playwright; nothing is downloaded. The PNGs depend on the
machine's fonts, so they are not checked for drift: look at them after a layout change.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPORTS = Path(__file__).resolve().parent
ROOT = REPORTS.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import chromium, find_chromium, screenshot  # noqa: E402
from reporting import audited  # noqa: E402

from auditor.report.html import render  # noqa: E402
from auditor.report.view import build_report  # noqa: E402
from auditor.resources import bundled_path, sample_report  # noqa: E402

REPAIRED = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023-repaired.txt")
# (name, report audited, languages): writes {name}-findings-{language}.png
SHOT_HEIGHT = 1400  # pixels: the first screen and a half
SHOTS = [("sample", sample_report(), ("id", "en")), ("repaired", REPAIRED, ("id",))]


def main() -> None:
    executable = find_chromium()
    if executable is None:
        sys.exit("screenshots.py: no chromium or chromium-browser on PATH")
    with tempfile.TemporaryDirectory() as folder, chromium(executable) as browser:
        page = browser.new_page()
        for name, source, languages in SHOTS:
            result = audited(source)
            for lang in languages:
                png = f"{name}-findings-{lang}.png"
                html = Path(folder) / f"{name}-findings-{lang}.html"
                html.write_text(render(build_report(result, lang)), encoding="utf-8")
                screenshot(page, html, REPORTS / png, height=SHOT_HEIGHT)
                print(f"wrote reports/{png}")


if __name__ == "__main__":
    main()
