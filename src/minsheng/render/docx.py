"""Word (.docx): a 公文 (``views.document``) set after GB/T 9704, on the office's reference document if given.

The layout: A4, margins 37/35/28/26 mm, a 22 × 28 grid of 3号 仿宋; the title in 2号 小标宋;
level-1 headings 黑体, level-2 楷体; «— 1 —» page numbers; 版记 at the end. Everything is set
through named styles (正文 is Word's «Normal», the headings Word's «Heading 1–3»), so an office
re-styles the draft in Word or WPS instead of editing each paragraph.

A reference document (as pandoc takes one) lends its styles, page setup, headers and footers.
If its body holds a paragraph ``{正文}``, what stands before it is the office's own 版头 (its
placeholders such as ``{期号}``, ``{成文日期}``, ``{标题}`` filled in) and the body goes in
its place; otherwise its body is dropped and the tool's own 版头 is used.

The archive is written reproducibly: core-property dates from the as-of date, fixed entry
times, the parts in python-docx's (deterministic) order — the same data gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt, RGBColor, Twips
from lxml import etree

from ..records import frozen
from ..text import fmt
from ..views.document import (
    Align,
    Attachment,
    Block,
    Document,
    Heading,
    Metadata,
    PageBreak,
    Paragraph,
    Row,
    Signature,
    Table,
)
from .docx_reference import (
    XML_SPACE,
    anchor_of,
    body_text,
    clean,
    clear_body,
    fill_placeholders,
    fillable,
    move_before,
    open_document,
    placeholders,
    text_before,
)

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.section import Section, _Footer
    from docx.styles.style import BaseStyle
    from docx.styles.styles import Styles
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph as WordParagraph


# --- fonts, sizes and the page (GB/T 9704) ---------------------------------------------------

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"
# Where a machine lacks the office font, Word looks for its alternative name (w:altName).
FALLBACKS = {
    XIAOBIAOSONG: "宋体",
    FANGSONG: "仿宋",
    KAITI: "楷体",
    HEITI: "SimHei",
    SONGTI: "SimSun",
}

BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
SMALL_PT = 14.0  # 4号: 版记, page numbers
TABLE_PT = 10.5  # 五号: tables in the body and the attachments
LINE = Twips(579)  # 28.95 pt: 22 lines in the 225 mm of the 版心
CHAR = Pt(BODY_PT)
RED = RGBColor(0xFF, 0x00, 0x00)
PAGE = (Mm(210), Mm(297))
MARGINS = (Mm(37), Mm(35), Mm(28), Mm(26))  # top, bottom, left (订口), right
TEXT_WIDTH = Length(PAGE[0] - MARGINS[2] - MARGINS[3])  # 156 mm
CHARS_PER_LINE = 28
# 28 characters in the 156 mm line: 3号 characters set 0.2 pt closer (w:spacing, in 1/20 pt).
CONDENSE = round((TEXT_WIDTH.pt / CHARS_PER_LINE - BODY_PT) * 20)


@frozen
class StyleSpec:
    name: str
    font: str
    size: float
    base: str | None = "Normal"
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    indent_chars: int = 0
    line: Length | None = LINE
    grid: bool = True
    keep_next: bool = False
    outline: int | None = None
    color: RGBColor | None = None
    latin: str = LATIN


JUSTIFY, CENTER, LEFT = (
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
)
STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", FANGSONG, BODY_PT, base=None, align=JUSTIFY, indent_chars=2),
    StyleSpec("Title", XIAOBIAOSONG, TITLE_PT, align=CENTER, line=Pt(35), grid=False),
    StyleSpec("Heading 1", HEITI, BODY_PT, indent_chars=2, keep_next=True, outline=0),
    StyleSpec("Heading 2", KAITI, BODY_PT, indent_chars=2, keep_next=True, outline=1),
    StyleSpec("Heading 3", FANGSONG, BODY_PT, bold=True, indent_chars=2, keep_next=True, outline=2),
    StyleSpec("发文机关标志", XIAOBIAOSONG, 36, align=CENTER, line=None, grid=False, color=RED),
    StyleSpec("期号", FANGSONG, BODY_PT, align=CENTER),
    StyleSpec("发文字号", FANGSONG, BODY_PT, align=CENTER),
    StyleSpec("版头信息", FANGSONG, BODY_PT, align=LEFT),
    StyleSpec("主送机关", FANGSONG, BODY_PT, align=JUSTIFY),
    StyleSpec("附件说明", FANGSONG, BODY_PT, align=LEFT, indent_chars=2),
    StyleSpec("发文机关署名", FANGSONG, BODY_PT, align=LEFT, keep_next=True),
    StyleSpec("成文日期", FANGSONG, BODY_PT, align=LEFT),
    StyleSpec("附注", FANGSONG, BODY_PT, align=LEFT, indent_chars=2),
    StyleSpec("附件标识", HEITI, BODY_PT, align=LEFT, keep_next=True),
    StyleSpec("附件标题", XIAOBIAOSONG, TITLE_PT, align=CENTER, line=Pt(35), grid=False),
    StyleSpec("表题", HEITI, SMALL_PT, align=CENTER, line=None, grid=False, keep_next=True),
    StyleSpec("表格文字", FANGSONG, TABLE_PT, align=LEFT, line=None, grid=False),
    StyleSpec("表头", HEITI, TABLE_PT, base="表格文字", align=CENTER, line=None, grid=False),
    StyleSpec("版记", FANGSONG, SMALL_PT, align=LEFT, line=Pt(24), grid=False),
    StyleSpec("页码", SONGTI, SMALL_PT, line=None, grid=False, latin=SONGTI),
    StyleSpec(
        "样例提示", HEITI, 12, align=CENTER, line=None, grid=False, color=RGBColor(0x80, 0, 0)
    ),
)
TABLE_STYLE = "公文表格"


@frozen
class Written:
    """The .docx bytes; ``unused_placeholders``: the reference has placeholders but no ``{正文}``
    paragraph, so its body (and masthead) was dropped."""

    data: bytes
    unused_placeholders: bool


def as_docx(document: Document, reference: bytes | None = None) -> Written:
    """The document as .docx bytes; ``reference`` is a checked reference document (see ``read_reference``)."""
    word = open_document(reference)
    own = reference is None
    define_styles(word, overwrite=own)
    section = word.sections[0]
    if own:
        set_page(section, document.landscape)
        set_grid(section)
    body = word.element.body
    anchor = anchor_of(word) if not own else None
    filled = placeholders(document.meta)
    masthead_text = text_before(body, anchor) if anchor is not None else ""
    found_unused = not own and anchor is None and any(k in body_text(body) for k in filled)
    if not own and anchor is None:
        clear_body(body)
    before = set(body.iterchildren())
    writer = _Writer(word, _text_width(section))
    writer.write(document, masthead=anchor is None, title="{标题}" not in masthead_text)
    if anchor is not None:
        move_before(anchor, [e for e in body.iterchildren() if e not in before])
        body.remove(anchor)
    for root in fillable(word, before):
        fill_placeholders(root, filled)
    _page_numbers(word, own)
    if document.meta.sample_text:
        _sample_header(word, document.meta.sample_text)
    _core_properties(word, document.meta)
    _font_table(word)
    out = io.BytesIO()
    word.save(out)
    return Written(reproducible_zip(out.getvalue(), document.meta.as_of), found_unused)


# --- styles and page ---------------------------------------------------------------------------


def define_styles(word: WordDocument, overwrite: bool) -> None:
    """Our styles; with a reference document, only those it lacks (its own win)."""
    styles = word.styles
    if overwrite:
        _doc_defaults(word)
    for spec in STYLES:
        exists = spec.name in styles
        if exists and not overwrite:
            continue
        style = (
            styles[spec.name] if exists else styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        )
        _apply(style, spec, styles)
    if TABLE_STYLE not in styles:
        _table_style(word)


def _apply(style: BaseStyle, spec: StyleSpec, styles: Styles) -> None:
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        for child in element.findall(qn(tag)):
            element.remove(child)
    if spec.base is not None:
        style.base_style = styles[spec.base]  # type: ignore[attr-defined]
    style.quick_style = True
    style.hidden = False
    style.unhide_when_used = False
    _font(style, spec)
    _paragraph_format(style, spec)


def _font(style: BaseStyle, spec: StyleSpec) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = False
    if spec.color is not None:
        font.color.rgb = spec.color
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, spec.font, spec.latin)
    if spec.size == BODY_PT:
        put(rpr, _val("w:spacing", CONDENSE), RPR_ORDER)


def set_fonts(rpr: BaseOxmlElement, east_asia: str, latin: str = LATIN) -> None:
    """w:rFonts with the Chinese font on eastAsia (theme fonts removed: they would win)."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        fonts.set(qn(f"w:{attr}"), value)
    fonts.set(qn("w:hint"), "eastAsia")


def _paragraph_format(style: BaseStyle, spec: StyleSpec) -> None:
    pf = style.paragraph_format  # type: ignore[attr-defined]
    if spec.align is not None:
        pf.alignment = spec.align
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.keep_with_next = spec.keep_next
    pf.widow_control = True
    if spec.line is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = spec.line
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    ppr = style.element.get_or_add_pPr()
    indent_chars(ppr, first=spec.indent_chars)
    if not spec.grid:
        put(ppr, _on_off("w:snapToGrid", False))
    if spec.outline is not None:
        put(ppr, _val("w:outlineLvl", spec.outline))


def indent_chars(ppr: BaseOxmlElement, first: float = 0, left: float = 0, right: float = 0) -> None:
    """w:ind in characters (what Word's 「首行缩进 2 字符」 writes), with the twips beside it."""
    ind = ppr.get_or_add_ind()
    for attr, chars in (("firstLine", first), ("left", left), ("right", right)):
        ind.set(qn(f"w:{attr}"), str(round(chars * CHAR.twips)))
        ind.set(qn(f"w:{attr}Chars"), str(round(chars * 100)))


def _doc_defaults(word: WordDocument) -> None:
    """The document's defaults: the body font, and Chinese as the East Asian language."""
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    defaults.append(
        parse_xml(
            f"<w:rPrDefault {nsdecls('w')}><w:rPr>"
            f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{FANGSONG}" w:cs="{LATIN}"/>'
            f'<w:kern w:val="2"/><w:sz w:val="{round(BODY_PT * 2)}"/><w:szCs w:val="{round(BODY_PT * 2)}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        )
    )
    defaults.append(parse_xml(f"<w:pPrDefault {nsdecls('w')}><w:pPr/></w:pPrDefault>"))


def _table_style(word: WordDocument) -> None:
    style = word.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.quick_style = True
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    style.element.append(
        parse_xml(
            f'<w:tblPr {nsdecls("w")}><w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
            '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
    )


def set_page(section: Section, landscape: bool = False) -> None:
    """A4 with the 公文 margins; a wide form (landscape) turns the page, the binding edge on top."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = PAGE
        section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = (
            MARGINS
        )
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
            MARGINS
        )
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)  # the page number's 一字线 about 7 mm below the 版心
    section.gutter = Mm(0)


def set_grid(section: Section) -> None:
    """版心 of 22 lines: Word's line grid (行网格) at the body's line pitch.

    The 28 characters a line come from the body styles' character spacing (see ``CONDENSE``),
    which Word and LibreOffice both honour, rather than a character grid, which they lay out
    differently."""
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE.twips))
    sect.append(grid)


def _text_width(section: Section) -> Length:
    width = (
        (section.page_width or PAGE[0]) - (section.left_margin or 0) - (section.right_margin or 0)
    )
    return Length(width) if width > 0 else TEXT_WIDTH


# --- the body ------------------------------------------------------------------------------------


class _Writer:
    """Appends the document's paragraphs and tables to the Word body, in 公文 order."""

    def __init__(self, word: WordDocument, width: Length) -> None:
        self.word = word
        self.width = width
        self.break_before = False
        self.across = False  # the current section's pages are turned (landscape)
        self._style_ids: dict[str, str | None] = {}

    def styled(self, paragraph: WordParagraph, style: str) -> None:
        """``paragraph.style = style``, with the style's id looked up once per document.

        python-docx finds a style by name, and checks whether it is the default, by walking
        every style of the document, for each paragraph and each table cell; the styles do
        not change while the body is written, so their ids are remembered (``None`` for the
        default paragraph style, which a paragraph names by naming none, as python-docx does).
        """
        if style not in self._style_ids:
            self._style_ids[style] = self.word.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[no-untyped-call]
        paragraph._p.style = self._style_ids[style]

    def write(self, document: Document, masthead: bool, title: bool) -> None:
        meta = document.meta
        if masthead:
            self.masthead(meta)
        if title:
            self.blank()
            self.para(meta.title, "Title")
            self.blank()
        if meta.recipients:
            recipients = meta.recipients.rstrip("：:")
            self.para(f"{recipients}：", "主送机关")
        for block in document.body:
            self.block(block)
        self.attachment_list(document.attachments)
        if document.signature is not None:
            self.signature(document.signature)
        if meta.publicity:
            self.para(f"（{meta.publicity.strip('（）()')}）", "附注")
        for number, attachment in enumerate(document.attachments, start=1):
            self.attachment(attachment, number if len(document.attachments) > 1 else None)
        self.colophon(meta)

    # paragraphs

    def para(self, text: str = "", style: str = "Normal") -> WordParagraph:
        paragraph = self.word.add_paragraph()
        self.styled(paragraph, style)
        if text:
            paragraph.add_run(clean(text))
        self._pending_break(paragraph)
        return paragraph

    def blank(self, style: str = "Normal") -> WordParagraph:
        return self.para("", style)

    def _pending_break(self, paragraph: WordParagraph) -> None:
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.para(block.text, f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            paragraph = self.para()
            for run in block.runs:
                paragraph.add_run(clean(run.text)).bold = run.bold or None
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, PageBreak):
            self.break_before = True

    # 版头

    def masthead(self, meta: Metadata) -> None:
        if meta.mark is None:  # a form (汇总表, 进度表, 公示): no 版头
            return
        self.para(meta.mark, "发文机关标志")
        if meta.issue:
            self.para(meta.issue, "期号")
        if meta.doc_number:
            self.para(meta.doc_number, "发文字号")
        line = self.para("", "版头信息")
        line.add_run(clean("　".join(meta.issuers)))
        line.add_run("\t" + fmt.cn_date(meta.dated))
        line.paragraph_format.tab_stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT)
        ppr = line._p.get_or_add_pPr()
        indent_chars(ppr)
        put(ppr, _border("bottom", "thickThinSmallGap", 24, "FF0000", space=1))

    # tables

    def table(self, table: Table) -> None:
        if table.caption:
            self.para(table.caption, "表题")
        elif self.break_before:
            self.blank()
        grid = self.word.add_table(rows=0, cols=len(table.columns))
        grid.style = self.word.styles[TABLE_STYLE]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        widths = _column_widths(table, self.width)
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        for cells in table.header:
            self._row(grid, Row(cells), table, widths, header=True)
        for row in table.rows:
            self._row(grid, row, table, widths, header=False)
        _table_width(grid)

    def _row(
        self, grid: WordTable, row: Row, table: Table, widths: list[Length], header: bool
    ) -> None:
        word_row = grid.add_row()  # type: ignore[no-untyped-call]
        trpr = word_row._tr.get_or_add_trPr()
        if header:
            trpr.append(_on_off("w:cantSplit", True))
            trpr.append(_on_off("w:tblHeader", True))
        cells = word_row.cells
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
        if row.category:
            merged = cells[0].merge(cells[-1])
            self.cell_text(merged, row.cells[0], "表格文字", Align.LEFT, bold=True)
            return
        for cell, text, column in zip(cells, row.cells, table.columns, strict=True):
            align = Align.CENTER if header else column.align
            self.cell_text(cell, text, "表头" if header else "表格文字", align, bold=False)

    def cell_text(self, cell: object, text: str, style: str, align: Align, bold: bool) -> None:
        paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
        self.styled(paragraph, style)
        paragraph.alignment = _ALIGN[align]
        run = paragraph.add_run(clean(text))
        if bold:
            run.bold = True

    # after the body

    def attachment_list(self, attachments: Sequence[Attachment]) -> None:
        """附件说明: «附件：1．…», the later names aligned under the first; the last one is kept
        with the 落款, which never stands alone on a page (GB/T 9704 7.3.5)."""
        if not attachments:
            return
        self.blank()
        for number, attachment in enumerate(attachments, start=1):
            title = attachment.title if len(attachments) == 1 else f"{number}．{attachment.title}"
            paragraph = self.para(f"附件：{title}" if number == 1 else title, "附件说明")
            if number > 1:
                indent_chars(paragraph._p.get_or_add_pPr(), left=5)
        paragraph.paragraph_format.keep_with_next = True

    def signature(self, signature: Signature) -> None:
        """落款: names centred over the 成文日期 (右空四字), blank lines above for the seal."""
        for _ in range(2 if signature.seal else 1):
            self.blank("发文机关署名")
        when = fmt.cn_date(signature.dated)
        names = [clean(n) for n in signature.issuers]
        centre = _signature_centre(self.width, names, when)
        for pair in _pairs(names):
            line = self.para("", "发文机关署名")
            stops = [centre] if len(pair) == 1 else [_left_centre(centre, pair), centre]
            for stop, name in zip(stops, pair, strict=True):
                line.paragraph_format.tab_stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.CENTER)
                line.add_run("\t" + name)
        line = self.para("", "成文日期")
        line.paragraph_format.tab_stops.add_tab_stop(centre, WD_TAB_ALIGNMENT.CENTER)
        line.add_run("\t" + when)

    def attachment(self, attachment: Attachment, number: int | None) -> None:
        if attachment.landscape != self.across:
            self.turn(attachment.landscape)
        else:
            self.break_before = True
        self.para("附件" if number is None else f"附件{number}", "附件标识")
        self.blank()
        self.para(attachment.title, "附件标题")
        self.blank()
        for block in attachment.blocks:
            self.block(block)

    def turn(self, across: bool) -> None:
        """A new section from a new page, its pages turned across for a wide table (the
        binding edge's margin on top) or back upright."""
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        width, height = section.page_width or PAGE[0], section.page_height or PAGE[1]
        if (width > height) != across:
            top, bottom = section.top_margin, section.bottom_margin
            left, right = section.left_margin, section.right_margin
            section.orientation = WD_ORIENT.LANDSCAPE if across else WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = height, width
            if across:
                section.top_margin, section.bottom_margin = left, right
                section.left_margin, section.right_margin = top, bottom
            else:
                section.left_margin, section.right_margin = top, bottom
                section.top_margin, section.bottom_margin = left, right
        self.across = across
        self.width = _text_width(section)
        self.break_before = False

    def colophon(self, meta: Metadata) -> None:
        """版记: 抄送 and 印发 between a thick first and last line, a thin one between."""
        if not meta.copies and not meta.printer:
            return
        if self.across:
            self.turn(False)
        self.blank()
        thick, thin = ("single", 8), ("single", 6)
        if meta.copies:
            copies = self.para(f"抄送：{'，'.join(meta.copies)}。", "版记")
            ppr = copies._p.get_or_add_pPr()
            indent_chars(ppr, left=1, right=1)
            put(ppr, _borders(top=thick, bottom=thin))
        if meta.printer:
            printed = f"{fmt.cn_date(meta.printed)}印发" if meta.printed else ""
            line = self.para("", "版记")
            line.add_run(clean(meta.printer))
            line.add_run("\t" + printed)
            ppr = line._p.get_or_add_pPr()
            indent_chars(ppr, left=1, right=1)
            line.paragraph_format.tab_stops.add_tab_stop(
                Length(self.width - 2 * Pt(SMALL_PT)), WD_TAB_ALIGNMENT.RIGHT
            )
            put(ppr, _borders(top=None if meta.copies else thick, bottom=thick))


def _column_widths(table: Table, width: Length) -> list[Length]:
    total = sum(c.width for c in table.columns) or 1.0
    return [Length(round(width * c.width / total)) for c in table.columns]


def _table_width(grid: WordTable) -> None:
    tblpr = grid._tbl.tblPr
    for old in tblpr.findall(qn("w:tblW")):
        tblpr.remove(old)
    tblw = OxmlElement("w:tblW")
    tblw.set(qn("w:w"), "5000")
    tblw.set(qn("w:type"), "pct")
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        style.addnext(tblw)
    else:
        tblpr.insert(0, tblw)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    _reorder(tblpr, TBLPR_ORDER)


TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
)  # fmt: skip


def _reorder(element: BaseOxmlElement, order: Sequence[str]) -> None:
    """Children in schema order (Word refuses a file whose elements are out of sequence)."""
    rank = {qn(f"w:{n}"): i for i, n in enumerate(order)}
    children = sorted(element, key=lambda c: rank.get(c.tag, len(rank)))
    for child in children:
        element.append(child)


_ALIGN = {Align.LEFT: LEFT, Align.CENTER: CENTER, Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT}


def _width_chars(text: str) -> float:
    """Width in 3号 characters: Chinese characters are one, digits and Latin letters half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def _signature_centre(width: Length, names: Sequence[str], when: str) -> Length:
    """The date ends four characters from the right; a longer name moves both left, to end two from it."""
    date_w = _width_chars(when)
    name_w = max((_width_chars(n) for n in names), default=0.0)
    centre_chars = width / CHAR - 4 - date_w / 2
    if centre_chars + name_w / 2 > width / CHAR - 2:
        centre_chars = width / CHAR - 2 - name_w / 2
    return Length(round(max(centre_chars, name_w / 2) * CHAR))


def _left_centre(right: Length, pair: Sequence[str]) -> Length:
    widths = [_width_chars(n) for n in pair]
    centre = right / CHAR - (widths[0] + widths[1]) / 2 - 3
    return Length(round(max(centre, widths[0] / 2) * CHAR))


def _pairs(names: Sequence[str]) -> Iterator[Sequence[str]]:
    """联合行文: the issuers two to a line, the last line under the date."""
    start = len(names) % 2
    if start:
        yield names[:1]
    for i in range(start, len(names), 2):
        yield names[i : i + 2]


# --- XML pieces ------------------------------------------------------------------------------


def _val(tag: str, value: object) -> BaseOxmlElement:
    element = OxmlElement(tag)
    element.set(qn("w:val"), str(value))
    return element


def _on_off(tag: str, on: bool) -> BaseOxmlElement:
    element = OxmlElement(tag)
    if not on:
        element.set(qn("w:val"), "0")
    return element


def _border(
    side: str, kind: str, size: int, color: str = "000000", space: int = 1
) -> BaseOxmlElement:
    borders = OxmlElement("w:pBdr")
    borders.append(_edge(side, kind, size, color, space))
    return borders


def _edge(side: str, kind: str, size: int, color: str, space: int) -> BaseOxmlElement:
    edge = OxmlElement(f"w:{side}")
    for attr, value in (("val", kind), ("sz", size), ("space", space), ("color", color)):
        edge.set(qn(f"w:{attr}"), str(value))
    return edge


def _borders(top: tuple[str, int] | None, bottom: tuple[str, int] | None) -> BaseOxmlElement:
    borders = OxmlElement("w:pBdr")
    for side, line in (("top", top), ("bottom", bottom)):
        if line is not None:
            borders.append(_edge(side, line[0], line[1], "000000", 1))
    return borders


PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)  # fmt: skip


RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)  # fmt: skip


def put(
    parent: BaseOxmlElement, element: BaseOxmlElement, order: Sequence[str] = PPR_ORDER
) -> None:
    """Add ``element`` to a w:pPr (or, given its order, a w:rPr) in its schema place,
    replacing one of the same kind."""
    for old in parent.findall(element.tag):
        parent.remove(old)
    local = element.tag.split("}")[1]
    later = order[order.index(local) + 1 :]
    parent.insert_element_before(element, *(f"w:{n}" for n in later))


# --- headers, footers, properties, fonts -----------------------------------------------------------


def _page_numbers(word: WordDocument, own: bool) -> None:
    """«— 1 —» at the foot: odd pages on the right, even pages on the left, one character in.

    A reference document's own footer stays; one without gets the number centred (its
    headers are not split into odd and even pages behind its back)."""
    section = word.sections[0]
    if own:
        word.settings.odd_and_even_pages_header_footer = True
        _page_number(word, section.footer, WD_ALIGN_PARAGRAPH.RIGHT, right=SMALL_PT / BODY_PT)
        _page_number(word, section.even_page_footer, LEFT, left=SMALL_PT / BODY_PT)
    elif section.footer.is_linked_to_previous:
        _page_number(word, section.footer, CENTER)


def _page_number(
    word: WordDocument,
    footer: _Footer,
    align: WD_ALIGN_PARAGRAPH,
    left: float = 0,
    right: float = 0,
) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = word.styles["页码"]
    paragraph.alignment = align
    indent_chars(paragraph._p.get_or_add_pPr(), left=left, right=right)
    paragraph.add_run("— ")
    _page_field(paragraph)
    paragraph.add_run(" —")


def _page_field(paragraph: WordParagraph) -> None:
    """The PAGE field, showing «1» until Word or WPS updates it."""
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = " PAGE "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")
    paragraph.add_run("1")
    _field_char(paragraph, "end")


def _field_char(paragraph: WordParagraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _sample_header(word: WordDocument, text: str) -> None:
    """Sample data says so at the top of every page, whatever the reference's header holds."""
    section = word.sections[0]
    parts = [section.header]
    if word.settings.odd_and_even_pages_header_footer:
        parts.append(section.even_page_header)
    for header in parts:
        header.is_linked_to_previous = False
        paragraph = header.add_paragraph(clean(text))
        paragraph.style = word.styles["样例提示"]


def _core_properties(word: WordDocument, meta: Metadata) -> None:
    props = word.core_properties
    moment = datetime(meta.as_of.year, meta.as_of.month, meta.as_of.day)
    props.title = clean(meta.title)
    props.subject = clean(meta.mark or meta.title)
    props.author = clean("、".join(meta.issuers))
    props.last_modified_by = ""
    props.comments = clean(meta.sample_text or "")
    props.keywords = ""
    props.category = "公文草稿"
    props.revision = 1
    props.created = moment
    props.modified = moment


def _font_table(word: WordDocument) -> None:
    """Name the office fonts in the font table, each with the alternative Word falls back on."""
    try:
        part = word.part.part_related_by(RT.FONT_TABLE)
    except KeyError:  # a reference document without one: Word builds it on saving
        return
    table = parse_xml(part.blob)
    present = {f.get(qn("w:name")) for f in table.findall(qn("w:font"))}
    for name, alternative in FALLBACKS.items():
        if name in present:
            continue
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def reproducible_zip(data: bytes, day: date) -> bytes:
    """The same archive with fixed entry times and attributes, so equal content gives equal bytes."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
