"""References for section 1.2 of chapter 01: shapes, the cost of a product, transposes in the backward
pass, rank and low-rank factorisation (LoRA), eigen- and singular values, conditioning and gradient
descent. Every expected value is computed here, never typed in."""
from __future__ import annotations

import math

import torch

__all__ = [
    "shape_layer", "shape_batched", "shape_gram",
    "matmul_by_hand", "layer_multiply_adds",
    "linear_backward",
    "RANK_M", "rank_of_M", "storage_1000_rank_50", "lora_counts",
    "low_rank_factors",
    "SYM_S", "eigs_S", "NILPOTENT", "nilpotent_rank_and_eigs", "SHEAR", "shear_condition_numbers",
    "gradient_descent", "VALLEY_ANGLE", "VALLEY_EIGS", "valley_H", "valley_lr_max", "valley_kappa",
]


def _meta(*shape):
    return torch.empty(*shape, device="meta")


# ------------------------------------------------------------------ 004:M1 shapes

def shape_layer():
    """A batch of 32 inputs of width 512 through a layer with weight (512, 2048)."""
    return tuple((_meta(32, 512) @ _meta(512, 2048)).shape)


def shape_batched():
    """(8, 32, 512) @ (512, 64): the weight broadcasts over the leading dimension."""
    return tuple((_meta(8, 32, 512) @ _meta(512, 64)).shape)


def shape_gram():
    """X of shape (32, 512): X @ X.T (the inner dims of X @ X do not match)."""
    X = _meta(32, 512)
    return tuple((X @ X.T).shape)


# ------------------------------------------------------------------ 004:M2 the summation and its cost

def matmul_by_hand(A, B):
    """(C, number of multiply-adds) for C = A @ B with A (m, k), B (k, n)."""
    m, k = A.shape
    n = B.shape[1]
    return A @ B, m * k * n


def layer_multiply_adds():
    """Multiply-adds of the (32, 512) @ (512, 2048) layer."""
    m, k = 32, 512
    n = shape_layer()[1]
    return m * k * n


# ------------------------------------------------------------------ 004:M3 transposes in the backward pass

def linear_backward(X, W, dY):
    """For Y = X W and upstream gradient dY = dL/dY: (dL/dX, dL/dW), computed by autograd."""
    X = X.detach().clone().requires_grad_(True)
    W = W.detach().clone().requires_grad_(True)
    Y = X @ W
    dX, dW = torch.autograd.grad(Y, (X, W), grad_outputs=dY)
    return dX.detach(), dW.detach()


# ------------------------------------------------------------------ 004:M4 rank, low rank, LoRA

RANK_M = [[1.0, 2.0, 0.0, 1.0],
          [0.0, 1.0, 1.0, 2.0],
          [1.0, 3.0, 1.0, 3.0],     # row 0 + row 1
          [2.0, 4.0, 0.0, 2.0]]     # 2 * row 0


def rank_of_M():
    return int(torch.linalg.matrix_rank(torch.tensor(RANK_M, dtype=torch.float64)))


def storage_1000_rank_50():
    """(values stored for the full 1000 x 1000 matrix, values stored for its (1000, 50) @ (50, 1000) factors)."""
    d, r = 1000, 50
    return (d * d, d * r + r * d)


def lora_counts():
    """A 4096 x 4096 weight, LoRA rank 8: (full fine-tuning params, LoRA params B (d, r) + A (r, d), fraction)."""
    d, r = 4096, 8
    full, lora = d * d, d * r + r * d
    return (full, lora, lora / full)


def low_rank_factors(W, r):
    """The best rank-r approximation (Eckart-Young) as factors (B (m, r), A (r, n)) with B @ A = W_r."""
    U, S, Vh = torch.linalg.svd(W.to(torch.float64), full_matrices=False)
    B = (U[:, :r] * S[:r]).to(W.dtype)
    A = Vh[:r].to(W.dtype)
    return B, A


# ------------------------------------------------------------------ 004:M5 eigenvalues, singular values, conditioning

SYM_S = [[2.0, 1.0], [1.0, 2.0]]
NILPOTENT = [[0.0, 1.0], [0.0, 0.0]]
SHEAR = [[1.0, 100.0], [0.0, 1.0]]


def eigs_S():
    """Eigenvalues of the symmetric S, ascending."""
    return torch.linalg.eigvalsh(torch.tensor(SYM_S, dtype=torch.float64))


def nilpotent_rank_and_eigs():
    """(rank, number of non-zero eigenvalues) of [[0, 1], [0, 0]]: rank is NOT the count of non-zero eigenvalues."""
    N = torch.tensor(NILPOTENT, dtype=torch.float64)
    eig = torch.linalg.eigvals(N)
    return (int(torch.linalg.matrix_rank(N)), int((eig.abs() > 1e-12).sum()))


def shear_condition_numbers():
    """(|lambda_max| / |lambda_min|, sigma_max / sigma_min) of [[1, 100], [0, 1]]."""
    A = torch.tensor(SHEAR, dtype=torch.float64)
    lam = torch.linalg.eigvals(A).abs()
    s = torch.linalg.svdvals(A)
    return (float(lam.max() / lam.min()), float(s.max() / s.min()))


def gradient_descent(H, x0, lr, steps):
    """Gradient descent on f(x) = 1/2 x^T H x: the trajectory x_0, ..., x_steps, shape (steps + 1, d)."""
    xs = [x0]
    x = x0
    for _ in range(steps):
        x = x - lr * (H @ x)
        xs.append(x)
    return torch.stack(xs)


VALLEY_ANGLE = 30.0          # degrees: the valley is rotated, not aligned with the axes
VALLEY_EIGS = (1.0, 20.0)


def valley_H():
    t = math.radians(VALLEY_ANGLE)
    R = torch.tensor([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]], dtype=torch.float64)
    return R @ torch.diag(torch.tensor(VALLEY_EIGS, dtype=torch.float64)) @ R.T


def valley_lr_max():
    """Gradient descent on 1/2 x^T H x converges iff 0 < lr < 2 / lambda_max."""
    return float(2.0 / torch.linalg.eigvalsh(valley_H()).max())


def valley_kappa():
    lam = torch.linalg.eigvalsh(valley_H())
    return float(lam.max() / lam.min())
