"""References for section 1.3 of chapter 01: derivatives checked by finite differences and autograd,
the gradient and steepest ascent, the chain rule, critical points and saddles. Every expected value is
computed here (by autograd where a derivative is asked for), never typed in."""
from __future__ import annotations

import torch

__all__ = [
    "central_difference",
    "quad_f", "QUAD_POINT", "quad_grad", "quad_rate", "quad_tangent",
    "chain_rule_grad", "CHAIN_X0", "chain_scalar",
    "classify_critical_point", "saddle_f", "saddle_hessian_eigs", "saddle_escape_steps",
]


def _autograd_grad(f, x):
    x64 = x.detach().to(torch.float64).requires_grad_(True)
    (g,) = torch.autograd.grad(f(x64), x64)
    return g.detach()


# ------------------------------------------------------------------ 004:C1 derivatives and finite differences

def central_difference(f, x, h=1e-4):
    """The gradient of a scalar function f at x (a 1-D tensor). The reference is exact: autograd."""
    return _autograd_grad(f, x).to(x.dtype)


# ------------------------------------------------------------------ 004:C2 the gradient, steepest ascent

def quad_f(p):
    """f(x, y) = x^2 + x y + 3 y^2 (p = [x, y])."""
    x, y = p[..., 0], p[..., 1]
    return x ** 2 + x * y + 3 * y ** 2


QUAD_POINT = [1.0, 1.0]


def quad_grad():
    return _autograd_grad(quad_f, torch.tensor(QUAD_POINT, dtype=torch.float64))


def quad_rate():
    """The largest rate of increase of f at the point, over unit directions: ||grad f||."""
    return float(torch.linalg.vector_norm(quad_grad()))


def quad_tangent():
    """A unit vector tangent to the level set through the point (perpendicular to the gradient)."""
    g = quad_grad()
    t = torch.stack([g[1], -g[0]])
    return t / torch.linalg.vector_norm(t)


# ------------------------------------------------------------------ 004:C3 the chain rule

def chain_rule_grad(x, W):
    """dL/dx for L = 1/2 ||tanh(W x)||^2, by autograd."""
    return _autograd_grad(lambda t: 0.5 * (torch.tanh(W.to(torch.float64) @ t) ** 2).sum(), x).to(x.dtype)


CHAIN_X0 = 1.5


def chain_scalar():
    """d/dx sin(x^2) at x = 1.5."""
    return float(_autograd_grad(lambda t: torch.sin(t ** 2), torch.tensor(CHAIN_X0, dtype=torch.float64)))


# ------------------------------------------------------------------ 004:C4 critical points, saddles

def classify_critical_point(H, tol=1e-9):
    """'minimum', 'maximum', 'saddle' or 'degenerate' from the eigenvalues of the Hessian H."""
    lam = torch.linalg.eigvalsh(H.to(torch.float64))
    pos, neg = bool((lam > tol).any()), bool((lam < -tol).any())
    if pos and neg:
        return "saddle"
    if bool((lam > tol).all()):
        return "minimum"
    if bool((lam < -tol).all()):
        return "maximum"
    return "degenerate"


def saddle_f(p):
    """f(x, y) = x^2 - y^2."""
    return p[..., 0] ** 2 - p[..., 1] ** 2


def saddle_hessian_eigs():
    H = torch.autograd.functional.hessian(saddle_f, torch.zeros(2, dtype=torch.float64))
    return torch.linalg.eigvalsh(H)


def saddle_escape_steps(y0=1e-6, lr=0.1):
    """Gradient descent on x^2 - y^2 from (1, y0): the number of steps until |y| > 1."""
    p = torch.tensor([1.0, y0], dtype=torch.float64)
    steps = 0
    while abs(float(p[1])) <= 1.0:
        p = p - lr * _autograd_grad(saddle_f, p)
        steps += 1
    return steps
