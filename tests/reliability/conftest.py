"""Fixtures for the reliability tests: the assembled window and its message boxes, recorded."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """ "Title: text" of each warning or error box the main window shows, instead of blocking."""
    from PySide6.QtWidgets import QMessageBox

    from editor.window import main_window as main_window_module

    shown: list[str] = []

    def record(_parent, title, text, *args, **kwargs):
        shown.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(main_window_module.QMessageBox, "critical", record)
    monkeypatch.setattr(main_window_module.QMessageBox, "warning", record)
    return shown
