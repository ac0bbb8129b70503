"""What the HTML report's browser tests and `reports/screenshots.py` share.

Playwright drives the system's Chromium (`apt-get install chromium`); nothing is downloaded.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

VIEWPORT = {"width": 1366, "height": 900}


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium(executable: str) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: containers and CI often run as root, where the sandbox cannot start.
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Page, html_path: Path, png_path: Path, height: int | None = None) -> None:
    """A PNG of an HTML file as a reviewer first sees it (light mode, on screen): the whole
    page, or only its top `height` pixels (small enough to commit and show in a README)."""
    page.set_viewport_size(VIEWPORT)
    page.emulate_media(media="screen", color_scheme="light")
    page.goto(html_path.resolve().as_uri())
    png_path.parent.mkdir(parents=True, exist_ok=True)
    if height is None:
        page.screenshot(path=png_path, full_page=True)
    else:
        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
        page.screenshot(path=png_path, full_page=True, clip=clip)
