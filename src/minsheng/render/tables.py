"""Tables laid out for the screen they are shown on: names break only where they may.

Rich would wrap a Chinese cell anywhere, so a narrow terminal turns 县供销社 into 县供 /
销社 and a project name into a column of single characters. A :class:`FittedTable` is
measured when it is printed: columns take the width their content needs; names (the
``wrap`` columns) break only at punctuation and spaces (:func:`~minsheng.text.fmt.wrap_name`);
when even that does not fit, the least needed columns are left out.

Piped, :meth:`FittedTable.as_plain` writes the table as rich would, without rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, TypeAlias

from ..records import frozen
from ..text import fmt
from .styled import Styled, fits, joined

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table
    from rich.text import Text

Justify = Literal["left", "center", "right"]
Cell: TypeAlias = "str | Styled | Text"


@frozen
class Column:
    """A column: ``wrap`` for names that may break (at punctuation only); ``drop`` > 0 for
    one that may be left out on a narrow screen, the highest number first."""

    name: str
    justify: Justify = "left"
    wrap: bool = False
    drop: int = 0


def _lines(cell: Cell) -> list[str]:
    return (cell if isinstance(cell, str) else cell.plain).split("\n")


def _width(cell: Cell) -> int:
    return max(fmt.display_width(line) for line in _lines(cell))


def _narrowest(cell: Cell) -> int:
    """The width below which a name would have to break inside a part."""
    parts = [p.rstrip() for line in _lines(cell) for p in fmt.name_parts(line)]
    return max((fmt.display_width(p) for p in parts if p), default=0)


def _overhead(columns: int) -> int:
    return 3 * columns + 1  # a border between and around the columns, a space either side


class FittedTable:
    """A rich table that chooses its columns and widths for the width it is printed at."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        title: str | None = None,
    ) -> None:
        self.columns = tuple(columns)
        self.rows = [tuple(row) for row in rows]
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)

    def widths(self, width: int) -> tuple[list[int], list[int]]:
        """(indices of the columns kept, their widths) for a screen ``width`` columns wide."""
        kept = list(range(len(self.columns)))
        natural = [self._natural(i) for i in kept]
        least = [self._least(i) for i in kept]
        while True:
            room = width - _overhead(len(kept))
            if sum(natural[i] for i in kept) <= room:
                return kept, [natural[i] for i in kept]
            if sum(least[i] for i in kept) <= room:
                return kept, _shrink(kept, natural, least, room, self.columns)
            droppable = [i for i in kept if self.columns[i].drop]
            if not droppable:
                return kept, _squeeze(kept, natural, least, room, self.columns)
            kept.remove(max(droppable, key=lambda i: (self.columns[i].drop, i)))

    def _natural(self, index: int) -> int:
        cells = [row[index] for row in self.rows]
        return max([fmt.display_width(self.columns[index].name), *map(_width, cells)])

    def _least(self, index: int) -> int:
        column = self.columns[index]
        if not column.wrap:
            return self._natural(index)
        cells = [row[index] for row in self.rows]
        return max([fmt.display_width(column.name), *map(_narrowest, cells)])

    def table(self, width: int) -> Table:
        from rich.table import Table

        kept, widths = self.widths(width)
        table = Table(
            header_style="bold", title=self.title, title_justify="left", title_style="bold"
        )
        for i, size in zip(kept, widths, strict=True):
            column = self.columns[i]
            table.add_column(
                column.name, justify=column.justify, width=size, no_wrap=True, overflow="fold"
            )
        for row in self.rows:
            table.add_row(
                *(self._cell(row[i], size, i) for i, size in zip(kept, widths, strict=True))
            )
        return table

    def _cell(self, cell: Cell, width: int, index: int) -> str | Text:
        from rich.text import Text

        if isinstance(cell, Styled):
            cell = cell.to_rich()
        if not self.columns[index].wrap:
            return cell
        text = cell if isinstance(cell, Text) else Text(cell)
        return _broken(text, _wrapped(text.plain, width))

    def as_plain(self, width: int) -> str | None:
        """What rich prints for :meth:`table` at ``width`` without colour (heavy head box,
        padding 1, left title), or None where rich would have to shrink or wrap."""
        kept, widths = self.widths(width)
        if sum(widths) + _overhead(len(kept)) > width:
            return None  # rich would narrow the columns further
        columns = [self.columns[i] for i in kept]
        header = [_markup_lines(c.name) for c in columns]
        rows = [
            [self._plain_cell(row[i], size, i) for i, size in zip(kept, widths, strict=True)]
            for row in self.rows
        ]
        title = _markup_lines(self.title) if self.title else []
        if None in header or any(None in row for row in rows) or title is None:
            return None
        full = sum(widths) + _overhead(len(kept))
        if not all(fits(line, full) for line in title):
            return None  # rich would wrap the title
        justify = [c.justify for c in columns]
        body = [_row(cells, widths, justify, "│") for cells in rows]  # type: ignore[arg-type]
        return joined(
            [
                *(line + " " * (full - fmt.display_width(line)) + "\n" for line in title),
                _rule("┏", "━", "┳", "┓", widths),
                _row(header, widths, justify, "┃"),  # type: ignore[arg-type]
                _rule("┡", "━", "╇", "┩", widths),
                *body,
                _rule("└", "─", "┴", "┘", widths),
            ]
        )

    def _plain_cell(self, cell: Cell, width: int, index: int) -> list[str] | None:
        """The cell's lines as :meth:`_cell` hands them to rich; None for what rich would
        read as markup (a plain ``str`` in a column that does not wrap)."""
        if not isinstance(cell, str | Styled):
            return None  # rich's own text: rich prints it
        if not self.columns[index].wrap:
            return _markup_lines(cell) if isinstance(cell, str) else cell.plain.split("\n")
        text = Styled(cell).plain if isinstance(cell, str) else cell.plain
        lines = _wrapped(text, width)
        return lines if _rejoins(text, lines) else text.split("\n")


def _wrapped(text: str, width: int) -> list[str]:
    """A name's lines at ``width``: at punctuation, or between characters when too narrow."""
    lines = fmt.wrap_name(text, width)
    if any(fmt.display_width(line) > width for line in lines):
        lines = fmt.wrap(text, width)  # too narrow a screen: break between characters
    return lines


def _markup_lines(text: str) -> list[str] | None:
    """A plain ``str`` rich reads as markup and emoji codes: its lines when it holds none."""
    return None if "[" in text or ":" in text else Styled(text).plain.split("\n")


def _rule(left: str, line: str, cross: str, right: str, widths: Sequence[int]) -> str:
    return left + cross.join(line * (w + 2) for w in widths) + right + "\n"


def _row(
    cells: Sequence[list[str]], widths: Sequence[int], justify: Sequence[Justify], edge: str
) -> str | None:
    """A row of cells, each padded to its column (and the row's height), between edges."""
    height = max(len(lines) for lines in cells)
    out = []
    for n in range(height):
        parts = []
        for lines, width, how in zip(cells, widths, justify, strict=True):
            line = lines[n] if n < len(lines) else ""
            if not fits(line, width):
                return None  # rich would cut or fold it
            parts.append(_justified(line, width, how))
        out.append(edge + edge.join(f" {p} " for p in parts) + edge + "\n")
    return "".join(out)


def _justified(line: str, width: int, justify: Justify) -> str:
    """rich's ``Lines.justify``: left pads the line as it is; centre and right strip the
    trailing spaces first."""
    if justify == "left":
        return line + " " * (width - fmt.display_width(line))
    line = line.rstrip()
    room = width - fmt.display_width(line)
    if justify == "right":
        return " " * room + line
    return " " * (room // 2) + line + " " * (room - room // 2)


def _rejoins(text: str, lines: list[str]) -> bool:
    """Whether ``lines`` are ``text`` cut in order (what :func:`_broken` can style)."""
    at = 0
    for line in lines:
        start = text.find(line, at) if line else at
        if start < 0:
            return False
        at = start + len(line)
    return True


def _broken(text: Text, lines: list[str]) -> Text:
    """``text`` cut into ``lines`` (its plain text, wrapped), keeping its styles."""
    from rich.text import Text

    if not _rejoins(text.plain, lines):  # the wrapping rejoined differently: keep it whole
        return text
    pieces, at = [], 0
    for line in lines:
        start = text.plain.find(line, at) if line else at
        pieces.append(text[start : start + len(line)])
        at = start + len(line)
    return Text("\n").join(pieces)


def _squeeze(
    kept: list[int], natural: list[int], least: list[int], room: int, columns: Sequence[Column]
) -> list[int]:
    """Too narrow even for whole parts: other columns keep their width, names share the rest."""
    names = [i for i in kept if columns[i].wrap]
    left = room - sum(natural[i] for i in kept if i not in names)
    total = sum(least[i] for i in names) or 1
    share = {i: max(4, left * least[i] // total) for i in names}
    return [share[i] if i in share else natural[i] for i in kept]


def _shrink(
    kept: list[int], natural: list[int], least: list[int], room: int, columns: Sequence[Column]
) -> list[int]:
    """Narrow the name columns, the widest first, until the row fits in ``room``."""
    sizes = {i: natural[i] for i in kept}
    excess = sum(sizes.values()) - room
    while excess > 0:
        wide = [i for i in kept if columns[i].wrap and sizes[i] > least[i]]
        if not wide:
            break
        widest = max(wide, key=lambda i: (sizes[i] - least[i], -i))
        cut = min(excess, sizes[widest] - least[widest], max(1, excess // len(wide)))
        sizes[widest] -= cut
        excess -= cut
    return [sizes[i] for i in kept]
