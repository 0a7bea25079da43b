"""Comparison primitives shared by visible checks and hidden tests.

Every function here returns ``None`` when the learner's value matches and otherwise a sentence that
says what is wrong (shape, dtype, NaN, which element differs and by how much). Exercise specs add the
*likely cause* on top (see :mod:`autograder.exercise`). Nothing here knows about notebooks or grading.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

# (rtol, atol) per dtype: float32 arithmetic in a different order than the reference lands far below
# 1e-4; half precision needs its own, looser pair.
TOLERANCES: dict[torch.dtype, tuple[float, float]] = {
    torch.float64: (1e-6, 1e-8),
    torch.float32: (1e-4, 1e-5),
    torch.float16: (1e-2, 1e-3),
    torch.bfloat16: (2e-2, 1e-2),
}


def tolerance(dtype: torch.dtype) -> tuple[float, float]:
    return TOLERANCES.get(dtype, TOLERANCES[torch.float32])


def as_tensor(value: Any) -> torch.Tensor | None:
    """A tensor for tensors, NumPy arrays and (nested) lists of numbers; None for anything else."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, np.ndarray) and value.dtype != object:
        return torch.from_numpy(np.ascontiguousarray(value))
    if isinstance(value, (list, tuple)) and value:
        try:
            return torch.tensor(value)
        except (TypeError, ValueError, RuntimeError):
            return None
    return None


def _shape(t: torch.Tensor) -> str:
    return "(" + ", ".join(str(s) for s in t.shape) + (",)" if t.dim() == 1 else ")")


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def compare_tensor(got: Any, want: torch.Tensor, name: str = "output", *,
                   rtol: float | None = None, atol: float | None = None,
                   check_dtype: bool = False) -> str | None:
    """Compare a learner's array-like with a reference tensor."""
    if got is None:
        return f"`{name}` is None: does the function `return` its result?"
    got_t = as_tensor(got)
    if got_t is None:
        return f"`{name}` should be a tensor of shape {_shape(want)}, got a {type(got).__name__}"
    if got_t.is_complex() != want.is_complex():
        return f"`{name}` is {'complex' if got_t.is_complex() else 'real'}, it should not be"
    if tuple(got_t.shape) != tuple(want.shape):
        hint = ""
        if got_t.dim() == want.dim() and tuple(got_t.shape) == tuple(reversed(want.shape)) and want.dim() == 2:
            hint = ": is it transposed?"
        elif got_t.dim() != want.dim():
            hint = f": {got_t.dim()} dimensions instead of {want.dim()}; is a batch or head dimension dropped or added?"
        elif got_t.numel() == want.numel():
            hint = ": right number of elements, wrong arrangement; check a reshape, view or transpose"
        return f"`{name}` has shape {_shape(got_t)}, expected {_shape(want)}{hint}"
    if check_dtype and got_t.dtype != want.dtype:
        return f"`{name}` has dtype {got_t.dtype}, expected {want.dtype}: keep the dtype of the inputs"
    if want.dtype == torch.bool or not (want.is_floating_point() or want.is_complex()):
        if not torch.equal(got_t.to(want.dtype) if not got_t.is_floating_point() else got_t, want):
            if got_t.is_floating_point():
                if torch.equal(got_t.round(), got_t) and torch.equal(got_t.to(want.dtype), want):
                    return None
            diff = (got_t.to(torch.float64) != want.to(torch.float64)).nonzero()
            idx = tuple(diff[0].tolist()) if len(diff) else ()
            where = f" (first at index {idx}: got {got_t[idx].item()}, expected {want[idx].item()})" if idx else ""
            return f"`{name}` differs from the expected values in {len(diff)} of {want.numel()} entries{where}"
        return None

    default_rtol, default_atol = tolerance(got_t.dtype if got_t.is_floating_point() else want.dtype)
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    g = got_t.to(torch.float64) if not got_t.is_complex() else got_t.to(torch.complex128)
    w = want.to(g.dtype)
    g_nan, w_nan = torch.isnan(g), torch.isnan(w)
    if (g_nan & ~w_nan).any():
        n = int((g_nan & ~w_nan).sum())
        first = tuple((g_nan & ~w_nan).nonzero()[0].tolist())
        return (f"`{name}` has NaN in {n} of {g.numel()} entries where the reference has numbers "
                f"(first at index {first}): an overflowing exp, a 0/0, or a row that is entirely masked?")
    if (w_nan & ~g_nan).any():
        return f"`{name}` has numbers where the reference has NaN"
    g_inf, w_inf = torch.isinf(g), torch.isinf(w)
    if (g_inf != w_inf).any() or (g[g_inf] != w[g_inf]).any():
        first = tuple((g_inf != w_inf).nonzero()[0].tolist()) if (g_inf != w_inf).any() else ()
        return f"`{name}` has infinities that the reference does not have (or the other way round), first at index {first}"
    finite = ~(g_nan | g_inf)
    err = (g - w).abs().where(finite, torch.zeros((), dtype=torch.float64))
    bound = atol + rtol * w.abs().where(finite, torch.zeros((), dtype=torch.float64))
    bad = err > bound
    if bad.any():
        worst = int(torch.argmax(err - bound))
        idx = tuple(np.unravel_index(worst, tuple(g.shape))) if g.dim() else ()
        idx = tuple(int(i) for i in idx)
        at = f" at index {idx}" if idx else ""
        return (f"`{name}` differs from the expected values in {int(bad.sum())} of {g.numel()} entries; "
                f"the largest difference is{at}: got {_fmt(g[idx].item())}, expected {_fmt(w[idx].item())}")
    return None


def compare_number(got: Any, want: float | int, name: str = "value", *,
                   rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    if isinstance(got, torch.Tensor) and got.numel() == 1:
        got = got.item()
    if isinstance(got, np.generic):
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return f"`{name}` should be a number, got {type(got).__name__}"
    if isinstance(want, int) and not isinstance(want, bool):
        if isinstance(got, float) and not got.is_integer():
            return f"`{name}` should be a whole number ({want}), got {got}"
        if int(got) != want:
            return f"`{name}` is {got}, expected {want}"
        return None
    if math.isnan(got):
        return f"`{name}` is NaN"
    if not math.isclose(got, want, rel_tol=rtol, abs_tol=atol):
        return f"`{name}` is {_fmt(got)}, expected {_fmt(want)}"
    return None


def compare(got: Any, want: Any, name: str = "output", **tol: Any) -> str | None:
    """Compare any nesting of tensors, numbers, strings, tuples, lists and dicts."""
    if isinstance(want, torch.Tensor):
        return compare_tensor(got, want, name, **tol)
    if isinstance(want, bool):
        if isinstance(got, (bool, np.bool_)) or (isinstance(got, torch.Tensor) and got.numel() == 1 and got.dtype == torch.bool):
            return None if bool(got) == want else f"`{name}` is {bool(got)}, expected {want}"
        return f"`{name}` should be True or False, got {type(got).__name__}"
    if isinstance(want, (int, float)):
        return compare_number(got, want, name, **tol)
    if isinstance(want, str):
        if not isinstance(got, str):
            return f"`{name}` should be a string, got {type(got).__name__}"
        return None if got.strip().lower() == want.strip().lower() else f"`{name}` is {got!r}, expected {want!r}"
    if isinstance(want, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return f"`{name}` should be a {type(want).__name__} of {len(want)} items, got {type(got).__name__}"
        if len(got) != len(want):
            return f"`{name}` has {len(got)} items, expected {len(want)}"
        for i, (g, w) in enumerate(zip(got, want)):
            message = compare(g, w, f"{name}[{i}]", **tol)
            if message:
                return message
        return None
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"`{name}` should be a dict, got {type(got).__name__}"
        missing = [k for k in want if k not in got]
        if missing:
            return f"`{name}` is missing the key(s) {missing}"
        for key in want:
            message = compare(got[key], want[key], f"{name}[{key!r}]", **tol)
            if message:
                return message
        return None
    if want is None:
        return None if got is None else f"`{name}` should be None"
    raise TypeError(f"compare() cannot compare against a {type(want).__name__}")


def rows_sum_to_one(weights: torch.Tensor, name: str = "weights", dim: int = -1) -> str | None:
    """A probability check used by attention exercises: which row is off, and by how much."""
    sums = weights.detach().to(torch.float64).sum(dim)
    bad = (sums - 1).abs() > 1e-3
    if bad.any():
        idx = tuple(bad.nonzero()[0].tolist())
        return (f"row {idx} of `{name}` sums to {sums[idx].item():.4g}, not 1: "
                f"is the softmax taken over the last dimension (dim=-1)?")
    return None
