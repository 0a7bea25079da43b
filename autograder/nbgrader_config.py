# nbgrader configuration of the workbook's course directory (this folder, autograder/).
# `nbgrader generate_assignment`, `nbgrader autograde`, formgrader and feedback work here as usual;
# autograde runs the kernel in record mode and judges the outputs in this trusted process
# (autograder/grading.py), exactly as `workbook grade` does.
import os

from autograder.grading import configure_autograde

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)
c.CourseDirectory.course_id = "transformers-workbook"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
configure_autograde(c, seed=os.environ.get("WORKBOOK_GRADING_SEED", "0"))
