"""The keyboard goes back to the page after every dialog and every dock action.

Writers type; a dialog closed with Discard, OK or Esc, or a click on a dock's button (Insert,
Regenerate, a suggestion card), must not leave the keys going to a button or to nothing. Qt gives
focus back to whatever had it before a modal dialog, which is often not the page (the dialog was
opened from a dock, the window was re-activated late, the dialog was window-modal), so one window-
wide rule does it instead of a ``setFocus`` in each dialog:

- a ``QDialog`` of this window hides → the current page gets the focus (once the event loop has
  finished closing the dialog and re-activating the window), unless another dialog is still up or
  the focus went to a text field of the window (the find bar, a filter box);
- a button, or a clickable card, inside a dock is released → the same, after the click did its work.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_TEXT_FIELDS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


def _clickable(widget: QWidget) -> bool:
    """A widget that takes focus on click (a suggestion card): clicking it is a dock action."""
    return bool(widget.focusPolicy() & Qt.FocusPolicy.ClickFocus)


class PageFocus(QObject):
    """Watches ``window``'s dialogs and docks; ``page()`` returns the editor to give the keys to."""

    def __init__(self, window: QMainWindow, page: Callable[[], QWidget | None]) -> None:
        super().__init__(window)
        self.window = window
        self.page = page
        self.returns = 0  # how often focus was given back (tests, debugging)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Hide:
            closed = isinstance(watched, QDialog) and self._ours(watched)
        elif kind == QEvent.Type.MouseButtonRelease:
            closed = (
                isinstance(watched, QWidget)
                and self._in_dock(watched)
                and not isinstance(watched, _TEXT_FIELDS)
                and (isinstance(watched, QAbstractButton) or _clickable(watched))
            )
        else:
            return False
        if closed:
            QTimer.singleShot(0, self.give_back)
        return False

    def _ours(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self.window:
                return True
            parent = parent.parentWidget()
        return False

    def _in_dock(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not self.window:
            if isinstance(parent, QDockWidget):
                return parent.parentWidget() is self.window
            parent = parent.parentWidget()
        return False

    def give_back(self) -> None:
        if QApplication.activeModalWidget() is not None:
            return  # another dialog is still up: it keeps the keys
        page = self.page()
        if page is None or not page.isVisible():
            return
        focused = QApplication.focusWidget()
        if (
            focused is not None
            and focused is not page
            and isinstance(focused, _TEXT_FIELDS)
            and focused.window() is self.window
            and not self._in_dock(focused)
        ):
            return  # the writer is in the find bar or a filter box of the window itself
        if focused is not None and isinstance(focused.window(), QDialog) and focused.window().isVisible():
            return  # a modeless dialog the writer is working in
        self.window.activateWindow()
        page.setFocus(Qt.FocusReason.OtherFocusReason)
        self.returns += 1


def install(window: QMainWindow) -> PageFocus:
    """Give ``window``'s page the keys back after its dialogs and dock actions."""
    return PageFocus(window, lambda: getattr(window, "current_editor", lambda: None)())
