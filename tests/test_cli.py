"""Bad input to the command-line tool: one line that names the problem, exit status 2, nothing written."""
from __future__ import annotations

import subprocess
import sys

import pytest

from autograder.course import chapters


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "autograder.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def assert_one_line_error(result, *words):
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("workbook: error:"), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_unknown_chapter(tmp_path):
    assert_one_line_error(run_cli("reveal", "99_nothing", "--out", str(tmp_path)), "unknown chapter", "99_nothing")
    assert list(tmp_path.iterdir()) == []
    assert_one_line_error(run_cli("release", "nope"), "unknown chapter")


def test_missing_file():
    assert_one_line_error(run_cli("check", "/nonexistent/x.ipynb"), "no such file")


@pytest.mark.parametrize("content,words", [
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", ["not a notebook", "binary"]),
    (b"{ not json", ["not a notebook", "invalid JSON"]),
    (b'{"hello": "world"}', ["not a notebook"]),
    (b"[1, 2, 3]", ["not a notebook"]),
])
def test_not_a_notebook(tmp_path, content, words):
    path = tmp_path / "work.ipynb"
    path.write_bytes(content)
    assert_one_line_error(run_cli("check", str(path)), *words)
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["work.ipynb"]


def test_a_directory_is_not_a_notebook(tmp_path):
    assert_one_line_error(run_cli("check", str(tmp_path)), "directory")


def test_notebook_of_no_chapter(tmp_path):
    path = tmp_path / "other.ipynb"
    path.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    assert_one_line_error(run_cli("check", str(path)), "which chapter")


def test_grade_unknown_assignment_and_empty_course(tmp_path):
    assert_one_line_error(run_cli("grade", "nope", "--course", str(tmp_path)), "unknown assignment")
    assert_one_line_error(run_cli("grade", "x", "--course", str(tmp_path / "missing")), "no such course directory")
    chapter = chapters()[0]
    (tmp_path / "source" / chapter).mkdir(parents=True)
    assert_one_line_error(run_cli("grade", chapter, "--course", str(tmp_path)), "no submissions")


def test_reveal_unknown_exercise():
    assert_one_line_error(run_cli("reveal", chapters()[0], "--exercise", "no-such-id"), "no exercise")


def test_chapter_can_be_named_by_number(tmp_path):
    result = run_cli("reveal", "3", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "wrote the solution notebook" in result.stdout
    assert len(list(tmp_path.glob("*.ipynb"))) == 1


def test_list_shows_coverage():
    result = run_cli("list")
    assert result.returncode == 0 and "syllabus items covered" in result.stdout
