"""Grading runs: one notebook locally (``check``), or a course's submissions into its gradebook (``grade``).

Both execute the notebook with :class:`RecordingExecute`: nbgrader's own Execute preprocessor, with
the kernel started in record mode and the verdicts of :mod:`autograder.verdict` applied afterwards.
Scores then come from nbgrader's ``determine_grade`` in both cases, so a local check and the class
gradebook agree submission for submission.
"""
from __future__ import annotations

import os
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbgrader.preprocessors import Execute
from nbgrader.utils import determine_grade
from traitlets import Unicode

from . import verdict as verdict_mod
from .course import COURSE_DIR, UsageError, put_environment_on_path, resolve_chapter, source_notebook
from .notebooks import identify_chapter, read_notebook, restore_from_source
from .runtime import MODE_VAR, SEED_VAR

DEFAULT_SEED = "0"
CELL_TIMEOUT = 120


class RecordingExecute(Execute):
    """nbgrader's Execute, with the kernel in record mode and verdicts replacing test-cell outputs."""

    grading_seed = Unicode(DEFAULT_SEED, help="Seed of the grader's inputs.").tag(config=True)

    def _record_mode(self, kwargs: dict) -> dict:
        env = dict(kwargs.get("env") or os.environ)
        env.update({MODE_VAR: "record", SEED_VAR: str(self.grading_seed)})
        kwargs["env"] = env
        # the kernel's warning about unencrypted local TCP would reach stderr on every run
        if not any(a.startswith("--IPKernelApp.log_level") for a in self.extra_arguments):
            self.extra_arguments = [*self.extra_arguments, "--IPKernelApp.log_level=ERROR"]
        return kwargs

    async def async_start_new_kernel(self, **kwargs):
        return await super().async_start_new_kernel(**self._record_mode(kwargs))

    def start_new_kernel(self, **kwargs):   # the synchronous path used by preprocess()
        return super().start_new_kernel(**self._record_mode(kwargs))

    def preprocess(self, nb, resources=None, km=None):
        self.stopped = None      # why execution stopped early, if it did
        nb, resources = super().preprocess(nb, resources, km)
        verdict_mod.apply_verdicts(nb, self.grading_seed, stopped=self.stopped)
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        """Run one cell; after the kernel has died, run nothing more and say where it died."""
        from nbclient.exceptions import DeadKernelError
        from nbformat.v4 import new_output

        if self.stopped:
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            gid = (cell.metadata.get("nbgrader") or {}).get("grade_id")
            where = f"cell {index}" + (f" ({gid})" if gid else "")
            self.stopped = f"the kernel died in {where} (exit, crash or out of memory), so later cells did not run"
            cell.outputs.append(new_output("error", ename="DeadKernelError", evalue=self.stopped,
                                           traceback=[f"DeadKernelError: {self.stopped}"]))
            return cell, resources


# ---------------------------------------------------------------------------------------------- check

@dataclass
class ExerciseScore:
    grade_id: str
    points: float | None          # None: a written answer, graded by hand
    max_points: float
    message: str


@dataclass
class Report:
    notebook: str
    chapter: str
    score: float
    max_score: float
    manual_max_score: float
    exercises: list[ExerciseScore] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def _score_cells(nb, source) -> list[ExerciseScore]:
    """Score every graded cell of the source, as found (or not) in the executed notebook."""
    found = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells
             if isinstance(c.metadata.get("nbgrader"), dict) and c.metadata.nbgrader.get("grade")}
    rows = []
    for src in source.cells:
        meta = src.metadata.get("nbgrader") or {}
        if not meta.get("grade"):
            continue
        gid, max_points = meta["grade_id"], float(meta["points"])
        cell = found.get(gid)
        if meta.get("solution"):     # a written answer
            answered = cell is not None and cell.source.strip() and "YOUR ANSWER HERE" not in cell.source
            rows.append(ExerciseScore(gid, None, max_points,
                                      "written answer: graded by the instructor" if answered
                                      else "written answer: not answered yet"))
            continue
        if cell is None:
            rows.append(ExerciseScore(gid, 0.0, max_points, "test cell missing from the notebook"))
            continue
        points, _ = determine_grade(cell)
        rows.append(ExerciseScore(gid, float(points or 0.0), max_points, _cell_message(cell)))
    return rows


def _cell_message(cell) -> str:
    """The verdict of a test cell in one line (several parts joined with ' | ')."""
    for kind in ("error", "stream"):
        for output in cell.get("outputs", []):
            if output.get("output_type") == kind:
                text = str(output.get("evalue" if kind == "error" else "text", ""))
                lines = [ln.strip().removeprefix("✗ ").removeprefix("✓ ") for ln in text.splitlines() if ln.strip()]
                return " | ".join(lines)
    return ""


def check_notebook(path: str | Path, chapter: str | None = None, seed: str = DEFAULT_SEED,
                   timeout: int = CELL_TIMEOUT) -> tuple[Report, object]:
    """Grade one learner notebook with the hidden tests. The learner's file is only read."""
    submission = read_notebook(path)
    chapter = resolve_chapter(chapter) if chapter else identify_chapter(submission, path)
    source = read_notebook(source_notebook(chapter))
    nb, notes = restore_from_source(submission, source)
    executor = RecordingExecute(timeout=timeout, grading_seed=seed)
    nb, _ = executor.preprocess(nb, {"metadata": {"path": str(Path(path).resolve().parent)}})
    rows = _score_cells(nb, source)
    auto = [r for r in rows if r.points is not None]
    report = Report(
        notebook=str(path), chapter=chapter,
        score=sum(r.points for r in auto), max_score=sum(r.max_points for r in auto),
        manual_max_score=sum(r.max_points for r in rows if r.points is None),
        exercises=rows, notes=notes)
    return report, nb


# ---------------------------------------------------------------------------------------------- grade

def configure_autograde(c, seed: str = DEFAULT_SEED, timeout: int = CELL_TIMEOUT) -> None:
    """nbgrader's autograde pipeline with its Execute step replaced by RecordingExecute.

    Used by ``workbook grade`` and by the course's nbgrader_config.py, so a plain
    ``nbgrader autograde`` in autograder/ grades the same way.
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput,
                                        SaveAutoGrades)

    c.Autograde.autograde_preprocessors = [RecordingExecute, IgnorePattern, ClearMetadataPreprocessor,
                                           LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    c.RecordingExecute.grading_seed = seed
    c.RecordingExecute.timeout = timeout
    c.ClearMetadataPreprocessor.preserve_cell_metadata_mask = [("nbgrader")]


def nbgrader_config(course_dir: Path, db_url: str | None, seed: str, timeout: int = CELL_TIMEOUT):
    """The configuration of a workbook grading run on any nbgrader course directory."""
    from traitlets.config import Config

    c = Config()
    c.CourseDirectory.root = str(course_dir)
    if db_url:
        c.CourseDirectory.db_url = db_url
    configure_autograde(c, seed, timeout)
    return c


@dataclass
class SubmissionResult:
    student: str
    score: float | None          # autograded points earned
    max_score: float             # autograded points available
    manual_max_score: float      # points of written answers, graded by hand in formgrader
    status: str                  # "graded" or "failed: <reason>"


def grade_assignment(assignment: str, course_dir: str | Path = COURSE_DIR, db_url: str | None = None,
                     seed: str = DEFAULT_SEED, timeout: int = CELL_TIMEOUT, log=print) -> list[SubmissionResult]:
    """Autograde every submission of an assignment into the course's nbgrader gradebook, one by one."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    put_environment_on_path()
    course_dir = Path(course_dir).resolve()
    if not course_dir.is_dir():
        raise UsageError(f"{course_dir}: no such course directory")
    source_dir = course_dir / "source" / assignment
    if not source_dir.is_dir():
        known = sorted(p.name for p in (course_dir / "source").glob("*") if p.is_dir()) if (course_dir / "source").is_dir() else []
        raise UsageError(f"unknown assignment {assignment!r} in {course_dir} (known: {', '.join(known) or 'none'})")
    submitted = course_dir / "submitted"
    students = sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir()) if submitted.is_dir() else []
    if not students:
        raise UsageError(f"no submissions of {assignment!r} in {submitted}")

    config = nbgrader_config(course_dir, db_url, seed, timeout)
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    db = coursedir.db_url
    with Gradebook(db) as gb:
        try:
            gb.find_assignment(assignment)
            known = True
        except MissingEntry:
            known = False
    if not known:
        log(f"{assignment}: not in the gradebook yet; running nbgrader generate_assignment first")
        result = api.generate_assignment(assignment, force=True, create=True)
        if not result.get("success"):
            raise UsageError(f"nbgrader generate_assignment {assignment} failed: {result.get('error', '')[-300:]}")

    results = []
    for student in students:
        problem = _unreadable(submitted / student / assignment)
        if problem:
            result = {"success": False, "error": problem}
        else:
            with warnings.catch_warnings():
                # nbgrader 0.9 with SQLAlchemy 2 warns about its own session use on every submission
                warnings.simplefilter("ignore")
                result = api.autograde(assignment, student, force=True, create=True)
        with Gradebook(db) as gb:
            try:
                sub = gb.find_submission(assignment, student)
                score, max_score = sub.code_score, sub.max_code_score
                manual = sub.max_written_score
            except MissingEntry:
                score, max_score, manual = None, 0.0, 0.0
        if result.get("success"):
            status = "graded"
        else:
            status = "failed: " + (problem or _reason(result.get("log") or result.get("error") or ""))
        results.append(SubmissionResult(student, score, max_score, manual, status))
        log(f"  {student:<20} {_fmt(score):>6} / {_fmt(max_score):<6} {status}")
    return results


def _unreadable(folder: Path) -> str | None:
    """Why a submission's notebooks cannot be graded at all, or None."""
    for path in sorted(folder.glob("*.ipynb")):
        try:
            read_notebook(path)
        except UsageError as error:
            return str(error).replace(str(folder) + "/", "")
    return None


def _reason(log_text: str) -> str:
    """The most telling line of a failed nbgrader run's log."""
    lines = [line.strip() for line in log_text.splitlines() if line.strip()]
    for line in reversed(lines):
        if ("Error" in line or "Exception" in line) and "see the the above traceback" not in line:
            return line[:200]
    return (lines[-1] if lines else "unknown error")[:200]


def _fmt(x) -> str:
    return "-" if x is None else (f"{x:g}")
