"""Exercise specs for section 1.2 of chapter 01 (math foundations): matrices.

Every expected value comes from the reference in ``solutions.ch01``; the specs only choose inputs,
tolerances and the mistakes to recognise.
"""
from __future__ import annotations

import math

import torch

from .. import checks
from ..exercise import FUNCTION, Case, Exercise, Mistake, randn, register
from .ch01_vectors import MATMUL_FAMILY, _value

REF = "solutions.ch01"
_T = torch.tensor
RANK_M = [[1.0, 2.0, 0.0, 1.0], [0.0, 1.0, 1.0, 2.0], [1.0, 3.0, 1.0, 3.0], [2.0, 4.0, 0.0, 2.0]]
AUTOGRAD = ("torch.autograd.grad", "backward", "torch.autograd.functional.jacobian", "torch.autograd.functional.vjp")

# ------------------------------------------------------------------ 004:M1 shapes

register(
    _value("ch01-shapes/layer", "shape_layer", "shape_layer", [
        ("transposed: the rows come from the left matrix (32 inputs), the columns from the right (2048 neurons).",
         lambda: (2048, 32)),
        ("the shared (inner) dimension 512 disappears in the product: (N x D) @ (D x M) is N x M.",
         lambda: (32, 512, 2048))]),
    _value("ch01-shapes/batched", "shape_batched", "shape_batched", [
        ("the leading 8 is a batch dimension and stays: (8, 32, 512) @ (512, 64) is (8, 32, 64).",
         lambda: (32, 64))]),
    _value("ch01-shapes/gram", "shape_gram", "shape_gram", [
        ("that is the shape of X.T @ X (512 x 512); X @ X.T pairs the 32 rows with each other.",
         lambda: (512, 512))]),
)


# ------------------------------------------------------------------ 004:M2 the summation, and its cost

def _mm_visible():
    return [Case((_T([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]]), _T([[1.0, 0.0], [2.0, 1.0], [0.0, 3.0]])),
                 label="A (2, 3), B (3, 2)")]


def _mm_hidden(gen):
    return [Case((randn(gen, 1, 1), randn(gen, 1, 1)), label="(1, 1) @ (1, 1)"),
            Case((randn(gen, 4, 1), randn(gen, 1, 3)), label="an outer product (4, 1) @ (1, 3)"),
            Case((randn(gen, 3, 5, dtype=torch.float64), randn(gen, 5, 2, dtype=torch.float64)), label="float64 (3, 5) @ (5, 2)"),
            Case((randn(gen, 6, 4), randn(gen, 4, 7)), label="(6, 4) @ (4, 7)")]


def _mm_wrong(count):
    return lambda A, B: (A @ B, count(A.shape[0], A.shape[1], B.shape[1]))


register(
    Exercise(
        grade_id="ch01-matmul/fn", name="matmul_by_hand", kind=FUNCTION, reference=f"{REF}:matmul_by_hand",
        visible=_mm_visible, hidden=_mm_hidden, output_names=("C", "multiply_adds"), forbidden=MATMUL_FAMILY,
        mistakes=[
            Mistake("m * n counts the dot products (entries of C); each has k multiply-adds: m * k * n.",
                    _mm_wrong(lambda m, k, n: m * n)),
            Mistake("2 m k n counts FLOPs (a multiply and an add separately); count multiply-ADDS: m * k * n.",
                    _mm_wrong(lambda m, k, n: 2 * m * k * n)),
            Mistake("(k - 1) additions per entry is the count of adds only; count one multiply-add per term: m * k * n.",
                    _mm_wrong(lambda m, k, n: m * (k - 1) * n)),
        ],
        hint="C[i, j] = sum_t A[i, t] * B[t, j]: three nested loops, one multiply-add in the innermost."),
    _value("ch01-matmul/cost", "layer_cost", "layer_multiply_adds", [
        ("that counts FLOPs (2 per multiply-add); the question counts multiply-adds.", lambda: 2 * 32 * 512 * 2048),
        ("that is the number of output entries 32 * 2048; each costs 512 multiply-adds.", lambda: 32 * 2048)]),
)


# ------------------------------------------------------------------ 004:M3 transposes in the backward pass

def _bw_visible():
    X = _T([[1.0, 2.0, 0.0], [-1.0, 0.0, 3.0]])
    W = _T([[1.0, 0.0, 2.0, -1.0], [0.0, 1.0, 1.0, 0.0], [2.0, -1.0, 0.0, 1.0]])
    dY = _T([[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, 0.0]])
    return [Case((X, W, dY), label="X (2, 3), W (3, 4), dY (2, 4)")]


def _bw_hidden(gen):
    cases = []
    for n, d, m, dt in ((5, 3, 3, torch.float32), (1, 4, 2, torch.float32), (7, 6, 2, torch.float64), (3, 2, 8, torch.float32)):
        cases.append(Case((randn(gen, n, d, dtype=dt), randn(gen, d, m, dtype=dt), randn(gen, n, m, dtype=dt)),
                          label=f"N={n}, D={d}, M={m}, {str(dt).removeprefix('torch.')}"))
    return cases


register(Exercise(
    grade_id="ch01-backward", name="linear_backward", kind=FUNCTION, reference=f"{REF}:linear_backward",
    visible=_bw_visible, hidden=_bw_hidden, output_names=("dX", "dW"), forbidden=AUTOGRAD,
    mistakes=[
        Mistake("dW came out (M, D): dL/dW has the shape of W, (D, M) = X^T (D, N) @ dY (N, M).",
                lambda X, W, dY: (dY @ W.T, dY.T @ X)),
        Mistake("dX came out (D, N): dL/dX has the shape of X, (N, D) = dY (N, M) @ W^T (M, D).",
                lambda X, W, dY: (W @ dY.T, X.T @ dY)),
        Mistake("with a square W, dY @ W has the right shape but the wrong values: the backward pass multiplies "
                "by W^T (fanning in from M outputs to D inputs).", lambda X, W, dY: (dY @ W, X.T @ dY)),
    ],
    hint="dL/dX = dY W^T and dL/dW = X^T dY: each gradient has the shape of what it is the gradient of."))


# ------------------------------------------------------------------ 004:M4 rank, storage, LoRA

register(
    _value("ch01-rank/rank", "rank_M", "rank_of_M", [
        ("4 is the number of rows; row 2 = row 0 + row 1 and row 3 = 2 * row 0 add nothing new.", lambda: 4),
        ("row 3 = 2 * row 0 is dependent too.", lambda: 3)]),
    _value("ch01-rank/storage", "storage", "storage_1000_rank_50", [
        ("both factors are stored: (1000 x 50) AND (50 x 1000), 50,000 values each.", lambda: (1_000_000, 50_000)),
        ("the factors hold 1000*50 + 50*1000 values, not 50 * 50.", lambda: (1_000_000, 2500))]),
    _value("ch01-rank/lora", "lora", "lora_counts", [
        ("LoRA trains BOTH factors, B (d x r) and A (r x d): 2 d r parameters.",
         lambda: (4096 ** 2, 4096 * 8, 4096 * 8 / 4096 ** 2)),
        ("the fraction is LoRA / full, about 0.4%.", lambda: (4096 ** 2, 2 * 4096 * 8, 4096 ** 2 / (2 * 4096 * 8)))],
        tolerance={"rtol": 1e-9, "atol": 0.0}),
)


def _lowrank_compare(got, want, case):
    r = case.args[1]
    W = case.args[0]
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return f"`low_rank_factors` should return a tuple (B, A), got {type(got).__name__}"
    B, A = (checks.as_tensor(x) for x in got)
    if B is None or A is None:
        return "`low_rank_factors` should return two tensors (B, A)"
    m, n = W.shape
    if tuple(B.shape) != (m, r) or tuple(A.shape) != (r, n):
        return (f"the factors have shapes {tuple(B.shape)} and {tuple(A.shape)}; for W of shape {(m, n)} and "
                f"r = {r} they should be {(m, r)} and {(r, n)}")
    want_prod = (want[0].to(torch.float64) @ want[1].to(torch.float64))
    scale = float(W.abs().max()) or 1.0
    return checks.compare_tensor(B.to(torch.float64) @ A.to(torch.float64), want_prod, "B @ A",
                                 rtol=1e-3, atol=1e-4 * scale)


def _lr_wrong(kind):
    def wrong(W, r):
        U, S, Vh = torch.linalg.svd(W.to(torch.float64), full_matrices=False)
        if kind == "smallest":
            return (U[:, -r:] * S[-r:]).to(W.dtype), Vh[-r:].to(W.dtype)
        return U[:, :r].to(W.dtype), Vh[:r].to(W.dtype)
    return wrong


def _lr_hidden(gen):
    low = randn(gen, 10, 2) @ randn(gen, 2, 10) + 0.01 * randn(gen, 10, 10)
    return [Case((randn(gen, 6, 4), 2), label="a random (6, 4), r = 2"),
            Case((randn(gen, 5, 8), 3), label="a wide (5, 8), r = 3"),
            Case((low, 2), label="rank 2 plus a little noise (10, 10), r = 2"),
            Case((randn(gen, 4, 4, dtype=torch.float64), 4), label="float64 (4, 4), r = 4 (exact)")]


register(Exercise(
    grade_id="ch01-lowrank", name="low_rank_factors", kind=FUNCTION, reference=f"{REF}:low_rank_factors",
    visible=lambda: [Case((_T(RANK_M), 2), label="the rank-2 matrix M, r = 2 (exact)"),
                     Case((_T([[3.0, 1.0, 0.0], [1.0, 3.0, 0.0], [0.0, 0.0, 1.0]]), 1), label="a (3, 3), r = 1")],
    hidden=_lr_hidden, compare=_lowrank_compare,
    mistakes=[
        Mistake("that keeps the r SMALLEST singular values; the best rank-r approximation keeps the largest "
                "(torch.linalg.svd returns them in descending order).", _lr_wrong("smallest")),
        Mistake("the singular values are missing: W_r = U_r diag(S_r) V_r^T, put S_r into one of the factors.",
                _lr_wrong("nos")),
    ],
    hint="U, S, Vh = torch.linalg.svd(W, full_matrices=False); B = U[:, :r] * S[:r]; A = Vh[:r]."))


# ------------------------------------------------------------------ 004:M5 eigenvalues, singular values, conditioning

register(
    _value("ch01-spectrum/eig", "eigs_S", "eigs_S", [
        ("right numbers, wrong order: sort them ascending (torch.linalg.eigvalsh does).", lambda: _T([3.0, 1.0]).double()),
        ("those are the diagonal entries; eigenvalues solve det(S - lambda I) = 0.", lambda: _T([2.0, 2.0]).double())]),
    _value("ch01-spectrum/nilpotent", "nilpotent", "nilpotent_rank_and_eigs", [
        ("the rank is 1 (the row [0, 1] is not zero) although both eigenvalues are 0: rank counts non-zero "
         "SINGULAR values, not eigenvalues.", lambda: (0, 0)),
        ("both eigenvalues are 0 (the matrix is triangular with zeros on the diagonal).", lambda: (1, 1))]),
    _value("ch01-spectrum/cond", "kappas", "shear_condition_numbers", [
        ("the singular-value ratio is far from 1: sigma_max / sigma_min = sigma_max^2 because det = 1.",
         lambda: (1.0, 1.0)),
        ("that is the ratio sigma_max / sigma_min squared (the eigenvalues of A^T A); take the singular values "
         "themselves.", lambda: (1.0, 10001.9999 ** 2))],
        tolerance={"rtol": 1e-5, "atol": 1e-8}),
)


# ------------------------------------------------------------------ gradient descent on a quadratic valley

def _gd_hidden(gen):
    t = math.radians(30.0)
    R = _T([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    A = randn(gen, 3, 3, dtype=torch.float64)
    spd = A @ A.T + torch.eye(3, dtype=torch.float64)
    return [Case((R @ torch.diag(_T([1.0, 20.0])) @ R.T, _T([2.0, 1.0]), 0.09, 30), label="the rotated valley, lr 0.09"),
            Case((spd, randn(gen, 3, dtype=torch.float64), 0.05, 12), label="a random 3x3 SPD matrix, float64"),
            Case((torch.diag(_T([1.0, 10.0])), _T([1.0, 1.0]), 0.21, 8), label="lr 0.21 > 2/10: diverges"),
            Case((torch.eye(2), _T([1.0, -1.0]), 0.5, 0), label="0 steps (just x0)")]


def _gd_wrong(kind):
    def wrong(H, x0, lr, steps):
        xs, x = [x0], x0
        for _ in range(steps):
            g = H @ x if kind != "twice" else 2 * H @ x
            x = x + lr * g if kind == "ascent" else x - lr * g
            xs.append(x)
        return torch.stack(xs[1:] if kind == "nox0" else xs)
    return wrong


register(
    Exercise(
        grade_id="ch01-gd/fn", name="gradient_descent", kind=FUNCTION, reference=f"{REF}:gradient_descent",
        visible=lambda: [Case((torch.diag(_T([1.0, 10.0])), _T([1.0, 1.0]), 0.1, 5), label="H = diag(1, 10), lr 0.1, 5 steps")],
        hidden=_gd_hidden,
        mistakes=[
            Mistake("the trajectory should start with x0 itself: steps + 1 rows.", _gd_wrong("nox0")),
            Mistake("the gradient of 1/2 x^T H x is H x, not 2 H x.", _gd_wrong("twice")),
            Mistake("that climbs: gradient DESCENT subtracts, x <- x - lr * H x.", _gd_wrong("ascent")),
        ]),
    _value("ch01-gd/lrmax", "lr_max", "valley_lr_max", [
        ("that uses the SMALLEST eigenvalue; the steepest direction (lambda_max) is the one that diverges first.",
         lambda: 2.0 / 1.0),
        ("the limit is 2 / lambda_max; 1 / lambda_max is the step that jumps straight to the bottom along the "
         "steepest direction.", lambda: 1.0 / 20.0)]),
    _value("ch01-gd/kappa", "kappa", "valley_kappa", [
        ("upside down: lambda_max / lambda_min >= 1.", lambda: 1.0 / 20.0)],
        tolerance={"rtol": 1e-6, "atol": 1e-9}),
)
