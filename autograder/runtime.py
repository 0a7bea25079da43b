"""What a notebook's test cells call: ``check`` (visible) and ``grade`` (hidden).

Two modes, chosen by the environment of the kernel:

* **learner mode** (default; also plain ``nbgrader autograde``): both compare in the kernel against
  the reference in ``solutions/``. ``check`` tries the fixed examples of the text and prints what is
  right or raises :class:`CheckFailed` with what is wrong and its likely cause; ``grade`` does the same
  on fresh seeded inputs as well.
* **record mode** (``WORKBOOK_GRADING=record``, set by the workbook's grader): nothing is compared in
  the kernel. ``grade`` runs the learner's answer on the grader's inputs and emits the outputs as a
  display record; the trusted grading process computes the expected values and decides
  (:mod:`autograder.verdict`). ``check`` does nothing, since ``grade`` covers its inputs too.

Inputs depend on ``WORKBOOK_GRADING_SEED`` (default 0), so grading is deterministic for a seed.
"""
from __future__ import annotations

import contextlib
import os
import warnings
from typing import Any

from . import exercise as exercises_mod
from .wire import WireError, encode
from workbook.device import get_device

MODE_VAR, SEED_VAR = "WORKBOOK_GRADING", "WORKBOOK_GRADING_SEED"
RECORD_MIME = "application/vnd.workbook.record+json"


class CheckFailed(AssertionError):
    """A check found a wrong answer; the message says what and why."""

    def _render_traceback_(self):  # IPython shows just the message, not a stack of library frames
        return [f"\x1b[0;31m✗ {self}\x1b[0m"]


def recording() -> bool:
    return os.environ.get(MODE_VAR, "").strip().lower() == "record"


def grading_seed() -> str:
    return os.environ.get(SEED_VAR, "0").strip() or "0"


def _compare_here(grade_id: str, answer: Any, hidden: bool) -> str:
    ex = exercises_mod.get(grade_id)
    device = get_device()
    cases = ex.cases(grading_seed(), hidden=hidden)
    record = run_and_encode(ex, answer, cases, device, roundtrip=False)
    try:
        verdict = exercises_mod.judge(ex, record, cases, device)
    except ModuleNotFoundError as error:
        raise CheckFailed(f"{grade_id}: the reference modules are not installed here ({error}); "
                          "your answer will be graded by the instructor's grader") from None
    if not verdict.passed:
        raise CheckFailed(f"{grade_id}: {verdict.message}")
    return verdict.message


def run_and_encode(ex: exercises_mod.Exercise, answer: Any, cases: list, device, roundtrip: bool = True) -> dict:
    """Run the learner's answer and make its outputs a JSON record (or an error per case)."""
    record = exercises_mod.run_student(ex, answer, cases, device)
    for result in record["results"]:
        if result.get("ok"):
            try:
                encoded = encode(result["value"])
            except WireError as error:
                result.clear()
                result.update(ok=False, error=f"WireError: {error}")
                continue
            if roundtrip:
                result["value"] = encoded
    return record


@contextlib.contextmanager
def _quiet():
    """nbgrader gives a test cell zero if it writes to stderr: no warning may escape a check."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def check(grade_id: str, answer: Any) -> None:
    """Visible check: the examples of the text, compared with the reference; prints ✓ or raises."""
    if recording():
        return
    with _quiet():
        message = _compare_here(grade_id, answer, hidden=False)
    print(f"✓ {message}")


def grade(grade_id: str, answer: Any) -> None:
    """Hidden test: every input, visible and fresh. Recorded for the grader, or compared here."""
    if not recording():
        with _quiet():
            _compare_here(grade_id, answer, hidden=True)
        return
    from IPython.display import display

    ex = exercises_mod.get(grade_id)
    cases = ex.cases(grading_seed(), hidden=True)
    with _quiet():
        record = run_and_encode(ex, answer, cases, get_device())
    record.update(grade_id=grade_id, seed=grading_seed())
    display({RECORD_MIME: record, "text/plain": f"[{grade_id}: outputs recorded for grading]"}, raw=True)
