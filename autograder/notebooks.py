"""Reading untrusted notebook files, and restoring a submission's tests and locked cells from source.

Everything here fails with a :class:`~autograder.course.UsageError` that names the problem in one
line (missing file, not JSON, not a notebook, too large) instead of a traceback.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from .course import UsageError, chapters, source_notebook

MAX_NOTEBOOK_BYTES = 64 * 2**20


def read_notebook(path: str | Path) -> NotebookNode:
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory, not a notebook")
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise UsageError(f"{path}: {size / 2**20:.0f} MiB is larger than a notebook can be here "
                         f"({MAX_NOTEBOOK_BYTES // 2**20} MiB); clear its outputs and try again")
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not a notebook (binary data, not UTF-8 JSON text)") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}: not a notebook (invalid JSON at line {error.lineno}: {error.msg})") from None
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        raise UsageError(f"{path}: not a notebook (JSON without notebook cells)")
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as error:  # nbformat raises many kinds for malformed content
        raise UsageError(f"{path}: not a readable notebook ({type(error).__name__}: {error})"[:300]) from None
    for cell in nb.cells:
        if cell.get("cell_type") not in ("code", "markdown", "raw"):
            raise UsageError(f"{path}: not a readable notebook (a cell of unknown type {cell.get('cell_type')!r})")
    return nb


def grade_ids(nb: NotebookNode) -> list[str]:
    return [c.metadata.nbgrader["grade_id"] for c in nb.cells
            if isinstance(c.get("metadata", {}).get("nbgrader"), dict) and "grade_id" in c.metadata.nbgrader]


def identify_chapter(nb: NotebookNode, path: str | Path) -> str:
    """The chapter a learner's notebook belongs to: by its nbgrader grade ids, else by its file name."""
    ids = set(grade_ids(nb))
    best, best_overlap = None, 0
    for chapter in chapters():
        overlap = len(ids & set(grade_ids(read_notebook(source_notebook(chapter)))))
        if overlap > best_overlap:
            best, best_overlap = chapter, overlap
    if best:
        return best
    stem = Path(path).stem
    for chapter in chapters():
        if stem.startswith(chapter):
            return chapter
    raise UsageError(f"{path}: cannot tell which chapter this notebook is (no workbook cells in it); "
                     "pass --chapter")


def _is_protected(cell: NotebookNode) -> bool:
    """Test cells and locked cells: the learner may not change them, the source version is used."""
    meta = cell.get("metadata", {}).get("nbgrader") or {}
    return bool(meta.get("locked")) or (bool(meta.get("grade")) and not meta.get("solution"))


def restore_from_source(submission: NotebookNode, source: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """A copy of the submission with tests and locked cells taken from the source.

    Returns the restored notebook and notes on what had to be repaired (duplicated grade ids, a
    test cell turned into markdown, missing cells). Missing test cells are put back after the cell
    that precedes them in the source, so every test runs.
    """
    nb = copy.deepcopy(submission)
    by_id = {c.metadata.nbgrader["grade_id"]: c for c in source.cells
             if isinstance(c.metadata.get("nbgrader"), dict) and "grade_id" in c.metadata.nbgrader}
    notes: list[str] = []
    seen: set[str] = set()
    kept = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        gid = meta.get("grade_id") if isinstance(meta, dict) else None
        if gid is not None:
            if gid in seen:
                notes.append(f"a second cell with grade id {gid!r} was ignored")
                del cell.metadata["nbgrader"]
                gid = None
            else:
                seen.add(gid)
        if gid is not None and gid in by_id and (_is_protected(by_id[gid]) or _is_protected(cell)):
            original = by_id[gid]
            if cell.cell_type != original.cell_type:
                notes.append(f"cell {gid!r} had been changed to {cell.cell_type}; the original was used")
            cell = copy.deepcopy(original)
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        kept.append(cell)
    # put back protected cells that were deleted, after their predecessor in the source
    source_order = [c.metadata.nbgrader["grade_id"] if isinstance(c.metadata.get("nbgrader"), dict) else None
                    for c in source.cells]
    for index, gid in enumerate(source_order):
        if gid is None or gid in seen or not _is_protected(source.cells[index]):
            continue
        anchor = next((source_order[j] for j in range(index - 1, -1, -1) if source_order[j] in seen), None)
        position = 0
        if anchor is not None:
            position = 1 + next(i for i, c in enumerate(kept)
                                if (c.metadata.get("nbgrader") or {}).get("grade_id") == anchor)
        cell = copy.deepcopy(source.cells[index])
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        kept.insert(position, cell)
        seen.add(gid)
        notes.append(f"cell {gid!r} was missing and has been put back")
    nb.cells = kept
    nb.metadata["kernelspec"] = copy.deepcopy(source.metadata.get("kernelspec", {}))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb, notes
