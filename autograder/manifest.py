"""The exercise manifest (autograder/manifest.toml) and the syllabus item list (syllabus.toml)."""
from __future__ import annotations

import tomllib
from functools import lru_cache

from .course import MANIFEST, SYLLABUS

KINDS = ("code", "value", "written")


@lru_cache(maxsize=None)
def _manifest() -> tuple[dict, ...]:
    with open(MANIFEST, "rb") as f:
        return tuple(tomllib.load(f).get("exercise", []))


def load_manifest() -> list[dict]:
    return [dict(e) for e in _manifest()]


@lru_cache(maxsize=None)
def _syllabus() -> dict:
    with open(SYLLABUS, "rb") as f:
        return tomllib.load(f)


def syllabus_items() -> dict[str, list[str]]:
    """Chapter (or 'review_deck') -> the syllabus item ids assigned to it."""
    return {chapter: list(items) for chapter, items in _syllabus()["chapters"].items()}


def coverage(chapter: str) -> tuple[set[str], set[str]]:
    """(items covered by the manifest, items assigned but not yet covered) for a chapter."""
    assigned = set(syllabus_items().get(chapter, []))
    covered = {item for e in load_manifest() if e["chapter"] == chapter for item in e["items"]}
    return covered & assigned, assigned - covered
