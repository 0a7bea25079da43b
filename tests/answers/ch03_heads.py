"""Answers for the multi-head attention exercises of chapter 03 (001:H3.1-H3.5): correct ones written
differently from the reference, and plausible wrong ones with a word their message must contain.
"""

CONTEXT = """
import math
import torch
Q_demo = torch.tensor([[[3., 0., 0., 0.], [0., 0., 3., 0.], [3., 0., 3., 0.]]])
K_demo = torch.tensor([[[3., 0., 0., 0.], [0., 0., 3., 0.], [0., 0., 0., 0.]]])
"""

ANSWERS = {
    "ch03-mha-split": {
        "right": [
            # einops-style with view and permute
            '''
def split_heads(x, n_heads):
    b, s, d = x.shape
    return x.view(b, s, n_heads, -1).permute(0, 2, 1, 3)
''',
            # stacking column blocks, one per head
            '''
def split_heads(x, n_heads):
    d_head = x.shape[-1] // n_heads
    return torch.stack([x[..., j * d_head:(j + 1) * d_head] for j in range(n_heads)], dim=1)
''',
        ],
        "wrong": [
            ("reshape without transpose", '''
def split_heads(x, n_heads):
    b, s, d = x.shape
    return x.reshape(b, n_heads, s, d // n_heads)
''', "transpose"),
            ("columns dealt round-robin", '''
def split_heads(x, n_heads):
    return torch.stack([x[..., j::n_heads] for j in range(n_heads)], dim=1)
''', "contiguous"),
            ("heads axis last", '''
def split_heads(x, n_heads):
    b, s, d = x.shape
    return x.reshape(b, s, n_heads, d // n_heads)
''', "before seq"),
        ],
    },
    "ch03-mha-merge": {
        "right": [
            '''
def merge_heads(x):
    return torch.cat([x[:, j] for j in range(x.shape[1])], dim=-1)
''',
            '''
def merge_heads(x):
    b, h, s, d = x.shape
    return x.permute(0, 2, 1, 3).contiguous().view(b, s, h * d)
''',
        ],
        "wrong": [
            ("reshape without transpose", '''
def merge_heads(x):
    b, h, s, d = x.shape
    return x.reshape(b, s, h * d)
''', "transpose"),
            ("interleaved", '''
def merge_heads(x):
    return torch.stack([x[:, j] for j in range(x.shape[1])], dim=-1).flatten(-2)
''', "interleaved"),
            ("summed", '''
def merge_heads(x):
    return x.sum(dim=1)
''', "summed"),
        ],
    },
    "ch03-mha-wo/shape": {
        "right": ["W_o_shape = (4 * 64, 256)", "W_o_shape = torch.nn.Linear(256, 256).weight.shape"],
        "wrong": [("one head's width", "W_o_shape = (64, 256)", "concatenation"),
                  ("a number, not a shape", "W_o_shape = 65536", "pair")],
    },
    "ch03-mha-wo/params": {
        "right": ["W_o_params = 256 ** 2", "W_o_params = torch.nn.Linear(256, 256, bias=False).weight.numel()"],
        "wrong": [("all four projections", "W_o_params = 4 * 256 * 256", "four projections"),
                  ("with the bias", "W_o_params = 256 * 256 + 256", "bias")],
    },
    "ch03-mha-wo/params-bias": {
        "right": ["W_o_params_with_bias = sum(p.numel() for p in torch.nn.Linear(256, 256).parameters())",
                  "W_o_params_with_bias = 257 * 256"],
        "wrong": [("a bias per weight", "W_o_params_with_bias = 2 * 256 * 256", "output feature"),
                  ("bias forgotten", "W_o_params_with_bias = 65536", "bias")],
    },
    "ch03-mha-costs": {
        "right": [
            # counting the parameters of real modules, and the scores from an actual tensor
            '''
def attention_costs(d_model, n_heads, seq_len, bias=True):
    layers = [torch.nn.Linear(d_model, d_model, bias=bias, device="meta") for _ in range(4)]
    d_head = d_model // n_heads
    scores = torch.empty(n_heads, seq_len, seq_len, device="meta")
    return {"d_head": d_head, "params": sum(p.numel() for l in layers for p in l.parameters()),
            "score_entries": scores.numel(), "qk_macs": scores.numel() * d_head}
''',
            # per head, then summed over the heads
            '''
def attention_costs(d_model, n_heads, seq_len, bias=True):
    d_head = d_model // n_heads
    per_head = 3 * d_model * d_head + (3 * d_head if bias else 0)      # its slices of W_q, W_k, W_v
    out_proj = d_model * d_model + (d_model if bias else 0)
    return dict(d_head=d_head, params=n_heads * per_head + out_proj,
                score_entries=sum(seq_len * seq_len for _ in range(n_heads)),
                qk_macs=sum(seq_len * seq_len * d_head for _ in range(n_heads)))
''',
        ],
        "wrong": [
            ("separate full projections per head", '''
def attention_costs(d_model, n_heads, seq_len, bias=True):
    d_head = d_model // n_heads
    return {"d_head": d_head, "params": n_heads * (4 * d_model * d_model + (4 * d_model if bias else 0)),
            "score_entries": n_heads * seq_len ** 2, "qk_macs": n_heads * seq_len ** 2 * d_head}
''', "share"),
            ("scores without heads", '''
def attention_costs(d_model, n_heads, seq_len, bias=True):
    d_head = d_model // n_heads
    return {"d_head": d_head, "params": 4 * d_model * d_model + (4 * d_model if bias else 0),
            "score_entries": seq_len ** 2, "qk_macs": n_heads * seq_len ** 2 * d_head}
''', "own seq x seq"),
            ("macs with d_model per head", '''
def attention_costs(d_model, n_heads, seq_len, bias=True):
    d_head = d_model // n_heads
    return {"d_head": d_head, "params": 4 * d_model * d_model + (4 * d_model if bias else 0),
            "score_entries": n_heads * seq_len ** 2, "qk_macs": n_heads * seq_len ** 2 * d_model}
''', "d_head"),
            ("ignores bias flag", '''
def attention_costs(d_model, n_heads, seq_len, bias=True):
    d_head = d_model // n_heads
    return {"d_head": d_head, "params": 4 * d_model * d_model + 4 * d_model,
            "score_entries": n_heads * seq_len ** 2, "qk_macs": seq_len ** 2 * d_model}
''', "bias"),
        ],
    },
    "ch03-mha-head-weights": {
        "right": [
            # einsum on a view with an explicit head axis, stable softmax written out
            '''
def head_weights(Q, K, n_heads):
    b, s, d = Q.shape
    q = Q.reshape(b, s, n_heads, d // n_heads)
    k = K.reshape(b, K.shape[1], n_heads, d // n_heads)
    scores = torch.einsum("bqhd,bkhd->bhqk", q, k) / math.sqrt(d // n_heads)
    scores = scores - scores.amax(-1, keepdim=True)
    e = scores.exp()
    return e / e.sum(-1, keepdim=True)
''',
            # one head at a time on column slices
            '''
def head_weights(Q, K, n_heads):
    dh = Q.shape[-1] // n_heads
    per = [torch.softmax(Q[..., j*dh:(j+1)*dh] @ K[..., j*dh:(j+1)*dh].transpose(1, 2) * dh ** -0.5, -1)
           for j in range(n_heads)]
    return torch.stack(per, dim=1)
''',
        ],
        "wrong": [
            ("scaled by sqrt(d_model)", '''
def head_weights(Q, K, n_heads):
    b, s, d = Q.shape
    q = Q.reshape(b, s, n_heads, -1).transpose(1, 2)
    k = K.reshape(b, K.shape[1], n_heads, -1).transpose(1, 2)
    return torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d), -1)
''', "sqrt(d_head)"),
            ("softmax over queries", '''
def head_weights(Q, K, n_heads):
    b, s, d = Q.shape
    q = Q.reshape(b, s, n_heads, -1).transpose(1, 2)
    k = K.reshape(b, K.shape[1], n_heads, -1).transpose(1, 2)
    return torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d // n_heads), -2)
''', "dim=-1"),
            ("no transpose", '''
def head_weights(Q, K, n_heads):
    b, s, d = Q.shape
    q = Q.reshape(b, n_heads, s, -1)
    k = K.reshape(b, n_heads, K.shape[1], -1)
    return torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d // n_heads), -1)
''', ""),
        ],
    },
    "ch03-mha-two-places/two": {
        "right": [
            '''
s0 = Q_demo[0, 2, :2] @ K_demo[0, :, :2].T / math.sqrt(2)
s1 = Q_demo[0, 2, 2:] @ K_demo[0, :, 2:].T / math.sqrt(2)
w_two = torch.stack([torch.softmax(s0, 0), torch.softmax(s1, 0)])
''',
            '''
e = math.exp(9 / math.sqrt(2))
w_two = [[e / (e + 2), 1 / (e + 2), 1 / (e + 2)], [1 / (e + 2), e / (e + 2), 1 / (e + 2)]]
''',
        ],
        "wrong": [("the first query", '''
s0 = Q_demo[0, 0, :2] @ K_demo[0, :, :2].T / math.sqrt(2)
s1 = Q_demo[0, 0, 2:] @ K_demo[0, :, 2:].T / math.sqrt(2)
w_two = torch.stack([torch.softmax(s0, 0), torch.softmax(s1, 0)])
''', "last query"),
                  ("scaled by sqrt(4)", '''
s0 = Q_demo[0, 2, :2] @ K_demo[0, :, :2].T / 2
s1 = Q_demo[0, 2, 2:] @ K_demo[0, :, 2:].T / 2
w_two = torch.stack([torch.softmax(s0, 0), torch.softmax(s1, 0)])
''', "")],
    },
    "ch03-mha-two-places/one": {
        "right": ['w_one = torch.softmax(Q_demo[0, 2] @ K_demo[0].T / 2, dim=0)',
                  '''
e = math.exp(4.5)
w_one = torch.tensor([e, e, 1.0]) / (2 * e + 1)
'''],
        "wrong": [("scaled by sqrt(2)", 'w_one = torch.softmax(Q_demo[0, 2] @ K_demo[0].T / math.sqrt(2), dim=0)',
                   "sqrt(4)"),
                  ("left as the placeholder", "w_one = None", "still None"),
                  ("unscaled", 'w_one = torch.softmax(Q_demo[0, 2] @ K_demo[0].T, dim=0)', "")],
    },
    "ch03-mha-redundancy": {
        "right": [
            # cosine similarity from torch.nn.functional, pair by pair
            '''
def head_similarity(weights):
    h = weights.shape[0]
    flat = weights.reshape(h, -1)
    return torch.stack([torch.stack([torch.nn.functional.cosine_similarity(flat[i], flat[j], dim=0)
                                     for j in range(h)]) for i in range(h)])
''',
            # einsum over the unflattened maps
            '''
def head_similarity(weights):
    dots = torch.einsum("aqk,bqk->ab", weights, weights)
    norms = dots.diagonal().sqrt()
    return dots / (norms[:, None] * norms[None, :])
''',
        ],
        "wrong": [
            ("not normalised", '''
def head_similarity(weights):
    flat = weights.flatten(1)
    return flat @ flat.T
''', "normalised"),
            ("row by row", '''
def head_similarity(weights):
    w = torch.nn.functional.normalize(weights, dim=-1)
    return torch.einsum("aqk,bqk->abq", w, w).mean(-1)
''', "flatten"),
            ("euclidean distance", '''
def head_similarity(weights):
    flat = weights.flatten(1)
    return torch.cdist(flat, flat)
''', ""),
        ],
    },
}
