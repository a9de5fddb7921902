"""Reference documents for the Word writer: read safely, their body and placeholders.

A reference document comes from the office, or from a templates folder beside the data that
is picked up without being asked for: it is read with limits (size, entries, unpacked size),
refused when it reaches outside itself (a linked template or picture), and only its styles,
page setup, headers, footers and masthead are used.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ..text import fmt
from ..views.document import Metadata

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.xmlchemy import BaseOxmlElement


class ReferenceError(Exception):
    """The reference document cannot be used; the message says why, in Chinese."""


PLACEHOLDER_BODY = "{正文}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def placeholders(meta: Metadata) -> dict[str, str]:
    """What an office's masthead may ask for, and what goes there."""
    return {
        "{期号}": meta.issue or "",
        "{成文日期}": fmt.cn_date(meta.dated),
        "{标题}": meta.title,
        "{发文字号}": meta.doc_number or "",
        "{发文机关}": "　".join(meta.issuers),
        "{发文机关标志}": meta.mark or "",
        "{主送}": meta.recipients or "",
        "{抄送}": "，".join(meta.copies),
        "{印发机关}": meta.printer or "",
        "{印发日期}": fmt.cn_date(meta.printed) if meta.printed else "",
    }


# --- the reference document: read safely ------------------------------------------------------

MAX_REFERENCE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 200  # a zip bomb packs far more; Word's XML packs about 10×


def read_reference(path: Path) -> bytes:
    """The reference document's bytes, checked to be a sound, reasonably sized .docx."""
    try:
        if not path.is_file():
            raise ReferenceError(f"参考文档「{path}」不存在或不是文件")
        if path.stat().st_size > MAX_REFERENCE_BYTES:
            raise ReferenceError(
                f"参考文档「{path}」超过 {MAX_REFERENCE_BYTES // 1024 // 1024} MB，不像是通报的版式模板；请删去其中的图片等大文件后另存"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ReferenceError(f"无法读取参考文档「{path}」：{exc.strerror or exc}") from exc
    check_reference(data, str(path))
    return data


def check_reference(data: bytes, name: str) -> None:
    """Refuse what is not a .docx, or is one that unpacks too big or reaches outside itself."""
    if len(data) > MAX_REFERENCE_BYTES:
        raise ReferenceError(f"参考文档「{name}」超过 {MAX_REFERENCE_BYTES // 1024 // 1024} MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_entries(archive.infolist(), name)
    except zipfile.BadZipFile:
        raise ReferenceError(
            f"参考文档「{name}」不是 .docx 文件（可能是旧版 .doc、加密文档或已损坏）；请在 Word 或 WPS 中另存为 .docx"
        ) from None
    word = open_document(data, name)
    for rel in word.part.package.iter_rels():
        if rel.is_external and rel.reltype != RT.HYPERLINK:
            raise ReferenceError(
                f"参考文档「{name}」引用了外部文件（{rel.target_ref}），为安全起见不使用；请去掉链接的模板或图片后另存"
            )


def _check_entries(entries: Sequence[zipfile.ZipInfo], name: str) -> None:
    if len(entries) > MAX_ENTRIES:
        raise ReferenceError(
            f"参考文档「{name}」内含 {len(entries)} 个部件，超过上限 {MAX_ENTRIES}"
        )
    names = [e.filename for e in entries]
    if len(set(names)) != len(names):
        raise ReferenceError(f"参考文档「{name}」内有重名的部件，已损坏")
    if any(e.flag_bits & 0x1 for e in entries):
        raise ReferenceError(f"参考文档「{name}」已加密；请取消密码后另存")
    total = sum(e.file_size for e in entries)
    bomb = any(
        e.file_size > 1024 * 1024 and e.file_size > MAX_RATIO * max(e.compress_size, 1)
        for e in entries
    )
    if total > MAX_UNPACKED or bomb:
        raise ReferenceError(
            f"参考文档「{name}」解压后过大（{total // 1024 // 1024} MB），可能是恶意构造的压缩包，不使用"
        )
    if "[Content_Types].xml" not in names:  # every Office Open XML package has one
        raise ReferenceError(f"参考文档「{name}」中没有 Word 正文部件，不是 Word 文档")


def open_document(data: bytes | None, name: str = "") -> WordDocument:
    if data is None:
        word = docx.Document()
        _drop_thumbnail(word)
        return word
    try:
        return docx.Document(io.BytesIO(data))
    except (ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError) as exc:
        raise ReferenceError(
            f"参考文档「{name}」无法作为 Word 文档打开（{exc}）；请在 Word 或 WPS 中另存为 .docx（不要 .docm 或 .dotx）"
        ) from None
    except etree.LxmlError as exc:  # broken XML inside the archive
        raise ReferenceError(f"参考文档「{name}」内的 XML 已损坏（{exc}）") from None


def _drop_thumbnail(word: WordDocument) -> None:
    """python-docx's blank document carries a thumbnail of its own; an office's draft needs none."""
    rels = word.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]


_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Text that XML can hold: control characters shown as escapes (as everywhere), non-characters too."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", fmt.printable(text))


# --- the reference document's body -------------------------------------------------------------


def anchor_of(word: WordDocument) -> BaseOxmlElement | None:
    """The top-level paragraph that says only ``{正文}``."""
    for paragraph in word.paragraphs:
        if paragraph.text.strip() == PLACEHOLDER_BODY:
            return paragraph._p
    return None


def text_before(body: BaseOxmlElement, anchor: BaseOxmlElement) -> str:
    text = []
    for element in body.iterchildren():
        if element is anchor:
            break
        text += [t.text or "" for t in element.iter(qn("w:t"))]
    return "".join(text)


def body_text(body: BaseOxmlElement) -> str:
    return "".join(t.text or "" for t in body.iter(qn("w:t")))


def clear_body(body: BaseOxmlElement) -> None:
    """Drop the reference's content, keeping the last section's page setup."""
    for element in list(body.iterchildren()):
        if element.tag != qn("w:sectPr"):
            body.remove(element)


def move_before(anchor: BaseOxmlElement, elements: Sequence[BaseOxmlElement]) -> None:
    for element in elements:
        anchor.addprevious(element)


def fillable(word: WordDocument, kept: set[BaseOxmlElement]) -> Iterator[BaseOxmlElement]:
    """The reference's own parts where placeholders may stand: its masthead, headers and footers."""
    yield from (e for e in word.element.body.iterchildren() if e in kept)
    for section in word.sections:
        for part in (section.header, section.footer, section.even_page_header, section.even_page_footer,
                     section.first_page_header, section.first_page_footer):  # fmt: skip
            if not part.is_linked_to_previous:
                yield part._element


def fill_placeholders(root: BaseOxmlElement, values: dict[str, str]) -> None:
    """Replace ``{期号}`` and the like in every paragraph under ``root``, even when Word has split
    a placeholder across runs; the text takes the formatting of the run it starts in."""
    pattern = re.compile("|".join(re.escape(k) for k in values))
    for paragraph in root.iter(qn("w:p")):
        texts = [t for t in paragraph.iter(qn("w:t")) if _owner(t) is paragraph]
        _fill(texts, pattern, values)


def _owner(element: BaseOxmlElement) -> BaseOxmlElement | None:
    parent: BaseOxmlElement | None = element.getparent()
    while parent is not None and parent.tag != qn("w:p"):
        parent = parent.getparent()
    return parent


def _fill(
    texts: Sequence[BaseOxmlElement], pattern: re.Pattern[str], values: dict[str, str]
) -> None:
    pieces = [t.text or "" for t in texts]
    joined = "".join(pieces)
    matches = list(pattern.finditer(joined))
    if not matches:
        return
    owner = [i for i, piece in enumerate(pieces) for _ in piece]
    new = [""] * len(pieces)
    position = 0
    for match in matches:
        for at in range(position, match.start()):
            new[owner[at]] += joined[at]
        new[owner[match.start()]] += clean(values[match.group()])
        position = match.end()
    for at in range(position, len(joined)):
        new[owner[at]] += joined[at]
    for element, text in zip(texts, new, strict=True):
        element.text = text
        element.set(XML_SPACE, "preserve")
