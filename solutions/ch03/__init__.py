"""Reference solutions for chapter 03, attention worked by hand. Instructor-only: never released."""
from .attention import *  # noqa: F401,F403
from .heads import *  # noqa: F401,F403
from .position import *  # noqa: F401,F403
