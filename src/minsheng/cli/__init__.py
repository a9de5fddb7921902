"""Command-line interface: each command parses options, calls the core, prints, returns a code."""

from . import (
    assess,
    bulletin,
    check,
    deadlines,
    diff,
    duban,
    export,
    history,
    import_workbooks,
    init,
    new_duban,
    new_report,
    new_year,
    schema,
    serve,
    site,
    status,
)
from .app import app, main

__all__ = ["app", "main"]
