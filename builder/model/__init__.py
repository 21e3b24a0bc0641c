"""The model stage: the frozen, checked program every later stage reads (see :mod:`.program`)."""

from .program import *  # noqa: F401,F403
from .program import __all__  # noqa: F401
