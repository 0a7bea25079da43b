"""Exercise specs for the multi-head attention section of chapter 03 (001:H3.1-H3.5)."""
from __future__ import annotations

import math

import torch

from .. import checks
from ..exercise import FUNCTION, VALUE, Case, Exercise, Mistake, randn, register


def _numbered(batch: int, seq: int, d_model: int) -> torch.Tensor:
    """x[b, t, c] = 100 b + 10 t + c / 10: every entry says where it came from."""
    b = torch.arange(batch, dtype=torch.float32)[:, None, None]
    t = torch.arange(seq, dtype=torch.float32)[None, :, None]
    c = torch.arange(d_model, dtype=torch.float32)[None, None, :]
    return 100 * b + 10 * t + c / 10


# ---------------------------------------------------------------- split_heads / merge_heads

def _split_visible() -> list[Case]:
    return [Case((_numbered(1, 3, 4), 2), label="x of shape (1, 3, 4), 2 heads"),
            Case((_numbered(2, 3, 8), 4), label="x of shape (2, 3, 8), 4 heads")]


def _split_hidden(gen: torch.Generator) -> list[Case]:
    return [
        Case((randn(gen, 2, 5, 12), 3), label="(2, 5, 12), 3 heads"),
        Case((randn(gen, 1, 7, 16), 1), label="a single head (1, 7, 16)"),
        Case((randn(gen, 3, 4, 6), 6), label="d_head = 1: (3, 4, 6), 6 heads"),
        Case((randn(gen, 2, 9, 256), 4), label="d_model = 256, 4 heads"),
        Case((randn(gen, 2, 9, 256, dtype=torch.float64), 8), label="float64, d_model = 256, 8 heads"),
    ]


def _split_no_transpose(x, n_heads):
    b, s, d = x.shape
    return x.reshape(b, n_heads, s, d // n_heads)


def _split_interleaved(x, n_heads):
    b, s, d = x.shape
    return x.reshape(b, s, d // n_heads, n_heads).permute(0, 3, 1, 2)


def _split_heads_last(x, n_heads):
    b, s, d = x.shape
    return x.reshape(b, s, n_heads, d // n_heads)


register(Exercise(
    grade_id="ch03-mha-split",
    name="split_heads",
    kind=FUNCTION,
    reference="solutions.ch03:split_heads",
    visible=_split_visible,
    hidden=_split_hidden,
    mistakes=[
        Mistake("x was reshaped straight to (batch, heads, seq, d_head) without a transpose: that "
                "reinterprets memory, so a 'head' receives pieces of several tokens. Reshape to "
                "(batch, seq, heads, d_head) first, then swap dims 1 and 2.", _split_no_transpose),
        Mistake("the columns are dealt to the heads like cards (column c to head c % heads); head j "
                "should own the contiguous block of columns j*d_head ... (j+1)*d_head - 1.", _split_interleaved),
        Mistake("the result is (batch, seq, heads, d_head): the heads axis must come before seq, so "
                "attention can treat (batch, heads) as batch dimensions.", _split_heads_last),
    ],
))


def _merge_visible() -> list[Case]:
    return [Case((_numbered(1, 3, 4).reshape(1, 3, 2, 2).transpose(1, 2),), label="2 heads, 3 tokens, d_head = 2"),
            Case((_numbered(2, 4, 6).reshape(2, 3, 4, 2),), label="a (2, 3, 4, 2) input")]


def _merge_hidden(gen: torch.Generator) -> list[Case]:
    return [
        Case((randn(gen, 2, 3, 5, 4),), label="(2, 3, 5, 4)"),
        Case((randn(gen, 1, 1, 6, 8),), label="a single head (1, 1, 6, 8)"),
        Case((randn(gen, 3, 8, 4, 32),), label="8 heads of width 32"),
        Case((randn(gen, 2, 4, 7, 64, dtype=torch.float64),), label="float64 (2, 4, 7, 64)"),
    ]


def _merge_no_transpose(x):
    b, h, s, d = x.shape
    return x.reshape(b, s, h * d)


def _merge_interleaved(x):
    b, h, s, d = x.shape
    return x.permute(0, 2, 3, 1).reshape(b, s, h * d)


def _merge_sum(x):
    return x.sum(1)


register(Exercise(
    grade_id="ch03-mha-merge",
    name="merge_heads",
    kind=FUNCTION,
    reference="solutions.ch03:merge_heads",
    visible=_merge_visible,
    hidden=_merge_hidden,
    mistakes=[
        Mistake("the heads were reshaped to (batch, seq, heads*d_head) without first moving the heads "
                "axis after seq (transpose(1, 2)): the rows of the result mix tokens and heads.", _merge_no_transpose),
        Mistake("the heads are interleaved column by column; concatenate them instead: head 0's d_head "
                "columns, then head 1's, and so on.", _merge_interleaved),
        Mistake("the heads were summed; merging concatenates them (the output projection W_o mixes them later).", _merge_sum),
    ],
))


# ---------------------------------------------------------------- 001:H3.2 the output projection W_o

def _as_tuple_compare(got, want, case):
    if isinstance(got, torch.Size):
        got = tuple(got)
    if isinstance(got, torch.Tensor):
        got = tuple(int(v) for v in got.flatten().tolist())
    if isinstance(got, list):
        got = tuple(got)
    if not isinstance(got, tuple) or len(got) != 2:
        return f"`W_o_shape` should be a pair (inputs, outputs), got {got!r}"
    if sorted(got) != sorted(want):
        return f"`W_o_shape` is {got}, expected a {want[0]} x {want[1]} matrix"
    return None


register(
    Exercise(
        grade_id="ch03-mha-wo/shape",
        name="W_o_shape",
        kind=VALUE,
        reference="solutions.ch03:wo_shape",
        compare=_as_tuple_compare,
        mistakes=[Mistake("W_o acts on the concatenation of ALL heads (4 x 64 = 256 features), not on one "
                          "head's 64.", lambda: (64, 256))],
    ),
    Exercise(
        grade_id="ch03-mha-wo/params",
        name="W_o_params",
        kind=VALUE,
        reference="solutions.ch03:wo_params",
        mistakes=[Mistake("that counts all four projections (W_q, W_k, W_v, W_o); the question asks for W_o alone.",
                          lambda: 4 * 256 * 256),
                  Mistake("that includes the bias; this part asks for the weight matrix only.", lambda: 256 * 256 + 256),
                  Mistake("that is one head's slice (64 x 256); W_o is 256 x 256.", lambda: 64 * 256)],
    ),
    Exercise(
        grade_id="ch03-mha-wo/params-bias",
        name="W_o_params_with_bias",
        kind=VALUE,
        reference="solutions.ch03:wo_params_with_bias",
        mistakes=[Mistake("the bias has one entry per OUTPUT feature (256), not one per weight.", lambda: 2 * 256 * 256),
                  Mistake("the bias is missing: add its 256 entries.", lambda: 256 * 256)],
    ),
)


# ---------------------------------------------------------------- 001:H3.4 4 heads versus 8

def _costs_visible() -> list[Case]:
    return [Case((256, 4, 256), label="d_model = 256, 4 heads, 256 tokens"),
            Case((256, 8, 256), label="d_model = 256, 8 heads, 256 tokens")]


def _costs_hidden(gen: torch.Generator) -> list[Case]:
    return [Case((256, 4, 256), {"bias": False}, label="no biases"),
            Case((512, 8, 1024), label="d_model = 512, 8 heads, 1024 tokens"),
            Case((768, 12, 100), {"bias": False}, label="GPT-2 small sizes without biases"),
            Case((64, 1, 10), label="a single head"),
            Case((96, 96, 7), label="96 heads of width 1")]


def _costs_variant(key: str, value):
    def wrong(d_model, n_heads, seq_len, bias=True):
        from solutions.ch03 import attention_costs
        out = dict(attention_costs(d_model, n_heads, seq_len, bias))
        out[key] = value(d_model, n_heads, seq_len, bias)
        return out
    return wrong


register(Exercise(
    grade_id="ch03-mha-costs",
    name="attention_costs",
    kind=FUNCTION,
    reference="solutions.ch03:attention_costs",
    visible=_costs_visible,
    hidden=_costs_hidden,
    mistakes=[
        Mistake("the parameters were counted as if every head had its own d_model x d_model projections; "
                "the heads SHARE W_q, W_k, W_v (each head owns d_head of their columns), so the count "
                "does not depend on the number of heads.",
                _costs_variant("params", lambda d, h, n, b: h * (4 * d * d + (4 * d if b else 0)))),
        Mistake("the biases are missing (4 x d_model of them when bias=True) or counted when bias=False.",
                _costs_variant("params", lambda d, h, n, b: 4 * d * d + (0 if b else 4 * d))),
        Mistake("score_entries forgot the heads: every head has its own seq x seq score matrix.",
                _costs_variant("score_entries", lambda d, h, n, b: n * n)),
        Mistake("qk_macs: each head's Q K^T costs seq x seq x d_head multiply-adds (not x d_model): "
                "the total over heads is seq^2 x d_model, whatever the number of heads.",
                _costs_variant("qk_macs", lambda d, h, n, b: h * n * n * d)),
        Mistake("d_head is d_model divided by the number of heads.",
                _costs_variant("d_head", lambda d, h, n, b: d * h)),
    ],
))


# ---------------------------------------------------------------- 001:H3.5 per-head weights

# The two-places example (also typed into the notebook): three tokens, d_model = 4; head 0 sees
# columns 0-1, head 1 columns 2-3. Token 2's query matches token 0's key in head 0's columns and
# token 1's key in head 1's columns.
TWO_PLACES_Q = [[[3., 0., 0., 0.], [0., 0., 3., 0.], [3., 0., 3., 0.]]]
TWO_PLACES_K = [[[3., 0., 0., 0.], [0., 0., 3., 0.], [0., 0., 0., 0.]]]


def _tp() -> tuple[torch.Tensor, torch.Tensor]:
    return torch.tensor(TWO_PLACES_Q), torch.tensor(TWO_PLACES_K)


def _tp_weights(n_heads: int) -> torch.Tensor:
    from solutions.ch03 import head_weights
    return head_weights(*_tp(), n_heads)


def _hw_visible() -> list[Case]:
    Q, K = _tp()
    return [Case((Q, K, 2), label="the two-places example, 2 heads"),
            Case((Q, K, 1), label="the two-places example, 1 head")]


def _hw_hidden(gen: torch.Generator) -> list[Case]:
    return [
        Case((randn(gen, 2, 5, 8), randn(gen, 2, 5, 8), 4), label="(2, 5, 8), 4 heads"),
        Case((randn(gen, 1, 3, 6), randn(gen, 1, 7, 6), 3), label="3 queries, 7 keys, 3 heads"),
        Case((randn(gen, 2, 6, 16) * 5, randn(gen, 2, 6, 16) * 5, 2), label="large scores, 2 heads"),
        Case((randn(gen, 1, 4, 32, dtype=torch.float64), randn(gen, 1, 4, 32, dtype=torch.float64), 8),
             label="float64, 8 heads"),
    ]


def _hw_variant(scale: str = "head", split: str = "right", dim: int = -1):
    def wrong(Q, K, n_heads):
        def sp(x):
            b, s, d = x.shape
            if split == "no_transpose":
                return x.reshape(b, n_heads, s, d // n_heads)
            return x.reshape(b, s, n_heads, d // n_heads).transpose(1, 2)
        q, k = sp(Q), sp(K)
        d = Q.shape[-1] if scale == "model" else q.shape[-1]
        return torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d), dim=dim)
    return wrong


def _hw_rows(got, case):
    t = checks.as_tensor(got)
    if t is None or t.dim() != 4 or not t.is_floating_point():
        return None
    return checks.rows_sum_to_one(t, "weights")


register(Exercise(
    grade_id="ch03-mha-head-weights",
    name="head_weights",
    kind=FUNCTION,
    reference="solutions.ch03:head_weights",
    visible=_hw_visible,
    hidden=_hw_hidden,
    check_output=_hw_rows,
    mistakes=[
        Mistake("the scores are divided by sqrt(d_model); each head's dot products have d_head terms, "
                "so divide by sqrt(d_head).", _hw_variant(scale="model")),
        Mistake("Q and K were reshaped to (batch, heads, seq, d_head) without a transpose, so the heads "
                "mix tokens.", _hw_variant(split="no_transpose")),
        Mistake("the softmax is taken over the queries (dim=-2) instead of the keys (dim=-1).", _hw_variant(dim=-2)),
    ],
))


# ---------------------------------------------------------------- 001:H3.5 two places at once

register(
    Exercise(
        grade_id="ch03-mha-two-places/two",
        name="w_two",
        kind=VALUE,
        reference="solutions.ch03:two_places_two_heads",
        tolerance={"rtol": 1e-3, "atol": 1e-4},
        mistakes=[Mistake("those are the weights of the FIRST query; take the LAST query (index 2) of each "
                          "head: w[0, :, 2].",
                          lambda: _tp_weights(2)[0, :, 0])],
    ),
    Exercise(
        grade_id="ch03-mha-two-places/one",
        name="w_one",
        kind=VALUE,
        reference="solutions.ch03:two_places_one_head",
        tolerance={"rtol": 1e-3, "atol": 1e-4},
        mistakes=[Mistake("a single head over d_model = 4 divides by sqrt(4), not sqrt(2).",
                          lambda: torch.softmax(_tp()[0][0, 2] @ _tp()[1][0].T / math.sqrt(2), -1))],
    ),
)


# ---------------------------------------------------------------- 001:H3.3 detecting duplicated heads

def _sim_visible() -> list[Case]:
    w = torch.tensor([[[1.0, 0.0], [0.5, 0.5]],
                      [[1.0, 0.0], [0.5, 0.5]],
                      [[0.0, 1.0], [1.0, 0.0]]])
    return [Case((w,), label="three heads of 2 x 2 weights, heads 0 and 1 identical")]


def _sim_hidden(gen: torch.Generator) -> list[Case]:
    def w(h, q, k, scale=1.0, dtype=torch.float32):
        return torch.softmax(torch.randn(h, q, k, generator=gen, dtype=torch.float64) * scale, -1).to(dtype)
    dup = w(3, 4, 4)
    return [Case((w(4, 5, 5),), label="4 heads, 5 x 5"),
            Case((w(1, 3, 3),), label="a single head"),
            Case((w(2, 3, 6, scale=4.0),), label="2 heads, 3 queries x 6 keys, peaked"),
            Case((torch.cat([dup, dup[:1]]),), label="4 heads, the last a copy of the first"),
            Case((w(3, 4, 4, dtype=torch.float64),), label="float64")]


def _sim_dot(weights):
    flat = weights.reshape(weights.shape[0], -1)
    return flat @ flat.T


def _sim_rows(weights):
    rows = weights / weights.norm(dim=-1, keepdim=True)
    return torch.einsum("hqk,gqk->hgq", rows, rows).mean(-1)


register(Exercise(
    grade_id="ch03-mha-redundancy",
    name="head_similarity",
    kind=FUNCTION,
    reference="solutions.ch03:head_similarity",
    visible=_sim_visible,
    hidden=_sim_hidden,
    mistakes=[
        Mistake("the flattened maps are not normalised: divide each by its length so that identical "
                "heads score exactly 1 (cosine similarity).", _sim_dot),
        Mistake("this averages the cosine similarity of matching ROWS (one per query); flatten each "
                "head's whole weight map into one vector and take a single cosine.", _sim_rows),
    ],
))
