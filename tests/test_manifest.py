"""The exercise manifest stays in step with the notebooks, the exercise specs and the syllabus."""
from __future__ import annotations

import re
from collections import Counter

import nbformat
import pytest

from autograder import exercise as E
from autograder.course import chapters, source_notebook
from autograder.manifest import KINDS, coverage, load_manifest, syllabus_items

MANIFEST = load_manifest()
CHAPTERS = chapters()


def graded_cells(chapter: str) -> dict[str, nbformat.NotebookNode]:
    nb = nbformat.read(source_notebook(chapter), as_version=4)
    return {c.metadata.nbgrader["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")}


def all_cells(chapter: str) -> dict[str, nbformat.NotebookNode]:
    nb = nbformat.read(source_notebook(chapter), as_version=4)
    return {c.metadata.nbgrader["grade_id"]: c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")}


def test_entries_are_well_formed():
    required = {"chapter", "grade_id", "answer", "points", "kind", "items", "reference"}
    for entry in MANIFEST:
        assert required <= set(entry), f"{entry.get('grade_id')}: missing fields {required - set(entry)}"
        assert entry["kind"] in KINDS, f"{entry['grade_id']}: kind {entry['kind']!r}"
        assert entry["points"] > 0, f"{entry['grade_id']}: points must be positive"
        assert entry["items"], f"{entry['grade_id']}: covers no syllabus item"
        assert (entry["kind"] == "written") == (entry["answer"] == ""), f"{entry['grade_id']}: answer cell"


def test_grade_ids_are_unique_across_the_course():
    counts = Counter(e["grade_id"] for e in MANIFEST)
    assert not [g for g, n in counts.items() if n > 1]
    for chapter in CHAPTERS:
        nb = nbformat.read(source_notebook(chapter), as_version=4)
        ids = Counter(c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata)
        assert not [g for g, n in ids.items() if n > 1], f"{chapter}: duplicated grade ids in the source"


def test_syllabus_ids_are_valid():
    valid = {item for items in syllabus_items().values() for item in items}
    assert len(valid) == 183
    for entry in MANIFEST:
        unknown = set(entry["items"]) - valid
        assert not unknown, f"{entry['grade_id']}: unknown syllabus ids {unknown}"
        assigned = set(syllabus_items()[entry["chapter"]])
        assert set(entry["items"]) <= assigned, f"{entry['grade_id']}: items of another chapter {set(entry['items']) - assigned}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_graded_cell_is_listed_with_its_points_and_kind(chapter):
    cells = graded_cells(chapter)
    entries = {e["grade_id"]: e for e in MANIFEST if e["chapter"] == chapter}
    assert set(cells) == set(entries), (f"in the notebook only: {sorted(set(cells) - set(entries))}; "
                                        f"in the manifest only: {sorted(set(entries) - set(cells))}")
    for gid, cell in cells.items():
        entry, meta = entries[gid], cell.metadata.nbgrader
        assert float(meta["points"]) == float(entry["points"]), f"{gid}: points differ"
        written = cell.cell_type == "markdown" and meta.get("solution")
        assert (entry["kind"] == "written") == bool(written), f"{gid}: kind {entry['kind']} vs a {cell.cell_type} cell"
    assert sum(float(c.metadata.nbgrader["points"]) for c in cells.values()) == sum(e["points"] for e in entries.values())


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answer_cells_exist_and_precede_their_tests(chapter):
    nb = nbformat.read(source_notebook(chapter), as_version=4)
    order = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    for entry in (e for e in MANIFEST if e["chapter"] == chapter and e["kind"] != "written"):
        assert entry["answer"] in order, f"{entry['grade_id']}: no answer cell {entry['answer']!r}"
        assert order.index(entry["answer"]) < order.index(entry["grade_id"])
        answer = nb.cells[order.index(entry["answer"])]
        assert answer.metadata.nbgrader.get("solution"), f"{entry['answer']} is not a solution cell"
        assert "### BEGIN SOLUTION" in answer.source, f"{entry['answer']} has no solution region"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_autograded_cells_have_specs_and_call_them(chapter):
    registry = E.load_all()
    for entry in (e for e in MANIFEST if e["chapter"] == chapter and e["kind"] != "written"):
        gid = entry["grade_id"]
        parts = [ex for g, ex in registry.items() if g == gid or g.startswith(gid + "/")]
        assert parts, f"{gid}: no exercise spec registered"
        source = graded_cells(chapter)[gid].source
        hidden = source.split("### BEGIN HIDDEN TESTS", 1)
        assert len(hidden) == 2, f"{gid}: the test cell has no hidden tests"
        for ex in parts:
            assert re.search(rf"\bgrade\(\s*['\"]{re.escape(ex.grade_id)}['\"]", hidden[1]), f"{gid}: no grade({ex.grade_id!r}, ...)"
            assert re.search(rf"\bcheck\(\s*['\"]{re.escape(ex.grade_id)}['\"]", hidden[0]), f"{gid}: no visible check({ex.grade_id!r}, ...)"
            assert ex.kind == ("function" if entry["kind"] == "code" else "value") or len(parts) > 1, f"{gid}: kind"
            ex.reference_fn()   # the reference resolves
        listed = {ref.strip() for ref in entry["reference"].split(",")}
        assert listed == {ex.reference for ex in parts}, f"{gid}: the manifest's references differ from its specs'"


def test_no_spec_without_a_manifest_entry():
    listed = {e["grade_id"] for e in MANIFEST}
    orphans = [g for g in E.load_all() if g.split("/")[0] not in listed]
    assert not orphans, f"exercise specs with no graded cell in any notebook: {orphans}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_covers_its_syllabus_items(chapter):
    covered, missing = coverage(chapter)
    assert not missing, f"{chapter}: syllabus items not covered by any exercise: {sorted(missing)}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_written_cells_have_model_answer_and_mark_scheme(chapter):
    for gid, cell in graded_cells(chapter).items():
        if cell.cell_type == "markdown":
            body = cell.source
            assert "### BEGIN SOLUTION" in body and "### END SOLUTION" in body, gid
            assert re.search(r"model answer", body, re.I), f"{gid}: no model answer"
            assert re.search(r"mark scheme", body, re.I), f"{gid}: no mark scheme"


# Chapters whose issue asks for a minimum share of autograded exercises (graded cells).
MIN_AUTOGRADED_SHARE = {"01_math_foundations": 2 / 3}


@pytest.mark.parametrize("chapter", sorted(MIN_AUTOGRADED_SHARE))
def test_share_of_autograded_exercises(chapter):
    mine = [e for e in MANIFEST if e["chapter"] == chapter]
    share = sum(e["kind"] != "written" for e in mine) / len(mine)
    assert share >= MIN_AUTOGRADED_SHARE[chapter], f"{chapter}: {share:.0%} of its exercises are autograded"
