"""Screenwright's editor: the Fountain engine (``editor.fountain``), the Qt UI and output formats."""

__version__ = "0.1.0"
