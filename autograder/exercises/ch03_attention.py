"""Exercise specs for the attention sections of chapter 03 (attention worked by hand)."""
from __future__ import annotations

import functools

import math

import torch

from ..exercise import FUNCTION, Case, Exercise, Mistake, register, value_exercise

# The worked example of 000:P1: three tokens, d = 4, projections to d_k = 2.
P1_X = [[1., 0., 1., 0.], [0., 1., 0., 1.], [1., 1., 0., 0.]]
P1_WQ = [[1., 0.], [0., 1.], [1., 0.], [0., 1.]]
P1_WK = [[0., 1.], [1., 0.], [0., 1.], [1., 0.]]
P1_WV = [[1., 0.], [0., 1.], [1., 0.], [0., 1.]]


def p1_qkv() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    X = torch.tensor(P1_X)
    return X @ torch.tensor(P1_WQ), X @ torch.tensor(P1_WK), X @ torch.tensor(P1_WV)


def causal(n: int, m: int | None = None) -> torch.Tensor:
    return torch.ones(n, m or n, dtype=torch.bool).tril()


# ---------------------------------------------------------------- 002:13.19 scaled dot-product attention

def _sdpa_visible() -> list[Case]:
    Q, K, V = p1_qkv()
    return [Case((Q, K, V), label="the 3-token example (no mask)"),
            Case((Q, K, V, causal(3)), label="the 3-token example with a causal mask")]


def _sdpa_hidden(gen: torch.Generator) -> list[Case]:
    r = lambda *shape, scale=1.0, dtype=torch.float32: (torch.randn(*shape, generator=gen, dtype=torch.float64) * scale).to(dtype)  # noqa: E731
    b, h, n, d = 2, 3, 6, 8
    pad = torch.ones(b, 1, 1, n, dtype=torch.bool)
    pad[0, ..., -2:] = False                      # the last two keys of batch 0 are padding
    return [
        Case((r(5, 4), r(5, 4), r(5, 4)), label="Q, K, V of shape (5, 4)"),
        Case((r(b, n, d), r(b, n, d), r(b, n, d)), label="a batch, shape (2, 6, 8)"),
        Case((r(b, h, n, d), r(b, h, n, d), r(b, h, n, d), causal(n)), label="batch and heads (2, 3, 6, 8), causal mask"),
        Case((r(b, h, 4, d), r(b, h, n, d), r(b, h, n, 5)), label="4 queries, 6 keys, values of width 5"),
        Case((r(b, h, n, d), r(b, h, n, d), r(b, h, n, d), pad), label="a padding mask of shape (2, 1, 1, 6)"),
        Case((r(2, 2, 2, n, d), r(2, 2, 2, n, d), r(2, 2, 2, n, d)), label="two leading dims, shape (2, 2, 2, 6, 8)"),
        Case((r(n, d, scale=40.0), r(n, d, scale=40.0), r(n, d)), label="large logits (inputs scaled by 40)"),
        Case((r(n, d, dtype=torch.float64), r(n, d, dtype=torch.float64), r(n, d, dtype=torch.float64), causal(n)),
             label="float64 inputs with a causal mask"),
    ]


def _softmax(scores: torch.Tensor, dim: int = -1) -> torch.Tensor:
    return torch.softmax(scores, dim=dim)


def _attention_variant(scale_power: float = 0.5, dim: int = -1, invert_mask: bool = False, naive_exp: bool = False):
    def wrong(Q, K, V, mask=None):
        scores = Q @ K.transpose(-2, -1) / Q.shape[-1] ** scale_power
        if mask is not None:
            scores = scores.masked_fill(mask if invert_mask else ~mask, float("-inf"))
        if naive_exp:
            e = scores.exp()
            weights = e / e.sum(dim, keepdim=True)
        else:
            weights = _softmax(scores, dim)
        return weights @ V, weights
    return wrong


register(Exercise(
    grade_id="ch03-sdpa",
    name="scaled_dot_product_attention",
    kind=FUNCTION,
    reference="solutions.ch03:sdpa_reference",
    visible=_sdpa_visible,
    hidden=_sdpa_hidden,
    output_names=("output", "weights"),
    forbidden=("torch.nn.functional.scaled_dot_product_attention",),
    mistakes=[
        Mistake("the scores are not divided by sqrt(d_k).", _attention_variant(scale_power=0.0)),
        Mistake("the scores are divided by d_k instead of sqrt(d_k).", _attention_variant(scale_power=1.0)),
        Mistake("the softmax is taken over the queries (dim=-2) instead of the keys (dim=-1).", _attention_variant(dim=-2)),
        Mistake("the mask is inverted: True should mean 'may attend', as in PyTorch.", _attention_variant(invert_mask=True)),
        Mistake("exp() of large scores overflows: subtract the row maximum before exponentiating "
                "(or use torch.softmax).", _attention_variant(naive_exp=True)),
    ],
))


# =============================================================================================
# Part A: attention by hand, softmax, scaling, masks. Every expected value comes from the
# reference in solutions.ch03.attention; the specs only choose inputs, tolerances and mistakes.

REF = "solutions.ch03"
_T = torch.tensor


_value = functools.partial(value_exercise, module=REF)


def _is_prob_rows(got, case):
    from .. import checks
    t = checks.as_tensor(got)
    if t is None or t.dim() == 0 or not t.is_floating_point() or torch.isnan(t).any():
        return None
    return checks.rows_sum_to_one(t, "weights")


def _p1():
    return p1_qkv()


def _p1_weights():
    Q, K, _ = _p1()
    return torch.softmax(Q @ K.T / math.sqrt(2), -1)


# ---------------------------------------------------------------- 000:P1 step 1: Q, K, V

register(
    _value("ch03-p1-qkv/q", "Q", "p1_Q", [
        ("Q is X @ Wq; this looks like X @ Wk.", lambda: _p1()[1])]),
    _value("ch03-p1-qkv/k", "K", "p1_K", [
        ("K is X @ Wk; this looks like X @ Wq (Wq and Wv are equal here, Wk is different).", lambda: _p1()[0])]),
    _value("ch03-p1-qkv/v", "V", "p1_V", [
        ("V is X @ Wv; this looks like X @ Wk.", lambda: _p1()[1])]),
)

# ---------------------------------------------------------------- 000:P1 step 2: scores

register(
    _value("ch03-p1-scores/raw", "raw_scores", "p1_raw_scores", [
        ("the raw scores are Q @ K.T, not yet divided by anything.", lambda: _p1()[0] @ _p1()[1].T / math.sqrt(2)),
        ("that is Q @ Q.T: the scores compare queries with KEYS.", lambda: _p1()[0] @ _p1()[0].T)]),
    _value("ch03-p1-scores/scaled", "scaled_scores", "p1_scaled_scores", [
        ("divide by sqrt(d_k) = sqrt(2) ≈ 1.414, not by 2 (2 is d_k itself, and also sqrt(d_model) = sqrt(4): "
         "the scale uses the key width d_k).", lambda: _p1()[0] @ _p1()[1].T / 2),
        ("these are the raw scores: divide them by sqrt(d_k).", lambda: _p1()[0] @ _p1()[1].T),
        ("the scores were multiplied by sqrt(2); divide them by sqrt(d_k).", lambda: _p1()[0] @ _p1()[1].T * math.sqrt(2))]),
)

# ---------------------------------------------------------------- 000:P1 step 3: weights

register(_value(
    "ch03-p1-weights", "weights", "p1_weights", [
        ("these are the weights rounded to two decimals (0.05, 0.76, 0.19); compute them exactly (torch.softmax "
         "or exp / sum), the rounding error matters in the next step.",
         lambda: _T([[0.05, 0.76, 0.19], [0.76, 0.05, 0.19], [0.33, 0.33, 0.33]])),
        ("the softmax was taken of the raw scores: divide by sqrt(d_k) first.",
         lambda: torch.softmax(_p1()[0] @ _p1()[1].T, -1)),
        ("the softmax was taken over the columns (dim=0): each ROW (one query) must sum to 1.",
         lambda: _p1_weights().T)],
    check_output=_is_prob_rows))

# ---------------------------------------------------------------- 000:P1 step 4: output

register(
    _value("ch03-p1-output/all", "output", "p1_output", [
        ("the weights were transposed: row i of the output is sum_j weights[i, j] * V[j], i.e. weights @ V.",
         lambda: _p1_weights().T @ _p1()[2]),
        ("the weights were rounded to two decimals first (0.05, 0.76, 0.19): keep them exact.",
         lambda: _T([[0.05, 0.76, 0.19], [0.76, 0.05, 0.19], [0.33, 0.33, 0.33]]) @ _p1()[2])]),
    _value("ch03-p1-output/first", "first_output", "p1_first_output", [
        ("[0.29, 1.71] is what the rounded weights give; use the exact weights.",
         lambda: _T([0.29, 1.71])),
        ("that is the first COLUMN of the output; the first token's output is the first ROW, output[0].",
         lambda: (_p1_weights() @ _p1()[2])[:, 0])]),
)

# ---------------------------------------------------------------- 004:PP4 and 002:13.11

_EYE = lambda: torch.eye(2)  # noqa: E731
_PP4_V = lambda: _T([[1., 2.], [3., 4.]])  # noqa: E731


def _hand_weights(scale=1 / math.sqrt(2)):
    return torch.softmax(_EYE() @ _EYE().T * scale, -1)


register(
    _value("ch03-hand/pp4", "out_pp4", "pp4_output", [
        ("the scores were not divided by sqrt(d_k) = sqrt(2).", lambda: _hand_weights(1.0) @ _PP4_V()),
        ("that is the weight matrix; the output is weights @ V.", lambda: _hand_weights()),
        ("with Q = K = I the scores are NOT zero off the diagonal after softmax: the weights are "
         "softmax([1/sqrt(2), 0]), not the identity.", lambda: _PP4_V())]),
    _value("ch03-hand/identity", "out_identity", "identity_output", [
        ("the scores were not divided by sqrt(d_k) = sqrt(2).", lambda: _hand_weights(1.0)),
        ("softmax of the identity scores is not the identity: exp(0) = 1, so the off-diagonal weights "
         "are positive.", lambda: _EYE())]),
)

# ---------------------------------------------------------------- 004:PP5 softmax by hand, stable softmax

def _softmax_hidden(gen: torch.Generator) -> list[Case]:
    r = lambda *s: torch.randn(*s, generator=gen)  # noqa: E731
    with_inf = r(4, 6)
    with_inf[:, :2] = float("-inf")
    return [
        Case((r(5, 7),), label="a (5, 7) matrix, dim=-1"),
        Case((r(5, 7),), {"dim": 0}, label="a (5, 7) matrix, dim=0"),
        Case((r(2, 3, 4),), {"dim": 1}, label="a (2, 3, 4) tensor, dim=1"),
        Case((r(3, 8) * 1000,), label="huge logits (about ±1000)"),
        Case((with_inf,), label="rows with some -inf entries (masked keys)"),
        Case((r(4, 5).double() * 50,), label="float64 logits"),
        Case((r(3, 6).half() * 8,), label="float16 logits"),
    ]


def _naive_softmax(x, dim=-1):
    e = x.exp()
    return e / e.sum(dim, keepdim=True)


register(
    _value("ch03-softmax/small", "p_small", "softmax_small", [
        ("softmax divides each exp by the SUM of the exps, not by the largest.",
         lambda: _T([1., 2., 3.]).exp() / _T(3.).exp()),
        ("that is [1, 2, 3] / 6: softmax exponentiates first.", lambda: _T([1., 2., 3.]) / 6)]),
    _value("ch03-softmax/large", "p_large", "softmax_large", [
        ("the small weights are tiny (about 2e-9 and 4.5e-5) but not zero; do not round to one-hot.",
         lambda: _T([0., 0., 1.])),
        ("these are softmax([1, 2, 3]) values: multiplying the logits by 10 changes the result.",
         lambda: torch.softmax(_T([1., 2., 3.]), -1))],
           tolerance={"rtol": 1e-4, "atol": 1e-9}),
    Exercise(
        grade_id="ch03-softmax/fn", name="softmax", kind=FUNCTION, reference=f"{REF}:softmax",
        visible=lambda: [Case((_T([1., 2., 3.]),), label="[1, 2, 3]"),
                         Case((_T([[10., 20., 30.], [1000., 1001., 1002.]]),), label="[[10, 20, 30], [1000, 1001, 1002]]")],
        hidden=_softmax_hidden,
        forbidden=("torch.softmax", "torch.nn.functional.softmax", "torch.log_softmax",
                   "torch.nn.functional.log_softmax"),
        mistakes=[
            Mistake("exp() overflows for large logits (exp(1000) = inf, inf/inf = NaN): subtract the maximum "
                    "along `dim` first; softmax does not change when a constant is subtracted.", _naive_softmax),
            Mistake("the `dim` argument is ignored: normalise along the dimension you are given.",
                    lambda x, dim=-1: torch.softmax(x, -1)),
            Mistake("the maximum of the WHOLE tensor was subtracted and the sum taken over everything: "
                    "work along `dim` only.", lambda x, dim=-1: (x - x.max()).exp() / (x - x.max()).exp().sum()),
        ],
        hint="softmax(x)_i = exp(x_i - max(x)) / sum_j exp(x_j - max(x)), along `dim`.",
    ),
)


# ---------------------------------------------------------------- 002:13.3, 004:BT2 variance of dot products

def _variance_compare(got, want, case):
    d_k = case.args[0]
    n = case.kwargs.get("n_samples", 20000)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return f"`dot_product_variance` should return a tuple (variance, scaled_variance), got {type(got).__name__}"
    rel = 6 * math.sqrt((2 + 6 / d_k) / n) * math.sqrt(2)      # two sample variances, ~6 standard errors
    for part, g, w in zip(("variance", "scaled_variance"), got, want):
        if isinstance(g, torch.Tensor) and g.numel() == 1:
            g = g.item()
        if not isinstance(g, (int, float)) or isinstance(g, bool) or math.isnan(g):
            return f"`{part}` should be a number, got {g!r}"
        if abs(g - w) > rel * abs(w):
            return (f"`{part}` is {g:.4g} for d_k={d_k}, but the measured variance should be close to {w:.4g} "
                    f"(allowing ±{100 * rel:.0f}% for sampling noise)")
    return None


def _variance_wrong(kind):
    def wrong(d_k, n_samples=20000, seed=0):
        gen = torch.Generator().manual_seed(99 + seed)
        dots = (torch.randn(n_samples, d_k, generator=gen, dtype=torch.float64)
                * torch.randn(n_samples, d_k, generator=gen, dtype=torch.float64)).sum(-1)
        if kind == "std":
            return dots.std().item(), (dots / math.sqrt(d_k)).std().item()
        if kind == "by_d":
            return dots.var().item(), (dots / d_k).var().item()
        return dots.var().item(), dots.var().item()
    return wrong


register(Exercise(
    grade_id="ch03-dot-variance", name="dot_product_variance", kind=FUNCTION,
    reference=f"{REF}:dot_product_variance",
    visible=lambda: [Case((d,), label=f"d_k = {d}") for d in (1, 16, 64)],
    hidden=lambda gen: [Case((d,), {"n_samples": n, "seed": int(torch.randint(0, 1000, (1,), generator=gen))},
                             label=f"d_k = {d}, {n} samples") for d, n in ((2, 20000), (8, 20000), (256, 10000), (512, 8000))],
    compare=_variance_compare,
    mistakes=[
        Mistake("that is the standard deviation (sqrt of the variance): use .var().", _variance_wrong("std")),
        Mistake("the scaled dot products were divided by d_k instead of sqrt(d_k).", _variance_wrong("by_d")),
        Mistake("the second value should be the variance of q.k / sqrt(d_k); it is the unscaled one.",
                _variance_wrong("same")),
    ],
))


# ---------------------------------------------------------------- 002:13.28 saturation without the scaling

def _saturation_compare(got, want, case):
    if isinstance(got, torch.Tensor) and got.numel() == 1:
        got = got.item()
    if not isinstance(got, (int, float)) or isinstance(got, bool) or math.isnan(got):
        return f"`max_softmax_weight` should return a number (the mean largest weight), got {got!r}"
    n_trials = case.kwargs.get("n_trials", 2000)
    tol = 2.0 / math.sqrt(n_trials)
    if abs(got - want) > tol:
        return f"`max_softmax_weight` is {got:.3f}, but it should be close to {want:.3f} (±{tol:.3f} for sampling noise)"
    return None


def _saturation_wrong(kind):
    def wrong(d_k, n_keys=16, n_trials=2000, scaled=False, seed=0):
        gen = torch.Generator().manual_seed(7 + seed)
        q = torch.randn(n_trials, 1, d_k, generator=gen)
        k = torch.randn(n_trials, n_keys, d_k, generator=gen)
        s = (q * k).sum(-1)
        if kind == "ignore" or not scaled:
            pass
        elif kind == "by_d":
            s = s / d_k
        w = torch.softmax(s, -1)
        return (w.max(-1).values.mean() if kind != "min" else w.min(-1).values.mean()).item()
    return wrong


register(Exercise(
    grade_id="ch03-saturation", name="max_softmax_weight", kind=FUNCTION,
    reference=f"{REF}:max_softmax_weight",
    visible=lambda: [Case((4,), label="d_k = 4, unscaled"), Case((64,), label="d_k = 64, unscaled"),
                     Case((256,), label="d_k = 256, unscaled"),
                     Case((64,), {"scaled": True}, label="d_k = 64, scaled by 1/sqrt(d_k)")],
    hidden=lambda gen: [
        Case((2,), {"n_keys": 8, "n_trials": 1500, "seed": 3}, label="d_k = 2, 8 keys"),
        Case((32,), {"n_keys": 32, "n_trials": 1000, "seed": 4}, label="d_k = 32, 32 keys"),
        Case((512,), {"n_keys": 8, "n_trials": 1000, "seed": 5}, label="d_k = 512, 8 keys"),
        Case((512,), {"n_keys": 8, "n_trials": 1000, "scaled": True, "seed": 6}, label="d_k = 512, 8 keys, scaled"),
        Case((16,), {"n_keys": 64, "n_trials": 1000, "scaled": True, "seed": 7}, label="d_k = 16, 64 keys, scaled"),
    ],
    compare=_saturation_compare,
    mistakes=[
        Mistake("`scaled=True` should divide the scores by sqrt(d_k); the scores were left unscaled.",
                _saturation_wrong("ignore")),
        Mistake("the scores were divided by d_k instead of sqrt(d_k).", _saturation_wrong("by_d")),
        Mistake("that is the SMALLEST weight; the question is about the largest one.", _saturation_wrong("min")),
    ],
))


# ---------------------------------------------------------------- 004:BT4, 001:H2.4 softmax gradients

def _jac_hidden(gen: torch.Generator) -> list[Case]:
    p = lambda *s: torch.softmax(torch.randn(*s, generator=gen) * 2, -1)  # noqa: E731
    return [Case((p(5),), label="5 random probabilities"),
            Case((p(3, 4),), label="a batch of 3 distributions over 4 keys"),
            Case((p(2, 2, 6).double(),), label="float64, batch (2, 2) of 6"),
            Case((torch.tensor([1.0, 0.0, 0.0]),), label="a one-hot distribution")]


def _norm_hidden(gen: torch.Generator) -> list[Case]:
    return [Case((torch.randn(n, generator=gen), s), label=f"{n} scores, scale {s}")
            for n, s in ((6, 0.25), (16, 1.0), (16, 4.0), (32, 12.0), (8, 200.0))]


def _jac_norm_wrong(kind):
    def wrong(scores, scale):
        s = scores.double() if kind == "noscale" else scale * scores.double()
        p = torch.softmax(s, -1)
        J = torch.diag(p) - torch.outer(p, p)
        n = torch.linalg.matrix_norm(J).item()
        return n * scale if kind == "chain" else n
    return wrong


register(
    Exercise(
        grade_id="ch03-jacobian/fn", name="softmax_jacobian", kind=FUNCTION,
        reference=f"{REF}:softmax_jacobian",
        visible=lambda: [Case((torch.tensor([0.7, 0.2, 0.1]),), label="p = [0.7, 0.2, 0.1]")],
        hidden=_jac_hidden,
        mistakes=[
            Mistake("the sign is flipped: d p_i / d s_j = p_i (delta_ij - p_j), i.e. diag(p) - p p^T.",
                    lambda p: p.unsqueeze(-1) * p.unsqueeze(-2) - torch.diag_embed(p)),
            Mistake("only the diagonal p_i (1 - p_i) is there: the off-diagonal entries are -p_i p_j.",
                    lambda p: torch.diag_embed(p * (1 - p))),
            Mistake("the diagonal should be p_i - p_i^2: the outer product p p^T is missing.",
                    lambda p: torch.diag_embed(p)),
        ]),
    Exercise(
        grade_id="ch03-jacobian/norm", name="softmax_jacobian_norm", kind=FUNCTION,
        reference=f"{REF}:softmax_jacobian_norm",
        visible=lambda: [Case((torch.tensor([1.0, 0.5, -0.3, 0.0]), s), label=f"scores [1, 0.5, -0.3, 0], scale {s}")
                         for s in (1.0, 10.0)],
        hidden=_norm_hidden,
        tolerance={"rtol": 1e-4, "atol": 1e-7},
        mistakes=[
            Mistake("the scale was not applied: the Jacobian is taken at the softmax input scale * scores.",
                    _jac_norm_wrong("noscale")),
            Mistake("the norm asked for is of d softmax(s) / d s at s = scale * scores; there is no extra "
                    "chain-rule factor of `scale`.", _jac_norm_wrong("chain")),
        ]),
)

register(
    _value("ch03-peaked-grad/jacobian", "J_peaked", "peaked_jacobian", [
        ("this looks like the Jacobian of the uniform distribution; use p = [0.99, 0.001, ..., 0.001].",
         lambda: torch.diag(torch.full((11,), 1 / 11)) - torch.full((11, 11), 1 / 121))],
           tolerance={"rtol": 1e-4, "atol": 1e-7}),
    _value("ch03-peaked-grad/ratio", "grad_ratio", "gradient_ratio", [
        ("the ratio is upside down: uniform over peaked, which is larger than 1.",
         lambda: 1 / __import__("solutions.ch03", fromlist=["x"]).gradient_ratio())],
           tolerance={"rtol": 1e-3, "atol": 1e-6}),
)


# ---------------------------------------------------------------- 001:H2.1, H2.2 range and peakedness

def _entropy_hidden(gen: torch.Generator) -> list[Case]:
    r = lambda *s: torch.randn(*s, generator=gen)  # noqa: E731
    masked = r(3, 6)
    masked[0, 3:] = float("-inf")
    masked[2, :5] = float("-inf")
    return [Case((r(7),), label="7 logits"),
            Case((r(4, 9) * 3,), label="a batch (4, 9)"),
            Case((masked,), label="rows with -inf (masked) logits: 0 * log 0 counts as 0"),
            Case((r(2, 5) * 200,), label="huge logits (weights underflow to 0)"),
            Case((r(2, 3, 5).double(),), label="float64 (2, 3, 5)")]


def _entropy_wrong(kind):
    def wrong(logits):
        p = torch.softmax(logits, -1)
        if kind == "bits":
            return -(p * torch.log2(p)).nan_to_num(0.0).sum(-1)
        if kind == "sign":
            return (p * torch.log(p)).nan_to_num(0.0).sum(-1)
        return -(p * torch.log(p)).sum(-1)
    return wrong


register(
    _value("ch03-peakedness/range", "scaled_range", "logit_range_after_scaling", [
        ("that divides by 64; the scale is 1/sqrt(64) = 1/8.", lambda: (-10 / 64, 10 / 64)),
        ("that multiplies by sqrt(64); the logits are DIVIDED by sqrt(d_head).", lambda: (-80.0, 80.0))]),
    Exercise(
        grade_id="ch03-peakedness/fn", name="attention_entropy", kind=FUNCTION,
        reference=f"{REF}:attention_entropy",
        visible=lambda: [Case((torch.zeros(4),), label="4 equal logits (entropy ln 4)"),
                         Case((torch.tensor([[2.0, 0.0, -1.0], [0.0, 0.0, float("-inf")]]),),
                              label="[[2, 0, -1], [0, 0, -inf]]")],
        hidden=_entropy_hidden,
        mistakes=[
            Mistake("that is in bits (log2); use the natural log (nats).", _entropy_wrong("bits")),
            Mistake("the minus sign is missing: entropy is -sum p log p, which is >= 0.", _entropy_wrong("sign")),
            Mistake("0 * log 0 gave NaN: a weight of exactly 0 contributes 0 (use torch.special.entr, "
                    "torch.xlogy, or log_softmax).", _entropy_wrong("nan")),
        ]),
    _value("ch03-peakedness/a", "entropy_A", "entropy_A", [
        ("that is in bits; use the natural log.", lambda: math.log2(math.e) * __import__("solutions.ch03", fromlist=["x"]).entropy_A())],
           tolerance={"rtol": 1e-4, "atol": 1e-6}),
    _value("ch03-peakedness/b", "entropy_B", "entropy_B", [
        ("that is in bits; use the natural log.", lambda: math.log2(math.e) * __import__("solutions.ch03", fromlist=["x"]).entropy_B())],
           tolerance={"rtol": 1e-4, "atol": 1e-6}),
)


# ---------------------------------------------------------------- 001:H4.1 the causal mask

def _bool_mask(got, case):
    if isinstance(got, torch.Tensor) and got.dtype != torch.bool:
        return (f"`causal_mask` returned a {got.dtype} tensor; return a boolean one (True = may attend), "
                "which is what masked_fill and torch's attention expect")
    return None


register(
    Exercise(
        grade_id="ch03-causal/mask", name="causal_mask", kind=FUNCTION, reference=f"{REF}:causal_mask",
        visible=lambda: [Case((3,), label="n = 3"), Case((5,), label="n = 5")],
        hidden=lambda gen: [Case((n,), label=f"n = {n}") for n in (1, 2, 8, 33)],
        check_output=_bool_mask,
        mistakes=[
            Mistake("off by one: the diagonal is masked too, but a token may attend to itself (j <= i). "
                    "Use tril() with diagonal 0.", lambda n: torch.ones(n, n, dtype=torch.bool).tril(-1)),
            Mistake("inverted: True should mean 'may attend' (the past and the token itself), as in PyTorch.",
                    lambda n: torch.ones(n, n, dtype=torch.bool).triu(1)),
            Mistake("that is the upper triangle: query i (row) may attend to keys j <= i (columns), the LOWER triangle.",
                    lambda n: torch.ones(n, n, dtype=torch.bool).triu()),
        ]),
    _value("ch03-causal/count", "n_masked", "n_masked_256", [
        ("that counts the allowed entries (the lower triangle with the diagonal); count the masked ones.",
         lambda: 256 * 257 // 2),
        ("that is exactly half of 256 * 256; the diagonal is NOT masked, so the masked part is a little less.",
         lambda: 256 * 256 // 2)]),
    _value("ch03-causal/fraction", "masked_fraction", "masked_fraction_256", [
        ("the fraction is a little under 1/2: (n - 1) / (2 n).", lambda: 0.5),
        ("that is the allowed fraction; the question asks for the masked one.", lambda: 256 * 257 / 2 / 256 ** 2)],
           tolerance={"rtol": 1e-6, "atol": 1e-9}),
)


# ---------------------------------------------------------------- 001:H4.2, 002:13.5 prefix attention

def _prefix_hidden(gen: torch.Generator) -> list[Case]:
    r = lambda *s: torch.randn(*s, generator=gen)  # noqa: E731
    return [Case((r(5, 4), r(5, 4), r(5, 3)), label="5 tokens, d_k 4, d_v 3"),
            Case((r(2, 7, 8), r(2, 7, 8), r(2, 7, 8)), label="a batch (2, 7, 8)"),
            Case((r(2, 3, 6, 4), r(2, 3, 6, 4), r(2, 3, 6, 4)), label="batch and heads (2, 3, 6, 4)"),
            Case((r(1, 4).double(), r(1, 4).double(), r(1, 2).double()), label="a single token, float64")]


def _prefix_wrong(kind):
    def wrong(Q, K, V):
        n = Q.shape[-2]
        if kind == "full":
            return torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1]), -1) @ V
        mask = torch.ones(n, n, dtype=torch.bool).tril(-1)
        s = (Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])).masked_fill(~mask, float("-inf"))
        return torch.softmax(s, -1) @ V
    return wrong


register(Exercise(
    grade_id="ch03-prefix", name="attend_prefixwise", kind=FUNCTION, reference=f"{REF}:attend_prefixwise",
    visible=lambda: [Case(p1_qkv(), label="the 3-token example")],
    hidden=_prefix_hidden,
    mistakes=[
        Mistake("every query attends to ALL keys, future ones included: query t may only see keys 0..t.",
                _prefix_wrong("full")),
        Mistake("off by one: query t must see keys 0..t INCLUDING itself (K[..., :t+1, :]); the first "
                "token then sees only itself.", _prefix_wrong("exclusive")),
    ],
))


# ---------------------------------------------------------------- 001:H2.3 masked softmax, -inf or finfo.min

def _ms_visible() -> list[Case]:
    scores = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [4.0, 4.0, 4.0]])
    mask = torch.tensor([[True, True, False], [True, False, True], [False, False, False]])
    return [Case((scores, mask), label="float32, the last row fully masked"),
            Case((scores.half() * 100, mask), label="float16 scores up to 400, the last row fully masked")]


def _ms_hidden(gen: torch.Generator) -> list[Case]:
    r = lambda *s: torch.randn(*s, generator=gen)  # noqa: E731
    m = lambda *s: torch.rand(*s, generator=gen) > 0.4  # noqa: E731
    full = m(2, 4, 5)
    full[1, 2] = False
    return [Case((r(4, 6), m(4, 6) | torch.eye(4, 6, dtype=torch.bool)), label="(4, 6), no row fully masked"),
            Case((r(2, 4, 5) * 30, full), label="a batch with one fully masked row"),
            Case((r(2, 3, 4, 4).half() * 50, causal(4)), label="float16, heads, a causal mask broadcast"),
            Case((r(3, 5).half() * 1000, m(3, 5)), label="float16 scores of size about ±1000"),
            Case((r(3, 5).double(), torch.zeros(3, 5, dtype=torch.bool)), label="float64, everything masked")]


def _ms_wrong(kind):
    def wrong(scores, mask):
        if kind == "inf":
            return torch.softmax(scores.float().masked_fill(~mask, float("-inf")), -1).to(scores.dtype)
        if kind == "invert":
            w = torch.softmax(scores.float().masked_fill(mask, torch.finfo(torch.float32).min), -1) * ~mask
            return w.to(scores.dtype)
        w = torch.softmax(scores.float().masked_fill(~mask, torch.finfo(torch.float32).min), -1)
        if kind == "float32":
            return w * mask
        return w.to(scores.dtype)                           # "uniform": fully masked rows get 1/n
    return wrong


register(
    Exercise(
        grade_id="ch03-masked-softmax/fn", name="masked_softmax", kind=FUNCTION, reference=f"{REF}:masked_softmax",
        visible=_ms_visible, hidden=_ms_hidden, tolerance={"check_dtype": True},
        mistakes=[
            Mistake("masking with -inf makes a fully masked row exp(-inf) / sum = 0 / 0 = NaN; fill with a "
                    "finite very negative number (torch.finfo(dtype).min) and set masked weights to 0.",
                    _ms_wrong("inf")),
            Mistake("a fully masked row has no key to attend to: its weights should all be 0, not 1/n each "
                    "(multiply the weights by the mask).", _ms_wrong("uniform")),
            Mistake("the mask is inverted: True means 'may attend'.", _ms_wrong("invert")),
            Mistake("the result should keep the dtype of `scores` (float16 in, float16 out).", _ms_wrong("float32")),
        ]),
    _value("ch03-masked-softmax/max", "fp16_max", "fp16_max", [
        ("that is float32's largest value; ask torch.finfo(torch.float16).",
         lambda: float(torch.finfo(torch.float32).max))]),
    _value("ch03-masked-softmax/neg", "minus_1e9_fp16", "minus_1e9_in_fp16", [
        ("-1e9 cannot be stored in float16 (its largest magnitude is 65504); convert it and look.", lambda: -1e9),
        ("it does not round to float16's most negative number: it overflows.", lambda: -65504.0)]),
)


# ---------------------------------------------------------------- 002:13.2 permutation equivariance

PERM_X = [[1.0, 0.0, 2.0], [0.0, 1.0, 1.0], [3.0, 1.0, 0.0]]
PERM_W = ([[0.5, -1.0, 0.0], [1.0, 0.5, 0.5], [0.0, 1.0, -0.5]],
          [[1.0, 0.0, 0.5], [-0.5, 1.0, 0.0], [0.5, 0.5, 1.0]],
          [[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [1.0, 0.0, 1.0]])


def _perm_visible() -> list[Case]:
    return [Case((_T(PERM_X), _T([2, 0, 1])) + tuple(_T(w) for w in PERM_W), label="the 3x3 example, perm [2, 0, 1]")]


def _perm_hidden(gen: torch.Generator) -> list[Case]:
    cases = []
    for n, d in ((4, 3), (6, 5), (5, 8)):
        X = torch.randn(n, d, generator=gen)
        W = [torch.randn(d, d, generator=gen) / math.sqrt(d) for _ in range(3)]
        cases.append(Case((X, torch.randperm(n, generator=gen)) + tuple(W), label=f"{n} tokens, d = {d}"))
    return cases


def _perm_attend(x, Wq, Wk, Wv):
    q, k = x @ Wq, x @ Wk
    return torch.softmax(q @ k.T / math.sqrt(k.shape[-1]), -1) @ (x @ Wv)


register(Exercise(
    grade_id="ch03-permute", name="permuted_attention", kind=FUNCTION, reference=f"{REF}:permuted_attention",
    visible=_perm_visible, hidden=_perm_hidden, output_names=("attention_of_permuted", "permuted_attention"),
    mistakes=[
        Mistake("the second output applies the INVERSE permutation; index the output rows with perm itself, out[perm].",
                lambda X, perm, Wq, Wk, Wv: (_perm_attend(X[perm], Wq, Wk, Wv),
                                             _perm_attend(X, Wq, Wk, Wv)[torch.argsort(perm)])),
        Mistake("the columns (features) were permuted; permute the ROWS (tokens), X[perm].",
                lambda X, perm, Wq, Wk, Wv: (_perm_attend(X[:, perm], Wq, Wk, Wv),
                                             _perm_attend(X, Wq, Wk, Wv)[:, perm])),
    ],
))


# ---------------------------------------------------------------- 004:BT3 cosine similarity caps the weights

register(Exercise(
    grade_id="ch03-cosine", name="max_cosine_weight", kind=FUNCTION, reference=f"{REF}:max_cosine_weight",
    visible=lambda: [Case((2,), label="n = 2"), Case((256,), label="n = 256")],
    hidden=lambda gen: [Case((n,), label=f"n = {n}") for n in (1, 3, 10, 1000, 4096)],
    tolerance={"rtol": 1e-6, "atol": 1e-9},
    mistakes=[
        Mistake("the other keys can have cosine -1 (pointing the opposite way), not just 0: the best case is one "
                "score 1 and n - 1 scores -1.", lambda n: math.e / (math.e + n - 1)),
        Mistake("that is the uniform weight 1/n; the question is the LARGEST weight cosine scores allow.",
                lambda n: 1 / n),
    ],
))
