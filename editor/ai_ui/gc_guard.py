"""Run Python's cyclic garbage collector on the UI thread only, while the model thread is alive.

Why: the inference worker runs Python code on its own thread, and CPython's cyclic collector runs on
whichever thread happens to cross the allocation threshold. Qt widgets and documents live in
reference cycles (editor ↔ its helpers), so a closed editor could be finalised on the model thread:
its timers and file watcher are then destroyed from the wrong thread ("Timers cannot be stopped from
another thread") and the process can crash. The standard remedy (pyqtgraph's GarbageCollector) is
to disable automatic collection and collect from a UI-thread timer instead.

The timer runs only the young generations (0 and 1), whose cost follows what was allocated lately,
never the oldest one: a full collection walks every object alive, about a second on the UI thread
with a 10 MB script open. A burst of allocations larger than ``FREEZE_ABOVE`` (opening a long
script) is moved aside with ``gc.freeze()`` instead of walked, for the same reason. Objects freed
by their reference count go at once as always; only cyclic garbage that grew old waits for
``release`` (AI off, or quitting), which unfreezes and runs the full collection once.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer, Slot

log = logging.getLogger(__name__)

INTERVAL_MS = 500
#: Young objects above this many are frozen rather than walked (walking is ~1 ms per 30,000).
FREEZE_ABOVE = 100_000
_users = 0
_timer: QTimer | None = None
_was_enabled = True


class _Collector(QObject):
    @Slot()
    def collect(self) -> None:
        young, middle, _old = gc.get_count()
        young_threshold, middle_threshold, _ = gc.get_threshold()
        if young <= young_threshold:
            return
        if young > FREEZE_ABOVE:
            gc.freeze()  # O(1): a burst is mostly long-lived (a document just opened)
            return
        gc.collect(1 if middle > middle_threshold else 0)


_collector: _Collector | None = None


def acquire() -> None:
    """Start collecting on the UI thread (call on the UI thread; balanced by ``release``)."""
    global _users, _timer, _collector, _was_enabled
    _users += 1
    if _users > 1:
        return
    _was_enabled = gc.isenabled()
    gc.disable()
    _collector = _Collector()
    _timer = QTimer(_collector)
    _timer.setInterval(INTERVAL_MS)
    _timer.timeout.connect(_collector.collect)
    _timer.start()


def release() -> None:
    """Back to automatic collection once no model thread is alive."""
    global _users, _timer, _collector
    if _users == 0:
        return
    _users -= 1
    if _users:
        return
    if _timer is not None:
        _timer.stop()
    _timer = None
    _collector = None
    gc.unfreeze()
    gc.collect()
    if _was_enabled:
        gc.enable()


def active() -> bool:
    return _users > 0
