"""Interactive controls for people, and nothing for unattended runs.

Every chapter's sliders go through :func:`interactive`. When nobody can move a slider (nbgrader or
the workbook's grader executing a notebook, or the test suite), no widget is built: the caller has
already drawn the default view as a static figure, and widget messages without a front end are a
known source of stalled executions (nbclient#312).
"""
from __future__ import annotations

import functools
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


def safe_view(view):
    """A picture must never raise in front of a learner: an unfinished exercise (NotImplementedError)
    or a bad setting prints one sentence instead of a traceback."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        import matplotlib.pyplot as plt

        try:
            return view(*args, **kwargs)
        except NotImplementedError:
            plt.close("all")
            print("(this picture runs your functions from the exercise above, and one of them is not written "
                  "yet: complete the exercise, then run this cell again)")
        except Exception as error:
            plt.close("all")
            detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            print(f"(could not draw this setting: {detail}; check the exercise above, then run this cell again)")
        return None
    return wrapped
