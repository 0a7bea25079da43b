"""Outputs cross from the kernel to the grader as plain data, and nothing else."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from autograder.wire import MAX_BYTES, WireError, decode, encode


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.bool])
def test_tensors_round_trip_exactly(dtype):
    t = (torch.randn(3, 4, 5) * 10).to(dtype)
    back = decode(json.loads(json.dumps(encode(t))))
    assert back.dtype == dtype and torch.equal(back, t)


def test_containers_numbers_and_specials_round_trip():
    value = (1, 2.5, float("nan"), float("-inf"), "text", None, True, [np.float32(1.5), np.arange(3)], {"a": torch.zeros(0, 2)})
    back = decode(json.loads(json.dumps(encode(value))))
    assert back[0] == 1 and back[1] == 2.5 and back[2] != back[2] and back[3] == float("-inf")
    assert back[4:7] == ("text", None, True)
    assert back[7][0] == 1.5 and torch.equal(back[7][1], torch.arange(3))
    assert back[8]["a"].shape == (0, 2)


def test_non_contiguous_and_gpu_free():
    t = torch.arange(12.).reshape(3, 4).T
    assert torch.equal(decode(encode(t)), t)


@pytest.mark.parametrize("value", [object(), {1: 2}, np.array([object()]), lambda: 0])
def test_unsupported_values_are_refused(value):
    with pytest.raises(WireError):
        encode(value)


def test_size_limit():
    with pytest.raises(WireError, match="larger than"):
        encode(torch.zeros(MAX_BYTES // 4 + 10))


@pytest.mark.parametrize("record", [
    {"__tensor__": {"dtype": "float32", "shape": [2], "data": "AAAA"}},          # wrong byte count
    {"__tensor__": {"dtype": "object", "shape": [1], "data": ""}},               # unknown dtype
    {"__tensor__": {"dtype": "float32", "shape": [-1], "data": ""}},             # negative shape
    {"__pickle__": "gASVAAAAAAAAAAB9lC4="},                                      # anything else
    {"a": 1, "b": 2},
])
def test_malformed_records_are_rejected(record):
    with pytest.raises(WireError):
        decode(record)
