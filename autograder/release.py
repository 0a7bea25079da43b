"""Make the learner's notebooks (``release``) and the instructor's solution notebooks (``reveal``).

``release`` runs nbgrader's own ``generate_assignment`` on each chapter's source, in a scratch course
directory so the real gradebook is untouched, and copies the result to ``notebooks/``. ``reveal``
keeps the solutions, drops the hidden tests, and removes nbgrader's solution markers.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import nbformat

from .course import (NOTEBOOKS_DIR, REPO_ROOT, UsageError, chapters, put_environment_on_path, resolve_chapter,
                     source_notebook)
from .notebooks import read_notebook

SOLUTION_MARKER = re.compile(r"^[ \t]*#{3} (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)
HIDDEN_TESTS = re.compile(r"^[ \t]*#{3} BEGIN HIDDEN TESTS.*?^[ \t]*#{3} END HIDDEN TESTS[ \t]*\n?",
                          re.MULTILINE | re.DOTALL)


def generate_release(chapter: str, out_dir: Path) -> Path:
    """Run nbgrader generate_assignment for one chapter; return the released notebook's path."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    put_environment_on_path()
    with tempfile.TemporaryDirectory(prefix="workbook-release-") as scratch:
        course = Path(scratch)
        shutil.copytree(source_notebook(chapter).parent, course / "source" / chapter)
        config = Config()
        config.CourseDirectory.root = str(course)
        config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
        api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        result = api.generate_assignment(chapter, force=True, create=True)
        if not result.get("success"):
            raise UsageError(f"nbgrader generate_assignment {chapter} failed: "
                             f"{(result.get('error') or result.get('log') or '').strip()[-400:]}")
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{chapter}.ipynb"
        shutil.copyfile(course / "release" / chapter / f"{chapter}.ipynb", target)
    return target


def release(names: list[str] | None = None, out_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    selected = [resolve_chapter(n) for n in names] if names else chapters()
    return [generate_release(chapter, out_dir) for chapter in selected]


def stale_releases(out_dir: Path = NOTEBOOKS_DIR) -> list[str]:
    """Chapters whose committed notebook differs from what release would generate now."""
    stale = []
    with tempfile.TemporaryDirectory(prefix="workbook-release-check-") as scratch:
        for chapter in chapters():
            fresh = generate_release(chapter, Path(scratch))
            committed = out_dir / f"{chapter}.ipynb"
            if not committed.exists() or committed.read_bytes() != fresh.read_bytes():
                stale.append(chapter)
    return stale


def solution_source(text: str) -> str:
    """A cell's source with hidden tests removed and solution markers taken out (solutions kept)."""
    return SOLUTION_MARKER.sub("", HIDDEN_TESTS.sub("", text)).rstrip("\n")


def solution_notebook(chapter: str) -> nbformat.NotebookNode:
    nb = read_notebook(source_notebook(chapter))
    for cell in nb.cells:
        cell.source = solution_source(cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def reveal(name: str, out_dir: Path | None = None) -> Path:
    chapter = resolve_chapter(name)
    out_dir = Path(out_dir) if out_dir else REPO_ROOT / "revealed"
    nb = solution_notebook(chapter)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{chapter}_solutions.ipynb"
    nbformat.write(nb, target)
    return target


def reveal_exercise(name: str, grade_id: str) -> str:
    """The worked solution of one exercise: its answer cell (or model answer) with markers removed."""
    from .manifest import load_manifest

    chapter = resolve_chapter(name)
    entries = [e for e in load_manifest() if e["chapter"] == chapter and grade_id in (e["grade_id"], e.get("answer"))]
    if not entries:
        ids = sorted(e["grade_id"] for e in load_manifest() if e["chapter"] == chapter)
        raise UsageError(f"no exercise {grade_id!r} in {chapter} (exercises: {', '.join(ids)})")
    entry = entries[0]
    wanted = entry.get("answer") or entry["grade_id"]
    for cell in read_notebook(source_notebook(chapter)).cells:
        if (cell.metadata.get("nbgrader") or {}).get("grade_id") == wanted:
            return solution_source(cell.source)
    raise UsageError(f"the source notebook of {chapter} has no cell {wanted!r}")
