"""Command-line interface: each command parses options, calls the core, prints, returns a code.

Each command lives in its own module, imported only when the command runs (``app.COMMANDS``).
"""

from .app import app, main

__all__ = ["app", "main"]
