"""The main window and its chrome: tabs, menus and actions, navigator, status bar, find bar, dialogs.

See docs/ARCHITECTURE.md for how the window is assembled (``editor.app``) and what talks to what.
"""
