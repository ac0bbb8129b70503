"""Write the repaired copy of the sample report from repairs.yaml.

    python datasets/make_repaired.py

Every repair must find its `old` text exactly once on its line, so a repair never lands
in the wrong place when the source changes.
"""

from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "lkjip-sumenep-dinsos-p3a-2023.txt"
TARGET = HERE / "lkjip-sumenep-dinsos-p3a-2023-repaired.txt"


def repaired_text() -> str:
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    repairs = yaml.safe_load((HERE / "repairs.yaml").read_text(encoding="utf-8"))["repairs"]
    for repair in repairs:
        index = repair["line"] - 1
        count = lines[index].count(repair["old"])
        if count != 1:
            raise SystemExit(f"line {repair['line']}: {repair['old']!r} found {count} times")
        lines[index] = lines[index].replace(repair["old"], repair["new"])
    return "\n".join(lines)


if __name__ == "__main__":
    TARGET.write_text(repaired_text(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(HERE.parent)}")
