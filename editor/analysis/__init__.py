"""Script analysis: reports (characters, places, pacing, sentiment, themes) and search by meaning.

Pure Python and numpy, no Qt: the ``screenwright report``/``search`` commands, the Reports window
and the tests all read the same plain data built here.
"""
