"""Where things are: the course directory (autograder/), its chapters, the released notebooks."""
from __future__ import annotations

import os
import sys
from pathlib import Path

COURSE_DIR = Path(__file__).resolve().parent          # autograder/ is also the nbgrader course directory
SOURCE_DIR = COURSE_DIR / "source"
REPO_ROOT = COURSE_DIR.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
MANIFEST = COURSE_DIR / "manifest.toml"
SYLLABUS = COURSE_DIR / "syllabus.toml"


class UsageError(Exception):
    """A mistake in what was asked (unknown chapter, missing file...): one line for the user."""


def chapters() -> list[str]:
    """Chapter ids with a source notebook, e.g. ['03_hand_worked_attention']."""
    if not SOURCE_DIR.is_dir():
        return []
    return sorted(p.name for p in SOURCE_DIR.iterdir() if (p / f"{p.name}.ipynb").is_file())


def resolve_chapter(name: str) -> str:
    """A chapter id from its full name, its number ('03', '3') or a unique prefix."""
    known = chapters()
    cleaned = name.strip().removesuffix(".ipynb")
    if cleaned in known:
        return cleaned
    if cleaned.isdigit():
        matches = [c for c in known if c.split("_", 1)[0] == f"{int(cleaned):02d}"]
    else:
        matches = [c for c in known if c.startswith(cleaned)]
    if len(matches) == 1:
        return matches[0]
    listing = ", ".join(known) or "none yet"
    raise UsageError(f"unknown chapter {name!r} (known chapters: {listing})")


def source_notebook(chapter: str) -> Path:
    return SOURCE_DIR / chapter / f"{chapter}.ipynb"


def released_notebook(chapter: str) -> Path:
    return NOTEBOOKS_DIR / f"{chapter}.ipynb"


def put_environment_on_path() -> None:
    """nbgrader runs helper programs (alembic) and kernels from PATH: put this Python's scripts first,
    so everything works without activating the virtual environment."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
