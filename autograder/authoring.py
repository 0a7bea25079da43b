"""Convert between an nbgrader source notebook and a plain-text *cell script* for editing.

The source notebook (``autograder/source/<chapter>/<chapter>.ipynb``) is the single source of truth;
a cell script is a temporary view of it that is easier to write and review in a text editor:

    python -m autograder.authoring dump  autograder/source/03_x/03_x.ipynb  /tmp/03_x.cells
    (edit /tmp/03_x.cells)
    python -m autograder.authoring build /tmp/03_x.cells  autograder/source/03_x/03_x.ipynb

Cells start with a header line ``#%% KIND [key=value ...]``; everything up to the next header is the
cell's source, verbatim. Kinds, and the nbgrader metadata each gets:

=========  ==========  ==============================================================================
kind       cell type   meaning
=========  ==========  ==============================================================================
md         markdown    prose; no nbgrader metadata
code       code        demo or scratch code the learner may change
setup      code        locked code (imports, given data): restored from the source at grading
answer     code        the learner's answer (``id=``); ``### BEGIN/END SOLUTION`` around the solution
test       code        autograded test (``id=``, ``points=``); ``### BEGIN/END HIDDEN TESTS`` inside
written    markdown    manually graded written answer (``id=``, ``points=``); model answer and mark
                       scheme between ``### BEGIN/END SOLUTION``
=========  ==========  ==============================================================================
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HEADER = re.compile(r"^#%%\s+(\w+)((?:\s+\w+=\S+)*)\s*$")
KINDS = {"md", "code", "setup", "answer", "test", "written"}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _meta(kind: str, attrs: dict[str, str]) -> dict | None:
    if kind in ("md", "code"):
        return None
    grade_id = attrs.get("id")
    if not grade_id:
        raise ValueError(f"a {kind} cell needs id=...")
    meta = {"grade": False, "grade_id": grade_id, "locked": False, "schema_version": 3,
            "solution": False, "task": False}
    if kind == "setup":
        meta["locked"] = True
    elif kind == "answer":
        meta["solution"] = True
    elif kind in ("test", "written"):
        if "points" not in attrs:
            raise ValueError(f"{kind} cell {grade_id} needs points=...")
        meta.update(grade=True, points=float(attrs["points"]) if "." in attrs["points"] else int(attrs["points"]))
        meta["locked"] = kind == "test"
        meta["solution"] = kind == "written"
    return meta


def build(text: str) -> nbformat.NotebookNode:
    cells, kind, attrs, lines = [], None, {}, []

    def flush():
        if kind is None:
            return
        source = "\n".join(lines).strip("\n")
        cell = new_markdown_cell(source) if kind in ("md", "written") else new_code_cell(source)
        meta = _meta(kind, attrs)
        if meta:
            cell.metadata["nbgrader"] = meta
        cells.append(cell)

    for number, line in enumerate(text.splitlines(), 1):
        match = HEADER.match(line)
        if match:
            flush()
            kind = match.group(1)
            if kind not in KINDS:
                raise ValueError(f"line {number}: unknown cell kind {kind!r} (use one of {sorted(KINDS)})")
            attrs = dict(pair.split("=", 1) for pair in match.group(2).split())
            lines = []
        elif kind is None:
            if line.strip():
                raise ValueError(f"line {number}: text before the first '#%%' header")
        else:
            lines.append(line)
    flush()
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    # stable cell ids, so rebuilding an unchanged script gives an identical file
    for i, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell["id"] = re.sub(r"[^A-Za-z0-9-]", "-", grade_id) if grade_id else f"cell-{i:03d}"
    nbformat.validate(nb)
    return nb


def dump(nb: nbformat.NotebookNode) -> str:
    chunks = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if not meta:
            kind, attrs = ("md" if cell.cell_type == "markdown" else "code"), ""
        else:
            if meta.get("grade") and meta.get("solution"):
                kind = "written"
            elif meta.get("grade"):
                kind = "test"
            elif meta.get("solution"):
                kind = "answer"
            else:
                kind = "setup"
            attrs = f" id={meta['grade_id']}"
            if meta.get("grade"):
                attrs += f" points={meta['points']}"
        chunks.append(f"#%% {kind}{attrs}\n{cell.source}\n")
    return "\n".join(chunks)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("build", "dump"):
        print(__doc__.split("\n\n")[1])
        return 2
    verb, src, dst = argv
    if verb == "build":
        nb = build(Path(src).read_text())
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, dst)
    else:
        Path(dst).write_text(dump(nbformat.read(src, as_version=4)))
    print(f"wrote {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
