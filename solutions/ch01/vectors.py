"""References for section 1.1 of chapter 01: dot product, cosine, projections, norms, normalisation.
Every expected value is computed here, never typed in."""
from __future__ import annotations

import math

import torch

__all__ = [
    "dot", "DOT_A", "DOT_B", "dot_example",
    "cosine_similarity",
    "project", "obtuse_projection",
    "lp_norm", "NORM_V", "norm_values",
    "triangle_p_half", "p_half_is_norm",
    "normalize", "normalize_zero_outcome",
]

# ------------------------------------------------------------------ 004:V1 dot product

DOT_A = [1.0, 2.0, 3.0]
DOT_B = [4.0, -5.0, 6.0]


def dot(a, b):
    """Sum of element-wise products over the last dimension; leading dimensions broadcast."""
    return (a * b).sum(-1)


def dot_example():
    return float(dot(torch.tensor(DOT_A, dtype=torch.float64), torch.tensor(DOT_B, dtype=torch.float64)))


# ------------------------------------------------------------------ 004:V2 cosine similarity

def cosine_similarity(a, b):
    """a.b / (|a| |b|) over the last dimension; 0 where either vector is zero (it has no direction)."""
    num = (a * b).sum(-1)
    den = torch.linalg.vector_norm(a, dim=-1) * torch.linalg.vector_norm(b, dim=-1)
    safe = torch.where(den > 0, den, torch.ones_like(den))
    return torch.where(den > 0, num / safe, torch.zeros_like(num))


# ------------------------------------------------------------------ 004:V3 projections

def project(a, b):
    """(scalar projection comp_b(a) = a.b/|b|, vector projection (a.b/|b|^2) b), over the last dim."""
    ab = (a * b).sum(-1, keepdim=True)
    nb2 = (b * b).sum(-1, keepdim=True)
    return (ab / nb2.sqrt()).squeeze(-1), ab / nb2 * b


def obtuse_projection():
    """|a| = 2, |b| = 3, angle 120 degrees: (scalar projection of a onto b, a.b)."""
    theta = math.radians(120.0)
    a = torch.tensor([2 * math.cos(theta), 2 * math.sin(theta)], dtype=torch.float64)
    b = torch.tensor([3.0, 0.0], dtype=torch.float64)
    comp, _ = project(a, b)
    return (float(comp), float(dot(a, b)))


# ------------------------------------------------------------------ 004:V4, V5 norms

def lp_norm(v, p):
    """(sum_i |v_i|^p)^(1/p) over the last dimension, for any p > 0 and p = inf, without overflow."""
    a = v.abs().to(torch.float64)
    if math.isinf(p):
        return a.amax(-1).to(v.dtype)
    m = a.amax(-1, keepdim=True)
    safe = torch.where(m > 0, m, torch.ones_like(m))
    return ((a / safe).pow(p).sum(-1).pow(1.0 / p) * safe.squeeze(-1)).to(v.dtype)


NORM_V = [3.0, -4.0, -12.0]


def norm_values():
    v = torch.tensor(NORM_V, dtype=torch.float64)
    return (float(lp_norm(v, 1)), float(lp_norm(v, 2)), float(lp_norm(v, math.inf)))


# ------------------------------------------------------------------ 004:V6 the triangle inequality fails for p < 1

def triangle_p_half():
    """u = e1, v = e2, p = 1/2: (||u + v||_p, ||u||_p + ||v||_p)."""
    u, v = torch.tensor([1.0, 0.0], dtype=torch.float64), torch.tensor([0.0, 1.0], dtype=torch.float64)
    return (float((u + v).abs().pow(0.5).sum() ** 2), float(u.abs().pow(0.5).sum() ** 2 + v.abs().pow(0.5).sum() ** 2))


def p_half_is_norm():
    lhs, rhs = triangle_p_half()
    return bool(lhs <= rhs)


# ------------------------------------------------------------------ 004:V7 normalisation

def normalize(v):
    """v / ||v||_2 over the last dimension; a zero vector has no direction: ValueError."""
    n = torch.linalg.vector_norm(v, dim=-1, keepdim=True)
    if (n == 0).any():
        raise ValueError("cannot normalise the zero vector: it has no direction")
    return v / n


def normalize_zero_outcome(v):
    """What `normalize` does with a zero vector, as the test cell reports it."""
    try:
        normalize(v)
    except ValueError:
        return "ValueError"
    return "no error"
