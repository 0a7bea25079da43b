"""Every autograded exercise: right answers written differently from the reference earn the points,
plausible wrong answers lose them, with a message that names the problem.

Runs the same path as a graded run (outputs encoded to JSON and decoded in the trusted half), but in
this process, without a kernel: fast enough to try every answer on every exercise.
"""
from __future__ import annotations

import importlib
import json
import pkgutil

import pytest
import torch

from autograder import exercise as E
from autograder.runtime import run_and_encode
from autograder.wire import decode
import tests.answers as answers_pkg

DEVICE = torch.device("cpu")
SEED = "test-seed"


def _answer_modules():
    for info in pkgutil.iter_modules(answers_pkg.__path__):
        yield importlib.import_module(f"tests.answers.{info.name}")


def _all_answers():
    table = {}
    for module in _answer_modules():
        for grade_id, spec in module.ANSWERS.items():
            assert grade_id not in table, f"answers for {grade_id} are given twice"
            table[grade_id] = (module.CONTEXT, spec)
    return table


ANSWERS = _all_answers()


def grade_answer(grade_id: str, context: str, code: str) -> E.Verdict:
    ex = E.get(grade_id)
    namespace: dict = {}
    exec(compile(context + "\n" + code, f"<answer to {grade_id}>", "exec"), namespace)
    assert ex.name in namespace, f"the answer code for {grade_id} does not define {ex.name}"
    cases = ex.cases(SEED, hidden=True)
    record = run_and_encode(ex, namespace[ex.name], cases, DEVICE)
    record = json.loads(json.dumps(record))   # exactly what crosses from the kernel
    decoded = {"results": [{"ok": True, "value": decode(r["value"])} if r["ok"] else r for r in record["results"]],
               "forbidden": record["forbidden"]}
    return E.judge(ex, decoded, cases, DEVICE)


def test_every_exercise_has_right_and_wrong_answers():
    missing = [gid for gid in E.load_all() if gid not in ANSWERS
               or not ANSWERS[gid][1].get("right") or not ANSWERS[gid][1].get("wrong")]
    assert not missing, f"exercises without a right and a wrong answer to test: {missing}"
    unknown = sorted(set(ANSWERS) - set(E.load_all()))
    assert not unknown, f"answers given for unknown exercises: {unknown}"


RIGHT = [(gid, i) for gid, (_, spec) in sorted(ANSWERS.items()) for i in range(len(spec.get("right", [])))]
WRONG = [(gid, i) for gid, (_, spec) in sorted(ANSWERS.items()) for i in range(len(spec.get("wrong", [])))]


@pytest.mark.parametrize("grade_id,index", RIGHT, ids=[f"{g}-right{i}" for g, i in RIGHT])
def test_right_answer_earns_the_points(grade_id, index):
    context, spec = ANSWERS[grade_id]
    verdict = grade_answer(grade_id, context, spec["right"][index])
    assert verdict.passed, f"a correct answer to {grade_id} was failed: {verdict.message}"


@pytest.mark.parametrize("grade_id,index", WRONG, ids=[f"{g}-wrong{i}" for g, i in WRONG])
def test_wrong_answer_loses_the_points(grade_id, index):
    context, spec = ANSWERS[grade_id]
    what, code, expected_words = spec["wrong"][index]
    verdict = grade_answer(grade_id, context, code)
    assert not verdict.passed, f"a wrong answer to {grade_id} ({what}) was given the points"
    assert expected_words.lower() in verdict.message.lower(), (
        f"the message for '{what}' should mention {expected_words!r}: {verdict.message}")


def _flatten(cases):
    out = []
    for case in cases:
        for value in list(case.args) + list(case.kwargs.values()):
            out.append(value)
    return out


def _same(a, b) -> bool:
    if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.is_floating_point():   # NaN inputs are legitimate test cases
            return torch.equal(a.isnan(), b.isnan()) and torch.equal(a.nan_to_num(), b.nan_to_num())
        return torch.equal(a, b)
    return type(a) is type(b) and (a == b if not isinstance(a, torch.Tensor) else False)


def test_inputs_are_deterministic_for_a_seed_and_change_with_it():
    changed = 0
    for grade_id, ex in sorted(E.load_all().items()):
        first, again = _flatten(ex.cases("seed-a", hidden=True)), _flatten(ex.cases("seed-a", hidden=True))
        assert len(first) == len(again) and all(_same(a, b) for a, b in zip(first, again)), f"{grade_id}: inputs vary for one seed"
        other = _flatten(ex.cases("seed-b", hidden=True))
        changed += len(other) != len(first) or not all(_same(a, b) for a, b in zip(first, other))
    functions = sum(ex.kind == E.FUNCTION for ex in E.load_all().values())
    assert changed >= functions // 2, f"only {changed} exercises draw fresh inputs per seed"
