"""``python -m editor``: same as the ``screenwright`` command."""

from editor.cli import main

raise SystemExit(main())
