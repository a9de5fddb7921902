"""Command-line interface: each command parses options, calls the core, prints, returns a code."""

from . import assess_cmd, check, deadlines_cmd, new_report, schema_cmd, status  # noqa: F401  (registers the commands)
from .app import app, main

__all__ = ["app", "main"]
