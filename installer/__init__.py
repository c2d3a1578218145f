"""Platform bundles: ``python installer/build.py linux|windows|macos`` (see installer/README.md)."""
