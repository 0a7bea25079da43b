"""References for the attention sections of chapter 03 (attention worked by hand, softmax, scaling,
masks). Every expected value is computed here, never typed in."""
from __future__ import annotations

import math

import torch

__all__ = [
    "scaled_dot_product_attention", "sdpa_reference",
    "P1_X", "P1_WQ", "P1_WK", "P1_WV", "P1_TOKENS",
    "p1_Q", "p1_K", "p1_V", "p1_raw_scores", "p1_scaled_scores", "p1_weights", "p1_output", "p1_first_output",
    "pp4_output", "identity_output",
    "softmax", "softmax_small", "softmax_large",
    "dot_product_variance", "max_softmax_weight",
    "softmax_jacobian", "softmax_jacobian_norm", "PEAKED_P", "peaked_jacobian", "gradient_ratio",
    "logit_range_after_scaling", "attention_entropy", "LOGITS_A", "LOGITS_B", "entropy_A", "entropy_B",
    "causal_mask", "n_masked_256", "masked_fraction_256", "attend_prefixwise",
    "masked_softmax", "fp16_max", "minus_1e9_in_fp16",
    "permuted_attention", "max_cosine_weight",
]


# ------------------------------------------------------------------ 002:13.19 the general function

def scaled_dot_product_attention(Q, K, V, mask=None):
    """softmax(Q K^T / sqrt(d_k)) V over any leading dims; mask is boolean, True = may attend."""
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ V, weights


def sdpa_reference(Q, K, V, mask=None):
    """The grading reference for 002:13.19: the output from PyTorch's own kernel, and the weights."""
    output = torch.nn.functional.scaled_dot_product_attention(Q, K, V, attn_mask=mask)
    _, weights = scaled_dot_product_attention(Q, K, V, mask)
    return output, weights


# ------------------------------------------------------------------ 000:P1 three tokens by hand

P1_TOKENS = ["The", "cat", "sat"]
P1_X = [[1., 0., 1., 0.], [0., 1., 0., 1.], [1., 1., 0., 0.]]
P1_WQ = [[1., 0.], [0., 1.], [1., 0.], [0., 1.]]
P1_WK = [[0., 1.], [1., 0.], [0., 1.], [1., 0.]]
P1_WV = [[1., 0.], [0., 1.], [1., 0.], [0., 1.]]


def p1_Q():
    return torch.tensor(P1_X) @ torch.tensor(P1_WQ)


def p1_K():
    return torch.tensor(P1_X) @ torch.tensor(P1_WK)


def p1_V():
    return torch.tensor(P1_X) @ torch.tensor(P1_WV)


def p1_raw_scores():
    return p1_Q() @ p1_K().T


def p1_scaled_scores():
    return p1_raw_scores() / math.sqrt(p1_K().shape[-1])


def p1_weights():
    return torch.softmax(p1_scaled_scores(), dim=-1)


def p1_output():
    return p1_weights() @ p1_V()


def p1_first_output():
    return p1_output()[0]


# ------------------------------------------------------------------ 004:PP4 and 002:13.11

def pp4_output():
    eye = torch.eye(2)
    return scaled_dot_product_attention(eye, eye, torch.tensor([[1., 2.], [3., 4.]]))[0]


def identity_output():
    eye = torch.eye(2)
    return scaled_dot_product_attention(eye, eye, eye)[0]


# ------------------------------------------------------------------ 004:PP5 softmax by hand, stably

def softmax(x, dim=-1):
    """Softmax along ``dim`` (the max is subtracted first, so large logits do not overflow)."""
    return torch.softmax(x, dim=dim)


def softmax_small():
    return torch.softmax(torch.tensor([1., 2., 3.], dtype=torch.float64), -1)


def softmax_large():
    return torch.softmax(torch.tensor([10., 20., 30.], dtype=torch.float64), -1)


# ------------------------------------------------------------------ 002:13.3, 004:BT2, 002:13.28

def dot_product_variance(d_k, n_samples=20000, seed=0):
    """Empirical variance of q.k, and of q.k / sqrt(d_k), for q, k with independent N(0, 1) components."""
    gen = torch.Generator().manual_seed(10_000 + int(seed))
    q = torch.randn(n_samples, d_k, generator=gen, dtype=torch.float64)
    k = torch.randn(n_samples, d_k, generator=gen, dtype=torch.float64)
    dots = (q * k).sum(-1)
    return dots.var().item(), (dots / math.sqrt(d_k)).var().item()


def max_softmax_weight(d_k, n_keys=16, n_trials=2000, scaled=False, seed=0):
    """Mean, over random trials, of the largest softmax weight of one query over n_keys random keys."""
    gen = torch.Generator().manual_seed(20_000 + int(seed))
    q = torch.randn(n_trials, 1, d_k, generator=gen, dtype=torch.float64)
    k = torch.randn(n_trials, n_keys, d_k, generator=gen, dtype=torch.float64)
    scores = (q * k).sum(-1)
    if scaled:
        scores = scores / math.sqrt(d_k)
    return torch.softmax(scores, -1).amax(-1).mean().item()


# ------------------------------------------------------------------ 004:BT4, 001:H2.4 softmax gradients

def softmax_jacobian(p):
    """d softmax / d logits at probabilities p (..., n): diag(p) - p p^T, shape (..., n, n)."""
    return torch.diag_embed(p) - p.unsqueeze(-1) * p.unsqueeze(-2)


def softmax_jacobian_norm(scores, scale):
    """Frobenius norm of the softmax Jacobian (w.r.t. its input) at the input scale * scores."""
    p = torch.softmax(scale * scores.to(torch.float64), -1)
    return torch.linalg.matrix_norm(softmax_jacobian(p)).item()


PEAKED_P = [0.99] + [0.001] * 10


def peaked_jacobian():
    return softmax_jacobian(torch.tensor(PEAKED_P, dtype=torch.float64))


def gradient_ratio():
    """sum |J| for 11 uniform weights divided by sum |J| for the peaked weights."""
    uniform = softmax_jacobian(torch.full((11,), 1 / 11, dtype=torch.float64))
    return (uniform.abs().sum() / peaked_jacobian().abs().sum()).item()


# ------------------------------------------------------------------ 001:H2.1, H2.2

def logit_range_after_scaling():
    scale = 1 / math.sqrt(64)
    return (-10 * scale, 10 * scale)


def attention_entropy(logits):
    """Entropy (nats) of softmax(logits) over the last dim; -inf logits have weight 0 and add 0."""
    logp = torch.log_softmax(logits, -1)
    p = logp.exp()
    return -(p * logp.where(p > 0, torch.zeros((), dtype=logp.dtype))).sum(-1)


LOGITS_A = [0.1 * math.sin(i) for i in range(10)]      # 10 tokens, logits near 0
LOGITS_B = [-50 + 100 * i / 255 for i in range(256)]    # 256 tokens, logits spread over [-50, 50]


def entropy_A():
    return attention_entropy(torch.tensor(LOGITS_A, dtype=torch.float64)).item()


def entropy_B():
    return attention_entropy(torch.tensor(LOGITS_B, dtype=torch.float64)).item()


# ------------------------------------------------------------------ 001:H4.1-H4.2, 002:13.5 causal masks

def causal_mask(n):
    """Boolean (n, n), True where query i may attend to key j (j <= i)."""
    return torch.ones(n, n, dtype=torch.bool).tril()


def n_masked_256():
    return int((~causal_mask(256)).sum())


def masked_fraction_256():
    return n_masked_256() / 256 ** 2


def attend_prefixwise(Q, K, V):
    """What step-by-step generation computes: query t attends to keys 0..t. Equals causal attention."""
    n = Q.shape[-2]
    return scaled_dot_product_attention(Q, K, V, causal_mask(n))[0]


# ------------------------------------------------------------------ 001:H2.3 -inf or a large negative number

def masked_softmax(scores, mask):
    """Softmax over the last dim where mask is True; masked weights exactly 0; a fully masked row is
    all zeros (not NaN); computed in float32 or wider, returned in the dtype of ``scores``."""
    work = scores.to(torch.promote_types(scores.dtype, torch.float32))
    filled = work.masked_fill(~mask, torch.finfo(work.dtype).min)
    weights = torch.softmax(filled, -1) * mask
    return weights.to(scores.dtype)


def fp16_max():
    return float(torch.finfo(torch.float16).max)


def minus_1e9_in_fp16():
    return float(torch.tensor(-1e9).to(torch.float16))


# ------------------------------------------------------------------ 002:13.2 permutation equivariance

def permuted_attention(X, perm, Wq, Wk, Wv):
    """(attention of the permuted input, the permuted attention of the input): equal, by equivariance."""
    def attend(x):
        return scaled_dot_product_attention(x @ Wq, x @ Wk, x @ Wv)[0]
    return attend(X[perm]), attend(X)[perm]


# ------------------------------------------------------------------ 004:BT3 cosine similarity caps the weights

def max_cosine_weight(n):
    """Largest softmax weight possible over n keys when every score is a cosine in [-1, 1]:
    one score 1, the other n - 1 scores -1, so e / (e + (n - 1) / e)."""
    return math.e / (math.e + (n - 1) / math.e)
