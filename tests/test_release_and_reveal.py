"""notebooks/ is exactly what nbgrader generates from the sources, without solutions or hidden tests;
reveal writes solution notebooks that execute cleanly for a learner."""
from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.authoring import build, dump
from autograder.course import NOTEBOOKS_DIR, chapters, released_notebook, source_notebook
from autograder.release import reveal, reveal_exercise, stale_releases
from tests.test_grading_loop import error_cells

CHAPTERS = chapters()


def test_notebooks_folder_equals_a_fresh_release():
    assert stale_releases() == [], "notebooks/ differs from the sources: run `workbook release` and commit"
    released = sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert released == CHAPTERS, "notebooks/ holds a notebook without a source, or misses one"


def _solution_lines(chapter: str) -> list[str]:
    lines = []
    for cell in nbformat.read(source_notebook(chapter), as_version=4).cells:
        for region in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S):
            lines += [ln.strip() for ln in region.splitlines() if len(ln.strip()) > 12 and not ln.strip().startswith("#")]
    return lines


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_has_no_solutions_and_no_hidden_tests(chapter):
    text = released_notebook(chapter).read_text()
    nb = nbformat.read(released_notebook(chapter), as_version=4)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "MARK SCHEME"):
        assert marker not in text, f"{chapter}: '{marker}' left in the release"
    sources = "\n".join(c.source for c in nb.cells)
    assert not re.search(r"\bgrade\(\s*['\"]", sources), "a hidden grade() call is in the release"
    leaked = [ln for ln in _solution_lines(chapter) if ln in sources]
    assert not leaked, f"solution lines in the release: {leaked[:5]}"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs left in the release"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_authoring_dump_and_build_round_trip(chapter):
    nb = nbformat.read(source_notebook(chapter), as_version=4)
    text = dump(nb)
    rebuilt = build(text)
    assert dump(rebuilt) == text
    assert [c.source for c in rebuilt.cells] == [c.source for c in nb.cells]
    assert [c.metadata.get("nbgrader") for c in rebuilt.cells] == [c.metadata.get("nbgrader") for c in nb.cells]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_revealed_notebook_executes_cleanly_for_a_learner(chapter, tmp_path):
    path = reveal(chapter, tmp_path)
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert "HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
    assert "raise NotImplementedError()" not in text, "a solution stub in the solution notebook"
    assert not any(c.source.strip() == "YOUR ANSWER HERE" for c in nb.cells)
    # learner mode: check() and grade() compare in the kernel and print ✓
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert not error_cells(nb), "\n".join(error_cells(nb))
    ticks = sum("✓" in o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "stream")
    assert ticks >= 1


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_reveal_one_exercise_prints_its_solution(chapter):
    from autograder.manifest import load_manifest
    entry = next(e for e in load_manifest() if e["chapter"] == chapter and e["kind"] == "code")
    text = reveal_exercise(chapter, entry["grade_id"])
    assert "BEGIN SOLUTION" not in text and "raise NotImplementedError" not in text
    assert any(line in text for line in _solution_lines(chapter)), "the solution's own lines should be shown"
    assert reveal_exercise(chapter, entry["answer"]) == text
