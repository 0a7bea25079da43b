"""Exercise specs for section 1.1 of chapter 01 (math foundations): vectors.

Every expected value comes from the reference in ``solutions.ch01``; the specs only choose inputs,
tolerances and the mistakes to recognise.
"""
from __future__ import annotations

import functools

import math

import torch

from ..exercise import FUNCTION, Case, Exercise, Mistake, randn, register, value_exercise

REF = "solutions.ch01"
_T = torch.tensor
DOT_A, DOT_B = [1.0, 2.0, 3.0], [4.0, -5.0, 6.0]
NORM_V = [3.0, -4.0, -12.0]
MATMUL_FAMILY = ("torch.dot", "torch.inner", "torch.vdot", "torch.matmul", "torch.mm", "torch.mv", "torch.bmm",
                 "torch.einsum", "torch.tensordot")
NORM_FAMILY = ("torch.norm", "torch.linalg.norm", "linalg_norm", "torch.linalg.vector_norm", "linalg_vector_norm",
               "torch.nn.functional.normalize", "torch.renorm")


_value = functools.partial(value_exercise, module=REF)


# ------------------------------------------------------------------ 004:V1 dot product

def _dot_hidden(gen):
    anti = randn(gen, 5)
    return [Case((randn(gen, 7), randn(gen, 7)), label="two random vectors of length 7"),
            Case((randn(gen, 4, 5), randn(gen, 4, 5)), label="a batch of 4 pairs, shape (4, 5)"),
            Case((randn(gen, 3, 6), randn(gen, 6)), label="(3, 6) against one vector (6,): broadcasting"),
            Case((anti, -2 * anti), label="antiparallel vectors (negative dot product)"),
            Case((randn(gen, 2, 3, 8, dtype=torch.float64), randn(gen, 2, 3, 8, dtype=torch.float64)), label="float64 (2, 3, 8)")]


register(
    Exercise(
        grade_id="ch01-dot/fn", name="dot", kind=FUNCTION, reference=f"{REF}:dot",
        visible=lambda: [Case((_T(DOT_A), _T(DOT_B)), label="a = [1, 2, 3], b = [4, -5, 6]"),
                         Case((_T([1.0, 0.0]), _T([0.0, 3.0])), label="orthogonal vectors [1, 0], [0, 3]")],
        hidden=_dot_hidden, forbidden=MATMUL_FAMILY,
        mistakes=[
            Mistake("that is the element-wise product a * b: the dot product SUMS it to one number per pair.",
                    lambda a, b: a * b),
            Mistake("the sum runs over every dimension: sum only the LAST one (dim=-1), so a batch of pairs gives "
                    "one number per pair.", lambda a, b: (a * b).sum()),
            Mistake("the sum runs over the first dimension: sum over the last (dim=-1), where the vector's "
                    "components are.", lambda a, b: (a * b).sum(0)),
        ],
        hint="a . b = sum_i a_i b_i, over the last dimension."),
    _value("ch01-dot/value", "dot_ab", "dot_example", [
        ("the -5 counts with its sign: 1*4 + 2*(-5) + 3*6.", lambda: 4.0 + 10.0 + 18.0)]),
)


# ------------------------------------------------------------------ 004:V2 cosine similarity

def _cos_hidden(gen):
    batch = randn(gen, 4, 6)
    batch[2] = 0.0
    a = randn(gen, 5)
    return [Case((randn(gen, 9), randn(gen, 9)), label="two random vectors of length 9"),
            Case((a, 7.5 * a), label="b = 7.5 a (same direction, different length)"),
            Case((a, -0.1 * a), label="b = -0.1 a (opposite direction)"),
            Case((batch, randn(gen, 4, 6)), label="a batch (4, 6) whose row 2 is the zero vector"),
            Case((torch.zeros(3), torch.zeros(3)), label="two zero vectors"),
            Case((randn(gen, 2, 5, 16, dtype=torch.float64), randn(gen, 2, 5, 16, dtype=torch.float64)), label="float64 (2, 5, 16)")]


def _cos_nan(a, b):
    return (a * b).sum(-1) / (a.norm(dim=-1) * b.norm(dim=-1))


register(Exercise(
    grade_id="ch01-cosine", name="cosine_similarity", kind=FUNCTION, reference=f"{REF}:cosine_similarity",
    visible=lambda: [Case((_T(DOT_A), _T(DOT_B)), label="a = [1, 2, 3], b = [4, -5, 6]"),
                     Case((_T([1.0, 2.0]), _T([3.0, 6.0])), label="parallel vectors [1, 2], [3, 6]"),
                     Case((torch.zeros(3), _T(DOT_A)), label="a zero vector and [1, 2, 3]")],
    hidden=_cos_hidden,
    forbidden=("torch.nn.functional.cosine_similarity", "torch.cosine_similarity"),
    mistakes=[
        Mistake("a zero vector gives 0/0 = NaN: it has no direction, so return 0 where |a| |b| = 0 "
                "(torch.where).", _cos_nan),
        Mistake("that is the plain dot product: divide by |a| |b|.", lambda a, b: (a * b).sum(-1)),
        Mistake("only |b| was divided out: cosine divides by |a| AND |b|.",
                lambda a, b: (a * b).sum(-1) / b.norm(dim=-1)),
        Mistake("the dot product was divided by the SQUARED lengths |a|^2 |b|^2; use the lengths.",
                lambda a, b: (a * b).sum(-1) / ((a * a).sum(-1) * (b * b).sum(-1))),
    ]))


# ------------------------------------------------------------------ 004:V3 projections

def _proj_hidden(gen):
    b = randn(gen, 3)
    perp = torch.linalg.cross(b, randn(gen, 3))
    return [Case((randn(gen, 5), randn(gen, 5)), label="random vectors of length 5"),
            Case((-0.7 * b + perp, b), label="an angle over 90 degrees (negative projection)"),
            Case((perp, b), label="a orthogonal to b (projection 0)"),
            Case((randn(gen, 4, 3), randn(gen, 4, 3)), label="a batch of 4 pairs in 3-D"),
            Case((randn(gen, 6, dtype=torch.float64), randn(gen, 6, dtype=torch.float64, scale=10.0)), label="float64, a long b")]


def _proj_wrong(kind):
    def wrong(a, b):
        ab = (a * b).sum(-1, keepdim=True)
        nb = b.norm(dim=-1, keepdim=True)
        comp, vec = ab / nb, ab / nb ** 2 * b
        if kind == "abs":
            comp, vec = comp.abs(), comp.abs() / nb * b
        elif kind == "nb2":
            comp = ab / nb ** 2
        elif kind == "unnormalised":
            vec = comp * b
        elif kind == "swapped":
            na = a.norm(dim=-1, keepdim=True)
            comp, vec = ab / na, ab / na ** 2 * a
        return comp.squeeze(-1), vec
    return wrong


register(
    Exercise(
        grade_id="ch01-projection/fn", name="project", kind=FUNCTION, reference=f"{REF}:project",
        visible=lambda: [Case((_T([3.0, 4.0]), _T([1.0, 0.0])), label="a = [3, 4] onto b = [1, 0]"),
                         Case((_T([-2.0, 1.0]), _T([2.0, 0.0])), label="a = [-2, 1] onto b = [2, 0] (angle over 90 degrees)")],
        hidden=_proj_hidden, output_names=("scalar_projection", "vector_projection"),
        mistakes=[
            Mistake("the sign was lost: for an angle over 90 degrees cos(theta) < 0, the scalar projection is "
                    "negative and the vector projection points AWAY from b.", _proj_wrong("abs")),
            Mistake("the scalar projection is a.b / |b| (a length), not a.b / |b|^2 (that is the coefficient of b "
                    "in the vector projection).", _proj_wrong("nb2")),
            Mistake("the vector projection is comp_b(a) times the UNIT vector b/|b|, not times b.",
                    _proj_wrong("unnormalised")),
            Mistake("that projects b onto a; the question projects a onto b (divide by |b|, point along b).",
                    _proj_wrong("swapped")),
        ]),
    _value("ch01-projection/obtuse", "obtuse", "obtuse_projection", [
        ("signs lost: at 120 degrees cos = -1/2, so both numbers are negative.", lambda: (1.0, 3.0)),
        ("math.cos takes RADIANS: cos(120) is the cosine of 120 radians; use math.radians(120).",
         lambda: (2 * math.cos(120), 6 * math.cos(120))),
        ("the scalar projection is |a| cos(theta) = 2 * (-1/2); a.b is |a| |b| cos(theta).", lambda: (-3.0, -3.0))],
        tolerance={"rtol": 1e-6, "atol": 1e-9}),
)


# ------------------------------------------------------------------ 004:V4, V5 norms

def _norm_hidden(gen):
    z = torch.zeros(2, 5)
    z[1] = randn(gen, 5)
    return [Case((randn(gen, 4, 6), 2), label="a batch (4, 6), p = 2"),
            Case((randn(gen, 7), 1.5), label="p = 1.5 with negative entries"),
            Case((randn(gen, 5), 0.5), label="p = 0.5 (a quasi-norm, same formula)"),
            Case((randn(gen, 3, 4), math.inf), label="p = inf on a batch"),
            Case((z, 3), label="a batch whose row 0 is the zero vector, p = 3"),
            Case((randn(gen, 6, scale=30.0), 100), label="large p = 100 with entries of size about 30 (float32)"),
            Case((randn(gen, 2, 9, dtype=torch.float64), 4), label="float64, p = 4")]


def _norm_wrong(kind):
    def wrong(v, p):
        if kind == "noabs":
            return v.max(-1).values if math.isinf(p) else v.pow(p).sum(-1).pow(1 / p)
        if kind == "noroot":
            return v.abs().amax(-1) if math.isinf(p) else v.abs().pow(p).sum(-1)
        if kind == "naive":
            return v.abs().amax(-1) if math.isinf(p) else v.abs().pow(p).sum(-1).pow(1 / p)
    return wrong


register(
    Exercise(
        grade_id="ch01-norms/fn", name="lp_norm", kind=FUNCTION, reference=f"{REF}:lp_norm",
        visible=lambda: [Case((_T(NORM_V), p), label=f"v = [3, -4, -12], p = {p}") for p in (1, 2, 3, math.inf)],
        hidden=_norm_hidden, forbidden=NORM_FAMILY,
        mistakes=[
            Mistake("|v_i|^p overflows for large p (30^100 is inf in float32): factor out m = max|v_i|, "
                    "||v||_p = m (sum (|v_i|/m)^p)^(1/p), and return 0 for the zero vector.", _norm_wrong("naive")),
            Mistake("the 1/p-th root is missing: (sum |v_i|^p)^(1/p).", _norm_wrong("noroot")),
            Mistake("the absolute value is missing: |v_i|^p, not v_i^p (negative entries would lower the norm, "
                    "and a fractional power of a negative number is NaN); for p = inf take the max of |v_i|.",
                    _norm_wrong("noabs")),
        ],
        hint="||v||_p = (sum_i |v_i|^p)^(1/p) over the last dimension; ||v||_inf = max_i |v_i|."),
    _value("ch01-norms/values", "norms_v", "norm_values", [
        ("without absolute values: |3| + |-4| + |-12| = 19, and the largest |v_i| is 12.",
         lambda: (-13.0, 13.0, 3.0)),
        ("the L2 norm is the square root of 9 + 16 + 144.", lambda: (19.0, 169.0, 12.0))]),
)


# ------------------------------------------------------------------ 004:V6 p < 1 breaks the triangle inequality

register(
    _value("ch01-norm-axioms/triangle", "triangle", "triangle_p_half", [
        ("with p = 1/2 the outer power is 1/p = 2 (a square), not a square root.",
         lambda: (math.sqrt(2.0), 2.0)),
        ("the right-hand side is ||u|| + ||v|| = 1 + 1.", lambda: (4.0, 4.0))]),
    _value("ch01-norm-axioms/verdict", "p_half_is_norm", "p_half_is_norm", [
        ("||u + v|| = 4 > 2 = ||u|| + ||v||: the triangle inequality fails, so it is not a norm.", lambda: True)]),
)


# ------------------------------------------------------------------ 004:V7 normalisation

def _normalize_hidden(gen):
    return [Case((randn(gen, 6),), label="a random vector of length 6"),
            Case((randn(gen, 5, 3),), label="a batch (5, 3)"),
            Case((randn(gen, 4, dtype=torch.float64, scale=1e-30),), label="a tiny (but non-zero) float64 vector"),
            Case((randn(gen, 2, 3, 4, dtype=torch.float64, scale=1e3),), label="float64 (2, 3, 4), long vectors")]


def _zero_cases():
    return [Case((torch.zeros(3),), label="the zero vector of length 3"),
            Case((torch.zeros(2, dtype=torch.float64),), label="a float64 zero vector")]


def _zero_hidden(gen):
    batch = randn(gen, 3, 4)
    batch[1] = 0.0
    return [Case((batch,), label="a batch (3, 4) whose row 1 is zero")]


register(
    Exercise(
        grade_id="ch01-normalize/fn", name="normalize", kind=FUNCTION, reference=f"{REF}:normalize",
        visible=lambda: [Case((_T([3.0, 4.0]),), label="[3, 4]"),
                         Case((_T([[3.0, 4.0], [0.0, -2.0]]),), label="the batch [[3, 4], [0, -2]]")],
        hidden=_normalize_hidden, forbidden=NORM_FAMILY,
        mistakes=[
            Mistake("that divides by the L1 norm (sum of |v_i|); a unit vector has L2 norm 1.",
                    lambda v: v / v.abs().sum(-1, keepdim=True)),
            Mistake("that divides by the SQUARED length; divide by the length sqrt(sum v_i^2).",
                    lambda v: v / (v * v).sum(-1, keepdim=True)),
            Mistake("that divides by the largest |v_i| (the L-infinity norm); divide by the L2 norm.",
                    lambda v: v / v.abs().amax(-1, keepdim=True)),
        ]),
    Exercise(
        grade_id="ch01-normalize/zero", name="normalize (on a zero vector)", kind=FUNCTION,
        reference=f"{REF}:normalize_zero_outcome", visible=_zero_cases, hidden=_zero_hidden,
        mistakes=[
            Mistake("nothing complained: 0 / 0 silently gives NaN. Check the norm and raise ValueError with a clear "
                    "message (a zero vector has no direction).", lambda v: "no error"),
            Mistake("raise ValueError (the argument has an unusable value), not ZeroDivisionError.",
                    lambda v: "ZeroDivisionError"),
            Mistake("`normalize` is not written yet (it raises NotImplementedError).",
                    lambda v: "NotImplementedError"),
        ]),
)
