"""公文: a format-neutral document (metadata, body blocks, 附件, 落款) that the Word writer renders.

Plain frozen dataclasses of strings and dates: what the document says and in which order,
never how it is set (fonts, sizes and margins belong to the writer, after GB/T 9704).
Headings carry their own numbering («一、», «（一）»), as offices write it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ..records import frozen


@frozen
class Run:
    """A piece of a paragraph's text, bold or not."""

    text: str
    bold: bool = False


@frozen
class Paragraph:
    """A body paragraph (正文), first line indented two characters."""

    runs: tuple[Run, ...]

    @classmethod
    def of(cls, *parts: str | Run) -> Paragraph:
        """A paragraph from strings (plain) and runs (as given)."""
        return cls(tuple(Run(p) if isinstance(p, str) else p for p in parts))

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def kind(self) -> str:
        """What a template tells blocks apart by: paragraph, heading, table, page_break."""
        return "paragraph"


@frozen
class Heading:
    """结构层次序数: level 1 «一、» (黑体), level 2 «（一）» (楷体), level 3 «1.» (仿宋加粗)."""

    level: int
    text: str

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level {self.level} is not 1, 2 or 3")

    @property
    def kind(self) -> str:
        return "heading"


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@frozen
class Column:
    """A table column: its share of the table's width (relative) and how its cells align."""

    width: float = 1.0
    align: Align = Align.LEFT


@frozen
class Row:
    """A table row; a ``category`` row is one cell across the whole table (分类标题行)."""

    cells: tuple[str, ...]
    category: bool = False


@frozen
class Table:
    """A table whose header rows repeat at the top of every page it runs onto."""

    columns: tuple[Column, ...]
    header: tuple[tuple[str, ...], ...]
    rows: tuple[Row, ...]
    caption: str | None = None

    def __post_init__(self) -> None:
        width = len(self.columns)
        for cells in (*self.header, *(r.cells for r in self.rows if not r.category)):
            if len(cells) != width:
                raise ValueError(f"a row of {len(cells)} cells in a table of {width} columns")
        if any(r.category and len(r.cells) != 1 for r in self.rows):
            raise ValueError("a category row has exactly one cell")

    @property
    def kind(self) -> str:
        return "table"


@frozen
class PageBreak:
    """Start the next block on a new page."""

    @property
    def kind(self) -> str:
        return "page_break"


Block = Heading | Paragraph | Table | PageBreak


@frozen
class Attachment:
    """附件: set on its own pages after the 落款, marked «附件1», with its own title;
    ``landscape``: on pages turned across, for a wide table."""

    title: str
    blocks: tuple[Block, ...]
    landscape: bool = False


@frozen
class Signature:
    """落款: the issuers' names (发文机关署名) over the 成文日期, with room above for the seal."""

    issuers: tuple[str, ...]
    dated: date
    seal: bool = True


@frozen
class Metadata:
    """What the 版头, the title block and the 版记 say; ``dated`` is the 成文日期, ``as_of`` the
    statistics date (the file's own dates are set from it).

    ``mark`` is the 发文机关标志 («重点民生实事工作通报»; none for a form such as the
    进展汇总表, which has no 版头), ``issue`` the 期号 line
    («2022年第2期»), ``doc_number`` the 发文字号; ``recipients`` is the 主送 line,
    ``copies`` the 抄送 list, ``printer`` and ``printed`` the 印发机关 and 印发日期;
    ``publicity`` the 公开属性 («此件公开发布»). ``sample_text`` («【样例数据】…») marks a
    document built from sample data, in plain sight on every page.
    """

    title: str
    mark: str | None
    issuers: tuple[str, ...]
    dated: date
    as_of: date
    issue: str | None = None
    doc_number: str | None = None
    recipients: str | None = None
    copies: tuple[str, ...] = ()
    printer: str | None = None
    printed: date | None = None
    publicity: str | None = None
    sample_text: str | None = None

    @property
    def sample(self) -> bool:
        return self.sample_text is not None


@frozen
class Document:
    """A whole 公文: 版头 and title (from ``meta``), body, 落款, 附件, 版记.

    ``kind`` names what it is (tongbao, table, progress, public, assessment) for a layout
    that wants to tell them apart; ``landscape`` sets the pages across (a wide form)."""

    meta: Metadata
    body: tuple[Block, ...]
    signature: Signature | None
    attachments: tuple[Attachment, ...] = ()
    kind: str = "tongbao"
    landscape: bool = False

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The body and every attachment's blocks, in order (what a reader reads)."""
        return (*self.body, *(b for a in self.attachments for b in a.blocks))
