"""Carry a learner's outputs from the kernel to the trusted grading process as plain JSON.

Only data crosses: tensors and arrays (as raw bytes with dtype and shape), numbers, strings, None,
lists, tuples and dicts with string keys. Decoding builds nothing else, so a forged record can never
run code in the grader (unlike pickle). Sizes are bounded.
"""
from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np
import torch

MAX_BYTES = 32 * 2**20      # all tensor bytes of one record together
MAX_DEPTH = 12
MAX_ITEMS = 10_000

_DTYPES = {str(d).removeprefix("torch."): d for d in (
    torch.float64, torch.float32, torch.float16, torch.bfloat16, torch.complex64, torch.complex128,
    torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool)}


class WireError(ValueError):
    """A value that cannot be carried, or a record that is not well formed."""


class _Budget:
    def __init__(self) -> None:
        self.bytes = 0

    def spend(self, n: int) -> None:
        self.bytes += n
        if self.bytes > MAX_BYTES:
            raise WireError(f"the outputs are larger than {MAX_BYTES // 2**20} MiB together")


def encode(value: Any, _depth: int = 0, _budget: _Budget | None = None) -> Any:
    budget = _budget or _Budget()
    if _depth > MAX_DEPTH:
        raise WireError("the output is nested too deeply")
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            raise WireError("NumPy arrays of Python objects cannot be graded; use numbers")
        value = torch.from_numpy(np.ascontiguousarray(value))
    if isinstance(value, torch.Tensor):
        t = value.detach().to("cpu")
        if t.is_sparse or t.layout != torch.strided:
            t = t.to_dense()
        dtype = str(t.dtype).removeprefix("torch.")
        if dtype not in _DTYPES:
            raise WireError(f"tensors of dtype {t.dtype} cannot be graded")
        t = t.contiguous()
        raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        budget.spend(len(raw))
        return {"__tensor__": {"dtype": dtype, "shape": list(t.shape), "data": base64.b64encode(raw).decode()}}
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        if isinstance(value, str):
            budget.spend(len(value))
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"__float__": repr(value)}
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_ITEMS:
            raise WireError(f"a list of {len(value)} items is too long to grade")
        items = [encode(v, _depth + 1, budget) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise WireError("only dicts with string keys can be graded")
        return {"__dict__": {k: encode(v, _depth + 1, budget) for k, v in value.items()}}
    raise WireError(f"a {type(value).__name__} cannot be graded: return tensors, numbers, strings or lists")


def decode(data: Any, _depth: int = 0, _budget: _Budget | None = None) -> Any:
    budget = _budget or _Budget()
    if _depth > MAX_DEPTH:
        raise WireError("record nested too deeply")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        if len(data) > MAX_ITEMS:
            raise WireError("record list too long")
        return [decode(v, _depth + 1, budget) for v in data]
    if isinstance(data, dict) and len(data) == 1:
        (tag, body), = data.items()
        if tag == "__tensor__" and isinstance(body, dict):
            return _decode_tensor(body, budget)
        if tag == "__tuple__" and isinstance(body, list):
            return tuple(decode(v, _depth + 1, budget) for v in body)
        if tag == "__dict__" and isinstance(body, dict):
            return {str(k): decode(v, _depth + 1, budget) for k, v in body.items()}
        if tag == "__float__" and body in {"nan", "inf", "-inf"}:
            return float(body)
    raise WireError("record holds a value of unknown form")


def _decode_tensor(body: dict, budget: _Budget) -> torch.Tensor:
    dtype = _DTYPES.get(body.get("dtype"))
    shape = body.get("shape")
    data = body.get("data")
    if dtype is None or not isinstance(shape, list) or not isinstance(data, str):
        raise WireError("malformed tensor in record")
    if not all(isinstance(s, int) and s >= 0 for s in shape):
        raise WireError("malformed tensor shape in record")
    raw = base64.b64decode(data.encode(), validate=True)
    budget.spend(len(raw))
    numel = math.prod(shape)
    itemsize = torch.empty((), dtype=dtype).element_size()
    if len(raw) != numel * itemsize:
        raise WireError("tensor bytes do not match its shape")
    if numel == 0:
        return torch.empty(shape, dtype=dtype)
    flat = torch.frombuffer(bytearray(raw), dtype=torch.uint8)
    return flat.view(dtype).reshape(shape).clone()
