"""Where the bundled rule packs and sample report live, installed or in a checkout.

`rules/` and `datasets/` sit at the top of the repository; setup.cfg installs them as the
package data `auditor.bundled_rules` and `auditor.bundled_datasets`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SAMPLE_REPORT = "lkjip-sumenep-dinsos-p3a-2023.txt"
_PACKAGES = {"rules": "auditor.bundled_rules", "datasets": "auditor.bundled_datasets"}


def bundled_path(folder: str, name: str) -> Path:
    """Path of a bundled file: `folder` is "rules" or "datasets"."""
    checkout = Path(__file__).resolve().parent.parent / folder / name
    if checkout.exists():
        return checkout
    return Path(str(resources.files(_PACKAGES[folder]).joinpath(name)))


def sample_report() -> Path:
    return bundled_path("datasets", SAMPLE_REPORT)
