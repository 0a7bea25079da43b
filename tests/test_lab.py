"""The README's main command opens JupyterLab on notebooks/, with the chapters in it."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bootstrap_lab_serves_the_chapters(tmp_path):
    port, token = free_port(), "workbook-test-token"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    command = [sys.executable if not (ROOT / ".venv").exists() else "python3", str(ROOT / "bootstrap.py"), "lab",
               "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        listing, deadline = None, time.time() + 120
        while time.time() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=5) as reply:
                    listing = json.load(reply)
                break
            except OSError:
                time.sleep(1)
        assert listing is not None, "JupyterLab did not start (or did not answer within 120 s)"
        names = {item["name"] for item in listing["content"]}
        assert "03_hand_worked_attention.ipynb" in names, names
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10) as reply:
            assert reply.status == 200 and b"JupyterLab" in reply.read()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
