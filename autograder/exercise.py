"""What an autograded exercise is, and how a learner's outputs are judged against its reference.

An :class:`Exercise` says how to draw inputs (the fixed examples of the text, plus fresh seeded ones
for hidden tests), which reference computes the expected output, how to compare, and which known
mistakes to recognise so that a failure names its likely cause. Specs live in
``autograder/exercises/chNN_*.py`` and register themselves by grade id.

Two halves, used in two places:
* :func:`run_student` asks the learner's object for its outputs (runs in the learner's kernel);
* :func:`judge` computes the expected outputs with the reference and compares (runs in the trusted
  grading process, or in the kernel for a learner's own visible checks).
"""
from __future__ import annotations

import hashlib
import importlib
import pkgutil
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

import torch

from . import checks

FUNCTION, VALUE = "function", "value"


@dataclass
class Case:
    """One input to try: positional and keyword arguments, and a label used in messages."""
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    label: str = ""

    def on(self, device: torch.device) -> "Case":
        move = lambda a: a.to(device) if isinstance(a, torch.Tensor) else a  # noqa: E731
        return Case(tuple(move(a) for a in self.args), {k: move(v) for k, v in self.kwargs.items()}, self.label)


@dataclass
class Mistake:
    """A plausible wrong answer: if the learner's output matches ``wrong(case)``, say ``message``."""
    message: str
    wrong: Callable[..., Any]


@dataclass
class Exercise:
    grade_id: str
    name: str                              # the notebook name of the answer: a function or a variable
    kind: str                              # FUNCTION or VALUE
    reference: str                         # "module:attribute" of the trusted reference
    visible: Callable[[], list[Case]] = lambda: [Case()]
    hidden: Callable[[torch.Generator], list[Case]] = lambda gen: []
    output_names: tuple[str, ...] = ()     # names for the parts of a tuple output, used in messages
    mistakes: list[Mistake] = field(default_factory=list)
    forbidden: tuple[str, ...] = ()        # torch functions the answer must not call (from scratch)
    compare: Callable[[Any, Any, Case], str | None] | None = None
    check_output: Callable[[Any, Case], str | None] | None = None   # sanity check before comparing (row sums...)
    tolerance: dict = field(default_factory=dict)
    hint: str = ""                         # added to every failure message

    def reference_fn(self) -> Callable[..., Any]:
        module, _, attr = self.reference.partition(":")
        return getattr(importlib.import_module(module), attr)

    def cases(self, seed: int | str | None, hidden: bool) -> list[Case]:
        found = list(self.visible())
        if hidden:
            gen = torch.Generator().manual_seed(case_seed(seed, self.grade_id))
            found += list(self.hidden(gen))
        return found


REGISTRY: dict[str, Exercise] = {}


def register(*exercises: Exercise) -> None:
    for ex in exercises:
        if ex.grade_id in REGISTRY and REGISTRY[ex.grade_id] is not ex:
            raise ValueError(f"two exercise specs share the grade id {ex.grade_id!r}")
        if ex.kind not in (FUNCTION, VALUE):
            raise ValueError(f"{ex.grade_id}: kind must be {FUNCTION!r} or {VALUE!r}")
        REGISTRY[ex.grade_id] = ex


def load_all() -> dict[str, Exercise]:
    from . import exercises as package
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    return REGISTRY


def get(grade_id: str) -> Exercise:
    if grade_id not in REGISTRY:
        load_all()
    if grade_id not in REGISTRY:
        raise KeyError(f"no exercise with grade id {grade_id!r}")
    return REGISTRY[grade_id]


def randn(gen: torch.Generator, *shape: int, scale: float = 1.0, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Seeded standard-normal inputs, drawn in float64 and cast, so every dtype sees the same numbers."""
    return (torch.randn(*shape, generator=gen, dtype=torch.float64) * scale).to(dtype)


def value_exercise(grade_id: str, name: str, reference: str, mistakes=(), *, module: str | None = None,
                   **kw) -> Exercise:
    """A VALUE exercise. ``mistakes`` are (message, zero-argument function giving the wrong value)
    pairs; ``module`` prefixes a bare reference name ("p1_Q" -> "solutions.ch03:p1_Q")."""
    return Exercise(grade_id=grade_id, name=name, kind=VALUE,
                    reference=f"{module}:{reference}" if module else reference,
                    mistakes=[Mistake(message, (lambda w: (lambda *a, **k: w()))(wrong)) for message, wrong in mistakes],
                    **kw)


def case_seed(seed: int | str | None, grade_id: str) -> int:
    digest = hashlib.sha256(f"{seed}|{grade_id}".encode()).digest()
    return int.from_bytes(digest[:8], "little") & (2**63 - 1)


# ---------------------------------------------------------------------------------------------
# The learner's half: outputs on the chosen inputs, errors caught and described, forbidden calls seen.

class _CallWatcher(torch.overrides.TorchFunctionMode):
    """Notices calls of forbidden torch functions, however they were imported or aliased."""

    def __init__(self, forbidden: tuple[str, ...]):
        super().__init__()
        self.forbidden = set(forbidden)
        self.seen: set[str] = set()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        name = f"{getattr(func, '__module__', '') or ''}.{getattr(func, '__name__', '')}"
        short = getattr(func, "__name__", "")
        for f in self.forbidden:
            if name == f or f.rsplit(".", 1)[-1] == short:
                self.seen.add(f)
        return func(*args, **(kwargs or {}))


def describe_error(error: BaseException) -> str:
    """The learner's exception in one line, with the line of their code where it happened."""
    frames = traceback.extract_tb(error.__traceback__)
    mine = [f for f in frames if not f.filename.endswith(("exercise.py", "runtime.py"))]
    where = f" (line {mine[-1].lineno}: `{(mine[-1].line or '').strip()}`)" if mine else ""
    text = f"{type(error).__name__}: {error}".strip().rstrip(":")
    return text[:500] + where


def run_student(ex: Exercise, answer: Any, cases: list[Case], device: torch.device) -> dict:
    """Ask the learner's answer for its outputs. Returns {"results": [...], "forbidden": [...]}."""
    results: list[dict] = []
    watcher = _CallWatcher(ex.forbidden)
    for case in cases:
        try:
            if ex.kind == VALUE:
                out = answer
            else:
                if not callable(answer):
                    raise TypeError(f"`{ex.name}` should be a function, but it is a {type(answer).__name__}")
                local = case.on(device)
                if ex.forbidden:
                    with watcher:
                        out = answer(*local.args, **local.kwargs)
                else:
                    out = answer(*local.args, **local.kwargs)
            results.append({"ok": True, "value": out})
        except Exception as error:  # the learner's code may raise anything
            results.append({"ok": False, "error": describe_error(error)})
    return {"results": results, "forbidden": sorted(watcher.seen)}


# ---------------------------------------------------------------------------------------------
# The trusted half: expected outputs, comparison, diagnosis.

@dataclass
class Verdict:
    passed: bool
    message: str
    cases_passed: int
    cases_total: int


def _compare(ex: Exercise, got: Any, want: Any, case: Case) -> str | None:
    if got is None and want is not None:
        if ex.kind == VALUE:
            return f"`{ex.name}` is still None: set it in its answer cell"
        return f"`{ex.name}` returned None: does the function `return` its result?"
    if ex.compare is not None:
        return ex.compare(got, want, case)
    if ex.output_names and isinstance(want, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(want):
            kind = type(got).__name__
            return f"`{ex.name}` should return a tuple ({', '.join(ex.output_names)}), got a {kind}" + (
                f" of length {len(got)}" if isinstance(got, (tuple, list)) else "")
        for part, g, w in zip(ex.output_names, got, want):
            message = checks.compare(g, w, part, **ex.tolerance)
            if message:
                return message
        return None
    return checks.compare(got, want, ex.name, **ex.tolerance)


def _diagnose(ex: Exercise, got: Any, case: Case, device: torch.device) -> str:
    for mistake in ex.mistakes:
        try:
            wrong = mistake.wrong(*case.on(device).args, **case.on(device).kwargs)
        except Exception:
            continue
        if _compare(ex, got, _to_cpu(wrong), case) is None:
            return f" Likely cause: {mistake.message}"
    return ""


def _to_cpu(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, tuple):
        return tuple(_to_cpu(v) for v in value)
    if isinstance(value, list):
        return [_to_cpu(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_cpu(v) for k, v in value.items()}
    return value


def judge(ex: Exercise, record: dict, cases: list[Case], device: torch.device) -> Verdict:
    """Compare the learner's recorded outputs with the reference on the same cases."""
    results = record.get("results") or []
    total = len(cases)
    if record.get("forbidden"):
        used = ", ".join(record["forbidden"])
        return Verdict(False, f"`{ex.name}` calls {used}, which this exercise asks you to do without.", 0, total)
    if len(results) != total:
        return Verdict(False, f"expected outputs for {total} inputs, the record has {len(results)}", 0, total)
    reference = ex.reference_fn()
    for i, (case, result) in enumerate(zip(cases, results)):
        where = f" (on {case.label})" if case.label else ""
        if not result.get("ok"):
            error = result.get("error", "an unknown error")
            if error.startswith("NotImplementedError"):
                return Verdict(False, f"`{ex.name}` is not written yet (it raises NotImplementedError).", i, total)
            return Verdict(False, f"`{ex.name}` raised {error}{where}.", i, total)
        local = case.on(device)
        want = _to_cpu(reference() if ex.kind == VALUE else reference(*local.args, **local.kwargs))
        got = result.get("value")
        message = ex.check_output(got, case) if ex.check_output else None
        message = message or _compare(ex, got, want, case)
        if message:
            text = f"{message}{where}." + _diagnose(ex, got, case, device)
            if ex.hint:
                text += f" Hint: {ex.hint}"
            return Verdict(False, text, i, total)
    plural = "s" if total != 1 else ""
    return Verdict(True, f"`{ex.name}` is correct on {total} input{plural}.", total, total)
