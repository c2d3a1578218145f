"""Files and saving: the save queue, backups, save errors in plain words, and the encoding dialog."""
