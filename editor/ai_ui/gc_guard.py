"""Run Python's cyclic garbage collector on the UI thread only, while the model thread is alive.

Why: the inference worker runs Python code on its own thread, and CPython's cyclic collector runs on
whichever thread happens to cross the allocation threshold. Qt widgets and documents live in
reference cycles (editor ↔ its helpers), so a closed editor could be finalised on the model thread:
its timers and file watcher are then destroyed from the wrong thread ("Timers cannot be stopped from
another thread") and the process can crash. The standard remedy (pyqtgraph's GarbageCollector) is
to disable automatic collection and collect from a UI-thread timer instead, with the same
generational thresholds, so memory behaves as before.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer, Slot

log = logging.getLogger(__name__)

INTERVAL_MS = 500
_users = 0
_timer: QTimer | None = None
_was_enabled = True


class _Collector(QObject):
    @Slot()
    def collect(self) -> None:
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        if counts[0] > thresholds[0]:
            generation = 0
            if counts[1] > thresholds[1]:
                generation = 1
                if counts[2] > thresholds[2]:
                    generation = 2
            gc.collect(generation)


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
    gc.collect()
    if _was_enabled:
        gc.enable()


def active() -> bool:
    return _users > 0
