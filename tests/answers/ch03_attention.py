"""Answers for the attention exercises of chapter 03: correct ones written differently from the
reference (they must earn the points), and plausible wrong ones (they must lose them).

Each answer is source code, as a learner would type it in the answer cell; it is run after CONTEXT
(the notebook's givens) and must define the exercise's answer name.
"""

CONTEXT = """
import math
import torch

# the givens of the notebook's part A
X = torch.tensor([[1., 0., 1., 0.], [0., 1., 0., 1.], [1., 1., 0., 0.]])
Wq = torch.tensor([[1., 0.], [0., 1.], [1., 0.], [0., 1.]])
Wk = torch.tensor([[0., 1.], [1., 0.], [0., 1.], [1., 0.]])
Wv = torch.tensor([[1., 0.], [0., 1.], [1., 0.], [0., 1.]])
p_peaked = torch.tensor([0.99] + [0.001] * 10)
logits_A = torch.tensor([0.1 * math.sin(i) for i in range(10)])
logits_B = torch.linspace(-50, 50, 256)
"""

ANSWERS = {
    "ch03-sdpa": {
        "right": [
            # explicit loops over every leading index, query and key
            '''
def scaled_dot_product_attention(Q, K, V, mask=None):
    lead = Q.shape[:-2]
    n_q, d_k = Q.shape[-2:]
    n_k, d_v = V.shape[-2:]
    q = Q.reshape(-1, n_q, d_k); k = K.reshape(-1, n_k, d_k); v = V.reshape(-1, n_k, d_v)
    m = None if mask is None else torch.broadcast_to(mask, lead + (n_q, n_k)).reshape(-1, n_q, n_k)
    out = torch.zeros(q.shape[0], n_q, d_v, dtype=Q.dtype)
    w = torch.zeros(q.shape[0], n_q, n_k, dtype=Q.dtype)
    for b in range(q.shape[0]):
        for i in range(n_q):
            s = torch.stack([(q[b, i] * k[b, j]).sum() for j in range(n_k)]) / d_k ** 0.5
            if m is not None:
                s = torch.where(m[b, i], s, torch.tensor(float("-inf"), dtype=s.dtype))
            s = s - s.max()
            e = torch.exp(s)
            w[b, i] = e / e.sum()
            out[b, i] = (w[b, i][:, None] * v[b]).sum(0)
    return out.reshape(lead + (n_q, d_v)), w.reshape(lead + (n_q, n_k))
''',
            # einsum, a stable softmax written out, and a large negative number instead of -inf
            '''
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = torch.einsum("...qd,...kd->...qk", Q, K) * Q.shape[-1] ** -0.5
    if mask is not None:
        scores = torch.where(mask, scores, torch.finfo(scores.dtype).min)
    scores = scores - scores.amax(-1, keepdim=True)
    weights = scores.exp() / scores.exp().sum(-1, keepdim=True)
    return torch.einsum("...qk,...kd->...qd", weights, V), weights
''',
        ],
        "wrong": [
            ("no scaling", '''
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    w = torch.softmax(scores, -1)
    return w @ V, w
''', "sqrt(d_k)"),
            ("softmax over the wrong axis", '''
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(K.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    w = torch.softmax(scores, 0)
    return w @ V, w
''', ""),
            ("calls the built-in", '''
import torch.nn.functional as F
def scaled_dot_product_attention(Q, K, V, mask=None):
    w = torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(K.shape[-1]) + (0 if mask is None else (~mask) * -1e30), -1)
    return F.scaled_dot_product_attention(Q, K, V, attn_mask=mask), w
''', "without"),
            ("returns only the output", '''
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(K.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return torch.softmax(scores, -1) @ V
''', "tuple"),
        ],
    },
}

# ---------------------------------------------------------------------------------------------
# Part A: attention by hand, softmax, scaling, masks.

_SOFTMAX_BY_HAND = '''
def _sm(row):
    e = [math.exp(v - max(row)) for v in row]
    return [x / sum(e) for x in e]
'''

ANSWERS.update({
    "ch03-p1-qkv/q": {
        "right": ["Q = torch.einsum('nd,dk->nk', X, Wq)",
                  "Q = torch.tensor([[X[i, 0] + X[i, 2], X[i, 1] + X[i, 3]] for i in range(3)])"],
        "wrong": [("used Wk", "Q = X @ Wk", "X @ Wq"), ("transposed", "Q = (X @ Wq).T", "transposed")],
    },
    "ch03-p1-qkv/k": {
        "right": ["K = (Wk.T @ X.T).T"],
        "wrong": [("used Wq", "K = X @ Wq", "Wk")],
    },
    "ch03-p1-qkv/v": {
        "right": ["V = torch.tensor([[2., 0.], [0., 2.], [1., 1.]])"],
        "wrong": [("used Wk", "V = X @ Wk", "Wv")],
    },
    "ch03-p1-scores/raw": {
        "right": ["Q, K = X @ Wq, X @ Wk\nraw_scores = torch.stack([torch.stack([Q[i] @ K[j] for j in range(3)]) for i in range(3)])"],
        "wrong": [("Q Q^T", "Q = X @ Wq\nraw_scores = Q @ Q.T", "keys"),
                  ("already scaled", "raw_scores = (X @ Wq) @ (X @ Wk).T / 2 ** 0.5", "not yet divided")],
    },
    "ch03-p1-scores/scaled": {
        "right": ["scaled_scores = torch.einsum('id,jd->ij', X @ Wq, X @ Wk) * 2 ** -0.5"],
        "wrong": [("divided by d_k", "scaled_scores = (X @ Wq) @ (X @ Wk).T / 2", "sqrt(d_k)"),
                  ("not scaled", "scaled_scores = (X @ Wq) @ (X @ Wk).T", "raw scores")],
    },
    "ch03-p1-weights": {
        "right": [_SOFTMAX_BY_HAND + "S = ((X @ Wq) @ (X @ Wk).T / math.sqrt(2)).tolist()\nweights = torch.tensor([_sm(r) for r in S])"],
        "wrong": [("the document's rounded values", "weights = torch.tensor([[0.05, 0.76, 0.19], [0.76, 0.05, 0.19], [0.33, 0.33, 0.33]])", "rounded"),
                  ("softmax over the columns", "weights = torch.softmax((X @ Wq) @ (X @ Wk).T / math.sqrt(2), dim=0)", "dim=-1"),
                  ("unscaled", "weights = torch.softmax((X @ Wq) @ (X @ Wk).T, -1)", "sqrt(d_k)")],
    },
    "ch03-p1-output/all": {
        "right": ["w = torch.softmax((X @ Wq) @ (X @ Wk).T / math.sqrt(2), -1)\nV = X @ Wv\n"
                  "output = torch.stack([sum(w[i, j] * V[j] for j in range(3)) for i in range(3)])"],
        "wrong": [("transposed weights", "w = torch.softmax((X @ Wq) @ (X @ Wk).T / math.sqrt(2), -1)\noutput = w.T @ (X @ Wv)", "transposed"),
                  ("rounded weights", "output = torch.tensor([[0.05, 0.76, 0.19], [0.76, 0.05, 0.19], [0.33, 0.33, 0.33]]) @ (X @ Wv)", "rounded")],
    },
    "ch03-p1-output/first": {
        "right": [_SOFTMAX_BY_HAND + "w = _sm([0.0, 4 / math.sqrt(2), 2 / math.sqrt(2)])\n"
                  "first_output = torch.tensor([2 * w[0] + w[2], 2 * w[1] + w[2]])"],
        "wrong": [("the document's answer", "first_output = torch.tensor([0.29, 1.71])", "rounded"),
                  ("first column", "w = torch.softmax((X @ Wq) @ (X @ Wk).T / math.sqrt(2), -1)\nfirst_output = (w @ (X @ Wv))[:, 0]", "first row")],
    },
    "ch03-hand/pp4": {
        "right": ["a = math.exp(1 / math.sqrt(2)) / (math.exp(1 / math.sqrt(2)) + 1)\n"
                  "out_pp4 = torch.tensor([[a * 1 + (1 - a) * 3, a * 2 + (1 - a) * 4], [(1 - a) * 1 + a * 3, (1 - a) * 2 + a * 4]])"],
        "wrong": [("no scaling", "out_pp4 = torch.softmax(torch.eye(2), -1) @ torch.tensor([[1., 2.], [3., 4.]])", "sqrt"),
                  ("returns the weights", "out_pp4 = torch.softmax(torch.eye(2) / math.sqrt(2), -1)", "weight")],
    },
    "ch03-hand/identity": {
        "right": ["a = 1 / (1 + math.exp(-1 / math.sqrt(2)))\nout_identity = torch.tensor([[a, 1 - a], [1 - a, a]])"],
        "wrong": [("identity", "out_identity = torch.eye(2)", "not the identity"),
                  ("no scaling", "out_identity = torch.softmax(torch.eye(2), -1)", "sqrt")],
    },
    "ch03-softmax/small": {
        "right": ["e = [math.exp(v) for v in (1, 2, 3)]\np_small = [x / sum(e) for x in e]"],
        "wrong": [("linear normalisation", "p_small = torch.tensor([1., 2., 3.]) / 6", "exponentiates")],
    },
    "ch03-softmax/large": {
        "right": ["e = [math.exp(v - 30) for v in (10, 20, 30)]\np_large = torch.tensor([x / sum(e) for x in e], dtype=torch.float64)"],
        "wrong": [("rounded to one-hot", "p_large = torch.tensor([0., 0., 1.])", "not zero"),
                  ("same as small", "p_large = torch.softmax(torch.tensor([1., 2., 3.]), -1)", "multiplying")],
    },
    "ch03-softmax/fn": {
        "right": ['''
def softmax(x, dim=-1):
    shifted = x - x.amax(dim=dim, keepdim=True)
    e = torch.exp(shifted)
    return e / e.sum(dim=dim, keepdim=True)
''', '''
def softmax(x, dim=-1):
    m = x.max(dim, keepdim=True).values
    lse = m + torch.log(torch.exp(x - m).sum(dim, keepdim=True))
    return torch.exp(x - lse)
'''],
        "wrong": [("naive exp", '''
def softmax(x, dim=-1):
    return torch.exp(x) / torch.exp(x).sum(dim, keepdim=True)
''', "overflow"),
                  ("ignores dim", '''
def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(-1, keepdim=True))
    return e / e.sum(-1, keepdim=True)
''', "dim"),
                  ("calls the built-in", '''
def softmax(x, dim=-1):
    return x.softmax(dim)
''', "without")],
    },
    "ch03-dot-variance": {
        "right": ['''
def dot_product_variance(d_k, n_samples=20000, seed=0):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(n_samples, d_k, generator=g)
    k = torch.randn(n_samples, d_k, generator=g)
    s = torch.einsum("nd,nd->n", q, k)
    v = ((s - s.mean()) ** 2).mean().item()
    return v, v / d_k
''', '''
import numpy as np
def dot_product_variance(d_k, n_samples=20000, seed=0):
    rng = np.random.default_rng(seed)
    # uniform components with variance 1 work too: Var(q.k) = d_k needs only unit variance and independence
    q = rng.uniform(-3 ** 0.5, 3 ** 0.5, size=(n_samples, d_k))
    k = rng.uniform(-3 ** 0.5, 3 ** 0.5, size=(n_samples, d_k))
    s = (q * k).sum(1)
    return float(s.var()), float((s / np.sqrt(d_k)).var())
'''],
        "wrong": [("standard deviation", '''
def dot_product_variance(d_k, n_samples=20000, seed=0):
    q, k = torch.randn(n_samples, d_k), torch.randn(n_samples, d_k)
    s = (q * k).sum(-1)
    return s.std().item(), (s / d_k ** 0.5).std().item()
''', ".var()"),
                  ("divided by d_k", '''
def dot_product_variance(d_k, n_samples=20000, seed=0):
    q, k = torch.randn(n_samples, d_k), torch.randn(n_samples, d_k)
    s = (q * k).sum(-1)
    return s.var().item(), (s / d_k).var().item()
''', "instead of sqrt(d_k)")],
    },
    "ch03-saturation": {
        "right": ['''
def max_softmax_weight(d_k, n_keys=16, n_trials=2000, scaled=False, seed=0):
    g = torch.Generator().manual_seed(seed)
    total = 0.0
    for _ in range(n_trials):
        q = torch.randn(d_k, generator=g)
        k = torch.randn(n_keys, d_k, generator=g)
        s = k @ q
        if scaled:
            s = s / math.sqrt(d_k)
        e = torch.exp(s - s.max())
        total += (e.max() / e.sum()).item()
    return total / n_trials
'''],
        "wrong": [("ignores scaled", '''
def max_softmax_weight(d_k, n_keys=16, n_trials=2000, scaled=False, seed=0):
    q = torch.randn(n_trials, 1, d_k); k = torch.randn(n_trials, n_keys, d_k)
    return torch.softmax((q * k).sum(-1), -1).max(-1).values.mean().item()
''', "sqrt(d_k)"),
                  ("divides by d_k", '''
def max_softmax_weight(d_k, n_keys=16, n_trials=2000, scaled=False, seed=0):
    q = torch.randn(n_trials, 1, d_k); k = torch.randn(n_trials, n_keys, d_k)
    s = (q * k).sum(-1)
    if scaled:
        s = s / d_k
    return torch.softmax(s, -1).max(-1).values.mean().item()
''', "d_k")],
    },
    "ch03-jacobian/fn": {
        "right": ['''
def softmax_jacobian(p):
    n = p.shape[-1]
    eye = torch.eye(n, dtype=p.dtype)
    return p.unsqueeze(-1) * (eye - p.unsqueeze(-2))
''', '''
def softmax_jacobian(p):
    # entry by entry: d p_i / d s_j = p_i * (delta_ij - p_j)
    flat = p.reshape(-1, p.shape[-1])
    n = p.shape[-1]
    J = torch.empty(flat.shape[0], n, n, dtype=p.dtype)
    for b in range(flat.shape[0]):
        for i in range(n):
            for j in range(n):
                J[b, i, j] = flat[b, i] * ((1.0 if i == j else 0.0) - flat[b, j])
    return J.reshape(p.shape + (n,))
'''],
        "wrong": [("sign flipped", '''
def softmax_jacobian(p):
    return p.unsqueeze(-1) * p.unsqueeze(-2) - torch.diag_embed(p)
''', "sign"),
                  ("diagonal only", '''
def softmax_jacobian(p):
    return torch.diag_embed(p * (1 - p))
''', "off-diagonal")],
    },
    "ch03-jacobian/norm": {
        "right": ['''
def softmax_jacobian_norm(scores, scale):
    s = (scale * scores).double().requires_grad_(False)
    J = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, -1), s)
    return J.pow(2).sum().sqrt().item()
'''],
        "wrong": [("forgot the scale", '''
def softmax_jacobian_norm(scores, scale):
    p = torch.softmax(scores, -1)
    return torch.linalg.matrix_norm(torch.diag(p) - torch.outer(p, p)).item()
''', "scale"),
                  ("chain-rule factor", '''
def softmax_jacobian_norm(scores, scale):
    p = torch.softmax(scale * scores, -1)
    return scale * torch.linalg.matrix_norm(torch.diag(p) - torch.outer(p, p)).item()
''', "chain-rule")],
    },
    "ch03-peaked-grad/jacobian": {
        "right": ["J_peaked = torch.tensor([[p_peaked[i].item() * ((i == j) - p_peaked[j].item()) for j in range(11)] for i in range(11)])"],
        "wrong": [("uniform instead", "u = torch.full((11,), 1 / 11)\nJ_peaked = torch.diag(u) - torch.outer(u, u)", "uniform")],
    },
    "ch03-peaked-grad/ratio": {
        "right": ["J = lambda p: torch.diag(p) - torch.outer(p, p)\n"
                  "grad_ratio = (J(torch.ones(11) / 11).abs().sum() / J(p_peaked).abs().sum()).item()"],
        "wrong": [("inverted", "J = lambda p: torch.diag(p) - torch.outer(p, p)\n"
                   "grad_ratio = (J(p_peaked).abs().sum() / J(torch.ones(11) / 11).abs().sum()).item()", "upside down")],
    },
    "ch03-peakedness/range": {
        "right": ["scaled_range = [-10 / 8, 10 / 8]"],
        "wrong": [("divided by 64", "scaled_range = (-10 / 64, 10 / 64)", "sqrt(64)"),
                  ("multiplied", "scaled_range = (-80, 80)", "divided")],
    },
    "ch03-peakedness/fn": {
        "right": ['''
def attention_entropy(logits):
    p = torch.softmax(logits, -1)
    return torch.special.entr(p).sum(-1)
''', '''
def attention_entropy(logits):
    p = torch.softmax(logits, -1)
    return -torch.xlogy(p, p).sum(-1)
'''],
        "wrong": [("0 log 0 = NaN", '''
def attention_entropy(logits):
    p = torch.softmax(logits, -1)
    return -(p * p.log()).sum(-1)
''', "0 * log 0"),
                  ("bits", '''
def attention_entropy(logits):
    p = torch.softmax(logits, -1)
    return torch.special.entr(p).sum(-1) / math.log(2)
''', "bits")],
    },
    "ch03-peakedness/a": {
        "right": ["p = torch.softmax(logits_A.double(), -1)\nentropy_A = float(-(p * p.log()).sum())"],
        "wrong": [("bits", "p = torch.softmax(logits_A.double(), -1)\nentropy_A = float(-(p * p.log2()).sum())", "natural log")],
    },
    "ch03-peakedness/b": {
        "right": ["lp = torch.log_softmax(logits_B.double(), -1)\nentropy_B = -(lp.exp() * lp).sum().item()"],
        "wrong": [("the uniform entropy", "entropy_B = math.log(256)", "")],
    },
    "ch03-causal/mask": {
        "right": ['''
def causal_mask(n):
    i = torch.arange(n)
    return i[:, None] >= i[None, :]
''', '''
def causal_mask(n):
    return torch.tensor([[j <= i for j in range(n)] for i in range(n)], dtype=torch.bool).reshape(n, n)
'''],
        "wrong": [("diagonal masked", '''
def causal_mask(n):
    return torch.tril(torch.ones(n, n, dtype=torch.bool), diagonal=-1)
''', "off by one"),
                  ("inverted (the H4.1 convention)", '''
def causal_mask(n):
    return torch.tril(torch.ones(n, n)) == 0
''', "inverted"),
                  ("float mask", '''
def causal_mask(n):
    return torch.tril(torch.ones(n, n))
''', "boolean")],
    },
    "ch03-causal/count": {
        "right": ["n_masked = sum(256 - 1 - i for i in range(256))"],
        "wrong": [("counts the allowed", "n_masked = int(torch.tril(torch.ones(256, 256)).sum())", "allowed"),
                  ("half", "n_masked = 256 * 256 // 2", "diagonal")],
    },
    "ch03-causal/fraction": {
        "right": ["masked_fraction = 255 / 512"],
        "wrong": [("one half", "masked_fraction = 0.5", "a little under")],
    },
    "ch03-prefix": {
        "right": ['''
def attend_prefixwise(Q, K, V):
    outs = []
    for t in range(Q.shape[-2]):
        q = Q[..., t:t + 1, :]
        k, v = K[..., :t + 1, :], V[..., :t + 1, :]
        w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(Q.shape[-1]), -1)
        outs.append(w @ v)
    return torch.cat(outs, dim=-2)
'''],
        "wrong": [("no mask at all", '''
def attend_prefixwise(Q, K, V):
    return torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1]), -1) @ V
''', "future"),
                  ("keys before t only", '''
def attend_prefixwise(Q, K, V):
    outs = []
    for t in range(Q.shape[-2]):
        k, v = K[..., :t, :], V[..., :t, :]
        w = torch.softmax(Q[..., t:t + 1, :] @ k.transpose(-2, -1) / math.sqrt(Q.shape[-1]), -1)
        outs.append(w @ v if t > 0 else torch.zeros_like(V[..., :1, :]))
    return torch.cat(outs, dim=-2)
''', "")],
    },
    "ch03-masked-softmax/fn": {
        "right": ['''
def masked_softmax(scores, mask):
    x = scores.float().masked_fill(~mask, float("-inf"))
    m = x.amax(-1, keepdim=True).clamp(min=-1e30)        # a fully masked row has max -inf: use a finite one
    e = torch.exp(x - m)                                  # exp(-inf) = 0 at masked positions
    s = e.sum(-1, keepdim=True)
    return torch.where(s > 0, e / s.clamp(min=1e-30), torch.zeros_like(e)).to(scores.dtype)
''', '''
def masked_softmax(scores, mask):
    big_negative = torch.finfo(scores.dtype).min
    w = torch.softmax(scores.masked_fill(~mask, big_negative), dim=-1)
    return w.masked_fill(~mask, 0)
'''],
        "wrong": [("-inf fill", '''
def masked_softmax(scores, mask):
    return torch.softmax(scores.masked_fill(~mask, float("-inf")), -1)
''', "NaN"),
                  ("-1e9 in float16", '''
def masked_softmax(scores, mask):
    return torch.softmax(scores.masked_fill(~mask, -1e9), -1) * mask
''', "overflow"),
                  ("uniform rows", '''
def masked_softmax(scores, mask):
    return torch.softmax(scores.masked_fill(~mask, torch.finfo(scores.dtype).min), -1)
''', "1/n"),
                  ("float32 out", '''
def masked_softmax(scores, mask):
    return torch.softmax(scores.float().masked_fill(~mask, -1e9), -1) * mask
''', "dtype")],
    },
    "ch03-masked-softmax/max": {
        "right": ["fp16_max = (2 - 2 ** -10) * 2 ** 15"],
        "wrong": [("float32's", "fp16_max = torch.finfo(torch.float32).max", "float32")],
    },
    "ch03-masked-softmax/neg": {
        "right": ["minus_1e9_fp16 = torch.tensor(-1e9, dtype=torch.float16)",
                  "minus_1e9_fp16 = float('-inf')"],
        "wrong": [("assumed it fits", "minus_1e9_fp16 = -1e9", "65504"),
                  ("assumed it saturates", "minus_1e9_fp16 = -65504.0", "overflows")],
    },
    "ch03-permute": {
        "right": ['''
def permuted_attention(X, perm, Wq, Wk, Wv):
    def attend(x):
        q, k, v = x @ Wq, x @ Wk, x @ Wv
        w = torch.softmax(torch.einsum("id,jd->ij", q, k) / math.sqrt(k.shape[1]), dim=1)
        return w @ v
    P = torch.eye(X.shape[0])[perm]          # permutation matrix: (P X)[i] = X[perm[i]]
    return attend(P @ X), P @ attend(X)
'''],
        "wrong": [("inverse permutation", '''
def permuted_attention(X, perm, Wq, Wk, Wv):
    def attend(x):
        q, k, v = x @ Wq, x @ Wk, x @ Wv
        return torch.softmax(q @ k.T / math.sqrt(k.shape[1]), 1) @ v
    inv = torch.argsort(perm)
    return attend(X[perm]), attend(X)[inv]
''', "inverse"),
                  ("permutes columns", '''
def permuted_attention(X, perm, Wq, Wk, Wv):
    def attend(x):
        q, k, v = x @ Wq, x @ Wk, x @ Wv
        return torch.softmax(q @ k.T / math.sqrt(k.shape[1]), 1) @ v
    return attend(X[:, perm]), attend(X)[:, perm]
''', "rows")],
    },
    "ch03-cosine": {
        "right": ['''
def max_cosine_weight(n):
    return 1 / (1 + (n - 1) * math.exp(-2))
'''],
        "wrong": [("others at cosine 0", '''
def max_cosine_weight(n):
    return math.e / (math.e + n - 1)
''', "-1"),
                  ("uniform", '''
def max_cosine_weight(n):
    return 1 / n
''', "uniform")],
    },
})
