"""The comparison library: messages that say what is wrong, tolerances per dtype."""
from __future__ import annotations

import numpy as np
import torch

from autograder.checks import compare, compare_number, compare_tensor, rows_sum_to_one


def test_equal_values_pass_in_any_container():
    t = torch.randn(3, 4)
    assert compare_tensor(t.clone(), t) is None
    assert compare_tensor(t.numpy(), t) is None
    assert compare_tensor(t.tolist(), t) is None
    assert compare((t, 3, "x"), (t, 3, "x")) is None


def test_shape_messages_name_the_likely_problem():
    t = torch.randn(3, 4)
    assert "transposed" in compare_tensor(t.T, t)
    assert "arrangement" in compare_tensor(t.reshape(4, 3).T.reshape(2, 6), t)
    assert "dimensions" in compare_tensor(t[None], t)


def test_value_message_points_at_the_worst_entry():
    t = torch.zeros(2, 3)
    g = t.clone()
    g[1, 2] = 0.5
    message = compare_tensor(g, t, "weights")
    assert "`weights`" in message and "(1, 2)" in message and "0.5" in message


def test_nan_and_none_and_wrong_type():
    t = torch.ones(2)
    assert "NaN" in compare_tensor(torch.tensor([1.0, float("nan")]), t)
    assert "return" in compare_tensor(None, t)
    assert "tensor" in compare_tensor("hello", t)


def test_tolerance_depends_on_dtype():
    t = torch.tensor([1.0, 2.0, 3.0])
    assert compare_tensor(t + 1e-3, t) is not None                   # float32: too far
    assert compare_tensor((t + 1e-3).half(), t) is None              # float16 answers get half-precision tolerance
    assert compare_tensor(t.double() + 1e-7, t.double()) is None


def test_numbers():
    assert compare_number(32640, 32640) is None
    assert compare_number(32640.0, 32640) is None
    assert "whole number" in compare_number(32640.5, 32640)
    assert compare_number(np.float64(0.5), 0.5) is None
    assert "number" in compare_number("0.5", 0.5)


def test_rows_sum_to_one_names_the_row():
    w = torch.softmax(torch.randn(4, 5), dim=0)
    assert "dim=-1" in rows_sum_to_one(w)
    assert rows_sum_to_one(torch.softmax(torch.randn(4, 5), dim=-1)) is None
