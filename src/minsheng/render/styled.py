"""Styled text without rich: what ``status`` shows, written as plain text when piped and
turned into rich renderables only for a terminal.

Piped, rich prints no colour and no control codes, so the output is the text itself, laid
out at a known width. :func:`plain` writes those same bytes without importing rich (its
console, tables and text cost more than the rest of a warm run's start); it declines, and
the caller prints through rich, whenever it could not be sure of writing rich's bytes: a
line wider than the screen (rich would wrap it), or a character whose width rich measures
otherwise than :func:`~minsheng.text.fmt.display_width` (combining marks, zero-width
characters, newer wide symbols).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from ..text import fmt

if TYPE_CHECKING:
    from rich.console import Group
    from rich.text import Text

# What rich's Text removes from any text it is given (bell, backspace, VT, FF, CR).
_STRIPPED = dict.fromkeys((7, 8, 11, 12, 13))

# The characters whose width rich (cell_len) and fmt.display_width agree on, for every one of
# them (tests/test_plain_output.py checks each): the scripts and symbols a county's list is
# written in. Anything else in a piped view hands the writing back to rich.
_MEASURED = re.compile(
    "[^\n\x20-\x7e\xa0-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u038a\u038c\u038e-\u03a1"
    "\u03a3-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u2070-\u2071\u2074-\u208e"
    "\u2090-\u209c\u20a0-\u20c0\u2100-\u218b\u2190-\u23ff\u2460-\u262f\u2638-\u2689"
    "\u2690-\u27bf\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3000-\u3029\u3030-\u303f"
    "\u3041-\u3096\u309b-\u30ff\u3105-\u312f\u31c0-\u31e5\u31ef\u3200-\u321e\u3220-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff9f\uffa1-\uffbe\uffc2-\uffc7"
    "\uffca-\uffcf\uffd2-\uffd7\uffda-\uffdc\uffe0-\uffe6\uffe8-\uffee]"
)


def measured(text: str) -> bool:
    """Whether every character of ``text`` is one whose width rich measures as we do."""
    return _MEASURED.search(text) is None


def fits(line: str, width: int) -> bool:
    """Whether rich would print ``line`` as it is within ``width`` columns."""
    return measured(line) and fmt.display_width(line) <= width


class Block(Protocol):
    """A part of a view: writes itself as plain text ``width`` columns wide, or None."""

    def as_plain(self, width: int) -> str | None: ...


class Styled:
    """Text with styles (rich style names) on its parts; rich's ``Text`` made of the same
    steps when printed to a terminal."""

    __slots__ = ("_plain", "parts", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self.parts: list[tuple[str, str] | Styled] = [(text.translate(_STRIPPED), "")]
        self._plain: str | None = None

    @property
    def plain(self) -> str:
        if self._plain is None:
            self._plain = "".join(p[0] if isinstance(p, tuple) else p.plain for p in self.parts)
        return self._plain

    def append(self, text: str, style: str = "") -> Styled:
        self.parts.append((text.translate(_STRIPPED), style))
        self._plain = None
        return self

    def append_text(self, text: Styled) -> Styled:
        self.parts.append(text)
        self._plain = None
        return self

    def to_rich(self) -> Text:
        """The rich ``Text`` built by the same steps (spans in the same order)."""
        from rich.text import Text

        first, *rest = self.parts
        assert isinstance(first, tuple)
        text = Text(first[0], style=self.style)
        for part in rest:
            if isinstance(part, Styled):
                text.append_text(part.to_rich())
            else:
                text.append(part[0], style=part[1] or None)
        return text

    def __rich__(self) -> Text:
        return self.to_rich()

    def as_plain(self, width: int) -> str | None:
        """As rich prints it: each line as it is, a line break after the last."""
        lines = self.plain.split("\n")
        if not all(fits(line, width) for line in lines):
            return None  # rich would wrap it
        return "\n".join(lines) + "\n"


def literal(value: object, style: str = "") -> Styled:
    """Data as literal text: control and bidi characters are shown, not obeyed."""
    return Styled(fmt.printable(str(value)), style)


class Stack:
    """Parts shown one under the other (rich's ``Group``)."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Block) -> None:
        self.parts: Sequence[Block] = parts

    def __rich__(self) -> Group:
        from rich.console import Group

        return Group(*self.parts)  # type: ignore[arg-type]  # each part is rich-castable

    def as_plain(self, width: int) -> str | None:
        return joined(part.as_plain(width) for part in self.parts)


def joined(pieces: Iterable[str | None]) -> str | None:
    """The pieces one after the other, or None when one of them could not be written."""
    out = []
    for piece in pieces:
        if piece is None:
            return None
        out.append(piece)
    return "".join(out)


def plain(view: object, width: int) -> str | None:
    """``view`` as rich prints it without colour at ``width`` columns; None when only rich
    can say (a renderable of rich's own, a line to wrap, a character measured otherwise)."""
    writer = getattr(view, "as_plain", None)
    return writer(width) if writer is not None else None
