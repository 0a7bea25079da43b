"""The environment is declared twice (pip and conda forms); they must agree, and the README's
two commands are what CI runs."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        name, _, version = requirement.partition("==")
        assert version, f"pyproject.toml: {requirement!r} is not pinned with =="
        pins[name.lower()] = version
    return pins


def environment_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+)==(\S+)\s*$", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def test_pip_and_conda_environments_agree():
    pip, conda = pyproject_pins(), environment_pins()
    assert set(pip) == set(conda), f"only in pyproject: {set(pip) - set(conda)}; only in environment.yml: {set(conda) - set(pip)}"
    differing = {name: (pip[name], conda[name]) for name in pip if pip[name] != conda[name]}
    assert not differing, f"versions differ (pyproject, environment.yml): {differing}"


def test_required_packages_are_pinned():
    pins = pyproject_pins()
    for name in ("jupyterlab", "torch", "numpy", "matplotlib", "ipywidgets", "nbgrader", "bertviz"):
        assert name in pins, f"{name} is not in pyproject.toml"
    assert pins["torch"] == "2.13.0"


def test_installed_versions_match_the_pins():
    from importlib.metadata import version
    for name, pinned in pyproject_pins().items():
        installed = version(name).split("+")[0]
        assert installed == pinned, f"{name}: installed {installed}, pinned {pinned}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 bootstrap.py test" in readme and "python3 bootstrap.py lab" in readme
    commands = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.strip().startswith(("#", "set ", "cd "))]
    assert commands == ["exec python3 bootstrap.py test"], commands
