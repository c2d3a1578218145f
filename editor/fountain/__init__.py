"""Everything Screenwright knows about Fountain, in pure Python (no Qt).

Map of the package (import the module you need; nothing is re-exported, so importing the package
stays cheap):

- ``model``: the shared data model (``LineType``, ``ElementType``, ``Element``, ``Scene``,
  ``Character``, ``Stats``, ``Script``).
- ``rules``: the ordered rule table, one rule per spec sentence; ``lines``: the line classifier
  around it (title page, boneyard and note modes); ``kinds``: enum members as fast constants.
- ``parser.parse(text)``: full parse to a ``Script``; ``incremental.IncrementalParser``: the
  editor's per-edit re-classification, always equal to a full parse.
- ``elements`` / ``builder``: line types to positioned elements, then scenes, characters, stats.
- ``inline``: emphasis, escapes, notes and boneyard spans inside a line; ``names``: one person per
  character cue.
- ``source``: file bytes <-> LF text, losslessly (BOM, CRLF/CR/mixed endings, encodings);
  ``writer``: elements back to canonical Fountain.
- ``pagination`` / ``fdx``: pages (afterwriting's print profile) and Final Draft exchange.
- ``python -m editor.fountain parse|stats|types FILE``: the command line.
"""
