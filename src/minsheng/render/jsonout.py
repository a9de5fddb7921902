"""JSON text for the --format json outputs: one place decides its layout."""

from __future__ import annotations

import json


def dumps(payload: object, *, pretty: bool) -> str:
    """Indented for a person at a terminal; one compact line for a pipe, a file or a program.

    The keys are the same either way. Indenting uses the json module's pure-Python encoder,
    which costs about a second on a 5000-project status; a program reading the output
    does not need it.
    """
    if pretty:
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"
