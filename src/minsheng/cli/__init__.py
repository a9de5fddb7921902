"""Command-line interface: each command parses options, calls the core, prints, returns a code."""

from . import (
    assess_cmd,
    bulletin_cmd,
    check,
    deadlines_cmd,
    diff_cmd,
    export_cmd,
    history_cmd,
    new_report,
    schema_cmd,
    site_cmd,
    status,
)
from .app import app, main

__all__ = ["app", "main"]
