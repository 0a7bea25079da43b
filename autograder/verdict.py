"""The trusted half of grading: turn the records a kernel emitted into verdicts.

After a notebook has run in record mode, every autograded test cell holds a record of the learner's
outputs on the grader's inputs (see :mod:`autograder.runtime`). Here, in the grading process, the
inputs are drawn again from the seed, the references compute the expected outputs, and each test
cell's outputs are *replaced* by the verdict: a ✓ line when every part passes, an error output with
the reason otherwise. Whatever else the kernel wrote into a test cell is discarded, so a test cell
cannot pass by printing, hiding an error or patching a check: only correct outputs pass.

nbgrader's own ``determine_grade`` then scores the rewritten cells (error: 0, otherwise full
points), for the local ``check`` and for ``grade`` into the gradebook alike.
"""
from __future__ import annotations

import re

from nbformat import NotebookNode
from nbformat.v4 import new_output

from . import exercise as exercises_mod
from .runtime import RECORD_MIME
from .wire import WireError, decode
from workbook.device import get_device


def nbgrader_meta(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_autograded_test(cell: NotebookNode) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def parts_of(grade_id: str) -> list[exercises_mod.Exercise]:
    """The exercise specs a test cell grades: its own grade id, or ids of the form ``<id>/<part>``."""
    registry = exercises_mod.load_all()
    return [ex for gid, ex in sorted(registry.items()) if gid == grade_id or gid.startswith(grade_id + "/")]


def _records(cell: NotebookNode) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for output in cell.get("outputs", []):
        data = output.get("data", {}) if output.get("output_type") in ("display_data", "execute_result") else {}
        record = data.get(RECORD_MIME)
        if isinstance(record, dict) and isinstance(record.get("grade_id"), str):
            found.setdefault(record["grade_id"], record)   # first record per exercise wins
    return found


def _kernel_error(cell: NotebookNode) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            name, value = str(output.get("ename", "Error")), str(output.get("evalue", ""))
            return f"{name}: {value}"[:300]
    return None


def _decode_record(record: dict) -> dict:
    results = []
    for result in record.get("results") or []:
        if not isinstance(result, dict):
            raise WireError("malformed result")
        if result.get("ok"):
            results.append({"ok": True, "value": decode(result.get("value"))})
        else:
            results.append({"ok": False, "error": str(result.get("error", "an unknown error"))[:600]})
    forbidden = record.get("forbidden") or []
    return {"results": results, "forbidden": [str(f) for f in forbidden][:20]}


def judge_cell(cell: NotebookNode, seed: str, device=None, stopped: str | None = None) -> list[tuple[str, bool, str]]:
    """(grade id, passed, message) for every part of one autograded test cell."""
    grade_id = nbgrader_meta(cell).get("grade_id", "?")
    parts = parts_of(grade_id)
    if not parts:
        return [(grade_id, False, f"no grading spec is registered for {grade_id!r}; "
                                  "the instructor's grader must be updated")]
    device = device or get_device()
    records = _records(cell)
    cell_error = _kernel_error(cell)
    verdicts = []
    for ex in parts:
        record = records.get(ex.grade_id)
        if record is None:
            if cell_error:
                why = f"the test cell stopped with {cell_error}, before `{ex.name}` could be graded"
            elif stopped:
                why = f"not graded: {stopped}"
            else:
                why = f"no output of `{ex.name}` was recorded (did the test cell run?)"
            if cell_error and cell_error.startswith("NameError"):
                match = re.search(r"name '(\w+)' is not defined", cell_error)
                missing = match.group(1) if match else ex.name
                why += f"; run (and complete) the cell that defines `{missing}` first"
            verdicts.append((ex.grade_id, False, why + "."))
            continue
        cases = ex.cases(seed, hidden=True)
        try:
            student = _decode_record(record)
            verdict = exercises_mod.judge(ex, student, cases, device)
            verdicts.append((ex.grade_id, verdict.passed, verdict.message))
        except WireError as error:
            verdicts.append((ex.grade_id, False, f"the recorded output could not be read: {error}."))
    return verdicts


def verdict_outputs(verdicts: list[tuple[str, bool, str]]) -> list[NotebookNode]:
    lines = [f"✓ {message}" for _, passed, message in verdicts if passed]
    failed = [(gid, message) for gid, passed, message in verdicts if not passed]
    outputs = []
    if lines:
        outputs.append(new_output("stream", name="stdout", text="\n".join(lines) + "\n"))
    if failed:
        if len(verdicts) == 1 or len({message for _, message in failed}) == 1 and len(failed) == len(verdicts):
            text = f"✗ {failed[0][1]}"              # one reason for the whole cell
        else:
            text = "\n".join(f"✗ {gid}: {message}" for gid, message in failed)
        outputs.append(new_output("error", ename="WrongAnswer", evalue=text, traceback=[text]))
    return outputs


def apply_verdicts(nb: NotebookNode, seed: str, device=None, stopped: str | None = None
                   ) -> dict[str, list[tuple[str, bool, str]]]:
    """Rewrite every autograded test cell's outputs to its verdict; return the verdicts by cell.
    ``stopped`` says why execution ended early, for the tests that never ran."""
    results = {}
    for cell in nb.cells:
        if is_autograded_test(cell):
            verdicts = judge_cell(cell, seed, device, stopped)
            cell.outputs = verdict_outputs(verdicts)
            results[nbgrader_meta(cell)["grade_id"]] = verdicts
    return results
