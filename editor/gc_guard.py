"""Run Python's cyclic garbage collector on the UI thread only, for as long as the app runs.

Why: the editor runs Python code on several threads of its own (pagination, the structure
snapshot, spelling, saves, the desk, revisions, and the model worker when AI is on), and CPython's
cyclic collector runs on whichever thread happens to cross the allocation threshold. Qt widgets
and documents live in reference cycles (editor <-> its helpers), so a closed editor could be
finalised on a worker thread: its timers and file watcher are then destroyed from the wrong thread
("Timers cannot be stopped from another thread", "Socket notifiers cannot be enabled or disabled
from another thread") and the process spins on a closed descriptor or crashes. It did: a
pagination worker collected a closed editor in one test run in three. The standard remedy
(pyqtgraph's GarbageCollector, calibre's) is to disable automatic collection and collect from a
UI-thread timer instead; ``editor.app.build_main_window`` holds the guard for the process's life.

The timer runs only the young generations (0 and 1), whose cost follows what was allocated lately,
never the oldest one: a full collection walks every object alive, about a second on the UI thread
with a 10 MB script open. A burst of allocations larger than ``FREEZE_ABOVE`` (opening a long
script) is moved aside with ``gc.freeze()`` instead of walked, for the same reason. Objects freed
by their reference count go at once as always; cyclic garbage that grew old (a document open for
a while, then closed) goes in the full collection ``collect_soon`` runs once after a tab closes,
and in ``release``, which unfreezes and collects everything when the last holder lets go.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer, Slot

log = logging.getLogger(__name__)

INTERVAL_MS = 500
#: Young objects above this many are frozen rather than walked (walking is ~1 ms per 30,000).
FREEZE_ABOVE = 100_000
#: A closed tab's objects are collected this long after it closed (the close itself stays instant).
FULL_AFTER_MS = 1500
_users = 0
_timer: QTimer | None = None
_full_timer: QTimer | None = None
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

    @Slot()
    def collect_all(self) -> None:
        gc.unfreeze()
        gc.collect()


_collector: _Collector | None = None


def acquire() -> None:
    """Start collecting on the UI thread (call on the UI thread; balanced by ``release``)."""
    global _users, _timer, _full_timer, _collector, _was_enabled
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
    _full_timer = QTimer(_collector)
    _full_timer.setSingleShot(True)
    _full_timer.setInterval(FULL_AFTER_MS)
    _full_timer.timeout.connect(_collector.collect_all)


_process_hold = False


def hold_for_process() -> None:
    """Hold the guard until the process ends (once; the app does when it builds its window)."""
    global _process_hold
    if not _process_hold:
        _process_hold = True
        acquire()


def collect_young() -> None:
    """One tick of the timer now (on the UI thread): the young generations, if due."""
    if _collector is not None:
        _collector.collect()


def collect_soon() -> None:
    """Something long-lived just became garbage (a tab closed): collect everything once, shortly,
    on the UI thread. Nothing to do while automatic collection is on."""
    if _full_timer is not None:
        _full_timer.start()


def release() -> None:
    """Back to automatic collection once nobody holds the guard (the app quits)."""
    global _users, _timer, _full_timer, _collector
    if _users == 0:
        return
    _users -= 1
    if _users:
        return
    for timer in (_timer, _full_timer):
        if timer is not None:
            timer.stop()
    _timer = _full_timer = None
    _collector = None
    gc.unfreeze()
    gc.collect()
    if _was_enabled:
        gc.enable()


def active() -> bool:
    return _users > 0
