"""Stopping on a signal: SIGTERM handled as cleanly as Ctrl-C, for `build` and `serve` alike.

A process manager, CI cancelling a job, or `timeout` sends SIGTERM; by default Python dies at
once, leaving whatever a build had staged. Raised as `KeyboardInterrupt` instead, it unwinds the
build like Ctrl-C: the output writer removes what it staged and the workers are ended.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main thread was."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM raises `Terminated` (a KeyboardInterrupt) in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


@contextmanager
def ignore_interrupts() -> Iterator[None]:
    """While inside, Ctrl-C and SIGTERM are ignored: for cleaning up after the first one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def exit_code(interrupt: KeyboardInterrupt) -> int:
    """The shell's code for a process stopped by the signal: 128 + its number."""
    signum = signal.SIGTERM if isinstance(interrupt, Terminated) else signal.SIGINT
    return 128 + int(signum)


@contextmanager
def signals_held() -> Iterator[None]:
    """While inside, Ctrl-C and SIGTERM wait; they arrive when it ends. For work that must not
    stop half way, such as moving a build's files into place."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError):  # no signal masks here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
