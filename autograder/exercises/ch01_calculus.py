"""Exercise specs for section 1.3 of chapter 01 (math foundations): calculus and optimisation.

Every expected value comes from the reference in ``solutions.ch01`` (derivatives by autograd); the specs
only choose inputs, tolerances and the mistakes to recognise.
"""
from __future__ import annotations

import math

import torch

from .. import checks
from ..exercise import FUNCTION, Case, Exercise, Mistake, randn, register
from .ch01_matrices import AUTOGRAD
from .ch01_vectors import _value

REF = "solutions.ch01"
_T = torch.tensor
_D = torch.float64


# ------------------------------------------------------------------ 004:C1 finite differences

def cubes(x):
    """f(x) = sum_i x_i^3."""
    return (x ** 3).sum()


def sin_product(x):
    """f(x) = sin(x_0) * x_1."""
    return torch.sin(x[0]) * x[1]


def quadratic_form(x):
    """f(x) = x^T A x with a fixed non-symmetric A."""
    n = x.shape[0]
    A = torch.arange(n * n, dtype=x.dtype).reshape(n, n) / n - 1.0
    return x @ A @ x


def log_sum_exp(x):
    """f(x) = log sum_i exp(x_i)."""
    return torch.logsumexp(x, 0)


def exp_mix(x):
    """f(x) = exp(x_0 x_1) + x_2^2 / 2."""
    return torch.exp(x[0] * x[1]) + 0.5 * x[2] ** 2


def _fd_hidden(gen):
    return [Case((quadratic_form, randn(gen, 4, dtype=_D)), label="x^T A x at a random x in R^4"),
            Case((log_sum_exp, randn(gen, 6, dtype=_D)), label="logsumexp at a random x in R^6"),
            Case((exp_mix, 0.5 * randn(gen, 3, dtype=_D)), label="exp(x0 x1) + x2^2/2"),
            Case((cubes, randn(gen, 5, dtype=_D)), label="sum x^3 at a random x in R^5"),
            Case((quadratic_form, randn(gen, 3, dtype=_D)), {"h": 1e-3}, label="x^T A x with h = 1e-3 (exact for quadratics)")]


def _fd_wrong(kind):
    def wrong(f, x, h=1e-4):
        g = torch.zeros_like(x)
        for i in range(x.shape[0]):
            e = torch.zeros_like(x)
            e[i] = h
            if kind == "forward":
                g[i] = (f(x + e) - f(x)) / h
            else:
                g[i] = (f(x + e) - f(x - e)) / h
        return g
    return wrong


register(Exercise(
    grade_id="ch01-finite-diff", name="central_difference", kind=FUNCTION, reference=f"{REF}:central_difference",
    visible=lambda: [Case((cubes, _T([1.0, 2.0], dtype=_D)), label="f = sum x^3 at [1, 2] (gradient [3, 12])"),
                     Case((sin_product, _T([0.5, 2.0], dtype=_D)), label="f = sin(x0) x1 at [0.5, 2]")],
    hidden=_fd_hidden, forbidden=AUTOGRAD, tolerance={"rtol": 1e-6, "atol": 1e-7},
    mistakes=[
        Mistake("that is the FORWARD difference (f(x + h e_i) - f(x)) / h, accurate only to O(h); the central "
                "difference (f(x + h e_i) - f(x - h e_i)) / (2h) is accurate to O(h^2).", _fd_wrong("forward")),
        Mistake("the central difference spans 2h, from x - h to x + h: divide by 2h, not h.", _fd_wrong("half")),
    ],
    hint="g_i = (f(x + h e_i) - f(x - h e_i)) / (2 h), one coordinate i at a time."))


# ------------------------------------------------------------------ 004:C2 the gradient and steepest ascent

def _either_sign(got, want, case):
    first = checks.compare(got, want, "tangent")
    if first is None:
        return None
    second = checks.compare(got, -want, "tangent")
    return None if second is None else first + " (either of the two unit tangents is accepted)"


register(
    _value("ch01-gradient/grad", "grad_at_p", "quad_grad", [
        ("the x*y term is missing: d/dx (x y) = y and d/dy (x y) = x.", lambda: _T([2.0, 6.0], dtype=_D)),
        ("the partial derivatives are swapped.", lambda: _T([7.0, 3.0], dtype=_D))]),
    _value("ch01-gradient/rate", "max_rate", "quad_rate", [
        ("that is ||grad f||^2; the rate is the length ||grad f|| = sqrt(3^2 + 7^2).", lambda: 58.0),
        ("that is the L1 length 3 + 7; the directional derivative grad . u is largest, by Cauchy-Schwarz, at "
         "the L2 length.", lambda: 10.0)]),
    Exercise(
        grade_id="ch01-gradient/tangent", name="tangent", kind="value", reference=f"{REF}:quad_tangent",
        compare=_either_sign,
        mistakes=[Mistake("that is the (unit) gradient direction; the level set runs PERPENDICULAR to it.",
                          lambda: _T([3.0, 7.0], dtype=_D) / math.sqrt(58)),
                  Mistake("the tangent must be a UNIT vector: divide by its length.", lambda: _T([7.0, -3.0], dtype=_D))]),
)


# ------------------------------------------------------------------ 004:C3 the chain rule

def _chain_hidden(gen):
    return [Case((randn(gen, 3), randn(gen, 3, 3)), label="square W (3, 3)"),
            Case((randn(gen, 5), randn(gen, 2, 5)), label="W (2, 5): 5 inputs, 2 outputs"),
            Case((randn(gen, 2, dtype=_D), randn(gen, 6, 2, dtype=_D, scale=2.0)), label="float64, W (6, 2), saturated tanh"),
            Case((torch.zeros(4), randn(gen, 4, 4)), label="x = 0 (gradient 0)")]


def _chain_wrong(kind):
    def wrong(x, W):
        y = torch.tanh(W @ x)
        if kind == "noprime":
            return W.T @ y
        if kind == "W":
            return W @ (y * (1 - y ** 2))
        return W.T @ (y * (1 - y))
    return wrong


register(
    Exercise(
        grade_id="ch01-chain/fn", name="chain_rule_grad", kind=FUNCTION, reference=f"{REF}:chain_rule_grad",
        visible=lambda: [Case((_T([1.0, -1.0]), _T([[0.5, 0.0], [1.0, 1.0], [0.0, -2.0]])), label="x (2,), W (3, 2)")],
        hidden=_chain_hidden, forbidden=AUTOGRAD,
        mistakes=[
            Mistake("the tanh' factor is missing: dy/dz = 1 - tanh(z)^2, multiplied element-wise.", _chain_wrong("noprime")),
            Mistake("with a square W that has the right shape but uses W where the backward pass needs W^T: "
                    "dL/dx = W^T (dL/dz).", _chain_wrong("W")),
            Mistake("tanh'(z) = 1 - tanh(z)^2, not 1 - tanh(z) (that is the sigmoid pattern s (1 - s)).",
                    _chain_wrong("sigmoid")),
        ],
        hint="z = W x, y = tanh(z), L = 1/2 ||y||^2: dL/dy = y, dL/dz = y * (1 - y^2), dL/dx = W^T dL/dz."),
    _value("ch01-chain/scalar", "dsin", "chain_scalar", [
        ("the inner derivative is missing: d/dx sin(x^2) = cos(x^2) * 2x.", lambda: math.cos(1.5 ** 2)),
        ("the outer function is evaluated at the inner one: cos(x^2), not cos(x).", lambda: 2 * 1.5 * math.cos(1.5))]),
)


# ------------------------------------------------------------------ 004:C4 critical points and saddles

def _classify_hidden(gen):
    A = randn(gen, 3, 3, dtype=_D)
    Q, _ = torch.linalg.qr(A)
    mixed = Q @ torch.diag(_T([3.0, -0.5, 1.0], dtype=_D)) @ Q.T
    return [Case((_T([[-2.0, 1.0], [1.0, -3.0]]),), label="a negative definite 2x2 (det > 0 too!)"),
            Case((_T([[1.0, 2.0], [2.0, 1.0]]),), label="[[1, 2], [2, 1]]: positive diagonal, eigenvalues 3 and -1"),
            Case((mixed,), label="a rotated 3x3 with eigenvalues 3, -0.5, 1"),
            Case((_T([[1.0, 0.0], [0.0, 0.0]]),), label="diag(1, 0): a zero eigenvalue"),
            Case((torch.diag(_T([2.0, 0.0, -1.0])),), label="diag(2, 0, -1): mixed signs AND a zero eigenvalue"),
            Case((torch.diag(_T([3.0, 1e-12], dtype=_D)),), label="diag(3, 1e-12), float64: |lambda| <= 1e-9 counts as 0"),
            Case((torch.zeros(3, 3),), label="the zero matrix")]


def _classify_det(H):
    d = float(torch.det(H.double()))
    return "minimum" if d > 1e-12 else "saddle" if d < -1e-12 else "degenerate"


def _classify_tol(H, tol):
    lam = torch.linalg.eigvalsh(H.double())
    pos, neg = bool((lam > tol).any()), bool((lam < -tol).any())
    if pos and neg:
        return "saddle"
    return "minimum" if bool((lam > tol).all()) else "maximum" if bool((lam < -tol).all()) else "degenerate"


def _classify_zero_first(H):
    lam = torch.linalg.eigvalsh(H.double())
    if bool((lam.abs() <= 1e-9).any()):
        return "degenerate"
    return "minimum" if bool((lam > 0).all()) else "maximum" if bool((lam < 0).all()) else "saddle"


def _classify_diag(H):
    dg = torch.diagonal(H)
    if (dg > 0).all():
        return "minimum"
    if (dg < 0).all():
        return "maximum"
    if (dg > 0).any() and (dg < 0).any():
        return "saddle"
    return "degenerate"


register(
    Exercise(
        grade_id="ch01-saddle/classify", name="classify_critical_point", kind=FUNCTION,
        reference=f"{REF}:classify_critical_point",
        visible=lambda: [Case((_T([[2.0, 0.0], [0.0, -2.0]]),), label="the Hessian of x^2 - y^2"),
                         Case((_T([[2.0, 0.0], [0.0, 3.0]]),), label="diag(2, 3)")],
        hidden=_classify_hidden,
        mistakes=[
            Mistake("a zero eigenvalue was called 'degenerate' before the signs were looked at: one positive and one "
                    "negative eigenvalue already make a saddle (there is a downhill direction), whatever the zeros.",
                    _classify_zero_first),
            Mistake("eigenvalues within 1e-9 of 0 must count as zero (rounding leaves tiny non-zero values where the "
                    "exact eigenvalue is 0): compare with +-1e-9, not with 0.", lambda H: _classify_tol(H, 0.0)),
            Mistake("the sign of the determinant is not enough: det > 0 also for a MAXIMUM (two negative "
                    "eigenvalues). Look at the signs of all eigenvalues (torch.linalg.eigvalsh).", _classify_det),
            Mistake("the diagonal entries are not the eigenvalues unless H is diagonal: use torch.linalg.eigvalsh(H).",
                    _classify_diag),
        ]),
    _value("ch01-saddle/eigs", "saddle_eigs", "saddle_hessian_eigs", [
        ("the Hessian of x^2 - y^2 holds SECOND derivatives: 2 and -2.", lambda: _T([-1.0, 1.0], dtype=_D)),
        ("sort them ascending.", lambda: _T([2.0, -2.0], dtype=_D))]),
    _value("ch01-saddle/escape", "escape_steps", "saddle_escape_steps", [
        ("each step multiplies y by 1 + 2 lr = 1.2 (the gradient of -y^2 is -2y), not 1 + lr.",
         lambda: math.ceil(math.log(1e6) / math.log(1.1))),
        ("off by one: count the steps until |y| is strictly above 1 (1e-6 * 1.2^t > 1).",
         lambda: math.ceil(math.log(1e6) / math.log(1.2)) - 1)]),
)
