"""The ``workbook`` command: release, check, grade, reveal, list.

    workbook release [CHAPTER ...]         regenerate notebooks/ from the nbgrader sources
    workbook check NOTEBOOK [--json]       grade one notebook locally with the hidden tests
    workbook grade ASSIGNMENT [--course DIR] [--db URL]
                                           autograde a course's submissions into its gradebook
    workbook reveal CHAPTER [--exercise ID] write a chapter's solution notebook (or print one solution)
    workbook list                          chapters, exercises, points and syllabus coverage

Mistakes in what is asked (unknown chapter, missing file, a file that is not a notebook) print one
line starting with ``workbook: error:`` and exit with status 2; nothing is written.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .course import UsageError, put_environment_on_path

EXIT_USAGE = 2


def _prepare_environment() -> None:
    put_environment_on_path()
    # Jupyter's own deprecation chatter is not the learner's concern.
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import logging
    import warnings
    warnings.filterwarnings("ignore")
    logging.getLogger("traitlets").setLevel(logging.ERROR)


def cmd_release(args) -> int:
    from .release import release, stale_releases
    if args.check:
        stale = stale_releases()
        if stale:
            print(f"out of date in notebooks/: {', '.join(stale)} (run: workbook release)")
            return 1
        print("notebooks/ matches the sources")
        return 0
    for path in release(args.chapters or None):
        print(f"released {path}")
    return 0


def _table(report) -> str:
    width = max([len(r.grade_id) for r in report.exercises] + [8])
    lines = [f"{report.notebook}  ({report.chapter})", "",
             f"{'grade id':<{width}}  {'points':>6}  {'max':>4}  message", f"{'-' * width}  ------  ----  -------"]
    for r in report.exercises:
        points = "manual" if r.points is None else f"{r.points:g}"
        lines.append(f"{r.grade_id:<{width}}  {points:>6}  {r.max_points:>4g}  {r.message}")
    lines += ["", f"autograded score: {report.score:g} / {report.max_score:g}"
                  + (f"   (+ {report.manual_max_score:g} points of written answers, graded by the instructor)"
                     if report.manual_max_score else "")]
    lines += [f"note: {n}" for n in report.notes]
    return "\n".join(lines)


def cmd_check(args) -> int:
    from .grading import check_notebook
    report, _ = check_notebook(args.notebook, chapter=args.chapter, seed=args.seed, timeout=args.timeout)
    if args.json:
        data = report.as_json()
        print(json.dumps({"notebook": data["notebook"], "score": data["score"], "max_score": data["max_score"],
                          "chapter": data["chapter"], "manual_max_score": data["manual_max_score"],
                          "exercises": data["exercises"], "notes": data["notes"]}, indent=2, ensure_ascii=False))
    else:
        print(_table(report))
    return 0


def cmd_grade(args) -> int:
    from .course import COURSE_DIR
    from .grading import grade_assignment
    course = Path(args.course) if args.course else COURSE_DIR
    print(f"grading {args.assignment} in {course}")
    results = grade_assignment(args.assignment, course, db_url=args.db, seed=args.seed, timeout=args.timeout)
    graded = [r for r in results if r.status == "graded"]
    scores = [r.score for r in graded if r.score is not None]
    print(f"\n{len(graded)} of {len(results)} submissions graded"
          + (f"; mean autograded score {sum(scores) / len(scores):.2f} / {results[0].max_score:g}" if scores else "")
          + (f" (written answers, {results[0].manual_max_score:g} points, are graded by hand in formgrader)"
             if results and results[0].manual_max_score else ""))
    failed = [r for r in results if r.status != "graded"]
    for r in failed:
        print(f"  {r.student}: {r.status}")
    return 1 if failed else 0


def cmd_reveal(args) -> int:
    from .release import reveal, reveal_exercise
    if args.exercise:
        print(reveal_exercise(args.chapter, args.exercise))
        return 0
    path = reveal(args.chapter, Path(args.out) if args.out else None)
    print(f"wrote the solution notebook: {path}")
    return 0


def cmd_list(args) -> int:
    from .course import chapters
    from .manifest import coverage, load_manifest
    entries = load_manifest()
    for chapter in chapters():
        mine = [e for e in entries if e["chapter"] == chapter]
        auto = sum(e["points"] for e in mine if e["kind"] != "written")
        manual = sum(e["points"] for e in mine if e["kind"] == "written")
        covered, missing = coverage(chapter)
        print(f"{chapter}: {len(mine)} exercises, {auto:g} autograded + {manual:g} written points, "
              f"{len(covered)} of {len(covered) + len(missing)} syllabus items covered")
        if args.verbose:
            for e in mine:
                print(f"    {e['grade_id']:<34} {e['kind']:<8} {e['points']:>3}  {', '.join(e['items'])}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbook", description="The Transformers workbook's tool.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="regenerate notebooks/ from the nbgrader sources")
    p.add_argument("chapters", nargs="*", help="chapters to release (default: all)")
    p.add_argument("--check", action="store_true", help="only report whether notebooks/ is up to date")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("check", help="grade one notebook locally against the hidden tests")
    p.add_argument("notebook")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--chapter", help="the chapter, when it cannot be told from the notebook")
    p.add_argument("--seed", default="0", help="grading seed (default 0)")
    p.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("grade", help="autograde the submissions of an nbgrader course into its gradebook")
    p.add_argument("assignment")
    p.add_argument("--course", help="the nbgrader course directory (default: autograder/)")
    p.add_argument("--db", help="gradebook URL (default: sqlite gradebook.db in the course directory)")
    p.add_argument("--seed", default="0", help="grading seed (default 0)")
    p.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("reveal", help="write a chapter's solution notebook, or print one exercise's solution")
    p.add_argument("chapter")
    p.add_argument("--exercise", help="print the worked solution of this exercise (grade id) only")
    p.add_argument("--out", help="folder for the solution notebook (default: revealed/)")
    p.set_defaults(func=cmd_reveal)

    p = sub.add_parser("list", help="chapters, exercises and syllabus coverage")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_list)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _prepare_environment()
    try:
        return args.func(args)
    except UsageError as error:
        print(f"workbook: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("workbook: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
