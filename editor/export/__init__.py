"""Screenplay output: PDF (Qt), FDX and HTML export, FDX import, and their command line."""
