"""What an instructor sees of ``report.html``: a generated class graded by grade-all, shot in headless Chromium.

Generates --count submissions as bench/throughput.py does (each question right
or, with probability --wrong, one of the plausible mistakes of tests/mutants),
adds a few that are not graded normally (empty, a misnamed file, a loose file
at the top), grades them with a copy of the assignment whose case --broken
fails everyone (a bug in a case), then regrades them with the repository's own
assignment into a second folder with --compare (the bug fixed), and saves a full-page screenshot of the second report as a PNG (Debian's
``chromium`` package; headless, no sandbox, no network, a throwaway profile).
Look at the PNG to check the layout: titles not clipped, the table, the charts.

    python bench/report_screenshot.py [--count 40] [--png bench/out/report.png] [--height 9000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from autograder.classroom import grade_all  # noqa: E402
from throughput import generate  # noqa: E402

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def screenshot(page: Path, png: Path, width: int, height: int) -> None:
    """A ``width`` x ``height`` screenshot of ``page`` by headless Chromium."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("chromium not found (apt-get install -y chromium)")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                        f"--screenshot={png.resolve()}", page.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--wrong", type=float, default=0.25)
    parser.add_argument("--png", type=Path, default=ROOT / "bench" / "out" / "report.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=9000)
    parser.add_argument("--keep", type=Path, help="copy the graded output folder here")
    parser.add_argument("--broken", default="sign_hidden", help="the case that fails everyone in the first run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="report-bench-") as scratch:
        folder = Path(scratch) / "class"
        folder.mkdir()
        generate(folder, args.count, args.seed, args.wrong)
        (folder / "empty").mkdir()
        (folder / "empty" / "devoir3.py").write_text("", encoding="utf-8")
        (folder / "misnamed").mkdir()
        shutil.copy(ROOT / "solutions" / "devoir3.py", folder / "misnamed" / "devoir3.py.txt")
        shutil.copy(ROOT / "solutions" / "devoir3.py", folder / "loose.py")
        first, second = Path(scratch) / "first", Path(scratch) / "second"
        buggy = Path(scratch) / "assignment"
        for part in ("grading.yaml", "solutions", "tests/grading"):
            copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy
            (buggy / part).parent.mkdir(parents=True, exist_ok=True)
            copy(ROOT / part, buggy / part)
        module = next(p for p in (buggy / "tests" / "grading").glob("*.py") if f"def {args.broken}(" in p.read_text())
        module.write_text(module.read_text() + f"\n\ndef {args.broken}(t):\n    raise ValueError('a bug')\n")
        grade_all(folder, first, root=buggy)
        grade_all(folder, second, root=ROOT, compare=first)
        screenshot(second / "report.html", args.png, args.width, args.height)
        if args.keep:
            shutil.copytree(second, args.keep, dirs_exist_ok=True)
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
