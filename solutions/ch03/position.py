"""References for the positional-encoding sections of chapter 03.

001:H6.1-H6.3 (embedding tables), 002:13.15 and 13.26 (sinusoidal encoding), 002:13.16 and 13.27
(RoPE), 004:CE4 (sinusoidal and learned encodings).

Conventions: PE[pos, j] is the encoding of position ``pos`` in dimension ``j``; column 2i holds
sin(pos / base^(2i/d)) and column 2i+1 cos(pos / base^(2i/d)). RoPE rotates the interleaved pairs
(x[2i], x[2i+1]) by the angle pos * base^(-2i/d), as in the RoFormer paper.
"""
from __future__ import annotations

import torch

__all__ = [
    "embedding_token_params", "embedding_position_params",
    "embed", "SWAP_SENTENCE", "SWAP_SWAPPED", "swap_report",
    "sinusoidal_encoding", "pe_13_15", "shift_matrix",
    "rope_rotation", "apply_rope", "rope_scores", "causal_position_signal",
]

# ------------------------------------------------------------------ 001:H6.1 sizes of the tables

VOCAB, D_MODEL, MAX_LEN = 200_000, 256, 256


def embedding_token_params() -> int:
    return VOCAB * D_MODEL


def embedding_position_params() -> int:
    return MAX_LEN * D_MODEL


# ------------------------------------------------------------------ 001:H6.2, 004:CE4 learned positions

def embed(token_ids: torch.Tensor, token_table: torch.Tensor, pos_table: torch.Tensor) -> torch.Tensor:
    """token_ids (batch, seq) -> (batch, seq, d_model): row token_ids[b, t] of token_table plus row t of pos_table."""
    seq = token_ids.shape[-1]
    return token_table[token_ids] + pos_table[torch.arange(seq, device=token_ids.device)]


SWAP_SENTENCE = [4, 8, 15, 16, 23]
SWAP_SWAPPED = [4, 16, 15, 8, 23]      # the words at positions 1 and 3 exchanged


def swap_report() -> tuple[list[int], list[int], list[int]]:
    """Positions where (token part, position part, their sum) differ between the two sentences."""
    a, b = torch.tensor(SWAP_SENTENCE), torch.tensor(SWAP_SWAPPED)
    token_part = (a != b).nonzero().flatten().tolist()      # the token rows differ where the ids differ
    position_part: list[int] = []                           # row t of the position table, in both
    return token_part, position_part, sorted(set(token_part) | set(position_part))


# ------------------------------------------------------------------ 002:13.15 the sinusoidal encoding

def _angles(n_positions: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """angle[pos, j] = pos / base^(2i/d) with i = j // 2, in float64."""
    pos = torch.arange(n_positions, dtype=torch.float64)[:, None]
    two_i = (torch.arange(d_model, dtype=torch.float64) // 2) * 2
    return pos / base ** (two_i / d_model)


def sinusoidal_encoding(n_positions: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """(n_positions, d_model), float32. Works for odd d_model (the last column is a sine alone)."""
    angles = _angles(n_positions, d_model, base)
    even = (torch.arange(d_model) % 2 == 0)
    return torch.where(even, angles.sin(), angles.cos()).to(torch.float32)


def pe_13_15() -> tuple[float, float, float, float]:
    """(PE(0,0), PE(0,1), PE(1,0), PE(1,1)) for d_model = 4, PE(pos, j)."""
    pe = torch.where(torch.arange(4) % 2 == 0, _angles(2, 4).sin(), _angles(2, 4).cos())
    return (pe[0, 0].item(), pe[0, 1].item(), pe[1, 0].item(), pe[1, 1].item())


def shift_matrix(k: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """(d_model, d_model), d_model even: M_k with PE[pos + k] = M_k @ PE[pos] for every pos.

    Block i (rows and columns 2i, 2i+1) is [[cos(k w_i), sin(k w_i)], [-sin(k w_i), cos(k w_i)]],
    w_i = base^(-2i/d): the angle-addition formulas for sin(a + b) and cos(a + b).
    """
    M = torch.zeros(d_model, d_model, dtype=torch.float64)
    for i in range(d_model // 2):
        a = k * base ** (-2 * i / d_model)
        c, s = torch.cos(torch.tensor(a, dtype=torch.float64)), torch.sin(torch.tensor(a, dtype=torch.float64))
        M[2 * i:2 * i + 2, 2 * i:2 * i + 2] = torch.stack([torch.stack([c, s]), torch.stack([-s, c])])
    return M.to(torch.float32)


# ------------------------------------------------------------------ 002:13.16, 13.27 RoPE

def rope_rotation(m: float, theta: float = 1.0) -> torch.Tensor:
    """The 2 x 2 rotation RoPE applies to the pair (q0, q1) at position m: angle m * theta (radians)."""
    a = torch.tensor(float(m) * float(theta), dtype=torch.float64)
    c, s = torch.cos(a), torch.sin(a)
    return torch.stack([torch.stack([c, -s]), torch.stack([s, c])]).to(torch.float32)


def apply_rope(x: torch.Tensor, positions: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """x (..., seq, d), d even; positions (seq,). Pair (2i, 2i+1) of row t rotated by positions[t] * base^(-2i/d)."""
    d = x.shape[-1]
    freqs = base ** (-torch.arange(0, d, 2, dtype=torch.float64, device=x.device) / d)    # (d/2,)
    angles = positions.to(x.device, torch.float64)[:, None] * freqs                      # (seq, d/2)
    cos, sin = angles.cos(), angles.sin()
    x64 = x.to(torch.float64)
    even, odd = x64[..., 0::2], x64[..., 1::2]
    out = torch.empty_like(x64)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out.to(x.dtype)


def rope_scores(q: torch.Tensor, k: torch.Tensor, pairs: list[tuple[int, int]], base: float = 10000.0) -> torch.Tensor:
    """For each (m, n): the dot product of q rotated to position m with k rotated to position n. Shape (len(pairs),)."""
    out = []
    for m, n in pairs:
        qm = apply_rope(q.to(torch.float64)[None], torch.tensor([m], device=q.device), base)[0]
        kn = apply_rope(k.to(torch.float64)[None], torch.tensor([n], device=k.device), base)[0]
        out.append((qm * kn).sum())
    return torch.stack(out).to(q.dtype)


# ------------------------------------------------------------------ 002:13.6 a causal mask leaks position

def causal_position_signal(n: int = 6) -> torch.Tensor:
    """Feature 0 of the causal-attention output when all scores are equal, the first token's value is
    e_0 and every other token's value is e_1: token t averages t + 1 values, so 1 / (t + 1)."""
    values = torch.zeros(1, n, 4, dtype=torch.float64)
    values[0, 0, 0] = 1.0
    values[0, 1:, 1] = 1.0
    scores = torch.zeros(1, n, 4, dtype=torch.float64)
    out = torch.nn.functional.scaled_dot_product_attention(scores, scores, values, is_causal=True)
    return out[0, :, 0].to(torch.float32)
