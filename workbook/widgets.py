"""Interactive controls for people, and nothing for unattended runs.

Every chapter's sliders go through :func:`interactive`. When nobody can move a slider (nbgrader or
the workbook's grader executing a notebook, or the test suite), no widget is built: the caller has
already drawn the default view as a static figure, and widget messages without a front end are a
known source of stalled executions (nbclient#312).
"""
from __future__ import annotations

import os

UNATTENDED_VARS = ("NBGRADER_EXECUTION", "WORKBOOK_GRADING", "WORKBOOK_NO_WIDGETS")


def unattended() -> bool:
    return any(os.environ.get(name) for name in UNATTENDED_VARS)


def interactive(view, **controls):
    """``ipywidgets.interactive(view, **controls)`` for a person; None in an unattended run."""
    if unattended():
        return None
    import ipywidgets

    return ipywidgets.interactive(view, **controls)
