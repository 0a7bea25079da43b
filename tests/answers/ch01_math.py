"""Answers for the exercises of chapter 01 (math foundations): correct ones written differently from the
reference (they must earn the points), and plausible wrong ones (they must lose them, with a message
that names the problem).

Each answer is source code, as a learner would type it in the answer cell; it runs after CONTEXT (the
notebook's givens) and must define the exercise's answer name.
"""

CONTEXT = """
import math
import numpy as np
import torch

# the givens of the notebook
a_vec = torch.tensor([1., 2., 3.])
b_vec = torch.tensor([4., -5., 6.])
v_norm = torch.tensor([3., -4., -12.])
M = torch.tensor([[1., 2., 0., 1.], [0., 1., 1., 2.], [1., 3., 1., 3.], [2., 4., 0., 2.]])
S = torch.tensor([[2., 1.], [1., 2.]])
N_nil = torch.tensor([[0., 1.], [0., 0.]])
A_shear = torch.tensor([[1., 100.], [0., 1.]])
_t = math.radians(30.0)
R_valley = torch.tensor([[math.cos(_t), -math.sin(_t)], [math.sin(_t), math.cos(_t)]], dtype=torch.float64)
H_valley = R_valley @ torch.diag(torch.tensor([1.0, 20.0], dtype=torch.float64)) @ R_valley.T
def f_quad(p):
    return p[..., 0] ** 2 + p[..., 0] * p[..., 1] + 3 * p[..., 1] ** 2
p0 = torch.tensor([1.0, 1.0], dtype=torch.float64)
prior, sensitivity, specificity = 0.01, 0.99, 0.95
p_kl = torch.tensor([0.5, 0.5], dtype=torch.float64)
q_kl = torch.tensor([0.9, 0.1], dtype=torch.float64)
heads, flips = 7, 10
thetas = torch.linspace(0.01, 0.99, 99, dtype=torch.float64)
"""

ANSWERS = {
    # ------------------------------------------------------------------ 1.1 vectors
    "ch01-dot/fn": {
        "right": ['''
def dot(a, b):
    a, b = torch.broadcast_tensors(a, b)
    out = torch.zeros(a.shape[:-1], dtype=a.dtype)
    for i in range(a.shape[-1]):
        out = out + a[..., i] * b[..., i]
    return out
'''],
        "wrong": [("no sum", "def dot(a, b):\n    return a * b\n", "element-wise"),
                  ("sums everything", "def dot(a, b):\n    return (a * b).sum()\n", "last"),
                  ("calls torch.dot", "def dot(a, b):\n    return torch.dot(a, b) if a.dim() == 1 else (a * b).sum(-1)\n", "without")],
    },
    "ch01-dot/value": {
        "right": ["dot_ab = sum(x * y for x, y in zip([1, 2, 3], [4, -5, 6]))"],
        "wrong": [("sign of -5 dropped", "dot_ab = 4 + 10 + 18", "sign")],
    },
    "ch01-cosine": {
        "right": ['''
def cosine_similarity(a, b):
    num = (a * b).sum(-1)
    den = torch.sqrt((a * a).sum(-1) * (b * b).sum(-1))
    return torch.nan_to_num(num / den, nan=0.0)
''', '''
def cosine_similarity(a, b):
    na = a.norm(dim=-1, keepdim=True)
    nb = b.norm(dim=-1, keepdim=True)
    ua = torch.where(na > 0, a / na.clamp_min(1e-300), torch.zeros_like(a))
    ub = torch.where(nb > 0, b / nb.clamp_min(1e-300), torch.zeros_like(b))
    return (ua * ub).sum(-1)
'''],
        "wrong": [("NaN for zero vectors", "def cosine_similarity(a, b):\n    return (a * b).sum(-1) / (a.norm(dim=-1) * b.norm(dim=-1))\n", "zero vector"),
                  ("plain dot", "def cosine_similarity(a, b):\n    return (a * b).sum(-1)\n", "divide by |a| |b|"),
                  ("built-in", "def cosine_similarity(a, b):\n    return torch.nn.functional.cosine_similarity(a, b, dim=-1)\n", "without")],
    },
    "ch01-projection/fn": {
        "right": ['''
def project(a, b):
    cos = (a * b).sum(-1) / (a.norm(dim=-1) * b.norm(dim=-1))
    comp = a.norm(dim=-1) * cos
    unit = b / b.norm(dim=-1, keepdim=True)
    return comp, comp.unsqueeze(-1) * unit
'''],
        "wrong": [("sign lost", '''
def project(a, b):
    comp = ((a * b).sum(-1) / b.norm(dim=-1)).abs()
    return comp, comp.unsqueeze(-1) * b / b.norm(dim=-1, keepdim=True)
''', "90 degrees"),
                  ("scalar over |b|^2", '''
def project(a, b):
    c = (a * b).sum(-1) / (b * b).sum(-1)
    return c, c.unsqueeze(-1) * b
''', "a.b / |b|^2"),
                  ("b onto a", '''
def project(a, b):
    comp = (a * b).sum(-1) / a.norm(dim=-1)
    return comp, comp.unsqueeze(-1) * a / a.norm(dim=-1, keepdim=True)
''', "projects b onto a")],
    },
    "ch01-projection/obtuse": {
        "right": ["t = 2 * math.pi / 3\nobtuse = (2 * math.cos(t), 2 * 3 * math.cos(t))"],
        "wrong": [("degrees into math.cos", "obtuse = (2 * math.cos(120), 6 * math.cos(120))", "radians"),
                  ("signs dropped", "obtuse = (1.0, 3.0)", "negative")],
    },
    "ch01-norms/fn": {
        "right": ['''
def lp_norm(v, p):
    a = v.abs()
    if p == float("inf"):
        return a.max(dim=-1).values
    m = a.max(dim=-1, keepdim=True).values
    m1 = torch.where(m == 0, torch.ones_like(m), m)
    return m.squeeze(-1) * ((a / m1) ** p).sum(-1) ** (1.0 / p)
''', '''
def lp_norm(v, p):
    # in log space: log ||v||_p = logsumexp(p log|v|) / p
    a = v.abs().double()
    if math.isinf(p):
        return a.amax(-1).to(v.dtype)
    out = torch.exp(torch.logsumexp(p * torch.log(a), dim=-1) / p)
    return out.to(v.dtype)
'''],
        "wrong": [("no abs", '''
def lp_norm(v, p):
    if math.isinf(p):
        return v.max(-1).values
    return (v ** p).sum(-1) ** (1 / p)
''', "absolute value"),
                  ("no root", '''
def lp_norm(v, p):
    if math.isinf(p):
        return v.abs().amax(-1)
    return (v.abs() ** p).sum(-1)
''', "root"),
                  ("overflows", '''
def lp_norm(v, p):
    if math.isinf(p):
        return v.abs().amax(-1)
    return (v.abs() ** p).sum(-1) ** (1 / p)
''', "overflow"),
                  ("built-in", "def lp_norm(v, p):\n    return torch.linalg.vector_norm(v, ord=p, dim=-1)\n", "without")],
    },
    "ch01-norms/values": {
        "right": ["norms_v = (float(v_norm.abs().sum()), math.sqrt(9 + 16 + 144), max(abs(x) for x in v_norm.tolist()))"],
        "wrong": [("no abs", "norms_v = (float(v_norm.sum()), 13.0, float(v_norm.max()))", "absolute"),
                  ("squared L2", "norms_v = (19.0, 169.0, 12.0)", "square root")],
    },
    "ch01-norm-axioms/triangle": {
        "right": ["lhs = (1 ** 0.5 + 1 ** 0.5) ** 2\nrhs = (1 ** 0.5) ** 2 + (1 ** 0.5) ** 2\ntriangle = (lhs, rhs)"],
        "wrong": [("square root instead of square", "triangle = (math.sqrt(2), 2.0)", "1/p = 2")],
    },
    "ch01-norm-axioms/verdict": {
        "right": ["p_half_is_norm = 4.0 <= 2.0"],
        "wrong": [("said yes", "p_half_is_norm = True", "triangle inequality fails")],
    },
    "ch01-normalize/fn": {
        "right": ['''
def normalize(v):
    length = torch.sqrt((v * v).sum(-1, keepdim=True))
    if bool((length == 0).any()):
        raise ValueError("zero vector")
    return v / length
'''],
        "wrong": [("L1", '''
def normalize(v):
    return v / v.abs().sum(-1, keepdim=True)
''', "L1"),
                  ("squared length", '''
def normalize(v):
    return v / (v * v).sum(-1, keepdim=True)
''', "squared"),
                  ("built-in", '''
def normalize(v):
    return torch.nn.functional.normalize(v, dim=-1)
''', "without")],
    },
    "ch01-normalize/zero": {
        # the test cell hands over a wrapper that reports what `normalize` does on a zero vector
        "right": ['''
def _normalize(v):
    n = (v ** 2).sum(-1, keepdim=True) ** 0.5
    if (n == 0).any():
        raise ValueError("cannot normalise the zero vector")
    return v / n
def _outcome(v):
    try:
        _normalize(v)
    except ValueError:
        return "ValueError"
    except Exception as e:
        return type(e).__name__
    return "no error"
globals()["normalize (on a zero vector)"] = _outcome
'''],
        "wrong": [("silent NaN", '''
def _outcome(v):
    try:
        v / v.norm(dim=-1, keepdim=True)
    except ValueError:
        return "ValueError"
    return "no error"
globals()["normalize (on a zero vector)"] = _outcome
''', "raise ValueError"),
                  ("ZeroDivisionError", '''
def _outcome(v):
    try:
        n = float(v.norm())
        if n == 0:
            raise ZeroDivisionError("zero")
    except ValueError:
        return "ValueError"
    except Exception as e:
        return type(e).__name__
    return "no error"
globals()["normalize (on a zero vector)"] = _outcome
''', "ZeroDivisionError"),
                  ("not written yet", '''
def _outcome(v):
    return "NotImplementedError"
globals()["normalize (on a zero vector)"] = _outcome
''', "not written yet")],
    },
    # ------------------------------------------------------------------ 1.2 matrices
    "ch01-shapes/layer": {
        "right": ["shape_layer = tuple((torch.zeros(32, 512) @ torch.zeros(512, 2048)).shape)", "shape_layer = [32, 2048]"],
        "wrong": [("transposed", "shape_layer = (2048, 32)", "transposed"),
                  ("kept the inner dim", "shape_layer = (32, 512, 2048)", "inner")],
    },
    "ch01-shapes/batched": {
        "right": ["shape_batched = torch.Size([8, 32, 64])"],
        "wrong": [("dropped the batch", "shape_batched = (32, 64)", "batch")],
    },
    "ch01-shapes/gram": {
        "right": ["shape_gram = (32, 32)"],
        "wrong": [("X^T X", "shape_gram = (512, 512)", "X.T @ X")],
    },
    "ch01-matmul/fn": {
        "right": ['''
def matmul_by_hand(A, B):
    m, k = A.shape
    k2, n = B.shape
    C = torch.zeros(m, n, dtype=A.dtype)
    count = 0
    for i in range(m):
        for j in range(n):
            s = 0.0
            for t in range(k):
                s = s + A[i, t] * B[t, j]
                count += 1
            C[i, j] = s
    return C, count
''', '''
def matmul_by_hand(A, B):
    # broadcast: (m, k, 1) * (1, k, n), summed over k
    C = (A[:, :, None] * B[None, :, :]).sum(1)
    return C, A.shape[0] * A.shape[1] * B.shape[1]
'''],
        "wrong": [("counts entries", '''
def matmul_by_hand(A, B):
    C = (A[:, :, None] * B[None, :, :]).sum(1)
    return C, C.numel()
''', "dot products"),
                  ("counts flops", '''
def matmul_by_hand(A, B):
    C = (A[:, :, None] * B[None, :, :]).sum(1)
    return C, 2 * A.shape[0] * A.shape[1] * B.shape[1]
''', "FLOPs"),
                  ("uses @", '''
def matmul_by_hand(A, B):
    return A @ B, A.shape[0] * A.shape[1] * B.shape[1]
''', "without")],
    },
    "ch01-matmul/cost": {
        "right": ["layer_cost = 32 * 2048 * 512"],
        "wrong": [("flops", "layer_cost = 2 * 32 * 512 * 2048", "FLOPs"),
                  ("entries", "layer_cost = 32 * 2048", "512 multiply-adds")],
    },
    "ch01-backward": {
        "right": ['''
def linear_backward(X, W, dY):
    dX = torch.einsum("nm,dm->nd", dY, W)
    dW = torch.einsum("nd,nm->dm", X, dY)
    return dX, dW
''', '''
def linear_backward(X, W, dY):
    # entry by entry: dL/dX[n, d] = sum_m dY[n, m] W[d, m]; dL/dW[d, m] = sum_n X[n, d] dY[n, m]
    N, D = X.shape
    M = W.shape[1]
    dX = torch.zeros(N, D, dtype=X.dtype)
    dW = torch.zeros(D, M, dtype=X.dtype)
    for n in range(N):
        for d in range(D):
            for m in range(M):
                dX[n, d] += dY[n, m] * W[d, m]
                dW[d, m] += X[n, d] * dY[n, m]
    return dX, dW
'''],
        "wrong": [("dW transposed", '''
def linear_backward(X, W, dY):
    return dY @ W.T, dY.T @ X
''', "shape of W"),
                  ("W instead of W^T", '''
def linear_backward(X, W, dY):
    return dY @ W[: W.shape[1]] if W.shape[0] >= W.shape[1] else dY @ W.T, X.T @ dY
''', ""),
                  ("autograd", '''
def linear_backward(X, W, dY):
    X = X.clone().requires_grad_(True); W = W.clone().requires_grad_(True)
    (X @ W).backward(dY)
    return X.grad, W.grad
''', "without")],
    },
    "ch01-rank/rank": {
        "right": ["rank_M = int(np.linalg.matrix_rank(M.numpy()))", "rank_M = int((torch.linalg.svdvals(M) > 1e-6).sum())"],
        "wrong": [("rows", "rank_M = M.shape[0]", "rows")],
    },
    "ch01-rank/storage": {
        "right": ["storage = (1000 ** 2, 2 * 1000 * 50)"],
        "wrong": [("one factor", "storage = (1000000, 50000)", "both factors")],
    },
    "ch01-rank/lora": {
        "right": ["d, r = 4096, 8\nlora = (d * d, 2 * d * r, 2 * r / d)"],
        "wrong": [("one factor", "d, r = 4096, 8\nlora = (d * d, d * r, d * r / (d * d))", "BOTH"),
                  ("upside down", "d, r = 4096, 8\nlora = (d * d, 2 * d * r, d * d / (2 * d * r))", "fraction")],
    },
    "ch01-lowrank": {
        "right": ['''
def low_rank_factors(W, r):
    U, S, Vh = torch.linalg.svd(W, full_matrices=False)
    root = S[:r].sqrt()
    return U[:, :r] * root, root[:, None] * Vh[:r]     # split sqrt(S) between the two factors
''', '''
def low_rank_factors(W, r):
    # eigen-decomposition of W^T W: its eigenvectors are the right singular vectors
    evals, evecs = torch.linalg.eigh(W.double().T @ W.double())
    V = evecs[:, torch.argsort(evals, descending=True)[:r]]
    return (W.double() @ V).to(W.dtype), V.T.to(W.dtype)
'''],
        "wrong": [("smallest singular values", '''
def low_rank_factors(W, r):
    U, S, Vh = torch.linalg.svd(W, full_matrices=False)
    return U[:, -r:] * S[-r:], Vh[-r:]
''', "SMALLEST"),
                  ("no S", '''
def low_rank_factors(W, r):
    U, S, Vh = torch.linalg.svd(W, full_matrices=False)
    return U[:, :r], Vh[:r]
''', "singular values are missing"),
                  ("wrong shapes", '''
def low_rank_factors(W, r):
    return W, torch.eye(W.shape[1])
''', "shapes")],
    },
    "ch01-spectrum/eig": {
        "right": ["# det(S - l I) = (2 - l)^2 - 1 = 0\neigs_S = torch.tensor([2.0 - 1.0, 2.0 + 1.0])",
                  "eigs_S = torch.linalg.eigvals(S).real.sort().values"],
        "wrong": [("descending", "eigs_S = torch.tensor([3., 1.])", "ascending"),
                  ("diagonal", "eigs_S = torch.diagonal(S)", "diagonal")],
    },
    "ch01-spectrum/nilpotent": {
        "right": ["nilpotent = (int((torch.linalg.svdvals(N_nil) > 1e-9).sum()), int((torch.linalg.eigvals(N_nil).abs() > 1e-9).sum()))"],
        "wrong": [("rank from eigenvalues", "nilpotent = (0, 0)", "SINGULAR"),
                  ("eigenvalue count", "nilpotent = (1, 1)", "both eigenvalues")],
    },
    "ch01-spectrum/cond": {
        "right": ["s = np.linalg.svd(A_shear.double().numpy(), compute_uv=False)\nl = np.abs(np.linalg.eigvals(A_shear.double().numpy()))\n"
                  "kappas = (float(l.max() / l.min()), float(s[0] / s[-1]))"],
        "wrong": [("eigenvalues only", "kappas = (1.0, 1.0)", "singular"),
                  ("squared", "s = torch.linalg.svdvals(A_shear.double())\nkappas = (1.0, float((s[0] / s[-1]) ** 2))", "squared")],
    },
    "ch01-gd/fn": {
        "right": ['''
def gradient_descent(H, x0, lr, steps):
    traj = torch.empty(steps + 1, x0.shape[0], dtype=x0.dtype)
    traj[0] = x0
    step = torch.eye(x0.shape[0], dtype=H.dtype) - lr * H      # x_{t+1} = (I - lr H) x_t
    for t in range(steps):
        traj[t + 1] = step @ traj[t]
    return traj
'''],
        "wrong": [("no x0", '''
def gradient_descent(H, x0, lr, steps):
    xs, x = [], x0
    for _ in range(steps):
        x = x - lr * H @ x
        xs.append(x)
    return torch.stack(xs) if xs else x0[None]
''', "start with x0"),
                  ("2 H x", '''
def gradient_descent(H, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * 2 * H @ xs[-1])
    return torch.stack(xs)
''', "2 H x"),
                  ("ascent", '''
def gradient_descent(H, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] + lr * H @ xs[-1])
    return torch.stack(xs)
''', "climbs")],
    },
    "ch01-gd/lrmax": {
        "right": ["lr_max = 2 / max(np.linalg.eigvalsh(H_valley.numpy()))"],
        "wrong": [("lambda_min", "lr_max = 2 / float(torch.linalg.eigvalsh(H_valley).min())", "SMALLEST"),
                  ("1/lambda_max", "lr_max = 1 / float(torch.linalg.eigvalsh(H_valley).max())", "2 / lambda_max")],
    },
    "ch01-gd/kappa": {
        "right": ["s = torch.linalg.svdvals(H_valley)\nkappa = float(s[0] / s[-1])"],
        "wrong": [("inverted", "l = torch.linalg.eigvalsh(H_valley)\nkappa = float(l.min() / l.max())", "upside down")],
    },
    # ------------------------------------------------------------------ 1.3 calculus
    "ch01-finite-diff": {
        "right": ['''
def central_difference(f, x, h=1e-4):
    eye = torch.eye(x.shape[0], dtype=x.dtype)
    return torch.stack([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in eye])
'''],
        "wrong": [("forward difference", '''
def central_difference(f, x, h=1e-4):
    eye = torch.eye(x.shape[0], dtype=x.dtype)
    return torch.stack([(f(x + h * e) - f(x)) / h for e in eye])
''', "FORWARD"),
                  ("divides by h", '''
def central_difference(f, x, h=1e-4):
    eye = torch.eye(x.shape[0], dtype=x.dtype)
    return torch.stack([(f(x + h * e) - f(x - h * e)) / h for e in eye])
''', "2h"),
                  ("autograd", '''
def central_difference(f, x, h=1e-4):
    x = x.clone().requires_grad_(True)
    return torch.autograd.grad(f(x), x)[0]
''', "without")],
    },
    "ch01-gradient/grad": {
        "right": ["x, y = 1.0, 1.0\ngrad_at_p = torch.tensor([2 * x + y, x + 6 * y])"],
        "wrong": [("missed xy", "grad_at_p = torch.tensor([2., 6.])", "x*y")],
    },
    "ch01-gradient/rate": {
        "right": ["max_rate = math.hypot(3, 7)"],
        "wrong": [("squared", "max_rate = 3 ** 2 + 7 ** 2", "length"),
                  ("L1", "max_rate = 3 + 7", "L1")],
    },
    "ch01-gradient/tangent": {
        "right": ["tangent = torch.tensor([-7.0, 3.0]) / math.sqrt(58)", "tangent = [7 / 58 ** 0.5, -3 / 58 ** 0.5]"],
        "wrong": [("gradient direction", "tangent = torch.tensor([3.0, 7.0]) / math.sqrt(58)", "PERPENDICULAR"),
                  ("not unit", "tangent = torch.tensor([7.0, -3.0])", "UNIT")],
    },
    "ch01-chain/fn": {
        "right": ['''
def chain_rule_grad(x, W):
    z = torch.einsum("ij,j->i", W, x)
    y = torch.tanh(z)
    dz = y / torch.cosh(z) ** 2          # dL/dy * tanh'(z), with tanh' = sech^2
    return torch.einsum("ij,i->j", W, dz)
'''],
        "wrong": [("no tanh'", '''
def chain_rule_grad(x, W):
    return W.T @ torch.tanh(W @ x)
''', "tanh'"),
                  ("sigmoid-style derivative", '''
def chain_rule_grad(x, W):
    y = torch.tanh(W @ x)
    return W.T @ (y * (1 - y))
''', "1 - tanh(z)^2")],
    },
    "ch01-chain/scalar": {
        "right": ["x = 1.5\ndsin = 2 * x * math.cos(x * x)"],
        "wrong": [("no inner derivative", "dsin = math.cos(1.5 ** 2)", "inner derivative")],
    },
    "ch01-saddle/classify": {
        "right": ['''
def classify_critical_point(H):
    lam = np.linalg.eigvalsh(H.double().numpy())
    if lam.min() > 1e-9:
        return "minimum"
    if lam.max() < -1e-9:
        return "maximum"
    if lam.min() < -1e-9 and lam.max() > 1e-9:
        return "saddle"
    return "degenerate"
'''],
        "wrong": [("determinant", '''
def classify_critical_point(H):
    d = float(torch.det(H))
    return "minimum" if d > 0 else ("saddle" if d < 0 else "degenerate")
''', "determinant"),
                  ("diagonal", '''
def classify_critical_point(H):
    d = torch.diagonal(H)
    if (d > 0).all(): return "minimum"
    if (d < 0).all(): return "maximum"
    if (d > 0).any() and (d < 0).any(): return "saddle"
    return "degenerate"
''', "eigvalsh"),
                  ("a zero eigenvalue checked before the signs", '''
def classify_critical_point(H):
    lam = torch.linalg.eigvalsh(H.double())
    if (lam.abs() <= 1e-9).any():
        return "degenerate"
    if (lam > 0).all(): return "minimum"
    if (lam < 0).all(): return "maximum"
    return "saddle"
''', "whatever the zeros"),
                  ("no tolerance around zero", '''
def classify_critical_point(H):
    lam = torch.linalg.eigvalsh(H.double())
    if (lam > 0).any() and (lam < 0).any(): return "saddle"
    if (lam > 0).all(): return "minimum"
    if (lam < 0).all(): return "maximum"
    return "degenerate"
''', "1e-9")],
    },
    "ch01-saddle/eigs": {
        "right": ["saddle_eigs = [-2.0, 2.0]"],
        "wrong": [("first derivatives", "saddle_eigs = torch.tensor([-1.0, 1.0])", "SECOND")],
    },
    "ch01-saddle/escape": {
        "right": ["y, escape_steps = 1e-6, 0\nwhile abs(y) <= 1:\n    y = y + 0.1 * 2 * y\n    escape_steps += 1"],
        "wrong": [("factor 1 + lr", "escape_steps = math.ceil(math.log(1e6) / math.log(1.1))", "1 + 2 lr"),
                  ("off by one", "escape_steps = 75", "off by one")],
    },
    # ------------------------------------------------------------------ 1.4 probability
    "ch01-distribution/fn": {
        "right": ['''
def is_distribution(p, tol=1e-6):
    vals = p.double().tolist()
    if not vals or any(v != v or v < 0 or v == float("inf") for v in vals):
        return False
    return math.isclose(math.fsum(vals), 1.0, rel_tol=0.0, abs_tol=tol)
'''],
        "wrong": [("exact equality", '''
def is_distribution(p, tol=1e-6):
    return bool((p >= 0).all()) and float(p.sum()) == 1.0
''', "=="),
                  ("sum only", '''
def is_distribution(p, tol=1e-6):
    return abs(float(p.sum()) - 1) <= tol
''', ">= 0"),
                  ("tol ignored", '''
def is_distribution(p, tol=1e-6):
    return bool((p >= 0).all()) and abs(float(p.sum()) - 1) <= 1e-6
''', "using the `tol` argument")],
    },
    "ch01-distribution/peak": {
        "right": ["sigma = 0.1\ndensity_peak = 1 / math.sqrt(2 * math.pi * sigma ** 2)"],
        "wrong": [("capped at 1", "density_peak = 1.0", "not capped"),
                  ("no sigma", "density_peak = 1 / math.sqrt(2 * math.pi)", "sigma")],
    },
    "ch01-distribution/integral": {
        "right": ["xs = np.linspace(-1, 1, 4001)\nys = np.exp(-0.5 * (xs / 0.1) ** 2) / (0.1 * np.sqrt(2 * np.pi))\n"
                  "density_integral = float(((ys[1:] + ys[:-1]) / 2 * np.diff(xs)).sum())"],
        "wrong": [("no dx", "xs = torch.linspace(-1, 1, 20001)\ndensity_integral = float((torch.exp(-0.5 * (xs / 0.1) ** 2) / (0.1 * math.sqrt(2 * math.pi))).sum())", "")],
    },
    "ch01-bayes/fn": {
        "right": ['''
def posterior(prior, sensitivity, specificity):
    odds = prior / (1 - prior) * sensitivity / (1 - specificity)     # posterior odds = prior odds x likelihood ratio
    return odds / (1 + odds)
'''],
        "wrong": [("base-rate neglect", "def posterior(prior, sensitivity, specificity):\n    return sensitivity + 0 * prior\n", "base-rate"),
                  ("specificity as false positives", "def posterior(prior, sensitivity, specificity):\n    return sensitivity * prior / (sensitivity * prior + specificity * (1 - prior))\n", "1 - specificity")],
    },
    "ch01-bayes/first": {
        "right": ["p_disease = 99 / (99 + 495)"],
        "wrong": [("sensitivity", "p_disease = 0.99", "sensitivity")],
    },
    "ch01-bayes/second": {
        "right": ["p1 = 0.0099 / (0.0099 + 0.99 * 0.05)\np_disease_twice = 0.99 * p1 / (0.99 * p1 + 0.05 * (1 - p1))"],
        "wrong": [("restarted from 1%", "p_disease_twice = 1 / 6", "prior")],
    },
    "ch01-mle/fn": {
        "right": ['''
def gaussian_mle(x):
    n = x.shape[0]
    mu = x.sum() / n
    return mu, (x * x).sum() / n - mu * mu if x.dtype == torch.float64 and x.abs().max() < 100 else ((x - mu) ** 2).sum() / n
''', '''
def gaussian_mle(x):
    # plain Python floats are accepted too
    return float(x.mean()), float(x.var(correction=0))
'''],
        "wrong": [("unbiased variance", "def gaussian_mle(x):\n    return x.mean(), x.var()\n", "n - 1"),
                  ("std", "def gaussian_mle(x):\n    return x.mean(), x.std(correction=0)\n", "standard deviation")],
    },
    "ch01-mle/nll": {
        "right": ['''
def gaussian_nll(x, mu, sigma2):
    dist = torch.distributions.Normal(torch.tensor(mu, dtype=x.dtype), torch.tensor(sigma2, dtype=x.dtype).sqrt())
    return -dist.log_prob(x).mean()
''', '''
def gaussian_nll(x, mu, sigma2):
    # a float, as the text allows
    return float((0.5 * math.log(2 * math.pi * sigma2) + (x - mu) ** 2 / (2 * sigma2)).mean())
'''],
        "wrong": [("no constant", "def gaussian_nll(x, mu, sigma2):\n    return ((x - mu) ** 2 / (2 * sigma2)).mean()\n", "constant"),
                  ("sum", "def gaussian_nll(x, mu, sigma2):\n    return (0.5 * math.log(2 * math.pi * sigma2) + (x - mu) ** 2 / (2 * sigma2)).sum()\n", "average")],
    },
    "ch01-boltzmann": {
        "right": ['''
def boltzmann(energies, T=1.0):
    a = -energies / T
    log_z = torch.logsumexp(a, dim=-1, keepdim=True)
    return torch.exp(a - log_z)
'''],
        "wrong": [("sign", '''
def boltzmann(energies, T=1.0):
    a = energies / T
    e = torch.exp(a - a.amax(-1, keepdim=True))
    return e / e.sum(-1, keepdim=True)
''', "sign"),
                  ("overflow", '''
def boltzmann(energies, T=1.0):
    e = torch.exp(-energies / T)
    return e / e.sum(-1, keepdim=True)
''', "overflow"),
                  ("shift by the mean energy only", '''
def boltzmann(energies, T=1.0):
    e = torch.exp(-(energies - energies.mean(-1, keepdim=True)) / T)
    return e / e.sum(-1, keepdim=True)
''', "NaN"),
                  ("built-in", "def boltzmann(energies, T=1.0):\n    return torch.softmax(-energies / T, -1)\n", "without")],
    },
    "ch01-info/entropy": {
        "right": ["def entropy(p):\n    return torch.special.entr(p).sum(-1)\n",
                  "def entropy(p):\n    logs = torch.where(p > 0, p.log(), torch.zeros_like(p))\n    return -(p * logs).sum(-1)\n"],
        "wrong": [("NaN at 0", "def entropy(p):\n    return -(p * p.log()).sum(-1)\n", "NaN"),
                  ("bits", "def entropy(p):\n    return torch.special.entr(p).sum(-1) / math.log(2)\n", "bits")],
    },
    "ch01-info/cross": {
        "right": ["def cross_entropy(p, q):\n    return -(p * torch.where(p > 0, q, torch.ones_like(q)).log()).sum(-1)\n"],
        "wrong": [("swapped", "def cross_entropy(p, q):\n    return -torch.xlogy(q, p).sum(-1)\n", "swapped"),
                  ("bits", "def cross_entropy(p, q):\n    return -torch.xlogy(p, q).sum(-1) / math.log(2)\n", "bits")],
    },
    "ch01-info/kl": {
        "right": ['''
def kl_divergence(p, q):
    H_pq = -torch.xlogy(p, q).sum(-1)      # cross-entropy
    H_p = torch.special.entr(p).sum(-1)    # entropy
    return H_pq - H_p
''', '''
def kl_divergence(p, q):
    terms = torch.where(p > 0, p * (p.log() - q.log()), torch.zeros_like(p))
    return terms.sum(-1)
'''],
        "wrong": [("swapped", "def kl_divergence(p, q):\n    return (torch.xlogy(q, q) - torch.xlogy(q, p)).sum(-1)\n", "swapped"),
                  ("NaN at 0", "def kl_divergence(p, q):\n    return (p * (p / q).log()).sum(-1)\n", "NaN"),
                  ("sign", "def kl_divergence(p, q):\n    return (torch.xlogy(p, q) - torch.xlogy(p, p)).sum(-1)\n", "sign")],
    },
    "ch01-info/asym": {
        "right": ["kl = lambda p, q: float((p * (p / q).log()).sum())\nkl_both = (kl(p_kl, q_kl), kl(q_kl, p_kl))"],
        "wrong": [("order swapped", "kl = lambda p, q: float((p * (p / q).log()).sum())\nkl_both = (kl(q_kl, p_kl), kl(p_kl, q_kl))", "order")],
    },
    "ch01-ce-mle/fn": {
        "right": ['''
def nll_of_labels(logits, labels):
    lse = torch.logsumexp(logits, dim=-1)
    picked = logits.gather(-1, labels[:, None]).squeeze(-1)
    return (lse - picked).mean()
''', '''
def nll_of_labels(logits, labels):
    one_hot = torch.zeros_like(logits)
    one_hot[torch.arange(len(labels)), labels] = 1.0          # the data distribution of each sample
    return -(one_hot * torch.log_softmax(logits, -1)).sum(-1).mean()   # cross-entropy H(one-hot, model)
'''],
        "wrong": [("naive softmax", '''
def nll_of_labels(logits, labels):
    p = logits.exp() / logits.exp().sum(-1, keepdim=True)
    return -p[torch.arange(len(labels)), labels].log().mean()
''', "overflow"),
                  ("sum", '''
def nll_of_labels(logits, labels):
    return -torch.log_softmax(logits, -1)[torch.arange(len(labels)), labels].sum()
''', "SUM"),
                  ("built-in", "def nll_of_labels(logits, labels):\n    return torch.nn.functional.cross_entropy(logits, labels)\n", "without")],
    },
    "ch01-ce-mle/argmin": {
        "right": ["theta_best = heads / flips", "ce = -(0.7 * thetas.log() + 0.3 * (1 - thetas).log())\ntheta_best = thetas[ce.argmin()]"],
        "wrong": [("fraction of tails", "theta_best = 0.3", "fraction of heads")],
    },
    "ch01-ce-mle/min": {
        "right": ["ce_min = -(0.7 * math.log(0.7) + 0.3 * math.log(0.3))"],
        "wrong": [("zero", "ce_min = 0.0", "entropy"),
                  ("bits", "ce_min = -(0.7 * math.log2(0.7) + 0.3 * math.log2(0.3))", "bits"),
                  ("total over the flips", "ce_min = -(7 * math.log(0.7) + 3 * math.log(0.3))", "average")],
    },
}
