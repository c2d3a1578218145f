"""The page: the script editor widget, its document and parse, layout, highlighting and typing keys.

Everything a keystroke touches before the AI sees it lives here (docs/ARCHITECTURE.md, "Life of a
keystroke").
"""
