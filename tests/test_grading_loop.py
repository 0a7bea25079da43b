"""The grading loop end to end, per chapter: source executes with full marks, the blank release
gets zero, a partial submission gets exactly its due, through `check` and through `grade`."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import nbformat
import pytest

from autograder.course import released_notebook
from autograder.manifest import load_manifest
from tests.conftest import CHAPTERS, PARTIAL, partial_submission

SOURCE_TIME_LIMIT = 120  # seconds, on a 2-core machine without a GPU


def autograded_total(chapter: str) -> float:
    return sum(e["points"] for e in load_manifest() if e["chapter"] == chapter and e["kind"] != "written")


def error_cells(nb) -> list[str]:
    bad = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" or (output.get("output_type") == "stream" and output.get("name") == "stderr"):
                meta = cell.metadata.get("nbgrader", {})
                bad.append(f"cell {index} ({meta.get('grade_id', 'ungraded')}): "
                           f"{output.get('ename', 'stderr')}: {str(output.get('evalue', output.get('text', '')))[:300]}")
    return bad


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_source_executes_with_full_marks_in_time(executions, chapter):
    (report, nb), seconds = executions.check(chapter, "source")
    assert not error_cells(nb), "the source notebook, with its solutions, has failing cells:\n" + "\n".join(error_cells(nb))
    failing = [f"{r.grade_id}: {r.message}" for r in report.exercises if r.points is not None and r.points < r.max_points]
    assert not failing, "exercises losing points with the reference solutions:\n" + "\n".join(failing)
    assert report.score == report.max_score == autograded_total(chapter)
    assert seconds < SOURCE_TIME_LIMIT, f"{chapter} took {seconds:.0f}s to execute and grade (limit {SOURCE_TIME_LIMIT}s)"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_blank_release_scores_zero_without_crashing(executions, chapter):
    (report, _), _ = executions.check(chapter, "blank")
    assert report.max_score == autograded_total(chapter)
    assert report.score == 0, [f"{r.grade_id}: {r.points}" for r in report.exercises if r.points]
    assert all(r.message for r in report.exercises), "every exercise of the blank notebook should say why it scored 0"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_partial_submission_gets_exactly_its_due(executions, chapter):
    (report, _), _ = executions.check(chapter, "partial")
    _, expected = partial_submission(chapter)
    lost = {r.grade_id: r.message for r in report.exercises if r.points is not None and r.points < r.max_points}
    assert set(lost) == set(PARTIAL[chapter]["wrong"]) | set(PARTIAL[chapter]["blank"]), lost
    assert report.score == expected


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_grade_writes_the_same_scores_to_the_gradebook(executions, chapter):
    (course, results), _ = executions.course(chapter)
    total = autograded_total(chapter)
    _, partial_expected = partial_submission(chapter)
    assert {s: r.status for s, r in results.items()} == {"all_right": "graded", "blank": "graded", "partial": "graded"}
    assert results["all_right"].score == total
    assert results["blank"].score == 0
    assert results["partial"].score == partial_expected
    (check_partial, _), _ = executions.check(chapter, "partial")
    assert results["partial"].score == check_partial.score, "check and grade disagree on the same submission"
    # nbgrader's own gradebook holds the per-cell grades that formgrader shows
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(chapter, "all_right")
        assert sub.code_score == total
        assert sub.needs_manual_grade == bool(sub.max_written_score)


def test_check_never_modifies_the_learners_file(executions, tmp_path):
    chapter = CHAPTERS[0]
    path = tmp_path / "mine.ipynb"
    path.write_bytes(released_notebook(chapter).read_bytes())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = subprocess.run([sys.executable, "-m", "autograder.cli", "check", str(path), "--json"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"notebook", "score", "max_score", "exercises"}
    assert all(set(e) >= {"grade_id", "points", "max_points", "message"} for e in data["exercises"])
    assert data["score"] == 0
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.ipynb"], "check wrote files beside the notebook"


def test_a_kernel_that_dies_keeps_the_points_earned_before(tmp_path):
    from tests.conftest import filled_submission, grade_id_of

    chapter = CHAPTERS[0]
    nb = filled_submission(chapter)
    answers = [i for i, c in enumerate(nb.cells) if (c.metadata.get("nbgrader") or {}).get("solution") and c.cell_type == "code"]
    death = answers[len(answers) // 2]
    nb.cells[death].source = "import os\nos._exit(1)"
    earned_before = sum(float(c.metadata.nbgrader["points"]) for c in nb.cells[:death]
                        if c.cell_type == "code" and (c.metadata.get("nbgrader") or {}).get("grade"))
    path = tmp_path / "dies.ipynb"
    nbformat.write(nb, path)
    # through the command line, as a learner runs it (pytest's own output capture would slow down
    # the kernel-death detection of an in-process run)
    result = subprocess.run([sys.executable, "-m", "autograder.cli", "check", str(path), "--json"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["score"] == earned_before
    after = [r for r in report["exercises"] if r["points"] == 0]
    assert after and all("kernel died" in r["message"] and grade_id_of(nb.cells[death]) in r["message"] for r in after)
