"""One function picks the device; the environment variable overrides it, with clear errors."""
from __future__ import annotations

import pytest
import torch

from workbook.device import DeviceError, get_device


def test_default_is_the_best_available(monkeypatch):
    monkeypatch.delenv("WORKBOOK_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    assert get_device().type == expected


def test_environment_variable_overrides(monkeypatch):
    monkeypatch.setenv("WORKBOOK_DEVICE", "cpu")
    assert get_device() == torch.device("cpu")


@pytest.mark.parametrize("value,words", [("banana", "not a device name"), ("xla", "supports cpu, cuda and mps")])
def test_bad_values_say_what_is_wrong(monkeypatch, value, words):
    monkeypatch.setenv("WORKBOOK_DEVICE", value)
    with pytest.raises(DeviceError, match=words):
        get_device()


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_asking_for_missing_cuda_fails_clearly(monkeypatch):
    monkeypatch.setenv("WORKBOOK_DEVICE", "cuda")
    with pytest.raises(DeviceError, match="no CUDA GPU"):
        get_device()


def test_widgets_are_built_for_people_and_skipped_when_unattended(monkeypatch):
    import ipywidgets
    import torch as t

    from workbook import attention_viz, widgets

    for name in widgets.UNATTENDED_VARS:
        monkeypatch.delenv(name, raising=False)
    scores = t.tensor([[0.0, 2.83, 1.41], [2.83, 0.0, 1.41], [1.41, 1.41, 1.41]])
    built = attention_viz.temperature_widget(scores, ["The", "cat", "sat"])
    assert isinstance(built, ipywidgets.interactive)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert attention_viz.temperature_widget(scores, ["The", "cat", "sat"]) is None
