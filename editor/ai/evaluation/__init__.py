"""Measuring the AI features on the shipped development set (``editor/ai/devset``).

The set is split once and for all: ``tune`` is what weights and prompts may be fitted on, ``eval``
is held out and only ever scored (the report card, ``make bench``). Nothing here is on the editor's
runtime path; the report card it produces is (:mod:`editor.ai.evaluation.card`).
"""
