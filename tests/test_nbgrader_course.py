"""autograder/ is an nbgrader course directory: plain `nbgrader autograde` there grades in record
mode with trusted verdicts, exactly like `workbook grade`."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder.course import COURSE_DIR, chapters, released_notebook


def test_plain_nbgrader_autograde_uses_the_workbook_grader(tmp_path):
    chapter = chapters()[0]
    course = tmp_path / "course"
    shutil.copytree(COURSE_DIR / "source" / chapter, course / "source" / chapter)
    shutil.copy(COURSE_DIR / "nbgrader_config.py", course / "nbgrader_config.py")
    # the copied config points the course root at its own folder
    folder = course / "submitted" / "dana" / chapter
    folder.mkdir(parents=True)
    shutil.copy(released_notebook(chapter), folder / f"{chapter}.ipynb")
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
    for args in (["generate_assignment", chapter], ["autograde", chapter]):
        result = subprocess.run([str(Path(bin_dir) / "nbgrader"), *args], cwd=course, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    graded = nbformat.read(course / "autograded" / "dana" / chapter / f"{chapter}.ipynb", as_version=4)
    test_cells = [c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    assert test_cells
    for cell in test_cells:
        assert [o.get("ename") for o in cell.outputs if o.output_type == "error"] == ["WrongAnswer"], cell.outputs
    # feedback for the student: the verdicts are in it
    result = subprocess.run([str(Path(bin_dir) / "nbgrader"), "generate_feedback", chapter], cwd=course, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    feedback = (course / "feedback" / "dana" / chapter / f"{chapter}.html").read_text()
    assert "is not written yet" in feedback
