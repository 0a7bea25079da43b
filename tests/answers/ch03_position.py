"""Answers for the positional-encoding exercises of chapter 03 (001:H6.1-H6.3, 002:13.15, 13.16,
13.26, 13.27, 004:CE4): correct ones written differently from the reference, and plausible wrong ones
with a word their message must contain.
"""

CONTEXT = """
import math
import torch
import numpy as np
"""

ANSWERS = {
    "ch03-pe-embedding-params/token": {
        "right": ["token_params = 200_000 * 256", "token_params = torch.nn.Embedding(200_000, 256, device='meta').weight.numel()"],
        "wrong": [("200 instead of 200,000", "token_params = 200 * 256", "200,000"),
                  ("the positional table", "token_params = 256 * 256", "vocabulary"),
                  ("an approximation", "token_params = 51.2e6 + 1000", "")],
    },
    "ch03-pe-embedding-params/position": {
        "right": ["position_params = 256 ** 2", "position_params = torch.nn.Embedding(256, 256).weight.numel()"],
        "wrong": [("one row", "position_params = 256", "256 x 256"),
                  ("the token table", "position_params = 200_000 * 256", "")],
    },
    "ch03-pe-embed": {
        "right": [
            # nn.Embedding modules built from the given tables
            '''
def embed(token_ids, token_table, pos_table):
    tok = torch.nn.Embedding.from_pretrained(token_table)
    pos = torch.nn.Embedding.from_pretrained(pos_table)
    positions = torch.arange(token_ids.shape[1]).expand_as(token_ids)
    return tok(token_ids) + pos(positions)
''',
            # one-hot matrix products and explicit broadcasting
            '''
def embed(token_ids, token_table, pos_table):
    one_hot = torch.nn.functional.one_hot(token_ids, token_table.shape[0]).to(token_table.dtype)
    seq = token_ids.shape[-1]
    return one_hot @ token_table + pos_table[:seq].unsqueeze(0)
''',
        ],
        "wrong": [
            ("positions indexed by token id", '''
def embed(token_ids, token_table, pos_table):
    return token_table[token_ids] + pos_table[token_ids.clamp(max=pos_table.shape[0] - 1)]
''', "positions 0, 1"),
            ("no position part", '''
def embed(token_ids, token_table, pos_table):
    return token_table[token_ids]
''', "missing"),
            ("concatenated", '''
def embed(token_ids, token_table, pos_table):
    s = token_ids.shape[1]
    return torch.cat([token_table[token_ids], pos_table[:s].expand(token_ids.shape[0], s, -1)], dim=-1)
''', "concatenated"),
            ("positions counted from 1", '''
def embed(token_ids, token_table, pos_table):
    s = token_ids.shape[1]
    return token_table[token_ids] + pos_table[1:s + 1]
''', ""),
        ],
    },
    "ch03-pe-swap": {
        "right": ["swap_report = ([3, 1], [], [1, 3])",
                  '''
a = torch.tensor([4, 8, 15, 16, 23]); b = torch.tensor([4, 16, 15, 8, 23])
changed = torch.nonzero(a != b).flatten()
swap_report = (changed, torch.tensor([], dtype=torch.long), changed.tolist())
'''],
        "wrong": [("position part thought to change", "swap_report = ([1, 3], [1, 3], [1, 3])", "position table"),
                  ("everything changes", "swap_report = ([1, 3], [], [0, 1, 2, 3, 4])", "the sum"),
                  ("not a triple", "swap_report = [1, 3]", "three lists")],
    },
    "ch03-pe-sinusoidal": {
        "right": [
            # the classic div_term via exp/log, written for odd d too
            '''
def sinusoidal_encoding(n_positions, d_model, base=10000.0):
    pe = torch.zeros(n_positions, d_model)
    pos = torch.arange(n_positions, dtype=torch.float32).unsqueeze(1)
    div = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(base) / d_model))
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)[:, : d_model // 2]
    return pe
''',
            # plain loops with math, numpy at the end
            '''
def sinusoidal_encoding(n_positions, d_model, base=10000.0):
    rows = []
    for pos in range(n_positions):
        row = []
        for j in range(d_model):
            angle = pos / base ** (2 * (j // 2) / d_model)
            row.append(math.sin(angle) if j % 2 == 0 else math.cos(angle))
        rows.append(row)
    return np.array(rows, dtype=np.float64)
''',
        ],
        "wrong": [
            ("sin and cos swapped", '''
def sinusoidal_encoding(n_positions, d_model, base=10000.0):
    pe = torch.zeros(n_positions, d_model)
    pos = torch.arange(n_positions).float()[:, None]
    div = base ** (torch.arange(0, d_model, 2).float() / d_model)
    pe[:, 0::2] = torch.cos(pos / div)
    pe[:, 1::2] = torch.sin(pos / div)[:, : d_model // 2]
    return pe
''', "swapped"),
            ("exponent from the column index", '''
def sinusoidal_encoding(n_positions, d_model, base=10000.0):
    pos = torch.arange(n_positions).float()[:, None]
    j = torch.arange(d_model).float()
    ang = pos / base ** (j / d_model)
    return torch.where(torch.arange(d_model) % 2 == 0, torch.sin(ang), torch.cos(ang))
''', "(2i+1)/d"),
            ("sines then cosines", '''
def sinusoidal_encoding(n_positions, d_model, base=10000.0):
    pos = torch.arange(n_positions).float()[:, None]
    i = torch.arange((d_model + 1) // 2).float()
    ang = pos / base ** (2 * i / d_model)
    return torch.cat([ang.sin(), ang.cos()], 1)[:, :d_model]
''', "first half"),
            ("breaks on odd d_model", '''
def sinusoidal_encoding(n_positions, d_model, base=10000.0):
    pe = torch.zeros(n_positions, d_model)
    pos = torch.arange(n_positions).float()[:, None]
    div = base ** (torch.arange(0, d_model, 2).float() / d_model)
    pe[:, 0::2] = torch.sin(pos / div)
    pe[:, 1::2] = torch.cos(pos / div)
    return pe
''', "raised"),
        ],
    },
    "ch03-pe-values": {
        "right": ["pe_values = (math.sin(0), math.cos(0), math.sin(1), math.cos(1))",
                  "pe_values = [0, 1, 0.8415, 0.5403]"],
        "wrong": [("index order reversed", "pe_values = (0.0, 0.8415, 1.0, 0.5403)", "position first"),
                  ("degrees", "pe_values = (0, 1, 0.01745, 0.99985)", "radians"),
                  ("swapped", "pe_values = (1, 0, 0.5403, 0.8415)", "swapped")],
    },
    "ch03-pe-shift": {
        "right": [
            # torch.block_diag of rotation blocks
            '''
def shift_matrix(k, d_model, base=10000.0):
    blocks = []
    for i in range(d_model // 2):
        w = 1.0 / base ** (2 * i / d_model)
        c, s = math.cos(k * w), math.sin(k * w)
        blocks.append(torch.tensor([[c, s], [-s, c]]))
    return torch.block_diag(*blocks)
''',
            # the matrix exponential of a block-diagonal generator, float64
            '''
def shift_matrix(k, d_model, base=10000.0):
    G = torch.zeros(d_model, d_model, dtype=torch.float64)
    for i in range(d_model // 2):
        w = base ** (-2 * i / d_model)
        G[2 * i, 2 * i + 1], G[2 * i + 1, 2 * i] = w, -w     # d/dpos (sin, cos) = w (cos, -sin)
    return torch.linalg.matrix_exp(k * G)
''',
        ],
        "wrong": [
            ("transposed blocks", '''
def shift_matrix(k, d_model, base=10000.0):
    M = torch.zeros(d_model, d_model)
    for i in range(d_model // 2):
        a = k / base ** (2 * i / d_model)
        M[2*i:2*i+2, 2*i:2*i+2] = torch.tensor([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return M
''', "transposed"),
            ("frequency i/d", '''
def shift_matrix(k, d_model, base=10000.0):
    M = torch.zeros(d_model, d_model)
    for i in range(d_model // 2):
        a = k / base ** (i / d_model)
        M[2*i:2*i+2, 2*i:2*i+2] = torch.tensor([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    return M
''', "2i/d"),
            ("identity", '''
def shift_matrix(k, d_model, base=10000.0):
    return torch.eye(d_model)
''', "not PE[pos + k]"),
        ],
    },
    "ch03-rope-rotation": {
        "right": [
            '''
def rope_rotation(m, theta=1.0):
    a = m * theta
    return torch.tensor([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
''',
            # the matrix exponential of the generator of rotations
            '''
def rope_rotation(m, theta=1.0):
    J = torch.tensor([[0.0, -1.0], [1.0, 0.0]], dtype=torch.float64)
    return torch.linalg.matrix_exp(m * theta * J)
''',
        ],
        "wrong": [
            ("clockwise", '''
def rope_rotation(m, theta=1.0):
    a = m * theta
    return torch.tensor([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
''', "-m*theta"),
            ("degrees", '''
def rope_rotation(m, theta=1.0):
    a = math.radians(m * theta)
    return torch.tensor([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
''', "degrees"),
            ("sin on the diagonal", '''
def rope_rotation(m, theta=1.0):
    a = m * theta
    return torch.tensor([[math.sin(a), -math.cos(a)], [math.cos(a), math.sin(a)]])
''', "swapped"),
        ],
    },
    "ch03-rope-apply": {
        "right": [
            # complex numbers: each pair is a complex number multiplied by e^{i angle}
            '''
def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    freqs = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = positions[:, None].double() * freqs
    z = torch.view_as_complex(x.double().reshape(*x.shape[:-1], d // 2, 2).contiguous())
    rotated = z * torch.polar(torch.ones_like(angles), angles)
    return torch.view_as_real(rotated).reshape(x.shape).to(x.dtype)
''',
            # an explicit 2x2 matrix per pair, float32 throughout
            '''
def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    out = x.clone()
    for t in range(x.shape[-2]):
        for i in range(d // 2):
            a = float(positions[t]) * base ** (-2 * i / d)
            R = torch.tensor([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], dtype=x.dtype)
            out[..., t, 2 * i:2 * i + 2] = x[..., t, 2 * i:2 * i + 2] @ R.T
    return out
''',
        ],
        "wrong": [
            ("rotates by -theta", '''
def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    ang = positions[:, None].float() * base ** (-torch.arange(0, d, 2).float() / d)
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack([a * ang.cos() + b * ang.sin(), -a * ang.sin() + b * ang.cos()], -1).flatten(-2)
''', "sign"),
            ("rotate-half pairing", '''
def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    ang = positions[:, None].float() * base ** (-torch.arange(0, d, 2).float() / d)
    ang = torch.cat([ang, ang], -1)
    x1, x2 = x[..., : d // 2], x[..., d // 2:]
    return x * ang.cos() + torch.cat([-x2, x1], -1) * ang.sin()
''', "interleaved"),
            ("exponent i/d", '''
def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    ang = positions[:, None].float() * base ** (-torch.arange(d // 2).float() / d)
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack([a * ang.cos() - b * ang.sin(), a * ang.sin() + b * ang.cos()], -1).flatten(-2)
''', "-2i/d"),
            ("right numbers, but float64 out for float32 in", '''
def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    ang = positions[:, None].double() * base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    a, b = x[..., 0::2].double(), x[..., 1::2].double()
    return torch.stack([a * ang.cos() - b * ang.sin(), a * ang.sin() + b * ang.cos()], -1).flatten(-2)
''', "dtype"),
        ],
    },
    "ch03-rope-relative": {
        "right": [
            # with 2x2 rotation matrices, R_m^T R_n = R_{n-m} used directly
            '''
def rope_scores(q, k, pairs, base=10000.0):
    d = q.shape[-1]
    out = []
    for m, n in pairs:
        total = 0.0
        for i in range(d // 2):
            a = (n - m) * base ** (-2 * i / d)
            R = torch.tensor([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], dtype=torch.float64)
            total += float(q[2*i:2*i+2].double() @ R @ k[2*i:2*i+2].double())
        out.append(total)
    return torch.tensor(out, dtype=q.dtype)
''',
            # rotating both vectors, in float32
            '''
def rope_scores(q, k, pairs, base=10000.0):
    d = q.shape[-1]
    freqs = base ** (-torch.arange(0, d, 2).float() / d)
    def rot(v, p):
        a = p * freqs
        x, y = v[0::2].float(), v[1::2].float()
        return torch.stack([x * a.cos() - y * a.sin(), x * a.sin() + y * a.cos()], -1).flatten()
    return torch.stack([rot(q, m) @ rot(k, n) for m, n in pairs]).to(q.dtype)
''',
        ],
        "wrong": [
            ("both at m", '''
def rope_scores(q, k, pairs, base=10000.0):
    return torch.tensor([float(q @ k) for _ in pairs], dtype=q.dtype)
''', "q . k"),
            ("swapped positions", '''
def rope_scores(q, k, pairs, base=10000.0):
    d = q.shape[-1]
    freqs = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    def rot(v, p):
        a = p * freqs
        x, y = v[0::2].double(), v[1::2].double()
        return torch.stack([x * a.cos() - y * a.sin(), x * a.sin() + y * a.cos()], -1).flatten()
    return torch.stack([rot(q, n) @ rot(k, m) for m, n in pairs]).to(q.dtype)
''', "m - n"),
        ],
    },
    "ch03-pe-causal-signal": {
        "right": ["causal_signal = 1 / torch.arange(1, 7)",
                  '''
import torch.nn.functional as F
X = torch.zeros(1, 6, 4); X[0, 0, 0] = 1; X[0, 1:, 1] = 1
Z = torch.zeros(1, 6, 4)
causal_signal = F.scaled_dot_product_attention(Z, Z, X, is_causal=True)[0, :, 0]
'''],
        "wrong": [("no mask", "causal_signal = torch.full((6,), 1 / 6)", "without the causal mask"),
                  ("left as the placeholder", "causal_signal = None", "still None"),
                  ("1/t", "causal_signal = [1.0, 1.0, 1/2, 1/3, 1/4, 1/5]", "1/(t+1)"),
                  ("wrong length", "causal_signal = 1 / torch.arange(1, 6)", "shape")],
    },
}
