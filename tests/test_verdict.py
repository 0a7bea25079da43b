"""The trusted half: only correct recorded outputs, on the grader's own inputs, pass a test cell.
Whatever else the kernel printed or raised in the cell does not count."""
from __future__ import annotations

import copy

import nbformat
import torch
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbgrader.utils import determine_grade

from autograder import exercise as E
from autograder.notebooks import restore_from_source
from autograder.runtime import RECORD_MIME, run_and_encode
from autograder.verdict import apply_verdicts
from solutions.ch03 import scaled_dot_product_attention as reference

CPU = torch.device("cpu")
GID = "ch03-sdpa"


def graded_cell(outputs, grade_id=GID):
    cell = new_code_cell(f'grade("{grade_id}", scaled_dot_product_attention)')
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": grade_id, "locked": True, "points": 3,
                                 "schema_version": 3, "solution": False, "task": False}
    cell.outputs = outputs
    return cell


def record_output(answer, seed="0", grade_id=GID):
    ex = E.get(GID)
    record = run_and_encode(ex, answer, ex.cases(seed, hidden=True), CPU)
    record.update(grade_id=grade_id, seed=seed)
    return new_output("display_data", data={RECORD_MIME: record, "text/plain": "recorded"})


def verdict_points(cell, seed="0"):
    nb = new_notebook(cells=[cell])
    apply_verdicts(nb, seed, CPU)
    points, _ = determine_grade(nb.cells[0])
    return points, nb.cells[0]


def test_correct_record_passes_and_the_cell_shows_why():
    points, cell = verdict_points(graded_cell([record_output(reference)]))
    assert points == 3
    assert "correct" in cell.outputs[0]["text"]


def test_printing_a_pass_without_a_record_scores_zero():
    fake = new_output("stream", name="stdout", text="✓ `scaled_dot_product_attention` is correct on 10 inputs.\n")
    points, cell = verdict_points(graded_cell([fake]))
    assert points == 0
    assert "no output" in cell.outputs[-1]["evalue"]


def test_wrong_outputs_score_zero_with_the_likely_cause():
    def unscaled(Q, K, V, mask=None):
        s = Q @ K.transpose(-2, -1)
        if mask is not None:
            s = s.masked_fill(~mask, float("-inf"))
        w = s.softmax(-1)
        return w @ V, w
    points, cell = verdict_points(graded_cell([record_output(unscaled)]))
    assert points == 0 and "sqrt(d_k)" in cell.outputs[-1]["evalue"]


def test_a_record_made_for_other_inputs_fails():
    # correct outputs, but for the inputs of another seed: a replayed or precomputed record
    points, _ = verdict_points(graded_cell([record_output(reference, seed="another")]), seed="0")
    assert points == 0


def test_a_record_claiming_another_exercise_is_ignored():
    points, cell = verdict_points(graded_cell([record_output(reference, grade_id="ch03-other")]))
    assert points == 0


def test_a_malformed_record_is_reported_not_crashed():
    bad = record_output(reference)
    bad["data"][RECORD_MIME]["results"][0]["value"] = {"__tensor__": {"dtype": "float32", "shape": [9], "data": "AAAA"}}
    points, cell = verdict_points(graded_cell([bad]))
    assert points == 0 and "could not be read" in cell.outputs[-1]["evalue"]


def test_partial_credit_output_and_stderr_from_the_kernel_are_discarded():
    sneaky = [record_output(reference), new_output("execute_result", data={"text/plain": "3"}, execution_count=1),
              new_output("stream", name="stderr", text="noise")]
    points, cell = verdict_points(graded_cell(sneaky))
    assert points == 3 and len(cell.outputs) == 1


def test_a_test_cell_without_a_spec_fails_closed():
    points, cell = verdict_points(graded_cell([], grade_id="ch03-unknown-test"))
    assert points == 0 and "no grading spec" in cell.outputs[-1]["evalue"]


# ------------------------------------------------------------------------------ restoring a submission

def _source():
    answer = new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    answer.metadata["nbgrader"] = {"grade": False, "grade_id": "a", "locked": False, "schema_version": 3, "solution": True, "task": False}
    setup = new_code_cell("import torch")
    setup.metadata["nbgrader"] = {"grade": False, "grade_id": "setup", "locked": True, "schema_version": 3, "solution": False, "task": False}
    test = graded_cell([])
    test.source = 'check("ch03-sdpa", f)\n### BEGIN HIDDEN TESTS\ngrade("ch03-sdpa", f)\n### END HIDDEN TESTS'
    return new_notebook(cells=[setup, new_markdown_cell("text"), answer, test])


def test_edited_test_and_locked_cells_are_restored():
    source = _source()
    sub = copy.deepcopy(source)
    sub.cells[0].source = "import os; os._exit(0)"
    sub.cells[3].source = "pass"
    sub.cells[2].source = "x = 2"
    restored, notes = restore_from_source(sub, source)
    assert restored.cells[0].source == "import torch"
    assert "BEGIN HIDDEN TESTS" in restored.cells[3].source
    assert restored.cells[2].source == "x = 2", "the learner's answer must be kept"


def test_deleted_duplicated_and_retyped_test_cells():
    source = _source()
    sub = copy.deepcopy(source)
    del sub.cells[3]                                     # test cell deleted
    restored, notes = restore_from_source(sub, source)
    assert [c.metadata.get("nbgrader", {}).get("grade_id") for c in restored.cells][-1] == GID
    assert any("put back" in n for n in notes)

    sub = copy.deepcopy(source)
    sub.cells.append(copy.deepcopy(sub.cells[3]))        # duplicated
    sub.cells[3].cell_type = "markdown"                  # and the first copy retyped
    restored, notes = restore_from_source(nbformat.from_dict(sub), source)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in restored.cells]
    assert ids.count(GID) == 1
    assert restored.cells[ids.index(GID)].cell_type == "code"


def test_a_name_error_names_the_missing_variable():
    error = new_output("error", ename="NameError", evalue="name 'weights_p1' is not defined", traceback=[])
    points, cell = verdict_points(graded_cell([error]))
    assert points == 0 and "defines `weights_p1`" in cell.outputs[-1]["evalue"]
