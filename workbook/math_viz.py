"""Pictures and widgets for chapter 01 (math foundations): vectors and projections, Lp unit balls,
matrix-product timing, gradient descent in a valley, steepest ascent, saddles, Boltzmann / softmax,
Gaussian likelihood, and cross-entropy against a parameter.

Every ``*_widget`` builds an ``ipywidgets.interactive`` around a ``*_view`` function; call the view once
directly as well, so a notebook executed without a browser still shows a static picture. Views never
raise: a bad setting (or an unfinished exercise passed in) prints a sentence instead of a traceback.
"""
from __future__ import annotations

import math
import time
from typing import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch

from .widgets import interactive, safe_view, unattended

__all__ = ["vectors_view", "vectors_widget", "unit_balls", "matmul_timing", "valley_view", "valley_widget",
           "lr_limit_plot", "steepest_ascent_view", "steepest_ascent_widget", "saddle_escape_plot",
           "boltzmann_view", "boltzmann_widget", "gaussian_nll_plot", "coin_cross_entropy_plot"]


# ------------------------------------------------------------------ 1.1 vectors

@safe_view
def vectors_view(angle: float = 60.0, length_a: float = 2.0, length_b: float = 3.0,
                 dot: Callable | None = None, cosine: Callable | None = None, project: Callable | None = None):
    """a (at `angle` degrees from b) and b along the x axis; the projection of a onto b drawn. The numbers
    come from the functions passed in (the learner's), or from the formulas when none are given."""
    t = math.radians(angle)
    a = torch.tensor([length_a * math.cos(t), length_a * math.sin(t)], dtype=torch.float64)
    b = torch.tensor([length_b, 0.0], dtype=torch.float64)
    d = float(dot(a, b)) if dot else float((a * b).sum())
    c = float(cosine(a, b)) if cosine else d / (length_a * length_b) if length_a * length_b else 0.0
    if project:
        comp, vec = project(a, b)
        comp, vec = float(comp), torch.as_tensor(vec, dtype=torch.float64)
    else:
        comp = d / length_b
        vec = comp / length_b * b
    fig, ax = plt.subplots(figsize=(6.2, 4.4))
    lim = max(length_a, length_b) * 1.25
    arrow = dict(angles="xy", scale_units="xy", scale=1, width=0.012)
    ax.quiver(0, 0, *b.tolist(), color="C0", **arrow, label=f"b  (|b| = {length_b:.2f})")
    ax.quiver(0, 0, *a.tolist(), color="C1", **arrow, label=f"a  (|a| = {length_a:.2f})")
    ax.quiver(0, 0, *vec.tolist(), color="C3", **arrow, label=f"proj_b(a), comp = {comp:+.2f}")
    ax.plot([a[0], vec[0]], [a[1], vec[1]], "k--", lw=1)
    ax.axhline(0, color="gray", lw=0.5)
    ax.axvline(0, color="gray", lw=0.5)
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal",
           title=f"θ = {angle:.0f}°   a·b = {d:+.2f}   cos θ = {c:+.3f}\n"
                 f"a·b = comp_b(a) × |b| = {comp:+.2f} × {length_b:.2f}")
    ax.legend(loc="lower left", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    plt.show()


def vectors_widget(dot=None, cosine=None, project=None):
    """Sliders: the angle between a and b (0 to 180 degrees) and their lengths."""
    if unattended():
        return None                     # nobody to move a slider: the static view is drawn
    import ipywidgets as widgets
    return interactive(
        lambda angle, length_a, length_b: vectors_view(angle, length_a, length_b, dot, cosine, project),
        angle=widgets.FloatSlider(value=60, min=0, max=180, step=5, description="angle (°)", continuous_update=False),
        length_a=widgets.FloatSlider(value=2, min=0, max=4, step=0.25, description="|a|", continuous_update=False),
        length_b=widgets.FloatSlider(value=3, min=0.25, max=4, step=0.25, description="|b|", continuous_update=False))


@safe_view
def unit_balls(norm: Callable, ps: Sequence[float] = (0.5, 1, 1.5, 2, 4, math.inf), n: int = 301):
    """The level set ||v||_p = 1 in the plane for several p, drawn from `norm(v, p)` on a grid
    (the learner's norm produces the contours)."""
    xs = torch.linspace(-1.3, 1.3, n, dtype=torch.float64)
    X, Y = torch.meshgrid(xs, xs, indexing="xy")
    grid = torch.stack([X, Y], dim=-1)
    fig, ax = plt.subplots(figsize=(5.6, 5.2))
    for i, p in enumerate(ps):
        values = torch.as_tensor(norm(grid, p), dtype=torch.float64)
        ax.contour(X.numpy(), Y.numpy(), values.numpy(), levels=[1.0], colors=[f"C{i}"], linewidths=1.8)
        label = "∞" if math.isinf(p) else f"{p:g}"
        ax.plot([], [], color=f"C{i}", label=f"p = {label}" + ("  (not a norm)" if p < 1 else ""))
    ax.set(aspect="equal", title="unit 'circles' ‖v‖_p = 1", xlabel="v₁", ylabel="v₂")
    ax.axhline(0, color="gray", lw=0.5)
    ax.axvline(0, color="gray", lw=0.5)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    plt.show()


# ------------------------------------------------------------------ 1.2 matrices

def matmul_timing(sizes: Sequence[tuple[int, int, int]] = ((128, 128, 128), (256, 256, 256)), repeats: int = 20):
    """Measure (m, k) @ (k, n) on the CPU for each size: multiply-adds, median seconds, GFLOP/s. Printed and
    returned as a list of dicts. Timings are noisy: they are shown, never graded."""
    rows = []
    for m, k, n in sizes:
        A, B = torch.randn(m, k), torch.randn(k, n)
        A @ B                                   # warm-up
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            A @ B
            times.append(time.perf_counter() - t0)
        sec = float(np.median(times))
        macs = m * k * n
        rows.append({"shape": f"({m}, {k}) @ ({k}, {n})", "multiply_adds": macs, "seconds": sec,
                     "gflops": 2 * macs / sec / 1e9})
    print(f"{'product':>28} {'multiply-adds':>14} {'median time':>12} {'GFLOP/s':>8}")
    for r in rows:
        print(f"{r['shape']:>28} {r['multiply_adds']:>14,} {r['seconds'] * 1e6:>10.1f}µs {r['gflops']:>8.1f}")
    if len(rows) >= 2:
        print(f"cost ratio {rows[-1]['multiply_adds'] / rows[0]['multiply_adds']:.1f}x, "
              f"time ratio {rows[-1]['seconds'] / rows[0]['seconds']:.1f}x "
              "(small products are dominated by overhead and cache effects, so the time ratio is usually smaller)")
    return rows


def _quadratic_contours(ax, H, lim):
    xs = np.linspace(-lim, lim, 200)
    X, Y = np.meshgrid(xs, xs)
    Hn = np.asarray(H, dtype=float)
    Z = 0.5 * (Hn[0, 0] * X ** 2 + (Hn[0, 1] + Hn[1, 0]) * X * Y + Hn[1, 1] * Y ** 2)
    ax.contour(X, Y, Z, levels=np.geomspace(0.02, max(Z.max(), 0.03), 12), colors="gray", linewidths=0.6)


@safe_view
def valley_view(H, gd: Callable, lr: float = 0.09, steps: int = 30, x0=(2.0, 1.0), ax=None):
    """Gradient descent on f(x) = 1/2 x^T H x, steps drawn over the contours (`gd` is the learner's)."""
    H = torch.as_tensor(H, dtype=torch.float64)
    traj = torch.as_tensor(gd(H, torch.tensor(x0, dtype=torch.float64), lr, steps), dtype=torch.float64)
    lam = torch.linalg.eigvalsh(H)
    show = ax is None
    if ax is None:
        _, ax = plt.subplots(figsize=(5.4, 4.6))
    lim = 2.6
    _quadratic_contours(ax, H.numpy(), lim)
    pts = traj.clamp(-50, 50).numpy()
    ax.plot(pts[:, 0], pts[:, 1], "o-", ms=3, lw=1, color="C3")
    ax.plot(0, 0, "k*", ms=10)
    final = float(torch.linalg.vector_norm(traj[-1]))
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal",
           title=f"lr = {lr:.3f} (2/λ_max = {2 / float(lam.max()):.3f}), |x_{steps}| = {final:.2g}")
    if show:
        plt.show()
    return ax


def valley_widget(H, gd: Callable):
    """A slider over the learning rate, from far below to just past 2 / lambda_max."""
    if unattended():
        return None                     # nobody to move a slider: the static view is drawn
    import ipywidgets as widgets
    top = 2 / float(torch.linalg.eigvalsh(torch.as_tensor(H, dtype=torch.float64)).max())
    return interactive(lambda lr, steps: valley_view(H, gd, lr, steps),
                        lr=widgets.FloatSlider(value=0.5 * top, min=0.05 * top, max=1.1 * top, step=0.01 * top,
                                               readout_format=".3f", description="lr", continuous_update=False),
                        steps=widgets.IntSlider(value=30, min=1, max=100, description="steps", continuous_update=False))


@safe_view
def lr_limit_plot(H, gd: Callable, steps: int = 40, x0=(2.0, 1.0)):
    """Three learning rates side by side, (0.5, 0.97, 1.03) x 2/lambda_max, and |x_t| against t."""
    H = torch.as_tensor(H, dtype=torch.float64)
    top = 2 / float(torch.linalg.eigvalsh(H).max())
    factors = (0.5, 0.97, 1.03)
    gd(H, torch.tensor(x0, dtype=torch.float64), 0.5 * top, 1)    # an unfinished `gd` stops here, with one message
    fig, axes = plt.subplots(1, 4, figsize=(17, 4.1))
    for ax, f in zip(axes, factors):
        valley_view(H, gd, f * top, steps, x0, ax=ax)
    for f in factors:
        traj = torch.as_tensor(gd(H, torch.tensor(x0, dtype=torch.float64), f * top, steps), dtype=torch.float64)
        axes[-1].semilogy(torch.linalg.vector_norm(traj, dim=-1).numpy(), label=f"lr = {f:.2f} × 2/λ_max")
    axes[-1].set(title="distance to the minimum", xlabel="step", ylabel="|x_t|")
    axes[-1].legend(fontsize=8)
    axes[-1].grid(alpha=0.3)
    fig.tight_layout()
    plt.show()


# ------------------------------------------------------------------ 1.3 calculus

@safe_view
def steepest_ascent_view(f: Callable, point=(1.0, 1.0), angle: float = 0.0, lim: float = 2.5):
    """Left: contours of f, the gradient at `point` and a unit direction u at `angle`. Right: the
    directional derivative grad f . u for every direction, peaking at the gradient's direction with the
    value ||grad f||."""
    p = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(f(p), p)
    p = p.detach()
    xs = torch.linspace(-lim, lim, 200, dtype=torch.float64)
    X, Y = torch.meshgrid(xs, xs, indexing="xy")
    Z = f(torch.stack([X, Y], -1))
    fig, (a0, a1) = plt.subplots(1, 2, figsize=(11, 4.4))
    a0.contour(X.numpy(), Y.numpy(), Z.numpy(), levels=15, cmap="viridis", linewidths=0.8)
    a0.contour(X.numpy(), Y.numpy(), Z.numpy(), levels=[float(f(p))], colors="k", linewidths=1.6)
    t = math.radians(angle)
    u = torch.tensor([math.cos(t), math.sin(t)], dtype=torch.float64)
    gn = float(torch.linalg.vector_norm(g))
    arrow = dict(angles="xy", scale_units="xy", scale=1, width=0.01)
    a0.quiver(*p.tolist(), *(g / gn).tolist(), color="C3", **arrow, label="grad f / |grad f|")
    a0.quiver(*p.tolist(), *u.tolist(), color="C1", **arrow, label=f"u at {angle:.0f}°")
    a0.set(aspect="equal", title="the gradient is normal to the level set (black)", xlim=(-lim, lim), ylim=(-lim, lim))
    a0.legend(fontsize=8, loc="lower left")
    thetas = torch.linspace(0, 2 * math.pi, 361, dtype=torch.float64)
    dirs = torch.stack([thetas.cos(), thetas.sin()], -1)
    a1.plot(torch.rad2deg(thetas).numpy(), (dirs @ g).numpy(), label="grad f · u")
    a1.axhline(gn, color="C3", ls="--", lw=1, label=f"|grad f| = {gn:.3f}")
    a1.axvline(angle % 360, color="C1", lw=1)
    a1.plot([angle % 360], [float(u @ g)], "o", color="C1")
    a1.set(xlabel="direction of u (degrees)", ylabel="rate of increase",
           title=f"D_u f = {float(u @ g):+.3f} along u")
    a1.legend(fontsize=8)
    a1.grid(alpha=0.3)
    fig.tight_layout()
    plt.show()


def steepest_ascent_widget(f: Callable, point=(1.0, 1.0)):
    if unattended():
        return None                     # nobody to move a slider: the static view is drawn
    import ipywidgets as widgets
    return interactive(lambda angle: steepest_ascent_view(f, point, angle),
                        angle=widgets.FloatSlider(value=0, min=0, max=360, step=5, description="u angle (°)",
                                                  continuous_update=False))


@safe_view
def saddle_escape_plot(steps: int = 90, lr: float = 0.1, noise: float = 0.01, momentum: float = 0.9, seed: int = 0):
    """f(x, y) = x^2 - y^2: plain gradient descent from (1, 0) converges to the saddle; GD with a little noise
    escapes; from the tiny perturbation (1, 1e-6), momentum escapes far sooner than plain GD (growth factor
    about 1.5 per step against 1.2)."""
    gen = torch.Generator().manual_seed(seed)
    grad = lambda p: torch.stack([2 * p[0], -2 * p[1]])  # noqa: E731
    paths = {}
    p = torch.tensor([1.0, 0.0], dtype=torch.float64)
    path = [p]
    for _ in range(steps):
        p = p - lr * grad(p)
        path.append(p)
    paths["plain GD from (1, 0)"] = path
    p = torch.tensor([1.0, 0.0], dtype=torch.float64)
    path = [p]
    for _ in range(steps):
        p = p - lr * grad(p) + noise * torch.randn(2, generator=gen, dtype=torch.float64)
        path.append(p)
    paths[f"GD + noise (std {noise})"] = path
    p, v = torch.tensor([1.0, 1e-6], dtype=torch.float64), torch.zeros(2, dtype=torch.float64)
    path = [p]
    for _ in range(steps):
        v = momentum * v - lr * grad(p)
        p = p + v
        path.append(p)
    paths[f"momentum {momentum}, from (1, 1e-6)"] = path
    p = torch.tensor([1.0, 1e-6], dtype=torch.float64)
    path = [p]
    for _ in range(steps):
        p = p - lr * grad(p)
        path.append(p)
    paths["plain GD from (1, 1e-6)"] = path
    fig, (a0, a1) = plt.subplots(1, 2, figsize=(11, 4.2))
    xs = np.linspace(-1.5, 1.5, 200)
    X, Y = np.meshgrid(xs, xs)
    a0.contour(X, Y, X ** 2 - Y ** 2, levels=21, cmap="coolwarm", linewidths=0.7)
    for i, (label, path) in enumerate(paths.items()):
        pts = torch.stack(path).clamp(-1.5, 1.5).numpy()
        a0.plot(pts[:, 0], pts[:, 1], ".-", ms=3, lw=1, color=f"C{i}", label=label)
        a1.semilogy([max(abs(float(q[1])), 1e-12) for q in path], color=f"C{i}", label=label)
    a0.plot(0, 0, "k*", ms=10)
    a0.set(aspect="equal", title="f(x, y) = x² − y²: the saddle at the origin", xlim=(-1.5, 1.5), ylim=(-1.5, 1.5))
    a0.legend(fontsize=7, loc="lower left")
    a1.axhline(1.0, color="k", lw=0.8, ls="--")
    a1.set(title="|y| (distance from the ridge line y = 0)", xlabel="step", ylabel="|y|", ylim=(1e-12, 1e3))
    a1.grid(alpha=0.3)
    a1.legend(fontsize=7)
    fig.tight_layout()
    plt.show()


# ------------------------------------------------------------------ 1.4 probability

@safe_view
def boltzmann_view(energies, T: float = 1.0, boltzmann: Callable | None = None, labels: Sequence[str] | None = None):
    """Bars of p_i = exp(-E_i / T) / Z (from `boltzmann`, the learner's, when given), and the entropy."""
    E = torch.as_tensor(energies, dtype=torch.float64)
    T = max(float(T), 1e-3)
    p = torch.as_tensor(boltzmann(E, T) if boltzmann else torch.softmax(-E / T, -1), dtype=torch.float64)
    H = float(torch.special.entr(p).sum())
    fig, (a0, a1) = plt.subplots(1, 2, figsize=(10, 3.4))
    names = list(labels) if labels is not None else [f"E={e:g}" for e in E.tolist()]
    a0.bar(names, E.numpy(), color="gray")
    a0.set(title="energies (softmax logits are −E)", ylabel="E")
    a1.bar(names, p.numpy(), color="C0")
    a1.axhline(1 / len(E), color="k", ls=":", lw=1)
    a1.set(ylim=(0, 1), title=f"T = {T:.2f}: entropy {H:.3f} nats (max ln {len(E)} = {math.log(len(E)):.3f})",
           ylabel="probability")
    for ax in (a0, a1):
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    plt.show()


def boltzmann_widget(energies, boltzmann: Callable | None = None, labels=None):
    if unattended():
        return None                     # nobody to move a slider: the static view is drawn
    import ipywidgets as widgets
    return interactive(lambda T: boltzmann_view(energies, T, boltzmann, labels),
                        T=widgets.FloatLogSlider(value=1.0, base=10, min=-2, max=2, step=0.05, description="T",
                                                 continuous_update=False))


@safe_view
def gaussian_nll_plot(x, nll: Callable, mle: Callable | None = None):
    """The average NLL of data x as a function of mu (sigma^2 fixed at the MLE) and of sigma^2 (mu fixed
    at the MLE), from the learner's `nll`; the learner's MLE marked."""
    x = torch.as_tensor(x, dtype=torch.float64)
    mu_hat = float(x.mean()) if mle is None else float(mle(x)[0])
    s2_hat = float(((x - x.mean()) ** 2).mean()) if mle is None else float(mle(x)[1])
    mus = torch.linspace(mu_hat - 3, mu_hat + 3, 241, dtype=torch.float64)
    s2s = torch.linspace(0.2 * s2_hat, 3 * s2_hat, 241, dtype=torch.float64)
    f_mu = [float(nll(x, float(m), s2_hat)) for m in mus]
    f_s2 = [float(nll(x, mu_hat, float(s))) for s in s2s]
    fig, (a0, a1) = plt.subplots(1, 2, figsize=(10, 3.5))
    a0.plot(mus.numpy(), f_mu)
    a0.axvline(mu_hat, color="C3", ls="--", label=f"sample mean {mu_hat:.3f}")
    a0.set(xlabel="μ", ylabel="average NLL", title="NLL against μ")
    a1.plot(s2s.numpy(), f_s2)
    a1.axvline(s2_hat, color="C3", ls="--", label=f"1/n variance {s2_hat:.3f}")
    n = len(x)
    a1.axvline(s2_hat * n / (n - 1), color="C2", ls=":", label=f"1/(n−1) variance {s2_hat * n / (n - 1):.3f}")
    a1.set(xlabel="σ²", title="NLL against σ²")
    for ax in (a0, a1):
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    plt.show()


@safe_view
def coin_cross_entropy_plot(heads: int, flips: int, thetas=None):
    """Cross-entropy between the data (heads/flips) and Bernoulli(theta), which equals the average NLL,
    against theta; its minimum sits at the MLE heads / flips, at the height of the data's entropy."""
    thetas = torch.linspace(0.01, 0.99, 99, dtype=torch.float64) if thetas is None else torch.as_tensor(thetas)
    f = heads / flips
    ce = -(f * torch.log(thetas) + (1 - f) * torch.log1p(-thetas))
    data = torch.tensor([1.0] * heads + [0.0] * (flips - heads), dtype=torch.float64)
    nll = torch.stack([-(data * torch.log(t) + (1 - data) * torch.log1p(-t)).mean() for t in thetas])
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.plot(thetas.numpy(), ce.numpy(), lw=3, alpha=0.5, label="cross-entropy H(p̂, Bernoulli(θ))")
    ax.plot(thetas.numpy(), nll.numpy(), "k--", lw=1, label="average −log-likelihood of the flips")
    ax.axvline(f, color="C3", ls=":", label=f"MLE θ = {heads}/{flips}")
    ent = -(f * math.log(f) + (1 - f) * math.log(1 - f)) if 0 < f < 1 else 0.0
    ax.axhline(ent, color="gray", ls=":", label=f"entropy of the data {ent:.3f}")
    ax.set(xlabel="θ", ylabel="nats", ylim=(0, 2.5), title="the same curve: minimising CE = maximising likelihood")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    plt.show()
