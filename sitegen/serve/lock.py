"""An exclusive, non-blocking lock on an open file, the same call on every platform: `flock` where
there is one, `msvcrt.locking` on Windows. The operating system drops the lock when the process
ends, however it ends, so a killed session leaves no stale lock behind."""

from __future__ import annotations

import os
import sys


def try_lock(fd: int) -> bool:
    """Take the lock on `fd` for this process; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        # Windows locks byte ranges: the first byte stands for the whole file (it need not
        # exist). The file position decides which byte, hence the seek.
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
