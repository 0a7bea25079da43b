"""Exercise specs for the positional-encoding sections of chapter 03.

001:H6.1-H6.3 (embedding tables), 002:13.15 and 13.26 (sinusoidal encoding), 002:13.16 and 13.27
(RoPE), 004:CE4 (sinusoidal and learned positions).
"""
from __future__ import annotations

import math

import torch

from .. import checks
from ..exercise import FUNCTION, VALUE, Case, Exercise, Mistake, randn, register


# ---------------------------------------------------------------- 001:H6.1 table sizes

register(
    Exercise(
        grade_id="ch03-pe-embedding-params/token",
        name="token_params",
        kind=VALUE,
        reference="solutions.ch03:embedding_token_params",
        mistakes=[Mistake("200k is 200,000 tokens: 200,000 x 256.", lambda: 200 * 256),
                  Mistake("that is the positional table (256 x 256); the token table has one row per "
                          "vocabulary entry.", lambda: 256 * 256)],
    ),
    Exercise(
        grade_id="ch03-pe-embedding-params/position",
        name="position_params",
        kind=VALUE,
        reference="solutions.ch03:embedding_position_params",
        mistakes=[Mistake("the positional table has max_seq_len = 256 rows of d_model = 256: 256 x 256.",
                          lambda: 256)],
    ),
)


# ---------------------------------------------------------------- 001:H6.2, 004:CE4 learned positions

def _embed_visible() -> list[Case]:
    ids = torch.tensor([[4, 8, 15, 16, 23]])
    tok = torch.arange(30 * 4, dtype=torch.float32).reshape(30, 4) / 10
    pos = 100 * torch.arange(8 * 4, dtype=torch.float32).reshape(8, 4)
    return [Case((ids, tok, pos), label="the sentence [4, 8, 15, 16, 23] with numbered tables")]


def _embed_hidden(gen: torch.Generator) -> list[Case]:
    def ids(b, s, v):
        return torch.randint(0, v, (b, s), generator=gen)
    return [
        Case((ids(2, 6, 50), randn(gen, 50, 8), randn(gen, 16, 8)), label="a batch (2, 6), vocab 50, 16 positions"),
        Case((ids(1, 16, 10), randn(gen, 10, 4), randn(gen, 16, 4)), label="a sequence as long as the position table"),
        Case((ids(3, 1, 7), randn(gen, 7, 5), randn(gen, 4, 5)), label="sequences of one token"),
        Case((torch.tensor([[3, 3, 3, 3]]), randn(gen, 5, 6), randn(gen, 8, 6)), label="one word repeated four times"),
        Case((ids(2, 5, 20), randn(gen, 20, 4, dtype=torch.float64), randn(gen, 9, 4, dtype=torch.float64)),
             label="float64 tables"),
    ]


def _embed_pos_by_id(token_ids, token_table, pos_table):
    return token_table[token_ids] + pos_table[token_ids.clamp(max=pos_table.shape[0] - 1)]


def _embed_no_pos(token_ids, token_table, pos_table):
    return token_table[token_ids]


def _embed_concat(token_ids, token_table, pos_table):
    seq = token_ids.shape[-1]
    return torch.cat([token_table[token_ids], pos_table[:seq].expand(token_ids.shape[0], -1, -1)], -1)


def _embed_whole_table(token_ids, token_table, pos_table):
    return token_table[token_ids] + pos_table.sum(0)


register(Exercise(
    grade_id="ch03-pe-embed",
    name="embed",
    kind=FUNCTION,
    reference="solutions.ch03:embed",
    visible=_embed_visible,
    hidden=_embed_hidden,
    mistakes=[
        Mistake("the position table is indexed by the token ids; it must be indexed by the positions "
                "0, 1, ..., seq-1 (the same rows for every sentence).", _embed_pos_by_id),
        Mistake("the position part is missing: add row t of pos_table to the token at position t.", _embed_no_pos),
        Mistake("the two parts are concatenated; the usual design ADDS them, keeping width d_model.", _embed_concat),
    ],
))


def _positions_compare(got, want, case):
    """A triple of lists of positions; each list may be any sequence or tensor of ints, in any order."""
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return "`swap_report` should be a tuple of three lists (token part, position part, sum)"
    names = ("the token part", "the position part", "the sum")
    for name, g, w in zip(names, got, want):
        try:
            g = sorted(int(v) for v in (g.flatten().tolist() if isinstance(g, torch.Tensor) else g))
        except (TypeError, ValueError):
            return f"each part of `swap_report` should be a list of positions; {name} is {g!r}"
        if g != sorted(w):
            return f"the positions where {name} changes are {g}, expected {sorted(w)}"
    return None


register(Exercise(
    grade_id="ch03-pe-swap",
    name="swap_report",
    kind=VALUE,
    reference="solutions.ch03:swap_report",
    compare=_positions_compare,
    mistakes=[Mistake("the position part does not depend on which word sits at a position: row t of the "
                      "position table is added at position t in both sentences.",
                      lambda: ([1, 3], [1, 3], [1, 3]))],
))


# ---------------------------------------------------------------- 002:13.15, 004:CE4 the sinusoidal encoding

def _pe_visible() -> list[Case]:
    return [Case((2, 4), label="2 positions, d_model = 4 (the hand example)"),
            Case((10, 8), label="10 positions, d_model = 8"),
            Case((50, 16), label="50 positions, d_model = 16")]


def _pe_hidden(gen: torch.Generator) -> list[Case]:
    return [Case((1, 2), label="one position, d_model = 2"),
            Case((100, 64), label="100 positions, d_model = 64"),
            Case((7, 6), label="7 positions, d_model = 6"),
            Case((6, 5), label="an odd d_model = 5"),
            Case((4, 1), label="d_model = 1"),
            Case((128, 512), label="128 positions, d_model = 512"),
            Case((20, 8), {"base": 100.0}, label="base 100")]


def _pe_variant(swap=False, column_exponent=False, half_exponent=False, halves=False, multiply=False):
    def wrong(n_positions, d_model, base=10000.0):
        pos = torch.arange(n_positions, dtype=torch.float64)[:, None]
        j = torch.arange(d_model, dtype=torch.float64)
        if halves:
            half = (d_model + 1) // 2
            i = torch.arange(half, dtype=torch.float64)
            ang = pos / base ** (2 * i / d_model)
            return torch.cat([ang.sin(), ang.cos()[:, :d_model - half]], 1).float()
        two_i = j if column_exponent else (j // 2) * 2
        expo = two_i / 2 / d_model if half_exponent else two_i / d_model
        ang = pos * base ** expo if multiply else pos / base ** expo
        even = (torch.arange(d_model) % 2 == 0)
        if swap:
            return torch.where(even, ang.cos(), ang.sin()).float()
        return torch.where(even, ang.sin(), ang.cos()).float()
    return wrong


register(Exercise(
    grade_id="ch03-pe-sinusoidal",
    name="sinusoidal_encoding",
    kind=FUNCTION,
    reference="solutions.ch03:sinusoidal_encoding",
    visible=_pe_visible,
    hidden=_pe_hidden,
    tolerance={"rtol": 1e-4, "atol": 1e-4},
    mistakes=[
        Mistake("sin and cos are swapped: the EVEN columns 2i hold the sines, the odd columns 2i+1 the cosines.",
                _pe_variant(swap=True)),
        Mistake("the odd column 2i+1 used the exponent (2i+1)/d; a sine and its cosine partner share the "
                "frequency 1/10000^(2i/d), with i = j // 2 for column j.", _pe_variant(column_exponent=True)),
        Mistake("the exponent is i/d instead of 2i/d, so the frequencies fall too slowly.", _pe_variant(half_exponent=True)),
        Mistake("the sines fill the first half of the columns and the cosines the second half (the "
                "tensor2tensor layout); this exercise interleaves them: sin in column 2i, cos in column 2i+1.",
                _pe_variant(halves=True)),
        Mistake("pos is multiplied by 10000^(2i/d); it is divided by it (the wavelengths grow with i).",
                _pe_variant(multiply=True)),
    ],
    hint="PE[pos, 2i] = sin(pos / base^(2i/d)), PE[pos, 2i+1] = cos(pos / base^(2i/d)); positions are rows.",
))


def _degrees():
    r = math.radians(1.0)
    return (0.0, 1.0, math.sin(r), math.cos(r))


register(Exercise(
    grade_id="ch03-pe-values",
    name="pe_values",
    kind=VALUE,
    reference="solutions.ch03:pe_13_15",
    tolerance={"rtol": 1e-3, "atol": 1e-3},
    mistakes=[
        Mistake("PE(pos, i) has the POSITION first: PE(0, 1) is position 0, dimension 1 = cos(0) = 1.",
                lambda: (0.0, math.sin(1.0), 1.0, math.cos(1.0))),
        Mistake("the angles were taken in degrees; sin and cos take radians here: sin(1 rad) = 0.841.", _degrees),
        Mistake("sin and cos are swapped: dimension 0 (even) is a sine, dimension 1 (odd) a cosine.",
                lambda: (1.0, 0.0, math.cos(1.0), math.sin(1.0))),
    ],
))


# ---------------------------------------------------------------- 002:13.26 the shift is linear

def _shift_visible() -> list[Case]:
    return [Case((1, 4), label="k = 1, d_model = 4"), Case((3, 8), label="k = 3, d_model = 8")]


def _shift_hidden(gen: torch.Generator) -> list[Case]:
    return [Case((0, 6), label="k = 0 (the identity)"),
            Case((-2, 8), label="a negative offset k = -2"),
            Case((17, 16), label="k = 17, d_model = 16"),
            Case((5, 2), label="d_model = 2"),
            Case((4, 8), {"base": 100.0}, label="base 100")]


def _shift_property(got, case):
    """Check PE[pos + k] = M_k @ PE[pos] directly, for positions 0..39."""
    from solutions.ch03.position import _angles
    M = checks.as_tensor(got)
    k, d = case.args[0], case.args[1]
    base = case.kwargs.get("base", 10000.0)
    if M is None or tuple(M.shape) != (d, d) or not M.is_floating_point():
        return None                        # the comparison explains shapes and types
    ang = _angles(40 + abs(k) + 1, d, base)
    pe = torch.where(torch.arange(d) % 2 == 0, ang.sin(), ang.cos())
    start = max(0, -k)
    now, later = pe[start:start + 40], pe[start + k:start + k + 40]
    err = (now @ M.to(torch.float64).T - later).abs().amax(-1)
    if (err > 1e-3).any():
        pos = int((err > 1e-3).nonzero()[0])
        return (f"M_k @ PE[pos] is not PE[pos + k] (for k = {k}, first at pos = {start + pos}, "
                f"largest error {err[pos].item():.3g})")
    return None


def _shift_variant(transpose=False, half_exponent=False):
    def wrong(k, d_model, base=10000.0):
        M = torch.zeros(d_model, d_model, dtype=torch.float64)
        for i in range(d_model // 2):
            a = k * base ** (-(i if half_exponent else 2 * i) / d_model)
            c, s = math.cos(a), math.sin(a)
            block = [[c, -s], [s, c]] if transpose else [[c, s], [-s, c]]
            M[2 * i:2 * i + 2, 2 * i:2 * i + 2] = torch.tensor(block, dtype=torch.float64)
        return M.float()
    return wrong


register(Exercise(
    grade_id="ch03-pe-shift",
    name="shift_matrix",
    kind=FUNCTION,
    reference="solutions.ch03:shift_matrix",
    visible=_shift_visible,
    hidden=_shift_hidden,
    check_output=_shift_property,
    tolerance={"rtol": 1e-4, "atol": 1e-5},
    mistakes=[
        Mistake("each 2 x 2 block is transposed: with the pair ordered (sin, cos), sin(a + b) = "
                "cos(b) sin(a) + sin(b) cos(a), so the block's first row is [cos, sin] and the second "
                "[-sin, cos]. Your matrix moves the encoding back by k.", _shift_variant(transpose=True)),
        Mistake("the block's angle uses the frequency base^(-i/d); the pair (2i, 2i+1) turns at "
                "base^(-2i/d) per position, so the angle for offset k is k * base^(-2i/d).",
                _shift_variant(half_exponent=True)),
    ],
))


# ---------------------------------------------------------------- 002:13.16 the RoPE rotation

def _rot_visible() -> list[Case]:
    return [Case((1,), label="m = 1, theta = 1 (the first pair)"),
            Case((3, 1.0), label="m = 3, theta = 1")]


def _rot_hidden(gen: torch.Generator) -> list[Case]:
    return [Case((0, 0.5), label="m = 0 (no rotation)"),
            Case((7, 0.1), label="m = 7, theta = 0.1"),
            Case((-2, 1.0), label="a negative position m = -2"),
            Case((12, 0.01), label="m = 12, theta = 0.01")]


def _rot_variant(sign=1, degrees=False, swap=False):
    def wrong(m, theta=1.0):
        a = float(m) * float(theta)
        if degrees:
            a = math.radians(a)
        c, s = math.cos(a), math.sin(a)
        if swap:
            c, s = s, c
        return torch.tensor([[c, -sign * s], [sign * s, c]])
    return wrong


register(Exercise(
    grade_id="ch03-rope-rotation",
    name="rope_rotation",
    kind=FUNCTION,
    reference="solutions.ch03:rope_rotation",
    visible=_rot_visible,
    hidden=_rot_hidden,
    tolerance={"rtol": 1e-4, "atol": 1e-5},
    mistakes=[
        Mistake("the matrix rotates by -m*theta (clockwise): the minus sign belongs in the top-right "
                "entry, [[cos, -sin], [sin, cos]].", _rot_variant(sign=-1)),
        Mistake("the angle was treated as degrees; m * theta is in radians.", _rot_variant(degrees=True)),
        Mistake("sin and cos are swapped: the diagonal holds cos(m theta).", _rot_variant(swap=True)),
    ],
))


# ---------------------------------------------------------------- 002:13.16, 13.27 applying RoPE

def _rope_visible() -> list[Case]:
    x = torch.tensor([[1., 0., 1., 0.], [1., 0., 1., 0.], [1., 0., 1., 0.]])
    y = torch.tensor([[[0.5, -1.0, 2.0, 0.25, 1.0, 1.0], [0.5, -1.0, 2.0, 0.25, 1.0, 1.0]]])
    return [Case((x, torch.arange(3)), {"base": 100.0}, label="x = [1, 0, 1, 0] at positions 0, 1, 2, base 100"),
            Case((y, torch.tensor([0, 5])), label="a (1, 2, 6) input at positions 0 and 5")]


def _rope_hidden(gen: torch.Generator) -> list[Case]:
    return [
        Case((randn(gen, 6, 8), torch.arange(6)), label="(6, 8) at positions 0..5"),
        Case((randn(gen, 2, 3, 5, 16), torch.arange(5)), label="batch and heads (2, 3, 5, 16)"),
        Case((randn(gen, 4, 2), torch.tensor([3, 0, 7, 1])), label="d = 2, positions out of order"),
        Case((randn(gen, 3, 32), torch.tensor([100, 150, 200])), label="positions 100, 150, 200"),
        Case((randn(gen, 2, 4, 12, dtype=torch.float64), torch.arange(10, 14)), label="float64 at positions 10..13"),
        Case((randn(gen, 5, 8), torch.arange(5)), {"base": 500.0}, label="base 500"),
    ]


def _rope_variant(sign=1, pairing="interleaved", exponent="2i/d"):
    def wrong(x, positions, base=10000.0):
        d = x.shape[-1]
        i = torch.arange(d // 2, dtype=torch.float64, device=x.device)
        freqs = base ** (-(i if exponent == "i/d" else 2 * i) / d)
        ang = sign * positions.to(x.device, torch.float64)[:, None] * freqs
        cos, sin = ang.cos(), ang.sin()
        x64 = x.to(torch.float64)
        if pairing == "halves":
            a, b = x64[..., :d // 2], x64[..., d // 2:]
            return torch.cat([a * cos - b * sin, a * sin + b * cos], -1).to(x.dtype)
        a, b = x64[..., 0::2], x64[..., 1::2]
        out = torch.empty_like(x64)
        out[..., 0::2] = a * cos - b * sin
        out[..., 1::2] = a * sin + b * cos
        return out.to(x.dtype)
    return wrong


register(Exercise(
    grade_id="ch03-rope-apply",
    name="apply_rope",
    kind=FUNCTION,
    reference="solutions.ch03:apply_rope",
    visible=_rope_visible,
    hidden=_rope_hidden,
    tolerance={"rtol": 1e-4, "atol": 1e-4, "check_dtype": True},
    mistakes=[
        Mistake("each pair is rotated by -angle: the first output is x[2i] cos - x[2i+1] sin, the second "
                "x[2i] sin + x[2i+1] cos (a sign of sin is flipped).", _rope_variant(sign=-1)),
        Mistake("the pairs are (i, i + d/2), the 'rotate-half' layout of GPT-NeoX and Hugging Face Llama. "
                "It is an equally valid RoPE (a fixed permutation of the dimensions), but this exercise uses "
                "the original paper's interleaved pairs (2i, 2i+1).", _rope_variant(pairing="halves")),
        Mistake("the frequency of pair i is base^(-i/d); it is base^(-2i/d) (the pair index i runs up "
                "to d/2, so the exponent runs from 0 to almost 1).", _rope_variant(exponent="i/d")),
    ],
))


# ---------------------------------------------------------------- 002:13.27 only n - m matters

SAME_OFFSET = [(0, 3), (1, 4), (5, 8), (20, 23), (1000, 1003)]


def _scores_visible() -> list[Case]:
    q = torch.tensor([1.0, 2.0, -1.0, 0.5])
    k = torch.tensor([0.5, -1.0, 2.0, 1.0])
    return [Case((q, k, SAME_OFFSET), label="q, k in d = 4, five pairs with n - m = 3"),
            Case((q, k, [(2, 2), (4, 3), (0, 7), (9, 0)]), label="the same q, k, other offsets")]


def _scores_hidden(gen: torch.Generator) -> list[Case]:
    return [
        Case((randn(gen, 8), randn(gen, 8), [(0, 5), (3, 8), (10, 15), (0, 0), (7, 1)]), label="d = 8"),
        Case((randn(gen, 16), randn(gen, 16), [(m, m - 4) for m in (4, 9, 30, 300)]), label="d = 16, offset -4"),
        Case((randn(gen, 2), randn(gen, 2), [(0, 1), (2, 3), (6, 5)]), {"base": 10.0}, label="d = 2, base 10"),
        Case((randn(gen, 6, dtype=torch.float64), randn(gen, 6, dtype=torch.float64), [(1, 2), (2, 1)]),
             label="float64, d = 6"),
    ]


def _scores_variant(kind: str):
    def wrong(q, k, pairs, base=10000.0):
        from solutions.ch03 import apply_rope
        out = []
        at = lambda p: torch.tensor([p], device=q.device)  # noqa: E731
        for m, n in pairs:
            if kind == "same":
                qm, kn = apply_rope(q[None], at(m), base)[0], apply_rope(k[None], at(m), base)[0]
            elif kind == "q_only":
                qm, kn = apply_rope(q[None], at(m), base)[0], k
            else:                          # swapped: q at n, k at m
                qm, kn = apply_rope(q[None], at(n), base)[0], apply_rope(k[None], at(m), base)[0]
            out.append((qm * kn).sum())
        return torch.stack(out)
    return wrong


register(Exercise(
    grade_id="ch03-rope-relative",
    name="rope_scores",
    kind=FUNCTION,
    reference="solutions.ch03:rope_scores",
    visible=_scores_visible,
    hidden=_scores_hidden,
    tolerance={"rtol": 1e-3, "atol": 1e-3},
    mistakes=[
        Mistake("q and k were both rotated to position m: then every score is just q . k. Rotate q to "
                "m and k to n.", _scores_variant("same")),
        Mistake("only q was rotated; k must be rotated to its own position n.", _scores_variant("q_only")),
        Mistake("q was rotated to n and k to m (the score then depends on m - n instead of n - m).",
                _scores_variant("swapped")),
    ],
))


# ---------------------------------------------------------------- 002:13.6 a causal mask leaks position

register(Exercise(
    grade_id="ch03-pe-causal-signal",
    name="causal_signal",
    kind=VALUE,
    reference="solutions.ch03:causal_position_signal",
    tolerance={"rtol": 1e-3, "atol": 1e-4},
    mistakes=[
        Mistake("that is the output without the causal mask: every token then averages all six values.",
                lambda: torch.full((6,), 1 / 6)),
        Mistake("token t sees t + 1 tokens (itself included), so its share of the first value is 1/(t+1), not 1/t.",
                lambda: torch.tensor([1.0] + [1 / t for t in range(1, 6)])),
    ],
))
