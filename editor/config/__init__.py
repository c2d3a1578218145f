"""App-wide configuration: the typed settings object, colour themes, bundled fonts and icons."""
