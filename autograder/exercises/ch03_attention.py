"""Exercise specs for the attention sections of chapter 03 (attention worked by hand)."""
from __future__ import annotations

import math

import torch

from ..exercise import FUNCTION, Case, Exercise, Mistake, register

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
