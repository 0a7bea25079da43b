"""Plots every chapter reuses: attention heatmaps, curves, bars. Matplotlib only, offline."""
from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import torch


def _numpy(values):
    if isinstance(values, torch.Tensor):
        return values.detach().float().cpu().numpy()
    return values


def heatmap(weights, row_labels: Sequence[str] | None = None, col_labels: Sequence[str] | None = None,
            title: str = "attention weights", ax=None, annotate: bool | None = None,
            xlabel: str = "key (attended to)", ylabel: str = "query (attending)", cmap: str = "viridis",
            vmin: float | None = 0.0, vmax: float | None = None):
    """Draw a 2-D matrix (rows: queries, columns: keys), numbers written in the cells when small."""
    w = _numpy(weights)
    if w.ndim != 2:
        raise ValueError(f"heatmap needs a 2-D matrix, got shape {tuple(w.shape)}: pick one batch element and head")
    if ax is None:
        size = max(3.0, min(8.0, 0.6 * max(w.shape) + 1.5))
        _, ax = plt.subplots(figsize=(size + 1, size))
    image = ax.imshow(w, cmap=cmap, vmin=vmin, vmax=vmax if vmax is not None else max(float(w.max()), 1e-12))
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    ax.set_xticks(range(w.shape[1]), labels=list(col_labels) if col_labels is not None else range(w.shape[1]))
    ax.set_yticks(range(w.shape[0]), labels=list(row_labels) if row_labels is not None else range(w.shape[0]))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if annotate if annotate is not None else max(w.shape) <= 10:
        top = float(w.max()) if w.size else 0.0
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                ax.text(j, i, f"{w[i, j]:.2f}", ha="center", va="center",
                        color="black" if w[i, j] > 0.6 * top else "white", fontsize=9)
    return ax


def curves(x, ys: dict[str, Sequence[float]], title: str = "", xlabel: str = "", ylabel: str = "",
           ax=None, logx: bool = False, logy: bool = False, marker: str = "o"):
    """Several labelled curves against one x axis."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    for label, y in ys.items():
        ax.plot(_numpy(x), _numpy(y), marker=marker, label=label)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    if len(ys) > 1:
        ax.legend()
    ax.grid(alpha=0.3)
    return ax


def bars(labels: Sequence[str], values, title: str = "", ylabel: str = "", ax=None):
    """A bar chart, e.g. one softmax distribution."""
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4, 0.6 * len(labels) + 2), 3))
    ax.bar(list(labels), _numpy(values))
    ax.set(title=title, ylabel=ylabel)
    ax.grid(axis="y", alpha=0.3)
    return ax
