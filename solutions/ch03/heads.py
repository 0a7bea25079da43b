"""References for the multi-head attention sections of chapter 03 (001:H3.1-H3.5).

Conventions: activations are (batch, seq, d_model); heads are (batch, heads, seq, d_head), head ``j``
owning the contiguous columns ``j * d_head ... (j + 1) * d_head - 1`` of d_model, as in
``torch.nn.MultiheadAttention`` and every GPT implementation.
"""
from __future__ import annotations

import math

import torch

__all__ = [
    "split_heads", "merge_heads",
    "wo_shape", "wo_params", "wo_params_with_bias",
    "attention_costs", "head_weights",
    "two_places_two_heads", "two_places_one_head", "head_similarity",
]

# 001:H3.2 and H3.4: the document's sizes.
D_MODEL, N_HEADS = 256, 4


def split_heads(x: torch.Tensor, n_heads: int) -> torch.Tensor:
    """(batch, seq, d_model) -> (batch, heads, seq, d_head)."""
    batch, seq, d_model = x.shape
    return x.reshape(batch, seq, n_heads, d_model // n_heads).transpose(1, 2)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(batch, heads, seq, d_head) -> (batch, seq, heads * d_head): the concatenation of the heads."""
    batch, heads, seq, d_head = x.shape
    return x.transpose(1, 2).reshape(batch, seq, heads * d_head)


# ------------------------------------------------------------------ 001:H3.2 the output projection

def wo_shape() -> tuple[int, int]:
    """W_o maps the concatenated heads (n_heads * d_head = 256 features) back to d_model = 256."""
    d_head = D_MODEL // N_HEADS
    return (N_HEADS * d_head, D_MODEL)


def wo_params() -> int:
    rows, cols = wo_shape()
    return rows * cols


def wo_params_with_bias() -> int:
    return wo_params() + D_MODEL


# ------------------------------------------------------------------ 001:H3.4 costs against the number of heads

def attention_costs(d_model: int, n_heads: int, seq_len: int, bias: bool = True) -> dict:
    """Sizes of one multi-head self-attention layer (W_q, W_k, W_v, W_o, each d_model x d_model).

    d_head: width of one head; params: weights (+ biases) of the four projections; score_entries: the
    numbers in the attention-score tensor of one sequence (heads x seq x seq); qk_macs: the
    multiply-adds of Q K^T over all heads (heads x seq x seq x d_head).
    """
    d_head = d_model // n_heads
    return {
        "d_head": d_head,
        "params": 4 * d_model * d_model + (4 * d_model if bias else 0),
        "score_entries": n_heads * seq_len * seq_len,
        "qk_macs": n_heads * seq_len * seq_len * d_head,
    }


# ------------------------------------------------------------------ 001:H3.5 one head versus several

def head_weights(Q: torch.Tensor, K: torch.Tensor, n_heads: int) -> torch.Tensor:
    """Per-head attention weights: Q, K (batch, seq, d_model) -> (batch, heads, seq_q, seq_k)."""
    q, k = split_heads(Q, n_heads), split_heads(K, n_heads)
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    return torch.softmax(scores, dim=-1)


def _two_places() -> tuple[torch.Tensor, torch.Tensor]:
    """The inputs of the two-places example, as the exercise spec (and the notebook) give them."""
    from autograder.exercises.ch03_heads import TWO_PLACES_K, TWO_PLACES_Q
    return torch.tensor(TWO_PLACES_Q), torch.tensor(TWO_PLACES_K)


def two_places_two_heads() -> torch.Tensor:
    """The weights of the last query in each of two heads: shape (2, 3)."""
    return head_weights(*_two_places(), 2)[0, :, 2]


def two_places_one_head() -> torch.Tensor:
    """The weights of the last query in one head over the full d_model: shape (3,)."""
    return head_weights(*_two_places(), 1)[0, 0, 2]


# ------------------------------------------------------------------ 001:H3.3 detecting duplicated heads

def head_similarity(weights: torch.Tensor) -> torch.Tensor:
    """weights (heads, seq_q, seq_k) -> (heads, heads): cosine similarity of the flattened weight maps."""
    flat = weights.reshape(weights.shape[0], -1)
    flat = flat / flat.norm(dim=-1, keepdim=True)
    return flat @ flat.T
