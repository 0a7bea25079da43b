"""Answers for the attention exercises of chapter 03: correct ones written differently from the
reference (they must earn the points), and plausible wrong ones (they must lose them).

Each answer is source code, as a learner would type it in the answer cell; it is run after CONTEXT
(the notebook's givens) and must define the exercise's answer name.
"""

CONTEXT = """
import math
import torch
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
