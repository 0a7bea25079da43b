"""Exercise specs for section 1.4 of chapter 01 (math foundations): probability and information.

Every expected value comes from the reference in ``solutions.ch01``; the specs only choose inputs,
tolerances and the mistakes to recognise.
"""
from __future__ import annotations

import math

import torch

from .. import checks
from ..exercise import FUNCTION, Case, Exercise, Mistake, randn, register
from .ch01_vectors import _value

REF = "solutions.ch01"
_T = torch.tensor
_D = torch.float64
SOFTMAX_FAMILY = ("torch.softmax", "torch.nn.functional.softmax", "torch.log_softmax",
                  "torch.nn.functional.log_softmax", "torch.special.softmax")


# ------------------------------------------------------------------ 004:P1 what makes a distribution

def _dist_hidden(gen):
    return [Case((torch.softmax(randn(gen, 12), -1),), label="a softmax output (float32)"),
            Case((_T([0.5, 0.4]),), label="[0.5, 0.4] (sums to 0.9)"),
            Case((_T([1.5, -0.5]),), label="[1.5, -0.5] (sums to 1)"),
            Case((_T([1.0]),), label="[1.0]"),
            Case((_T([0.5, 0.49]),), {"tol": 0.02}, label="[0.5, 0.49] with tol = 0.02 (within tolerance)"),
            Case((_T([0.5, float("nan"), 0.5]),), label="a NaN entry"),
            Case((torch.full((1000,), 1e-3, dtype=_D),), label="uniform over 1000 outcomes, float64")]


def _dist_wrong(kind):
    def wrong(p, tol=1e-6):
        if kind == "exact":
            return bool((p >= 0).all()) and float(p.sum()) == 1.0
        if kind == "sum":
            return abs(float(p.sum()) - 1) <= tol
        if kind == "fixedtol":
            return bool((p >= 0).all()) and abs(float(p.double().sum()) - 1) <= 1e-6
        return bool((p >= 0).all()) and bool((p <= 1).all())
    return wrong


register(
    Exercise(
        grade_id="ch01-distribution/fn", name="is_distribution", kind=FUNCTION, reference=f"{REF}:is_distribution",
        visible=lambda: [Case((_T([0.2, 0.3, 0.5]),), label="[0.2, 0.3, 0.5]"),
                         Case((_T([0.5, 0.6, -0.1]),), label="[0.5, 0.6, -0.1] (sums to 1, one negative)"),
                         Case((torch.full((10,), 0.1, dtype=_D),), label="ten times 0.1 in float64 (sum 0.9999999999999999)")],
        hidden=_dist_hidden,
        mistakes=[
            Mistake("with the `tol` given here, |sum - 1| is within tolerance: compare |sum - 1| <= tol using the `tol` "
                    "argument (not a fixed 1e-6, and not == 1: floating-point sums are rarely exact).",
                    _dist_wrong("fixedtol")),
            Mistake("the sum was compared with == 1: floating-point sums are rarely exact, compare within `tol`.",
                    _dist_wrong("exact")),
            Mistake("only the sum was checked: every probability must also be >= 0.", _dist_wrong("sum")),
            Mistake("entries between 0 and 1 are not enough: they must also sum to 1.", _dist_wrong("range")),
        ]),
    _value("ch01-distribution/peak", "density_peak", "narrow_density_peak", [
        ("the normal density divides by sigma sqrt(2 pi), not by sqrt(2 pi) alone.", lambda: 1 / math.sqrt(2 * math.pi)),
        ("divide by sigma, not sigma^2.", lambda: 1 / (0.01 * math.sqrt(2 * math.pi))),
        ("a density is not capped at 1: only its integral is 1.", lambda: 1.0)]),
    _value("ch01-distribution/integral", "density_integral", "narrow_density_integral", [
        ("the values were summed without the spacing dx: an integral is sum f(x_i) dx.",
         lambda: 1.0 / ((2.0 / 20000))),
        ], tolerance={"rtol": 0.0, "atol": 1e-3}),
)


# ------------------------------------------------------------------ 004:P2 Bayes

def _bayes_hidden(gen):
    u = lambda lo, hi: lo + (hi - lo) * float(torch.rand((), generator=gen))  # noqa: E731
    cases = [Case((u(0.001, 0.3), u(0.6, 0.999), u(0.6, 0.999)), label="random prior, sensitivity, specificity")
             for _ in range(3)]
    cases.append(Case((torch.linspace(0.001, 0.5, 6, dtype=_D), 0.9, 0.97), label="a tensor of priors, float64"))
    cases.append(Case((0.5, 0.8, 0.8), label="prior 0.5, symmetric test"))
    return cases


register(
    Exercise(
        grade_id="ch01-bayes/fn", name="posterior", kind=FUNCTION, reference=f"{REF}:posterior",
        visible=lambda: [Case((0.01, 0.99, 0.95), label="prior 1%, sensitivity 99%, specificity 95%")],
        hidden=_bayes_hidden,
        mistakes=[
            Mistake("that is the sensitivity P(+ | D); the question is the reverse, P(D | +) (base-rate neglect).",
                    lambda prior, sens, spec: sens + 0 * prior),
            Mistake("the prior is missing: weight P(+ | D) by P(D) and P(+ | not D) by P(not D).",
                    lambda prior, sens, spec: sens / (sens + (1 - spec)) + 0 * prior),
            Mistake("the false-positive rate is 1 - specificity, not the specificity.",
                    lambda prior, sens, spec: sens * prior / (sens * prior + spec * (1 - prior))),
        ],
        hint="P(D | +) = P(+ | D) P(D) / [P(+ | D) P(D) + (1 - specificity) (1 - P(D))]."),
    _value("ch01-bayes/first", "p_disease", "bayes_first", [
        ("that is the sensitivity: most positives come from the 99% who are healthy.", lambda: 0.99)]),
    _value("ch01-bayes/second", "p_disease_twice", "bayes_second", [
        ("the second test starts from the first posterior (1/6) as its prior, not from 1%.", lambda: 1 / 6),
        ("that squares the first posterior; update again with Bayes' rule.", lambda: (1 / 6) ** 2)]),
)


# ------------------------------------------------------------------ 004:P3 Gaussian MLE

def _numbers_as_tensors(got, want):
    """A plain Python number where the reference gives a 0-d tensor is accepted (the text allows a float):
    it is compared as a tensor of the reference's dtype, so the dtype's tolerance applies."""
    if (isinstance(want, torch.Tensor) and want.dim() == 0 and isinstance(got, (int, float))
            and not isinstance(got, bool)):
        return torch.tensor(float(got), dtype=want.dtype)
    if isinstance(want, tuple) and isinstance(got, (tuple, list)) and len(got) == len(want):
        return tuple(_numbers_as_tensors(g, w) for g, w in zip(got, want))
    return got


def _scalar_or_tensor(name, output_names=()):
    def compare(got, want, case):
        got = _numbers_as_tensors(got, want)
        if not output_names:
            return checks.compare(got, want, name)
        if not isinstance(got, (tuple, list)) or len(got) != len(want):
            return f"`{name}` should return a tuple ({', '.join(output_names)}), got a {type(got).__name__}"
        for part, g, w in zip(output_names, got, want):
            message = checks.compare(g, w, part)
            if message:
                return message
        return None
    return compare


def _mle_hidden(gen):
    return [Case((randn(gen, 2),), label="two samples"),
            Case((3.0 + 2.0 * randn(gen, 1000),), label="1000 samples of N(3, 4)"),
            Case((randn(gen, 50, dtype=_D),), label="float64"),
            Case((1000.0 + 0.01 * randn(gen, 200, dtype=_D),), label="a large mean, a small spread (float64)")]


def _nll_hidden(gen):
    return [Case((randn(gen, 40), 0.3, 2.0), label="40 samples, mu 0.3, sigma2 2"),
            Case((randn(gen, 7, dtype=_D), -1.0, 0.25), label="float64, sigma2 0.25"),
            Case((_T([2.0]), 2.0, 1.0), label="one sample at the mean")]


register(
    Exercise(
        grade_id="ch01-mle/fn", name="gaussian_mle", kind=FUNCTION, reference=f"{REF}:gaussian_mle",
        visible=lambda: [Case((_T([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]),), label="[2, 4, 4, 4, 5, 5, 7, 9]")],
        hidden=_mle_hidden, output_names=("mu", "sigma2"), compare=_scalar_or_tensor("gaussian_mle", ("mu", "sigma2")),
        mistakes=[
            Mistake("that is the unbiased variance (divide by n - 1, torch.var's default); the MLE divides by n "
                    "(torch.var(x, correction=0)).", lambda x: (x.mean(), x.var())),
            Mistake("that is the standard deviation; the MLE of sigma^2 is the mean squared deviation.",
                    lambda x: (x.mean(), x.var(correction=0).sqrt())),
        ]),
    Exercise(
        grade_id="ch01-mle/nll", name="gaussian_nll", kind=FUNCTION, reference=f"{REF}:gaussian_nll",
        visible=lambda: [Case((_T([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]), 5.0, 4.0), label="the data, mu 5, sigma2 4")],
        hidden=_nll_hidden, compare=_scalar_or_tensor("gaussian_nll"),
        mistakes=[
            Mistake("the constant 1/2 log(2 pi sigma^2) is missing: it does not move the best mu, but the "
                    "likelihood needs it (and the best sigma^2 depends on the log sigma^2 part).",
                    lambda x, mu, s2: ((x - mu) ** 2 / (2 * s2)).mean()),
            Mistake("that is the SUM over samples; the exercise asks for the average (divide by n).",
                    lambda x, mu, s2: (0.5 * torch.log(2 * math.pi * torch.as_tensor(s2, dtype=x.dtype))
                                       + (x - mu) ** 2 / (2 * s2)).sum()),
            Mistake("sigma2 is the variance: use it as sigma^2, not square it again.",
                    lambda x, mu, s2: (0.5 * torch.log(2 * math.pi * torch.as_tensor(s2, dtype=x.dtype) ** 2)
                                       + (x - mu) ** 2 / (2 * s2 ** 2)).mean()),
        ]),
)


# ------------------------------------------------------------------ 004:P4 softmax from the Boltzmann distribution

def _boltz_hidden(gen):
    return [Case((randn(gen, 6),), label="6 random energies, T = 1"),
            Case((randn(gen, 4, 5), 0.1), label="a batch (4, 5), T = 0.1"),
            Case((torch.linspace(-3.0, 3.0, 6) + 0.1 * randn(gen, 6), 0.01),
                 label="energies from -3 to 3, T = 0.01: -E / T reaches about 300 (exp overflows without a shift)"),
            Case((1000.0 + randn(gen, 5),), label="energies near 1000 (exp overflows without a shift)"),
            Case((-1000.0 + randn(gen, 5), 2.0), label="energies near -1000, T = 2"),
            Case((randn(gen, 3, 7, dtype=_D), 100.0), label="float64, T = 100 (nearly uniform)")]


register(Exercise(
    grade_id="ch01-boltzmann", name="boltzmann", kind=FUNCTION, reference=f"{REF}:boltzmann",
    visible=lambda: [Case((_T([1.0, 2.0, 3.0]),), label="E = [1, 2, 3], T = 1"),
                     Case((_T([1.0, 2.0, 3.0]), 0.5), label="E = [1, 2, 3], T = 0.5")],
    hidden=_boltz_hidden, forbidden=SOFTMAX_FAMILY,
    mistakes=[
        Mistake("the sign: LOW energy is likely, p_i is proportional to exp(-E_i / T).",
                lambda E, T=1.0: torch.softmax(E / T, -1)),
        Mistake("the temperature divides the energies: exp(-E_i / T), not exp(-E_i * T).",
                lambda E, T=1.0: torch.softmax(-E * T, -1)),
        Mistake("exp of large numbers overflows (or underflows to 0/0): subtract the smallest energy first "
                "(the probabilities do not change).",
                lambda E, T=1.0: torch.exp(-E / T) / torch.exp(-E / T).sum(-1, keepdim=True)),
    ],
    hint="p = exp(-(E - E.min()) / T) / sum(...), over the last dimension."))


# ------------------------------------------------------------------ 004:P5 entropy, cross-entropy, KL

def _probs(gen, *shape, dtype=torch.float32):
    return torch.softmax(randn(gen, *shape, scale=2.0, dtype=_D), -1).to(dtype)


def _info_hidden(gen):
    p_zero = _probs(gen, 6)
    p_zero[:2] = 0
    p_zero = p_zero / p_zero.sum()
    return [Case((_probs(gen, 5), _probs(gen, 5)), label="two random distributions over 5 outcomes"),
            Case((_probs(gen, 3, 8, dtype=_D), _probs(gen, 3, 8, dtype=_D)), label="a batch (3, 8), float64"),
            Case((p_zero, _probs(gen, 6)), label="p with zero entries (0 log 0 = 0)"),
            Case((_T([0.0, 0.0, 1.0]), _T([0.2, 0.3, 0.5])), label="a one-hot p")]


def _entropy_hidden(gen):
    return [Case((c.args[0],), label=c.label) for c in _info_hidden(gen)] + [
        Case((torch.full((16,), 1 / 16),), label="uniform over 16 (entropy ln 16)")]


def _xlogy(kind):
    def safe(a, b):
        return torch.where(a > 0, a * torch.log(torch.where(a > 0, b, torch.ones_like(b))), torch.zeros_like(a))
    if kind == "bits":
        return lambda p, q=None: -(safe(p, p if q is None else q)).sum(-1) / math.log(2)
    if kind == "nan":
        return lambda p, q=None: -(p * torch.log(p if q is None else q)).sum(-1)
    if kind == "swap":
        return lambda p, q: -(safe(q, p)).sum(-1)
    if kind == "sign":
        return lambda p, q=None: (safe(p, p if q is None else q)).sum(-1)
    raise ValueError(kind)


def _kl_wrong(kind):
    def wrong(p, q):
        lp, lq = torch.log(p), torch.log(q)
        if kind == "swap":
            return (torch.xlogy(q, q) - torch.xlogy(q, p)).sum(-1)
        if kind == "nan":
            return (p * (lp - lq)).sum(-1)
        if kind == "bits":
            return (torch.xlogy(p, p) - torch.xlogy(p, q)).sum(-1) / math.log(2)
        return (torch.xlogy(p, q) - torch.xlogy(p, p)).sum(-1)
    return wrong


register(
    Exercise(
        grade_id="ch01-info/entropy", name="entropy", kind=FUNCTION, reference=f"{REF}:entropy",
        visible=lambda: [Case((_T([0.5, 0.5]),), label="a fair coin (ln 2)"),
                         Case((_T([0.25, 0.75, 0.0]),), label="[0.25, 0.75, 0]")],
        hidden=_entropy_hidden,
        mistakes=[
            Mistake("0 * log 0 gave NaN: an outcome of probability 0 contributes 0 (torch.xlogy or torch.special.entr).",
                    _xlogy("nan")),
            Mistake("that is in bits (log2); use the natural log (nats).", _xlogy("bits")),
            Mistake("the minus sign is missing: H(p) = -sum p log p >= 0.", _xlogy("sign")),
        ]),
    Exercise(
        grade_id="ch01-info/cross", name="cross_entropy", kind=FUNCTION, reference=f"{REF}:cross_entropy",
        visible=lambda: [Case((_T([0.5, 0.5]), _T([0.9, 0.1])), label="p = [0.5, 0.5], q = [0.9, 0.1]"),
                         Case((_T([1.0, 0.0]), _T([0.9, 0.1])), label="a one-hot p")],
        hidden=_info_hidden,
        mistakes=[
            Mistake("the arguments are swapped: H(p, q) = -sum p log q weights by p (the data) and logs q (the model).",
                    _xlogy("swap")),
            Mistake("0 * log q gave NaN (or p = 0 terms were not skipped): terms with p_i = 0 contribute 0.",
                    _xlogy("nan")),
            Mistake("that is in bits (log2); use the natural log (nats).", _xlogy("bits")),
        ]),
    Exercise(
        grade_id="ch01-info/kl", name="kl_divergence", kind=FUNCTION, reference=f"{REF}:kl_divergence",
        visible=lambda: [Case((_T([0.5, 0.5]), _T([0.9, 0.1])), label="p = [0.5, 0.5], q = [0.9, 0.1]"),
                         Case((_T([0.9, 0.1]), _T([0.5, 0.5])), label="p = [0.9, 0.1], q = [0.5, 0.5]")],
        hidden=lambda gen: _info_hidden(gen) + [
            Case((_T([0.5, 0.5]), _T([1.0, 0.0])), label="q = 0 where p > 0: KL is infinite")],
        mistakes=[
            Mistake("the arguments are swapped: KL(p || q) = sum p log(p / q), and KL is NOT symmetric.", _kl_wrong("swap")),
            Mistake("the sign is flipped: KL(p || q) = H(p, q) - H(p) >= 0.", _kl_wrong("sign")),
            Mistake("0 * log 0 gave NaN: terms with p_i = 0 contribute 0 (torch.xlogy).", _kl_wrong("nan")),
            Mistake("that is in bits (log2); use the natural log (nats).", _kl_wrong("bits")),
        ]),
    _value("ch01-info/asym", "kl_both", "kl_both_ways", [
        ("the two are in the wrong order: first KL(p || q) with p = [0.5, 0.5], then KL(q || p).",
         lambda: (0.368064207168497, 0.5108256237659905))], tolerance={"rtol": 1e-6, "atol": 1e-9}),
)


# ------------------------------------------------------------------ 004:P6 cross-entropy = negative log-likelihood

def _nll_labels_hidden(gen):
    def labels(n, c):
        return torch.randint(0, c, (n,), generator=gen)
    return [Case((randn(gen, 8, 5), labels(8, 5)), label="8 samples, 5 classes"),
            Case((randn(gen, 1, 3), labels(1, 3)), label="a single sample"),
            Case((randn(gen, 6, 4, scale=400.0), labels(6, 4)), label="huge logits (about ±400)"),
            Case((randn(gen, 16, 10, dtype=_D), labels(16, 10)), label="float64, 10 classes")]


def _nll_wrong(kind):
    def wrong(logits, labels):
        idx = torch.arange(logits.shape[0])
        if kind == "naive":
            p = torch.exp(logits) / torch.exp(logits).sum(-1, keepdim=True)
            return -torch.log(p[idx, labels]).mean()
        lp = torch.log_softmax(logits, -1)[idx, labels]
        if kind == "sum":
            return -lp.sum()
        if kind == "prob":
            return -lp.exp().mean()
        return -torch.log_softmax(logits, 0)[idx, labels].mean()
    return wrong


register(
    Exercise(
        grade_id="ch01-ce-mle/fn", name="nll_of_labels", kind=FUNCTION, reference=f"{REF}:nll_of_labels",
        visible=lambda: [Case((_T([[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]]), _T([0, 2])), label="2 samples, 3 classes")],
        hidden=_nll_labels_hidden, compare=_scalar_or_tensor("nll_of_labels"),
        forbidden=("torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss", "cross_entropy", "nll_loss"),
        mistakes=[
            Mistake("exp() of large logits overflows (inf / inf = NaN, or log 0 = -inf): use log-softmax, "
                    "logits - logsumexp(logits).", _nll_wrong("naive")),
            Mistake("that is the SUM over the batch; average it (PyTorch's default reduction).", _nll_wrong("sum")),
            Mistake("the log is missing: average -log p[label], not -p[label].", _nll_wrong("prob")),
            Mistake("the softmax was taken over the batch (dim=0): normalise over the classes (dim=-1).", _nll_wrong("dim")),
        ]),
    _value("ch01-ce-mle/argmin", "theta_best", "coin_ce_argmin", [
        ("the cross-entropy is -(0.7 log theta + 0.3 log(1 - theta)); its minimiser is the fraction of heads.",
         lambda: 0.3)], tolerance={"rtol": 0.0, "atol": 1e-6}),
    _value("ch01-ce-mle/min", "ce_min", "coin_ce_min", [
        ("that is in bits; use natural logs.", lambda: 0.6108643020548934 / math.log(2)),
        ("the minimum of the cross-entropy is not 0: it is the entropy of the data's own distribution "
         "(the KL part is 0 there).", lambda: 0.0),
        ("that is the total negative log-likelihood of the 10 flips; the cross-entropy is the AVERAGE per flip "
         "(divide by 10).", lambda: 10 * 0.6108643020548935)], tolerance={"rtol": 1e-6, "atol": 1e-9}),
)
