#!/usr/bin/env python3
"""How long each chapter takes to execute, bare and through the grader, and the grader's overhead.

    .venv/bin/python bench/grading_overhead.py [--runs 3] [CHAPTER ...]

For each chapter, alternating in one run: (a) the solution notebook executed bare, as a learner's
kernel would (nbclient, learner mode: check/grade compare in the kernel); (b) `workbook check` on
the source notebook (restore, execute in record mode, trusted verdicts, scores). Prints medians and
the ratio. Timings on shared machines are noisy: compare only figures from the same run.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("WORKBOOK_DEVICE", "cpu")
os.environ.setdefault("WORKBOOK_NO_WIDGETS", "1")   # unattended, like a graded run

from nbclient import NotebookClient  # noqa: E402

from autograder.course import chapters, put_environment_on_path, resolve_chapter, source_notebook  # noqa: E402
from autograder.grading import check_notebook  # noqa: E402
from autograder.release import solution_notebook  # noqa: E402


def bare(chapter: str) -> float:
    nb = solution_notebook(chapter)
    with tempfile.TemporaryDirectory() as cwd:
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": cwd}}).execute()
        return time.perf_counter() - start


def graded(chapter: str) -> tuple[float, float, float]:
    start = time.perf_counter()
    report, _ = check_notebook(source_notebook(chapter), chapter=chapter)
    return time.perf_counter() - start, report.score, report.max_score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    put_environment_on_path()
    selected = [resolve_chapter(c) for c in args.chapters] if args.chapters else chapters()
    print(f"{'chapter':<28} {'bare s':>8} {'check s':>8} {'ratio':>6} {'overhead s':>10}  score")
    for chapter in selected:
        bares, checks = [], []
        for _ in range(args.runs):
            bares.append(bare(chapter))
            seconds, score, max_score = graded(chapter)
            checks.append(seconds)
        b, c = statistics.median(bares), statistics.median(checks)
        print(f"{chapter:<28} {b:8.1f} {c:8.1f} {c / b:6.2f} {c - b:10.1f}  {score:g}/{max_score:g}"
              f"   (runs: bare {', '.join(f'{x:.1f}' for x in bares)}; check {', '.join(f'{x:.1f}' for x in checks)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
