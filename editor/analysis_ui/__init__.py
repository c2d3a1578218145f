"""Qt side of script analysis: the Reports window, Find by Meaning, Scenes Like This."""
