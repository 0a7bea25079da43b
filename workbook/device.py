"""The one place that picks the device: CUDA, else MPS, else CPU.

Set WORKBOOK_DEVICE (``cpu``, ``cuda``, ``cuda:1``, ``mps``) to override. Notebooks, checks and the
reference modules all call :func:`get_device`, so a whole grading run moves with one variable.
"""
from __future__ import annotations

import os

import torch

ENV_VAR = "WORKBOOK_DEVICE"


class DeviceError(RuntimeError):
    """The requested device does not exist on this machine."""


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def get_device(override: str | None = None) -> torch.device:
    """Return the device to compute on: ``override``, else $WORKBOOK_DEVICE, else the best available."""
    wanted = override or os.environ.get(ENV_VAR, "").strip()
    if not wanted:
        if torch.cuda.is_available():
            return torch.device("cuda")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(wanted)
    except RuntimeError:
        raise DeviceError(f"{ENV_VAR}={wanted!r} is not a device name; use cpu, cuda, cuda:N or mps") from None
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise DeviceError(f"{ENV_VAR}={wanted!r} asks for CUDA, but no CUDA GPU is visible here")
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise DeviceError(f"{ENV_VAR}={wanted!r}: only {torch.cuda.device_count()} CUDA device(s) here")
    elif device.type == "mps" and not _mps_available():
        raise DeviceError(f"{ENV_VAR}={wanted!r} asks for MPS, which this machine does not have")
    elif device.type not in {"cpu", "cuda", "mps"}:
        raise DeviceError(f"{ENV_VAR}={wanted!r}: the workbook supports cpu, cuda and mps")
    return device


def describe_device(device: torch.device | None = None) -> str:
    """A one-line description for the top of a notebook."""
    device = device or get_device()
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return device.type
