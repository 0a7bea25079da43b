"""Reference solutions for chapter 01, math foundations. Instructor-only: never released."""
from .vectors import *  # noqa: F401,F403
from .matrices import *  # noqa: F401,F403
from .calculus import *  # noqa: F401,F403
from .probability import *  # noqa: F401,F403
