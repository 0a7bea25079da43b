"""References for section 1.4 of chapter 01: distributions, Bayes, Gaussian MLE, softmax as a Boltzmann
distribution, entropy / cross-entropy / KL, and cross-entropy as negative log-likelihood. Every expected
value is computed here, never typed in."""
from __future__ import annotations

import math

import torch

__all__ = [
    "is_distribution", "NARROW_SIGMA", "narrow_density_peak", "narrow_density_integral",
    "posterior", "BAYES_TEST", "bayes_first", "bayes_second",
    "gaussian_mle", "gaussian_nll",
    "boltzmann",
    "entropy", "cross_entropy", "kl_divergence", "KL_P", "KL_Q", "kl_both_ways",
    "nll_of_labels", "COIN_HEADS", "COIN_FLIPS", "coin_grid", "coin_ce_argmin", "coin_ce_min",
]


# ------------------------------------------------------------------ 004:P1 what makes a distribution

def is_distribution(p, tol=1e-6):
    """True iff p (1-D) has finite, non-negative entries that sum to 1 within tol."""
    p = p.to(torch.float64)
    if p.numel() == 0 or not bool(torch.isfinite(p).all()):
        return False
    return bool((p >= 0).all()) and abs(float(p.sum()) - 1.0) <= tol


NARROW_SIGMA = 0.1


def _normal_pdf(x, mu, sigma):
    return torch.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))


def narrow_density_peak():
    """The density of N(0, 0.1^2) at 0: larger than 1, and that is fine."""
    return float(_normal_pdf(torch.tensor(0.0, dtype=torch.float64), 0.0, NARROW_SIGMA))


def narrow_density_integral():
    """Its integral over [-1, 1] (ten standard deviations each side), by the trapezoid rule."""
    x = torch.linspace(-1.0, 1.0, 20001, dtype=torch.float64)
    return float(torch.trapezoid(_normal_pdf(x, 0.0, NARROW_SIGMA), x))


# ------------------------------------------------------------------ 004:P2 Bayes

def posterior(prior, sensitivity, specificity):
    """P(disease | positive test) = P(+|D) P(D) / (P(+|D) P(D) + P(+|not D) P(not D))."""
    true_pos = sensitivity * prior
    false_pos = (1 - specificity) * (1 - prior)
    return true_pos / (true_pos + false_pos)


BAYES_TEST = {"prior": 0.01, "sensitivity": 0.99, "specificity": 0.95}


def bayes_first():
    return float(posterior(**BAYES_TEST))


def bayes_second():
    """A second, independent positive test: yesterday's posterior is today's prior."""
    t = dict(BAYES_TEST, prior=bayes_first())
    return float(posterior(**t))


# ------------------------------------------------------------------ 004:P3 Gaussian MLE

def gaussian_mle(x):
    """(mu_hat, sigma2_hat) maximising the likelihood of 1-D data x: the mean and the 1/n variance."""
    mu = x.mean()
    return mu, ((x - mu) ** 2).mean()


def gaussian_nll(x, mu, sigma2):
    """The average negative log-likelihood of data x under N(mu, sigma2)."""
    x = torch.as_tensor(x)
    mu = torch.as_tensor(mu, dtype=x.dtype)
    sigma2 = torch.as_tensor(sigma2, dtype=x.dtype)
    return (0.5 * torch.log(2 * math.pi * sigma2) + (x - mu) ** 2 / (2 * sigma2)).mean()


# ------------------------------------------------------------------ 004:P4 softmax from Boltzmann

def boltzmann(energies, T=1.0):
    """p_i = exp(-E_i / T) / Z over the last dimension."""
    return torch.softmax(-energies / T, dim=-1)


# ------------------------------------------------------------------ 004:P5 entropy, cross-entropy, KL

def entropy(p):
    """H(p) = -sum p log p (nats) over the last dimension; 0 log 0 = 0."""
    return -torch.xlogy(p, p).sum(-1)


def cross_entropy(p, q):
    """H(p, q) = -sum p log q (nats) over the last dimension; terms with p = 0 count 0."""
    return -torch.xlogy(p, q).sum(-1)


def kl_divergence(p, q):
    """KL(p || q) = sum p log(p / q) = H(p, q) - H(p); inf where q = 0 < p."""
    return (torch.xlogy(p, p) - torch.xlogy(p, q)).sum(-1)


KL_P = [0.5, 0.5]
KL_Q = [0.9, 0.1]


def kl_both_ways():
    p, q = torch.tensor(KL_P, dtype=torch.float64), torch.tensor(KL_Q, dtype=torch.float64)
    return (float(kl_divergence(p, q)), float(kl_divergence(q, p)))


# ------------------------------------------------------------------ 004:P6 cross-entropy = negative log-likelihood

def nll_of_labels(logits, labels):
    """The average of -log softmax(logits)[label] over the batch: PyTorch's cross-entropy."""
    return torch.nn.functional.cross_entropy(logits, labels)


COIN_HEADS, COIN_FLIPS = 7, 10


def coin_grid():
    return torch.linspace(0.01, 0.99, 99, dtype=torch.float64)


def _coin_ce():
    theta = coin_grid()
    k, n = COIN_HEADS, COIN_FLIPS
    return -(k / n * torch.log(theta) + (n - k) / n * torch.log1p(-theta))


def coin_ce_argmin():
    """The theta on the grid with the smallest cross-entropy between the data and Bernoulli(theta)."""
    return float(coin_grid()[torch.argmin(_coin_ce())])


def coin_ce_min():
    """That smallest cross-entropy: the entropy of the data's own distribution (KL is 0 there)."""
    return float(_coin_ce().min())
