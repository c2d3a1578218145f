"""Never lose a word: recovery journals of unsaved scripts, and restoring them after a crash.

``journal`` (file format, background writer) and ``store`` (session directories, what a crash left)
are Qt-free; ``manager`` journals open documents, ``dialog``/``controller`` offer recovered work.
"""
