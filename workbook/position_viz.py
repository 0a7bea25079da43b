"""Pictures and widgets for the multi-head attention and positional-encoding sections of chapter 03.

Every function here takes the learner's own functions as arguments (so nothing is given away) and
never raises: if the learner's function is missing or wrong, it prints what went wrong instead.
Each widget's drawing function can also be called directly, which is what the notebook does once so
that a notebook executed without a display still shows a static picture.
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

import matplotlib.pyplot as plt
import torch

from . import plots

from .widgets import interactive, safe_view, unattended

__all__ = ["heatmap_row", "encoding_heatmap", "show_sinusoids", "sinusoid_explorer",
           "show_rope_offset", "rope_explorer"]


def _numpy(value):
    if isinstance(value, torch.Tensor):
        return value.detach().double().cpu().numpy()
    return value


# ---------------------------------------------------------------------------------------------- heatmaps

def heatmap_row(matrices: Sequence, titles: Sequence[str], row_labels=None, col_labels=None,
                xlabel: str = "key (attended to)", ylabel: str = "query (attending)",
                vmin: float | None = 0.0, vmax: float | None = 1.0, cmap: str = "viridis", suptitle: str = "",
                annotate: bool | None = None):
    """Several 2-D matrices side by side (e.g. one attention-weight heatmap per head)."""
    n = len(matrices)
    fig, axes = plt.subplots(1, n, figsize=(4.2 * n, 3.6), squeeze=False)
    for ax, m, title in zip(axes[0], matrices, titles):
        plots.heatmap(m, row_labels, col_labels, title=title, ax=ax, xlabel=xlabel, ylabel=ylabel,
                      vmin=vmin, vmax=vmax, cmap=cmap, annotate=annotate)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def encoding_heatmap(pe, ax=None, title: str = "positional encoding PE[pos, j]"):
    """Positions down, dimensions across, -1 (blue) to +1 (red)."""
    pe = _numpy(pe)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    image = ax.imshow(pe, aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1, interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    ax.set(xlabel="dimension j", ylabel="position pos", title=title)
    return ax


# ---------------------------------------------------------------------------------------------- sinusoids

@safe_view
def show_sinusoids(encoding_fn: Callable, n_positions: int = 64, d_model: int = 32, column: int = 0):
    """Left: the whole encoding. Middle: columns `column` and `column + 1` (a sine and its cosine)
    against position. Right: the similarity PE[0] . PE[k] / |PE|^2 against the distance k."""
    pe = torch.as_tensor(_numpy(encoding_fn(n_positions, d_model))).double()
    if tuple(pe.shape) != (n_positions, d_model):
        print(f"(your encoding has shape {tuple(pe.shape)}, expected {(n_positions, d_model)})")
        return None
    column = max(0, min(column - column % 2, d_model - 1))
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    encoding_heatmap(pe, ax=axes[0], title=f"PE for {n_positions} positions, d_model = {d_model}")
    pos = range(n_positions)
    ys = {f"column {column} (sin)": pe[:, column]}
    if column + 1 < d_model:
        ys[f"column {column + 1} (cos)"] = pe[:, column + 1]
    wavelength = 2 * math.pi * 10000 ** (column / d_model)
    plots.curves(pos, ys, ax=axes[1], marker="", xlabel="position pos", ylabel="value",
                 title=f"pair i = {column // 2}: wavelength 2π·10000^({column}/{d_model}) ≈ {wavelength:.3g}")
    sims = (pe @ pe[0]) / (pe[0] @ pe[0])
    plots.curves(pos, {"PE[0] · PE[k] / |PE[0]|²": sims}, ax=axes[2], marker="",
                 xlabel="distance k", ylabel="similarity", title="nearby positions look alike")
    fig.tight_layout()
    plt.show()
    return None


def sinusoid_explorer(encoding_fn: Callable):
    """Sliders over the number of positions, d_model and the column pair shown."""
    if unattended():
        return None                     # nobody to move a slider: the static view is drawn
    import ipywidgets as widgets

    def draw(n_positions=64, d_model=32, column=0):
        show_sinusoids(encoding_fn, n_positions, d_model, column)

    return interactive(
        draw,
        n_positions=widgets.IntSlider(value=64, min=4, max=256, step=4, description="positions"),
        d_model=widgets.IntSlider(value=32, min=2, max=128, step=2, description="d_model"),
        column=widgets.IntSlider(value=0, min=0, max=126, step=2, description="column 2i"),
    )


# ---------------------------------------------------------------------------------------------- RoPE

_Q_DEMO = torch.tensor([1.0, 0.2, 0.8, -0.5, 0.3, 0.9, -0.4, 0.6], dtype=torch.float64)
_K_DEMO = torch.tensor([0.9, 0.4, -0.3, 0.7, 0.5, -0.2, 0.8, 0.1], dtype=torch.float64)


@safe_view
def show_rope_offset(apply_rope_fn: Callable, offset: int = 3, m: int = 5, encoding_fn: Callable | None = None,
                     base: float = 10000.0, span: int = 60):
    """Left: the first pair of q at position m and of k at position n = m + offset, drawn as arrows.
    Right: the score against m with the offset held fixed, for RoPE (flat) and, when `encoding_fn` is
    given, for the same q, k with the sinusoidal encoding ADDED instead (not flat)."""
    q, k = _Q_DEMO, _K_DEMO
    d = q.shape[0]
    ms = torch.arange(0, span + 1)
    ms = ms[(ms + offset) >= 0]
    rq = torch.as_tensor(_numpy(apply_rope_fn(q.expand(len(ms), d).clone(), ms, base=base))).double()
    rk = torch.as_tensor(_numpy(apply_rope_fn(k.expand(len(ms), d).clone(), ms + offset, base=base))).double()
    rope = (rq * rk).sum(-1)
    one_q = torch.as_tensor(_numpy(apply_rope_fn(q[None].clone(), torch.tensor([m]), base=base))).double()[0]
    one_k = torch.as_tensor(_numpy(apply_rope_fn(k[None].clone(), torch.tensor([m + offset]), base=base))).double()[0]

    fig, axes = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"width_ratios": [1, 1.6]})
    ax = axes[0]
    for vec, label, colour in ((q, "q (no rotation)", "0.75"), (k, "k (no rotation)", "0.55"),
                               (one_q, f"q rotated to m = {m}", "C0"),
                               (one_k, f"k rotated to n = {m + offset}", "C3")):
        ax.annotate("", xy=(float(vec[0]), float(vec[1])), xytext=(0, 0),
                    arrowprops=dict(arrowstyle="->", color=colour, lw=2))
        ax.plot([], [], color=colour, lw=2, label=label)
    r = 1.3 * float(max(q[:2].norm(), k[:2].norm()))
    ax.set(xlim=(-r, r), ylim=(-r, r), aspect="equal", title="pair 0 (dims 0, 1): the angle between\n"
           "q and k changes only with n - m", xlabel="dim 0", ylabel="dim 1")
    ax.axhline(0, color="0.9", zorder=0)
    ax.axvline(0, color="0.9", zorder=0)
    ax.legend(fontsize=8, loc="lower left")

    ys = {f"RoPE: q_m · k_(m+{offset})": rope}
    if encoding_fn is not None:
        pe = torch.as_tensor(_numpy(encoding_fn(int(ms.max()) + abs(offset) + 1, d))).double()
        added = ((q + pe[ms]) * (k + pe[ms + offset])).sum(-1)
        ys[f"sinusoid added: (q + PE[m]) · (k + PE[m+{offset}])"] = added
    plots.curves(ms, ys, ax=axes[1], marker="", xlabel="position m of the query (n - m held fixed)",
                 ylabel="score", title=f"the score for offset n - m = {offset} as the pair slides along")
    axes[1].axvline(m, color="0.6", ls="--")
    fig.tight_layout()
    plt.show()
    return None


def rope_explorer(apply_rope_fn: Callable, encoding_fn: Callable | None = None):
    """Sliders over the offset n - m and the query position m."""
    if unattended():
        return None                     # nobody to move a slider: the static view is drawn
    import ipywidgets as widgets

    def draw(offset=3, m=5):
        show_rope_offset(apply_rope_fn, offset, m, encoding_fn)

    return interactive(
        draw,
        offset=widgets.IntSlider(value=3, min=-20, max=20, description="n - m"),
        m=widgets.IntSlider(value=5, min=0, max=60, description="m"),
    )
