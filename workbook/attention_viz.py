"""Pictures and widgets for chapter 03 (attention worked by hand): temperature, d_k, saturation.

Every ``*_widget`` builds an ``ipywidgets.interactive`` around a ``*_view`` function; call the view
once directly as well, so a notebook executed without a browser still shows a static picture. Views
never raise: a bad setting prints a sentence instead of a traceback.
"""
from __future__ import annotations

import math
from typing import Sequence

import matplotlib.pyplot as plt
import torch

from . import plots

from .widgets import interactive, safe_view, unattended

__all__ = ["temperature_view", "temperature_widget", "dk_view", "dk_widget",
           "variance_plot", "saturation_plot", "jacobian_norm_plot", "mask_pair"]

DK_CHOICES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]


def _entropy(p: torch.Tensor) -> torch.Tensor:
    return torch.special.entr(p).sum(-1)


@safe_view
def temperature_view(scores, tokens: Sequence[str], temperature: float = 1.0):
    """softmax(scores / temperature), row by row: one bar chart per query and the weight heatmap."""
    s = torch.as_tensor(scores, dtype=torch.float64)
    t = max(float(temperature), 1e-3)
    w = torch.softmax(s / t, dim=-1)
    n = s.shape[0]
    fig, axes = plt.subplots(1, n + 1, figsize=(3.0 * n + 4.2, 3.2),
                             gridspec_kw={"width_ratios": [1] * n + [1.4]})
    for i in range(n):
        ax = axes[i]
        ax.bar(list(tokens), w[i].numpy(), color=["C0" if j != int(w[i].argmax()) else "C3" for j in range(len(tokens))])
        ax.set_ylim(0, 1)
        ax.set_title(f"query '{tokens[i]}'\nentropy {_entropy(w[i]).item():.2f} nats", fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    plots.heatmap(w, tokens, tokens, title=f"weights at temperature {t:.2f}", ax=axes[-1], vmax=1.0)
    fig.suptitle("lower temperature (larger scores) = sharper weights; higher = flatter", fontsize=10)
    fig.tight_layout()
    plt.show()


def temperature_widget(scores, tokens: Sequence[str]):
    """A log slider for the temperature (0.1 to 10) over fixed scores."""
    if unattended():
        return None                     # nobody to move a slider: the static view is drawn
    import ipywidgets as widgets
    slider = widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.05, description="temperature",
                                    continuous_update=False)
    return interactive(lambda temperature: temperature_view(scores, tokens, temperature),
                               temperature=slider)


@safe_view
def dk_view(d_k: int = 64, n_keys: int = 16, n_samples: int = 4000, seed: int = 0):
    """Random q.k for one d_k: the spread of the raw and the scaled scores, and one softmax row of each."""
    d_k = int(d_k)
    gen = torch.Generator().manual_seed(seed)
    q = torch.randn(n_samples, d_k, generator=gen)
    k = torch.randn(n_samples, d_k, generator=gen)
    dots = (q * k).sum(-1)
    scaled = dots / math.sqrt(d_k)
    row_q = torch.randn(d_k, generator=gen)
    row_k = torch.randn(n_keys, d_k, generator=gen)
    raw_row = row_k @ row_q
    w_raw, w_scaled = torch.softmax(raw_row, -1), torch.softmax(raw_row / math.sqrt(d_k), -1)

    fig, (a0, a1) = plt.subplots(1, 2, figsize=(11, 3.4))
    lim = max(4.0, 4 * math.sqrt(d_k))
    bins = torch.linspace(-lim, lim, 61).numpy()
    a0.hist(dots.numpy(), bins=bins, alpha=0.6, density=True, label=f"q·k (var {dots.var():.1f})")
    a0.hist(scaled.numpy(), bins=bins, alpha=0.6, density=True, label=f"q·k/√d_k (var {scaled.var():.2f})")
    a0.set(title=f"dot products of random unit-variance vectors, d_k = {d_k}", xlabel="score", ylabel="density")
    a0.legend(fontsize=9)
    x = torch.arange(n_keys)
    a1.bar((x - 0.2).numpy(), w_raw.numpy(), width=0.4, label=f"unscaled: max {w_raw.max():.2f}")
    a1.bar((x + 0.2).numpy(), w_scaled.numpy(), width=0.4, label=f"scaled: max {w_scaled.max():.2f}")
    a1.set(title=f"one query's softmax over {n_keys} keys", xlabel="key", ylabel="weight", ylim=(0, 1))
    a1.legend(fontsize=9)
    a1.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    plt.show()


def dk_widget(n_keys: int = 16):
    """A slider over d_k (1 to 1024, powers of two)."""
    if unattended():
        return None                     # nobody to move a slider: the static view is drawn
    import ipywidgets as widgets
    slider = widgets.SelectionSlider(options=DK_CHOICES, value=64, description="d_k", continuous_update=False)
    seed = widgets.IntSlider(value=0, min=0, max=20, description="seed", continuous_update=False)
    return interactive(lambda d_k, seed: dk_view(d_k, n_keys=n_keys, seed=seed), d_k=slider, seed=seed)


def variance_plot(d_ks, variances, scaled_variances):
    """Measured Var(q.k) against d_k (log-log), with the lines y = d_k and y = 1."""
    fig, ax = plt.subplots(figsize=(6, 4))
    d = torch.as_tensor(list(d_ks), dtype=torch.float64)
    ax.plot(d.numpy(), d.numpy(), "k--", lw=1, label="y = d_k (theory, unscaled)")
    ax.plot(d.numpy(), torch.ones_like(d).numpy(), "k:", lw=1, label="y = 1 (theory, scaled)")
    ax.plot(d.numpy(), list(variances), "o", ms=7, label="measured Var(q·k)")
    ax.plot(d.numpy(), list(scaled_variances), "s", ms=6, label="measured Var(q·k / √d_k)")
    ax.set(xscale="log", yscale="log", xlabel="d_k", ylabel="variance", title="variance of a dot product grows like d_k")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=9)
    return ax


def saturation_plot(d_ks, unscaled, scaled, n_keys: int = 16):
    """Mean largest softmax weight against d_k, with and without the 1/sqrt(d_k)."""
    ax = plots.curves(list(d_ks), {"unscaled q·k": list(unscaled), "scaled q·k / √d_k": list(scaled)},
                      title=f"largest softmax weight over {n_keys} random keys", xlabel="d_k",
                      ylabel="mean largest weight", logx=True)
    ax.axhline(1.0, color="k", lw=0.8, ls="--")
    ax.axhline(1 / n_keys, color="gray", lw=0.8, ls=":")
    ax.text(list(d_ks)[0], 1 / n_keys + 0.02, "uniform 1/n", color="gray", fontsize=8)
    ax.set_ylim(0, 1.05)
    return ax


def jacobian_norm_plot(scales, norms, marks: dict[str, float] | None = None):
    """Norm of the softmax Jacobian against the scale of the scores; optional labelled vertical marks."""
    ax = plots.curves(list(scales), {"‖diag(p) − p pᵀ‖": list(norms)}, logx=True, marker=".",
                      title="how much gradient gets through the softmax", xlabel="scale of the scores (spread)",
                      ylabel="Frobenius norm of the Jacobian")
    top = ax.get_ylim()[1]
    for i, (label, x) in enumerate((marks or {}).items()):
        ax.axvline(x, color="gray", lw=0.8, ls="--")
        ax.text(x, top * (0.95 - 0.07 * i), " " + label, fontsize=8, color="dimgray", va="top")
    return ax


def mask_pair(mask, weights, tokens: Sequence[str], title: str = "causal attention"):
    """A boolean mask next to the weights it produces."""
    fig, (a0, a1) = plt.subplots(1, 2, figsize=(10, 4))
    plots.heatmap(torch.as_tensor(mask).float(), tokens, tokens, title="mask (black = may attend)", ax=a0, cmap="Greys", annotate=False,
                  vmax=1.0)
    plots.heatmap(weights, tokens, tokens, title=title, ax=a1, vmax=1.0)
    fig.tight_layout()
    return fig
