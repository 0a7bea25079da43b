#!/usr/bin/env python3
"""Set up whatever is missing, then open the workbook or run its tests.

    python3 bootstrap.py lab     # install if needed, open JupyterLab on notebooks/
    python3 bootstrap.py test    # install if needed, run the whole test suite
    python3 bootstrap.py shell   # install if needed, print how to activate the environment

The environment is a virtual environment in .venv (WORKBOOK_VENV overrides the place). It is
(re)installed only when pyproject.toml changed since the last install, so a second run starts at
once. Only the standard library is used here: this file runs before anything is installed.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("WORKBOOK_VENV", ROOT / ".venv"))
STAMP = VENV / ".workbook-install-stamp"
USAGE = "usage: python3 bootstrap.py {lab|test|shell} [extra arguments for jupyter lab / pytest]"


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def wanted_stamp() -> str:
    text = (ROOT / "pyproject.toml").read_bytes()
    return hashlib.sha256(text + sys.version.encode()).hexdigest()


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"bootstrap: Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    if not venv_bin("python").exists():
        print(f"bootstrap: creating the virtual environment {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text().strip() == wanted_stamp():
        return
    print("bootstrap: installing the workbook and its pinned dependencies (first run only)", flush=True)
    pip = [str(venv_bin("python")), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    # torch first and alone: pinned, so pip takes the CPU wheel where the machine provides one
    # instead of resolving a newer build with gigabytes of CUDA packages.
    subprocess.run(pip + ["torch==2.13.0"], check=True)
    subprocess.run(pip + ["-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted_stamp())


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"lab", "test", "shell"}:
        print(USAGE, file=sys.stderr)
        return 2
    command, extra = argv[0], argv[1:]
    try:
        ensure_environment()
    except subprocess.CalledProcessError as error:
        print(f"bootstrap: installation failed ({error}); see pip's message above", file=sys.stderr)
        return 1
    env = dict(os.environ, PYTHONNOUSERSITE="1",
               PATH=str(venv_bin("python").parent) + os.pathsep + os.environ.get("PATH", ""),
               VIRTUAL_ENV=str(VENV))
    if command == "lab":
        args = [str(venv_bin("jupyter")), "lab", f"--ServerApp.root_dir={ROOT / 'notebooks'}", *extra]
        if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
            args.append("--allow-root")   # containers and CI machines often run as root
    elif command == "test":
        args = [str(venv_bin("python")), "-m", "pytest", *extra]
    else:
        print(f"environment ready: activate it with  source {venv_bin('activate')}")
        return 0
    return subprocess.call(args, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
