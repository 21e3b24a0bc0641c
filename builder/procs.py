"""Worker processes that never outlive the build that started them."""

from __future__ import annotations

import os
import signal


def die_with_parent() -> None:
    """Pool initializer: ask Linux to end this worker when its parent build ends.

    Without it, a build killed from outside leaves its workers running (and, before the
    lock was a per-process one, holding the workspace lock). Elsewhere it does nothing.
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)
