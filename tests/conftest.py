"""Shared fixtures. Executing a notebook is the expensive part of the suite: every execution below
happens once per test run and its result is reused by every test that needs it."""
from __future__ import annotations

import importlib
import os
import pkgutil
import shutil
import time
from pathlib import Path

import nbformat
import pytest

os.environ.setdefault("WORKBOOK_DEVICE", "cpu")
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
# kernels started by the tests are unattended: no sliders (see workbook/widgets.py)
os.environ.setdefault("WORKBOOK_NO_WIDGETS", "1")

from autograder.course import chapters, released_notebook, source_notebook  # noqa: E402
from autograder.manifest import load_manifest  # noqa: E402
from autograder.release import solution_source  # noqa: E402

CHAPTERS = chapters()

# Per chapter, the exercises a "partial" submission gets wrong (answer cell replaced by the first
# wrong answer of tests/answers) or leaves blank (the released stub). Chosen so that no other
# exercise depends on them: the expected score is exactly the total minus their points.
PARTIAL = {
    "01_math_foundations": {"wrong": ["ch01-backward", "ch01-bayes"], "blank": ["ch01-boltzmann"]},
    "03_hand_worked_attention": {"wrong": ["ch03-masked-softmax", "ch03-rope-rotation"], "blank": ["ch03-pe-values"]},
}


def answers_table() -> dict[str, tuple[str, dict]]:
    import tests.answers as package
    table = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"tests.answers.{info.name}")
        for grade_id, spec in module.ANSWERS.items():
            table[grade_id] = (module.CONTEXT, spec)
    return table


def grade_id_of(cell) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def filled_submission(chapter: str) -> nbformat.NotebookNode:
    """The released notebook with every answer filled in from the source's solutions: a learner who
    got everything right, in the file format nbgrader hands out."""
    nb = nbformat.read(released_notebook(chapter), as_version=4)
    solutions = {grade_id_of(c): c for c in nbformat.read(source_notebook(chapter), as_version=4).cells}
    for cell in nb.cells:
        src = solutions.get(grade_id_of(cell))
        meta = cell.metadata.get("nbgrader", {})
        if src is not None and meta.get("solution"):
            cell.source = solution_source(src.source)
    return nb


def partial_submission(chapter: str) -> tuple[nbformat.NotebookNode, float]:
    """A submission with some answers wrong and some blank, and the autograded score it deserves."""
    plan = PARTIAL[chapter]
    nb = filled_submission(chapter)
    blank = {grade_id_of(c): c for c in nbformat.read(released_notebook(chapter), as_version=4).cells}
    entries = {e["grade_id"]: e for e in load_manifest() if e["chapter"] == chapter}
    answers = answers_table()
    broken_answers, lost = {}, 0.0
    for gid in plan["wrong"]:
        part = gid if gid in answers else min(k for k in answers if k.startswith(gid + "/"))
        wrong_code = answers[part][1]["wrong"][0][1]
        broken_answers[entries[gid]["answer"]] = wrong_code
        lost += entries[gid]["points"]
    for gid in plan["blank"]:
        broken_answers[entries[gid]["answer"]] = blank[entries[gid]["answer"]].source
        lost += entries[gid]["points"]
    for cell in nb.cells:
        if grade_id_of(cell) in broken_answers:
            cell.source = broken_answers[grade_id_of(cell)]
    total = sum(e["points"] for e in entries.values() if e["kind"] != "written")
    return nb, total - lost


class Executions:
    """Lazily computed, cached grading runs, shared by all tests of a session."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.cache: dict = {}

    def _once(self, key, compute):
        if key not in self.cache:
            start = time.perf_counter()
            value = compute()
            self.cache[key] = (value, time.perf_counter() - start)
        return self.cache[key]

    def check(self, chapter: str, which: str):
        """(report, executed notebook) of `workbook check` on the source, the blank release or the partial."""
        from autograder.grading import check_notebook

        def compute():
            if which == "source":
                path = source_notebook(chapter)
            elif which == "blank":
                path = released_notebook(chapter)
            else:
                nb, _ = partial_submission(chapter)
                path = self.workdir / f"{chapter}-{which}.ipynb"
                nbformat.write(nb, path)
            return check_notebook(path, chapter=chapter)
        return self._once(("check", chapter, which), compute)

    def course(self, chapter: str):
        """Grade three students (all right, blank, partial) in a scratch nbgrader course."""
        from autograder.grading import grade_assignment

        def compute():
            course = self.workdir / f"course-{chapter}"
            shutil.copytree(source_notebook(chapter).parent, course / "source" / chapter)
            nb_partial, _ = partial_submission(chapter)
            for student, nb in (("all_right", filled_submission(chapter)),
                                ("blank", nbformat.read(released_notebook(chapter), as_version=4)),
                                ("partial", nb_partial)):
                folder = course / "submitted" / student / chapter
                folder.mkdir(parents=True)
                nbformat.write(nb, folder / f"{chapter}.ipynb")
            results = grade_assignment(chapter, course, log=lambda *a: None)
            return course, {r.student: r for r in results}
        return self._once(("course", chapter), compute)


@pytest.fixture(scope="session")
def executions(tmp_path_factory) -> Executions:
    return Executions(tmp_path_factory.mktemp("executions"))

